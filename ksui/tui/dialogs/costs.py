"""Why a unit deviates: its budget, utfall and avvikelse per kostnadsslag, and per account.

The drill-down from Drift (`b`): the lines come from the SIE import's figures per account
(``ksui.actions.costs``, as `ksui drift UNIT --by kostnadsslag`), read on a worker through
the gateway's lock and read again whenever the report changes.
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

from ksui.core.costs import CostBreakdown
from ksui.core.periods import BY_CODE
from ksui.render.cells import clean
from ksui.render.tables import cells
from ksui.tables.costs import costs_table
from ksui.tui.dialogs.base import FollowingDialog
from ksui.tui.host import Host, host
from ksui.tui.widgets.figure_table import FigureTable


class CostDialog(FollowingDialog[None]):
    """A unit's lines per kostnadsslag at the follow-up on screen; `k` shows the accounts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "close", "Stäng", id="dialog.close"),
        Binding("k", "toggle_accounts", "Konton på/av", id="costs.accounts"),
    ]

    @dataclass
    class Fetched(Message):
        """The lines were read (or could not be: ``error``)."""

        lines: CostBreakdown | None
        error: str = ""

    def __init__(
        self, unit_id: int, unit_name: str, year: int, period: str, unit: str = "tkr"
    ) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.unit_name = unit_name
        self.year = year
        self.period = period
        self.unit = unit
        self.accounts = False

    @property
    def ksui(self) -> Host:
        """The app, as far as the drill-down uses it."""
        return host(self.app)

    def compose(self) -> ComposeResult:
        """Title, the lines and the keys."""
        with Vertical(id="dialog", classes="dialog costs-dialog"):
            yield Label(self._title(), id="costs-title", classes="dialog-title")
            yield FigureTable(id="costs-table")
            yield Static("", id="costs-note", classes="dialog-hint")
            yield Static(
                "k visar kontona under varje kostnadsslag · Pilarna bläddrar · Esc stänger",
                classes="dialog-hint",
            )

    def _title(self) -> Text:
        label = BY_CODE[self.period].label.lower() if self.period in BY_CODE else self.period
        return Text.assemble(
            "Per kostnadsslag — ", clean(self.unit_name), f", {label} {self.year} ({self.unit})"
        )

    def on_mount(self) -> None:
        """Read the lines; read them again whenever the report changes."""
        table = self.query_one(FigureTable)
        table.cursor_type = "row"
        table.focus()
        self.follow_report()
        self._fetch()

    def report_changed(self) -> None:
        """An edit or an import: read the lines again."""
        self._fetch()

    def action_toggle_accounts(self) -> None:
        """k: each kostnadsslag's accounts under it, or the lines alone."""
        self.accounts = not self.accounts
        self._fetch()

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="costs",
        description="Läser siffrorna per kostnadsslag",
    )
    def _fetch(self) -> None:
        try:
            lines = self.ksui.gateway.costs(self.unit_id, self.year, self.period, self.accounts)
        except Exception as exc:  # a unit removed meanwhile, a missing file: say so
            self.post_message(self.Fetched(None, str(exc)))
            return
        self.post_message(self.Fetched(lines))

    @on(Fetched)
    def _fetched(self, message: Fetched) -> None:
        note = self.query_one("#costs-note", Static)
        if message.lines is None:
            note.update(Text(f"Siffrorna kunde inte läsas: {clean(message.error)}"))
            return
        if message.lines.empty:
            note.update(
                "Inga siffror per kostnadsslag för perioden: de kommer från en SIE-fil "
                "(i → SIE), konto för konto."
            )
        else:
            note.update("")
        spec = costs_table(message.lines, self.unit)
        cols = spec.view("screen")
        table = self.query_one(FigureTable)
        selected = table.row_key_value
        table.clear(columns=True)
        lines = [(row.key, cells(spec, row, cols)) for row in spec.rows]
        for i, col in enumerate(cols):
            width = max([len(col.heading)] + [line[i].cell_len for _, line in lines])
            table.add_column(col.heading, key=col.key, width=width)
        for key, line in lines:
            table.add_row(*line, key=key)
        table.move_to_row_key(selected)

    def action_close(self) -> None:
        """Back to Drift."""
        self.dismiss(None)
