"""Rollups hold for any organisation tree: children sum to parents, deviations are exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as hs

from ksui.core.drift import drift_rows, rollup
from ksui.core.models import DriftFigures, OrgTree, Unit

amounts = hs.one_of(hs.none(), hs.integers(min_value=-(10**13), max_value=10**13))


@hs.composite
def shapes(draw: hs.DrawFn, largest: int = 40) -> OrgTree:
    """Any organisation under one nämnd: each unit hangs under one made before it."""
    size = draw(hs.integers(min_value=1, max_value=largest))
    units = [Unit(1, None, "namnd", "Nämnd")]
    for uid in range(2, size + 1):
        parent = draw(hs.integers(min_value=1, max_value=uid - 1))
        units.append(Unit(uid, parent, "verksamhet", f"Enhet {uid}", position=uid))
    return OrgTree.build(units)


@hs.composite
def trees(draw: hs.DrawFn) -> tuple[OrgTree, dict[int, DriftFigures]]:
    tree = draw(shapes())
    leaves = [uid for uid in tree.units if tree.is_leaf(uid)]
    figures = {
        uid: DriftFigures(budget=draw(amounts), forecast=draw(amounts), actual=draw(amounts))
        for uid in leaves
    }
    return tree, figures


@settings(max_examples=150, deadline=None)
@given(trees())
def test_children_sum_to_parent_at_every_level(case: tuple[OrgTree, dict[int, DriftFigures]]):
    tree, figures = case
    rolled = rollup(tree, figures)
    for uid in tree.units:
        kids = tree.kids(uid)
        if not kids:
            continue
        for measure in ("budget", "forecast", "actual"):
            present = [rolled[k].get(measure) for k in kids if rolled[k].get(measure) is not None]
            expected = sum(present) if present else None
            assert rolled[uid].get(measure) == expected


@settings(max_examples=150, deadline=None)
@given(trees())
def test_deviation_is_exact_and_adds_up(case: tuple[OrgTree, dict[int, DriftFigures]]) -> None:
    tree, figures = case
    rows = drift_rows(tree, 1, 2017, figures, {})
    by_id = {r.unit.id: r for r in rows}
    for row in rows:
        f = row.figures
        if f.budget is not None and f.actual is not None:
            assert row.deviation == f.budget - f.actual
    # Total deviation equals the sum of leaf deviations when every leaf has both figures.
    leaves = [r for r in rows if not r.has_children]
    if all(r.figures.budget is not None and r.figures.actual is not None for r in leaves):
        assert by_id[1].deviation == sum(r.deviation or 0 for r in leaves)


def test_parent_keeps_own_figure_only_where_children_have_none() -> None:
    units = [Unit(1, None, "namnd", "N"), Unit(2, 1, "kontor", "K"), Unit(3, 2, "verksamhet", "V")]
    tree = OrgTree.build(units)
    rolled = rollup(tree, {2: DriftFigures(forecast=50, actual=999), 3: DriftFigures(actual=7)})
    assert rolled[2].forecast == 50  # no child forecasts: the kontor's own stands
    assert rolled[2].actual == 7  # the child's actual wins over the kontor's own
    assert rolled[1].forecast == 50
