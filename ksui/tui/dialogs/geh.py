"""The GEH-bedömning, area by area, beside what the figures suggest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, Static

from ksui.core.assessment import GEH_AREAS, GEH_LABELS, GehSuggestion
from ksui.core.models import Assessment
from ksui.core.report import ReportData
from ksui.render.cells import badge
from ksui.tui.dialogs.base import Dialog
from ksui.tui.edits import GehEdit
from ksui.tui.widgets.figure_table import FigureTable


class GehDialog(Dialog[None]):
    """Enter steps an area's bedömning Bra → Ok → Har brister; each step is saved at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "cycle", "Byt bedömning", id="geh.cycle"),
        Binding("escape,g", "close", "Stäng", id="dialog.close"),
    ]

    @dataclass
    class Changed(Message):
        """The controller chose a new bedömning for a GEH area."""

        area: str
        value: Assessment

    def __init__(self, data: ReportData, suggested: GehSuggestion | None) -> None:
        super().__init__()
        self.data = data
        self.geh = dict(data.geh)
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        """The four areas in a table."""
        with Vertical(id="dialog", classes="dialog geh-dialog"):
            yield Label("God ekonomisk hushållning", classes="dialog-title")
            yield FigureTable(id="geh")
            yield Static(
                "Enter byter bedömning (sparas direkt), Esc stänger.", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        """Fill the table; the row cursor starts on Ekonomi."""
        table = self.query_one(FigureTable)
        table.cursor_type = "row"
        table.add_column("Område", key="area")
        table.add_column("Bedömning", key="value", width=14)
        table.add_column("Förslag", key="suggested", width=14)
        self._fill()
        table.focus()

    def _hint(self, area: str) -> Assessment | None:
        s = self.suggested
        if s is None:
            return None
        return {
            "ekonomi": s.economy,
            "kf_mal": s.goals,
            "personal": s.personnel,
            "samlad": s.overall,
        }[area]

    def _fill(self) -> None:
        table = self.query_one(FigureTable)
        row = table.cursor_row
        table.clear()
        for area in GEH_AREAS:
            table.add_row(
                Text(GEH_LABELS[area]), badge(self.geh.get(area)), badge(self._hint(area)), key=area
            )
        table.move_cursor(row=row, animate=False)

    def action_cycle(self) -> None:
        """Step the area under the cursor to the next bedömning and have it saved."""
        table = self.query_one(FigureTable)
        area = table.row_key_value
        if area is None:
            return
        current = self.geh.get(area)
        value = current.next() if current else Assessment.BRA
        self.geh[area] = value
        self._fill()
        self.post_message(self.Changed(area, value))
        data = self.data
        edit = GehEdit(data.committee.id, data.year, data.period, area, value, GEH_LABELS[area])
        self.app.submit(edit)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        """Back to the Översikt."""
        self.dismiss(None)
