"""A unit's deviation per kostnadsslag (and account), for `ksui drift --by kostnadsslag` and
the app's drill-down from a deviation: one read, one computation, both front ends."""

from __future__ import annotations

from ksui.core.costs import CostBreakdown, breakdown, cost_periods
from ksui.store import Store, read


def unit_costs(
    store: Store, unit_id: int, year: int, period: str, *, accounts: bool = False
) -> CostBreakdown:
    """The unit's (or nämnd's, summed over its units) lines at a follow-up; with
    ``accounts``, each line's accounts under it."""
    rows = read.cost_rows(store, unit_id, year, cost_periods(period))
    return breakdown(rows, year, period, accounts)
