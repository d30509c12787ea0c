"""Follow-up periods: months, tertial 1, delår and bokslut, in the order a year runs."""

from __future__ import annotations

from dataclasses import dataclass

from ksui.core.swedish import MONTHS


class PeriodError(ValueError):
    """An unknown period name; the message lists what is accepted."""


@dataclass(frozen=True, order=True)
class Period:
    """One follow-up point of a year; ``order`` sorts T1 after April and delår after August."""

    order: int
    code: str
    label: str
    month: int  # the last month the period covers

    @property
    def is_month(self) -> bool:
        """Monthly follow-ups carry year-to-date actuals and no forecast of their own."""
        return self.code.startswith("m")

    def __str__(self) -> str:
        return self.label


_MONTHS = tuple(
    Period(order=m * 10, code=f"m{m:02d}", label=MONTHS[m - 1].capitalize(), month=m)
    for m in range(1, 13)
)
T1 = Period(order=45, code="t1", label="Tertial 1 (april)", month=4)
DELAR = Period(order=85, code="delar", label="Delår (augusti)", month=8)
BOKSLUT = Period(order=125, code="bokslut", label="Bokslut", month=12)

PERIODS: tuple[Period, ...] = tuple(sorted((*_MONTHS, T1, DELAR, BOKSLUT)))
BY_CODE: dict[str, Period] = {p.code: p for p in PERIODS}

#: T1 is April's follow-up and delår August's: a figure set at one is the figure at the other.
TWINS: dict[str, str] = {"t1": "m04", "m04": "t1", "delar": "m08", "m08": "delar"}


def reach(code: str, target: str) -> int | None:
    """Where a figure recorded at ``code`` stands in the year as seen from ``target``.

    Its order when it was recorded at or before the target; the target's own order for the
    target's twin (a forecast made at T1 is April's); None when it lies after the target
    (or the code is unknown). Every "latest at or before" rule compares these.
    """
    p = BY_CODE.get(code)
    if p is None:
        return None
    goal = BY_CODE[target].order
    if p.order <= goal:
        return p.order
    return goal if TWINS.get(target) == code else None


_ALIASES: dict[str, str] = {
    "t1": "t1",
    "tertial1": "t1",
    "tertial 1": "t1",
    "april-tertial": "t1",
    "delår": "delar",
    "delar": "delar",
    "delårsrapport": "delar",
    "d": "delar",
    "bokslut": "bokslut",
    "årsrapport": "bokslut",
    "helår": "bokslut",
    "b": "bokslut",
}
for _m, _name in enumerate(MONTHS, start=1):
    for _alias in (_name, _name[:3], str(_m), f"{_m:02d}", f"m{_m:02d}", f"m{_m}"):
        _ALIASES[_alias] = f"m{_m:02d}"


def parse_period(text: str) -> Period:
    """Read a period as a controller writes it: 'delår', 'T1', 'bokslut', 'mars', '3'."""
    key = text.strip().lower()
    code = _ALIASES.get(key, key)
    if code in BY_CODE:
        return BY_CODE[code]
    for period in PERIODS:  # its own label too, as the screens and exports print it
        if period.label.lower() == key:
            return period
    raise PeriodError(
        f"okänd period »{text}«; använd bokslut, delår, t1 eller en månad (1–12, jan–dec)"
    )
