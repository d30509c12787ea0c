"""A live reference written with `ksui set comment` follows the figure into every export."""

from __future__ import annotations

import json

from tests.cli.conftest import Run


def test_a_reference_follows_the_figure(run: Run) -> None:
    text = "Överskottet på {resultat:Ekonomi:mkr} kom av förseningar."
    assert run("set", "comment", "Ekonomi", text).exit_code == 0
    assert "Överskottet på 2,6 mkr kom av förseningar." in run("export", "markdown").stdout.replace(
        "\xa0", " "
    )
    rows = {r["name"]: r for r in json.loads(run("drift", "--format", "json").stdout)["units"]}
    assert rows["Ekonomi"]["comment"] == "Överskottet på 2,6 mkr kom av förseningar."
    assert run("set", "drift", "Ekonomi", "budget", "46 474").exit_code == 0
    assert "Överskottet på 3,6 mkr kom av förseningar." in run("export", "markdown").stdout.replace(
        "\xa0", " "
    )
    # What is stored (and what `set` echoes as the old value) is the reference itself.
    again = run("set", "comment", "Ekonomi", "Ny text.")
    assert "»Överskottet på {resultat:Ekonomi:mkr} kom av förseningar.«" in again.stdout
