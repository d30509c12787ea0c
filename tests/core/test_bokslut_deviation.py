"""At bokslut the avvikelse is against the budget in force, not December's periodised budget.

A SIE import records the periodised budget month by month from #PBUDGET, so December's
year-to-date is the original budget; a tilläggsanslag from September is not in it. During
the year the avvikelse hittills stays against the periodised budget; at bokslut the year is
over, and Budget − Utfall must be what the row says.
"""

from __future__ import annotations

from ksui.core.drift import drift_rows
from ksui.core.models import DriftFigures, OrgTree, Unit

NAMND, A = 1, 2
TREE = OrgTree.build(
    [Unit(NAMND, None, "namnd", "Nämnden", "N", 0), Unit(A, NAMND, "verksamhet", "A", "110", 0)]
)


def _row(period: str, figures: DriftFigures) -> tuple[int | None, int | None]:
    rows = drift_rows(TREE, NAMND, 2024, {A: figures}, {}, period=period)
    return rows[1].deviation, rows[0].deviation


def test_bokslut_measures_against_the_budget_in_force() -> None:
    # Original 1 200, raised to 1 250 from September; December's periodised budget 1 200.
    figures = DriftFigures(budget=1_250, budget_ytd=1_200, actual=1_230)
    assert _row("bokslut", figures) == (20, 20)
    assert _row("m12", figures) == (-30, -30)  # a month: the periodised budget hittills
    assert _row("m10", DriftFigures(budget=1_250, budget_ytd=1_000, actual=990)) == (10, 10)


def test_without_a_periodised_budget_every_period_uses_the_budget() -> None:
    figures = DriftFigures(budget=1_250, actual=1_230)
    assert _row("bokslut", figures) == _row("delar", figures) == (20, 20)
