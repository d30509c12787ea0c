"""The forecast workflow on the demo: suggest, accept one or all, klar, and the history."""

from __future__ import annotations

import dataclasses

import pytest

from ksui.actions import forecasts, history, locks, structure
from ksui.actions.edits import set_figure
from ksui.actions.errors import ActionError, LockedError
from ksui.core.report import ReportData
from ksui.store import Store, read
from tests.actions.conftest import changeset_count, unit_id

TKR = 100_000


def report(store: Store, period: str = "delar") -> ReportData:
    """Kommunstyrelsen 2017 at a follow-up, read again after each write."""
    return read.load_report(store, read.find_committee(store, None), 2017, period)


def test_without_actuals_every_leaf_is_suggested_its_budget(store: Store) -> None:
    data = report(store)
    found = {s.unit.name: s for s in forecasts.suggestions(store, data)}
    assert found["Ekonomi"].suggestion.amount == 45_474 * TKR
    assert found["Ekonomi"].suggestion.method == "budget"
    assert found["Politisk ledning"].entered == 73_481 * TKR
    assert "Kommunstyrelsens kontor" not in found  # a parent sums its units


def test_last_years_months_shape_the_suggestion(store: Store) -> None:
    ekonomi = unit_id(store, "Ekonomi")
    set_figure(store, ekonomi, 2016, "m08", "actual", 20_000 * TKR)
    set_figure(store, ekonomi, 2017, "m08", "actual", 30_000 * TKR)
    [found] = forecasts.suggestions(store, report(store), ekonomi)
    # Last year 20 000 of 35 126 tkr was spent through August.
    assert found.suggestion.method == "pattern"
    assert found.suggestion.amount == 30_000 * 35_126 // 20_000 * TKR
    assert found.actual == 30_000 * TKR


def test_without_last_years_months_the_rest_of_the_budget_is_added(store: Store) -> None:
    ekonomi = unit_id(store, "Ekonomi")
    set_figure(store, ekonomi, 2017, "m08", "actual", 30_000 * TKR)
    [found] = forecasts.suggestions(store, report(store), ekonomi)
    assert found.suggestion.method == "pro_rata"
    assert found.suggestion.amount == 30_000 * TKR + 45_474 * TKR * 4 // 12


def test_accept_one_writes_its_forecast(store: Store) -> None:
    ekonomi = unit_id(store, "Ekonomi")
    written = forecasts.accept(store, report(store), ekonomi)
    assert written.changeset is not None
    assert report(store).exact[(ekonomi, "forecast")] == 45_474 * TKR


def test_accept_all_is_one_change_set_and_spares_entered_forecasts(store: Store) -> None:
    data = report(store)
    waiting = forecasts.pending(data)
    assert len(waiting) == 7 and "Politisk ledning" not in {u.name for u in waiting}
    before = changeset_count(store)
    written = forecasts.accept(store, data, None)
    assert changeset_count(store) == before + 1
    after = report(store)
    assert forecasts.pending(after) == []
    assert after.exact[(unit_id(store, "Politisk ledning"), "forecast")] == 73_481 * TKR
    # The kontor's own forecast made at the same follow-up still stands over its units
    # (the drift rule); what they do not cover shows as ej fördelat.
    kontor = next(r for r in after.drift() if r.unit.name == "Kommunstyrelsens kontor")
    assert kontor.forecast_source == "entered" and kontor.unallocated is not None
    assert written.changeset is not None
    history.undo(store, written.changeset)
    assert len(forecasts.pending(report(store))) == 7
    assert forecasts.accept(store, after, None).changeset is None  # nothing left to fill in


def test_a_parent_gets_no_suggestion_of_its_own(store: Store) -> None:
    kontor = unit_id(store, "Kommunstyrelsens kontor")
    with pytest.raises(ActionError, match="enheter under sig"):
        forecasts.accept(store, report(store), kontor)
    with pytest.raises(ActionError, match="enheter under sig"):
        forecasts.mark_done(store, kontor, 2017, "delar")


def test_klar_is_marked_counted_unmarked_and_audited(store: Store) -> None:
    ekonomi = unit_id(store, "Ekonomi")
    assert forecasts.done_count(report(store)) == (0, 8)
    done = forecasts.mark_done(store, ekonomi, 2017, "delar")
    assert done.changeset is not None
    assert forecasts.mark_done(store, ekonomi, 2017, "delar").changeset is None
    assert forecasts.done_count(report(store)) == (1, 8)
    assert forecasts.done_count(report(store, "t1")) == (0, 8)  # klar per follow-up
    [entry] = history.audit_log(store, limit=1)
    assert any(c.table == "forecast_status" for c in entry.changes)
    assert forecasts.mark_done(store, ekonomi, 2017, "delar", False).changeset is not None
    assert forecasts.done_count(report(store)) == (0, 8)


def test_a_locked_follow_up_refuses_klar_and_accept(store: Store) -> None:
    committee = read.find_committee(store, None)
    locks.lock(store, committee.id, 2017, "delar")
    before = changeset_count(store)
    with pytest.raises(LockedError):
        forecasts.mark_done(store, unit_id(store, "Ekonomi"), 2017, "delar")
    with pytest.raises(LockedError):
        forecasts.accept_all(store, committee.id, 2017, "delar")
    assert changeset_count(store) == before
    # Another follow-up stays open.
    assert forecasts.mark_done(store, unit_id(store, "HR"), 2017, "t1").changeset


def test_removing_a_unit_takes_its_klar_mark_with_it_and_undo_brings_it_back(
    store: Store,
) -> None:
    hr = unit_id(store, "HR")
    forecasts.mark_done(store, hr, 2017, "delar")
    removed = structure.delete_unit(store, hr)
    assert removed.changeset is not None
    count = store.conn.execute("SELECT count(*) FROM forecast_status").fetchone()[0]
    assert count == 0
    history.undo(store, removed.changeset, confirmed=True)
    assert report(store).forecast_done == frozenset({hr})


def test_history_lists_each_forecast_against_the_outcome(store: Store) -> None:
    found = {f.unit.name: f for f in forecasts.history(report(store, "bokslut"))}
    assert list(found) == ["Kommunstyrelsen", "Kommunstyrelsens kontor", "Politisk ledning"]
    # The seed's "sämre än prognosen": 339 990 forecast at delår, 347 670 outcome.
    nämnd = found["Kommunstyrelsen"]
    assert nämnd.forecasts == (("delar", 339_990 * TKR),)
    assert nämnd.outcome == 347_670 * TKR
    [ekonomi] = forecasts.history(report(store), unit_id(store, "Ekonomi"))
    assert ekonomi.forecasts == () and ekonomi.outcome == 42_857 * TKR


def test_the_outcome_is_unknown_before_bokslut(store: Store) -> None:
    data = report(store)
    rows = tuple(r for r in data.rows if r[2] != "bokslut")
    data = dataclasses.replace(data, rows=rows)
    assert all(f.outcome is None for f in forecasts.history(data))
