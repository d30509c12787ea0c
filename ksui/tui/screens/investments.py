"""Investeringar: projects by category with anslag, ack. utfall, avvikelse, överskj., status.

The columns are the investments table's specification (``ksui.tables.investments``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from ksui.core.investments import STATUS_LABELS, Category, Project
from ksui.core.report import ReportData
from ksui.render.cells import clean, plain
from ksui.render.tables import cell
from ksui.tables.investments import InvestmentLine, columns, project_comments
from ksui.tables.investments import investments_table as investments_spec
from ksui.tables.spec import Column, Row, Table
from ksui.tui.clipboard import Copyable
from ksui.tui.edits import AddRow, CommentEdit, DeleteRow, FieldEdit, InvestmentEdit
from ksui.tui.keys import bindings
from ksui.tui.screens.base import ReportScreen
from ksui.tui.state import Repaint
from ksui.tui.widgets.figure_table import FigureTable

#: From this many cells wide the table shows överskjutande medel and the comment.
WIDE = 100
#: The comment column's first line is at most this wide, and at least this narrow.
COMMENT_MAX = 34
COMMENT_MIN = 10


class InvestmentsScreen(ReportScreen):
    """The nämnd's investment projects, grouped by category, with totals per category."""

    CSS_PATH = "investments.tcss"  # parsed when the screen is first shown, not at start

    NAME = "investments"  # its mode id in ksui.tui.registry, which also lists its keys for ?
    BINDINGS: ClassVar[list[BindingType]] = bindings("table")

    def compose_body(self) -> Iterable[Widget]:
        """The table and the comment of the selected project."""
        yield FigureTable(id="investments")
        yield Static("", id="project-comment", classes="detail")

    def on_mount(self) -> None:
        """Cursor in the table."""
        super().on_mount()
        self.focus_main()

    def focus_main(self) -> None:
        """The table is where the keys go."""
        self.table.focus()

    @property
    def table(self) -> FigureTable:
        """The investments table."""
        return self.query_one("#investments", FigureTable)

    def show(self, data: ReportData, change: Repaint | None) -> None:
        """Rebuild the table (a handful of rows), keeping the cursor where it was."""
        table = self.table
        key, column = table.row_key_value, table.column_key_value
        needle = self.query_one("#filter", Input).value.strip().casefold()
        spec = investments_spec(
            data.categories, self.unit, project_comments(data), period=data.period
        )
        # Narrow terminals keep only the columns a narrow screen must not lose (priority 0):
        # Överskj. (avvikelse with the sign turned) and the comment go.
        wide = self.app.size.width >= WIDE
        cols = [c for c in spec.view("screen") if wide or not c.priority]
        rows: list[tuple[str, list[Text]]] = []
        for row in spec.rows:
            if not _matches(row, needle):
                continue
            rows.append((row.key, self._cells(spec, row, cols)))
        labels = [c.heading for c in cols]
        widths = [
            max([len(label)] + [cells[i].cell_len for _, cells in rows])
            for i, label in enumerate(labels)
        ]
        commented = cols[-1].key == "comment"
        # A category without projects is one name; it does not decide the column's width.
        widths[0] = max(
            [len(labels[0])]
            + [cells[0].cell_len for key, cells in rows if not key.startswith("cat:")]
        )
        # Names and the comment's first line share what the figures leave (2 cells of
        # padding per column): the names first, since the whole comment shows below.
        figures = widths[1:-1] if commented else widths[1:]
        room = self.app.size.width - sum(figures) - 2 * len(widths) - 1
        comment_min = COMMENT_MIN if commented else 0
        widths[0] = max(16, min(widths[0], room - comment_min))
        if commented:
            widths[-1] = max(COMMENT_MIN, min(widths[-1], COMMENT_MAX, room - widths[0]))
        table.clear(columns=True)
        for col, width in zip(cols, widths, strict=True):
            table.add_column(col.heading, key=col.key, width=width)
        for row_key, cells in rows:
            cells[0] = _fit(cells[0], widths[0])
            if cols[-1].key == "comment":
                cells[-1] = _fit(cells[-1], widths[-1])
            table.add_row(*cells, key=row_key)
        table.move_to_row_key(key, column)
        self._show_comment()

    def _cells(
        self,
        spec: Table[InvestmentLine],
        row: Row[InvestmentLine],
        cols: list[Column[InvestmentLine]],
    ) -> list[Text]:
        """A row's cells: a category in bold, a project indented, its comment's first line."""
        line = row.item
        out = []
        for col in cols:
            value = col.value(line)
            if col.kind == "name" and row.group:
                head = plain(line.name, "bold")
                if not line.category.projects:
                    head.append("  (inga projekt)", style="dim")
                out.append(head)
            elif col.kind == "name":
                out.append(plain("  " * row.depth + line.name))
            elif col.key == "comment":
                out.append(plain((value or "").split("\n")[0], "italic"))
            else:
                out.append(cell(col, value, spec.unit))
        return out

    def apply_filter(self, text: str) -> None:
        """Show projects whose name matches."""
        if self.data is not None:
            self.show(self.data, None)

    def go_to_row(self, key: str) -> None:
        """Put the cursor on a project (``project:ID``) or a category, e.g. a search hit."""
        self.action_clear_filter()
        self.table.move_to_row_key(key)
        self.focus_main()

    @on(DataTable.CellHighlighted, "#investments")
    def _highlighted(self) -> None:
        self._show_comment()

    def copy_source(self) -> Copyable | None:
        """y/Y: the investments table's specification, every column of the screen's view."""
        data = self.data
        if data is None:
            return None
        spec = investments_spec(
            data.categories, self.unit, project_comments(data), period=data.period
        )
        return Copyable(spec, self.table.row_key_value)

    def _show_comment(self) -> None:
        data, project = self.data, self._project()
        box = self.query_one("#project-comment", Static)
        if data is None:
            box.update("")
            return
        if project is None:
            category = self._category()
            if category is None:
                box.update("")
                return
            text = Text.assemble((clean(category.name), "bold"))
            text.append(f"\n{len(category.projects)} projekt. ", style="dim")
            text.append("a lägger till ett projekt i kategorin.", style="dim")
            box.update(text)
            return
        text = Text.assemble((clean(project.name), "bold"))
        comment = data.comment("investment_project", project.id)
        text.append("\n")
        text.append_text(plain(comment) if comment else Text("Ingen kommentar (c).", style="dim"))
        box.update(text)

    def _project(self) -> Project | None:
        key = self.table.row_key_value
        if self.data is None or key is None or not key.startswith("project:"):
            return None
        pid = int(key.split(":")[1])
        for cat in self.data.categories:
            for p in cat.projects:
                if p.id == pid:
                    return p
        return None

    def _category(self) -> Category | None:
        key = self.table.row_key_value
        if self.data is None or key is None:
            return None
        project = self._project()
        cid = project.category_id if project else int(key.split(":")[1])
        return next((c for c in self.data.categories if c.id == cid), None)

    # -- editing ------------------------------------------------------------------------------
    def action_edit(self) -> None:
        """Enter: what the column edits (anslag or ack. utfall, the status, the name, the
        comment); the other columns are computed."""
        data, project, key = self.data, self._project(), self.table.column_key_value
        if data is None:
            return
        if project is None:
            self.notify("Kategorins summor räknas fram ur projekten.", severity="warning")
            return
        column = _column(self.unit, key, data.period)
        edits = column.edits if column is not None else None
        if edits in ("appropriation", "spent") and column is not None:
            field = edits
            shown = getattr(project, field)
            self.ask_amount(
                f"{column.label} · {project.name} · {data.year}",
                shown,
                lambda value: self.submit(
                    InvestmentEdit(
                        project.id,
                        project.name,
                        data.year,
                        data.period,
                        field,
                        value,
                        expect=shown,
                    )
                ),
            )
        elif edits == "status":
            status = "avslutat" if project.status == "pagaende" else "pagaende"
            self.submit(
                FieldEdit(
                    "investment_project",
                    project.id,
                    "status",
                    status,
                    f"Status {project.name}: {STATUS_LABELS[status]}",
                )
            )
        elif edits == "name":
            self.ask_name(
                f"Nytt namn på {project.name}",
                project.name,
                lambda name: self.submit(
                    FieldEdit("investment_project", project.id, "name", name, f"Namn {name}")
                ),
            )
        elif edits == "comment":
            self.action_comment()
        else:
            self.computed("Avvikelse och överskjutande medel")

    def action_comment(self) -> None:
        """c: the comment that explains the project's figures."""
        data, project = self.data, self._project()
        if data is None or project is None:
            self.notify("Välj ett projekt för att skriva en kommentar.", severity="warning")
            return
        shown = data.comment("investment_project", project.id, raw=True)
        self.ask_text(
            f"Kommentar · {project.name} · {data.year}",
            shown,
            lambda text: self.submit(
                CommentEdit(
                    "investment_project",
                    project.id,
                    data.year,
                    text,
                    project.name,
                    expect=shown or None,
                )
            ),
        )

    def action_add(self) -> None:
        """a: a new project in the category under the cursor."""
        data, category = self.data, self._category()
        if data is None or category is None:
            # Nothing to put a project in yet: the category first (or the nämnd itself).
            from ksui.tui import adding

            adding.add_category(self.app)
            return
        self.ask_name(
            f"Nytt projekt i {category.name}",
            "",
            lambda name: self.submit(AddRow("project", category.id, name, year=data.year)),
        )

    def action_delete(self) -> None:
        """d: remove the project under the cursor, after a question."""
        project = self._project()
        if project is None:
            self.notify("Välj ett projekt att ta bort.", severity="warning")
            return
        self.confirm(
            f"Ta bort projektet {project.name}?",
            "Dess siffror och kommentarer försvinner också. Ctrl+Z ångrar.",
            lambda: self.submit(DeleteRow("project", project.id, project.name)),
        )


def _matches(row: Row[InvestmentLine], needle: str) -> bool:
    """A project whose name holds the filter, or a category with such a project."""
    line = row.item
    names = [p.name for p in line.category.projects] if row.group else [line.name]
    return not needle or any(needle in name.casefold() for name in names)


def _column(unit: str, key: str | None, period: str) -> Column[InvestmentLine] | None:
    """The specification's column with ``key`` (the DataTable's column key), if any."""
    return {c.key: c for c in columns(unit, period)}.get(key or "")


def _fit(text: Text, width: int) -> Text:
    """Cut a cell to the column's width with an ellipsis, so nothing is cut silently."""
    if text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(width - 1)
    cut.append("…")
    return cut
