"""The forecast workflow for both front ends: suggest, accept, mark klar, and how the year's
forecasts compared with the outcome (prognossäkerhet).

A prognosförslag is made for units without units below them (leaves), from their own
actual so far, their budget in force and last year's months (``ksui.core.forecasts``); a
parent's forecast is the sum of its units' by the drift table's rule. Accepting writes the
suggestions as the units' forecasts at the follow-up, one audited change set however many.
"""

from __future__ import annotations

from dataclasses import dataclass

from ksui.actions.errors import ActionError
from ksui.core.forecasts import Suggestion, closing_month, suggest
from ksui.core.models import Unit
from ksui.core.months import MonthSeries, month_series
from ksui.core.periods import BY_CODE
from ksui.core.report import ReportData
from ksui.store import Store
from ksui.store import forecasts as stored
from ksui.store.months import month_rows
from ksui.store.writes import Written


@dataclass(frozen=True)
class UnitSuggestion:
    """A leaf's prognosförslag at a follow-up, beside the forecast it has now (öre)."""

    unit: Unit
    suggestion: Suggestion
    budget: int | None
    actual: int | None
    #: The forecast recorded at exactly this follow-up, None when there is none.
    entered: int | None


@dataclass(frozen=True)
class UnitForecasts:
    """Every forecast made for a unit in a year, and the year's outcome (None before bokslut)."""

    unit: Unit
    forecasts: tuple[tuple[str, int], ...]
    outcome: int | None


def leaves(data: ReportData) -> list[Unit]:
    """The units below the committee without units below them, in tree order."""
    tree = data.tree
    return [
        tree.units[uid]
        for uid, depth in tree.walk(data.committee.id)
        if depth > 0 and tree.is_leaf(uid)
    ]


def last_year_pattern(series: MonthSeries | None) -> list[int | None] | None:
    """Last year's year-to-date actual per month, or None when it has no month but December
    (a year-end figure alone is no pattern)."""
    if series is None:
        return None
    pattern = [m.actual_ytd for m in series.months]
    return pattern if any(v is not None for v in pattern[:11]) else None


def suggestion_for(
    data: ReportData, unit_id: int, last_year: MonthSeries | None = None
) -> UnitSuggestion:
    """A leaf's prognosförslag at the report's follow-up; ``last_year`` is its months of
    the year before (read by the caller, so the TUI can read them on its worker)."""
    if unit_id not in data.tree.units or unit_id == data.committee.id:
        raise ActionError("prognosförslag görs för enheterna, inte för nämnden")
    unit = data.tree.units[unit_id]
    if not data.tree.is_leaf(unit_id):
        raise ActionError(
            f"{unit.name} har enheter under sig: prognosförslag görs för dem; deras summa "
            "blir enhetens prognos när alla har en prognos som är nyare än enhetens egen"
        )
    own = data.figures.get(unit_id)
    budget = own.budget if own else None
    actual = own.actual if own else None
    month = closing_month(data.period)
    found = suggest(budget, actual, month, last_year_pattern(last_year))
    return UnitSuggestion(unit, found, budget, actual, data.exact.get((unit_id, "forecast")))


def suggestions(store: Store, data: ReportData, unit_id: int | None = None) -> list[UnitSuggestion]:
    """The prognosförslag of one leaf, or of every leaf of the committee."""
    targets = [data.tree.units[unit_id]] if unit_id is not None else leaves(data)
    rows = month_rows(store, data.committee.id, data.year - 1)
    out = []
    for unit in targets:
        series = month_series(data.tree, unit.id, data.year - 1, rows) if rows else None
        out.append(suggestion_for(data, unit.id, series))
    return out


def pending(data: ReportData) -> list[Unit]:
    """Leaves with no forecast recorded at the follow-up itself but a budget or an actual to
    suggest one from: what "accept all" fills in."""
    out = []
    for unit in leaves(data):
        own = data.figures.get(unit.id)
        if (unit.id, "forecast") in data.exact or own is None:
            continue
        if own.budget is not None or own.actual is not None:
            out.append(unit)
    return out


@dataclass(frozen=True)
class Accepted:
    """What accepting wrote, so a front end can show each unit's old and new forecast."""

    written: Written
    #: The suggestions accepted, in tree order (those with an amount to write).
    units: tuple[UnitSuggestion, ...]


def accept_suggestions(
    store: Store, data: ReportData, unit_id: int | None = None, *, reason: str | None = None
) -> Accepted:
    """Write the prognosförslag as the forecast: of one leaf, or (None) of every leaf without
    a forecast at the follow-up. One audited change set, None when nothing changed."""
    found = suggestions(store, data, unit_id)
    if unit_id is None:
        waiting = {u.id for u in pending(data)}
        found = [s for s in found if s.unit.id in waiting]
    chosen = tuple(s for s in found if s.suggestion.amount is not None)
    if unit_id is not None and not chosen:
        raise ActionError(f"{data.tree.units[unit_id].name} har varken budget eller utfall")
    label = f"{BY_CODE[data.period].label.lower()} {data.year}"
    if unit_id is not None:
        what = f"Prognosförslag {data.tree.units[unit_id].name} {label}"
    else:
        what = f"Prognosförslag för {len(chosen)} enheter {label}"
    if not chosen:
        return Accepted(Written(None), ())
    amounts = {s.unit.id: s.suggestion.amount for s in chosen if s.suggestion.amount is not None}
    return Accepted(
        Written(stored.set_forecasts(store, data.year, data.period, amounts, what, reason)), chosen
    )


def accept(
    store: Store, data: ReportData, unit_id: int | None = None, *, reason: str | None = None
) -> Written:
    """Write the prognosförslag as the forecast: of one leaf, or (None) of every leaf without
    a forecast at the follow-up. One audited change set; None when nothing changed."""
    return accept_suggestions(store, data, unit_id, reason=reason).written


def accept_all(store: Store, committee_id: int, year: int, period: str) -> Written:
    """Accept the prognosförslag of every leaf of a committee without a forecast at the
    follow-up, reading the figures afresh (the TUI's worker calls this)."""
    from ksui.store import read

    tree = read.org_tree(store, committee_id)
    if committee_id not in tree.units:
        raise ActionError(f"okänd nämnd med id {committee_id}")
    data = read.load_report(store, tree.units[committee_id], year, period)
    return accept(store, data, None)


def mark_done(store: Store, unit_id: int, year: int, period: str, done: bool = True) -> Written:
    """Mark a leaf's forecast klar at a follow-up (False: take the mark back)."""
    from ksui.store import read

    tree = read.tree_of_unit(store, unit_id)
    unit = tree.units.get(unit_id)
    if unit is None:
        raise ActionError(f"okänd enhet med id {unit_id}")
    if unit.kind in ("kommun", "namnd"):
        raise ActionError("klar markeras per enhet, inte för nämnden")
    if not tree.is_leaf(unit_id):
        raise ActionError(f"{unit.name} har enheter under sig: markera dem klara")
    return Written(stored.set_done(store, unit_id, year, period, done))


def done_count(data: ReportData) -> tuple[int, int]:
    """How many of the committee's leaves are marked klar at the follow-up, of how many."""
    units = leaves(data)
    return sum(1 for u in units if u.id in data.forecast_done), len(units)


def history(data: ReportData, unit_id: int | None = None) -> list[UnitForecasts]:
    """Every follow-up of the year a forecast was made at, per unit (the committee first),
    with the forecast as the drift table showed it then, against the outcome at bokslut.

    A unit is listed when it, or a unit below it, has a forecast recorded in the year (or
    when it is asked for). The outcome is the year's actual; None before bokslut.
    """
    tree = data.tree
    made: dict[str, set[int]] = {}
    for uid, _year, code, measure, _amount in data.rows:
        if measure == "forecast" and code in BY_CODE:
            made.setdefault(code, set()).add(uid)
    periods = sorted(made, key=lambda c: BY_CODE[c].order)
    shown = {code: {r.unit.id: r for r in data.at(code).drift()} for code in periods}
    closing = {r.unit.id: r for r in data.at("bokslut").drift()}
    ids = [uid for uid, _ in tree.walk(data.committee.id)]
    if unit_id is not None:
        ids = [unit_id]
    out = []
    for uid in ids:
        below = {u for u, _ in tree.walk(uid)}
        entries = []
        for code in periods:
            row = shown[code].get(uid)
            if made[code] & below and row is not None and row.has_forecast:
                entries.append((code, row.figures.forecast or 0))
        if not entries and unit_id is None:
            continue
        final = closing.get(uid)
        outcome = final.figures.actual if final is not None else None
        out.append(UnitForecasts(tree.units[uid], tuple(entries), outcome))
    return out
