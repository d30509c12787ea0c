"""Drift calculations: rollups, avvikelse, share of the allocation, nettokostnadsutveckling.

Formulas follow shared/domain.md: ``avvikelse = budget − utfall`` (positive is a surplus),
``prognosavvikelse = budget − prognos`` and
``nettokostnadsutveckling = (NK(år) − NK(år−1)) / |NK(år−1)| × 100``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace
from decimal import Decimal

from ksui.core.models import MEASURE_LABELS, DriftFigures, OrgTree, Unit
from ksui.core.periods import BY_CODE, reach
from ksui.core.records import record


def deviation(budget: int | None, spent: int | None) -> int | None:
    """Budget minus actual (or forecast); undefined unless both are recorded."""
    if budget is None or spent is None:
        return None
    return budget - spent


def share_pct(part: int | None, whole: int | None) -> Decimal | None:
    """``part / whole × 100`` exactly, e.g. the result's share of the kommunbidrag."""
    if part is None or not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def change_pct(current: int | None, previous: int | None) -> Decimal | None:
    """Year-over-year change in percent of the previous year's absolute value.

    Undefined (None) when a year is missing or the previous year is zero, rather than
    an infinite or misleading number.
    """
    if current is None or previous is None or previous == 0:
        return None
    return Decimal(current - previous) * 100 / Decimal(abs(previous))


def rollup(tree: OrgTree, own: Mapping[int, DriftFigures]) -> dict[int, DriftFigures]:
    """Sum figures up the tree, measure by measure.

    A parent's measure is the sum of its children's when any child records it; a parent
    keeps its own figure only where no unit below records that measure (the report gives,
    for instance, a prognos for the kontor as a whole but not per verksamhet).
    """
    result: dict[int, DriftFigures] = {}
    for root in tree.roots():
        for unit_id in tree.post_order(root):
            kids = tree.kids(unit_id)
            mine = own.get(unit_id, DriftFigures())
            if not kids:
                result[unit_id] = mine
                continue
            # Measure by measure: the children's figures transposed into columns.
            columns = zip(*[result[k] for k in kids], strict=True)
            values: list[int | None] = []
            for column, own_value in zip(columns, mine, strict=True):
                present = [v for v in column if v is not None]
                values.append(sum(present) if present else own_value)
            result[unit_id] = DriftFigures(*values)
    return result


def rollup_measure(tree: OrgTree, own: Mapping[int, int]) -> dict[int, int | None]:
    """Roll up one amount per unit (e.g. a year's net cost) with the same rule as ``rollup``
    (written out for one measure: the trend columns roll up every earlier year)."""
    result: dict[int, int | None] = {}
    for root in tree.roots():
        for unit_id in tree.post_order(root):
            present = [v for k in tree.kids(unit_id) if (v := result[k]) is not None]
            result[unit_id] = sum(present) if present else own.get(unit_id)
    return result


#: Where a unit's forecast comes from: made at this follow-up, carried from an earlier one,
#: assumed to land on the budget in force, or summed from the units below.
FORECAST_SOURCES = ("entered", "carried", "budget", "children")
FORECAST_SOURCE_LABELS = {
    "entered": "inlagd",
    "carried": "från tidigare period",
    "budget": "antagen = budget",
    "children": "summa av enheterna under",
}


@record
class Forecast:
    """A unit's full-year forecast at a follow-up, where it comes from, and what is unallocated.

    ``unallocated`` ("ej fördelat") is the part of a unit's own forecast that the forecasts
    of the units below it do not cover; None unless the unit's own figure stands over them.
    """

    amount: int | None = None
    source: str | None = None
    unallocated: int | None = None


@record
class _Real:
    """A forecast somebody made (not assumed): its amount, source and the oldest period in it."""

    amount: int
    source: str
    made: int


def forecasts(
    tree: OrgTree,
    own: Mapping[int, int],
    made: Mapping[int, str],
    period: str,
    budgets: Mapping[int, int | None],
) -> dict[int, Forecast]:
    """Each unit's forecast at ``period``: stands until replaced, and a total never collapses.

    ``own`` is each unit's latest own forecast at or before the period, ``made`` the period
    it was made at, ``budgets`` the rolled-up budgets in force. The rules, top down:

    * A parent's own forecast stands (``entered``/``carried``) until every unit directly
      below it has a forecast made after it; then their sum replaces it (``children``).
      The part of a standing forecast its forecasting units do not cover is ``unallocated``
      (ej fördelat), and the units below that have none of their own show none: the
      parent's figure covers them.
    * A unit with no forecast of its own (or from all units below) and no ancestor's figure
      over it is assumed to land on its budget in force (``budget``); a parent without its
      own sums its units, forecast or assumed (``children``, or ``budget`` when all are).
    """
    target = BY_CODE[period].order
    real: dict[int, _Real | None] = {}
    for root in tree.roots():
        for uid in tree.post_order(root):
            kids = [real[k] for k in tree.kids(uid)]
            mine = own.get(uid)
            at = reach(made[uid], period) if uid in made else None
            made_at = target if at is None else at
            full = [k for k in kids if k is not None]
            oldest = min((k.made for k in full), default=0)
            if kids and len(full) == len(kids) and (mine is None or oldest > made_at):
                real[uid] = _Real(sum(k.amount for k in full), "children", oldest)
            elif mine is not None:
                real[uid] = _Real(mine, "entered" if made_at == target else "carried", made_at)
            else:
                real[uid] = None
    out: dict[int, Forecast] = {}

    def place(uid: int, covered: bool) -> Forecast:
        kids = tree.kids(uid)
        found = real[uid]
        if found is not None:
            unallocated = None
            if found.source in ("entered", "carried") and kids:
                below = [real[k] for k in kids]
                unallocated = found.amount - sum(k.amount for k in below if k is not None)
            for kid in kids:
                place(kid, found.source != "children")
            result = Forecast(found.amount, found.source, unallocated)
        elif covered:
            for kid in kids:
                place(kid, True)
            result = Forecast()
        elif not kids:
            budget = budgets.get(uid)
            result = Forecast(budget, "budget" if budget is not None else None)
        else:
            placed = [place(kid, False) for kid in kids]
            present = [f for f in placed if f.amount is not None]
            budget = budgets.get(uid)
            if not present:
                result = Forecast(budget, "budget" if budget is not None else None)
            elif all(f.source == "budget" for f in present):
                result = Forecast(budget, "budget")
            else:
                result = Forecast(sum(f.amount or 0 for f in present), "children")
        out[uid] = result
        return result

    for root in tree.roots():
        place(root, False)
    return out


@record
class DriftRow:
    """One line of the drift table: a unit with its rolled-up figures and net cost trend."""

    unit: Unit
    depth: int
    figures: DriftFigures
    net_cost: dict[int, int | None] = field(default_factory=dict)
    year: int = 0
    has_children: bool = False
    #: The year's original budget (the first recorded), beside ``budget`` in force.
    budget_original: int | None = None
    #: entered, carried, budget or children (see ``forecasts``); None without a forecast.
    forecast_source: str | None = None
    #: Ej fördelat: the part of the unit's own forecast the units below do not cover.
    unallocated: int | None = None
    #: At bokslut the year is over: the avvikelse is against the budget in force, not the
    #: periodised budget recorded at December (which a budget change during the year misses).
    year_end: bool = False

    @property
    def budget(self) -> int | None:
        """The allocation in force at the period."""
        return self.figures.budget

    @property
    def deviation_budget(self) -> int | None:
        """The budget the avvikelse is measured against: before bokslut the periodised budget
        when there is one, else (and at bokslut) the budget in force."""
        if not self.year_end and self.figures.budget_ytd is not None:
            return self.figures.budget_ytd
        return self.budget

    @property
    def deviation(self) -> int | None:
        """Avvikelse (resultat): ``deviation_budget`` minus the actual."""
        return deviation(self.deviation_budget, self.figures.actual)

    @property
    def forecast_deviation(self) -> int | None:
        """Prognosavvikelse: budget minus the full-year forecast (0 when it is assumed)."""
        if self.forecast_source == "budget":
            return 0 if self.figures.forecast is not None else None
        return deviation(self.figures.budget, self.figures.forecast)

    @property
    def has_forecast(self) -> bool:
        """Whether anyone forecast this unit (or units below it), rather than assumed it."""
        return self.figures.forecast is not None and self.forecast_source != "budget"

    @property
    def previous_net_cost(self) -> int | None:
        """Net cost of the year before, for nettokostnadsutveckling."""
        return self.net_cost.get(self.year - 1)

    @property
    def net_cost_change(self) -> int | None:
        """Net cost this year minus last year, in öre."""
        return deviation(self.figures.actual, self.previous_net_cost)

    @property
    def net_cost_change_pct(self) -> Decimal | None:
        """Nettokostnadsutveckling in percent (unrounded)."""
        return change_pct(self.figures.actual, self.previous_net_cost)


def net_cost_trend(
    sub: OrgTree, net_cost_by_year: Mapping[int, Mapping[int, int]]
) -> dict[int, dict[int, int | None]]:
    """Each unit's net cost per earlier year, rolled up its tree (the trend columns)."""
    return {y: rollup_measure(sub, own) for y, own in net_cost_by_year.items()}


def missing_before(
    tree: OrgTree,
    kommun: int,
    now: Mapping[int, int | None],
    earlier: Mapping[int, int | None],
) -> list[int]:
    """The nämnder of a kommun with a figure ``now`` (this year's utfall, budget …) and none
    ``earlier`` (the same figure of an earlier year, rolled up). The kommun's sum of that
    year would leave them out and its change against it compare unlike sets (a nämnd's file
    consolidated without its history), so the kommun has no figure for that year. Inside a
    nämnd a unit without history is a new unit, and its parents sum what there is (a
    reorganisation moves cost between units, not in or out of the nämnd). Empty when no
    nämnd has the earlier figure: the kommun has none then either, and nothing is partial."""
    kids = tree.kids(kommun)
    if all(earlier.get(child) is None for child in kids):
        return []
    return [child for child in kids if now.get(child) is not None and earlier.get(child) is None]


def drift_rows(
    tree: OrgTree,
    root: int,
    year: int,
    figures: Mapping[int, DriftFigures],
    net_cost_by_year: Mapping[int, Mapping[int, int]],
    *,
    period: str = "bokslut",
    forecast_made: Mapping[int, str] | None = None,
    budget_original: Mapping[int, int] | None = None,
    subtree: OrgTree | None = None,
    trend: Mapping[int, Mapping[int, int | None]] | None = None,
) -> list[DriftRow]:
    """Build the drift table below ``root``: every level rolled up, in report order.

    ``figures`` are the units' own figures at ``period``; ``net_cost_by_year`` the own
    year-end net costs per year, for the trend columns; ``forecast_made`` the period each
    own forecast was made at (missing: at ``period``); ``budget_original`` the units' own
    original budgets of the year. Forecasts follow ``forecasts``. ``subtree`` (the tree
    below ``root``) and ``trend`` (``net_cost_trend``) may be passed when already made: an
    edit of this year's figures changes neither.
    """
    sub = subtree if subtree is not None else tree.subtree(root)
    rolled = rollup(sub, figures)
    own_forecast = {
        uid: f.forecast for uid, f in figures.items() if uid in sub.units and f.forecast is not None
    }
    made = dict(forecast_made or {})
    budgets = {uid: f.budget for uid, f in rolled.items()}
    forecast = forecasts(sub, own_forecast, made, period, budgets)
    original = rollup_measure(sub, dict(budget_original or {}))
    if trend is None:
        trend = net_cost_trend(sub, net_cost_by_year)
    rows = []
    years = [(y, trend[y]) for y in sorted(trend)]
    none = Forecast()
    for unit_id, depth in sub.walk(root):
        rolled_up = rolled[unit_id]
        net_cost = {y: by_unit.get(unit_id) for y, by_unit in years}
        if sub.units[unit_id].kind == "kommun":
            now = {k: rolled[k].actual for k in sub.kids(unit_id)}
            for y, by_unit in years:
                if missing_before(sub, unit_id, now, by_unit):
                    net_cost[y] = None  # the kommun's total of that year is not comparable
        net_cost[year] = rolled_up.actual
        fc = forecast.get(unit_id, none)
        rows.append(
            DriftRow(
                unit=sub.units[unit_id],
                depth=depth,
                # Made directly rather than by ``replace``, which costs several times more
                # on each of a large nämnd's thousands of rows.
                figures=DriftFigures(
                    rolled_up.budget, rolled_up.budget_ytd, fc.amount, rolled_up.actual
                ),
                net_cost=net_cost,
                year=year,
                has_children=not sub.is_leaf(unit_id),
                budget_original=original.get(unit_id),
                forecast_source=fc.source,
                unallocated=fc.unallocated,
                year_end=period == "bokslut",
            )
        )
    return rows


#: The positions of the last table's rows by unit id, with the tree the table is of.
_POSITIONS: list[tuple[OrgTree, dict[int, int]]] = []


class _Positions:
    """Where each unit's row is in a table, from the last table of the same tree when its
    rows are where they were (each one used is checked): one edit after another in a nämnd
    of thousands of units asks for the few along one path, and indexing every row each
    time cost more than summing the path."""

    def __init__(self, rows: list[DriftRow], sub: OrgTree) -> None:
        self.rows = rows
        self.sub = sub
        kept = _POSITIONS[0] if _POSITIONS else None
        self.found = kept[1] if kept is not None and kept[0] is sub else {}

    def __call__(self, unit_id: int) -> int | None:
        """The position of ``unit_id``'s row, None when it has none."""
        at = self.found.get(unit_id)
        if at is not None and at < len(self.rows) and self.rows[at].unit.id == unit_id:
            return at
        # Not kept, or kept for rows in another order: index these rows.
        self.found = {row.unit.id: i for i, row in enumerate(self.rows)}
        _POSITIONS[:] = [(self.sub, self.found)]
        return self.found.get(unit_id)


def repatch_measure(
    rows: list[DriftRow],
    sub: OrgTree,
    own: Mapping[int, DriftFigures],
    unit_id: int,
    measure: str,
) -> list[DriftRow]:
    """The drift table after one unit's own utfall or periodiserad budget changed: the unit
    and its parents summed again by the rule of ``rollup``, every other row as it was.

    Only for measures no forecast depends on ("actual", "budget_ytd"); ``own`` are the
    units' own figures after the change, ``rows`` the table before it.
    """
    if measure not in ("actual", "budget_ytd"):
        raise ValueError(f"only an utfall or a periodiserad budget is summed alone: {measure}")
    position = _Positions(rows, sub)
    current: int | None = unit_id
    while current is not None and (at := position(current)) is not None:
        kids = sub.kids(current)
        mine = own.get(current, DriftFigures())
        if kids:
            values = [_figure(rows, position(k), measure) for k in kids]
            present = [v for v in values if v is not None]
            value = sum(present) if present else mine.get(measure)
        else:
            value = mine.get(measure)
        row = rows[at]
        figures = row.figures._replace(**{measure: value})
        if measure == "actual":
            rows[at] = replace(row, figures=figures, net_cost={**row.net_cost, row.year: value})
        else:
            rows[at] = replace(row, figures=figures)
        parent = sub.units[current].parent_id
        current = parent if parent in sub.units else None
    return rows


def _figure(rows: list[DriftRow], at: int | None, measure: str) -> int | None:
    """A measure of the row at a position (None for a unit without a row)."""
    return None if at is None else rows[at].figures.get(measure)


def largest_deviations(rows: list[DriftRow], count: int = 3) -> list[DriftRow]:
    """The leaf units whose deviation is largest in size, surplus or deficit alike."""
    leaves = [r for r in rows if not r.has_children and r.deviation]
    return sorted(leaves, key=lambda r: abs(r.deviation or 0), reverse=True)[:count]


def parent_sum_refusal(
    tree: OrgTree, figures: Mapping[int, DriftFigures], unit_id: int, measure: str
) -> str | None:
    """Why a unit's figure may not be edited (the units below carry it), or None.

    A unit whose children record a measure shows their sum, so a figure of its own would be
    hidden by it. ``figures`` are the units' own figures at the follow-up (as
    ``ksui.store.read.drift_figures`` gives them); a front end may call this to refuse
    before it opens an edit box, and ``ksui.actions.edits.set_figure`` calls it on every write.
    """
    if unit_id not in tree.units or measure == "forecast":
        # A parent's own forecast stands beside its units' (see ``forecasts``): never hidden.
        return None
    sub = tree.subtree(unit_id)
    rolled = rollup(sub, figures)
    below = [
        tree.units[kid].name
        for kid in sub.kids(unit_id)
        if kid in rolled and rolled[kid].get(measure) is not None
    ]
    if not below:
        return None
    label = MEASURE_LABELS.get(measure, measure).lower()
    return (
        f"{tree.units[unit_id].name} är summan av enheterna under den ({', '.join(below)}); "
        f"ändra {label} för någon av dem"
    )
