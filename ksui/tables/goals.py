"""The KF-mål table, once: goals per area with their lägesbedömning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ksui.core.goals import DIRECTIONS, Area, Goal, Indicator
from ksui.core.models import Assessment
from ksui.core.peers import GROUP_MEDIAN_SERIES, better_than_group
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
    Column(
        "group",
        "Jämförelse",
        "text",
        lambda d: None if d.goal is None else group_comparison(d.goal),
    ),
)

VIEWS = {
    "print": ("number", "title", "assessment"),
    "csv": ("area", "area_assessment", "number", "title", "assessment", "assessment_label"),
}


def group_comparison(goal: Goal) -> str | None:
    """'2 av 3 bättre': of a goal's indicators with a wanted direction and a comparison
    group, how many beat the group's median in the latest year both have; None for none."""
    found = [
        better_than_group({v.year: v.value for v in i.series("")}, i.group_medians(), i.direction)
        for i in goal.indicators
    ]
    counted = [f for f in found if f is not None]
    if not counted:
        return None
    return f"{sum(counted)} av {len(counted)} bättre"


def goals_table(areas: Sequence[Area], *, headings: bool = True) -> Table[GoalLine]:
    """Every area (a group row, unless ``headings`` is false) with its goals below it."""
    rows: list[Row[GoalLine]] = []
    for area in areas:
        if headings:
            rows.append(Row(GoalLine(area), key=f"area:{area.id}", strong=True, group=True))
        rows += [Row(GoalLine(area, g), key=f"goal:{g.id}") for g in area.goals]
    views = dict(VIEWS)
    # The comparison with similar kommuner shows only where a group has values, so a file
    # without Kolada's comparison group prints as it always has.
    if any(group_comparison(g) for area in areas for g in area.goals):
        screen = views.get("screen", views["print"])
        views["print"] = (*views["print"], "group")
        views["screen"] = (*screen, "group")
    return Table("goals", COLUMNS, tuple(rows), views)


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

    @property
    def computed(self) -> bool:
        """True on the comparison group's median: worked out from Kolada, never typed."""
        return self.series == GROUP_MEDIAN_SERIES

    def values(self) -> dict[int, Value]:
        """The series' values by year (the group's median per year on its line)."""
        if self.computed:
            return dict(self.indicator.group_medians())
        return {v.year: v.value for v in self.indicator.series(self.series)}


def series_lines(indicator: Indicator) -> list[str]:
    """An indicator's lines: its own series, the group's median right under it when the
    comparison group has values, then the comparisons (Riket, Mål)."""
    names = indicator.series_names()
    if not indicator.group_medians():
        return names
    own = [n for n in names if n == ""] or [""]
    return [*own, GROUP_MEDIAN_SERIES, *(n for n in names if n != "")]


def _years(goal: Goal) -> list[int]:
    """Every year a goal's indicators have a value in, their group's medians included."""
    years = {v.year for i in goal.indicators for v in i.values}
    years.update(year for i in goal.indicators for year in i.group_medians())
    return sorted(years)


def _indicator_year(year: int) -> Column[IndicatorLine]:
    """One year's value of a series; editable."""

    def get(line: IndicatorLine) -> Value:
        return line.values().get(year)

    return Column(f"y{year}", str(year), "number", get, year=year, edits="value")


def indicators_table(goal: Goal) -> Table[IndicatorLine] | None:
    """A goal's indicators, one row per series, with a column per year; None without values.

    The wanted direction is given on the kommun's own series only.
    """
    lines = [IndicatorLine(i, name) for i in goal.indicators for name in series_lines(i)]
    years = _years(goal)
    if not lines or not years:
        return None
    return _indicators(lines, years)


def every_indicator_table(goal: Goal) -> Table[IndicatorLine]:
    """Every indicator of a goal, one without values too: the KF-mål screen, where they are typed.

    An indicator without values has one row, the kommun's own series, and no year columns
    when the goal has no values at all.
    """
    lines = [IndicatorLine(i, name) for i in goal.indicators for name in series_lines(i) or [""]]
    return _indicators(lines, _years(goal))


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
