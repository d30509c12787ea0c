"""Fuzzing the small parsers: whatever a controller types or saves, no uncaught exception."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as hs

from ksui.config import ConfigError, load_config
from ksui.core.periods import PeriodError, parse_period
from ksui.core.swedish import NumberError, parse_amount, parse_decimal

number_chars = hs.text(alphabet="0123456789 ,.-+−\u00a0tkrmöe%abc\t\n", max_size=30)


@settings(max_examples=400, deadline=None)
@given(hs.one_of(number_chars, hs.text(max_size=30)), hs.sampled_from(["kr", "tkr", "mkr"]))
def test_parse_amount_raises_only_number_error(text: str, unit: str) -> None:
    try:
        value = parse_amount(text, unit)
    except NumberError as exc:
        assert str(exc)
    else:
        assert isinstance(value, int)


@settings(max_examples=200, deadline=None)
@given(hs.one_of(number_chars, hs.text(max_size=30)))
def test_parse_decimal_and_period_raise_only_their_errors(text: str) -> None:
    with contextlib.suppress(NumberError):
        parse_decimal(text)
    with contextlib.suppress(PeriodError):
        parse_period(text)


toml_fragments = hs.lists(
    hs.sampled_from(
        [
            "[database]\n",
            "[display]\n",
            "[defaults]\n",
            "[checks]\n",
            "[assessment]\n",
            "[keys]\n",
            "[import.sie]\n",
            "[import.sie.accounts]\n",
            "[kolada]\n",
            "[[x]]\n",
            'path = "a.sqlite"\n',
            'unit = "mkr"\n',
            "unit = 3\n",
            "year = 2017\n",
            'period = "delår"\n',
            "tolerance_tkr = 0.5\n",
            "bra_at = true\n",
            "ok_at = 9\n",
            'dimension = "1"\n',
            '"30" = "avgifter"\n',
            '"x" = 1\n',
            "= \n",
            "[\n",
            '"\n',
            "\x00",
            "year = 1e9\n",
            "period = [1, 2]\n",
        ]
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(hs.one_of(toml_fragments.map("".join), hs.text(max_size=200)))
def test_config_raises_only_config_error(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path)
    except ConfigError as exc:
        assert str(path) in str(exc)


@settings(max_examples=100, deadline=None)
@given(hs.binary(max_size=200))
def test_config_bytes_raise_only_config_error(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("cfgb") / "config.toml"
    path.write_bytes(data)
    with contextlib.suppress(ConfigError):
        load_config(path)


@settings(max_examples=300, deadline=None)
@given(
    hs.integers(min_value=-(10**40), max_value=10**40) | hs.integers(),
    hs.sampled_from(["kr", "tkr", "mkr"]),
)
def test_parse_amount_stays_within_the_bound(number: int, unit: str) -> None:
    """Whatever is typed, an accepted amount fits SQLite's INTEGER with room for sums."""
    from ksui.core.swedish import MAX_ORE, ORE_PER

    try:
        value = parse_amount(str(number), unit)
    except NumberError as exc:
        assert "för stort" in str(exc)
        assert abs(number) * ORE_PER[unit] >= MAX_ORE
    else:
        assert value == number * ORE_PER[unit]
        assert abs(value) < MAX_ORE < 2**63 - 1
