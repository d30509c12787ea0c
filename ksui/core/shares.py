"""Shares followed up under an inriktning: "Andel ekologiska livsmedel … Totalt 58 % (61 %)".

A share is kept in tenths of a percent (580 is 58,0 %), so that it is exact, is typed and
shown the Swedish way ("58", "58,5 %") and is never a float. The report prints the
follow-up's share with the year's earlier follow-ups beside it (the delår's in
parentheses), so a table of shares has a column per follow-up that has figures, the
report's own first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ksui.core.periods import BY_CODE
from ksui.core.records import record
from ksui.core.swedish import NumberError, format_decimal, parse_decimal

#: A share's whole: 100 % in tenths.
WHOLE = 1000


@record
class ShareValue:
    """One line's share at one follow-up, in tenths of a percent."""

    year: int
    period: str
    tenths: int


@record
class Share:
    """One line of an inriktning's table of shares ("Kolonial") with its values."""

    item_id: int
    label: str
    position: int = 0
    values: tuple[ShareValue, ...] = ()

    def at(self, year: int, period: str) -> int | None:
        """The share (tenths) at exactly that follow-up, None when it has none."""
        return next((v.tenths for v in self.values if (v.year, v.period) == (year, period)), None)


def parse_share(text: str) -> int | None:
    """A share as typed ("58", "58,5", "58 %") in tenths; empty text is None (remove it).

    A share finer than a tenth, below 0 or above 100 % is refused with what is accepted.
    """
    if not text.strip():
        return None
    value = parse_decimal(text) * 10
    if value != value.to_integral_value():
        raise NumberError(f"»{text.strip()}« är mer exakt än en tiondels procent")
    tenths = int(value)
    if not 0 <= tenths <= WHOLE:
        raise NumberError(f"»{text.strip()}« är ingen andel; skriv en procent mellan 0 och 100")
    return tenths


def percent(tenths: int | None) -> Decimal | None:
    """The share as a percentage, exact and with only the decimals it has (58, 58.5)."""
    if tenths is None:
        return None
    return Decimal(tenths) / 10 if tenths % 10 else Decimal(tenths // 10)


def share_text(tenths: int | None) -> str:
    """The share as typed and shown, without the sign ("58", "58,5"); '' for none."""
    if tenths is None:
        return ""
    return format_decimal(percent(tenths), 0 if tenths % 10 == 0 else 1)


def share_periods(shares: Iterable[Share], year: int, period: str) -> list[str]:
    """The follow-ups a table of shares shows: ``period`` itself first, then the year's
    earlier follow-ups that have a share, latest first (bokslut, then delår in
    parentheses, as the report prints them)."""
    order = BY_CODE[period].order if period in BY_CODE else 0
    earlier = {
        v.period
        for s in shares
        for v in s.values
        if v.year == year and v.period in BY_CODE and BY_CODE[v.period].order < order
    }
    return [period, *sorted(earlier, key=lambda p: -BY_CODE[p].order)]


def of_item(shares: Sequence[Share], item_id: int) -> list[Share]:
    """An inriktning's lines, in the report's order."""
    return sorted((s for s in shares if s.item_id == item_id), key=lambda s: s.position)
