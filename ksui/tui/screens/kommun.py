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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static

from ksui.core.periods import BY_CODE
from ksui.render.audit import when
from ksui.render.cells import clean, plain
from ksui.render.tables import cells
from ksui.tables.drift import DriftLine, drift_table, forecast_period
from ksui.tui.clipboard import Copyable
from ksui.tui.keys import bindings
from ksui.tui.screens.base import ReportScreen
from ksui.tui.state import Repaint
from ksui.tui.widgets.figure_table import FigureTable

if TYPE_CHECKING:
    from ksui.actions.kommun_totals import KommunTotals
    from ksui.core.models import Unit
    from ksui.core.report import ReportData
    from ksui.store import Store
    from ksui.store.consolidate import Provenance
    from ksui.tables.spec import Table

#: The drift table's columns the screen shows, in its order (``ksui.tables.drift``).
FIGURES = ("name", "budget", "forecast", "actual", "deviation")

#: The columns after the figures: where each nämnd came from (``ksui consolidate``).
SOURCE_COLUMNS = (
    ("Källa", "source"),
    ("Källans ändring", "changeset"),
    ("Konsoliderad", "at"),
)
#: The kommun-level tables under the nämnder, by their specification's name.
LEVEL = ("kommun_result", "balance_requirement")
#: The narrowest the names get on a narrow terminal.
NAME_MIN = 16

#: What a file without a consolidated kommun says instead of the table.
NO_KOMMUN = (
    "Filen har ingen kommun med konsoliderade nämnder. Samla nämndernas filer i kommunens "
    "fil med »ksui consolidate KOMMUN.sqlite NÄMND.sqlite …« (skapa den först med "
    "»ksui init --empty KOMMUN.sqlite«) och öppna sedan den filen: ksui --db KOMMUN.sqlite."
)


@dataclass(frozen=True)
class KommunView:
    """What the screen shows: the kommun and its nämnder at one follow-up, and their sources."""

    kommun: Unit
    year: int
    period: str
    table: Table[DriftLine]
    #: Each consolidated nämnd's source by its id; None while not yet read.
    sources: Mapping[int, Provenance] | None
    #: The kommun level below the nämnder: årets resultat and the balanskravsutredning
    #: (``ksui.tables.kommun``); empty when they could not be read.
    level: tuple[Table[Any], ...] = ()

    @property
    def namnder(self) -> int:
        """How many nämnder the kommun has (every row but the kommun's own)."""
        return len(self.table.rows) - 1


def namnd_table(data: ReportData, unit: str) -> Table[DriftLine]:
    """The kommun's drift table cut to the kommun and its nämnder (depth 0 and 1), with
    FIGURES as its screen view: the same rows ``ksui drift -c KOMMUN`` prints first."""
    rows = [row for row in data.drift() if row.depth <= 1]
    table = drift_table(
        rows,
        data.year,
        unit,
        period=data.period,
        forecast_period=forecast_period(data),
        done=data.forecast_done,
    )
    return replace(table, views={**table.views, "screen": FIGURES})


def totals_view(totals: KommunTotals, unit: str) -> KommunView:
    """The view of the kommun's nämnder as ``ksui.actions.kommun_totals`` sums them: the
    rows of ``ksui drift -c KOMMUN`` at depth 0 and 1, with FIGURES as the screen view."""
    table = drift_table(
        list(totals.rows),
        totals.year,
        unit,
        period=totals.period,
        forecast_period=totals.forecast_period,
        done=totals.done,
    )
    table = replace(table, views={**table.views, "screen": FIGURES})
    return KommunView(totals.kommun, totals.year, totals.period, table, totals.sources)


def read_view(
    store: Store,
    kommun: Unit,
    year: int | None,
    period: str,
    data: ReportData | None,
    unit: str,
) -> KommunView | str:
    """The kommun's nämnder at the year and period on screen (its latest year when it has
    not that one), without the kommun level (``with_level`` adds it); ``data`` is reused
    when it is the kommun's report already. A str says why there is nothing to show."""
    from ksui.actions import kommun_totals as totals_of
    from ksui.store.consolidate import provenance

    if data is not None and data.committee.id == kommun.id:
        table = namnd_table(data, unit)
        return KommunView(kommun, data.year, data.period, table, provenance(store, kommun.id))
    # The year on screen, as a rule one the nämnder share; else the kommun's latest.
    pairs = totals_of.recorded(store, kommun, year) if year is not None else frozenset()
    if year is None or not pairs:
        year = totals_of.latest_year(store, kommun)
        if year is None:
            return f"{clean(kommun.name)} har inga siffror ännu: konsolidera nämndernas filer."
        pairs = totals_of.recorded(store, kommun, year)
    return totals_view(totals_of.kommun_totals(store, kommun, year, period, pairs), unit)


def with_level(store: Store, view: KommunView, unit: str) -> KommunView:
    """The view with the kommun level below the nämnder (``level_tables``)."""
    return replace(view, level=level_tables(store, view.kommun, view.year, view.period, unit))


def level_tables(
    store: Store, kommun: Unit, year: int, period: str, unit: str
) -> tuple[Table[Any], ...]:
    """Årets resultat and the balanskravsutredning of the kommun at the follow-up, as
    ``ksui.actions.kommun`` computes them for the CLI too; none when they cannot be read."""
    from ksui.actions import kommun as kommun_level
    from ksui.actions.errors import ActionError
    from ksui.store import StoreError
    from ksui.tables.kommun import balance_table, result_table

    try:
        found = kommun_level.result(store, kommun.id, year, period)
    except (ActionError, StoreError):
        return ()
    return (result_table(found, unit), balance_table(found, unit))


def source_cells(view: KommunView, unit_id: int) -> list[Text]:
    """A row's Källa, Ändring and Konsoliderad cells (empty for the kommun's own row)."""
    if unit_id == view.kommun.id or view.sources is None:
        return [Text(""), Text(""), Text("")]
    found = view.sources.get(unit_id)
    if found is None:
        return [Text("i kommunfilen", style="dim"), Text(""), Text("")]
    changeset = "" if found.source_changeset is None else f"nr {found.source_changeset}"
    return [
        plain(Path(found.source_path).name),
        plain(changeset),
        plain(when(found.consolidated_at)),
    ]


def source_line(view: KommunView, unit_id: int | None) -> str:
    """The whole provenance of the row under the cursor, the path in full."""
    if unit_id == view.kommun.id:
        return f"{clean(view.kommun.name)}: summan av {view.namnder} nämnder."
    if unit_id is None or view.sources is None:
        return ""  # not read yet: the line follows in a moment
    found = view.sources.get(unit_id)
    if found is None:
        return "Nämnden finns bara i kommunens fil; den kom inte från en konsolidering."
    number = found.source_changeset
    changeset = "" if number is None else f", dess ändring nr {number}"
    return (
        f"Från {clean(found.source_path)}{changeset}, konsoliderad {when(found.consolidated_at)}."
    )


class KommunScreen(ReportScreen):
    """The kommun's nämnder with budget, prognos, utfall and avvikelse; Enter opens one."""

    CSS_PATH = "kommun.tcss"  # parsed when the screen is first shown, not at start

    NAME = "kommun"  # its mode id in ksui.tui.registry, which also lists its keys for ?
    BINDINGS: ClassVar[list[BindingType]] = bindings("kommun")

    @dataclass
    class Read(Message):
        """The kommun was read for a report version: its view, or why there is none."""

        version: int
        view: KommunView | None
        reason: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.view: KommunView | None = None

    def compose_body(self) -> Iterable[Widget]:
        """A heading, the nämnder's table and the provenance of the row under the cursor."""
        yield Static("", id="kommun-heading")
        yield FigureTable(id="kommun-table")
        yield Static("", id="kommun-source")
        yield FigureTable(id="kommun-result", classes="kommun-level")
        yield FigureTable(id="kommun-balance", classes="kommun-level")

    def on_mount(self) -> None:
        """Keys go to the table."""
        super().on_mount()
        self.focus_main()

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
        would take turns with their painting for the interpreter."""
        self.call_after_refresh(self._read_level, view, version)

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

    def _say(self, reason: str) -> None:
        """No table: the placeholder says why (in Swedish, the user's names cleaned)."""
        self.view = None
        self.set_class(True, "-empty")
        self.query_one("#placeholder", Static).update(Text(clean(reason, 2000)))

    # -- showing ----------------------------------------------------------------------------
    def _fill(self, view: KommunView) -> None:
        table = self.query_one("#kommun-table", FigureTable)
        key, column = table.row_key_value, table.column_key_value
        spec = view.table
        cols = spec.view("screen")
        headings = [(col.heading, col.key) for col in cols] + list(SOURCE_COLUMNS)
        rows = [
            (row.key, [*cells(spec, row, cols), *source_cells(view, row.item.row.unit.id)])
            for row in spec.rows
        ]
        widths = [
            max([len(heading)] + [line[index].cell_len for _, line in rows])
            for index, (heading, _) in enumerate(headings)
        ]
        # The names give way to the figures on a narrow terminal (2 cells of padding each);
        # the sources beyond the figures scroll into view, and the line below names them.
        figures = sum(widths[1 : len(cols)]) + 2 * len(cols) + 1
        widths[0] = max(NAME_MIN, min(widths[0], self.app.size.width - figures))
        table.clear(columns=True)
        for (heading, col_key), width in zip(headings, widths, strict=True):
            table.add_column(heading, key=col_key, width=width)
        for row_key, line in rows:
            line[0].truncate(widths[0], overflow="ellipsis")
            table.add_row(*line, key=row_key)
        table.move_to_row_key(key, column)
        label = BY_CODE[view.period].label
        title = Text.assemble(
            (clean(view.kommun.name), "bold"),
            f" · {view.namnder} nämnder · {label} {view.year} · {self.unit}",
            ("   Enter öppnar nämnden", "dim"),
        )
        self.query_one("#kommun-heading", Static).update(title)
        self._show_source()
        for widget_id, level in zip(("#kommun-result", "#kommun-balance"), LEVEL, strict=True):
            found = next((t for t in view.level if t.name == level), None)
            self._fill_level(self.query_one(widget_id, FigureTable), found)

    def _fill_level(self, table: FigureTable, spec: Table[Any] | None) -> None:
        """A kommun-level table (``ksui.tables.kommun``) as its screen view shows it."""
        table.display = spec is not None
        key, column = table.row_key_value, table.column_key_value
        table.clear(columns=True)
        if spec is None:
            return
        cols = spec.view("screen")
        for col in cols:
            table.add_column(col.heading, key=col.key)
        for row in spec.rows:
            table.add_row(*cells(spec, row, cols), key=row.key)
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
        if self.view is None:
            return None
        key = self.query_one("#kommun-table", FigureTable).row_key_value
        return Copyable(self.view.table, key)

    def _copy(self, *, whole: bool) -> None:
        """The kommun's table, also while the app's own report is a nämnd's or none."""
        from ksui.tui import clipboard

        if self.view is None:
            self.notify("Ingen tabell att kopiera ännu.", severity="warning")
            return
        clipboard.copy(self, self.copy_source(), whole=whole, heading="Kommunen")


def _same_place(shown: KommunView, view: KommunView) -> bool:
    """Whether two views show the same kommun at the same follow-up."""
    return (shown.kommun, shown.year, shown.period) == (view.kommun, view.year, view.period)


def _names(asked: str | None, kommun: Unit) -> bool:
    """Whether the committee the app asked for is the kommun (the palette's »Kommun …«)."""
    if not asked:
        return False
    return asked.casefold() in (kommun.name.casefold(), (kommun.code or "").casefold())
