"""The suggested forecast (prognosförslag) and forecast accuracy, so the controller starts
from a figure and the nämnd sees how good its forecasts were.

The suggestion for a unit at a follow-up closing month ``m`` (T1 → 4, delår → 8, a month
→ itself, bokslut → 12), all in öre, rounded half away from zero to whole öre:

1. no actual so far (None): the budget in force (None when there is none either);
2. ``m`` = 12: the actual itself — the year is over;
3. last year has monthly actuals for the unit, with a nonzero year total and a share spent
   through month ``m`` that is above 0 and at most 1: ``actual_ytd ÷ share``, where
   ``share = last year's actual through m ÷ last year's actual for the year`` (last
   year's pattern);
4. otherwise: ``actual_ytd + budget × (12 − m) / 12`` (the rest of the budget pro rata);
   without a budget, ``actual_ytd × 12 / m``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ksui.core.periods import BY_CODE

#: How a suggestion was made, for the dialog that shows it.
METHOD_LABELS = {
    "budget": "budget (inget utfall än)",
    "actual": "utfall (året är slut)",
    "pattern": "utfall hittills efter förra årets månadsmönster",
    "pro_rata": "utfall hittills + resten av budgeten",
    "run_rate": "utfall hittills uppräknat till helår",
}


@dataclass(frozen=True)
class Suggestion:
    """A suggested full-year forecast in öre (None: nothing to go on) and how it was made."""

    amount: int | None
    method: str | None

    @property
    def method_label(self) -> str:
        """The method in Swedish words, '' when there is no suggestion."""
        return METHOD_LABELS.get(self.method or "", "")


def _round(value: Fraction) -> int:
    """Whole öre, half away from zero (money is never rounded to even)."""
    whole = abs(value.numerator) * 2 + value.denominator
    magnitude = whole // (2 * value.denominator)
    return magnitude if value >= 0 else -magnitude


def closing_month(period: str) -> int:
    """The last month a follow-up covers: its actuals are the year to date through it."""
    return BY_CODE[period].month


def suggest(
    budget: int | None,
    actual_ytd: int | None,
    month: int,
    last_year: Sequence[int | None] | None = None,
) -> Suggestion:
    """The prognosförslag by the rules in the module docstring.

    ``last_year`` is last year's year-to-date actual at the end of each month, January
    first (twelve entries, None where not recorded), or None when there is no such year.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1–12")
    if actual_ytd is None:
        return Suggestion(budget, "budget" if budget is not None else None)
    if month == 12:
        return Suggestion(actual_ytd, "actual")
    if last_year is not None and len(last_year) == 12:
        through, total = last_year[month - 1], last_year[11]
        if through is not None and total:
            share = Fraction(through, total)
            if 0 < share <= 1:
                return Suggestion(_round(actual_ytd / share), "pattern")
    if budget is not None:
        return Suggestion(actual_ytd + _round(Fraction(budget * (12 - month), 12)), "pro_rata")
    return Suggestion(_round(Fraction(actual_ytd * 12, month)), "run_rate")


def forecast_error(forecast: int, outcome: int | None) -> int | None:
    """Prognossäkerhet of one forecast: forecast − outcome (positive: the year came out
    better than forecast); None before the outcome is known."""
    return None if outcome is None else forecast - outcome
