"""Sick leave (sjuktal): rates in percent, changes and comparisons in procentenheter.

``sjuktal = sjukfrånvarotimmar / ordinarie arbetstid × 100``; rates are kept as exact
decimals with two places, as the personalbokslut prints them.
"""

from __future__ import annotations

from decimal import Decimal

from ksui.core.records import record

GROUP_KIND_LABELS = {"kon": "Kön", "alder": "Ålder", "totalt": "Totalt"}
SICK_MEASURE_LABELS = {"total": "Sjuktal", "short": "Korttidsfrånvaro dag 1–14"}


def points(current: Decimal | None, reference: Decimal | None) -> Decimal | None:
    """A difference in procentenheter (current minus reference), e.g. 3,96 − 5,03 = −1,07."""
    if current is None or reference is None:
        return None
    return current - reference


@record
class SickLeave:
    """One rate of the sjuktal table: a group (Kvinnor, 50- år, Totalt) in one year."""

    measure: str  # "total" or "short" (korttidsfrånvaro)
    group_kind: str
    group: str
    year: int
    scope: str  # "namnd" (the committee's staff) or "kommun" (all the kommun's staff)
    rate: Decimal
    position: int = 0


@record
class SickLeaveTable:
    """All sick-leave rates of a committee, with the lookups the report's sentences need."""

    rows: tuple[SickLeave, ...]

    def rate(self, measure: str, group: str, year: int, scope: str = "namnd") -> Decimal | None:
        """One rate, or None when the report does not give it."""
        for row in self.rows:
            if (row.measure, row.group, row.year, row.scope) == (measure, group, year, scope):
                return row.rate
        return None

    def years(self, measure: str = "total", scope: str = "namnd") -> list[int]:
        """The years with figures, oldest first."""
        return sorted({r.year for r in self.rows if r.measure == measure and r.scope == scope})

    def groups(self, measure: str = "total") -> list[tuple[str, str]]:
        """(group kind, group) pairs in table order."""
        seen: dict[tuple[str, str], int] = {}
        for row in sorted(self.rows, key=lambda r: r.position):
            if row.measure == measure:
                seen.setdefault((row.group_kind, row.group), row.position)
        return list(seen)

    def change(self, measure: str, group: str, year: int) -> Decimal | None:
        """Change since the year before, in procentenheter."""
        return points(self.rate(measure, group, year), self.rate(measure, group, year - 1))

    def against_kommun(self, measure: str, group: str, year: int) -> Decimal | None:
        """The committee's rate minus the whole kommun's, in procentenheter."""
        return points(self.rate(measure, group, year), self.rate(measure, group, year, "kommun"))
