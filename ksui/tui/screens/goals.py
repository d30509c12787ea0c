"""KF-mål: areas and goals; for the selected goal its indicators, inriktningar and åtgärder."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.containers import Container, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static

from ksui.core.goals import DIRECTIONS, Area, Goal, Indicator
from ksui.core.models import Assessment
from ksui.core.report import ReportData
from ksui.core.swedish import format_decimal, parse_decimal
from ksui.render.cells import badge, clean, plain
from ksui.tui.amounts import exact_decimal
from ksui.tui.edits import AddRow, AssessmentEdit, DeleteRow, FieldEdit, IndicatorValueEdit
from ksui.tui.keys import bindings
from ksui.tui.screens.base import ReportScreen
from ksui.tui.state import Repaint
from ksui.tui.widgets.figure_table import FigureTable

ITEM_KINDS = {"direction": "Inriktning", "action": "Åtgärd"}


class GoalsScreen(ReportScreen):
    """Goals with their lägesbedömning; Tab moves between the goals and the detail tables."""

    NAME = "goals"  # its mode id in ksui.tui.registry, which also lists its keys for ?
    BINDINGS: ClassVar[list[BindingType]] = bindings("table")

    def compose_body(self) -> Iterable[Widget]:
        """Goal list beside (or above) the selected goal's detail."""
        with Container(id="goals-body"):
            yield FigureTable(id="goal-list")
            with VerticalScroll(id="goal-detail", can_focus=False):
                yield Static("", id="goal-head")
                yield FigureTable(id="indicators")
                yield FigureTable(id="items")
                yield Static("", id="goal-followup")

    def on_mount(self) -> None:
        """Cursor in the goal list."""
        super().on_mount()
        self.focus_main()

    def focus_main(self) -> None:
        """The goal list is where the keys go first."""
        self.query_one("#goal-list", FigureTable).focus()

    def _table(self, name: str) -> FigureTable:
        return self.query_one(f"#{name}", FigureTable)

    def show(self, data: ReportData, change: Repaint | None) -> None:
        """Rebuild the goal list and the detail of the goal under the cursor."""
        table = self._table("goal-list")
        key, column = table.row_key_value, table.column_key_value
        table.clear(columns=True)
        width = self._list_width() - 4 - 16 - 2 - 1  # Nr, Bedömning, padding, scrollbar
        table.add_column("Nr", key="nr", width=2)
        table.add_column("KF-mål", key="title", width=width)
        table.add_column("Bedömning", key="assessment", width=14)
        needle = self.query_one("#filter").value.strip().casefold()  # type: ignore[attr-defined]
        for area in data.areas:
            goals = [g for g in area.goals if needle in g.title.casefold()]
            if needle and not goals:
                continue
            counts = ", ".join(f"{n} {a.label}" for a, n in area.counts().items() if n)
            head = Text.assemble((clean(area.name), "bold"))
            if counts:
                head.append(f" ({counts})", style="dim")
            if head.cell_len > width:
                head.truncate(width - 1)
                head.append("…")
            table.add_row("", head, badge(area.assessment), key=f"area:{area.id}")
            for goal in goals:
                title = goal.title if len(goal.title) <= width else goal.title[: width - 1] + "…"
                table.add_row(
                    str(goal.number), plain(title), badge(goal.assessment), key=f"goal:{goal.id}"
                )
        table.move_to_row_key(key or self._first_goal_key(data), column or "assessment")
        self._show_goal()

    def _list_width(self) -> int:
        """The goal list takes half the width beside the detail, all of it above."""
        width = self.app.size.width
        return width * 45 // 100 if width >= 110 else width

    def _detail_width(self) -> int:
        """Room inside the detail pane (border, padding and scrollbar taken off)."""
        width = self.app.size.width
        # Border, padding, the pane's scrollbar and the table's own scrollbar.
        return (width - self._list_width() - 6) if width >= 110 else width - 5

    @staticmethod
    def _first_goal_key(data: ReportData) -> str | None:
        for area in data.areas:
            for goal in area.goals:
                return f"goal:{goal.id}"
        return None

    def apply_filter(self, text: str) -> None:
        """Show goals whose title matches."""
        if self.data is not None:
            self.show(self.data, None)

    @on(DataTable.CellHighlighted, "#goal-list")
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._show_goal()

    def _selected(self) -> tuple[Area | None, Goal | None]:
        key = self._table("goal-list").row_key_value
        if self.data is None or key is None:
            return None, None
        kind, _, raw = key.partition(":")
        for area in self.data.areas:
            if kind == "area" and area.id == int(raw):
                return area, None
            for goal in area.goals:
                if kind == "goal" and goal.id == int(raw):
                    return area, goal
        return None, None

    def _show_goal(self) -> None:
        area, goal = self._selected()
        head = self.query_one("#goal-head", Static)
        indicators, items = self._table("indicators"), self._table("items")
        i_key, i_col = indicators.row_key_value, indicators.column_key_value
        t_key, t_col = items.row_key_value, items.column_key_value
        indicators.clear(columns=True)
        items.clear(columns=True)
        followup = self.query_one("#goal-followup", Static)
        if goal is None:
            head.update(plain(area.name, "bold") if area else "")
            followup.update(plain(area.summary) if area and area.summary else "")
            return
        text = Text.assemble((f"Mål {goal.number}. ", "bold"))
        text.append_text(plain(goal.title))
        text.append("\nLägesbedömning: ")
        text.append_text(badge(goal.assessment))
        head.update(text)
        self._fill_indicators(indicators, goal)
        indicators.move_to_row_key(i_key, i_col)
        room = max(10, (self._detail_width() - 10 - 6) // 2)
        items.add_column("", key="kind", width=10)
        items.add_column("Inriktning / åtgärd", key="text", width=room)
        items.add_column("Uppföljning", key="followup", width=room)
        for item in goal.items:
            items.add_row(
                Text(ITEM_KINDS.get(item.kind, item.kind), style="dim"),
                plain(_first_line(item.text, room)),
                plain(_first_line(item.followup, room)),
                key=f"item:{item.id}",
            )
        items.move_to_row_key(t_key, t_col)
        body = Text.assemble(("Uppföljning (c skriver): ", "bold"))
        body.append_text(plain(goal.followup) if goal.followup else Text("–", style="dim"))
        followup.update(body)

    def _fill_indicators(self, table: FigureTable, goal: Goal) -> None:
        data = self.data
        assert data is not None
        years = sorted({v.year for i in goal.indicators for v in i.values})[-3:]
        name_width = max(12, self._detail_width() - 8 * len(years) - 4 - 12 - 2)
        table.add_column("Indikator", key="name", width=name_width)
        for year in years:
            table.add_column(str(year), key=f"y{year}", width=6)
        table.add_column("↑↓", key="direction", width=2)
        table.add_column("Trend", key="trend", width=10)
        for ind in goal.indicators:
            for series in ind.series_names() or [""]:
                values = {v.year: v.value for v in ind.series(series)}
                name = (
                    plain(_first_line(ind.name, name_width))
                    if series == ""
                    else plain(f"  {series}", "dim")
                )
                table.add_row(
                    name,
                    *[Text(format_decimal(values.get(y), 1), justify="right") for y in years],
                    DIRECTIONS.get(ind.direction, "")[:1] if series == "" else "",
                    ind.trend(series),
                    key=f"ind:{ind.id}:{series}",
                )

    # -- editing ------------------------------------------------------------------------------
    def _indicator(self) -> tuple[Indicator | None, str]:
        _area, goal = self._selected()
        key = self._table("indicators").row_key_value
        if goal is None or key is None:
            return None, ""
        _, raw, series = key.split(":", 2)
        return next((i for i in goal.indicators if i.id == int(raw)), None), series

    def action_edit(self) -> None:
        """Enter: lägesbedömning (steps Bra → Ok → Har brister), titles, values, uppföljning."""
        focused = self.focused.id if self.focused else None
        if focused == "indicators":
            self._edit_indicator()
        elif focused == "items":
            self._edit_item()
        elif focused == "goal-list":
            self._edit_goal()

    def _edit_goal(self) -> None:
        data = self.data
        area, goal = self._selected()
        column = self._table("goal-list").column_key_value
        if data is None or area is None:
            return
        if column == "assessment":
            target, tid, now = (
                ("goal", goal.id, goal.assessment) if goal else ("area", area.id, area.assessment)
            )
            value = now.next() if now else Assessment.BRA
            label = f"mål {goal.number}" if goal else area.name
            self.submit(AssessmentEdit(target, tid, data.year, data.period, value, label))
        elif goal is not None:
            self.ask_text(
                f"Mål {goal.number}: titel",
                goal.title,
                lambda text: self.submit(
                    FieldEdit("goal", goal.id, "title", text.strip(), f"Titel mål {goal.number}")
                ),
            )
        else:
            self.ask_text(
                f"{area.name}: sammanfattning",
                area.summary,
                lambda text: self.submit(
                    FieldEdit("goal_area", area.id, "summary", text, f"Sammanfattning {area.name}")
                ),
            )

    def _edit_indicator(self) -> None:
        indicator, series = self._indicator()
        column = self._table("indicators").column_key_value or ""
        if indicator is None:
            return
        if column.startswith("y"):
            year = int(column[1:])
            current = {v.year: v.value for v in indicator.series(series)}.get(year)
            self.ask(
                f"{indicator.name} {series} {year}".replace("  ", " "),
                exact_decimal(current) if current is not None else "",
                _parse_value,
                lambda value: self.submit(
                    IndicatorValueEdit(indicator.id, year, value, indicator.name, series)
                ),
                hint="Ett tal, t.ex. 57 eller 3,5. Tomt tar bort värdet.",
            )
        elif column == "name" and series == "":
            self.ask_name(
                "Indikatorns namn",
                indicator.name,
                lambda name: self.submit(
                    FieldEdit("indicator", indicator.id, "name", name, f"Namn {name}")
                ),
            )
        elif column == "direction":
            order = ["up", "down", "none"]
            step = order[(order.index(indicator.direction) + 1) % 3]
            self.submit(
                FieldEdit(
                    "indicator", indicator.id, "direction", step, f"Riktning {indicator.name}"
                )
            )
        else:
            self.computed("Trenden")

    def _edit_item(self) -> None:
        _area, goal = self._selected()
        key = self._table("items").row_key_value
        column = self._table("items").column_key_value
        if goal is None or key is None:
            return
        item = next((i for i in goal.items if f"item:{i.id}" == key), None)
        if item is None:
            return
        field = "text" if column == "text" else "followup"
        label = ITEM_KINDS.get(item.kind, "") + (" — uppföljning" if field == "followup" else "")
        self.ask_text(
            label,
            getattr(item, field),
            lambda text: self.submit(FieldEdit("goal_item", item.id, field, text, label)),
        )

    def action_comment(self) -> None:
        """c: the goal's uppföljning (the area's summary on an area row)."""
        _area, goal = self._selected()
        if goal is None:
            self._edit_goal_area_summary()
            return
        self.ask_text(
            f"Uppföljning · mål {goal.number}",
            goal.followup,
            lambda text: self.submit(
                FieldEdit("goal", goal.id, "followup", text, f"Uppföljning mål {goal.number}")
            ),
        )

    def _edit_goal_area_summary(self) -> None:
        area, _goal = self._selected()
        if area is not None:
            self.ask_text(
                f"{area.name}: sammanfattning",
                area.summary,
                lambda text: self.submit(
                    FieldEdit("goal_area", area.id, "summary", text, f"Sammanfattning {area.name}")
                ),
            )

    def action_add(self) -> None:
        """a: a goal in the area (goal list) or an indicator on the goal (indicator table)."""
        area, goal = self._selected()
        if area is None:
            return
        if self.focused is self._table("indicators") and goal is not None:
            self.ask_name(
                f"Ny indikator för mål {goal.number}",
                "",
                lambda name: self.submit(AddRow("indicator", goal.id, name)),
            )
            return
        self.ask_name(
            f"Nytt mål i {area.name}", "", lambda title: self.submit(AddRow("goal", area.id, title))
        )

    def action_delete(self) -> None:
        """d: remove the goal or the indicator under the cursor, after a question."""
        _area, goal = self._selected()
        if self.focused is self._table("indicators"):
            indicator, _series = self._indicator()
            if indicator is not None:
                self.confirm(
                    f"Ta bort indikatorn {indicator.name}?",
                    "Alla dess värden försvinner också. Ctrl+Z ångrar.",
                    lambda: self.submit(DeleteRow("indicator", indicator.id, indicator.name)),
                )
            return
        if goal is None:
            self.notify("Välj ett mål att ta bort.", severity="warning")
            return
        self.confirm(
            f"Ta bort mål {goal.number}?",
            "Dess indikatorer, åtgärder och bedömningar försvinner också. Ctrl+Z ångrar.",
            lambda: self.submit(DeleteRow("goal", goal.id, f"mål {goal.number}")),
        )


def _parse_value(text: str) -> str | None:
    """An indicator value as exact decimal text; empty removes it."""
    if not text.strip():
        return None
    value: Decimal = parse_decimal(text)
    return format(value.normalize(), "f")


def _first_line(text: str, width: int) -> str:
    line = text.split("\n")[0]
    return line if len(line) <= width else line[: width - 1] + "…"
