"""The SIE import keeps each unit's figures per kostnadsslag and account (schema 7).

Checked against ``sie_reference`` (an independent reading of the file) to the öre, and
against the drift figures the same import wrote: per unit, period and measure the
accounts add up to the drift figure.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from ksui.importers.sie_import import import_sie
from ksui.importers.sie_plan import DEFAULT_ACCOUNT_LINES
from ksui.store import Store
from ksui.store.db import latest_version
from ksui.store.locks import LockedError, lock
from ksui.store.undo import revert, revert_impact
from tests.importers.sie_reference import Sums, reference_sums

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "sie-samples"
DATA = Path(__file__).resolve().parents[1] / "data"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"SIE sample files not found in {SAMPLES}"
)
#: The samples whose objects carry amounts (the others have company figures only).
WITH_UNITS = ["Test3.SE", "BL0001_typ3.SE", "SIE4_Exempelfil_med_underdim.SE"]
CostRows = dict[tuple[str, int, str, str, str], int]


def cost_rows(store: Store) -> CostRows:
    """(unit code, year, period, account, measure) -> öre, as stored."""
    rows = store.conn.execute(
        "SELECT u.code, f.year, f.period, f.account, f.measure, f.amount"
        " FROM cost_figure f JOIN unit u ON u.id = f.unit_id"
    )
    return {(c, y, p, a, m): amount for c, y, p, a, m, amount in rows}


def drift_rows(store: Store) -> dict[tuple[str, int, str, str], int]:
    rows = store.conn.execute(
        "SELECT u.code, f.year, f.period, f.measure, f.amount"
        " FROM drift_figure f JOIN unit u ON u.id = f.unit_id"
    )
    return {(c, y, p, m): amount for c, y, p, m, amount in rows}


def expected_costs(
    sums: Sums, years: dict[int, tuple[dt.date, dt.date]], written: set[tuple[int, str, str]]
) -> CostRows:
    """The reference's monthly sums as cost_figure holds them: year to date per account
    from its first month, at the (year, period, measure) the import wrote drift figures."""
    grouped: dict[tuple[str, str, str], dict[int, Decimal]] = defaultdict(dict)
    for (code, measure, period, account), amount in sums.items():
        grouped[(code, measure, account)][period] = amount
    out: CostRows = {}
    for start, end in years.values():
        label = end.year
        months = []
        y, m = start.year, start.month
        while (y, m) <= (end.year, end.month) and len(months) < 12:
            months.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        for (code, measure, account), by_month in grouped.items():
            to_date = "actual" if measure == "actual" else "budget_ytd"
            running: Decimal | None = None
            for y, m in months:
                amount = by_month.get(y * 100 + m)
                if amount is not None:
                    running = (running or Decimal(0)) + amount
                if running is not None and (label, f"m{m:02d}", to_date) in written:
                    out[(code, label, f"m{m:02d}", account, to_date)] = int(running * 100)
            if running is None:
                continue
            if measure == "actual" and (label, "bokslut", "actual") in written:
                out[(code, label, "bokslut", account, "actual")] = int(running * 100)
            if measure == "budget" and (label, "m01", "budget") in written:
                out[(code, label, "m01", account, "budget")] = int(running * 100)
    return out


def imported(tmp_path: Path, name: str) -> Store:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    import_sie(store, SAMPLES / name)
    return store


@needs_samples
@pytest.mark.parametrize("name", WITH_UNITS)
def test_the_cost_figures_equal_the_reference_reading_to_the_ore(tmp_path: Path, name: str) -> None:
    store = imported(tmp_path, name)
    sums, years = reference_sums(SAMPLES / name)
    written = {(y, p, m) for _, y, p, m in drift_rows(store)}
    stored = cost_rows(store)
    assert stored, "the sample has units with amounts"
    assert stored == expected_costs(sums, years, written)


@needs_samples
@pytest.mark.parametrize("name", WITH_UNITS)
def test_per_unit_and_month_the_accounts_add_up_to_the_drift_figure(
    tmp_path: Path, name: str
) -> None:
    """Both leave out balance accounts and the allocation lines (kommunbidrag)."""
    store = imported(tmp_path, name)
    added: dict[tuple[str, int, str, str], int] = defaultdict(int)
    for (code, year, period, _, measure), amount in cost_rows(store).items():
        added[(code, year, period, measure)] += amount
    drift = drift_rows(store)
    assert set(added) <= set(drift)
    for key, amount in drift.items():
        assert added.get(key, 0) == amount, key


@needs_samples
def test_every_row_has_the_line_of_its_account(tmp_path: Path) -> None:
    store = imported(tmp_path, "Test3.SE")
    lines = dict(store.conn.execute("SELECT DISTINCT account, line FROM cost_figure").fetchall())
    assert lines["3010"] == "avgifter"  # 30 Försäljningsintäkter
    assert lines["5010"] == "personal"
    assert all(line for line in lines.values())


@needs_samples
def test_a_reimport_writes_nothing_and_undo_takes_the_rows_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    first = import_sie(store, SAMPLES / "Test3.SE")
    before = cost_rows(store)
    again = import_sie(store, SAMPLES / "Test3.SE")
    assert again.changeset_id is None
    assert again.costs_new == again.costs_changed == again.costs_removed == 0
    assert again.costs_unchanged == len(before)
    assert first.changeset_id is not None
    undo = revert(store, first.changeset_id, "Ångra", confirmed=True)
    assert cost_rows(store) == {}
    assert undo is not None
    revert(store, undo, "Gör om", confirmed=True)
    assert cost_rows(store) == before


def _write(path: Path, rows: list[str]) -> Path:
    head = [
        "#FLAGGA 0",
        "#SIETYP 4",
        '#FNAMN "Nämnden"',
        "#GEN 20250215",
        "#RAR 0 20240101 20241231",
        '#DIM 1 "Ansvar"',
        '#OBJEKT 1 "100" "Ekonomi"',
    ]
    path.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    return path


def test_a_changed_file_replaces_the_accounts_of_a_figure(tmp_path: Path) -> None:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    rows = [f'#PSALDO 0 2024{m:02d} 5010 {{1 "100"}} 100.00' for m in range(1, 13)]
    import_sie(store, _write(tmp_path / "a.se", [*rows, '#PSALDO 0 202403 6110 {1 "100"} 5']))
    assert cost_rows(store)[("100", 2024, "m03", "6110", "actual")] == 500
    assert cost_rows(store)[("100", 2024, "bokslut", "5010", "actual")] == 120000
    result = import_sie(store, _write(tmp_path / "a.se", rows))
    assert result.costs_removed == 10 + 1  # m03..m12 and bokslut of 6110
    assert not any(key[3] == "6110" for key in cost_rows(store))
    assert cost_rows(store)[("100", 2024, "m03", "5010", "actual")] == 30000


def test_a_locked_follow_up_refuses_new_cost_figures(tmp_path: Path) -> None:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    rows = [f'#PSALDO 0 2024{m:02d} 5010 {{1 "100"}} 100.00' for m in range(1, 13)]
    result = import_sie(store, _write(tmp_path / "a.se", rows))
    lock(store, result.committee_id, 2024, "bokslut")
    with pytest.raises(LockedError), store.transaction("Ändring") as tx:
        unit = store.conn.execute("SELECT id FROM unit WHERE code = '100'").fetchone()[0]
        tx.upsert(
            "cost_figure",
            {
                "unit_id": unit,
                "year": 2024,
                "period": "m05",
                "account": "5010",
                "measure": "actual",
            },
            {"line": "personal", "amount": 1},
        )


def test_deleting_a_unit_deletes_its_cost_figures_audited(tmp_path: Path) -> None:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    assert any(child == "cost_figure" for child, _, _ in store.relations.children("unit"))
    rows = [f'#PSALDO 0 2024{m:02d} 5010 {{1 "100"}} 100.00' for m in range(1, 13)]
    import_sie(store, _write(tmp_path / "a.se", rows))
    unit = store.conn.execute("SELECT id FROM unit WHERE code = '100'").fetchone()[0]
    before = cost_rows(store)
    with store.transaction("Ta bort") as tx:
        tx.delete("unit", {"id": unit})
        changeset = tx.changeset_id
    assert cost_rows(store) == {}
    revert(store, changeset, "Ångra", confirmed=True)
    assert cost_rows(store) == before


def test_a_file_of_the_first_schema_gains_the_cost_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "ksui-schema1.sqlite", path)
    store = Store(path)
    assert store.version == latest_version() >= 7
    assert store.conn.execute("SELECT count(*) FROM cost_figure").fetchone()[0] == 0
    store.close()
    raw = sqlite3.connect(path)
    try:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(cost_figure)")]
    finally:
        raw.close()
    assert columns == ["unit_id", "year", "period", "account", "measure", "line", "amount"]


def test_the_imports_audit_names_a_row_as_an_edit_of_it_does(tmp_path: Path) -> None:
    """Undo's check of later work finds a row by its key text: bulk and Tx write the same."""
    store = Store(tmp_path / "ksui.sqlite", create=True)
    rows = [f'#PSALDO 0 2024{m:02d} 5010 {{1 "100"}} 100.00' for m in range(1, 13)]
    first = import_sie(store, _write(tmp_path / "a.se", rows))
    unit = store.conn.execute("SELECT id FROM unit WHERE code = '100'").fetchone()[0]
    with store.transaction("Ändring") as tx:
        tx.upsert(
            "cost_figure",
            {
                "year": 2024,
                "unit_id": unit,
                "measure": "actual",
                "period": "m05",
                "account": "5010",
            },
            {"line": "personal", "amount": 1},
        )
        edit = tx.changeset_id
    (key,) = store.conn.execute(
        "SELECT DISTINCT row_key FROM audit WHERE changeset_id = ?", (edit,)
    ).fetchone()
    found = store.conn.execute(
        "SELECT field, old_value, new_value FROM audit WHERE changeset_id = ? AND row_key = ?"
        " ORDER BY id",
        (first.changeset_id, key),
    ).fetchall()
    assert found == [("*", None, key), ("line", None, '"personal"'), ("amount", None, "50000")]
    assert revert_impact(store, first.changeset_id).refused  # the edit builds on the import


def _line_of(account: str) -> str:
    """The kostnadsslag by the longest Kommun-Bas prefix (the mapping is configuration data)."""
    for length in range(len(account), 0, -1):
        found = DEFAULT_ACCOUNT_LINES.get(account[:length])
        if found is not None:
            return found
    return "ovriga_intakter" if account.startswith("3") else "ovriga_kostnader"


@needs_samples
@pytest.mark.parametrize("name", WITH_UNITS)
def test_the_kostnadsslag_sums_equal_the_reference_reading(tmp_path: Path, name: str) -> None:
    store = imported(tmp_path, name)
    sums, years = reference_sums(SAMPLES / name)
    written = {(y, p, m) for _, y, p, m in drift_rows(store)}
    expected: dict[tuple[str, int, str, str, str], int] = defaultdict(int)
    for (code, year, period, account, measure), amount in expected_costs(
        sums, years, written
    ).items():
        expected[(code, year, period, measure, _line_of(account))] += amount
    stored = store.conn.execute(
        "SELECT u.code, f.year, f.period, f.measure, f.line, sum(f.amount)"
        " FROM cost_figure f JOIN unit u ON u.id = f.unit_id"
        " GROUP BY u.code, f.year, f.period, f.measure, f.line"
    ).fetchall()
    assert {(c, y, p, m, line): a for c, y, p, m, line, a in stored} == dict(expected)
