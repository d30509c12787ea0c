"""Month by month: the selected unit's year as a chart and a table, read on a worker.

The months are read through the gateway's lock (the store is shared with the write worker)
and read again whenever the report changes, so an edit or an import shows here at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, Static

from ksui.core.models import OrgTree
from ksui.core.months import MonthSeries
from ksui.render.cells import clean
from ksui.render.tables import cells
from ksui.tables.months import months_table
from ksui.tui.dialogs.base import FollowingDialog
from ksui.tui.host import Host, host
from ksui.tui.widgets.figure_table import FigureTable
from ksui.tui.widgets.month_chart import MonthChart

#: Columns of the screen the table cannot use: the dialog's border and padding, a scrollbar.
MARGIN = 6


class MonthDialog(FollowingDialog[None]):
    """A unit's twelve months: utfall against periodiserad budget, and the prognos line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,m", "close", "Stäng", id="dialog.close"),
    ]

    @dataclass
    class Fetched(Message):
        """The months were read (or could not be: ``error``)."""

        series: MonthSeries | None
        error: str = ""

    def __init__(
        self, unit_id: int, unit_name: str, year: int, tree: OrgTree | None, unit: str = "tkr"
    ) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.unit_name = unit_name
        self.year = year
        self.org = tree
        self.unit = unit
        self.series: MonthSeries | None = None

    @property
    def ksui(self) -> Host:
        """The app, as far as the month view uses it."""
        return host(self.app)

    def compose(self) -> ComposeResult:
        """Title, the chart, the table of months and the keys."""
        with Vertical(id="dialog", classes="dialog months-dialog"):
            yield Label(self._title(), id="months-title", classes="dialog-title")
            yield MonthChart(self.unit, id="months-chart")
            yield FigureTable(id="months-table")
            yield Static("Pilarna bläddrar · Esc stänger", classes="dialog-hint")

    def _title(self) -> Text:
        return Text.assemble(
            "Månad för månad — ",
            clean(self.unit_name),
            f" {self.year} ({self.unit})",
        )

    def on_mount(self) -> None:
        """Read the months; read them again whenever the report changes."""
        table = self.query_one(FigureTable)
        table.cursor_type = "row"
        table.focus()
        self.follow_report()
        self._fetch()

    def report_changed(self) -> None:
        """The tree may have changed with the report: take it, and read the months again."""
        data = self.ksui.data
        if data is not None:
            self.org = data.tree
        self._fetch()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="months",
        description="Läser månaderna",
    )
    def _fetch(self) -> None:
        try:
            series = self.ksui.gateway.months(self.unit_id, self.year, self.org)
        except Exception as exc:  # a unit removed meanwhile, a missing file: say so
            self.post_message(self.Fetched(None, str(exc)))
            return
        self.post_message(self.Fetched(series))

    @on(Fetched)
    def _fetched(self, message: Fetched) -> None:
        if message.series is None:
            self.query_one("#months-title", Label).update(
                Text(f"Månaderna kunde inte läsas: {clean(message.error)}")
            )
            return
        self.series = message.series
        self.query_one(MonthChart).show(message.series)
        self._fill(message.series)

    def on_resize(self) -> None:
        """The table's columns follow the width."""
        if self.series is not None:
            self._fill(self.series)

    def _fill(self, series: MonthSeries) -> None:
        spec = months_table(series, self.unit)
        cols = spec.view("screen")
        lines = [(row.key, cells(spec, row, cols)) for row in spec.rows]
        # Widths from the content: figures are never cut, whatever order rows arrive in.
        widths = {
            col.key: max([len(col.heading)] + [line[i].cell_len for _, line in lines])
            for i, col in enumerate(cols)
        }
        room = self.app.size.width - MARGIN
        # Avvikelse hittills goes first on a narrow screen (the chart shows it), then the
        # columns the specification lets go first.
        for col in [spec.column("deviation_ytd"), *spec.hide_order("screen")]:
            if sum(widths[c.key] + 2 for c in cols) <= room:
                break
            if col in cols and len(cols) > 2:
                cols.remove(col)
        keep = [i for i, col in enumerate(spec.view("screen")) if col in cols]
        table = self.query_one(FigureTable)
        selected = table.row_key_value
        table.clear(columns=True)
        for col in cols:
            table.add_column(col.heading, key=col.key, width=widths[col.key])
        for key, line in lines:
            table.add_row(*(line[i] for i in keep), key=key)
        if selected is None and series.last_actual:
            selected = f"month:{series.last_actual}"  # the latest month with an utfall
        table.move_to_row_key(selected)

    def action_close(self) -> None:
        """Back to the Drift screen."""
        self.dismiss(None)
