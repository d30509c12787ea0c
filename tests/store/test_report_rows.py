"""A report read from the rows it stands on (``report_rows``) is the report of the whole
year's rows: the same figures at its follow-up, at every follow-up a forecast was made and
at bokslut, the same budget changes, forecasts as made and forecasts' history."""

from __future__ import annotations

import pytest

from ksui.actions.forecasts import history
from ksui.core.periods import PERIODS
from ksui.core.report import ReportData
from ksui.store import Store, read
from tests.conftest import tkr


def add_months(store: Store, committee_id: int) -> None:
    """Monthly utfall and periodiserad budget for every unit of the demo's nämnd, and a
    forecast made in March: the rows a narrower read must leave out or keep."""
    units = [uid for uid, _ in read.org_tree(store, committee_id).walk(committee_id)]
    with store.transaction("Månader") as tx:
        for uid in units:
            for month in range(1, 13):
                for measure in ("actual", "budget_ytd"):
                    key = {
                        "unit_id": uid,
                        "year": 2017,
                        "period": f"m{month:02d}",
                        "measure": measure,
                    }
                    tx.upsert("drift_figure", key, {"amount": tkr(uid * 10 + month)})
            key = {"unit_id": uid, "year": 2017, "period": "m03", "measure": "forecast"}
            tx.upsert("drift_figure", key, {"amount": tkr(uid * 100)})


@pytest.mark.parametrize("period", [p.code for p in PERIODS])
def test_the_narrower_read_gives_the_same_report(store: Store, period: str) -> None:
    committee = read.find_committee(store, None)
    add_months(store, committee.id)
    whole = read.load_report(
        store, committee, 2017, period, read.figure_rows(store, committee.id, 2017)
    )
    narrow = read.load_report(store, committee, 2017, period)
    assert len(narrow.rows) < len(whole.rows)
    assert set(narrow.rows) <= set(whole.rows)
    assert narrow.figures == whole.figures
    assert narrow.exact == whole.exact
    assert narrow.drift() == whole.drift()
    assert narrow.budget_changes() == whole.budget_changes()
    for unit_id in committee_and_units(whole):
        assert narrow.forecast_as_made(unit_id) == whole.forecast_as_made(unit_id)
    made = {code for _u, _y, code, measure, _a in whole.rows if measure == "forecast"}
    assert made, "the demo has forecasts to test the history with"
    for code in (*made, "bokslut"):
        assert narrow.at(code).drift() == whole.at(code).drift()
    assert history(narrow) == history(whole)


def committee_and_units(data: ReportData) -> list[int]:
    """The committee and every unit below it."""
    return [uid for uid, _ in data.tree.walk(data.committee.id)]
