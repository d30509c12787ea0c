"""The prognosförslag rule with small numbers, one test per branch of the rule."""

from __future__ import annotations

import pytest

from ksui.core.forecasts import closing_month, forecast_error, suggest


def test_without_actuals_the_budget_is_the_suggestion() -> None:
    assert suggest(1200, None, 4).amount == 1200
    assert suggest(1200, None, 4).method == "budget"
    assert suggest(None, None, 4).amount is None


def test_at_year_end_the_actual_is_the_suggestion() -> None:
    assert suggest(1200, 1300, 12).amount == 1300
    assert suggest(1200, 1300, 12).method == "actual"


def test_last_years_pattern_scales_the_actual_so_far() -> None:
    # Last year 40 of 100 was spent through April: 500 so far this year → 1 250.
    last = [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 100]
    found = suggest(1200, 500, 4, last)
    assert (found.amount, found.method) == (1250, "pattern")


def test_the_pattern_rounds_to_whole_ore_half_away_from_zero() -> None:
    last = [None, None, 3, None, None, None, None, None, None, None, None, 8]
    assert suggest(0, 1, 3, last).amount == 3  # 1 ÷ 3/8 = 2,67
    assert suggest(0, -1, 3, last).amount == -3
    assert suggest(0, 3, 3, [None, None, 2, *[None] * 8, 4]).amount == 6


def test_without_a_usable_pattern_the_rest_of_the_budget_is_added_pro_rata() -> None:
    found = suggest(1200, 500, 4)
    assert (found.amount, found.method) == (500 + 800, "pro_rata")
    # A month missing last year, a zero year or a share above the whole year: no pattern.
    assert suggest(1200, 500, 4, [None] * 12).method == "pro_rata"
    assert suggest(1200, 500, 4, [*[10] * 11, 0]).method == "pro_rata"
    assert suggest(1200, 500, 4, [*[50] * 11, 40]).method == "pro_rata"
    assert suggest(1200, 500, 4, [1, 2, 3]).method == "pro_rata"


def test_without_a_budget_the_actual_runs_on_at_its_rate() -> None:
    found = suggest(None, 300, 4)
    assert (found.amount, found.method) == (900, "run_rate")


def test_a_month_outside_the_year_is_a_bug() -> None:
    with pytest.raises(ValueError):
        suggest(1, 1, 13)


def test_follow_ups_close_their_month() -> None:
    assert [closing_month(p) for p in ("t1", "delar", "bokslut", "m10")] == [4, 8, 12, 10]


def test_a_forecast_misses_by_forecast_minus_outcome() -> None:
    assert forecast_error(90, 100) == -10
    assert forecast_error(90, None) is None
