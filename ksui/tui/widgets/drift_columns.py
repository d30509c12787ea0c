"""Which of the drift table's columns fit the width, and how wide each is.

The columns themselves (key, label, kind, value, what Enter edits, which go first on a
narrow screen) are the drift table's specification in ``ksui.tables.drift``. On a narrow
terminal columns are dropped, least needed first, rather than cutting a figure; the unit
names take the room that is left, but never more than they need. A flag in the screen's
view (a forecast marked klar) is no column of its own but a mark after the figure of the
column before it, so that it costs two cells rather than a column at 80 wide.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rich.cells import cell_len

from ksui.render.cells import clean
from ksui.tables.drift import DriftLine
from ksui.tables.spec import Column, Kind, Value, format_value

__all__ = ["MARK", "NAME_MIN", "Placed", "fit_columns", "format_value"]

#: The narrowest the unit names become before figures are dropped.
NAME_MIN = 24
#: A flag that is set, after the figure it marks: a symbol, so it reads without colour; a
#: terminal that is not UTF-8 gets its one-cell stand-in "v" (``ksui.core.text``).
MARK = "✔"


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


def fit_columns(
    columns: Sequence[Column[DriftLine]], lines: Sequence[DriftLine], unit: str, width: int
) -> list[Placed]:
    """The columns that fit ``width``, sized to their widest figure, in display order.

    Columns are taken in the order of their priority (the name first, then what a narrow
    screen needs most), each as long as it still fits.
    """
    sized: list[Placed] = []
    for col in columns:
        if col.kind == "flag":
            if not sized or sized[-1].kind == "name":
                continue  # a mark needs a figure to stand after
            before = sized[-1]
            sized[-1] = replace(before, mark=col, width=max(before.width, before.figures + 2))
            continue
        if col.kind == "name":
            sized.append(Placed(col))
            continue
        # A formatted figure is widest at the extremes: format those two only.
        values = [v for v in (col.value(line) for line in lines) if v is not None]
        extremes = (min(values), max(values)) if values else ()
        widest = max((len(format_value(col.kind, v, unit)) for v in extremes), default=0)
        sized.append(Placed(col, max(widest, len(col.heading)), figures=widest))
    chosen: set[str] = {c.key for c in sized if c.kind == "name"}
    used = min(NAME_MIN, width // 3)  # the narrowest the unit names may become
    for candidate in sorted(sized, key=lambda c: c.column.priority):
        if candidate.kind == "name":
            continue
        if used + candidate.width + 1 <= width:
            chosen.add(candidate.key)
            used += candidate.width + 1
    kept = [c for c in sized if c.key in chosen]
    name_width = max(10, width - sum(c.width + 1 for c in kept if c.kind != "name"))
    # No wider than the longest name needs: figures stay next to the names they belong to.
    needed = max(
        (2 * d.row.depth + 2 + _name_cells(d.row.unit.name) + 3 for d in lines),
        default=NAME_MIN,
    )
    name_width = min(name_width, max(needed, NAME_MIN))
    return [replace(c, width=name_width) if c.kind == "name" else c for c in kept]
