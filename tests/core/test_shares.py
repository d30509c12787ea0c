"""Shares in tenths of a percent: typed and shown the Swedish way, never a float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksui.core.shares import Share, ShareValue, parse_share, percent, share_periods, share_text
from ksui.core.swedish import NumberError


@pytest.mark.parametrize(
    ("typed", "tenths"),
    [("58", 580), ("58,5", 585), ("58 %", 580), (" 0 ", 0), ("100", 1000), ("9,9%", 99)],
)
def test_a_share_is_read_as_typed(typed: str, tenths: int) -> None:
    assert parse_share(typed) == tenths


@pytest.mark.parametrize("typed", ["58,55", "101", "-1", "abc", "58.000"])
def test_a_share_that_is_not_one_is_refused_with_what_is_accepted(typed: str) -> None:
    with pytest.raises(NumberError):
        parse_share(typed)


def test_empty_removes_the_share() -> None:
    assert parse_share("  ") is None


@given(st.integers(min_value=0, max_value=1000))
def test_what_is_shown_reads_back_exactly(tenths: int) -> None:
    assert parse_share(share_text(tenths)) == tenths
    assert percent(tenths) == Decimal(tenths) / 10


def test_whole_percentages_show_without_a_decimal() -> None:
    assert (share_text(580), share_text(585), share_text(None)) == ("58", "58,5", "")
    assert str(percent(580)) == "58"


def test_the_follow_up_comes_first_then_the_years_earlier_ones() -> None:
    line = Share(
        1,
        "Totalt",
        values=(
            ShareValue(2017, "delar", 610),
            ShareValue(2017, "t1", 600),
            ShareValue(2017, "bokslut", 580),
            ShareValue(2016, "m05", 500),
        ),
    )
    assert share_periods([line], 2017, "bokslut") == ["bokslut", "delar", "t1"]
    # A delårsrapport shows its own figures and the earlier ones, never the bokslut's.
    assert share_periods([line], 2017, "delar") == ["delar", "t1"]
    assert line.at(2017, "delar") == 610 and line.at(2017, "m05") is None
