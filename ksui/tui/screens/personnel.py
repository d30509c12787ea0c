"""Personal: sjuktal by kön and ålder over the years, against the whole kommun.

The columns are the sick-leave table's specification (``ksui.tables.personnel``); a rate
column says which year and scope Enter edits.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import Static

from ksui.core.personnel import SickLeaveTable
from ksui.core.report import ReportData
from ksui.core.swedish import format_decimal, parse_decimal
from ksui.render.cells import points
from ksui.render.tables import cells
from ksui.tables.personnel import SICK_MEASURES
from ksui.tables.personnel import sick_leave_table as sick_leave_spec
from ksui.tui.amounts import exact_decimal
from ksui.tui.clipboard import Copyable
from ksui.tui.edits import SickRateEdit
from ksui.tui.keys import bindings
from ksui.tui.registry import BY_MODE
from ksui.tui.screens.base import ReportScreen
from ksui.tui.state import Repaint
from ksui.tui.widgets.figure_table import FigureTable

#: Under each table's name: what its rates are, and that its differences are procentenheter.
CAPTION = ", % av ordinarie arbetstid; förändringar i pe"


class PersonnelScreen(ReportScreen):
    """Sjuktal and korttidsfrånvaro; the nämnd's and the kommun's rates are editable."""

    CSS_PATH = "personnel.tcss"  # parsed when the screen is first shown, not at start

    NAME = "personnel"  # its mode id in ksui.tui.registry, which also lists its keys for ?
    BINDINGS: ClassVar[list[BindingType]] = bindings("table", without=BY_MODE["personnel"].without)

    def compose_body(self) -> Iterable[Widget]:
        """A summary line and one table per measure."""
        yield Static("", id="sick-summary")
        yield Static(SICK_MEASURES["total"] + CAPTION, classes="caption")
        yield FigureTable(id="sick-total")
        yield Static(SICK_MEASURES["short"] + CAPTION, classes="caption")
        yield FigureTable(id="sick-short")

    def on_mount(self) -> None:
        """Cursor in the first table."""
        super().on_mount()
        self.focus_main()

    def focus_main(self) -> None:
        """The sjuktal table is where the keys go first."""
        self.query_one("#sick-total", FigureTable).focus()

    def show(self, data: ReportData, change: Repaint | None) -> None:
        """Both tables and the one-line summary."""
        sick = data.sick_leave
        needle = self.query_one("#filter").value.strip().casefold()  # type: ignore[attr-defined]
        for measure in ("total", "short"):
            self._fill(
                self.query_one(f"#sick-{measure}", FigureTable), sick, data.year, measure, needle
            )
        year = data.year
        rate = sick.rate("total", "Totalt", year)
        line = Text.assemble((f"Sjuktal {year}: ", "bold"))
        if rate is None:
            line.append("inga siffror", style="dim")
        else:
            line.append(f"{format_decimal(rate, 2)} %")
            line.append("  mot året före ")
            line.append_text(points(sick.change("total", "Totalt", year)))
            line.append(" pe, mot kommunen ")
            line.append_text(points(sick.against_kommun("total", "Totalt", year)))
            line.append(" pe")
        self.query_one("#sick-summary", Static).update(line)

    def _fill(
        self, table: FigureTable, sick: SickLeaveTable, year: int, measure: str, needle: str
    ) -> None:
        key, column = table.row_key_value, table.column_key_value
        table.clear(columns=True)
        spec = sick_leave_spec(sick, year, measure)
        cols = spec.view("screen")
        for col in cols:
            table.add_column(col.heading, key=col.key)
        for row in spec.rows:
            if needle and needle not in row.item.group.casefold():
                continue
            table.add_row(*cells(spec, row, cols), key=row.key)
        table.move_to_row_key(key, column)

    def copy_source(self) -> Copyable | None:
        """y/Y: the sjuktal table with the focus (korttidsfrånvaro when that has it)."""
        data = self.data
        if data is None:
            return None
        table = self.focused if isinstance(self.focused, FigureTable) else None
        measure = "short" if table is not None and table.id == "sick-short" else "total"
        table = table or self.query_one("#sick-total", FigureTable)
        spec = sick_leave_spec(data.sick_leave, data.year, measure)
        return Copyable(spec, table.row_key_value)

    def apply_filter(self, text: str) -> None:
        """Show the groups whose name matches."""
        if self.data is not None:
            self.show(self.data, None)

    def action_add(self) -> None:
        """a: the sjuktal's groups are the report's own (kön, ålder, totalt), not added one by
        one; say where a year's rates come from instead of doing nothing."""
        if self.data is None and not self.ksui.committees:
            super().action_add()  # an empty file: the nämnd first
            return
        self.notify(
            "Sjuktalen har fasta grupper (kön, ålder, totalt). Skriv ett värde med Enter, "
            "eller läs in ett år med i → Personal (mallen: ksui template personal FIL).",
            title="Personal",
            timeout=8,
        )

    def action_edit(self) -> None:
        """Enter: a rate of the nämnd (a year column) or of the kommun."""
        data = self.data
        table = self.focused if isinstance(self.focused, FigureTable) else None
        if data is None or table is None:
            return
        key, column = table.row_key_value, table.column_key_value or ""
        if key is None:
            return
        measure, kind, group = key.split(":", 2)
        spec = sick_leave_spec(data.sick_leave, data.year, measure)
        col = next((c for c in spec.columns if c.key == column), None)
        if col is None or col.edits is None or col.year is None:
            self.computed("Förändringen och skillnaden mot kommunen")
            return
        year, scope = col.year, col.edits
        current = data.sick_leave.rate(measure, group, year, scope)
        who = "kommunen" if scope == "kommun" else data.committee.name
        self.ask(
            f"{SICK_MEASURES[measure]} {group} {year} · {who}",
            exact_decimal(current) if current is not None else "",
            _parse_rate,
            lambda rate: self.submit(
                SickRateEdit(data.committee.id, measure, kind, group, year, scope, rate)
            ),
            hint="Procent av ordinarie arbetstid, t.ex. 4,48.",
        )


def _parse_rate(text: str) -> str:
    """A sick-leave rate: a percentage between 0 and 100, kept as exact decimal text."""
    value = parse_decimal(text)
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError(f"{format_decimal(value, 2)} % är inget rimligt sjuktal (0–100)")
    return format(value, "f")
