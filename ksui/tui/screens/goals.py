"""KF-mål: areas and goals; for the selected goal its indicators, inriktningar and åtgärder.

The goal list and the indicator table are the KF-mål table's specifications
(``ksui.tables.goals``): their columns, headings and what Enter edits come from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.containers import Container, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static

from ksui.core.goals import Area, Goal, Indicator, TextItem, item_label
from ksui.core.models import Assessment
from ksui.core.peers import GROUP_MEDIAN_SERIES
from ksui.core.periods import BY_CODE
from ksui.core.report import ReportData
from ksui.core.shares import Share, of_item, parse_share, share_text
from ksui.core.swedish import format_decimal, parse_decimal
from ksui.render.cells import badge, clean, plain
from ksui.render.tables import cell
from ksui.tables.goals import GoalLine, IndicatorLine, every_indicator_table, goals_table
from ksui.tables.shares import period_of, shares_table
from ksui.tables.shares import title as shares_title
from ksui.tables.spec import Column, Row, Table
from ksui.tui.amounts import exact_decimal
from ksui.tui.clipboard import Copyable
from ksui.tui.edits import (
    AddRow,
    AssessmentEdit,
    DeleteRow,
    FieldEdit,
    IndicatorValueEdit,
    ShareEdit,
)
from ksui.tui.keys import bindings
from ksui.tui.screens.base import ReportScreen
from ksui.tui.state import Repaint
from ksui.tui.widgets.figure_table import FigureTable

ITEM_KINDS = {"direction": "Inriktning", "action": "Åtgärd"}

#: How many of an indicator's latest years the detail pane has room for.
YEARS_SHOWN = 3
#: A year's value is this wide, whatever the goal, so columns stay put from goal to goal.
VALUE_WIDTH = 6
#: Columns as wide as their widest possible cell: the direction's arrow, 'oförändrad'.
WIDTHS = {"direction": 2, "trend": 10}
#: From this width the goal list stands beside the detail instead of above it. Below it the
#: list has the whole width; from it the list's share (``LIST_SHARE`` %) is still wider
#: than 80 columns, so a title never shows less on a wider terminal than at 80 (issue 15).
SIDE_BY_SIDE = 160
LIST_SHARE = 55


class GoalsScreen(ReportScreen):
    """Goals with their lägesbedömning; Tab moves between the goals and the detail tables."""

    CSS_PATH = "goals.tcss"  # parsed when the screen is first shown, not at start
    #: The app's breakpoints and one of its own: side by side only where titles keep room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (SIDE_BY_SIDE, "-side")]  # noqa: RUF012

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
                yield FigureTable(id="shares")
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
        spec = goals_table(data.areas)
        cols = spec.view("screen")
        widths = {
            c.key: max([len(c.heading)] + [_goal_cell(spec, r, c, 0).cell_len for r in spec.rows])
            for c in cols
            if c.kind != "name"
        }
        # The titles take what the other columns (2 cells of padding each) and the scrollbar leave.
        width = self._list_width() - sum(w + 2 for w in widths.values()) - 2 - 1
        for col in cols:
            table.add_column(col.heading, key=col.key, width=widths.get(col.key, width))
        needle = self.query_one("#filter").value.strip().casefold()  # type: ignore[attr-defined]
        for row in spec.rows:
            if not _matches(row, needle):
                continue
            table.add_row(*[_goal_cell(spec, row, c, width) for c in cols], key=row.key)
        table.move_to_row_key(key or self._first_goal_key(data), column or "assessment")
        self._show_goal()

    def _list_width(self) -> int:
        """The goal list takes its share of the width beside the detail, all of it above."""
        width = self.app.size.width
        return width * LIST_SHARE // 100 if width >= SIDE_BY_SIDE else width

    def _detail_width(self) -> int:
        """Room inside the detail pane (border, padding and scrollbar taken off)."""
        width = self.app.size.width
        # Border, padding, the pane's scrollbar and the table's own scrollbar.
        return (width - self._list_width() - 6) if width >= SIDE_BY_SIDE else width - 5

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

    def go_to_row(self, key: str) -> None:
        """Put the cursor on a goal (``goal:ID``) or an area (``area:ID``), e.g. a search hit."""
        self.action_clear_filter()
        self._table("goal-list").move_to_row_key(key)
        self.focus_main()

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
        shares = self._table("shares")
        i_key, i_col = indicators.row_key_value, indicators.column_key_value
        t_key, t_col = items.row_key_value, items.column_key_value
        s_key, s_col = shares.row_key_value, shares.column_key_value
        indicators.clear(columns=True)
        items.clear(columns=True)
        shares.clear(columns=True)
        followup = self.query_one("#goal-followup", Static)
        # What is shown has its live references read; an edit box gets the stored text.
        shown = self.data.rendered if self.data is not None else str
        # An area's own inriktningar (Övrig inriktning 4 …) show on the area's row.
        own = goal.items if goal is not None else area.items if area is not None else ()
        self._fill_items(items, own, shown)
        items.move_to_row_key(t_key, t_col)
        self._fill_shares(shares, own)
        shares.move_to_row_key(s_key, s_col)
        if goal is None:
            head.update(plain(area.name, "bold") if area else "")
            followup.update(plain(shown(area.summary)) if area and area.summary else "")
            return
        text = Text.assemble((f"Mål {goal.number}. ", "bold"))
        text.append_text(plain(goal.title))
        text.append("\nLägesbedömning: ")
        text.append_text(badge(goal.assessment))
        head.update(text)
        self._fill_indicators(indicators, goal)
        indicators.move_to_row_key(i_key, i_col)
        body = Text.assemble(("Uppföljning (c skriver): ", "bold"))
        body.append_text(plain(shown(goal.followup)) if goal.followup else Text("–", style="dim"))
        followup.update(body)

    def _fill_items(
        self, table: FigureTable, items: Sequence[TextItem], shown: Callable[[str], str]
    ) -> None:
        """Inriktningar and åtgärder with the first line of their uppföljning."""
        table.display = bool(items)
        if not items:
            return
        # An area's own items are named as the report numbers them: "Övrig inriktning 4".
        labelled = [(item, *item_label(item)) for item in items]
        kind = max(10, *(len(label) for _item, label, _text in labelled))
        room = max(10, (self._detail_width() - kind - 6) // 2)
        table.add_column("", key="kind", width=kind)
        table.add_column("Inriktning / åtgärd", key="text", width=room)
        table.add_column("Uppföljning", key="followup", width=room)
        for item, label, text in labelled:
            table.add_row(
                Text(label, style="dim"),
                plain(_first_line(shown(text), room)),
                plain(_first_line(shown(item.followup), room)),
                key=f"item:{item.id}",
            )

    def _share_spec(self, items: Sequence[TextItem]) -> Table[Share] | None:
        """The shares under the inriktningar on screen (``ksui.tables.shares``), if any."""
        data = self.data
        if data is None:
            return None
        lines = [line for item in items for line in of_item(data.shares, item.id)]
        return shares_table(lines, data.year, data.period) if lines else None

    def _fill_shares(self, table: FigureTable, items: Sequence[TextItem]) -> None:
        """The inriktning's table of shares: a line per share, a column per follow-up, the
        shares as stored (58 or 58,5) so that the screen reads as the report."""
        spec = self._share_spec(items)
        table.display = spec is not None
        if spec is None:
            return
        cols = spec.view("screen")
        widths = {
            c.key: max([len(c.heading)] + [len(spec.text(r, c)) for r in spec.rows])
            for c in cols
            if c.kind != "name"
        }
        name_width = max(12, self._detail_width() - sum(w + 2 for w in widths.values()) - 2)
        owners = [i for i in items if any(r.item.item_id == i.id for r in spec.rows)]
        name_heading = shares_title(owners[0]) if len(owners) == 1 else "Andel"
        for col in cols:
            heading = name_heading if col.kind == "name" else col.heading
            table.add_column(heading, key=col.key, width=widths.get(col.key, name_width))
        for row in spec.rows:
            table.add_row(
                *[
                    plain(_first_line(str(spec.raw(row, c)), name_width))
                    if c.kind == "name"
                    else Text(spec.text(row, c), justify="right")
                    for c in cols
                ],
                key=row.key,
            )

    def _fill_indicators(self, table: FigureTable, goal: Goal) -> None:
        spec = every_indicator_table(goal)
        cols = _latest_years(spec.view("screen"), YEARS_SHOWN)
        widths = {c.key: _indicator_width(spec, c) for c in cols if c.kind != "name"}
        # The names take what the other columns (2 cells of padding each) leave.
        name_width = max(12, self._detail_width() - sum(w + 2 for w in widths.values()) - 2)
        for col in cols:
            table.add_column(col.heading, key=col.key, width=widths.get(col.key, name_width))
        for row in spec.rows:
            table.add_row(*[_indicator_cell(spec, row, c, name_width) for c in cols], key=row.key)

    def copy_source(self) -> Copyable | None:
        """y/Y: the indicators of the goal or the table of shares when they have the focus,
        else the goal list."""
        data = self.data
        if data is None:
            return None
        _area, goal = self._selected()
        shares = self._share_spec(self._items_on_screen())
        if shares is not None and self.focused is self._table("shares"):
            return Copyable(shares, self._table("shares").row_key_value)
        if goal is not None and self.focused is self._table("indicators"):
            spec = every_indicator_table(goal)
            shown = _latest_years(spec.view("screen"), YEARS_SHOWN)
            key = self._table("indicators").row_key_value
            return Copyable(spec, key, tuple(c.key for c in shown))
        return Copyable(goals_table(data.areas), self._table("goal-list").row_key_value)

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
        elif focused == "shares":
            self._edit_share()
        elif focused == "goal-list":
            self._edit_goal()

    def _edit_goal(self) -> None:
        data = self.data
        area, goal = self._selected()
        column = self._table("goal-list").column_key_value
        if data is None or area is None:
            return
        if _edits(goals_table(data.areas), column) == "assessment":
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
        _area, goal = self._selected()
        indicator, series = self._indicator()
        if goal is None or indicator is None:
            return
        spec = every_indicator_table(goal)
        column = self._table("indicators").column_key_value
        edits = _edits(spec, column)
        year = spec.column(column).year if edits == "value" and column else None
        if series == GROUP_MEDIAN_SERIES:
            self.computed("Jämförelsegruppens median")
        elif year is not None:
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
        elif edits == "name" and series == "":
            self.ask_name(
                "Indikatorns namn",
                indicator.name,
                lambda name: self.submit(
                    FieldEdit("indicator", indicator.id, "name", name, f"Namn {name}")
                ),
            )
        elif edits == "direction":
            order = ["up", "down", "none"]
            step = order[(order.index(indicator.direction) + 1) % 3]
            self.submit(
                FieldEdit(
                    "indicator", indicator.id, "direction", step, f"Riktning {indicator.name}"
                )
            )
        else:
            self.computed("Trenden")

    def _items_on_screen(self) -> Sequence[TextItem]:
        """The selected goal's inriktningar and åtgärder, or the selected area's own."""
        area, goal = self._selected()
        return goal.items if goal is not None else area.items if area is not None else ()

    def _edit_share(self) -> None:
        """Enter on a share: the box holds the share as stored (58,5, not a rounded 59);
        Enter unchanged writes nothing, empty removes the share."""
        data, table = self.data, self._table("shares")
        spec = self._share_spec(self._items_on_screen())
        if data is None or spec is None:
            return
        row = next((r for r in spec.rows if r.key == table.row_key_value), None)
        period = period_of(spec, table.column_key_value)
        if row is None:
            return
        if period is None:
            self.notify("Välj en uppföljnings kolumn för att ändra andelen.", severity="warning")
            return
        line = row.item
        self.ask(
            f"Andel {line.label}, {BY_CODE[period].label.lower()} {data.year}",
            share_text(line.at(data.year, period)),
            parse_share,
            lambda tenths: self.submit(
                ShareEdit(line.item_id, line.label, data.year, period, tenths)
            ),
            hint="En procent, t.ex. 58 eller 58,5. Tomt tar bort andelen.",
        )

    def _edit_item(self) -> None:
        key = self._table("items").row_key_value
        column = self._table("items").column_key_value
        if key is None:
            return
        item = next((i for i in self._items_on_screen() if f"item:{i.id}" == key), None)
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
            # No area to put a goal in yet: the area first (or the nämnd itself).
            from ksui.tui import adding

            adding.add_area(self.app)
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


def _matches(row: Row[GoalLine], needle: str) -> bool:
    """A goal whose title holds the filter, or an area with such a goal."""
    goals = row.item.area.goals if row.group else [row.item.goal] if row.item.goal else []
    return not needle or any(needle in g.title.casefold() for g in goals)


def _goal_cell(
    spec: Table[GoalLine], row: Row[GoalLine], col: Column[GoalLine], width: int
) -> Text:
    """A goal list cell: an area with its counts in bold, a title cut with "…" to ``width``."""
    line = row.item
    value = spec.raw(row, col)
    if col.kind == "name" and row.group:
        counts = ", ".join(f"{n} {a.label}" for a, n in line.area.counts().items() if n)
        head = Text.assemble((clean(str(value)), "bold"))
        if counts:
            head.append(f" ({counts})", style="dim")
        if head.cell_len > width:
            head.truncate(width - 1)
            head.append("…")
        return head
    if col.kind == "name":
        title = str(value)
        return plain(title if len(title) <= width else title[: width - 1] + "…")
    if col.kind == "count":
        return Text(spec.text(row, col))  # the goal's number reads on the left, under 'Nr'
    return cell(col, value, spec.unit)


def _indicator_cell(
    spec: Table[IndicatorLine], row: Row[IndicatorLine], col: Column[IndicatorLine], width: int
) -> Text:
    """An indicator cell: a comparison series indented under its indicator, values to one
    decimal (the box opens with the exact value), the direction as its arrow."""
    line = row.item
    value = spec.raw(row, col)
    if col.kind == "name":
        if line.series:
            return plain(f"  {line.series}", "dim")
        return plain(_first_line(line.indicator.name, width))
    if col.kind == "number":
        return Text(format_decimal(value, 1), justify="right")
    if col.key == "direction":
        return plain((value or "")[:1])
    return cell(col, value, spec.unit)


def _indicator_width(spec: Table[IndicatorLine], col: Column[IndicatorLine]) -> int:
    """A figure column's width: fixed for values, the arrow and the trend, else its cells'."""
    if col.kind == "number":
        return VALUE_WIDTH
    if col.key in WIDTHS:
        return WIDTHS[col.key]
    cells = [_indicator_cell(spec, row, col, 0).cell_len for row in spec.rows]
    return max([len(col.heading), *cells])


def _latest_years(cols: list[Column[IndicatorLine]], count: int) -> list[Column[IndicatorLine]]:
    """The columns with only the ``count`` latest of the year columns."""
    years = sorted(c.year for c in cols if c.year is not None)[-count:]
    return [c for c in cols if c.year is None or c.year in years]


def _edits(spec: Table[Any], key: str | None) -> str | None:
    """What Enter edits in the column with ``key`` (the specification's ``edits``)."""
    try:
        return spec.column(key or "").edits
    except KeyError:
        return None


def _parse_value(text: str) -> str | None:
    """An indicator value as exact decimal text; empty removes it."""
    if not text.strip():
        return None
    value: Decimal = parse_decimal(text)
    return format(value.normalize(), "f")


def _first_line(text: str, width: int) -> str:
    line = text.split("\n")[0]
    return line if len(line) <= width else line[: width - 1] + "…"
