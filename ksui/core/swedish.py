"""Swedish number formatting and parsing, in one place.

Amounts are integer öre everywhere in ksui; this module is where they become the
"4 992", "+39", "5,0 mkr" and "-34,9" a controller reads, and where what a controller
types ("43 000", "−1 076", "4,3 mkr") becomes öre again.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

Unit = Literal["kr", "tkr", "mkr"]

#: öre per display unit; the store keeps öre so that no rounding happens before display.
ORE_PER: dict[str, int] = {"öre": 1, "kr": 100, "tkr": 100_000, "mkr": 100_000_000}

#: Amounts must stay under 10^15 kr: SQLite's INTEGER ends at 2^63 - 1 öre (about 9,2 · 10^16
#: kr), and the bound leaves room for sums of many figures. No committee gets near it.
MAX_KRONOR = 10**15
MAX_ORE = MAX_KRONOR * ORE_PER["kr"]
TOO_LARGE = "ksui tar belopp under 10^15 kr (1 000 000 000 mkr)"

MINUS_SIGNS = "-\u2212\u2012\u2013\u2014\ufe63\uff0d"
_SPACES = " \u00a0\u202f\u2009\u2007\t'"
_SUFFIX = re.compile(r"\s*(öre|kr|tkr|mkr|kronor)\.?\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d+)(?:[.,](\d+))?$")


class NumberError(ValueError):
    """A value a controller typed that is not an amount; the message says what is accepted."""


def _to_decimal(text: str) -> Decimal:
    """Read a Swedish-formatted number into a Decimal, refusing anything ambiguous."""
    raw = text.strip()
    if not raw:
        raise NumberError("tomt värde; skriv ett tal, t.ex. 43 000 eller -1 076,5")
    for minus in MINUS_SIGNS:
        raw = raw.replace(minus, "-")
    raw = raw.replace("+ ", "+").replace("- ", "-")
    compact = "".join(ch for ch in raw if ch not in _SPACES)
    if compact.count(",") + compact.count(".") > 1:
        raise NumberError(
            f"»{text.strip()}« är inget tal: använd mellanslag mellan tusental "
            "och komma som decimaltecken"
        )
    if "." in compact:
        # "43.000" is a thousands separator to some and a decimal point to others: refuse it.
        decimals = compact.split(".", 1)[1]
        if len(decimals) == 3:
            raise NumberError(
                f"»{text.strip()}« är tvetydigt: skriv 43 000 för tusental "
                "eller 43,000 för decimaler"
            )
    if not _NUMBER.match(compact):
        raise NumberError(
            f"»{text.strip()}« är inget tal; exempel som går bra: 43 000, 43000,5, -1 076, 4,3 mkr"
        )
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise NumberError(f"»{text.strip()}« är inget tal") from exc


def parse_amount(text: str, default_unit: str = "tkr") -> int:
    """Parse an amount as typed by a controller into öre.

    A unit suffix (kr, tkr, mkr) wins over ``default_unit``; an amount finer than one öre
    is refused rather than silently rounded, and one of 10^15 kr or more (see MAX_ORE) is
    refused before it can overflow the store.
    """
    if default_unit not in ORE_PER:
        raise NumberError(f"okänd enhet {default_unit!r}; använd kr, tkr eller mkr")
    unit = default_unit
    body = text
    match = _SUFFIX.search(text)
    if match:
        unit = match.group(1).lower()
        unit = "kr" if unit == "kronor" else unit
        body = text[: match.start()]
    number = _to_decimal(body)
    # Compared before scaling, exactly: Decimal arithmetic rounds beyond 28 digits.
    if number.copy_abs() >= Decimal(MAX_ORE) / ORE_PER[unit]:
        raise NumberError(f"»{text.strip()}« är för stort; {TOO_LARGE}")
    value = number * ORE_PER[unit]
    if value != value.to_integral_value():
        raise NumberError(f"»{text.strip()}« är mer exakt än ett öre")
    return int(value)


def parse_decimal(text: str) -> Decimal:
    """Parse a plain Swedish decimal number (percentages, index values)."""
    body = text.strip().removesuffix("%").strip()
    return _to_decimal(body)


def group(number: int) -> str:
    """Group an integer's digits in threes with spaces: 1234567 -> '1 234 567'."""
    sign = "-" if number < 0 else ""
    digits = str(abs(number))
    parts = []
    while digits:
        parts.append(digits[-3:])
        digits = digits[:-3]
    return sign + " ".join(reversed(parts))


def format_amount(
    ore: int | None, unit: str = "tkr", *, signed: bool = False, decimals: int | None = None
) -> str:
    """Format öre in tkr (whole) or mkr (one decimal) the way the årsrapport prints them.

    ``signed`` adds a '+' to positive amounts, as the report does for deviations.
    """
    if ore is None:
        return ""
    if decimals is None:
        decimals = 1 if unit == "mkr" else 0
    quantum = Decimal(1).scaleb(-decimals)
    value = (Decimal(ore) / ORE_PER[unit]).quantize(quantum, rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # never print "-0"
    whole, _, frac = f"{abs(value):f}".partition(".")
    text = group(int(whole))
    if frac:
        text += "," + frac
    if value < 0:
        return "-" + text
    if signed and value > 0:
        return "+" + text
    return text


#: The no-break space: between a figure's thousands it keeps "46 474" on one line.
NO_BREAK_SPACE = "\u00a0"
_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d)|(?<=\d) (?=(?:mkr|tkr|kr|procent)\b)")


def no_break(text: str) -> str:
    """Figures that never part at a line end: "46 474 tkr" with no-break spaces between the
    thousands and before the unit, for documents (Markdown, Word); CSV and JSON keep their
    plain form."""
    return _GROUP_SPACE.sub(NO_BREAK_SPACE, text)


def format_decimal(value: Decimal | None, decimals: int = 1, *, signed: bool = False) -> str:
    """Format a percentage or index with a decimal comma: Decimal('22.01') -> '22,0'."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    text = group(int(whole)) + ("," + frac if frac else "")
    if rounded < 0:
        return "-" + text
    if signed and rounded > 0:
        return "+" + text
    return text


def round_decimal(value: Decimal | None, decimals: int = 1) -> Decimal | None:
    """Round a computed ratio for output (JSON, comparisons with published figures)."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def ore_to_kronor(ore: int | None) -> Decimal | None:
    """Öre as exact kronor with two decimals, for JSON and CSV output."""
    if ore is None:
        return None
    return (Decimal(ore) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def percent_points(value: Decimal | None) -> str:
    """Format a difference in procentenheter, always signed: '-1,07'."""
    return format_decimal(value, 2, signed=True)


MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
