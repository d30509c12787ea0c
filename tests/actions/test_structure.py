"""Adding and removing rows: the change set and the new row's id come back, undo restores."""

from __future__ import annotations

import pytest

from ksui.actions import ActionError, StoreError, history, structure
from ksui.store import Store, read
from tests.actions.conftest import changeset_count, one, unit_id


@pytest.mark.parametrize(
    ("kind", "parent_sql", "table"),
    [
        ("unit", "SELECT id FROM unit WHERE kind = 'namnd'", "unit"),
        ("project", "SELECT id FROM investment_category LIMIT 1", "investment_project"),
        ("goal", "SELECT id FROM goal_area LIMIT 1", "goal"),
        ("indicator", "SELECT id FROM goal LIMIT 1", "indicator"),
    ],
)
def test_an_added_row_gives_its_change_set_and_its_id(
    store: Store, kind: structure.RowKind, parent_sql: str, table: str
) -> None:
    written = structure.add_row(store, kind, one(store, parent_sql), "Nytt", year=2017)
    assert written.changeset is not None
    assert written.changeset == history.latest_changeset(store)
    assert written.row_id is not None
    assert store.conn.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", (written.row_id,)).fetchone()
    removed = structure.delete_row(store, kind, written.row_id)
    assert removed.changeset is not None and removed.changeset > written.changeset
    assert removed.row_id is None
    assert not store.conn.execute(
        f"SELECT 1 FROM [{table}] WHERE id = ?", (written.row_id,)
    ).fetchone()


def test_deleting_a_unit_takes_its_figures_and_undo_brings_them_back(store: Store) -> None:
    hr = unit_id(store, "HR")
    figures = store.conn.execute("SELECT count(*) FROM drift_figure WHERE unit_id = ?", (hr,))
    count = figures.fetchone()[0]
    assert count > 0
    removed = structure.delete_unit(store, hr)
    assert removed.changeset is not None
    left = store.conn.execute("SELECT count(*) FROM drift_figure WHERE unit_id = ?", (hr,))
    assert left.fetchone()[0] == 0
    history.undo(store, removed.changeset, confirmed=True)
    back = store.conn.execute("SELECT count(*) FROM drift_figure WHERE unit_id = ?", (hr,))
    assert back.fetchone()[0] == count


def test_a_name_taken_among_siblings_and_an_empty_name_are_refused(store: Store) -> None:
    committee = read.find_committee(store, None)
    parent = read.org_tree(store).units[unit_id(store, "HR")].parent_id
    assert parent is not None
    before = changeset_count(store)
    with pytest.raises(StoreError, match="HR"):
        structure.add_unit(store, parent, "HR")
    with pytest.raises(StoreError, match="namn"):
        structure.add_unit(store, committee.id, "  ")
    assert changeset_count(store) == before


def test_an_unknown_kind_is_refused(store: Store) -> None:
    with pytest.raises(ActionError, match="okänd sorts rad"):
        structure.add_row(store, "kategori", 1, "x")  # type: ignore[arg-type]
