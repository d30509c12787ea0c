"""A DataTable for the small tables (investeringar, KF-mål, personal) that leaves Enter free.

Textual's DataTable binds Enter to "select"; here Enter bubbles up to the screen's
``edit`` binding instead, so the key can be remapped in config.toml like every other.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnDoesNotExist, RowDoesNotExist


class FigureTable(DataTable[Any], inherit_bindings=False):
    """A cell-cursor DataTable whose rows carry keys that name what they show."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Upp", show=False),
        Binding("down", "cursor_down", "Ned", show=False),
        Binding("right", "cursor_right", "Höger", show=False),
        Binding("left", "cursor_left", "Vänster", show=False),
        Binding("pageup", "page_up", "Sida upp", show=False),
        Binding("pagedown", "page_down", "Sida ned", show=False),
        Binding("home", "scroll_home", "Först", show=False),
        Binding("end", "scroll_end", "Sist", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id,
            classes=classes,
            cursor_type="cell",
            zebra_stripes=False,
            cursor_foreground_priority="renderable",
        )

    @property
    def row_key_value(self) -> str | None:
        """The key of the row under the cursor (e.g. 'project:12'), or None."""
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # the cursor may sit outside a table that just shrank
            return None
        return key.value

    @property
    def column_key_value(self) -> str | None:
        """The key of the column under the cursor (e.g. 'appropriation')."""
        if self.row_count == 0 or not self.columns:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).column_key
        except Exception:
            return None
        return key.value

    def move_to_row_key(self, key: str | None, column: str | None = None) -> None:
        """Put the cursor back on a row (and column) after the table was rebuilt."""
        if key is None:
            return
        try:
            row = self.get_row_index(key)
        except RowDoesNotExist:
            return
        col = self.cursor_coordinate.column
        if column is not None:
            with contextlib.suppress(ColumnDoesNotExist):
                col = self.get_column_index(column)
        self.move_cursor(row=row, column=col, animate=False)
