"""Month by month: a unit's actuals against its periodised budget, and the forecast in force.

The store keeps, at each month ``mMM``, the year-to-date ``actual`` and ``budget_ytd``
(the SIE import sums ``#PSALDO`` and ``#PBUDGET`` month by month), and a ``forecast``
where one was made. Here those become twelve months: each month's own change, the running
totals, and the full-year forecast as it stood at the month. A parent's months are the sum
over the units below it, by the same roll-up as the drift table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ksui.core.drift import forecasts as forecasts_in_force
from ksui.core.drift import rollup
from ksui.core.figures import FigureRow, figures_at, forecast_made
from ksui.core.models import OrgTree, Unit
from ksui.core.periods import PERIODS

#: The measures a month view reads; the full-year budget only for a parent's forecast, which
#: counts a unit nobody forecast at its budget in force (as the drift table does).
MONTH_MEASURES = ("actual", "budget_ytd", "forecast", "budget")

#: The follow-up that closes a month: T1 closes April, delår August, bokslut December, so
#: their actuals and forecasts count for that month (the rule of ``figures_at``).
_CLOSING: dict[int, str] = {
    **{m: f"m{m:02d}" for m in range(1, 13)},
    **{p.month: p.code for p in PERIODS if not p.is_month},
}


@dataclass(frozen=True)
class Month:
    """One month of a unit, in öre; None where nothing is recorded.

    ``budget`` and ``actual`` are the month's own change (periodised budget, utfall),
    ``budget_ytd`` and ``actual_ytd`` the running totals from January, ``forecast`` the
    full-year prognos in force at the month: the drift table's at the follow-up closing the
    month, None while nobody has made one for the unit or a unit below it.
    """

    month: int
    budget: int | None = None
    actual: int | None = None
    budget_ytd: int | None = None
    actual_ytd: int | None = None
    forecast: int | None = None

    @property
    def deviation_ytd(self) -> int | None:
        """Avvikelse hittills: periodised budget minus actual, both year to date."""
        if self.budget_ytd is None or self.actual_ytd is None:
            return None
        return self.budget_ytd - self.actual_ytd


@dataclass(frozen=True)
class MonthSeries:
    """A unit's twelve months of one year, January first."""

    unit: Unit
    year: int
    months: tuple[Month, ...]

    @property
    def empty(self) -> bool:
        """Whether no month holds any figure (the view then says so instead of a bare chart)."""
        return all(
            m.budget_ytd is None and m.actual_ytd is None and m.forecast is None
            for m in self.months
        )

    @property
    def last_actual(self) -> int:
        """The last month with a year-to-date actual (0 when there is none)."""
        return max((m.month for m in self.months if m.actual_ytd is not None), default=0)


def _change(current: int | None, previous: int | None, month: int) -> int | None:
    """A month's own amount from two running totals; January's is its total."""
    if current is None:
        return None
    if month == 1:
        return current
    return None if previous is None else current - previous


def month_series(tree: OrgTree, unit_id: int, year: int, rows: Iterable[FigureRow]) -> MonthSeries:
    """The twelve months of ``unit_id`` in ``year`` from the recorded rows of its subtree.

    ``rows`` are (unit, year, period, measure, öre) as the store keeps them; rows of other
    years and measures are ignored. Each month's figures are those ``figures_at`` gives at
    the follow-up that closes the month, rolled up the tree like the drift table; the
    forecast is the drift table's (``ksui.core.drift.forecasts``), so a unit nobody forecast
    counts at its budget in a parent's sum instead of collapsing it.
    """
    forecasts: list[FigureRow] = []
    by_code: dict[str, list[FigureRow]] = defaultdict(list)
    for row in rows:
        if row[1] != year or row[3] not in MONTH_MEASURES:
            continue
        if row[3] in ("forecast", "budget"):
            forecasts.append(row)
        else:
            by_code[row[2]].append(row)
    sub = tree.subtree(unit_id)
    months: list[Month] = []
    previous = Month(0)
    for month in range(1, 13):
        code = _CLOSING[month]
        month_code = f"m{month:02d}"
        own = [*forecasts, *by_code.get(month_code, ()), *by_code.get(code, ())]
        at = figures_at(own, code)
        rolled = rollup(sub, at)
        figures = rolled.get(unit_id)
        own_forecasts = {u: f.forecast for u, f in at.items() if f.forecast is not None}
        budgets = {u: f.budget for u, f in rolled.items()}
        made = forecast_made(forecasts, code)
        forecast = forecasts_in_force(sub, own_forecasts, made, code, budgets).get(unit_id)
        in_force = forecast.amount if forecast and forecast.source != "budget" else None
        actual_ytd = figures.actual if figures else None
        budget_ytd = figures.budget_ytd if figures else None
        current = Month(
            month,
            budget=_change(budget_ytd, previous.budget_ytd, month),
            actual=_change(actual_ytd, previous.actual_ytd, month),
            budget_ytd=budget_ytd,
            actual_ytd=actual_ytd,
            forecast=in_force,
        )
        months.append(current)
        previous = current
    return MonthSeries(tree.units[unit_id], year, tuple(months))
