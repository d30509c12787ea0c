"""Below the drift table: the selected unit's net cost over the years, its comment, whether
the follow-up is locked, where its forecast comes from and how its budget changed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.renderables._blend_colors import blend_colors
from textual.renderables.sparkline import Sparkline as SparklineRenderable
from textual.strip import Strip
from textual.widgets import Label, Sparkline, Static, TextArea

from ksui.core.drift import FORECAST_SOURCE_LABELS, DriftRow
from ksui.core.periods import BY_CODE
from ksui.core.report import BudgetChange, ReportData
from ksui.core.swedish import ORE_PER, format_amount
from ksui.core.text import visible
from ksui.render.cells import clean, plain
from ksui.tui.dialogs.base import Dialog

if TYPE_CHECKING:
    from rich.console import RenderableType


def _bars(bars: SparklineRenderable[Any], width: int, height: int) -> Iterator[Segment]:
    """The segments of Textual's sparkline of two or more figures, bar for bar as its own
    ``__rich_console__`` yields them, with each column's height and colour worked out once
    rather than once per line and bar (tests/tui/test_drift_trend.py holds the two equal)."""
    per_line = len(bars.BARS)
    levels = per_line * height - 1
    data = list(bars.data)
    minimum, maximum = min(data), max(data)
    extent = maximum - minimum or 1
    low_colour, high_colour = bars.min_color.color, bars.max_color.color
    assert low_colour is not None and high_colour is not None
    buckets = tuple(bars._buckets(data, num_buckets=width))
    step = len(buckets) / width
    summed: dict[int, tuple[int, Style]] = {}
    columns = []
    position = 0.0
    for _ in range(width):
        index = int(position)
        if index not in summed:
            ratio = (bars.summary_function(buckets[index]) - minimum) / extent
            colour = Style.from_color(blend_colors(low_colour, high_colour, ratio))
            summed[index] = (int(ratio * levels), colour)
        columns.append(summed[index])
        position += step
    for line in reversed(range(height)):
        low, high = line * per_line, (line + 1) * per_line
        for level, colour in columns:
            if level < low:
                yield Segment(" ", None)
            elif level >= high:
                yield Segment("█", colour)
            else:
                yield Segment(bars.BARS[level % per_line], colour)
        if line > 0:
            yield Segment.line()


class Trend(Sparkline):
    """The net cost sparkline, drawn as Textual's: its bars made by Textual's renderable, but
    turned into lines directly, a run of bars of one height and colour as one segment. The
    panel is redrawn on every cursor move, and Textual's way (a segment a bar, through the
    console) made the sparkline the costliest part of that frame."""

    _made: tuple[tuple[object, ...], list[Strip]] | None = None

    def _strips(self) -> list[Strip]:
        """The lines of the sparkline as it is now (made once per data and size)."""
        width, height = self.size
        key = (tuple(self.data or ()), width, height)
        if self._made is not None and self._made[0] == key:
            return self._made[1]
        bars = self.render()  # Textual's renderable, with the colours of the theme
        base = self.visual_style.rich_style
        if isinstance(bars, SparklineRenderable) and len(bars.data) > 1:
            drawn: Iterable[Segment] = _bars(bars, width, height)
        else:
            console = self.app.console
            options = self.app.console_options.update(width=width, height=height)
            drawn = console.render(cast("RenderableType", bars), options.update_width(width))
        # As Textual draws a widget's renderable: the widget's style under each segment.
        styled = (Segment(text, base + style) for text, style, _control in drawn)
        lines = Segment.split_and_crop_lines(styled, width, include_new_lines=False, pad=False)
        strips = [Strip(Segment.simplify(line)) for line in islice(lines, height)]
        self._made = (key, strips)
        return strips

    def render_line(self, y: int) -> Strip:
        """One line of the sparkline."""
        strips = self._strips()
        if y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        """Another theme: other colours."""
        super().notify_style_update()
        self._made = None


class CommentScroll(VerticalScroll):
    """The comment, scrollable: a comment longer than the panel is read with the arrow keys or
    the mouse wheel once focused, and Enter opens all of it (as ``v`` does from the table)."""

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.read_comment", "Läs hela", id="comment.open", show=False),
    ]


class DriftDetail(Horizontal):
    """A sparkline of nettokostnad per year beside the comment of the row under the cursor."""

    def compose(self) -> ComposeResult:
        """Trend on the left, comment on the right."""
        with Vertical(id="trend"):
            yield Label("", id="trend-title")
            yield Trend([], id="trend-spark")
            yield Label("", id="trend-range")
        with CommentScroll(id="comment-scroll"):
            yield Static("", id="comment")

    def on_mount(self) -> None:
        """Find the parts once: the panel is redrawn on every cursor move."""
        self._title = self.query_one("#trend-title", Label)
        self._spark = self.query_one("#trend-spark", Sparkline)
        self._span = self.query_one("#trend-range", Label)
        self._box = self.query_one("#comment", Static)
        self._scroll = self.query_one(CommentScroll)
        #: What each part shows now, so that a part left as it was is not drawn again.
        self._shown: dict[str, object] = {}

    def _put(self, part: Static, content: str | Text) -> None:
        """Show ``content`` in a part, unless it shows just that already."""
        key = part.id or ""
        if self._shown.get(key) != content:
            self._shown[key] = content
            if part is self._box:
                # Another comment: it grows or shrinks the scroll, and starts at its top.
                part.update(content)
                self._scroll.scroll_home(animate=False)
            else:
                part.update(content, layout=False)

    def show(self, row: DriftRow | None, comment: str, unit: str, lock: str = "") -> None:
        """Show one unit's trend and comment; ``lock`` says the figures are locked (by whom,
        when), on the line under the name, so it is seen without scrolling."""
        title, spark, span, box = self._title, self._spark, self._span, self._box
        if row is None:
            self._put(title, "")
            spark.data = []
            self._put(span, "")
            self._put(box, "")
            return
        series = [(y, v) for y, v in sorted(row.net_cost.items()) if v is not None]
        if series:
            first, last = series[0], series[-1]
            years = f"{first[0]}–{last[0]}" if len(series) > 1 else str(last[0])
            self._put(title, f"Nettokostnad {years}")
            low, high = format_amount(first[1], unit), format_amount(last[1], unit)
            self._put(span, f"{low} → {high} {unit}")
            spark.data = [v / ORE_PER[unit] for _, v in series]
        else:
            self._put(title, "Nettokostnad: inga år")
            spark.data = []
            self._put(span, "")
        text = Text.assemble((clean(row.unit.name), "bold"))
        text.append("  (c skriver kommentar)\n" if not comment else "\n", style="dim")
        if lock:
            text.append(clean(lock, 400) + "\n", style="bold")
        # Its own lines, as written: the panel scrolls, so a long comment need not be squeezed.
        shown = plain(comment, multiline=True) if comment else Text("Ingen kommentar.", style="dim")
        text.append_text(shown)
        data = getattr(self.screen, "data", None)
        changes = data.budget_changes(row.unit.id) if isinstance(data, ReportData) else []
        for line in figure_notes(row, changes, unit):
            text.append("\n" + line, style="dim")
        self._put(box, text)


class CommentReader(Dialog[None]):
    """A comment in full, over the whole screen and read-only: Escape closes it.

    The panel under the table is a few lines high; here a long comment is read (and its text
    selected to copy) without the risk of changing it, which is ``c``'s job.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Stäng", id="dialog.close"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        """The unit's name, the comment and how to leave."""
        with Vertical(id="comment-reader"):
            yield Label(plain(self.title_text), classes="dialog-title")
            area = TextArea(
                visible(self.text, limit=None) or "Ingen kommentar.",
                read_only=True,
                soft_wrap=True,
                show_line_numbers=False,
                id="comment-full",
            )
            area.cursor_blink = False
            yield area
            yield Static("Esc stänger; c på tabellen ändrar kommentaren.", classes="dialog-hint")

    def action_close(self) -> None:
        """Escape: back to the table."""
        self.dismiss(None)


def figure_notes(row: DriftRow, changes: list[BudgetChange], unit: str) -> list[str]:
    """Where the unit's forecast comes from and its budget changes, so no figure is a mystery."""
    lines = []
    if row.figures.forecast is not None and row.forecast_source:
        source = FORECAST_SOURCE_LABELS.get(row.forecast_source, row.forecast_source)
        line = f"Prognos {format_amount(row.figures.forecast, unit)} {unit}: {source}"
        if row.unallocated is not None and row.unallocated != row.figures.forecast:
            line += f", ej fördelat {format_amount(row.unallocated, unit)} {unit}"
        lines.append(line)
    if changes:
        original = format_amount(row.budget_original, unit)
        lines.append(f"Budget {format_amount(row.budget, unit)} {unit}, ursprunglig {original}:")
    for c in changes:
        who = "" if c.unit.id == row.unit.id else f"{clean(c.unit.name)} "
        why = f" – {clean(c.reason)}" if c.reason else ""
        lines.append(
            f"  {who}från {BY_CODE[c.period].label.lower()} "
            f"{format_amount(c.change, unit, signed=True)} → {format_amount(c.after, unit)}{why}"
        )
    return lines
