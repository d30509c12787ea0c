"""An edited report's drift table, updated along the edited unit's path, is the table a
full computation gives: every row, every figure, for any unit and amount."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksui.core.drift import DriftRow
from ksui.core.report import ReportData
from ksui.store import Store, read

MEASURES = ("actual", "budget_ytd", "budget", "forecast")


def computed_afresh(data: ReportData) -> list[DriftRow]:
    """The drift table of the same report with nothing kept from before."""
    return dataclasses.replace(data, memo={}).drift()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=20),
            st.sampled_from(MEASURES),
            st.integers(min_value=-(10**12), max_value=10**12),
        ),
        min_size=1,
        max_size=4,
    ),
    period=st.sampled_from(["bokslut", "delar", "m05"]),
)
def test_edits_in_place_give_the_table_a_fresh_read_gives(
    store: Store, picks: list[tuple[int, str, int]], period: str
) -> None:
    data = read.load_report(store, read.find_committee(store, None), 2017, period)
    units = sorted(data.tree.units)
    data.drift()  # the table an edit starts from, as on screen
    for index, measure, amount in picks:
        unit = units[index % len(units)]
        data = data.with_figure(unit, period, measure, amount)
        assert data.drift() == computed_afresh(data)
