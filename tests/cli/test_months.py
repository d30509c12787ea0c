"""`ksui months UNIT`: twelve months of a unit as a table and as JSON in kronor."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ksui.store import Store
from tests.cli.conftest import Run
from tests.core.test_months import seed_months

KEYS = ["month", "budget", "actual", "budget_ytd", "actual_ytd", "forecast"]


@pytest.fixture
def seeded(demo_path: Path) -> Path:
    """The demo with three months of Ekonomi and HR."""
    store = Store(demo_path)
    try:
        seed_months(store)
    finally:
        store.close()
    return demo_path


def months_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("months", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return document


def test_json_has_twelve_months_in_kronor_and_null_where_missing(seeded: Path, run: Run) -> None:
    document = months_json(run, "120")
    assert document["unit"] == "Ekonomi" and document["code"] == "120"
    assert document["year"] == 2017 and document["committee"] == "Kommunstyrelsen"
    months = document["months"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert all(list(m) == KEYS for m in months)
    assert months[1] == {
        "month": 2,
        "budget": Decimal("3000000.00"),
        "actual": Decimal("3001000.00"),
        "budget_ytd": Decimal("6000000.00"),
        "actual_ytd": Decimal("6002000.00"),
        "forecast": Decimal("36500000.00"),
    }
    assert months[0]["forecast"] is None
    may = {k: None for k in KEYS} | {"month": 5, "forecast": Decimal("36500000.00")}
    assert months[4] == may
    # December: the demo's bokslut utfall, but no change without November's total.
    assert months[11]["actual_ytd"] == Decimal("42857000.00") and months[11]["actual"] is None


def test_a_parent_sums_the_units_below_it(seeded: Path, run: Run) -> None:
    by_name = months_json(run, "Kommunstyrelsens kontor")["months"]
    assert by_name[2]["actual_ytd"] == Decimal("15006000.00")
    # The helårsprognos is the drift table's at March (the units nobody forecast at budget).
    drift = json.loads(run("drift", "-p", "3", "--format", "json").stdout, parse_float=Decimal)
    kontor = next(u for u in drift["units"] if u["name"] == "Kommunstyrelsens kontor")
    assert by_name[2]["forecast"] == kontor["forecast"] > Decimal("61000000.00")
    committee = months_json(run, "KS")["months"]
    assert committee[0]["actual"] == Decimal("5002000.00")


def test_table_names_the_months_and_the_columns(seeded: Path, run: Run) -> None:
    result = run("months", "Ekonomi", "--year", "2017")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Ekonomi, månad för månad 2017 (tkr)" in out
    assert "Per.budget" in out and "Utfall ack." in out and "Prognos" in out
    januari = next(line for line in out.splitlines() if "Januari" in line)
    assert januari.split() == ["Januari", "3", "000", "3", "001", "3", "000", "3", "001", "-1"]
    assert "December" in out


def test_a_year_with_bokslut_only_has_december_alone(run: Run) -> None:
    months = months_json(run, "HR")["months"]
    assert [m["month"] for m in months if m["actual_ytd"] is not None] == [12]
    assert all(m["actual"] is None and m["budget"] is None for m in months)


def test_unknown_unit_and_year_are_refused_with_exit_2(run: Run) -> None:
    unknown = run("months", "Finns inte")
    assert unknown.exit_code == 2
    assert "okänd enhet »Finns inte«" in unknown.stderr
    year = run("months", "Ekonomi", "--year", "1999")
    assert year.exit_code == 2
    assert "inga siffror för år 1999" in year.stderr


def test_ambiguous_start_lists_the_candidates(run: Run) -> None:
    result = run("months", "Kommun")
    assert result.exit_code == 2
    assert "passar flera" in result.stderr
