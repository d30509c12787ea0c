"""Which recorded figure counts at a follow-up (``ksui.core.figures.figures_at``)."""

from __future__ import annotations

from ksui.core.figures import FigureRow, figures_at, month_behind, stands_in
from ksui.core.models import DriftFigures
from ksui.core.periods import PERIODS, TWINS

UNIT = 7


def rows(*recorded: tuple[str, str, int]) -> list[FigureRow]:
    """One unit's rows of 2016 from (period, measure, amount)."""
    return [(UNIT, 2016, period, measure, amount) for period, measure, amount in recorded]


def test_budget_and_forecast_stand_until_changed() -> None:
    recorded = rows(
        ("m01", "budget", 100),
        ("t1", "budget", 120),
        ("m06", "budget", 130),
        ("t1", "forecast", 90),
        ("delar", "forecast", 95),
    )
    assert figures_at(recorded, "m05")[UNIT] == DriftFigures(budget=120, forecast=90)
    assert figures_at(recorded, "delar")[UNIT] == DriftFigures(budget=130, forecast=95)


def test_before_any_budget_the_years_first_counts_but_no_later_forecast() -> None:
    recorded = rows(("delar", "budget", 200), ("t1", "budget", 150), ("t1", "forecast", 90))
    assert figures_at(recorded, "m02")[UNIT] == DriftFigures(budget=150)


def test_actuals_are_the_periods_own_else_its_months() -> None:
    recorded = rows(
        ("m04", "actual", 40),
        ("t1", "actual", 41),
        ("m08", "actual", 80),
        ("m08", "budget_ytd", 75),
        ("m03", "actual", 30),
    )
    assert figures_at(recorded, "t1")[UNIT] == DriftFigures(actual=41)
    assert figures_at(recorded, "m04")[UNIT] == DriftFigures(actual=40)
    assert figures_at(recorded, "delar")[UNIT] == DriftFigures(budget_ytd=75, actual=80)


def test_no_actual_carries_over_from_an_earlier_period() -> None:
    assert figures_at(rows(("m03", "actual", 30)), "m05") == {}


def test_unknown_period_codes_are_ignored() -> None:
    assert figures_at(rows(("q2", "budget", 1), ("q2", "actual", 2)), "bokslut") == {}


def test_units_are_kept_apart() -> None:
    recorded = [(1, 2016, "bokslut", "actual", 10), (2, 2016, "bokslut", "actual", 20)]
    assert figures_at(recorded, "bokslut") == {
        1: DriftFigures(actual=10),
        2: DriftFigures(actual=20),
    }


def test_the_month_behind_a_period_is_the_one_whose_utfall_stands_there() -> None:
    """Only bokslut falls back to a month of its own (December); T1 and delår have twins."""
    assert {p.code: month_behind(p.code) for p in PERIODS if month_behind(p.code)} == {
        "bokslut": "m12"
    }
    for period in PERIODS:
        behind = month_behind(period.code)
        others = [p.code for p in PERIODS if p.code not in (period.code, TWINS.get(period.code))]
        standing = [code for code in others if figures_at(rows((code, "actual", 1)), period.code)]
        assert standing == ([behind] if behind else [])


def test_a_report_says_when_its_utfall_is_a_months() -> None:
    december = rows(("m12", "actual", 5), ("bokslut", "budget", 9))
    assert stands_in(december, "bokslut") == "m12"
    assert stands_in(december + rows(("bokslut", "actual", 6)), "bokslut") is None
    assert stands_in(december, "m12") is None  # December's own
    assert stands_in(rows(("m04", "actual", 4)), "t1") is None  # T1 is April: its twin
    assert stands_in(rows(("bokslut", "budget", 9)), "bokslut") is None  # no utfall at all
