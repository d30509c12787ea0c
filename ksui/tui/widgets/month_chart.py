"""A chart of a unit's year: utfall against periodiserad budget month by month, and the prognos.

Drawn by hand in text cells (Textual has no bar chart): each month is a pair of bars, year to
date, with the full-year prognos in force as a line across it, where the December bar should
land. Actual, budget and prognos differ by glyph as well as colour, and a legend names them,
so the chart reads without colour; a terminal without block characters gets ASCII glyphs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ksui.core.months import MonthSeries
from ksui.core.swedish import MONTHS, format_amount


@dataclass(frozen=True)
class Glyphs:
    """The characters of one chart: a bar of utfall, a bar of budget, the prognos line."""

    actual: str
    budget: str
    forecast: str
    axis: str


UNICODE = Glyphs(actual="█", budget="░", forecast="━", axis="─")
ASCII = Glyphs(actual="#", budget=":", forecast="=", axis="-")

#: Rows the chart needs below its bars: the month names and the legend.
FOOT = 2


#: The parts of the chart a style sheet colours (see MonthChart.COMPONENT_CLASSES).
Styles = Mapping[str, Style | str]
PLAIN: Styles = {"actual": "bold", "budget": "", "forecast": "bold"}


def legend(glyphs: Glyphs, styles: Styles = PLAIN) -> Text:
    """What each glyph means, in the words of the month table."""
    return Text.assemble(
        (glyphs.actual * 2, styles["actual"]),
        " utfall ack.  ",
        (glyphs.budget * 2, styles["budget"]),
        " periodiserad budget ack.  ",
        (glyphs.forecast * 2, styles["forecast"]),
        " helårsprognos",
    )


def draw(
    series: MonthSeries | None,
    width: int,
    height: int,
    glyphs: Glyphs,
    unit: str = "tkr",
    styles: Styles = PLAIN,
) -> Text:
    """The chart as text ``width`` × ``height`` cells (bars, month names, legend)."""
    rows = max(1, height - FOOT)
    if series is None or series.empty:
        message = "Läser månaderna …" if series is None else "Inga månadssiffror för året."
        return Text("\n" * (rows // 2) + message, style="dim")
    values = [
        v for m in series.months for v in (m.actual_ytd, m.budget_ytd, m.forecast) if v is not None
    ]
    low, high = min(0, *values), max(0, *values)
    span = (high - low) or 1
    labels = [format_amount(high, unit), format_amount(low, unit)]
    gutter = max(len(s) for s in labels) + 1
    slot = max(3, (width - gutter) // 12)
    bar = max(1, (slot - 1) // 2)

    def level(value: int) -> int:
        """Cells from the bottom up to ``value`` (0 … rows)."""
        return round((value - low) * rows / span)

    zero = level(0)
    grid: list[list[tuple[str, Style | str]]] = [[(" ", "")] * (slot * 12) for _ in range(rows)]

    def fill(x0: int, value: int | None, glyph: str, style: Style | str) -> None:
        if value is None:
            return
        top = level(value)
        start, stop = min(top, zero), max(top, zero)
        if start == stop and value != 0:
            start, stop = (zero - 1, zero) if value < 0 else (zero, zero + 1)
        for k in range(max(0, start), min(rows, stop)):
            for x in range(x0, x0 + bar):
                grid[rows - 1 - k][x] = (glyph, style)

    for index, month in enumerate(series.months):
        x0 = index * slot
        fill(x0, month.actual_ytd, glyphs.actual, styles["actual"])
        fill(x0 + bar, month.budget_ytd, glyphs.budget, styles["budget"])
        if month.forecast is not None:
            k = min(rows - 1, int((month.forecast - low) * rows / span))
            for x in range(x0, x0 + slot):
                grid[rows - 1 - k][x] = (glyphs.forecast, styles["forecast"])
    out = Text(no_wrap=True, overflow="crop")
    for r, line in enumerate(grid):
        if r == 0:
            label = labels[0]
        elif r == rows - 1:
            label = labels[1]
        else:
            label = ""
        out.append(label.rjust(gutter - 1) + " ", style="dim")
        for glyph, style in line:
            out.append(glyph, style=style or None)
        out.append("\n")
    names = "".join(MONTHS[i][: min(3, slot - 1)].ljust(slot) for i in range(12))
    out.append(" " * gutter + names + "\n", style="dim")
    out.append(" " * gutter)
    out.append_text(legend(glyphs, styles))
    return out


class MonthChart(Widget):
    """The month chart of one unit; ``series`` is set once the months have been read."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "month-chart--actual",
        "month-chart--budget",
        "month-chart--forecast",
    }

    def __init__(self, unit: str = "tkr", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.unit = unit
        self.series: MonthSeries | None = None

    def show(self, series: MonthSeries) -> None:
        """Draw another year or unit."""
        self.series = series
        self.refresh()

    @property
    def glyphs(self) -> Glyphs:
        """ASCII on a terminal that cannot show block characters (see ksui.tui.charset)."""
        return ASCII if getattr(self.app, "ascii_only", False) else UNICODE

    def render(self) -> Text:
        """The chart at the widget's size."""
        styles = {
            part: self.get_component_rich_style(f"month-chart--{part}")
            for part in ("actual", "budget", "forecast")
        }
        size = self.content_size
        return draw(self.series, size.width, size.height, self.glyphs, self.unit, styles)
