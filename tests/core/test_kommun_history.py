"""A kommun's earlier years compare like with like (``ksui.core.drift.missing_before``).

A kommun file is made of nämnd files, and one may come without its history (a nämnd that
started with ksui this year). The kommun's net cost of an earlier year would then be the
sum of the other nämnder only, and its nettokostnadsutveckling compare unlike sets: a
kommun of two equal nämnder would "grow" by 100 %. So the kommun has no figure for such a
year, and a check says which nämnd lacks it. Inside a nämnd a unit without history is a new
unit: its parents keep summing what there is, as before.
"""

from __future__ import annotations

from ksui.core.drift import DriftRow, drift_rows
from ksui.core.models import DriftFigures, OrgTree, Unit
from ksui.core.report import ReportData
from ksui.core.validation import VARNING, check_kommun_history, validate

KOMMUN, BUN, KFN, SKOLA, FRITIDS, NY = 1, 2, 3, 4, 5, 6
TREE = OrgTree.build(
    [
        Unit(KOMMUN, None, "kommun", "Provkommun"),
        Unit(BUN, KOMMUN, "namnd", "Barn- och utbildningsnämnden", position=0),
        Unit(KFN, KOMMUN, "namnd", "Kultur- och fritidsnämnden", position=1),
        Unit(SKOLA, BUN, "verksamhet", "Skola", position=0),
        Unit(FRITIDS, KFN, "verksamhet", "Fritidsgårdar", position=0),
        Unit(NY, KFN, "verksamhet", "Ny verksamhet", position=1),
    ]
)
TKR = 100_000
NOW = {
    SKOLA: DriftFigures(budget=100 * TKR, actual=100 * TKR),
    FRITIDS: DriftFigures(actual=100 * TKR),
}


def rows(
    history: dict[int, dict[int, int]], figures: dict[int, DriftFigures] | None = None
) -> dict[int, DriftRow]:
    """The drift rows by unit id, 2017 at bokslut, ``history`` the earlier years' net cost."""
    found = drift_rows(TREE, KOMMUN, 2017, figures or NOW, history)
    return {row.unit.id: row for row in found}


def test_a_nämnd_without_last_year_leaves_the_kommun_without_it() -> None:
    found = rows({2016: {SKOLA: 90 * TKR}, 2015: {SKOLA: 80 * TKR}})
    kommun = found[KOMMUN]
    assert kommun.figures.actual == 200 * TKR
    # Not 90 tkr (the one nämnd that has it), which would be a growth of 122 %.
    assert kommun.previous_net_cost is None
    assert kommun.net_cost_change_pct is None
    assert kommun.net_cost == {2015: None, 2016: None, 2017: 200 * TKR}
    # The nämnd that has its history keeps it.
    assert found[BUN].previous_net_cost == 90 * TKR
    assert found[KFN].previous_net_cost is None


def test_a_year_no_nämnd_has_is_simply_missing() -> None:
    found = rows({2016: {}})
    assert found[KOMMUN].net_cost == {2016: None, 2017: 200 * TKR}
    assert check_kommun_history(_report(KOMMUN, {2016: {}})) == []


def test_with_every_nämnd_the_kommun_sums_them() -> None:
    found = rows({2016: {SKOLA: 90 * TKR, FRITIDS: 110 * TKR}})
    assert found[KOMMUN].previous_net_cost == 200 * TKR
    assert found[KOMMUN].net_cost_change_pct == 0


def test_a_nämnd_without_utfall_this_year_does_not_count() -> None:
    """A nämnd with nothing this year is not left out of this year's sum either."""
    figures = {SKOLA: DriftFigures(actual=100 * TKR)}
    found = rows({2016: {SKOLA: 90 * TKR}}, figures)
    assert found[KOMMUN].previous_net_cost == 90 * TKR


def test_inside_a_nämnd_a_new_unit_is_summed_as_before() -> None:
    figures = {**NOW, NY: DriftFigures(actual=10 * TKR)}
    found = rows({2016: {SKOLA: 90 * TKR, FRITIDS: 95 * TKR}}, figures)
    assert found[KFN].previous_net_cost == 95 * TKR  # Ny verksamhet is new this year
    assert found[KOMMUN].previous_net_cost == 185 * TKR


def _report(committee: int, history: dict[int, dict[int, int]]) -> ReportData:
    return ReportData(
        committee=TREE.units[committee],
        year=2017,
        period="bokslut",
        tree=TREE,
        figures=NOW,
        net_cost_by_year=history,
    )


def test_the_check_names_the_nämnd_and_the_years() -> None:
    findings = check_kommun_history(_report(KOMMUN, {2016: {SKOLA: 90 * TKR}, 2015: {}}))
    assert [(f.row, f.column, f.severity) for f in findings] == [
        ("Provkommun", "Nettokostnad 2016", VARNING)
    ]
    (finding,) = findings
    assert "Kultur- och fritidsnämnden saknar 2016" in finding.message
    assert "nettokostnadsutveckling" in finding.message
    assert finding in validate(_report(KOMMUN, {2016: {SKOLA: 90 * TKR}}))


def test_no_check_where_nothing_is_missing_or_the_report_is_a_nämnd() -> None:
    complete = {2016: {SKOLA: 90 * TKR, FRITIDS: 110 * TKR}}
    assert check_kommun_history(_report(KOMMUN, complete)) == []
    assert check_kommun_history(_report(KFN, {2016: {SKOLA: 90 * TKR}})) == []
