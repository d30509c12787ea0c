"""`ksui check`: findings, exit codes 0/1/2, table and JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ksui.cli.main import app
from ksui.store import Store
from tests.cli.conftest import Run


@pytest.fixture
def clean_db(tmp_path: Path, run: Run) -> Path:
    """`ksui init --empty`, an organisation, and consistent figures entered with `ksui set`."""
    path = tmp_path / "clean.sqlite"
    assert run("init", "--empty", str(path)).exit_code == 0
    store = Store(path)
    with store.transaction("Organisation för test") as tx:
        kommun = tx.insert("unit", {"kind": "kommun", "name": "Testkommun"})
        namnd = tx.insert(
            "unit", {"kind": "namnd", "name": "Testnämnden", "code": "TN", "parent_id": kommun}
        )
        for position, (code, name) in enumerate([("10", "Alfa"), ("20", "Beta")]):
            tx.insert(
                "unit",
                {
                    "kind": "verksamhet",
                    "name": name,
                    "code": code,
                    "parent_id": namnd,
                    "position": position,
                },
            )
    store.close()
    for unit, measure, amount in [
        ("Alfa", "budget", "100"),
        ("Alfa", "utfall", "90"),
        ("20", "budget", "50"),
        ("20", "utfall", "55,5"),
    ]:
        result = run("set", "drift", unit, measure, amount, "--year", "2017", db=path)
        assert result.exit_code == 0, result.output
    return path


def test_demo_has_errors_and_exits_1(run: Run) -> None:
    result = run("check")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "Nämndens eget ansvar" in out and "220,1" in out and "36,0" in out
    assert "Summa intäkter" in out
    assert "✖ fel" in out
    assert " fel, " in out.splitlines()[-1]


def test_demo_check_json(run: Run) -> None:
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert doc["errors"] >= 1 and doc["tolerance"] == Decimal("1000")
    finding = next(f for f in doc["findings"] if f["row"] == "Nämndens eget ansvar")
    assert finding["kind"] == "percent"
    assert (finding["computed"], finding["reported"]) == (Decimal("36.0"), Decimal("220.1"))
    assert finding["severity"] == "fel"
    amount = next(f for f in doc["findings"] if f["kind"] == "amount")
    assert amount["computed"] == amount["computed"].quantize(Decimal("0.01"))
    assert amount["difference"] == amount["computed"] - amount["reported"]


def test_clean_database_exits_0(run: Run, clean_db: Path) -> None:
    result = run("check", db=clean_db)
    assert result.exit_code == 0, result.output
    assert "Inga avvikelser" in result.stdout
    doc = json.loads(run("check", "-f", "json", db=clean_db).stdout)
    assert doc["findings"] == [] and doc["errors"] == 0
    drift = json.loads(run("drift", "-f", "json", db=clean_db).stdout, parse_float=Decimal)
    assert drift["total"]["deviation"] == Decimal("4500.00")  # 150 − 145,5 tkr
    assert run("summary", db=clean_db).exit_code == 0
    assert run("export", "markdown", db=clean_db).exit_code == 0


def test_warnings_count_unless_errors_only(run: Run, clean_db: Path) -> None:
    store = Store(clean_db)
    namnd = store.conn.execute("SELECT id FROM unit WHERE kind = 'namnd'").fetchone()[0]
    with store.transaction("Mål utan bedömning") as tx:
        area = tx.insert("goal_area", {"committee_id": namnd, "name": "Område"})
        tx.insert("goal", {"area_id": area, "number": 1, "title": "Ett mål"})
    store.close()
    result = run("check", db=clean_db)
    assert result.exit_code == 1
    assert "! varning" in result.stdout and "saknar lägesbedömning" in result.stdout
    quiet = run("check", "--errors-only", db=clean_db)
    assert quiet.exit_code == 0, quiet.output
    assert "Inga avvikelser" in quiet.stdout


def test_check_bad_input_exits_2(run: Run) -> None:
    for args in (["--year", "2003"], ["--committee", "Okänd"], ["--period", "x"]):
        result = run("check", *args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("ksui: ")


def test_database_without_committee_exits_2(tmp_path: Path, cli_env: dict[str, str | None]) -> None:
    path = tmp_path / "empty.sqlite"
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--empty", str(path)], env=cli_env).exit_code == 0
    result = runner.invoke(app, ["--db", str(path), "check"], env=cli_env)
    assert result.exit_code == 2
    assert "ingen nämnd" in result.stderr


def test_the_result_against_the_august_forecast_is_not_flagged(run: Run) -> None:
    """The seed's "2,7 mkr sämre" than in August is right against delår's budget in force."""
    result = run("check", "--format", "json")
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert not [f for f in doc["findings"] if f["column"] == "Resultat mot prognos"]


def test_the_printed_report_is_checked_only_at_its_own_follow_up(run: Run) -> None:
    """The årsrapport's printed figures are not held against the budget in force at delår."""
    doc = json.loads(run("check", "-p", "delår", "--format", "json").stdout)
    assert not [f for f in doc["findings"] if f["table"] == "Drift"]
    bokslut = json.loads(run("check", "--format", "json").stdout)
    assert [f for f in bokslut["findings"] if f["table"] == "Drift"]
