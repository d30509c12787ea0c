"""`ksui import kolada --kommun` with [kolada] jamforelse: the group's median in `ksui goals
--format json` and in the exported report's indicator tables; `ksui undo` takes it back."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ksui.core.peers import GROUP_MEDIAN_SERIES
from tests.cli.conftest import Run, dump

FILE = Path(__file__).resolve().parents[1] / "data" / "kolada_peers.json"
NAME = "Nöjd-Region-Index (NRI), Trygghet"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str | None]:
    config = tmp_path / "kolada.toml"
    config.write_text(
        f'[kolada]\n"U07414" = "{NAME}"\njamforelse = ["0114", "0138", "0181", "0186"]\n',
        encoding="utf-8",
    )
    return {"KSUI_CONFIG": str(config)}


def own_values(run: Run, env: dict[str, str | None]) -> dict[int, dict[str, object]]:
    result = run("goals", "--format", "json", env=env)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    record = next(
        i for a in doc["areas"] for g in a["goals"] for i in g["indicators"] if i["name"] == NAME
    )
    return {v["year"]: v for v in record["values"] if v["series"] == ""}


def test_import_shows_the_median_and_undo_takes_it_back(
    run: Run, env: dict[str, str | None], demo_path: Path
) -> None:
    before = dump(demo_path)
    assert own_values(run, env)[2017]["group_median"] is None
    assert "Jämförelse" not in run("goals", env=env).stdout
    result = run("import", "kolada", str(FILE), "--kommun", "0181", env=env)
    assert result.exit_code == 0, result.output
    assert "2 värden importerade för kommun 0181" in result.stdout
    assert "Värden för 4 andra kommuner sparade för jämförelse" in result.stdout
    values = own_values(run, env)
    assert Decimal(str(values[2017]["group_median"])) == Decimal("42.75")
    # `ksui goals` gains the column: goal 1 of Hållbara Södertälje, 44 against 42,75 (↑).
    table = run("goals", env=env).stdout
    assert "Jämförelse" in table and "1 av 1 bättre" in table
    assert Decimal(str(values[2016]["riket"])) == Decimal("50.2")
    report = run("export", "markdown", env=env)
    assert report.exit_code == 0, report.output
    assert f"{NAME} ({GROUP_MEDIAN_SERIES})" in report.stdout
    again = run("import", "kolada", str(FILE), "--kommun", "0181", env=env)
    assert again.exit_code == 0, again.output
    undone = run("undo", env=env)
    assert undone.exit_code == 0, undone.output
    assert own_values(run, env)[2017]["group_median"] is None
    rows = [
        line
        for line in dump(demo_path).splitlines()
        if line.startswith(('INSERT INTO "indicator_value"', 'INSERT INTO "kolada_municipality"'))
    ]
    assert rows == [
        line for line in before.splitlines() if line.startswith('INSERT INTO "indicator_value"')
    ]


def test_several_kommuner_without_kommun_is_refused(
    run: Run, env: dict[str, str | None], demo_path: Path
) -> None:
    before = dump(demo_path)
    result = run("import", "kolada", str(FILE), env=env)
    assert result.exit_code == 2
    assert "flera kommuner" in result.stderr and "--kommun" in result.stderr
    assert dump(demo_path) == before
