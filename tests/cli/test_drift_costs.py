"""`ksui drift UNIT --by kostnadsslag`: a unit's deviation per kostnadsslag and account."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ksui.core.costs import cost_periods
from ksui.importers.sie_import import import_sie
from ksui.store import Store, read
from tests.cli.conftest import Run, dump
from tests.store.test_scoping import add_other_committee, full_scans

SIE = """#FLAGGA 0
#SIETYP 4
#FNAMN "Socialnämnden"
#GEN 20250215
#RAR 0 20240101 20241231
#DIM 1 "Ansvar"
#OBJEKT 1 "100" "Hemtjänst"
#OBJEKT 1 "200" "Boende"
"""


def sie_rows() -> str:
    """Two units over a year: personal, lokaler and avgifter, with a monthly budget."""
    rows = []
    for month in range(1, 13):
        when = f"2024{month:02d}"
        rows += [
            f'#PSALDO 0 {when} 5010 {{1 "100"}} 1000.00',
            f'#PSALDO 0 {when} 5020 {{1 "100"}} 200.00',
            f'#PSALDO 0 {when} 6110 {{1 "100"}} 300.00',
            f'#PSALDO 0 {when} 3110 {{1 "100"}} -100.00',
            f'#PSALDO 0 {when} 5010 {{1 "200"}} 500.00',
            f'#PSALDO 0 {when} 1930 {{1 "200"}} 999.00',  # a balance account: not a cost
            f'#PBUDGET 0 {when} 5010 {{1 "100"}} 1100.00',
            f'#PBUDGET 0 {when} 6110 {{1 "100"}} 250.00',
            f'#PBUDGET 0 {when} 5010 {{1 "200"}} 500.00',
        ]
    return SIE + "\n".join(rows) + "\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "soc.sqlite"
    source = tmp_path / "soc.se"
    source.write_text(sie_rows(), encoding="utf-8")
    store = Store(path, create=True)
    try:
        import_sie(store, source)
    finally:
        store.close()
    return path


def document(run: Run, db: Path, *args: str) -> dict[str, Any]:
    result = run("drift", *args, "--by", "kostnadsslag", "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return found


def test_json_per_line_in_the_statements_order_in_kronor(db: Path, run: Run) -> None:
    doc = document(run, db, "100", "-p", "bokslut")
    assert doc["unit"] == "Hemtjänst" and doc["code"] == "100" and doc["year"] == 2024
    lines = [(r["line"], r["budget"], r["actual"], r["deviation"]) for r in doc["lines"]]
    assert lines == [
        ("avgifter", Decimal("0.00"), Decimal("-1200.00"), Decimal("1200.00")),
        ("personal", Decimal("13200.00"), Decimal("14400.00"), Decimal("-1200.00")),
        ("lokaler", Decimal("3000.00"), Decimal("3600.00"), Decimal("-600.00")),
        (None, Decimal("16200.00"), Decimal("16800.00"), Decimal("-600.00")),
    ]


def test_the_sum_is_the_units_drift_figures(db: Path, run: Run) -> None:
    for period in ("bokslut", "m05", "delar"):
        costs = document(run, db, "-p", period)  # the nämnd: both units
        drift = run("drift", "-p", period, "-f", "json", db=db)
        total = json.loads(drift.stdout, parse_float=Decimal)["total"]
        summa = costs["lines"][-1]
        assert summa["line"] is None
        assert summa["actual"] == total["actual"]
        budget = total["budget"] if period == "bokslut" else total["budget_ytd"]
        assert summa["budget"] == budget


def test_accounts_under_their_line_and_to_date_before_bokslut(db: Path, run: Run) -> None:
    doc = document(run, db, "Hemtjänst", "-p", "m03", "--accounts")
    rows = [(r["line"], r["account"], r["actual"], r["budget_year"]) for r in doc["lines"]]
    assert rows[:5] == [
        ("avgifter", None, Decimal("-300.00"), Decimal("0.00")),
        ("avgifter", "3110", Decimal("-300.00"), Decimal("0.00")),
        ("personal", None, Decimal("3600.00"), Decimal("13200.00")),
        ("personal", "5010", Decimal("3000.00"), Decimal("13200.00")),
        ("personal", "5020", Decimal("600.00"), Decimal("0.00")),
    ]
    personal = doc["lines"][2]
    assert personal["budget"] == Decimal("3300.00")  # periodiserad budget jan–mar
    assert personal["deviation"] == Decimal("-300.00")


def test_table_csv_and_markdown(db: Path, run: Run) -> None:
    table = run("drift", "100", "--by", "kostnadsslag", "-p", "m03", db=db)
    assert table.exit_code == 0, table.output
    assert "Hemtjänst per kostnadsslag, mars 2024 (tkr)" in table.stdout
    for label in ("Avgifter och taxor", "Personal", "Lokaler och anläggningar", "Summa"):
        assert label in table.stdout
    csv = run("drift", "100", "--by", "kostnadsslag", "-f", "csv", "--accounts", db=db)
    assert csv.stdout.splitlines()[0] == "name,line,account,budget,actual,deviation,budget_year"
    assert "5020,personal,5020,0.00,2400.00,-2400.00," in csv.stdout
    markdown = run("drift", "100", "--by", "kostnadsslag", "-f", "markdown", db=db)
    assert "| Kostnadsslag | Budget | Utfall | Avvikelse |" in markdown.stdout
    assert "| **Summa** |" in markdown.stdout


def test_a_unit_without_cost_figures_says_so(run: Run) -> None:
    result = run("drift", "Ekonomi", "--by", "kostnadsslag")  # the demo: no SIE import
    assert result.exit_code == 0, result.output
    assert "inga siffror per kostnadsslag" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["100", "--by", "konto"], "okänd indelning"),
        (["100"], "--by kostnadsslag"),
        (["--accounts"], "--by kostnadsslag"),
        (["999", "--by", "kostnadsslag"], "999"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    db: Path, run: Run, args: list[str], message: str
) -> None:
    before = dump(db)
    result = run("drift", *args, db=db)
    assert result.exit_code == 2
    assert message in result.output
    assert dump(db) == before


def test_the_read_stays_in_the_units_subtree(db: Path) -> None:
    store = Store(db)
    try:
        add_other_committee(store)
        committee = read.find_committee(store, "Socialnämnden")
        unit = store.conn.execute("SELECT id FROM unit WHERE code = '100'").fetchone()[0]
        for root in (committee.id, unit):
            rows: list[object] = []

            def cost_read(root: int = root, rows: list[object] = rows) -> None:
                rows.extend(read.cost_rows(store, root, 2024, cost_periods("delar")))

            assert full_scans(store, cost_read) == []
            assert rows
    finally:
        store.close()


def test_the_log_names_an_accounts_figure_in_words() -> None:
    from ksui.render.audit import where
    from ksui.store.db import Change

    key = {"unit_id": 7, "year": 2024, "period": "m05", "account": "5010", "measure": "actual"}
    change = Change(
        1, "2024-06-01T10:00:00", "kc", "Import", None, "cost_figure", key, "amount", None, 1
    )
    assert where(change, {7: "Bibliotek"}) == "Bibliotek konto 5010 utfall 2024 maj"
