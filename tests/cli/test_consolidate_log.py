"""`ksui log --detail` on a consolidation's change set: Swedish, names not ids."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.cli.test_consolidate import KFN, kfn, kommun

__all__ = ["kfn", "kommun"]  # the fixtures, shared with test_consolidate

#: What an id or a raw audit key would look like in a line.
RAW = re.compile(r"\{|\}|\"|_id\b|\bid\b|\*")


def test_the_detail_of_a_first_consolidation_names_every_row(
    run: Run, kommun: Path, kfn: Path
) -> None:
    assert (
        run("consolidate", str(kommun), str(kfn), "--kommun", "Testkommun", db=kommun).exit_code
        == 0
    )
    shown = run("log", "--detail", "1", db=kommun)
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("Ändring nr 1 · ")
    assert lines[1] == "Konsolidering: 1 nämnd från kfn.sqlite"
    body = lines[2:]
    # A field per line; a text too long for its line follows on the next, quoted.
    assert body and all(line.startswith(("• ", "»")) for line in body)
    assert not [line for line in body if RAW.search(line)]
    assert f"• Enhet {KFN}: förälder – → Testkommun" in body
    assert "• Enhet Idrott: förälder – → Kontoret" in body
    assert f"• Konsolideringen av {KFN}: kommunfilens ändring – → 1" in body
    source = next(n for n, line in enumerate(body) if ": källfil – → " in line)
    assert (body[source] + body[source + 1]).startswith(f"• Konsolideringen av {KFN}: källfil")
    assert "»/" in body[source] + body[source + 1]  # the source's path, quoted
    # One line per field of the rows the nämnd brought with names of their own; its
    # figures came with its units and are not listed one by one.
    figures = sqlite3.connect(kommun).execute("SELECT count(*) FROM drift_figure").fetchone()[0]
    assert figures > 0
    assert not [line for line in body if line.startswith(("• Utfall", "• Budget", "• Prognos"))]


@pytest.fixture
def one_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every consolidation at one moment: two runs a second apart (a loaded machine) would
    also change when the nämnd was consolidated, a third change the test does not count."""

    class Moment(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Moment:
            return cls(2026, 11, 30, 10, 15, tzinfo=UTC)

    monkeypatch.setattr("ksui.store.consolidate.datetime", Moment)


@pytest.mark.usefixtures("one_moment")
def test_the_detail_of_a_reconsolidation_shows_each_changed_figure(
    run: Run, kommun: Path, kfn: Path
) -> None:
    assert (
        run("consolidate", str(kommun), str(kfn), "--kommun", "Testkommun", db=kommun).exit_code
        == 0
    )
    with sqlite3.connect(kfn) as conn:
        conn.execute(
            "UPDATE drift_figure SET amount = amount + 100000 WHERE measure = 'actual'"
            " AND period = 'bokslut' AND unit_id = (SELECT id FROM unit WHERE name = 'Idrott')"
        )
    again = run("consolidate", str(kommun), str(kfn), "--kommun", "Testkommun", db=kommun)
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines()[0] == f"{KFN}: konsoliderad (2 ändringar)."
    shown = run("log", "--detail", "2", db=kommun)
    assert shown.exit_code == 0, shown.stderr
    body = shown.stdout.splitlines()[2:]
    assert not [line for line in body if RAW.search(line)]
    assert len(body) == 2
    assert body[0].startswith("• Utfall för Idrott, 2017 bokslut: ")
    assert " tkr → " in body[0]
    assert body[1] == f"• Konsolideringen av {KFN}: kommunfilens ändring 1 → 2"
