"""Month by month: one unit's twelve months, read and rolled up the same way for both front ends."""

from __future__ import annotations

from ksui.core.models import OrgTree
from ksui.core.months import MonthSeries, month_series
from ksui.store import Store
from ksui.store.months import month_rows


def unit_months(store: Store, unit_id: int, year: int, tree: OrgTree | None = None) -> MonthSeries:
    """The months of a unit (a parent's summed over the units below it) in ``year``.

    ``tree`` saves reading the organisation again when the caller holds it (the TUI's report).
    """
    from ksui.store import read

    organisation = tree if tree is not None else read.tree_of_unit(store, unit_id)
    return month_series(organisation, unit_id, year, month_rows(store, unit_id, year))
