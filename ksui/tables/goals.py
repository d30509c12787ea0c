"""The KF-mål table, once: goals per area with their lägesbedömning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ksui.core.goals import DIRECTIONS, Area, Goal, Indicator
from ksui.core.models import Assessment
from ksui.tables.spec import Column, Row, Table, Value, none_if_empty


@dataclass(frozen=True)
class GoalLine:
    """An area's line (``goal`` None) or one of its goals."""

    area: Area
    goal: Goal | None = None

    @property
    def assessment(self) -> Assessment | None:
        """The goal's lägesbedömning, or the area's on the area's line."""
        return self.area.assessment if self.goal is None else self.goal.assessment


COLUMNS: tuple[Column[GoalLine], ...] = (
    Column("area", "Område", "text", lambda d: d.area.name),
    Column("area_assessment", "Områdets bedömning", "badge", lambda d: d.area.assessment),
    Column("number", "Nr", "count", lambda d: None if d.goal is None else d.goal.number),
    Column(
        "title",
        "KF-mål",
        "name",
        lambda d: d.area.name if d.goal is None else d.goal.title,
        edits="title",
    ),
    Column("assessment", "Lägesbedömning", "badge", lambda d: d.assessment, edits="assessment"),
    Column(
        "assessment_label",
        "Lägesbedömning",
        "text",
        lambda d: None if d.assessment is None else d.assessment.label,
    ),
)

VIEWS = {
    "print": ("number", "title", "assessment"),
    "csv": ("area", "area_assessment", "number", "title", "assessment", "assessment_label"),
}


def goals_table(areas: Sequence[Area], *, headings: bool = True) -> Table[GoalLine]:
    """Every area (a group row, unless ``headings`` is false) with its goals below it."""
    rows: list[Row[GoalLine]] = []
    for area in areas:
        if headings:
            rows.append(Row(GoalLine(area), key=f"area:{area.id}", strong=True, group=True))
        rows += [Row(GoalLine(area, g), key=f"goal:{g.id}") for g in area.goals]
    return Table("goals", COLUMNS, tuple(rows), VIEWS)


#: The ways a name may already state its unit: Kolada's names end "andel (%)".
_UNIT_WORDS = {"procent": ("procent", "%"), "%": ("procent", "%")}


def states_unit(name: str, unit: str) -> bool:
    """True when an indicator's name already says its unit, so the table does not repeat
    it ('… andel (%)' is not followed by ', procent')."""
    lowered = name.lower()
    return any(word in lowered for word in _UNIT_WORDS.get(unit.lower(), (unit.lower(),)))


@dataclass(frozen=True)
class IndicatorLine:
    """One series of an indicator: the kommun's own ('') or a comparison (Riket, Mål)."""

    indicator: Indicator
    series: str = ""

    @property
    def name(self) -> str:
        """'Andel … (Riket), %': the indicator, the series and the unit."""
        name = self.indicator.name + (f" ({self.series})" if self.series else "")
        unit = self.indicator.unit
        return name + (f", {unit}" if unit and not states_unit(self.indicator.name, unit) else "")

    def values(self) -> dict[int, Value]:
        """The series' values by year."""
        return {v.year: v.value for v in self.indicator.series(self.series)}


def _indicator_year(year: int) -> Column[IndicatorLine]:
    """One year's value of a series; editable."""

    def get(line: IndicatorLine) -> Value:
        return line.values().get(year)

    return Column(f"y{year}", str(year), "number", get, year=year, edits="value")


def indicators_table(goal: Goal) -> Table[IndicatorLine] | None:
    """A goal's indicators, one row per series, with a column per year; None without values.

    The wanted direction is given on the kommun's own series only.
    """
    lines = [IndicatorLine(i, name) for i in goal.indicators for name in i.series_names()]
    years = sorted({v.year for i in goal.indicators for v in i.values})
    if not lines or not years:
        return None
    return _indicators(lines, years)


def every_indicator_table(goal: Goal) -> Table[IndicatorLine]:
    """Every indicator of a goal, one without values too: the KF-mål screen, where they are typed.

    An indicator without values has one row, the kommun's own series, and no year columns
    when the goal has no values at all.
    """
    lines = [IndicatorLine(i, name) for i in goal.indicators for name in i.series_names() or [""]]
    return _indicators(lines, sorted({v.year for i in goal.indicators for v in i.values}))


def _indicators(lines: Sequence[IndicatorLine], years: Sequence[int]) -> Table[IndicatorLine]:
    """The indicator table's columns for ``years``, and a row per series in ``lines``.

    The screen's view adds the trend and shows the direction as its arrow (↑↓).
    """
    cols: tuple[Column[IndicatorLine], ...] = (
        Column("name", "Indikator", "name", lambda d: d.name, edits="name"),
        Column("values", "Värden per år", "number", lambda d: d.values(), per_year=True),
        *(_indicator_year(y) for y in years),
        Column(
            "direction",
            "Önskad riktning",
            "text",
            lambda d: None if d.series else DIRECTIONS.get(d.indicator.direction, ""),
            short="↑↓",
            edits="direction",
        ),
        Column("trend", "Trend", "text", lambda d: none_if_empty(d.indicator.trend(d.series))),
    )
    rows = tuple(Row(line, key=f"ind:{line.indicator.id}:{line.series}") for line in lines)
    year_keys = tuple(f"y{y}" for y in years)
    views = {
        "print": ("name", *year_keys, "direction"),
        "screen": ("name", *year_keys, "direction", "trend"),
    }
    return Table("indicators", cols, rows, views)
