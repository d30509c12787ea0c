"""Every edit through ksui.actions: one rule set for the CLI and the TUI, checked once here."""

from __future__ import annotations

import pytest

from ksui.actions import (
    UNREAD,
    LockedError,
    ParentSumRefused,
    StaleValueError,
    StoreError,
    Written,
    edits,
    locks,
)
from ksui.core.models import Assessment
from ksui.store import Store, read
from tests.actions.conftest import changeset_count, one, unit_id

TKR = 100_000


def test_a_figure_is_written_once_and_an_unchanged_one_writes_nothing(store: Store) -> None:
    hr = unit_id(store, "HR")
    written = edits.set_figure(store, hr, 2017, "bokslut", "actual", 5 * TKR, reason="Rättelse")
    assert isinstance(written, Written) and written.changeset is not None
    assert written.row_id is None
    assert read.drift_figures(store, 2017, "bokslut")[hr].actual == 5 * TKR
    again = edits.set_figure(store, hr, 2017, "bokslut", "actual", 5 * TKR)
    assert again == Written(None)


def test_a_figure_of_a_unit_whose_children_carry_it_is_refused(store: Store) -> None:
    kontor = unit_id(store, "Kommunstyrelsens kontor")
    before = changeset_count(store)
    with pytest.raises(ParentSumRefused, match="är summan av enheterna under den"):
        edits.set_figure(store, kontor, 2017, "bokslut", "budget", TKR)
    assert changeset_count(store) == before
    # The refusal is a StoreError, so both front ends already show it as one line.
    assert issubclass(ParentSumRefused, StoreError)


def test_the_parent_sum_rule_names_the_children_that_carry_the_measure(store: Store) -> None:
    tree = read.org_tree(store)
    kontor = unit_id(store, "Kommunstyrelsens kontor")
    figures = read.drift_figures(store, 2017, "bokslut", root=kontor)
    refusal = edits.parent_sum_refusal(tree, figures, kontor, "actual")
    assert refusal is not None and "Ekonomi" in refusal and "utfall" in refusal
    assert edits.parent_sum_refusal(tree, figures, unit_id(store, "Ekonomi"), "actual") is None


def test_a_stale_value_is_refused_and_a_matching_one_accepted(store: Store) -> None:
    hr = unit_id(store, "HR")
    stored = read.drift_figures(store, 2017, "bokslut")[hr].actual
    with pytest.raises(StaleValueError):
        edits.set_figure(store, hr, 2017, "bokslut", "actual", 1, expect=(stored or 0) + 1)
    assert edits.set_figure(store, hr, 2017, "bokslut", "actual", 1, expect=stored).changeset


def test_unread_skips_the_stale_check_but_none_means_no_row(store: Store) -> None:
    hr = unit_id(store, "HR")
    assert edits.set_figure(store, hr, 2017, "bokslut", "actual", 7, expect=UNREAD).changeset
    with pytest.raises(StaleValueError):
        edits.set_figure(store, hr, 2017, "bokslut", "actual", 8, expect=None)


def test_a_locked_follow_up_refuses_every_edit(store: Store) -> None:
    committee = read.find_committee(store, None)
    locks.lock(store, committee.id, 2017, "bokslut")
    hr = unit_id(store, "HR")
    before = changeset_count(store)
    with pytest.raises(LockedError):
        edits.set_figure(store, hr, 2017, "bokslut", "actual", 1)
    with pytest.raises(LockedError):
        edits.set_geh(store, committee.id, 2017, "bokslut", "ekonomi", Assessment.OK)
    assert changeset_count(store) == before


def test_unknown_unit_and_measure_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="okänd enhet"):
        edits.set_figure(store, 999_999, 2017, "bokslut", "actual", 1)
    with pytest.raises(StoreError, match="okänt mått"):
        edits.set_figure(store, unit_id(store, "HR"), 2017, "bokslut", "kostnad", 1)


def test_every_other_edit_returns_its_change_set(store: Store) -> None:
    committee = read.find_committee(store, None)
    goal = one(store, "SELECT id FROM goal LIMIT 1")
    project = one(store, "SELECT id FROM investment_project LIMIT 1")
    indicator = one(store, "SELECT id FROM indicator LIMIT 1")
    results = [
        edits.set_comment(store, "unit", committee.id, 2017, "Förklaring", expect=None),
        edits.set_assessment(store, "goal", goal, 2017, "bokslut", Assessment.BRISTER),
        edits.set_geh(store, committee.id, 2017, "bokslut", "ekonomi", Assessment.OK),
        edits.set_investment(store, project, 2017, "spent", 1),
        edits.set_field(store, "goal", goal, "followup", "Ny uppföljning"),
        edits.set_indicator_value(store, indicator, 2016, "12.5", series="Mål"),
        edits.set_sick_rate(store, committee.id, "total", "totalt", "Totalt", 2018, "namnd", "4.1"),
    ]
    ids = [r.changeset for r in results if r.changeset is not None]
    assert len(ids) == len(results) and ids == sorted(set(ids))


def test_a_comment_based_on_an_old_text_is_refused(store: Store) -> None:
    hr = unit_id(store, "HR")
    edits.set_comment(store, "unit", hr, 2017, "Första")
    with pytest.raises(StaleValueError):
        edits.set_comment(store, "unit", hr, 2017, "Andra", expect="Något annat")
    assert edits.set_comment(store, "unit", hr, 2017, "", expect="Första").changeset
