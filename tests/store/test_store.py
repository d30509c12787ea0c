"""The store: migrations, the audited write path, undo and redo, demo creation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ksui.store import SchemaError, StaleValueError, Store, StoreError, read, writes
from ksui.store.db import latest_version
from ksui.store.demo import create_database
from ksui.store.undo import revert


def audit_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]


def test_new_database_is_migrated_with_pragmas(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.sqlite", create=True)
    assert store.version == latest_version()
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Store(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    with pytest.raises(SchemaError, match="uppdatera ksui"):
        Store(path)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(SchemaError, match="ingen ksui-databas"):
        Store(path)


def test_every_write_leaves_an_audit_row(store: Store) -> None:
    unit = read.find_committee(store, None)
    before = audit_count(store)
    cs = writes.set_drift(store, unit.id, 2018, "bokslut", "budget", 123)
    rows = store.changes(cs)
    assert audit_count(store) > before
    change = next(c for c in rows if c.field == "amount")
    assert (change.old, change.new, change.table) == (None, 123, "drift_figure")
    assert change.user and change.at
    writes.set_drift(store, unit.id, 2018, "bokslut", "budget", 456)
    last = store.changes(store.changesets(1)[0]["id"])
    assert [(c.field, c.old, c.new) for c in last] == [("amount", 123, 456)]


def test_all_write_helpers_audit(store: Store) -> None:
    from ksui.core.models import Assessment

    committee = read.find_committee(store, None)
    area = store.conn.execute("SELECT id FROM goal_area LIMIT 1").fetchone()[0]
    goal = store.conn.execute("SELECT id FROM goal LIMIT 1").fetchone()[0]
    project = store.conn.execute("SELECT id FROM investment_project LIMIT 1").fetchone()[0]
    category = store.conn.execute("SELECT id FROM investment_category LIMIT 1").fetchone()[0]
    calls = [
        lambda: writes.set_comment(store, "unit", committee.id, 2017, "Förklaring"),
        lambda: writes.set_assessment(store, "goal", goal, 2017, "bokslut", Assessment.BRISTER),
        lambda: writes.set_geh(store, committee.id, 2017, "bokslut", "ekonomi", Assessment.OK),
        lambda: writes.set_investment(store, project, 2017, "spent", 1),
        lambda: writes.set_field(store, "goal", goal, "followup", "Ny uppföljning"),
        lambda: writes.add_unit(store, committee.id, "Ny enhet"),
        lambda: writes.add_project(store, category, "Nytt projekt", 2017),
        lambda: writes.add_goal(store, area, "Nytt mål"),
        lambda: writes.add_indicator(store, goal, "Ny indikator"),
        lambda: writes.set_sick_rate(
            store, committee.id, "total", "totalt", "Totalt", 2018, "namnd", "4.10"
        ),
    ]
    for call in calls:
        before = audit_count(store)
        call()
        assert audit_count(store) > before


def test_failed_transaction_leaves_nothing(store: Store) -> None:
    before = store.conn.execute("SELECT count(*) FROM drift_figure").fetchone()[0]
    audits = audit_count(store)
    with pytest.raises(RuntimeError), store.transaction("halvfärdig") as tx:
        tx.upsert(
            "drift_figure",
            {"unit_id": 3, "year": 2030, "period": "bokslut", "measure": "budget"},
            {"amount": 1},
        )
        raise RuntimeError("avbrott")
    assert store.conn.execute("SELECT count(*) FROM drift_figure").fetchone()[0] == before
    assert audit_count(store) == audits


def test_stale_edit_is_refused(store: Store) -> None:
    unit = store.conn.execute("SELECT id FROM unit WHERE name = 'HR'").fetchone()[0]
    writes.set_drift(store, unit, 2017, "bokslut", "actual", 1, expect=38_698 * 100_000)
    with pytest.raises(StaleValueError):
        writes.set_drift(store, unit, 2017, "bokslut", "actual", 2, expect=38_698 * 100_000)


def test_undo_and_redo(store: Store) -> None:
    hr = store.conn.execute("SELECT id FROM unit WHERE name = 'HR'").fetchone()[0]

    def actual() -> int | None:
        row = store.conn.execute(
            "SELECT amount FROM drift_figure WHERE unit_id = ? AND year = 2017 AND"
            " period = 'bokslut' AND measure = 'actual'",
            (hr,),
        ).fetchone()
        return row[0] if row else None

    original = actual()
    cs = writes.set_drift(store, hr, 2017, "bokslut", "actual", 5)
    assert actual() == 5
    undo = revert(store, cs, "Ångra")
    assert actual() == original
    revert(store, undo, "Gör om")
    assert actual() == 5


def test_delete_unit_and_undo_restores_everything(store: Store) -> None:
    hr = store.conn.execute("SELECT id FROM unit WHERE name = 'HR'").fetchone()[0]
    figures = store.conn.execute("SELECT * FROM drift_figure WHERE unit_id = ?", (hr,)).fetchall()
    comments = store.conn.execute(
        "SELECT * FROM comment WHERE entity_id = ? AND entity = 'unit'", (hr,)
    ).fetchall()
    cs = writes.delete_unit(store, hr)
    assert store.conn.execute("SELECT count(*) FROM unit WHERE id = ?", (hr,)).fetchone()[0] == 0
    revert(store, cs, "Ångra")
    assert (
        store.conn.execute("SELECT * FROM drift_figure WHERE unit_id = ?", (hr,)).fetchall()
        == figures
    )
    assert (
        store.conn.execute(
            "SELECT * FROM comment WHERE entity_id = ? AND entity = 'unit'", (hr,)
        ).fetchall()
        == comments
    )


def test_create_database_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    create_database(path, demo=False).close()
    with pytest.raises(StoreError, match="--force"):
        create_database(path, demo=True)
    store = create_database(path, demo=True, force=True)
    assert read.committees(store)[0].name == "Kommunstyrelsen"


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="finns inte"):
        Store(tmp_path / "nope.sqlite")


def test_find_committee_messages(store: Store) -> None:
    with pytest.raises(StoreError, match="Kommunstyrelsen"):
        read.find_committee(store, "Barn- och utbildningsnämnden")
    assert read.find_committee(store, "ks").name == "Kommunstyrelsen"


def test_demo_holds_every_table(store: Store) -> None:
    for table in (
        "unit",
        "drift_figure",
        "statement_value",
        "investment_project",
        "goal",
        "indicator",
        "indicator_value",
        "goal_item",
        "sick_leave",
        "geh_assessment",
        "state_grant",
        "internal_control",
        "comment",
        "published_figure",
    ):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
