"""Undo never takes away later work: dependencies, cascades, confirmation and exact redo."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.store import (
    ConfirmationNeeded,
    Store,
    StoreError,
    UndoRefused,
    locks,
    read,
    writes,
)
from ksui.store.undo import RevertImpact, revert, revert_impact

_BOOKKEEPING = {"changeset", "audit", "sqlite_sequence"}


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every data table's rows, sorted, so that undo + redo can be compared exactly."""
    tables = [
        name
        for (name,) in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        # The full-text index (schema 10) is derived by triggers: undo restores the texts,
        # and the index follows them under new rowids.
        if name not in _BOOKKEEPING and not name.startswith("search_")
    ]
    return {
        t: sorted(store.conn.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in tables
    }


def unit_id(store: Store, name: str) -> int:
    return int(store.conn.execute("SELECT id FROM unit WHERE name = ?", (name,)).fetchone()[0])


def amount(store: Store, unit: int, measure: str = "actual") -> int | None:
    row = store.conn.execute(
        "SELECT amount FROM drift_figure WHERE unit_id = ? AND year = 2017 AND"
        " period = 'bokslut' AND measure = ?",
        (unit, measure),
    ).fetchone()
    return row[0] if row else None


def test_undo_of_an_edit_overwritten_later_is_refused(store: Store) -> None:
    hr = unit_id(store, "HR")
    first = writes.set_drift(store, hr, 2017, "bokslut", "actual", 1)
    second = writes.set_drift(store, hr, 2017, "bokslut", "actual", 2)
    assert first is not None and second is not None
    impact = revert_impact(store, first)
    assert impact.blocked_by == [second] and impact.refused is not None
    assert f"nr {second}" in impact.refused
    before = snapshot(store)
    with pytest.raises(UndoRefused, match=f"nr {second}"):
        revert(store, first, "Ångra")
    assert snapshot(store) == before and amount(store, hr) == 2


def test_undo_is_allowed_once_the_later_edit_is_undone(store: Store) -> None:
    hr = unit_id(store, "HR")
    original = amount(store, hr)
    first = writes.set_drift(store, hr, 2017, "bokslut", "actual", 1)
    second = writes.set_drift(store, hr, 2017, "bokslut", "actual", 2)
    assert first is not None and second is not None
    revert(store, second, "Ångra 2")
    assert revert_impact(store, first).refused is None
    revert(store, first, "Ångra 1")
    assert amount(store, hr) == original


def test_an_undone_change_set_is_not_undone_again(store: Store) -> None:
    hr = unit_id(store, "HR")
    edit = writes.set_drift(store, hr, 2017, "bokslut", "actual", 1)
    assert edit is not None
    undo = revert(store, edit, "Ångra")
    impact = revert_impact(store, edit)
    assert impact.undone_by == undo and impact.refused and "redan ångrad" in impact.refused
    with pytest.raises(UndoRefused, match="redan ångrad"):
        revert(store, edit, "Ångra igen")
    assert amount(store, hr) != 1
    # Redo (undo the undo), then the edit is in force again and may be undone once more.
    assert undo is not None
    redo = revert(store, undo, "Gör om")
    assert amount(store, hr) == 1
    assert revert_impact(store, edit).undone_by is None
    with pytest.raises(UndoRefused, match="redan ångrad"):
        revert(store, undo, "Gör om igen")
    assert redo is not None


def test_the_demo_creation_is_not_undone_once_anything_follows(store: Store) -> None:
    first = store.conn.execute("SELECT min(id) FROM changeset").fetchone()[0]
    hr = unit_id(store, "HR")
    edit = writes.set_drift(store, hr, 2018, "bokslut", "budget", 1)
    impact = revert_impact(store, first)
    assert edit in impact.blocked_by
    with pytest.raises(UndoRefused):
        revert(store, first, "Ångra allt", confirmed=True)
    assert read.committees(store)


def test_figures_on_a_unit_added_earlier_block_its_undo(store: Store) -> None:
    committee = read.find_committee(store, None)
    written = writes.add_unit(store, committee.id, "Ny enhet")
    new_unit, added = written.row_id, written.changeset
    assert new_unit is not None and added is not None
    figure = writes.set_drift(store, new_unit, 2017, "bokslut", "actual", 7)
    comment = writes.set_comment(store, "unit", new_unit, 2017, "Ny kommentar")
    impact = revert_impact(store, added)
    assert impact.blocked_by == [figure, comment]
    before = snapshot(store)
    with pytest.raises(UndoRefused):
        revert(store, added, "Ångra", confirmed=True)
    assert snapshot(store) == before


def test_undo_of_an_import_whose_units_got_figures_later_is_refused(
    store: Store, tmp_path: Path
) -> None:
    from bench.gen_sie import generate
    from ksui.importers.sie_import import import_sie

    path = tmp_path / "liten.se"
    generate(path, rows=300, units=3, year=2017)
    result = import_sie(store, path)
    assert result.changeset_id is not None and result.units_created
    unit = unit_id(store, result.units_created[0])
    later = writes.set_drift(store, unit, 2017, "bokslut", "forecast", 5)
    impact = revert_impact(store, result.changeset_id)
    assert impact.blocked_by == [later] and impact.units_removed >= 3
    assert impact.committees_removed == 1 and impact.needs_confirmation
    before = snapshot(store)
    with pytest.raises(UndoRefused, match=f"nr {later}"):
        revert(store, result.changeset_id, "Ångra importen", confirmed=True)
    assert snapshot(store) == before
    # Once the later edit is undone the import may go, and redo brings it back exactly.
    assert later is not None
    revert(store, later, "Ångra prognosen")
    with_import = snapshot(store)
    undo = revert(store, result.changeset_id, "Ångra importen", confirmed=True)
    assert undo is not None
    assert store.conn.execute(
        "SELECT count(*) FROM unit WHERE name = ?", (result.units_created[0],)
    ).fetchone() == (0,)
    revert(store, undo, "Gör om importen", confirmed=True)
    assert snapshot(store) == with_import


def test_a_big_undo_needs_confirmation(store: Store) -> None:
    committee = read.find_committee(store, None)
    added = writes.add_unit(store, committee.id, "Ny enhet").changeset
    assert added is not None
    impact = revert_impact(store, added)
    assert isinstance(impact, RevertImpact)
    assert (impact.units_removed, impact.committees_removed) == (1, 0)
    assert impact.needs_confirmation and impact.refused is None
    before = snapshot(store)
    with pytest.raises(ConfirmationNeeded, match="1 enhet"):
        revert(store, added, "Ångra")
    assert snapshot(store) == before
    assert revert(store, added, "Ångra", confirmed=True)
    assert not store.conn.execute("SELECT 1 FROM unit WHERE name = 'Ny enhet'").fetchone()


def test_more_than_a_hundred_figures_need_confirmation(store: Store) -> None:
    hr = unit_id(store, "HR")
    with store.transaction("Många siffror") as tx:
        for year in range(2100, 2101 + 100):
            tx.upsert(
                "drift_figure",
                {"unit_id": hr, "year": year, "period": "bokslut", "measure": "budget"},
                {"amount": year},
            )
        cs = tx.changeset_id
    impact = revert_impact(store, cs)
    assert impact.figures_removed == 101 and impact.needs_confirmation
    small = writes.set_drift(store, hr, 2017, "bokslut", "forecast", 3)
    assert small is not None and not revert_impact(store, small).needs_confirmation


def test_deleting_a_row_deletes_and_audits_its_dependents(store: Store) -> None:
    area = store.conn.execute(
        "SELECT a.id FROM goal_area a WHERE EXISTS (SELECT 1 FROM goal g JOIN indicator i"
        " ON i.goal_id = g.id JOIN indicator_value v ON v.indicator_id = i.id"
        " WHERE g.area_id = a.id) ORDER BY a.id LIMIT 1"
    ).fetchone()[0]
    before = snapshot(store)
    with store.transaction("Tog bort målområdet") as tx:
        tx.delete("goal_area", {"id": area})
        cs = tx.changeset_id
    tables = {c.table for c in store.changes(cs)}
    assert {"goal_area", "goal", "indicator", "indicator_value", "assessment"} <= tables
    assert not store.conn.execute("SELECT 1 FROM goal WHERE area_id = ?", (area,)).fetchone()
    after = snapshot(store)
    undo = revert(store, cs, "Ångra", confirmed=True)
    assert snapshot(store) == before
    assert undo is not None
    redo = revert(store, undo, "Gör om", confirmed=True)
    assert snapshot(store) == after
    assert redo is not None
    revert(store, redo, "Ångra igen", confirmed=True)
    assert snapshot(store) == before


def test_deleting_a_unit_takes_its_children_and_their_figures_on_record(store: Store) -> None:
    parent = store.conn.execute(
        "SELECT p.id FROM unit p WHERE p.kind != 'namnd' AND p.kind != 'kommun' AND EXISTS"
        " (SELECT 1 FROM unit c JOIN drift_figure f ON f.unit_id = c.id WHERE c.parent_id = p.id)"
        " LIMIT 1"
    ).fetchone()[0]
    before = snapshot(store)
    with store.transaction("Tog bort") as tx:
        tx.delete("unit", {"id": parent})
        cs = tx.changeset_id
    assert "drift_figure" in {c.table for c in store.changes(cs)}
    revert(store, cs, "Ångra", confirmed=True)
    assert snapshot(store) == before


def test_undo_of_a_lock_or_unlock_is_refused(store: Store) -> None:
    committee = read.find_committee(store, None)
    locks.lock(store, committee.id, 2017, "bokslut")
    locked = store.conn.execute("SELECT max(id) FROM changeset").fetchone()[0]
    with pytest.raises(UndoRefused, match="ksui unlock"):
        revert(store, locked, "Ångra låset")
    assert locks.locks(store)
    locks.unlock(store, committee.id, 2017, "bokslut", "Rättelse")
    unlocked = store.conn.execute("SELECT max(id) FROM changeset").fetchone()[0]
    assert revert_impact(store, unlocked).refused
    with pytest.raises(UndoRefused):
        revert(store, unlocked, "Ångra upplåsningen")
    assert not locks.locks(store)


def test_undo_of_a_removed_comment_after_a_new_one_is_refused_cleanly(store: Store) -> None:
    hr = unit_id(store, "HR")
    removed = writes.set_comment(store, "unit", hr, 2017, "")
    added = writes.set_comment(store, "unit", hr, 2017, "ny")
    assert removed is not None and added is not None
    before = snapshot(store)
    with pytest.raises(UndoRefused, match=f"nr {added}"):
        revert(store, removed, "Ångra")
    assert snapshot(store) == before


def test_a_restored_unit_whose_name_was_taken_is_refused_cleanly(store: Store) -> None:
    hr = unit_id(store, "HR")
    parent = store.conn.execute("SELECT parent_id FROM unit WHERE id = ?", (hr,)).fetchone()[0]
    deleted = writes.delete_unit(store, hr)
    writes.add_unit(store, parent, "HR")
    before = snapshot(store)
    with pytest.raises(StoreError, match="HR"):
        revert(store, deleted, "Ångra")
    assert snapshot(store) == before


def test_an_integrity_error_in_a_transaction_is_a_store_error(store: Store) -> None:
    committee = read.find_committee(store, None)
    taken = store.conn.execute(
        "SELECT name FROM unit WHERE parent_id = ? LIMIT 1", (committee.id,)
    ).fetchone()[0]
    before = snapshot(store)
    audits = store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(StoreError, match="finns redan"), store.transaction("Dubblett") as tx:
        tx.insert("unit", {"parent_id": committee.id, "kind": "verksamhet", "name": taken})
    assert snapshot(store) == before
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audits
    # The store is usable afterwards (the transaction was rolled back).
    writes.set_comment(store, "unit", committee.id, 2017, "Efteråt")
