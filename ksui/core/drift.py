"""Drift calculations: rollups, avvikelse, share of the allocation, nettokostnadsutveckling.

Formulas follow shared/domain.md: ``avvikelse = budget − utfall`` (positive is a surplus),
``prognosavvikelse = budget − prognos`` and
``nettokostnadsutveckling = (NK(år) − NK(år−1)) / |NK(år−1)| × 100``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ksui.core.models import MEASURE_LABELS, MEASURES, DriftFigures, OrgTree, Unit


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
            values: dict[str, int | None] = {}
            for measure in MEASURES:
                child_values = [result[k].get(measure) for k in kids]
                present = [v for v in child_values if v is not None]
                values[measure] = sum(present) if present else mine.get(measure)
            result[unit_id] = DriftFigures(**values)
    return result


def rollup_measure(tree: OrgTree, own: Mapping[int, int]) -> dict[int, int | None]:
    """Roll up one amount per unit (e.g. a year's net cost) with the same rule as ``rollup``."""
    wrapped = {uid: DriftFigures(actual=v) for uid, v in own.items()}
    return {uid: figs.actual for uid, figs in rollup(tree, wrapped).items()}


@dataclass(frozen=True)
class DriftRow:
    """One line of the drift table: a unit with its rolled-up figures and net cost trend."""

    unit: Unit
    depth: int
    figures: DriftFigures
    net_cost: dict[int, int | None] = field(default_factory=dict)
    year: int = 0
    has_children: bool = False

    @property
    def budget(self) -> int | None:
        """The allocation in force at the period."""
        return self.figures.budget

    @property
    def deviation(self) -> int | None:
        """Avvikelse (resultat): the periodised budget when there is one, else the budget."""
        budget = self.figures.budget_ytd if self.figures.budget_ytd is not None else self.budget
        return deviation(budget, self.figures.actual)

    @property
    def forecast_deviation(self) -> int | None:
        """Prognosavvikelse: budget minus the full-year forecast."""
        return deviation(self.figures.budget, self.figures.forecast)

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


def drift_rows(
    tree: OrgTree,
    root: int,
    year: int,
    figures: Mapping[int, DriftFigures],
    net_cost_by_year: Mapping[int, Mapping[int, int]],
) -> list[DriftRow]:
    """Build the drift table below ``root``: every level rolled up, in report order.

    ``figures`` are the units' own figures at the chosen period; ``net_cost_by_year`` the
    own year-end net costs per year, for the trend columns.
    """
    sub = tree.subtree(root)
    rolled = rollup(sub, figures)
    trend = {y: rollup_measure(sub, own) for y, own in net_cost_by_year.items()}
    rows = []
    for unit_id, depth in sub.walk(root):
        net_cost = {y: trend[y].get(unit_id) for y in sorted(trend)}
        net_cost[year] = rolled[unit_id].actual
        rows.append(
            DriftRow(
                unit=sub.units[unit_id],
                depth=depth,
                figures=rolled[unit_id],
                net_cost=net_cost,
                year=year,
                has_children=not sub.is_leaf(unit_id),
            )
        )
    return rows


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
    if unit_id not in tree.units:
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
