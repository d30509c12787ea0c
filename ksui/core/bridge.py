"""The nettokostnadsbrygga: the year's change in net cost explained in parts.

The report says "the net cost rose by 17,6 mkr, of which internbanken 4,1 mkr, löner 4,4
mkr …". The parts are stated in mkr with one decimal, so they add up to the change as the
report prints it, not to the öre: ``gap`` is what is left when the printed sum and the
printed change differ, and None when they agree.
"""

from __future__ import annotations

from ksui.core.records import record
from ksui.core.swedish import ORE_PER, format_amount


@record
class BridgePart:
    """One part of the change: what it was and how much it raised (+) or lowered (−) it."""

    name: str
    amount: int
    position: int = 0


def total(parts: tuple[BridgePart, ...] | list[BridgePart]) -> int:
    """The parts added up, in öre."""
    return sum(p.amount for p in parts)


def gap(
    parts: tuple[BridgePart, ...] | list[BridgePart], change: int | None, unit: str = "mkr"
) -> int | None:
    """The change the parts leave unexplained (öre), or None when they add up as printed.

    Each part is written to one decimal of ``unit``; the sum agrees when it prints as the
    change prints (17,6 mkr against a change of 17 635 tkr), and also within half a
    printed unit per part, since each was rounded on its own.
    """
    if not parts or change is None:
        return None
    summed = total(parts)
    if format_amount(summed, unit) == format_amount(change, unit):
        return None
    half = ORE_PER[unit] // 20  # half of the last printed decimal (0,05 mkr)
    if abs(change - summed) <= half * len(parts):
        return None
    return change - summed
