"""The sick-leave tables, once: sjuktal and korttidsfrånvaro per group, against the kommun."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ksui.core.personnel import GROUP_KIND_LABELS, SickLeave, SickLeaveTable
from ksui.core.personnel import SICK_MEASURE_LABELS as SICK_MEASURES
from ksui.tables.spec import Column, Row, Table, Value

#: The sick-leave measures in report order, with their Swedish names (ksui.core.personnel's).
__all__ = ["SICK_MEASURES", "SickLine", "sick_leave_table", "sick_rates_table"]

#: How many years of rates a sick-leave table shows, up to the report year.
YEARS = 3


@dataclass(frozen=True)
class SickLine:
    """One group of one measure (Kvinnor, 50- år, Totalt) in a committee's table."""

    sick: SickLeaveTable
    measure: str
    group_kind: str
    group: str
    year: int

    def rates(self) -> dict[int, Decimal]:
        """The committee's rates by year, up to the report year, oldest first."""
        years = [y for y in self.sick.years(self.measure) if y <= self.year]
        rates = {y: self.sick.rate(self.measure, self.group, y) for y in years}
        return {y: r for y, r in rates.items() if r is not None}


def _rate(year: int) -> Column[SickLine]:
    """The committee's rate in one year; editable."""

    def get(d: SickLine) -> Value:
        return d.sick.rate(d.measure, d.group, year)

    return Column(f"y{year}", str(year), "rate", get, year=year, edits="namnd")


def columns(year: int, years: list[int]) -> tuple[Column[SickLine], ...]:
    """Every column of a sick-leave table; ``years`` are the years of rates it shows."""
    return (
        Column("measure", "Mått", "code", lambda d: d.measure),
        Column("measure_label", "Mått", "text", lambda d: SICK_MEASURES[d.measure]),
        Column("group_kind", "Gruppering", "code", lambda d: d.group_kind),
        Column(
            "group_kind_label",
            "Gruppering",
            "text",
            lambda d: GROUP_KIND_LABELS.get(d.group_kind, d.group_kind),
        ),
        Column("group", "%", "name", lambda d: d.group),
        Column("rates", "Sjuktal per år", "rate", lambda d: d.rates(), per_year=True),
        *(_rate(y) for y in years),
        Column(
            "kommun",
            f"Kommunen {year}",
            "rate",
            lambda d: d.sick.rate(d.measure, d.group, d.year, "kommun"),
            year=year,
            edits="kommun",
        ),
        Column(
            "change_points",
            f"Förändring mot {year - 1} (pe)",
            "points",
            lambda d: d.sick.change(d.measure, d.group, d.year),
            short="Förändring",
        ),
        Column(
            "against_kommun_points",
            "Mot kommunen (pe)",
            "points",
            lambda d: d.sick.against_kommun(d.measure, d.group, d.year),
            short="Mot kommunen",
        ),
    )


def sick_leave_table(sick: SickLeaveTable, year: int, measure: str = "total") -> Table[SickLine]:
    """One measure's table: the last three years up to the report year, oldest first.

    Without any rate yet the report year's column is there to be filled in.
    """
    years = [y for y in sick.years(measure) if y <= year][-YEARS:] or [year]
    rows = tuple(
        Row(
            SickLine(sick, measure, kind, group, year),
            key=f"{measure}:{kind}:{group}",
            strong=group == "Totalt",
        )
        for kind, group in sick.groups(measure)
    )
    shown = ("group", *(f"y{y}" for y in years), "kommun")
    views = {
        "print": (*shown, "change_points", "against_kommun_points"),
        "json": (
            "measure",
            "measure_label",
            "group_kind",
            "group_kind_label",
            "group",
            "rates",
            "kommun",
            "change_points",
            "against_kommun_points",
        ),
    }
    return Table(f"sick_leave.{measure}", columns(year, years), rows, views)


RATE_COLUMNS: tuple[Column[SickLeave], ...] = (
    Column("measure", "Mått", "code", lambda r: r.measure),
    Column("group_kind", "Gruppering", "code", lambda r: r.group_kind),
    Column("group", "Grupp", "text", lambda r: r.group),
    Column("scope", "Omfattning", "code", lambda r: r.scope),
    Column("year", "År", "count", lambda r: r.year),
    Column("rate", "Procent", "rate", lambda r: r.rate),
)


def sick_rates_table(sick: SickLeaveTable) -> Table[SickLeave]:
    """Every rate in long form, one row per measure, group, scope and year (for scripts)."""
    order = list(SICK_MEASURES)
    rows = sorted(sick.rows, key=lambda r: (order.index(r.measure), r.position, r.scope, r.year))
    return Table(
        "sick_leave_rates",
        RATE_COLUMNS,
        tuple(Row(r, key=f"{r.measure}:{r.group}:{r.scope}:{r.year}") for r in rows),
    )
