"""Undo, redo and the audit query that `ksui log` and the Ändringslogg both read."""

from __future__ import annotations

import pytest

from ksui.actions import ActionError, UndoRefused, edits, history, structure
from ksui.store import Store, read
from tests.actions.conftest import unit_id


def test_undo_and_redo_are_inverse_and_described(store: Store) -> None:
    hr = unit_id(store, "HR")
    before = read.drift_figures(store, 2017, "bokslut")[hr].actual
    edit = edits.set_figure(store, hr, 2017, "bokslut", "actual", 1).changeset
    assert edit is not None and history.latest_changeset(store) == edit
    undone = history.undo(store, edit).changeset
    assert undone is not None
    assert read.drift_figures(store, 2017, "bokslut")[hr].actual == before
    found = history.changeset(store, undone)
    assert found is not None and found.undoes == edit
    assert found.description.startswith(f"Ångrade nr {edit}: ")
    with pytest.raises(UndoRefused, match="redan ångrad"):
        history.undo(store, edit)
    redone = history.undo(store, undone, description="Gör om").changeset
    assert redone is not None
    assert read.drift_figures(store, 2017, "bokslut")[hr].actual == 1


def test_impact_tells_a_refusal_and_a_big_removal(store: Store) -> None:
    committee = read.find_committee(store, None)
    added = structure.add_unit(store, committee.id, "Ny enhet")
    assert added.changeset is not None and added.row_id is not None
    impact = history.impact(store, added.changeset)
    assert impact.needs_confirmation and impact.refused is None
    later = edits.set_figure(store, added.row_id, 2017, "bokslut", "actual", 7).changeset
    refused = history.impact(store, added.changeset).refused
    assert refused is not None and f"nr {later}" in refused


def test_an_unknown_change_set_is_refused(store: Store) -> None:
    assert history.changeset(store, 999_999) is None
    with pytest.raises(ActionError, match="finns inte"):
        history.undo(store, 999_999)


def test_the_audit_query_filters_pages_and_cuts_fields(store: Store) -> None:
    hr, ekonomi = unit_id(store, "HR"), unit_id(store, "Ekonomi")
    first = edits.set_figure(store, hr, 2017, "bokslut", "actual", 1, reason="Varför").changeset
    second = edits.set_figure(store, ekonomi, 2017, "delar", "forecast", 2).changeset
    third = edits.set_comment(store, "unit", hr, 2017, "Kommentar").changeset
    newest = history.audit_log(store, limit=3)
    assert [c.id for c in newest] == [third, second, first]
    assert newest[2].reason == "Varför" and newest[2].field_count == 1
    assert [c.id for c in history.audit_log(store, unit_id=hr)][:2] == [third, first]
    assert history.audit_log(store, period="delar", year=2017)[0].id == second
    assert [c.id for c in history.audit_log(store, limit=1, offset=1)] == [second]
    assert history.audit_log(store, user="ingen-sådan") == []
    users = history.audit_users(store)
    assert newest[0].user in users
    whole = history.audit_log(store, limit=1, offset=0, fields=None)[0]
    cut = history.audit_log(store, limit=1, fields=0)[0]
    assert cut.changes == () and cut.field_count == whole.field_count


def test_a_big_import_is_read_only_as_far_as_asked(store: Store) -> None:
    demo = history.audit_log(store, limit=1, offset=0, fields=5)
    if not demo:
        pytest.skip("the demo has no change sets")
    assert len(demo[0].changes) <= 5 and demo[0].field_count >= len(demo[0].changes)
