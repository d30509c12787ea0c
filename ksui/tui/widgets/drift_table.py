"""The drift tree as a virtualised table: only the rows on screen are ever rendered.

A nämnd can hold hundreds of units; Textual's DataTable renders every row up front and
repaints widely on each cursor move. This widget keeps the rolled-up ``DriftRow``s, renders
a row into a cached ``Strip`` only when it scrolls into view, and repaints just the two
lines a cursor move touches.

Sorted by a column (``cycle_sort``), the table stays a tree: the units under each parent
are ordered among themselves, and the nämnd stays first. The rows keep their places in
``rows``; ``order`` says in which order they are shown.

A move that scrolls repaints every line on the screen, and the scrollbar beside them:
there, the lines already drawn are handed to the screen as they were (see
``DriftTable.render_lines``) and the scrollbar is drawn again only when its thumb moves by
a cell (``QuickScrollBar``), not at every line the window moves.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style as TextualStyle

from ksui.core.drift import DriftRow
from ksui.render.cells import clean
from ksui.tables.drift import DriftLine, patch_drift_table
from ksui.tables.drift import drift_table as drift_spec
from ksui.tables.spec import Column, Table, Value
from ksui.tui.keys import bindings
from ksui.tui.widgets.drift_columns import (
    Measured,
    Placed,
    measure_columns,
    name_order,
    period_first,
    place_columns,
    remeasure,
    screen_columns,
)

#: A sort: the column's key and whether the largest (or Ö) comes first.
Sort = tuple[str, bool]


class QuickScrollBar(ScrollBar):
    """Textual's scrollbar, drawn again only when what it shows changes.

    The thumb of a 4 000-row table is one cell that moves a cell every ~140 rows, but
    Textual draws the whole bar again at every line scrolled (~1.5 ms, a sixth of a frame).
    What the bar shows is Textual's own ``render_bar`` for the bar's size and position;
    while that and the styles around it are the same, the lines drawn last time stand.
    """

    _drawn: tuple[object, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """The bar's lines: the previous ones when the bar would be drawn the same."""
        bar = self.render()
        key: object = None
        if isinstance(bar, self.renderer) and self.vertical:
            style = self.app.console.get_style(bar.style)
            if style.bgcolor is not None and style.color is not None:
                drawn = bar.render_bar(
                    size=self.size.height,
                    virtual_size=bar.virtual_size,
                    window_size=bar.window_size,
                    position=bar.position,
                    thickness=self.size.width,
                    vertical=True,
                    back_color=style.bgcolor,
                    bar_color=style.color,
                )
                key = (
                    crop,
                    self.size,
                    tuple(drawn.segments),
                    self.background_colors,
                    tuple(self.get_line_filters()),
                )
        if key is not None and self._drawn is not None and self._drawn[0] == key:
            return self._drawn[1]
        lines = super().render_lines(crop)
        self._drawn = None if key is None else (key, lines)
        return lines


class DriftTable(ScrollView, can_focus=True):
    """Units with budget, prognos, utfall, avvikelse and net cost; levels fold and unfold."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Upp", show=False),
        Binding("down", "cursor(1)", "Ned", show=False),
        Binding("pageup", "page(-1)", "Sida upp", show=False),
        Binding("pagedown", "page(1)", "Sida ned", show=False),
        Binding("home", "edge(-1)", "Först", show=False),
        Binding("end", "edge(1)", "Sist", show=False),
        Binding("left", "column(-1)", "Vänster", show=False),
        Binding("right", "column(1)", "Höger", show=False),
        *bindings("tree"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "drift-table--header",
        "drift-table--cursor",
        "drift-table--cell",
        "drift-table--parent",
        "drift-table--surplus",
        "drift-table--deficit",
        "drift-table--muted",
    }

    def __init__(
        self,
        unit: str = "tkr",
        *,
        id: str | None = None,
        follow: Callable[[DriftRow | None], None] | None = None,
    ) -> None:
        super().__init__(id=id)
        self.unit = unit
        #: Told at once when the cursor reaches another unit (the screen's detail panel), so
        #: that the panel is redrawn in the same frame as the cursor: a message would reach
        #: it only after the frame had been painted, one refresh (~20 ms) later.
        self.follow = follow
        self.rows: list[DriftRow] = []
        self.year = 0
        self.commented: set[int] = set()
        self.collapsed: set[int] = set()
        self.filter_text = ""
        self.shown: list[int] = []
        self.cursor = 0
        self._cursor_col = 1
        #: The key of the column the cell cursor is on; survives a change of columns.
        self._cursor_key: str | None = None
        #: The drift table's specification: its lines (one per row) and the screen's columns.
        self._spec: Table[DriftLine] = drift_spec([], 0, unit)
        self._lines: list[DriftLine] = []
        #: The screen's columns measured over every line (kept: an edit measures few lines).
        self._measured: Measured = measure_columns([], [], unit)
        self.columns: list[Placed] = []
        self._cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        #: What besides the figures decides how rows are drawn (see ``set_rows``).
        self._shape: tuple[object, ...] = ()
        self._parents: dict[int, int | None] = {}
        self._index: dict[int, int] = {}
        self._last_reported: int | None = -1
        self._header_drawn: tuple[object, Strip] | None = None
        #: The column the rows are sorted by (None: the tree's own order), kept over reloads.
        self._sort: Sort | None = None
        #: The positions in ``rows`` in the order they are shown (sorted or not).
        self.order: list[int] = []
        #: The mark before the headings of locked figures (None: the follow-up is open).
        self._lock: str | None = None
        self._period = "bokslut"
        self._forecast_period: str | None = None

    # -- data -------------------------------------------------------------------------------
    def set_rows(
        self,
        rows: list[DriftRow],
        year: int,
        commented: set[int] | None = None,
        *,
        period: str = "bokslut",
        forecast_period: str | None = None,
        done: frozenset[int] = frozenset(),
    ) -> None:
        """Show new figures, keeping the cursor on the same unit; headers say what they hold.

        ``done`` are the units whose forecast is marked klar (a ✔ after the forecast).
        """
        current = self.current_row
        # Another nämnd (or the first data at all) starts folded afresh, cursor at the top.
        first = not self.rows or not rows or rows[0].unit.id != self.rows[0].unit.id
        shape = (year, period, forecast_period, done, frozenset(commented or ()))
        # The same units with some figures changed (an edit): only those rows are made,
        # measured and drawn anew.
        changed = None if first or shape != self._shape else self._changed_rows(rows)
        if changed is not None and self._patch(rows, changed):
            return
        self._shape = shape
        if first:
            self.collapsed = set()
            self.cursor = 0
            current = None
        self.rows = rows
        self.year = year
        self.commented = commented or set()
        self._index = {r.unit.id: i for i, r in enumerate(rows)}
        self._parents = {r.unit.id: r.unit.parent_id for r in rows}
        if first and len(rows) > 80:
            # A large nämnd opens folded at the third level; + unfolds everything.
            self.collapsed = {r.unit.id for r in rows if r.depth == 2 and r.has_children}
        self._spec = drift_spec(
            rows, year, self.unit, period=period, forecast_period=forecast_period, done=done
        )
        self._period, self._forecast_period = period, forecast_period
        self._lines = [line.item for line in self._spec.rows]
        self._measured = measure_columns(self._screen_columns(), self._lines, self.unit)
        if self._sort is not None and self._sort[0] not in self._sortable():
            self._sort = None  # its column is gone at this period
        self.order = self._order(rows, self._lines)
        self._rebuild(
            keep=current.unit.id if current else None,
            changed=set(changed) if changed is not None else None,
        )

    def _changed_rows(self, rows: list[DriftRow]) -> list[int] | None:
        """The positions whose figures differ when ``rows`` hold the units shown now, in the
        same order and places in the tree; None when they do not."""
        if len(rows) != len(self.rows):
            return None
        changed = []
        for index, (new, old) in enumerate(zip(rows, self.rows, strict=True)):
            if new is old:
                continue  # an edit's patch keeps every row off the edited unit's path
            # A report computed afresh holds the same Unit objects: compared by identity
            # first, since comparing thousands of them field by field costs milliseconds.
            if new.unit is not old.unit and new.unit != old.unit:
                return None
            if new.depth != old.depth or new.has_children != old.has_children:
                return None
            if new.figures != old.figures or new != old:
                changed.append(index)
        return changed

    def _patch(self, rows: list[DriftRow], changed: list[int]) -> bool:
        """Show ``rows`` whose ``changed`` positions alone differ from the rows shown: their
        lines made, measured and drawn anew, the rest kept; False when the columns change
        (the caller then makes the whole table again)."""
        spec = patch_drift_table(self._spec, self.rows, rows, changed)
        if spec is None:
            return False
        before = self._lines
        lines = list(before)
        for index in changed:
            lines[index] = spec.rows[index].item
        if self._sort is not None and self._order(rows, lines) != self.order:
            return False  # the edit moves rows: the table is arranged anew
        measured = remeasure(self._measured, before, lines, changed)
        placed = place_columns(measured, self._width or 80, self._squeeze)
        if [(c.key, c.width, c.label) for c in placed] != [
            (c.key, c.width, c.label) for c in self.columns
        ]:
            return False  # the columns move: every line is drawn anew
        self.rows = rows
        self._spec, self._lines, self._measured = spec, lines, measured
        self.columns = placed  # the same columns: the cell cursor stays where it is
        self._redraw(changed)
        self._report()
        return True

    def _redraw(self, changed: Collection[int]) -> None:
        """Draw the ``changed`` rows anew where they are on the screen, and nothing else."""
        indices = set(changed)
        # LRUCache has keys() but no __iter__.
        for key in [k for k in self._cache.keys() if k[0] in indices]:  # noqa: SIM118
            self._cache.discard(key)
        top = round(self.scroll_offset.y)
        height = self._body_height()
        width = self._width
        where = {index: pos for pos, index in enumerate(self.shown)} if self._sort else None
        for index in indices:
            if where is not None:
                position = where.get(index, -1)
                shown = position >= 0
            else:
                position = bisect_left(self.shown, index)  # unsorted, shown in table order
                shown = position < len(self.shown) and self.shown[position] == index
            if shown and top <= position < top + height:
                self.refresh(Region(0, position - top + 1, width, 1))

    # -- headings, order --------------------------------------------------------------------
    def _screen_columns(self) -> tuple[Column[DriftLine], ...]:
        """The specification's screen view, headed and ranked for the period and lock."""
        return screen_columns(
            self._spec.view("screen"),
            period=self._period,
            forecast_period=self._forecast_period,
            lock=self._lock,
        )

    @property
    def _squeeze(self) -> int:
        """How many of the columns (by priority) may narrow the names: the period's own."""
        return len(period_first(self._period))

    def set_lock(self, mark: str | None) -> None:
        """Mark the headings of the figures a locked follow-up freezes (None: unmark)."""
        if mark == self._lock:
            return
        self._lock = mark
        self._measured = replace(self._measured, columns=self._screen_columns())
        current = self.current_row
        self._rebuild(keep=current.unit.id if current else None)

    @property
    def locked(self) -> str | None:
        """The lock mark the headings carry, if any."""
        return self._lock

    def _sortable(self) -> set[str]:
        """The keys of the columns the screen can be sorted by (its view's, marks aside)."""
        return {c.key for c in self._spec.view("screen") if c.kind != "flag"}

    @property
    def sort(self) -> Sort | None:
        """The column key the rows are sorted by and whether largest first; None: unsorted."""
        return self._sort

    def sort_label(self) -> str:
        """What the rows are sorted by, in the toolbar's words ('' when unsorted)."""
        if self._sort is None:
            return ""
        key, descending = self._sort
        col = self._spec.column(key)
        if col.kind == "name":
            return f"Sorterad efter namn, {'Ö–A' if descending else 'A–Ö'}"
        # The report's word, unless it would not fit beside the period at 80 columns.
        label = col.label if len(col.label) <= 24 else col.heading
        if label[1:2].islower():
            label = label[0].lower() + label[1:]  # »Budgetavvikelse« mid-sentence
        return f"Sorterad efter {label}, {'störst' if descending else 'minst'} först"

    def cycle_sort(self, key: str) -> Sort | None:
        """s: sort by a column, largest first (names A–Ö); again the other way; a third
        time back to the tree's own order. Returns the sort now in force."""
        if key not in self._sortable():
            return self._sort
        first = self._spec.column(key).kind != "name"  # figures: the largest first
        if self._sort is None or self._sort[0] != key:
            self._sort = (key, first)
        elif self._sort[1] == first:
            self._sort = (key, not first)
        else:
            self._sort = None
        self.order = self._order(self.rows, self._lines)
        current = self.current_row
        self._rebuild(keep=current.unit.id if current else None)
        return self._sort

    def _order(self, rows: Sequence[DriftRow], lines: Sequence[DriftLine]) -> list[int]:
        """The positions of ``rows`` as shown: the tree's own order, or each parent's units
        sorted among themselves by the sort's column (rows without a figure last, ties in
        the tree's order); a row whose parent is not in the table stays where it is."""
        if self._sort is None:
            return list(range(len(rows)))
        key, descending = self._sort
        col = self._spec.column(key)
        index = {r.unit.id: i for i, r in enumerate(rows)}
        kids: dict[int, list[int]] = {}
        roots: list[int] = []
        for i, r in enumerate(rows):
            parent = index.get(r.unit.parent_id) if r.unit.parent_id is not None else None
            if parent is None:
                roots.append(i)
            else:
                kids.setdefault(parent, []).append(i)

        def value(i: int) -> Value:
            found = col.value(lines[i])
            return name_order(str(found)) if col.kind == "name" and found is not None else found

        def arranged(group: list[int]) -> list[int]:
            values = {i: value(i) for i in group}
            present = [i for i in group if values[i] is not None]
            present.sort(key=lambda i: values[i], reverse=descending)
            return present + [i for i in group if values[i] is None]

        out: list[int] = []
        stack = list(reversed(roots))  # the nämnd first, as in the tree
        while stack:
            i = stack.pop()
            out.append(i)
            stack.extend(reversed(arranged(kids.get(i, []))))
        return out

    def next_beyond(
        self, deviation: Callable[[DriftRow], int | None], limit: int
    ) -> DriftRow | None:
        """n: put the cursor on the next row (in the order shown, from the cursor on, round
        to the top) whose ``deviation`` is larger than ``limit`` either way, unfolding the
        units above it; that row (the cursor's own when no other is), None when none is."""
        filtering = bool(self.filter_text.strip())
        candidates = self._visible_rows() if filtering else self.order
        if not candidates:
            return None
        current = self.shown[self.cursor] if self.shown else None
        start = candidates.index(current) + 1 if current in candidates else 0
        for i in candidates[start:] + candidates[:start]:
            found = deviation(self.rows[i])
            if found is None or abs(found) <= limit:
                continue
            unit_id = self.rows[i].unit.id
            parent = self._parents.get(unit_id)
            while parent is not None:
                self.collapsed.discard(parent)
                parent = self._parents.get(parent)
            self._rebuild(keep=unit_id)
            return self.rows[i]
        return None

    def set_commented(self, commented: set[int]) -> None:
        """Mark the units that have a comment (✎), without touching the figures."""
        self.commented = commented
        self._invalidate()

    def _rebuild(self, keep: int | None = None, changed: set[int] | None = None) -> None:
        """Recompute the visible rows and the columns, then repaint (only the ``changed``
        rows, when the rows shown and the columns are as before)."""
        before = (list(self.shown), [(c.key, c.width, c.label) for c in self.columns])
        self.shown = self._visible_rows()
        if keep is not None:
            shown = {index: pos for pos, index in enumerate(self.shown)}
            target = self._index.get(keep)
            while target is not None and target not in shown:
                parent = self._parents.get(self.rows[target].unit.id)
                target = self._index.get(parent) if parent is not None else None
            if target is not None:
                self.cursor = shown[target]
        self.cursor = max(0, min(self.cursor, len(self.shown) - 1))
        self._fit_columns()
        self.virtual_size = Size(self._width, len(self.shown) + 1)
        after = (self.shown, [(c.key, c.width, c.label) for c in self.columns])
        if changed is not None and after == before:
            # LRUCache has keys() but no __iter__.
            for key in [k for k in self._cache.keys() if k[0] in changed]:  # noqa: SIM118
                self._cache.discard(key)
            self.refresh()
        else:
            self._invalidate()
        self._scroll_to_cursor()
        self._report()

    def _visible_rows(self) -> list[int]:
        needle = self.filter_text.strip().casefold()
        if needle:
            keep: set[int] = set()
            for row in self.rows:
                haystack = f"{row.unit.name} {row.unit.code or ''}".casefold()
                if needle in haystack:
                    unit_id: int | None = row.unit.id
                    while unit_id is not None and unit_id in self._index:
                        keep.add(self._index[unit_id])
                        unit_id = self._parents.get(unit_id)
            return [i for i in self.order if i in keep]
        out = []
        hidden_below: int | None = None
        for i in self.order:
            row = self.rows[i]
            if hidden_below is not None and row.depth > hidden_below:
                continue
            hidden_below = None
            out.append(i)
            if row.unit.id in self.collapsed and row.has_children:
                hidden_below = row.depth
        return out

    @property
    def cursor_col(self) -> int:
        """The index of the column the cell cursor is on."""
        return self._cursor_col

    @cursor_col.setter
    def cursor_col(self, index: int) -> None:
        self._cursor_col = index
        if 0 <= index < len(self.columns):
            self._cursor_key = self.columns[index].key

    def _fit_columns(self) -> None:
        """Keep the columns that fit the width; the unit names take what is left.

        The cell cursor stays on the same column (by key) when columns come or go, so keys
        pressed while the first figures or a new width arrive land where the user meant.
        """
        key = self._cursor_key
        self.columns = place_columns(self._measured, self._width or 80, self._squeeze)
        keys = [c.key for c in self.columns]
        if key in keys:
            self._cursor_col = keys.index(key)
        elif self.columns:
            self.cursor_col = max(0, min(self._cursor_col, len(self.columns) - 1))

    def set_filter(self, text: str) -> None:
        """Show only units whose name or code contains ``text`` (and the units above them)."""
        self.filter_text = text
        current = self.current_row
        self._rebuild(keep=current.unit.id if current else None)

    # -- what the cursor is on ----------------------------------------------------------------
    @property
    def current_row(self) -> DriftRow | None:
        """The row under the cursor."""
        if not self.shown:
            return None
        return self.rows[self.shown[self.cursor]]

    @property
    def current_column(self) -> Placed | None:
        """The column under the cursor."""
        return self.columns[self.cursor_col] if self.columns else None

    def go_to(self, unit_id: int) -> bool:
        """Unfold the way to a unit and put the cursor on it."""
        if unit_id not in self._index:
            return False
        parent = self._parents.get(unit_id)
        while parent is not None:
            self.collapsed.discard(parent)
            parent = self._parents.get(parent)
        self.filter_text = ""
        self._rebuild(keep=unit_id)
        return True

    def _report(self) -> None:
        row = self.current_row
        unit_id = row.unit.id if row else None
        if unit_id != self._last_reported:
            self._last_reported = unit_id
            if self.follow is not None:
                self.follow(row)

    # -- rendering ----------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        """A theme change restyles every row."""
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        """Columns are chosen for the width."""
        self._fit_columns()
        self.virtual_size = Size(self._width, len(self.shown) + 1)
        self._invalidate()

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's vertical scrollbar (made as Textual makes it), drawn as ``QuickScrollBar``."""
        if self._vertical_scrollbar is None:
            bar = QuickScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``, as Textual's styles cache would draw them, without drawing
        a line again that is already drawn.

        Textual passes every line through the widget's styles (border, padding, tint,
        opacity) into a new ``Strip``, and then through the app's line filters, each time
        the line is on screen again: a scroll by one row does that for every row shown. The
        table has none of those styles, so a line is its row's cached strip, padded to the
        widget's width, through the filters; as the strip is the same object each time, so
        are the padded and filtered ones (Textual caches them on the strip). With any of
        those styles set, Textual draws the lines itself.
        """
        styles = self.styles
        hover = self.hover_style
        if (
            styles.gutter
            or any(edge for edge, _color in styles.outline)
            or styles.tint.a
            or self.opacity != 1.0
            or styles.text_opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none")
            or (self.auto_links and hover._link_id and hover._meta and "@click" in hover.meta)
        ):
            return super().render_lines(crop)
        width, height = self.size
        base_background, background = self.background_colors
        inner = TextualStyle(background=base_background + background).rich_style
        filters = self.get_line_filters()
        strips = []
        for y in crop.line_range:
            if y < height:
                strip = self.render_line(y).adjust_cell_length(width, inner)
            else:
                strip = Strip.blank(width, inner)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        """The header on the first line, then the rows scrolled into view."""
        width = self._width
        if not self.columns:
            return Strip.blank(width, self.rich_style)
        if y == 0:
            return self._header(width)
        position = y - 1 + self.scroll_offset.y
        if position >= len(self.shown):
            return Strip.blank(width, self.rich_style)
        col = self.cursor_col if position == self.cursor else -1
        key = (self.shown[position], col, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(self.shown[position], col, width)
            self._cache[key] = strip
        return strip

    def _header(self, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("drift-table--header")
        key = (width, style, tuple((c.label, c.width) for c in self.columns))
        if self._header_drawn is not None and self._header_drawn[0] == key:
            return self._header_drawn[1]  # the same object: its padded, filtered forms stay
        segments = [Segment(set_cell_size(self.columns[0].label, self.columns[0].width), style)]
        for col in self.columns[1:]:
            # By cells, not characters: a 🔒 before a heading takes two.
            heading = " " * max(0, col.width - cell_len(col.label)) + col.label
            segments += [Segment(" ", style), Segment(heading, style)]
        strip = Strip(segments).adjust_cell_length(width, style)
        self._header_drawn = (key, strip)
        return strip

    def _render_row(self, row_index: int, cursor_col: int, width: int) -> Strip:
        row, line = self.rows[row_index], self._lines[row_index]
        base = self.rich_style
        if cursor_col >= 0:
            base = base + self.get_component_rich_style("drift-table--cursor")
        cell = self.get_component_rich_style("drift-table--cell")
        muted = self.get_component_rich_style("drift-table--muted", partial=True)
        name_style = base
        if row.has_children:
            name_style = base + self.get_component_rich_style("drift-table--parent", partial=True)
        if cursor_col == 0:
            name_style = name_style + cell
        marker = ("▸ " if row.unit.id in self.collapsed else "▾ ") if row.has_children else "  "
        # A name may hold anything a SIE file or a paste brought: controls are made visible.
        name = clean(row.unit.name, 400) + (" ✎" if row.unit.id in self.commented else "")
        name_width = self.columns[0].width
        indent = "  " * row.depth
        room = max(1, name_width - len(indent) - 2)
        if cell_len(name) > room:
            name = set_cell_size(name, room - 1) + "…"
        segments = [
            Segment(indent, base),
            Segment(marker, base + muted),
            Segment(set_cell_size(name, room), name_style),
        ]
        for index, col in enumerate(self.columns[1:], start=1):
            value = col.get(line)
            text = col.text(line, self.unit).rjust(col.width)
            style = base
            if row.has_children:
                style = style + self.get_component_rich_style("drift-table--parent", partial=True)
            if col.kind == "deviation" and value:
                sign = "surplus" if int(value) > 0 else "deficit"
                style = style + self.get_component_rich_style(f"drift-table--{sign}", partial=True)
            if index == cursor_col:
                style = style + cell
            segments += [Segment(" ", base), Segment(text, style)]
        return Strip(segments).adjust_cell_length(width, base)

    # -- moving -------------------------------------------------------------------------------
    @property
    def _width(self) -> int:
        """Columns available for the rows: the widget less its scrollbar."""
        return self.scrollable_content_region.width

    def _body_height(self) -> int:
        return max(1, self.size.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_offset.y)
        height = self._body_height()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _move(self, position: int) -> None:
        position = max(0, min(position, len(self.shown) - 1))
        if position == self.cursor or not self.shown:
            return
        old = self.cursor
        self.cursor = position
        top = round(self.scroll_offset.y)
        self._scroll_to_cursor()
        if round(self.scroll_offset.y) == top:
            width = self._width
            for pos in (old, position):
                self.refresh(Region(0, pos - top + 1, width, 1))
        self._report()

    def action_cursor(self, step: int) -> None:
        """Move up or down one row."""
        self._move(self.cursor + step)

    def action_page(self, step: int) -> None:
        """Move a screenful."""
        self._move(self.cursor + step * self._body_height())

    def action_edge(self, step: int) -> None:
        """Jump to the first or the last row."""
        self._move(0 if step < 0 else len(self.shown) - 1)

    def action_column(self, step: int) -> None:
        """Move the cell cursor left or right."""
        new = max(0, min(self.cursor_col + step, len(self.columns) - 1))
        if new != self.cursor_col:
            self.cursor_col = new
            top = round(self.scroll_offset.y)
            self.refresh(Region(0, self.cursor - top + 1, self._width, 1))

    def action_fold(self) -> None:
        """Fold or unfold the unit under the cursor."""
        row = self.current_row
        if row is None or not row.has_children or self.filter_text:
            return
        self.collapsed ^= {row.unit.id}
        self._rebuild(keep=row.unit.id)

    def action_expand_all(self) -> None:
        """Unfold every level."""
        self.collapsed.clear()
        row = self.current_row
        self._rebuild(keep=row.unit.id if row else None)

    def action_collapse_all(self) -> None:
        """Fold everything below the nämnd's direct units."""
        self.collapsed = {r.unit.id for r in self.rows if r.depth >= 1 and r.has_children}
        row = self.current_row
        self._rebuild(keep=row.unit.id if row else None)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the row and cell clicked."""
        if event.y == 0:
            return
        position = event.y - 1 + round(self.scroll_offset.y)
        x = 0
        for index, col in enumerate(self.columns):
            if event.x < x + col.width + 1:
                self.cursor_col = index
                break
            x += col.width + 1
        self._invalidate()
        self._move(position)
