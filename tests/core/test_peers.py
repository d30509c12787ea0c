"""The comparison group's median: exact, over the members with a value that year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from ksui.core.goals import Indicator, IndicatorValue
from ksui.core.peers import (
    better_than_group,
    comparison_group,
    group_medians,
    is_kommun_id,
    median,
    peer_of,
)

D = Decimal


def test_median_of_an_odd_count_is_the_middle_value() -> None:
    assert median([D("52.3"), D("40.1"), D("45")]) == D("45")


def test_median_of_an_even_count_is_the_exact_mean_of_the_middle_two() -> None:
    assert median([D("44.5"), D("41")]) == D("42.75")
    assert median([D("0.1"), D("0.2"), D("0.4"), D("9")]) == D("0.3")


def test_median_of_nothing_is_none() -> None:
    assert median([]) is None


def test_group_medians_skip_members_without_a_value_that_year() -> None:
    values = [
        ("0114", 2016, D("40.1")),
        ("0138", 2016, D("52.3")),
        ("0186", 2016, D("45")),
        ("0114", 2017, D("41")),
        ("0186", 2017, D("44.5")),
    ]
    assert group_medians(values) == {2016: D("45"), 2017: D("42.75")}
    assert group_medians([]) == {}


def test_an_indicator_reads_its_group_medians() -> None:
    ind = Indicator(
        1,
        1,
        "Andel",
        group=(IndicatorValue(2017, D("1"), "0114"), IndicatorValue(2017, D("2"), "0138")),
    )
    assert ind.group_medians() == {2017: D("1.5")}
    assert Indicator(1, 1, "Andel").group_medians() == {}


def test_the_own_kommun_is_taken_out_of_the_group() -> None:
    assert comparison_group(["0114", "0181", "0138", "0114"], "0181") == ("0114", "0138")
    assert comparison_group(["0114"], None) == ("0114",)


@pytest.mark.parametrize(
    ("series", "peer"),
    [("kolada:0114", "0114"), ("", None), ("Riket", None), ("kolada:114", None), ("Mål", None)],
)
def test_peer_series_names(series: str, peer: str | None) -> None:
    assert peer_of(series) == peer


def test_kommun_ids_are_four_digits() -> None:
    assert is_kommun_id("0181") and is_kommun_id("0000")
    assert not is_kommun_id("181") and not is_kommun_id("01810") and not is_kommun_id("O181")


@given(
    hs.lists(hs.decimals(min_value=-(10**6), max_value=10**6, places=2), min_size=1, max_size=30)
)
def test_median_splits_the_values_in_half(values: list[Decimal]) -> None:
    found = median(values)
    assert found is not None
    below = sum(1 for v in values if v < found)
    above = sum(1 for v in values if v > found)
    assert below <= len(values) // 2 and above <= len(values) // 2
    assert min(values) <= found <= max(values)


@pytest.mark.parametrize(
    ("own", "direction", "expected"),
    [
        ({2016: D("40"), 2017: D("44")}, "up", True),
        ({2016: D("50"), 2017: D("42")}, "up", False),  # the latest common year counts
        ({2017: D("42")}, "down", True),
        ({2017: D("42.75")}, "up", False),  # equal to the median is not better
        ({2017: D("44")}, "none", None),  # no wanted direction: no verdict
        ({2015: D("44")}, "up", None),  # no year in common
    ],
)
def test_better_than_group(own: dict[int, Decimal], direction: str, expected: bool | None) -> None:
    medians = {2016: D("45"), 2017: D("42.75")}
    assert better_than_group(own, medians, direction) is expected
