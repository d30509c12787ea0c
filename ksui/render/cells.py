"""Single cells: amounts, deviations, percentages and lägesbedömning badges.

Colour is never the only signal: deviations carry their sign, bad news its bold weight
too, and badges their word and a symbol, so nothing is lost under NO_COLOR (where the TUI
shows every colour as a legible grey, ``ksui.tui.no_color``) or to a colour-blind reader.
"""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from ksui.core.models import Assessment
from ksui.core.swedish import format_amount, format_decimal
from ksui.core.text import MAX_TEXT, visible

SURPLUS = "green"
#: Bad news (a deficit, an overrun, a worse sick rate): bold as well as red, so that
#: without colour it still stands out from the good news beside it.
DEFICIT = "bold red"
MUTED = "dim"

BADGES: dict[Assessment, tuple[str, str]] = {
    Assessment.BRA: ("● Bra", "bold green"),
    Assessment.OK: ("◐ Ok", "bold yellow"),
    Assessment.BRISTER: ("○ Har brister", "bold red"),
}

MAX_CELL = MAX_TEXT


def clean(text: str | None, limit: int = MAX_CELL) -> str:
    """User text made safe to show (see ``ksui.core.text.visible``, the one sanitiser).

    Rich markup is never interpreted because cells are built as Text, not parsed from markup.
    """
    return visible(text, limit)


_GROUPED = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_UNIT_AFTER = re.compile(r"(?<=\d) (?=(?:mkr|tkr|kr|procent|procentenheter)\b)")


class Prose:
    """A paragraph for a reader that never breaks inside a figure such as '4 992 tkr'.

    Rich wraps at any Unicode space, so the paragraph is wrapped here (textwrap breaks only
    at ASCII white space) with no-break spaces inside numbers and before their units.
    """

    def __init__(self, text: str | None) -> None:
        self.text = _UNIT_AFTER.sub("\u00a0", _GROUPED.sub("\u00a0", clean(text)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = textwrap.wrap(self.text, max(options.max_width, 20)) or [""]
        yield Text("\n".join(lines).replace("\u00a0", " "))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((len(w) for w in self.text.split()), default=0)
        return Measurement(min(longest, options.max_width), min(len(self.text), options.max_width))


def prose(text: str | None) -> Prose:
    """A sentence for a reader, wrapped between words and never inside a figure."""
    return Prose(text)


def plain(text: str | None, style: str = "", *, multiline: bool = False) -> Text:
    """User text as a Text: markup shown literally, controls made visible.

    A table row must stay one row, so line breaks show as ↵ unless ``multiline``.
    """
    cleaned = clean(text)
    if not multiline:
        cleaned = cleaned.replace("\r\n", "\n").replace("\n", " ↵ ").replace("\t", " ")
    return Text(cleaned, style=style)


def amount(ore: int | None, unit: str = "tkr") -> Text:
    """A plain amount, right-aligned by the table; empty when missing."""
    return Text(format_amount(ore, unit), justify="right")


def deviation(ore: int | None, unit: str = "tkr") -> Text:
    """A deviation: signed, green for a surplus and bold red for a deficit."""
    if ore is None:
        return Text("", justify="right")
    text = format_amount(ore, unit, signed=True)
    style = SURPLUS if text.startswith("+") else DEFICIT if text.startswith("-") else ""
    return Text(text, style=style, justify="right")


def overrun(ore: int | None, unit: str = "tkr") -> Text:
    """Överskjutande medel: positive means overspent (bold red), so the colours are reversed."""
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
