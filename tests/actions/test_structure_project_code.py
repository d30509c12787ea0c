"""A project's code through the use cases (issue 13, item 9): the same rules in the CLI
and the app, each write one change set that undo takes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.actions import structure
from ksui.store import Store
from ksui.store.undo import revert
from ksui.store.writes import RuleError


def code_of(store: Store, project_id: int) -> str | None:
    row = store.conn.execute("SELECT code FROM investment_project WHERE id = ?", (project_id,))
    return row.fetchone()[0]


def test_add_set_clash_and_undo(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite", create=True)
    committee = structure.add_committee(store, "Tekniska nämnden", "TN").row_id
    assert committee is not None
    category = structure.add_category(store, committee, "Gator").row_id
    assert category is not None
    first = structure.add_project(store, category, "Cykelväg", 2024, code=" P100 ").row_id
    second = structure.add_project(store, category, "Bro", 2024).row_id
    assert first is not None and second is not None
    assert code_of(store, first) == "P100"  # trimmed, as every code
    with pytest.raises(RuleError, match="används redan"):
        structure.add_project(store, category, "Kaj", 2024, code="p100")
    with pytest.raises(RuleError, match="radbrytning"):
        structure.set_project_code(store, second, "B\n1")
    written = structure.set_project_code(store, second, "B1")
    assert written.changeset is not None and code_of(store, second) == "B1"
    assert structure.set_project_code(store, second, "B1").changeset is None
    revert(store, written.changeset, "Ångra", confirmed=True)
    assert code_of(store, second) is None
    cleared = structure.set_project_code(store, first, "")
    assert cleared.changeset is not None and code_of(store, first) is None
