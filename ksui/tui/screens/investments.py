"""Investeringar: projects by category with anslag, utfall, avvikelse, överskridande, status."""

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
from ksui.render.cells import amount, clean, deviation, overrun, plain
from ksui.tui.edits import AddRow, CommentEdit, DeleteRow, FieldEdit, InvestmentEdit
from ksui.tui.keys import bindings
from ksui.tui.screens.base import ReportScreen
from ksui.tui.state import Change
from ksui.tui.widgets.figure_table import FigureTable

FIELD_LABELS = {"appropriation": "Anslag", "spent": "Utfall"}


class InvestmentsScreen(ReportScreen):
    """The nämnd's investment projects, grouped by category, with totals per category."""

    NAME = "investeringar"
    BINDINGS: ClassVar[list[BindingType]] = bindings("table")
    HEADING = "Investeringar"

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

    def show(self, data: ReportData, change: Change | None) -> None:
        """Rebuild the table (a handful of rows), keeping the cursor where it was."""
        table = self.table
        key, column = table.row_key_value, table.column_key_value
        needle = self.query_one("#filter", Input).value.strip().casefold()
        # Narrow terminals drop Överskj. (avvikelse with the sign turned) and the comment.
        wide = self.app.size.width >= 100
        rows: list[tuple[str, list[Text]]] = []
        for cat in data.categories:
            projects = [p for p in cat.projects if needle in p.name.casefold()]
            if needle and not projects:
                continue
            rows.append((f"cat:{cat.id}", self._category_cells(cat, wide)))
            rows += [(f"project:{p.id}", self._project_cells(data, p, wide)) for p in projects]
        labels = [f"Projekt ({self.unit})", "Anslag", "Utfall", "Avvikelse", "Status"]
        keys = ["name", "appropriation", "spent", "deviation", "status"]
        if wide:
            labels.insert(4, "Överskj.")
            keys.insert(4, "overrun")
            labels.append("Kommentar")
            keys.append("comment")
        widths = [
            max([len(label)] + [cells[i].cell_len for _, cells in rows])
            for i, label in enumerate(labels)
        ]
        if wide:
            widths[-1] = min(widths[-1], 34)
        # A category without projects is one name; it does not decide the column's width.
        widths[0] = max(
            [len(labels[0])]
            + [cells[0].cell_len for key, cells in rows if not key.startswith("cat:")]
        )
        # The project names take what the figures leave (2 cells of padding per column).
        room = self.app.size.width - sum(widths[1:]) - 2 * len(widths) - 1
        widths[0] = max(16, min(widths[0], room))
        table.clear(columns=True)
        for label, col_key, width in zip(labels, keys, widths, strict=True):
            table.add_column(label, key=col_key, width=width)
        for row_key, cells in rows:
            cells[0] = _fit(cells[0], widths[0])
            if wide:
                cells[-1] = _fit(cells[-1], widths[-1])
            table.add_row(*cells, key=row_key)
        table.move_to_row_key(key, column)
        self._show_comment()

    def _category_cells(self, cat: Category, wide: bool) -> list[Text]:
        unit = self.unit
        head = Text.assemble((clean(cat.name), "bold"))
        if not cat.projects:
            head.append("  (inga projekt)", style="dim")
            cells = [head, Text(""), Text(""), Text("")]
        else:
            cells = [
                head,
                amount(cat.appropriation, unit),
                amount(cat.spent, unit),
                deviation(cat.deviation, unit),
            ]
        if wide:
            cells.append(overrun(cat.overrun, unit) if cat.projects else Text(""))
        cells.append(Text(""))
        if wide:
            cells.append(Text(""))
        return cells

    def _project_cells(self, data: ReportData, p: Project, wide: bool) -> list[Text]:
        unit = self.unit
        cells = [
            plain("  " + p.name),
            amount(p.appropriation, unit),
            amount(p.spent, unit),
            deviation(p.deviation, unit),
        ]
        if wide:
            cells.append(overrun(p.overrun, unit))
        cells.append(Text(STATUS_LABELS.get(p.status, p.status)))
        if wide:
            cells.append(plain(data.comment("investment_project", p.id).split("\n")[0], "italic"))
        return cells

    def apply_filter(self, text: str) -> None:
        """Show projects whose name matches."""
        if self.data is not None:
            self.show(self.data, None)

    @on(DataTable.CellHighlighted, "#investments")
    def _highlighted(self) -> None:
        self._show_comment()

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
        """Enter: anslag or utfall, the status (toggles), the name or the comment."""
        data, project, column = self.data, self._project(), self.table.column_key_value
        if data is None:
            return
        if project is None:
            self.notify("Kategorins summor räknas fram ur projekten.", severity="warning")
            return
        if column in FIELD_LABELS:
            field = column
            shown = getattr(project, field)
            self.ask_amount(
                f"{FIELD_LABELS[field]} · {project.name} · {data.year}",
                shown,
                lambda value: self.submit(
                    InvestmentEdit(project.id, project.name, data.year, field, value, expect=shown)
                ),
            )
        elif column == "status":
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
        elif column == "name":
            self.ask_name(
                f"Nytt namn på {project.name}",
                project.name,
                lambda name: self.submit(
                    FieldEdit("investment_project", project.id, "name", name, f"Namn {name}")
                ),
            )
        elif column == "comment":
            self.action_comment()
        else:
            self.computed("Avvikelse och överskjutande medel")

    def action_comment(self) -> None:
        """c: the comment that explains the project's figures."""
        data, project = self.data, self._project()
        if data is None or project is None:
            self.notify("Välj ett projekt för att skriva en kommentar.", severity="warning")
            return
        shown = data.comment("investment_project", project.id)
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


def _fit(text: Text, width: int) -> Text:
    """Cut a cell to the column's width with an ellipsis, so nothing is cut silently."""
    if text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(width - 1)
    cut.append("…")
    return cut
