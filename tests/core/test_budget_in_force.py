"""Budget in force and forecasts that stand until replaced, on small trees of units.

N (nämnd) → K (kontor) → A, B, C (verksamheter). Amounts are plain öre; rows are recorded
figures (unit, year, period, measure, amount) as the store keeps them.
"""

from __future__ import annotations

from ksui.core.drift import DriftRow
from ksui.core.figures import FigureRow, figures_at
from ksui.core.models import OrgTree, Unit
from ksui.core.narrative import narrative
from ksui.core.report import ReportData
from ksui.core.validation.drift import check_rollups

N = Unit(1, None, "namnd", "Nämnden")
K = Unit(2, 1, "kontor", "Kontoret", position=0)
P = Unit(6, 1, "politisk_ledning", "Politisk ledning", position=1)
A = Unit(3, 2, "verksamhet", "A", position=0)
B = Unit(4, 2, "verksamhet", "B", position=1)
C = Unit(5, 2, "verksamhet", "C", position=2)
TREE = OrgTree.build([N, K, P, A, B, C])


def budgets(period: str = "m01") -> list[FigureRow]:
    """The year's original budgets: A 100, B 200, C 300, politisk ledning 50."""
    return [
        (A.id, 2017, period, "budget", 100),
        (B.id, 2017, period, "budget", 200),
        (C.id, 2017, period, "budget", 300),
        (P.id, 2017, period, "budget", 50),
    ]


def report(
    rows: list[FigureRow], period: str, comments: dict[tuple[str, int, str], str] | None = None
) -> ReportData:
    """A ReportData over ``rows`` at ``period``."""
    return ReportData(
        N,
        2017,
        period,
        TREE,
        figures_at(rows, period),
        {},
        rows=tuple(rows),
        comments=comments or {},
    )


def by_name(data: ReportData) -> dict[str, DriftRow]:
    return {r.unit.name: r for r in data.drift()}


# -- item 2: forecasts -------------------------------------------------------------------------


def test_a_unit_without_any_forecast_lands_on_its_budget() -> None:
    rows = by_name(report(budgets(), "m05"))
    for name, budget in (("A", 100), ("B", 200), ("C", 300), ("Politisk ledning", 50)):
        assert rows[name].figures.forecast == budget
        assert rows[name].forecast_source == "budget"
        assert rows[name].forecast_deviation == 0
    # Nobody forecast anything: the totals are assumed too, never null, never collapsed.
    assert rows["Kontoret"].figures.forecast == 600
    assert rows["Kontoret"].forecast_source == "budget"
    assert rows["Nämnden"].figures.forecast == 650
    assert not rows["Nämnden"].has_forecast


def test_a_forecast_stands_until_replaced_entered_then_carried() -> None:
    rows = [*budgets(), (A.id, 2017, "t1", "forecast", 90)]
    at_t1 = by_name(report(rows, "t1"))
    assert (at_t1["A"].figures.forecast, at_t1["A"].forecast_source) == (90, "entered")
    at_m06 = by_name(report(rows, "m06"))
    assert (at_m06["A"].figures.forecast, at_m06["A"].forecast_source) == (90, "carried")
    at_bokslut = by_name(report(rows, "bokslut"))
    assert at_bokslut["A"].forecast_source == "carried"
    # Before it was made it does not count: A is assumed at its budget.
    assert by_name(report(rows, "m03"))["A"].forecast_source == "budget"


def test_a_partly_forecasting_set_of_children_sums_with_the_rest_assumed() -> None:
    rows = [*budgets(), (A.id, 2017, "delar", "forecast", 130)]
    got = by_name(report(rows, "delar"))
    # A forecasts 130, B and C are assumed at 200 and 300: the kontor 630, not A's 130.
    assert got["B"].forecast_source == "budget"
    assert (got["Kontoret"].figures.forecast, got["Kontoret"].forecast_source) == (630, "children")
    assert got["Kontoret"].forecast_deviation == 600 - 630
    assert got["Nämnden"].figures.forecast == 680


def test_a_parents_own_forecast_is_not_hidden_by_some_of_its_children() -> None:
    """The issue's case: the kontor forecast 560 at delår, then one unit forecasts at m10."""
    rows = [
        *budgets(),
        (K.id, 2017, "delar", "forecast", 560),
        (P.id, 2017, "delar", "forecast", 50),
        (A.id, 2017, "m10", "forecast", 44),
    ]
    got = by_name(report(rows, "m10"))
    assert (got["Kontoret"].figures.forecast, got["Kontoret"].forecast_source) == (560, "carried")
    # The part of the kontor's figure A does not cover is shown as ej fördelat.
    assert got["Kontoret"].unallocated == 560 - 44
    assert (got["A"].figures.forecast, got["A"].forecast_source) == (44, "entered")
    # B and C are covered by the kontor's figure: no forecast of their own, none assumed.
    assert got["B"].figures.forecast is None and got["B"].forecast_source is None
    assert (got["Nämnden"].figures.forecast, got["Nämnden"].forecast_source) == (610, "children")
    # At delår the kontor's own was entered then.
    assert by_name(report(rows, "delar"))["Kontoret"].forecast_source == "entered"


def test_children_that_all_forecast_later_replace_the_parents_forecast() -> None:
    rows = [
        *budgets(),
        (K.id, 2017, "t1", "forecast", 560),
        (A.id, 2017, "delar", "forecast", 110),
        (B.id, 2017, "delar", "forecast", 190),
        (C.id, 2017, "m09", "forecast", 310),
    ]
    assert by_name(report(rows, "delar"))["Kontoret"].figures.forecast == 560  # C not yet
    got = by_name(report(rows, "m09"))
    assert (got["Kontoret"].figures.forecast, got["Kontoret"].forecast_source) == (610, "children")
    assert got["Kontoret"].unallocated is None
    # A new own forecast of the kontor stands again over its units'.
    rows.append((K.id, 2017, "m10", "forecast", 620))
    got = by_name(report(rows, "m10"))
    assert (got["Kontoret"].figures.forecast, got["Kontoret"].forecast_source) == (620, "entered")
    assert got["Kontoret"].unallocated == 620 - 610


# -- item 1: budget in force -------------------------------------------------------------------


def test_the_budget_in_force_is_the_latest_change_at_or_before_the_period() -> None:
    rows = [*budgets(), (A.id, 2017, "m09", "budget", 150)]
    assert by_name(report(rows, "delar"))["A"].budget == 100
    got = by_name(report(rows, "m09"))
    assert got["A"].budget == 150 and got["A"].budget_original == 100
    assert got["Kontoret"].budget == 650 and got["Kontoret"].budget_original == 600


def test_a_budget_change_after_a_forecast_moves_the_deviation_but_not_as_forecast() -> None:
    """Forecast 560 at delår against 600; then a tilläggsanslag of 50 from m10."""
    rows = [
        *budgets(),
        (K.id, 2017, "delar", "forecast", 560),
        (C.id, 2017, "m10", "budget", 350),
        (A.id, 2017, "bokslut", "actual", 100),
        (B.id, 2017, "bokslut", "actual", 200),
        (C.id, 2017, "bokslut", "actual", 335),
        (P.id, 2017, "bokslut", "actual", 50),
    ]
    assert by_name(report(rows, "delar"))["Kontoret"].forecast_deviation == 40
    data = report(rows, "bokslut")
    kontor = by_name(data)["Kontoret"]
    assert kontor.forecast_deviation == 650 - 560  # against the budget in force now
    made = data.forecast_as_made(K.id)
    assert made is not None and made.forecast_deviation == 600 - 560  # as it was forecast
    # The result 650 − 635 = 15 is 25 worse than the 40 forecast at delår.
    assert kontor.deviation == 15


def test_a_budget_change_before_a_forecast_counts_for_it() -> None:
    rows = [*budgets(), (C.id, 2017, "t1", "budget", 350), (K.id, 2017, "delar", "forecast", 600)]
    got = by_name(report(rows, "delar"))["Kontoret"]
    assert got.budget == 650 and got.forecast_deviation == 50


def test_budget_changes_list_when_how_much_and_why() -> None:
    rows = [
        *budgets(),
        (A.id, 2017, "m02", "budget", 100),  # the same amount again (as a SIE import writes)
        (A.id, 2017, "m09", "budget", 150),
        (C.id, 2017, "bokslut", "budget", 280),
    ]
    why = {("unit", A.id, "budget m09"): "Tilläggsanslag"}
    data = report(rows, "m10", why)
    changes = data.budget_changes()
    assert [(c.unit.name, c.period, c.before, c.change, c.after, c.reason) for c in changes] == [
        ("A", "m09", 100, 50, 150, "Tilläggsanslag"),
    ]
    assert [c.period for c in report(rows, "bokslut", why).budget_changes()] == ["m09", "bokslut"]
    assert report(rows, "bokslut", why).budget_changes(B.id) == []


def test_the_narrative_compares_the_result_with_the_forecast_as_made() -> None:
    rows = [
        *budgets(),
        (K.id, 2017, "delar", "forecast", 560),
        (P.id, 2017, "delar", "forecast", 50),
        (C.id, 2017, "m10", "budget", 350),
        (A.id, 2017, "bokslut", "actual", 100),
        (B.id, 2017, "bokslut", "actual", 200),
        (C.id, 2017, "bokslut", "actual", 300),
        (P.id, 2017, "bokslut", "actual", 50),
    ]
    assert "senaste helårsprognosen" in narrative(report(rows, "bokslut"))[0]
    # No forecast at all: no comparison with an assumed one.
    plain = [r for r in rows if r[3] != "forecast"]
    assert "helårsprognos" not in " ".join(narrative(report(plain, "bokslut")))


def test_check_does_not_call_a_standing_parent_forecast_hidden() -> None:
    rows = [*budgets(), (K.id, 2017, "delar", "forecast", 560), (A.id, 2017, "m10", "forecast", 44)]
    assert not [f for f in check_rollups(report(rows, "m10")) if "Prognos" in f.column]
