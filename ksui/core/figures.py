"""Which recorded drift figure counts at a follow-up: the rule every reader of figures shares."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from ksui.core.models import DriftFigures
from ksui.core.periods import BY_CODE, PERIODS, TWINS, reach

#: A recorded drift figure as the store keeps it: (unit id, year, period code, measure, öre).
FigureRow = tuple[int, int, str, str, int]
K = TypeVar("K")
V = TypeVar("V")


#: How each drift measure stands at a later follow-up (see ``ranks``).
RULES: dict[str, str] = {
    "budget": "carried",
    "forecast": "stands",
    "budget_ytd": "own",
    "actual": "own",
}


@functools.cache
def ranks(period: str, rule: str) -> dict[str, tuple[int, int, int]]:
    """Each period code's claim to hold the figure at ``period``; the highest claim among a
    figure's recorded codes wins, and a code missing here does not count at all.

    ``stands`` (a forecast, a lägesbedömning): the latest recorded at or before the period,
    the period's own first among equals (T1 counts as April and delår as August, see
    ``reach``). ``carried`` (a budget, an anslag): the same, else the year's first.
    ``own`` (an utfall, year to date): the period's own record, else its twin's, else its
    month's; never another period's, so a year-end figure is not shown at delår. This is
    the one rule every reader of figures shares (drift, statements, investments,
    assessments).
    """
    target = BY_CODE[period]
    # Later keys win where they coincide (April's month is April itself).
    own = {f"m{target.month:02d}": 1, TWINS.get(period): 2, period: 3}
    out: dict[str, tuple[int, int, int]] = {}
    for p in PERIODS:
        if rule == "own":
            if p.code in own:
                out[p.code] = (own[p.code], 0, 0)
            continue
        at = reach(p.code, period)
        if at is not None:
            out[p.code] = (1, at, int(p.code == period))
        elif rule == "carried":
            out[p.code] = (0, -p.order, 0)
    return out


def month_behind(period: str) -> str | None:
    """The month whose utfall stands at ``period`` when neither the period nor its twin has
    one of its own (``ranks``' ``own`` rule): December's at bokslut. None where that month
    is the period itself or its twin (T1 is April: nothing stands in for anything)."""
    month = f"m{BY_CODE[period].month:02d}"
    return None if month in (period, TWINS.get(period)) else month


def stands_in(rows: Iterable[FigureRow], period: str) -> str | None:
    """The month whose utfall a report at ``period`` shows because neither the period nor its
    twin has an utfall of its own (``month_behind``: December's at bokslut), else None."""
    behind = month_behind(period)
    if behind is None:
        return None
    own, found = (period, TWINS.get(period)), False
    for row in rows:  # Drift asks at every repaint: stop at the first utfall of its own
        if row[3] in ("actual", "budget_ytd"):
            if row[2] in own:
                return None
            found = found or row[2] == behind
    return behind if found else None


def figures_at(rows: Iterable[FigureRow], period: str) -> dict[int, DriftFigures]:
    """Each unit's own figures as they stand at a follow-up, from one year's recorded rows,
    each measure by its rule (``RULES``, ``ranks``). Rows of an unknown period code or
    measure are ignored; the year field is not looked at."""
    tables = {measure: ranks(period, rule) for measure, rule in RULES.items()}
    best: dict[tuple[int, str], tuple[tuple[int, int, int], int]] = {}
    for unit_id, _year, code, measure, amount in rows:  # a nämnd's year: 10 000 rows
        table = tables.get(measure)
        rank = table.get(code) if table is not None else None
        if rank is None:
            continue
        key = (unit_id, measure)
        found = best.get(key)
        if found is None or rank > found[0]:
            best[key] = (rank, amount)
    values: dict[int, dict[str, int]] = defaultdict(dict)
    for (unit_id, measure), (_, amount) in best.items():
        values[unit_id][measure] = amount
    return {uid: DriftFigures(**vals) for uid, vals in values.items()}


def standing(recorded: Iterable[tuple[K, str, V]], period: str, rule: str) -> dict[K, V]:
    """Per key, the value whose recorded period counts at ``period`` by ``rule`` (``ranks``):
    for lägesbedömningar, GEH, the forecast a report was made from, anything dated."""
    table = ranks(period, rule)
    best: dict[K, tuple[tuple[int, int, int], V]] = {}
    for key, code, value in recorded:
        rank = table.get(code)
        if rank is not None and (key not in best or rank > best[key][0]):
            best[key] = (rank, value)
    return {key: value for key, (_, value) in best.items()}


def forecast_made(rows: Iterable[FigureRow], period: str) -> dict[int, str]:
    """The period each unit's standing forecast was made at, to tell entered from carried."""
    made = ((uid, code, code) for uid, _y, code, measure, _a in rows if measure == "forecast")
    return standing(made, period, "stands")


def budget_records(rows: Iterable[FigureRow]) -> dict[int, list[tuple[str, int]]]:
    """Each unit's recorded budgets of one year in period order: the original, then changes."""
    found: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for unit_id, _year, code, measure, amount in rows:
        if measure == "budget" and (p := BY_CODE.get(code)) is not None:
            found[unit_id].append((p.order, code, amount))
    return {uid: [(code, amount) for _, code, amount in sorted(r)] for uid, r in found.items()}


def budget_original(rows: Iterable[FigureRow]) -> dict[int, int]:
    """Each unit's original budget of the year: its earliest recorded budget."""
    return {uid: recs[0][1] for uid, recs in budget_records(rows).items() if recs}


def standing_period(recorded: Iterable[str], period: str, *, carried: bool) -> str | None:
    """Which of a figure's recorded periods counts at a follow-up: ``carried`` for a budget
    or an anslag, else an utfall's own period (see ``ranks``)."""
    table = ranks(period, "carried" if carried else "own")
    found = [(table[code], code) for code in recorded if code in table]
    return max(found)[1] if found else None
