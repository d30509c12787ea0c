"""What keeps `ksui summary` quick in the domain core, checked for what it must not change:
claims' patterns compiled only when a text could hold a claim, one measure rolled up as
all four are, records compared and hashed by value, the trend made once per tree."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as hs

from ksui.core import claims
from ksui.core.drift import rollup, rollup_measure
from ksui.core.models import DriftFigures, OrgTree, Unit
from ksui.core.report import ReportData
from ksui.core.validation.drift import check_rollups
from tests.core.test_rollup_property import shapes

NAMND = Unit(1, None, "namnd", "Nämnden")
KONTOR = Unit(2, 1, "kontor", "Kontoret", position=1)
A = Unit(3, 2, "verksamhet", "Verksamhet A", position=1)
B = Unit(4, 2, "verksamhet", "Verksamhet B", position=2)
UNITS = [NAMND, KONTOR, A, B]


def test_importing_the_claims_compiles_no_pattern() -> None:
    code = "import ksui.core.claims as c; print(c._re.cache_info().currsize)"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "0"


def test_a_text_without_an_amount_compiles_no_pattern_and_states_nothing() -> None:
    claims._re.cache_clear()
    text = "Underskottet beror på fler placeringar än budgeterat. Nettokostnaden steg."
    assert claims.unit_claims(text) == []
    assert claims.change_claims("Andelen gick från låg till hög.") == []
    assert claims.goal_count_claims("Alla områden bedöms Bra.") == []
    assert claims._re.cache_info().currsize == 1  # the digit test, nothing else
    # A text that may hold a claim is read as before.
    found = claims.unit_claims("Verksamheten redovisar ett Underskott på 1,5 mkr.")
    assert [(c.topic, str(c.value), c.unit) for c in found] == [("result", "-1.5", "mkr")]
    assert claims.goal_count_claims("Alla fyra MÅLEN bedöms Bra.")[0].count == 4
    assert claims.change_claims("från 25,9 till 29,9 %")[0].after_year is None


amounts = hs.one_of(hs.none(), hs.integers(min_value=-(10**12), max_value=10**12))


@hs.composite
def trees(draw: hs.DrawFn) -> tuple[OrgTree, dict[int, int]]:
    tree = draw(shapes(30))
    own = {uid: v for uid in tree.units if (v := draw(amounts)) is not None}
    return tree, own


@settings(max_examples=120, deadline=None)
@given(trees())
def test_one_measure_rolls_up_as_the_four_do(case: tuple[OrgTree, dict[int, int]]) -> None:
    tree, own = case
    whole = rollup(tree, {uid: DriftFigures(actual=v) for uid, v in own.items()})
    assert rollup_measure(tree, own) == {uid: f.actual for uid, f in whole.items()}


def test_drift_figures_are_values() -> None:
    figures = DriftFigures(budget=10, actual=7)
    assert figures == DriftFigures(10, None, None, 7)
    assert hash(figures) == hash(DriftFigures(budget=10, actual=7))
    assert figures._replace(actual=8) == DriftFigures(budget=10, actual=8)
    assert figures.actual == 7 and figures.get("budget") == 10


def test_records_compare_and_hash_by_their_fields() -> None:
    same = dataclasses.replace(KONTOR)
    assert same == KONTOR and same is not KONTOR
    assert {KONTOR: 1}[same] == 1
    assert dataclasses.replace(KONTOR, name="Annat") != KONTOR


def test_the_trend_is_made_again_for_another_tree() -> None:
    history = {2016: {A.id: 80, B.id: 30, KONTOR.id: 200}}
    data = ReportData(NAMND, 2017, "bokslut", OrgTree.build(UNITS), {}, history)
    assert data.trend()[2016][KONTOR.id] == 110
    assert data.trend() is data.trend()  # made once
    found = check_rollups(data, tolerance_ore=0)
    assert [(f.row, f.column) for f in found] == [("Kontoret", "Nettokostnad 2016")]
    # Unit B moved under the nämnd: the same years, a new tree (the memo is shared).
    moved = dataclasses.replace(B, parent_id=NAMND.id)
    other = dataclasses.replace(data, tree=OrgTree.build([NAMND, KONTOR, A, moved]))
    assert other.memo is data.memo
    assert other.trend()[2016][KONTOR.id] == 80
    assert other.trend()[2016][NAMND.id] == 110
