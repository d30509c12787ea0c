"""Which recorded drift figure counts at a follow-up: the rule every reader of figures shares."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ksui.core.models import DriftFigures
from ksui.core.periods import BY_CODE, TWINS, reach

#: A recorded drift figure as the store keeps it: (unit id, year, period code, measure, öre).
FigureRow = tuple[int, int, str, str, int]


def figures_at(rows: Iterable[FigureRow], period: str) -> dict[int, DriftFigures]:
    """Each unit's own figures as they stand at a follow-up, from one year's recorded rows.

    Budget and forecast are the latest recorded at or before the period (an allocation or
    forecast stands until it is changed; failing that, the year's first budget; T1 counts
    as April and delår as August, see ``reach``); actuals and periodised budgets are those
    recorded for the period itself, else its twin (T1 for April), else its month.
    Rows of an unknown period code are ignored; the year field is not looked at.
    """
    target = BY_CODE[period]
    month_code = f"m{target.month:02d}"
    twin = TWINS.get(period)
    best: dict[tuple[int, str], tuple[tuple[int, int, int], int]] = {}
    for unit_id, _year, code, measure, amount in rows:
        p = BY_CODE.get(code)
        if p is None:
            continue
        if measure in ("budget", "forecast"):
            at = reach(code, period)
            if at is not None:
                rank = (1, at, int(code == period))
            elif measure == "budget":
                rank = (0, -p.order, 0)
            else:
                continue
        elif code == period:
            rank = (3, 0, 0)
        elif code == twin:
            rank = (2, 0, 0)
        elif code == month_code:
            rank = (1, 0, 0)
        else:
            continue
        key = (unit_id, measure)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, amount)
    values: dict[int, dict[str, int]] = defaultdict(dict)
    for (unit_id, measure), (_, amount) in best.items():
        values[unit_id][measure] = amount
    return {uid: DriftFigures(**vals) for uid, vals in values.items()}


def forecast_made(rows: Iterable[FigureRow], period: str) -> dict[int, str]:
    """The period each unit's standing forecast was made at, to tell entered from carried."""
    best: dict[int, tuple[tuple[int, bool], str]] = {}
    for unit_id, _year, code, measure, _amount in rows:
        at = reach(code, period) if measure == "forecast" else None
        if at is None:
            continue
        rank = (at, code == period)
        if unit_id not in best or rank > best[unit_id][0]:
            best[unit_id] = (rank, code)
    return {uid: code for uid, (_, code) in best.items()}


def budget_records(rows: Iterable[FigureRow]) -> dict[int, list[tuple[str, int]]]:
    """Each unit's recorded budgets of one year in period order: the original, then changes."""
    found: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for unit_id, _year, code, measure, amount in rows:
        p = BY_CODE.get(code)
        if measure == "budget" and p is not None:
            found[unit_id].append((p.order, code, amount))
    return {uid: [(code, amount) for _, code, amount in sorted(r)] for uid, r in found.items()}


def budget_original(rows: Iterable[FigureRow]) -> dict[int, int]:
    """Each unit's original budget of the year: its earliest recorded budget."""
    return {uid: recs[0][1] for uid, recs in budget_records(rows).items() if recs}


def standing_period(recorded: Iterable[str], period: str, *, carried: bool) -> str | None:
    """Which of a figure's recorded periods counts at a follow-up, by the drift rule.

    ``carried`` (a budget, an anslag): the latest at or before the period, else the year's
    first. Otherwise (an utfall, year to date): the period's own record, else its twin's or
    its month's (delår reads August, April reads T1); never another period's, so a year-end
    figure is not shown at delår. The resultaträkning and the investments share this with
    ``figures_at``.
    """
    codes = {code for code in recorded if code in BY_CODE}
    if carried:
        before = [
            (at, code == period, code) for code in codes if (at := reach(code, period)) is not None
        ]
        if before:
            return max(before)[2]
        return min(codes, key=lambda code: BY_CODE[code].order, default=None)
    for candidate in (period, TWINS.get(period), f"m{BY_CODE[period].month:02d}"):
        if candidate in codes:
            return candidate
    return None
