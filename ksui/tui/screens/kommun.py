"""Kommunen: every consolidated nämnd side by side at the follow-up on screen, and the total.

The figures are the drift table's (``ksui.tables.drift``) of the kommun committee with the
nämnder as its units, so the screen and ``ksui drift -c KOMMUN`` show the same numbers;
each nämnd's row says where it came from (``ksui consolidate``: the file, that file's last
change set and when). Below them, the kommun level: årets resultat and the
balanskravsutredning (``ksui.tables.kommun``). The nämnder's figures are summed by SQL
(``ksui.actions.kommun_totals``), not rolled up from the kommun's every figure; opening a
kommun's file, they are the app's first read and in its first frame, and the kommun level
is read after they are painted. The screen reads on a worker, whichever nämnd the app
shows, and Enter opens the nämnd under the cursor.

The tables fit the width there is (less the scrollbars): a figure is never cut; on a narrow
terminal whole columns go, least needed at the follow-up first (as on Drift), the figures
are shown in mkr where tkr would drop more of them, and the sources come only where the
names keep their full width; every figure, and its heading, is right-aligned. The top bar
names the kommun, whose figures these are. Until the kommun has kommun lines (skatteintäkter
and the like) a muted line says how to enter them, instead of two tables of empty figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.binding import BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static

from ksui.core.periods import BY_CODE
from ksui.render.cells import clean
from ksui.render.tables import cells
from ksui.tui.keys import bindings
from ksui.tui.screens.base import ReportScreen
from ksui.tui.screens.kommun_view import (
    BODY,
    CHROME,
    LEVEL,
    NARROW_UNIT,
    NO_KOMMUN,
    NO_LINES,
    SOURCE_LINES,
    KommunView,
    Laid,
    fit_widths,
    has_lines,
    heading_text,
    lay_out,
    namnd_table,
    needed,
    read_view,
    source_line,
    totals_view,
    with_level,
)
from ksui.tui.state import Repaint
from ksui.tui.widgets.figure_table import FigureTable
from ksui.tui.widgets.top_bar import SEP, TopBar

if TYPE_CHECKING:
    from ksui.core.models import Unit
    from ksui.tables.spec import Table
    from ksui.tui.clipboard import Copyable


class KommunScreen(ReportScreen):
    """The kommun's nämnder with budget, prognos, utfall and avvikelse; Enter opens one."""

    CSS_PATH = "kommun.tcss"  # parsed when the screen is first shown, not at start

    NAME = "kommun"  # its mode id in ksui.tui.registry, which also lists its keys for ?
    BINDINGS: ClassVar[list[BindingType]] = bindings("kommun")

    @dataclass(eq=False, repr=False)
    class Read(Message):
        """The kommun was read for a report version: its view, or why there is none."""

        version: int
        view: KommunView | None
        reason: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.view: KommunView | None = None
        #: The unit the figures are shown in: the app's, or mkr where tkr does not fit.
        self.shown_unit = ""
        #: What the tables were last fitted to (``_fit_inputs``): a resize to the same size,
        #: as Textual sends a few while starting, leaves them as they are.
        self._fitted_to: tuple[object, ...] | None = None

    def compose_body(self) -> Iterable[Widget]:
        """A heading, the nämnder's table, the provenance of the row under the cursor, and the
        kommun level (or the line that says how to enter its kommun lines)."""
        # Made with ReportScreen.compose's class for the body: added afterwards, it styles
        # each widget once before it is even mounted (where it is styled anyway).
        yield Static("", id="kommun-heading", classes=BODY)
        yield FigureTable(id="kommun-table", classes=BODY)
        yield Static("", id="kommun-source", classes=BODY)
        if self.ksui.first_frame_shown:
            yield from _level_widgets()

    def on_mount(self) -> None:
        """Keys go to the table; a table that gains or loses its scrollbar is fitted anew.

        The screen the app starts on mounts the kommun level once the first frame is out
        (``_mount_level``): it is read only then, so until then it is hidden anyway, and
        mounting its two tables cost that frame some 5 ms."""
        super().on_mount()
        for table in self.query(FigureTable):
            self.watch(table, "show_vertical_scrollbar", self._refit, init=False)
        if not self.query("#kommun-hint"):
            self.ksui.after_first_frame(lambda: self.call_next(self._mount_level))
        self.focus_main()

    async def _mount_level(self) -> None:
        """Mount the kommun level under the source line, filled from the view on screen."""
        if not self.is_attached or self.query("#kommun-hint"):
            return
        view = self.view
        fitted = view is not None and self._fit_inputs(view) == self._fitted_to
        widgets = _level_widgets()
        await self.mount_all(widgets, after="#kommun-source")
        for table in self.query(".kommun-level").results(FigureTable):
            self.watch(table, "show_vertical_scrollbar", self._refit, init=False)
        if view is None:
            for widget in widgets:
                widget.display = False  # as ``_say`` leaves them
            return
        self._fill_levels(view, self.shown_unit or self.unit)
        if fitted:  # the nämnder are fitted to this still: the new tables change nothing
            self._fitted_to = self._fit_inputs(view)

    def on_resize(self, _event: events.Resize) -> None:
        """The columns follow the terminal's width."""
        self._refit()

    def _refit(self, _changed: object = None) -> None:
        """Fit the tables anew to a new width or a scrollbar come or gone.

        Only when something they are fitted to changed: each fill rebuilds the tables,
        which Textual then lays out and renders again (three times before the first frame,
        for the same size).
        """
        view = self.view
        if view is not None and self._fit_inputs(view) != self._fitted_to:
            self._fill(view)

    def _fit_inputs(self, view: KommunView) -> tuple[object, ...]:
        """Everything ``_fill`` fits the tables to: the view, the unit, the room (the
        screen's, else the app's before the first layout) and each table's scrollbar."""
        size = self.size if self.size.width and self.size.height else self.app.size
        scrollbars = tuple(table.show_vertical_scrollbar for table in self.query(FigureTable))
        return (id(view), self.unit, size, self.styles.scrollbar_size_vertical, scrollbars)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is offered (and in the footer) only where there is a nämnd to open."""
        if action == "open_namnd":
            return self.view is not None and self.focused is self._namnder()
        return True

    def focus_main(self) -> None:
        """The nämnder's table has the keys."""
        self.query_one("#kommun-table", FigureTable).focus()

    # -- reading ----------------------------------------------------------------------------
    def refresh_data(self, change: Repaint | None = None) -> None:
        """Read the kommun at the app's year and period (on a worker), or say why not."""
        app = self.ksui
        self._shown_version = app.version
        kommun, data = app.kommun, app.data
        if app.version == 0:
            self._say(app.empty_reason)  # the file is still being read
            return
        if kommun is None:
            self._say(NO_KOMMUN)
            return
        asked = app.report_key.committee
        if data is not None and data.committee.id != kommun.id and _names(asked, kommun):
            # The kommun itself is being read as the app's report: it comes next.
            if self.view is None:
                self._say(f"Läser {kommun.name} …")
            return
        totals = app.kommun_totals
        if data is None and totals is not None and totals.kommun == kommun:
            # The app opened on the kommun: its nämnder were read as the first report and
            # are in the first frame; the kommun level follows.
            view = totals_view(totals, self.unit)
            self._show(view)
            self._level_after_paint(view, app.version)
            return
        if data is not None and data.committee.id == kommun.id:
            # The app's report is the kommun's: the nämnder's figures need no read, so they
            # are in the first frame; where each came from and the kommun level follow.
            known = self.view.sources if self.view and self.view.kommun == kommun else None
            table = namnd_table(data, self.unit)
            self._show(KommunView(kommun, data.year, data.period, table, known))
        year = data.year if data is not None else None
        period = data.period if data is not None else app.report_key.period
        reading = partial(
            read_view, kommun=kommun, year=year, period=period, data=data, unit=self.unit
        )
        self._read(reading, app.version)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="kommun",
        description="Läser kommunen",
    )
    def _read(self, reading: partial[KommunView | str], version: int) -> None:
        """Read the nämnder; the kommun level is read once they are painted (``_read_done``)."""
        try:
            found = self.ksui.gateway.read(reading)
        except Exception as exc:  # a damaged file: say so, keep the app open
            self.post_message(self.Read(version, None, f"Kommunen kunde inte läsas: {exc}"))
            return
        if isinstance(found, str):
            self.post_message(self.Read(version, None, found))
            return
        self.post_message(self.Read(version, found))

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="kommun-level",
        description="Läser kommunens resultat",
    )
    def _read_level(self, view: KommunView, version: int) -> None:
        """The kommun level below the nämnder (which reads the kommun's figures again)."""
        if version != self.ksui.version:
            return  # a newer report is on its way, and its own view with it
        try:
            whole = self.ksui.gateway.read(partial(with_level, view=view, unit=self.unit))
        except Exception:  # the nämnder stay on screen; the kommun level is left out
            return
        self.post_message(self.Read(version, whole))

    def _level_after_paint(self, view: KommunView, version: int) -> None:
        """Read the kommun level once the nämnder are on the terminal: read at once, it
        would take turns with their painting for the interpreter (and, before the app's
        first frame, ``call_after_refresh`` alone runs inside Textual's start, before any
        frame is written: the worker's store and imports then delay the very frame)."""
        read = partial(self.call_after_refresh, self._read_level, view, version)
        self.ksui.after_first_frame(read)

    @on(Read)
    def _read_done(self, message: Read) -> None:
        if message.version != self.ksui.version:
            return  # a newer report is on its way
        if message.view is None:
            self._say(message.reason)
            return
        self._show(message.view)
        if not message.view.level:
            self._level_after_paint(message.view, message.version)

    def _show(self, view: KommunView) -> None:
        """Fill the screen from a view of the kommun (the kommun level it shows already
        stays until the view's own is read: the tables below never blink)."""
        if not view.level and self.view is not None and _same_place(self.view, view):
            view = replace(view, level=self.view.level)
        self.view = view
        self.set_class(False, "-empty")
        self.query_one("#placeholder", Static).update("")
        self._fill(view)
        self.refresh_bindings()

    def _say(self, reason: str) -> None:
        """No table: the placeholder says why (in Swedish, the user's names cleaned)."""
        self.view = None
        self.set_class(True, "-empty")
        self.query_one("#placeholder", Static).update(Text(clean(reason, 2000)))
        # Shown or hidden by the last view's own style, which a CSS class does not override.
        for widget in self.query("#kommun-hint, .kommun-level"):
            widget.display = False
        self.query_one(TopBar).own_context = ""  # the app's own context, as on every screen
        self.refresh_bindings()

    # -- showing ----------------------------------------------------------------------------
    def _fill(self, view: KommunView) -> None:
        """The nämnder's table, the heading and the kommun level, fitted to the width."""
        self._fitted_to = self._fit_inputs(view)
        table = self.query_one("#kommun-table", FigureTable)
        key, column = table.row_key_value, table.column_key_value
        laid = self._fitted(view, table)
        unit, headings, rows, widths = laid.unit, laid.headings, laid.rows, laid.widths
        self.shown_unit = unit
        table.clear(columns=True)
        for heading, col_key in headings:
            if col_key in widths:
                table.add_column(heading.copy(), key=col_key, width=widths[col_key])
        keys = [col_key for _, col_key in headings]
        for row_key, line in rows:
            shown = [cell for cell, col_key in zip(line, keys, strict=True) if col_key in widths]
            shown[0].truncate(widths["name"], overflow="ellipsis")
            table.add_row(*shown, key=row_key)
        table.move_to_row_key(key, column)
        label = BY_CODE[view.period].label
        title = Text.assemble(
            (clean(view.kommun.name), "bold"),
            f" · {view.namnder} nämnder · {label} {view.year} · {unit}",
            ("   Enter öppnar nämnden", "dim"),
        )
        self.query_one("#kommun-heading", Static).update(title)
        place = SEP.join((clean(view.kommun.name, 80), str(view.year), label, unit))
        self.query_one(TopBar).own_context = place
        self._show_source()
        self._fill_levels(view, unit)

    def _fill_levels(self, view: KommunView, unit: str) -> None:
        """The kommun level (or the hint), in the nämnder's unit; nothing while it is not
        mounted yet (``_mount_level`` fills it then)."""
        found_hint = self.query("#kommun-hint")
        if not found_hint:
            return
        hint = bool(view.level) and not has_lines(view.level)
        found_hint.first(Static).display = hint
        for widget_id, level in zip(("#kommun-result", "#kommun-balance"), LEVEL, strict=True):
            found = None if hint else next((t for t in view.level if t.name == level), None)
            if found is not None and found.unit != unit:
                found = replace(found, unit=unit)  # as the nämnder above: their total is in it
            self._fill_level(self.query_one(widget_id, FigureTable), found)

    def _fit_height(self, view: KommunView, table: FigureTable) -> int:
        """Keep the nämnder and the source line under them within the terminal's height (the
        kommun level is below, where the screen scrolls to), so the row under the cursor is
        never behind the footer; up to that the table is as high as its rows. The source line
        is as high as the longest row's needs (at least ``SOURCE_LINES``, no blank band), so
        that nothing jumps as the cursor moves. Returns the lines the table may have.

        Set here, not in kommun.tcss: CSS has no »the height less these lines«."""
        width = max(10, (self.size.width or self.app.size.width) - 3)  # gutter, padding
        texts = [source_line(view, row.item.row.unit.id) for row in view.table.rows]
        console = self.app.console
        # Only a line wider than the room wraps: the others are one line each, counted
        # without wrapping them.
        lines = max(
            [SOURCE_LINES]
            + [len(Text(text).wrap(console, width)) for text in texts if cell_len(text) > width]
        )
        self.query_one("#kommun-source", Static).styles.height = lines
        height = self.size.height or self.app.size.height
        room = max(3, height - CHROME - lines)
        table.styles.max_height = room
        return room

    def _fitted(self, view: KommunView, table: FigureTable) -> Laid:
        """The nämnder laid out in the app's unit, or in mkr when that keeps figures the
        app's unit would drop (a large kommun at 80 columns)."""
        height = self._fit_height(view, table)
        room = self._room(table, len(view.table.rows), height)
        first = lay_out(view, self.unit, room)
        if first.complete or self.unit == NARROW_UNIT:
            return first
        coarse = lay_out(view, NARROW_UNIT, room)
        return coarse if coarse.figures > first.figures else first

    def _room(self, table: FigureTable, rows: int, height: int | None = None) -> int:
        """The cells a table's columns have: the screen's width less its scrollbar's gutter
        (kept in kommun.tcss) and the table's vertical scrollbar, when it has one or (before
        the first layout) will have one."""
        width = (self.size.width or self.app.size.width) - self.styles.scrollbar_size_vertical
        scrolls = table.show_vertical_scrollbar or (height is not None and rows + 1 > height)
        return width - (table.styles.scrollbar_size_vertical if scrolls else 0)

    def _fill_level(self, table: FigureTable, spec: Table[Any] | None) -> None:
        """A kommun-level table (``ksui.tables.kommun``) as its screen view shows it, its
        columns fitted as the nämnder's (by the specification's priority)."""
        table.display = spec is not None
        key, column = table.row_key_value, table.column_key_value
        table.clear(columns=True)
        if spec is None:
            return
        cols = spec.view("screen")
        rows = [(row.key, cells(spec, row, cols)) for row in spec.rows]
        needs = needed([col.heading for col in cols], [line for _, line in rows])
        rank = {col.key: col.priority or len(cols) for col in cols}
        keys = [col.key for col in cols]
        widths = fit_widths(list(zip(keys, needs, strict=True)), self._room(table, len(rows)), rank)
        for col in cols:
            if col.key in widths:
                table.add_column(
                    heading_text(col.heading, col.align), key=col.key, width=widths[col.key]
                )
        for row_key, line in rows:
            shown = [cell for cell, k in zip(line, keys, strict=True) if k in widths]
            shown[0].truncate(widths[keys[0]], overflow="ellipsis")
            table.add_row(*shown, key=row_key)
        table.move_to_row_key(key, column)

    @on(DataTable.CellHighlighted, "#kommun-table")
    def _highlighted(self, _event: DataTable.CellHighlighted) -> None:
        self._show_source()

    def _show_source(self) -> None:
        view = self.view
        if view is None:
            return
        line = source_line(view, self._unit_under_cursor())
        self.query_one("#kommun-source", Static).update(Text(line))

    def _namnder(self) -> FigureTable:
        return self.query_one("#kommun-table", FigureTable)

    def _unit_under_cursor(self) -> int | None:
        key = self._namnder().row_key_value
        if key is None or not key.startswith("unit:"):
            return None
        return int(key.removeprefix("unit:"))

    # -- keys -------------------------------------------------------------------------------
    async def action_open_namnd(self) -> None:
        """Enter: show the nämnd under the cursor on Drift (the kommun row: the whole kommun)."""
        view, unit_id = self.view, self._unit_under_cursor()
        if view is None or unit_id is None or self.focused is not self._namnder():
            return  # the kommun-level tables have no nämnd to open
        row = next(r for r in view.table.rows if r.item.row.unit.id == unit_id)
        self.ksui.select(committee=row.item.row.unit.name)
        await self.app.run_action("show_screen('drift')")

    def copy_source(self) -> Copyable | None:
        """y/Y: the nämnder's figures as the screen shows them."""
        from ksui.tui.clipboard import Copyable

        if self.view is None:
            return None
        key = self.query_one("#kommun-table", FigureTable).row_key_value
        spec = self.view.table
        if self.shown_unit and self.shown_unit != spec.unit:
            spec = replace(spec, unit=self.shown_unit)
        return Copyable(spec, key)

    def _copy(self, *, whole: bool) -> None:
        """The kommun's table, also while the app's own report is a nämnd's or none."""
        from ksui.tui import clipboard

        if self.view is None:
            self.notify("Ingen tabell att kopiera ännu.", severity="warning")
            return
        clipboard.copy(self, self.copy_source(), whole=whole, heading="Kommunen")


def _level_widgets() -> list[Widget]:
    """The kommun level: the line that says how to enter kommun lines, or its two tables."""
    return [
        Static(Text(NO_LINES), id="kommun-hint", classes=BODY),
        FigureTable(id="kommun-result", classes=f"kommun-level {BODY}"),
        FigureTable(id="kommun-balance", classes=f"kommun-level {BODY}"),
    ]


def _same_place(shown: KommunView, view: KommunView) -> bool:
    """Whether two views show the same kommun at the same follow-up."""
    return (shown.kommun, shown.year, shown.period) == (view.kommun, view.year, view.period)


def _names(asked: str | None, kommun: Unit) -> bool:
    """Whether the committee the app asked for is the kommun (the palette's »Kommun …«)."""
    if not asked:
        return False
    return asked.casefold() in (kommun.name.casefold(), (kommun.code or "").casefold())
