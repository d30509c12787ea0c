"""A unit's twelve months from the recorded year-to-date figures (``ksui.core.months``)."""

from __future__ import annotations

from ksui.core.figures import FigureRow
from ksui.core.models import OrgTree, Unit
from ksui.core.months import Month, month_series
from ksui.store import Store

TKR = 100_000

NAMND, KONTOR, A, B = 1, 2, 3, 4
TREE = OrgTree.build(
    [
        Unit(NAMND, None, "namnd", "Nämnden", "N", 0),
        Unit(KONTOR, NAMND, "kontor", "Kontoret", "K", 0),
        Unit(A, KONTOR, "verksamhet", "Ekonomi", "120", 0),
        Unit(B, KONTOR, "verksamhet", "HR", "130", 1),
    ]
)


def row(unit: int, period: str, measure: str, amount: int, year: int = 2024) -> FigureRow:
    return (unit, year, period, measure, amount)


def test_year_to_date_figures_become_each_months_change() -> None:
    rows = [
        row(A, "m01", "actual", 100),
        row(A, "m02", "actual", 250),
        row(A, "m03", "actual", 330),
        row(A, "m01", "budget_ytd", 120),
        row(A, "m02", "budget_ytd", 240),
        row(A, "m03", "budget_ytd", 360),
    ]
    months = month_series(TREE, A, 2024, rows).months
    assert len(months) == 12
    assert months[0] == Month(1, budget=120, actual=100, budget_ytd=120, actual_ytd=100)
    assert months[1] == Month(2, budget=120, actual=150, budget_ytd=240, actual_ytd=250)
    assert months[2].actual == 80 and months[2].deviation_ytd == 30
    assert months[3] == Month(4)


def test_a_month_after_a_gap_has_its_total_but_no_change() -> None:
    rows = [row(A, "m01", "actual", 100), row(A, "m03", "actual", 300)]
    months = month_series(TREE, A, 2024, rows).months
    assert months[1].actual_ytd is None
    assert months[2].actual_ytd == 300 and months[2].actual is None


def test_a_parent_is_the_sum_of_its_subtree() -> None:
    rows = [
        row(A, "m01", "actual", 100),
        row(B, "m01", "actual", 40),
        row(A, "m02", "actual", 210),
        row(B, "m02", "actual", 90),
        row(B, "m02", "budget_ytd", 80),
        row(KONTOR, "m02", "forecast", 999),
    ]
    for unit in (KONTOR, NAMND):
        months = month_series(TREE, unit, 2024, rows).months
        assert (months[0].actual_ytd, months[1].actual_ytd, months[1].actual) == (140, 300, 160)
        assert months[1].budget_ytd == 80 and months[1].budget is None
        # No unit below records a forecast, so the kontor's own one stands (the roll-up rule).
        assert months[1].forecast == 999
    assert month_series(TREE, NAMND, 2024, rows).unit.name == "Nämnden"


def test_a_forecast_stands_until_the_next_and_t1_closes_april() -> None:
    rows = [
        row(A, "m02", "forecast", 1000),
        row(A, "t1", "forecast", 1100),
        row(A, "delar", "forecast", 1200),
    ]
    forecasts = [m.forecast for m in month_series(TREE, A, 2024, rows).months]
    assert forecasts == [None, 1000, 1000, 1100, 1100, 1100, 1100, 1200, 1200, 1200, 1200, 1200]


def test_the_closing_follow_up_gives_a_months_actual_when_the_month_has_none() -> None:
    rows = [
        row(A, "m03", "actual", 30),
        row(A, "t1", "actual", 40),
        row(A, "m11", "actual", 110),
        row(A, "bokslut", "actual", 125),
    ]
    months = month_series(TREE, A, 2024, rows).months
    assert months[3].actual_ytd == 40 and months[3].actual == 10
    assert months[11].actual_ytd == 125 and months[11].actual == 15


def test_other_years_and_the_full_year_budget_are_left_out() -> None:
    rows = [
        row(A, "m01", "actual", 100, year=2023),
        row(A, "m01", "budget", 5000),
        row(A, "bokslut", "budget", 5000),
    ]
    series = month_series(TREE, A, 2024, rows)
    assert series.empty and series.last_actual == 0
    assert all(m == Month(m.month) for m in series.months)


def seed_months(store: Store) -> None:
    """Three months of Ekonomi and HR in the demo's 2017, and a forecast from February.

    Ekonomi: 3 000 tkr budget and 3 001 tkr actual a month, HR 2 000 and 2 001; the
    forecasts 36 500 and 24 500 tkr.
    """
    from ksui.actions.edits import set_figure

    for unit_id, base in ((5, 3000), (6, 2000)):
        for month in (1, 2, 3):
            period = f"m{month:02d}"
            set_figure(store, unit_id, 2017, period, "actual", (base + 1) * month * TKR)
            set_figure(store, unit_id, 2017, period, "budget_ytd", base * month * TKR)
        set_figure(store, unit_id, 2017, "m02", "forecast", (base * 12 + 500) * TKR)


def test_the_store_gives_the_same_months(store: Store) -> None:
    from ksui.actions.months import unit_months

    seed_months(store)
    ekonomi = unit_months(store, 5, 2017)
    assert [m.actual for m in ekonomi.months[:4]] == [3001 * TKR] * 3 + [None]
    assert ekonomi.months[2].budget_ytd == 9000 * TKR
    assert ekonomi.months[11].actual_ytd == 42_857 * TKR  # the demo's bokslut
    kontor = unit_months(store, 3, 2017)
    assert kontor.months[1].actual_ytd == 2 * 5002 * TKR
    # The kontor's helårsprognos is the drift table's at February: Ekonomi's and HR's forecasts
    # and the other units at their budgets (one unit's forecast never collapses the total).
    from ksui.store import read

    at_february = read.load_report(store, read.find_committee(store, None), 2017, "m02")
    kontor_row = next(r for r in at_february.drift() if r.unit.id == 3)
    assert kontor.months[1].forecast == kontor_row.figures.forecast
    assert kontor.months[1].forecast is not None
    assert kontor.months[1].forecast > (36_500 + 24_500) * TKR
