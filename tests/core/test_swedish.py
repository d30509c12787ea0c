"""Swedish number formats: what the report prints and what a controller types."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from ksui.core.swedish import (
    MAX_ORE,
    NumberError,
    format_amount,
    format_decimal,
    group,
    parse_amount,
    parse_decimal,
)


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("43 000", 43_000 * 100_000),
        ("43000,5", 43_000_500 * 100),
        ("-1 076", -1_076 * 100_000),
        ("−1 076", -1_076 * 100_000),
        ("43 000 tkr", 43_000 * 100_000),
        ("4,3 mkr", 4_300_000 * 100),
        ("+39", 39 * 100_000),
        ("1\u00a0234", 1_234 * 100_000),
        ("12,50 kr", 1250),
        ("0", 0),
    ],
)
def test_parse_amount(text: str, ore: int) -> None:
    assert parse_amount(text) == ore


@pytest.mark.parametrize(
    "text", ["", "abc", "12x", "1,2,3", "43.000", "1 2,3,4", "--5", "0,000001 kr"]
)
def test_parse_amount_refuses(text: str) -> None:
    with pytest.raises(NumberError):
        parse_amount(text)


def test_format_amount_like_the_report() -> None:
    assert format_amount(4_992 * 100_000) == "4 992"
    assert format_amount(39 * 100_000, signed=True) == "+39"
    assert format_amount(-1_359 * 100_000, signed=True) == "-1 359"
    assert format_amount(5_031 * 100_000, "mkr") == "5,0"
    assert format_amount(347_670 * 100_000, "mkr") == "347,7"
    assert format_amount(None) == ""
    assert format_amount(-40_000) == "0"  # -0,4 tkr rounds to 0, never "-0"


def test_format_decimal() -> None:
    assert format_decimal(Decimal("-34.877")) == "-34,9"
    assert format_decimal(Decimal("22.0093")) == "22,0"
    assert format_decimal(Decimal("-1.07"), 2, signed=True) == "-1,07"
    assert parse_decimal("5,90 %") == Decimal("5.90")


def test_group() -> None:
    assert group(1234567) == "1 234 567"
    assert group(-1076) == "-1 076"
    assert group(0) == "0"


@given(hs.integers(min_value=-(10**12), max_value=10**12))
def test_formatted_tkr_parses_back_to_the_rounded_amount(ore: int) -> None:
    text = format_amount(ore, "tkr", signed=True)
    back = parse_amount(text, "tkr")
    assert abs(back - ore) <= 50_000  # within half a tkr


@given(hs.integers(min_value=-(10**9), max_value=10**9))
def test_whole_tkr_round_trip_exactly(value: int) -> None:
    assert parse_amount(format_amount(value * 100_000)) == value * 100_000


@pytest.mark.parametrize(
    "text",
    [
        "99999999999999999999 tkr",
        "-99999999999999999999",
        "1 000 000 000 mkr",
        "1 000 000 000 000 000 kr",
        "10000000000000000000000000000000000000000000000000",
        "9" * 5000,
    ],
)
def test_parse_amount_refuses_amounts_beyond_the_bound(text: str) -> None:
    with pytest.raises(NumberError, match="för stort"):
        parse_amount(text)


def test_parse_amount_accepts_just_below_the_bound() -> None:
    assert parse_amount("999 999 999 999 999,99 kr") == MAX_ORE - 1
    assert parse_amount("-999 999 999,99999999 mkr") == -(MAX_ORE - 1)
    assert MAX_ORE < 2**63 - 1
