"""A unit's deviation per kostnadsslag: where a controller finds the 'why' of it.

The SIE import keeps each unit's budget and utfall per account, with the resultaträkning
line (kostnadsslag) the account maps to, at the drift figures' periods and measures
(``cost_figure``). Here those rows become the breakdown of one unit (or a nämnd, summed
over its units) at a follow-up: per line, in the resultaträkning's order, and optionally
per account under it. Signs are the drift table's: a cost is positive, a revenue
negative, and ``avvikelse = budget − utfall`` (positive is a surplus), so the lines add up
to the unit's drift figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ksui.core.periods import BY_CODE
from ksui.core.statements import RESULT_BY_KEY, RESULT_LINES

#: The resultaträkning's order of the lines an account can land on.
_ORDER = {line.key: index for index, line in enumerate(RESULT_LINES)}

#: One stored row summed over a subtree: (line, account, period, measure, amount in öre).
CostRow = tuple[str, str, str, str, int]


@dataclass(frozen=True)
class CostLine:
    """One kostnadsslag (``account`` None), one account under it, or the sum (``line`` '')."""

    line: str
    label: str
    account: str | None
    budget: int | None
    actual: int | None
    budget_year: int | None = None

    @property
    def deviation(self) -> int | None:
        """Budget minus utfall; None when either is missing."""
        if self.budget is None or self.actual is None:
            return None
        return self.budget - self.actual

    @property
    def is_total(self) -> bool:
        """Whether this is the sum of every line."""
        return self.line == ""


@dataclass(frozen=True)
class CostBreakdown:
    """A unit's figures per kostnadsslag at one follow-up, lines (and accounts) in order."""

    year: int
    period: str
    rows: tuple[CostLine, ...]

    @property
    def empty(self) -> bool:
        """Whether no line has a figure (the unit has no SIE figures per account)."""
        return not any(row for row in self.rows if not row.is_total)

    @property
    def to_date(self) -> bool:
        """Whether the follow-up compares the year so far (every period but bokslut)."""
        return self.period != "bokslut"


def cost_periods(period: str) -> tuple[str, ...]:
    """The stored periods a follow-up reads: its month's year to date (t1 is April's,
    delår August's), the year's budget stated at m01, and at bokslut the year's utfall."""
    month = f"m{BY_CODE[period].month:02d}"
    if period == "bokslut":
        return ("m01", "bokslut")
    return tuple(sorted({"m01", month}))


def line_label(line: str) -> str:
    """The Swedish name of a kostnadsslag: the resultaträkning's line name."""
    found = RESULT_BY_KEY.get(line)
    return found.name if found else line


def breakdown(rows: Iterable[CostRow], year: int, period: str, accounts: bool) -> CostBreakdown:
    """The lines (with ``accounts``, each line's accounts under it) and their sum.

    At a month, t1 or delår: the periodiserad budget and utfall so far (year to date
    through the period's month), the year's budget beside them. At bokslut: the year's
    budget against the year's utfall.
    """
    month = f"m{BY_CODE[period].month:02d}"
    actual_at, budget_at = ("bokslut", "m01") if period == "bokslut" else (month, month)
    budget_measure = "budget" if period == "bokslut" else "budget_ytd"
    # (line, account) -> [budget, actual, year's budget]
    sums: dict[tuple[str, str], list[int | None]] = {}
    for line, account, row_period, measure, amount in rows:
        slots = []
        if measure == "actual" and row_period == actual_at:
            slots.append(1)
        if measure == budget_measure and row_period == budget_at:
            slots.append(0)
        if measure == "budget" and row_period == "m01":
            slots.append(2)
        if not slots:
            continue
        cells = sums.setdefault((line, account), [None, None, None])
        for slot in slots:
            cells[slot] = (cells[slot] or 0) + amount
    # A measure the unit has at all counts as 0 where an account lacks it: no utfall on
    # a budgeted account is a surplus of its whole budget, not a missing deviation.
    for slot in range(3):
        if any(cells[slot] is not None for cells in sums.values()):
            for cells in sums.values():
                if cells[slot] is None:
                    cells[slot] = 0
    by_line: dict[str, list[int | None]] = {}
    for (line, _), cells in sums.items():
        total = by_line.setdefault(line, [None, None, None])
        for index, value in enumerate(cells):
            if value is not None:
                total[index] = (total[index] or 0) + value
    out: list[CostLine] = []
    for line in sorted(by_line, key=lambda key: (_ORDER.get(key, len(_ORDER)), key)):
        budget, actual, budget_year = by_line[line]
        out.append(CostLine(line, line_label(line), None, budget, actual, budget_year))
        if accounts:
            for (owner, account), (a_budget, a_actual, a_year) in sorted(sums.items()):
                if owner == line:
                    out.append(CostLine(line, account, account, a_budget, a_actual, a_year))
    lines = [row for row in out if row.account is None]
    out.append(
        CostLine(
            "",
            "Summa",
            None,
            _total(row.budget for row in lines),
            _total(row.actual for row in lines),
            _total(row.budget_year for row in lines),
        )
    )
    return CostBreakdown(year, period, tuple(out))


def _total(values: Iterable[int | None]) -> int | None:
    """The sum of the values there are; None when there are none."""
    present = [value for value in values if value is not None]
    return sum(present) if present else None
