"""Single cells: amounts, deviations, percentages and lägesbedömning badges.

Colour is never the only signal: deviations carry their sign, badges their word and a
symbol, so nothing is lost under NO_COLOR or to a colour-blind reader.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rich.text import Text

from ksui.core.models import Assessment
from ksui.core.swedish import format_amount, format_decimal

SURPLUS = "green"
DEFICIT = "red"
MUTED = "dim"

BADGES: dict[Assessment, tuple[str, str]] = {
    Assessment.BRA: ("● Bra", "bold green"),
    Assessment.OK: ("◐ Ok", "bold yellow"),
    Assessment.BRISTER: ("○ Har brister", "bold red"),
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_CELL = 2000


def clean(text: str | None, limit: int = MAX_CELL) -> str:
    """Make user text safe to show: control bytes become visible symbols, length is capped.

    An ANSI escape or a NUL in a comment would otherwise move the cursor or cut the line;
    here ESC shows as ␛ and NUL as ␀, and Rich markup is never interpreted because cells
    are built as Text, not parsed from markup.
    """
    if not text:
        return ""

    def picture(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)
        if code == 0x7F:
            return "␡"
        return "�"

    cleaned = _CONTROL.sub(picture, text)
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def plain(text: str | None, style: str = "") -> Text:
    """User text as a Text (markup shown literally, controls made visible)."""
    return Text(clean(text), style=style)


def amount(ore: int | None, unit: str = "tkr") -> Text:
    """A plain amount, right-aligned by the table; empty when missing."""
    return Text(format_amount(ore, unit), justify="right")


def deviation(ore: int | None, unit: str = "tkr") -> Text:
    """A deviation: signed, green for a surplus and red for a deficit."""
    if ore is None:
        return Text("", justify="right")
    text = format_amount(ore, unit, signed=True)
    style = SURPLUS if text.startswith("+") else DEFICIT if text.startswith("-") else ""
    return Text(text, style=style, justify="right")


def overrun(ore: int | None, unit: str = "tkr") -> Text:
    """Överskjutande medel: positive means overspent, so the colours are reversed."""
    if ore is None:
        return Text("", justify="right")
    text = format_amount(ore, unit, signed=True)
    style = DEFICIT if text.startswith("+") else SURPLUS if text.startswith("-") else ""
    return Text(text, style=style, justify="right")


def percent(value: Decimal | None, *, signed: bool = False, decimals: int = 1) -> Text:
    """A percentage with a decimal comma."""
    return Text(format_decimal(value, decimals, signed=signed), justify="right")


def points(value: Decimal | None, *, lower_is_better: bool = True) -> Text:
    """A difference in procentenheter, coloured by whether it is good news."""
    if value is None:
        return Text("", justify="right")
    text = format_decimal(value, 2, signed=True)
    good = value < 0 if lower_is_better else value > 0
    style = "" if value == 0 else SURPLUS if good else DEFICIT
    return Text(text, style=style, justify="right")


def badge(value: Assessment | None) -> Text:
    """A lägesbedömning as a badge: symbol, word and colour."""
    if value is None:
        return Text("– ej bedömd", style=MUTED)
    label, style = BADGES[value]
    return Text(label, style=style)
