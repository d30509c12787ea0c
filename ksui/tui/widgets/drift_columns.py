"""Which of the drift table's columns fit the width, and how wide each is.

The columns themselves (key, label, kind, value, what Enter edits, which go first on a
narrow screen) are the drift table's specification in ``ksui.tables.drift``; the screen
reorders what goes first by what the follow-up is about (``screen_columns``). On a narrow
terminal columns are dropped, least needed first, rather than cutting a figure; the unit
names take the room that is left, but never more than they need. A flag in the screen's
view (a forecast marked klar) is no column of its own but a mark after the figure of the
column before it, so that it costs two cells rather than a column at 80 wide.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from rich.cells import cell_len

from ksui.core.periods import BY_CODE
from ksui.core.swedish import MONTHS
from ksui.render.cells import clean
from ksui.tables.drift import FOLLOW_UP_FIRST, YEAR_END_FIRST, DriftLine, period_first
from ksui.tables.spec import Column, Kind, Value, format_value

__all__ = [
    "FOLLOW_UP_FIRST",
    "LOCK",
    "LOCK_ASCII",
    "MARK",
    "NAME_MIN",
    "YEAR_END_FIRST",
    "Extent",
    "Measured",
    "Placed",
    "fit_columns",
    "format_value",
    "measure_columns",
    "name_order",
    "period_first",
    "place_columns",
    "remeasure",
    "screen_columns",
]

#: The narrowest the unit names become before figures are dropped.
NAME_MIN = 24
#: A flag that is set, after the figure it marks: a symbol, so it reads without colour; a
#: terminal that is not UTF-8 gets its one-cell stand-in "v" (``ksui.core.text``).
MARK = "✔"
#: Before the heading of a figure the follow-up's lock freezes: the top bar's 🔒 (two cells,
#: so no space after it), or its ASCII stand-in where the terminal cannot show it.
LOCK = "🔒"
LOCK_ASCII = "[L]"


def screen_columns(
    columns: Sequence[Column[DriftLine]],
    *,
    period: str = "bokslut",
    forecast_period: str | None = None,
    lock: str | None = None,
) -> tuple[Column[DriftLine], ...]:
    """The screen view's columns as the screen heads and ranks them at a follow-up.

    What goes first on a narrow screen follows the period (``YEAR_END_FIRST``,
    ``FOLLOW_UP_FIRST``); at bokslut the forecast is headed with the follow-up it was made
    at ('Prognos aug'), as before bokslut; ``lock`` (``LOCK`` or ``LOCK_ASCII``) marks the
    headings of the figures a locked follow-up freezes. Only the screen's headings change:
    exports keep the specification's labels and keys.
    """
    first = period_first(period)
    made = BY_CODE.get(forecast_period or "")
    out = []
    for col in columns:
        changes: dict[str, object] = {}
        if col.key in first:
            changes["priority"] = first.index(col.key) + 1
        elif col.priority:
            changes["priority"] = col.priority + len(first)
        heading = col.heading
        if col.key == "forecast" and period == "bokslut" and made is not None:
            heading = f"Prognos {MONTHS[made.month - 1][:3]}"
        if lock and col.edits is not None:
            heading = lock + heading
        if heading != col.heading:
            changes["short"] = heading
        out.append(replace(col, **changes) if changes else col)  # type: ignore[arg-type]
    return tuple(out)


#: Swedish alphabetical order: å, ä and ö after z (and æ, ø as ä, ö); é as e.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e"})


def name_order(name: str) -> str:
    """A unit's name as it sorts in Swedish (Örebro after Zakrisson, Ängen after Åsen)."""
    return clean(name, 400).casefold().translate(_SWEDISH)


@dataclass(frozen=True)
class Placed:
    """A column of the drift table's specification placed on screen, with its width."""

    column: Column[DriftLine]
    width: int = 0
    #: A flag drawn as ``MARK`` after this column's figure (the forecast's klar).
    mark: Column[DriftLine] | None = None
    #: The widest of the column's formatted figures (its width is at least its heading's).
    figures: int = 0

    @property
    def key(self) -> str:
        """The column's key (as in JSON): the cell cursor follows it."""
        return self.column.key

    @property
    def label(self) -> str:
        """The header the screen shows."""
        return self.column.heading

    @property
    def kind(self) -> Kind:
        """How the cell is formatted and coloured."""
        return self.column.kind

    @property
    def edits(self) -> str | None:
        """The measure Enter edits here (the specification's ``edits``), None if computed."""
        return self.column.edits

    def get(self, line: DriftLine) -> Value:
        """The cell's raw value for one unit."""
        return self.column.value(line)

    def text(self, line: DriftLine, unit: str) -> str:
        """The cell as the screen shows it, before padding: the figure, then its mark (or
        room for one, so that the figures of a column stay aligned)."""
        figure = format_value(self.kind, self.get(line), unit)
        if self.mark is None:
            return figure
        return f"{figure} {MARK}" if self.mark.value(line) else f"{figure}  "


@functools.lru_cache(maxsize=1 << 14)
def _name_cells(name: str) -> int:
    """Cells a unit's name takes on screen (cleaned as the table draws it); names change
    rarely and a repaint after each edit measures thousands of them."""
    return cell_len(clean(name, 400))


@dataclass(frozen=True)
class Extent:
    """A figure column's smallest and largest value: its widest figure is one of the two."""

    low: Value = None
    high: Value = None
    #: The widest of the column's formatted figures (0 when it has none).
    widest: int = 0


@dataclass(frozen=True)
class Measured:
    """What the columns need whatever the width: kept, so that an edit or a new width does
    not measure every line of a large nämnd again."""

    columns: tuple[Column[DriftLine], ...]
    unit: str
    #: By column key, for the columns that hold figures (not the name, not a flag).
    extents: dict[str, Extent]
    #: The cells the widest unit name needs, with its indentation and fold marker.
    names: int


def _figure_column(col: Column[DriftLine]) -> bool:
    """Whether a column is sized by its figures (not the names, not a mark)."""
    return col.kind not in ("name", "flag")


def _extent(kind: str, values: Sequence[Value], unit: str) -> Extent:
    """The extent of a column holding ``values`` (None among them is no figure)."""
    present = [v for v in values if v is not None]
    if not present:
        return Extent()
    # A formatted figure is widest at the extremes: format those two only.
    low, high = min(present), max(present)
    widest = max(len(format_value(kind, low, unit)), len(format_value(kind, high, unit)))
    return Extent(low, high, widest)


def measure_columns(
    columns: Sequence[Column[DriftLine]], lines: Sequence[DriftLine], unit: str
) -> Measured:
    """Measure every line: each figure column's extremes and the widest unit name."""
    extents = {
        col.key: _extent(col.kind, [col.value(line) for line in lines], unit)
        for col in columns
        if _figure_column(col)
    }
    needed = max(
        (2 * d.row.depth + 2 + _name_cells(d.row.unit.name) + 3 for d in lines),
        default=NAME_MIN,
    )
    return Measured(tuple(columns), unit, extents, needed)


def remeasure(
    measured: Measured,
    before: Sequence[DriftLine],
    lines: Sequence[DriftLine],
    changed: Collection[int],
) -> Measured:
    """The measure of ``lines``, which differ from ``before`` (measured as ``measured``)
    only in the figures of the ``changed`` lines: only those are looked at, unless a
    changed line held a column's extreme and moved inwards (that column is measured anew).

    Equal to ``measure_columns`` of ``lines``; the units (names, depths) must be unchanged.
    """
    extents = dict(measured.extents)
    unit = measured.unit
    for col in measured.columns:
        if not _figure_column(col):
            continue
        old = [col.value(before[i]) for i in changed]
        new = [col.value(lines[i]) for i in changed]
        if old == new:
            continue
        extent = extents[col.key]
        if any(_left(extent, a, b) for a, b in zip(old, new, strict=True)):
            extents[col.key] = _extent(col.kind, [col.value(line) for line in lines], unit)
            continue
        present = [v for v in new if v is not None]
        if extent.low is not None:
            present += [extent.low, extent.high]
        extents[col.key] = _extent(col.kind, present, unit)
    return Measured(measured.columns, unit, extents, measured.names)


def _left(extent: Extent, old: Value, new: Value) -> bool:
    """Whether a line whose figure went from ``old`` to ``new`` may have left an extreme
    to another line: it held the smallest or the largest and moved inwards (or away)."""
    if old is None:
        return False
    return (old == extent.low and (new is None or new > old)) or (
        old == extent.high and (new is None or new < old)
    )


def place_columns(measured: Measured, width: int, squeeze: int | None = None) -> list[Placed]:
    """The measured columns that fit ``width``, in display order.

    Columns are taken in the order of their priority (the name first, then what a narrow
    screen needs most), each as long as it still fits. ``squeeze``: only the columns of
    priority up to it (the follow-up's own, ``period_first``) may narrow the unit names
    down to ``NAME_MIN``; the others come only where the names keep what they need (up to a
    third of the width), so that »Kommunstyrelsens kontor« is not cut for a year's net cost.
    """
    sized: list[Placed] = []
    for col in measured.columns:
        if col.kind == "flag":
            if not sized or sized[-1].kind == "name":
                continue  # a mark needs a figure to stand after
            before = sized[-1]
            sized[-1] = replace(before, mark=col, width=max(before.width, before.figures + 2))
            continue
        if col.kind == "name":
            sized.append(Placed(col))
            continue
        widest = measured.extents[col.key].widest
        sized.append(Placed(col, max(widest, cell_len(col.heading)), figures=widest))
    chosen: set[str] = {c.key for c in sized if c.kind == "name"}
    narrowest = min(NAME_MIN, width // 3)  # the narrowest the unit names may become
    names = max(narrowest, min(measured.names, width // 3))  # what they keep for the others
    used = 0  # by the figures
    for candidate in sorted(sized, key=lambda c: c.column.priority):
        if candidate.kind == "name":
            continue
        room = narrowest if squeeze is None or candidate.column.priority <= squeeze else names
        if room + used + candidate.width + 1 <= width:
            chosen.add(candidate.key)
            used += candidate.width + 1
    kept = [c for c in sized if c.key in chosen]
    name_width = max(10, width - sum(c.width + 1 for c in kept if c.kind != "name"))
    # No wider than the longest name needs: figures stay next to the names they belong to.
    name_width = min(name_width, max(measured.names, NAME_MIN))
    return [replace(c, width=name_width) if c.kind == "name" else c for c in kept]


def fit_columns(
    columns: Sequence[Column[DriftLine]],
    lines: Sequence[DriftLine],
    unit: str,
    width: int,
    *,
    period: str | None = None,
    forecast_period: str | None = None,
    lock: str | None = None,
) -> list[Placed]:
    """The columns that fit ``width``, sized to their widest figure, in display order; with
    a ``period``, headed and chosen as the Drift screen does at it (``screen_columns``)."""
    if period is None:
        return place_columns(measure_columns(columns, lines, unit), width)
    shown = screen_columns(columns, period=period, forecast_period=forecast_period, lock=lock)
    return place_columns(measure_columns(shown, lines, unit), width, len(period_first(period)))
