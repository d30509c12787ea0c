"""Exact renderings of stored values for edit boxes, so an untouched box changes nothing.

The tables show rounded figures (``50 013`` tkr); an edit box must hold what is stored
(``50 013,4``), or saving it unchanged would silently round the figure away.
"""

from __future__ import annotations

from decimal import Decimal

from ksui.core.swedish import ORE_PER, group


def exact_decimal(value: Decimal) -> str:
    """A decimal with every significant digit, grouped, with a decimal comma: '50 013,4'."""
    normal = value.normalize()
    if normal == 0:
        return "0"
    whole, _, frac = f"{abs(normal):f}".partition(".")
    text = group(int(whole)) + ("," + frac if frac else "")
    return "-" + text if normal < 0 else text


def exact_amount(ore: int | None, unit: str = "tkr") -> str:
    """Öre in the display unit with all the decimals it needs, so parsing it gives ``ore`` back."""
    if ore is None:
        return ""
    return exact_decimal(Decimal(ore) / ORE_PER[unit])
