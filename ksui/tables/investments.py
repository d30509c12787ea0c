"""The investments table, once: projects per category with anslag, ack. utfall and avvikelse."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ksui.core.investments import CATEGORY_KIND_LABELS, STATUS_LABELS, Category, Project
from ksui.core.report import ReportData
from ksui.tables.spec import Column, Row, Table, Value, none_if_empty


@dataclass(frozen=True)
class InvestmentLine:
    """A category's line (``project`` None) or a project's, with its comment.

    ``label`` replaces the category's name on a sum row ('Summa').
    """

    category: Category
    project: Project | None = None
    comment: str = ""
    label: str | None = None

    @property
    def name(self) -> str:
        """The project's name, else the label or the category's name."""
        if self.project is not None:
            return self.project.name
        return self.label or self.category.name


def _figure(
    of_project: Callable[[Project], int | None], of_category: Callable[[Category], int]
) -> Callable[[InvestmentLine], Value]:
    """A figure of the project, or of the category (None for a category without projects)."""

    def get(line: InvestmentLine) -> Value:
        if line.project is not None:
            return of_project(line.project)
        return of_category(line.category) if line.category.projects else None

    return get


def _reported(get: Callable[[InvestmentLine], Value]) -> Callable[[InvestmentLine], Value]:
    """Before bokslut, a figure that rests on the utfall: none where none is reported.

    At bokslut a project without utfall spent nothing; at a follow-up before it the utfall
    may simply not be in yet, and an avvikelse of the whole anslag would be invented.
    """

    def get_reported(line: InvestmentLine) -> Value:
        if line.project is not None and line.project.spent is None:
            return None
        if line.project is None and not line.category.reported:
            return None
        return get(line)

    return get_reported


def _project(get: Callable[[Project], Value]) -> Callable[[InvestmentLine], Value]:
    """A project's attribute; None on a category's line."""
    return lambda line: None if line.project is None else get(line.project)


def columns(unit: str, period: str = "bokslut") -> tuple[Column[InvestmentLine], ...]:
    """Every column of the investments table.

    Before bokslut (``period``) the spend is the year's so far, and what exceeds the anslag
    is not yet överskjutande medel: the columns say so, and where no utfall is reported for
    the follow-up the utfall, avvikelse and överskott are left empty.
    """
    early = period != "bokslut"

    def on_utfall(get: Callable[[InvestmentLine], Value]) -> Callable[[InvestmentLine], Value]:
        return _reported(get) if early else get

    return (
        Column("category", "Kategori", "text", lambda d: d.category.name),
        Column("project", "Projekt", "text", _project(lambda p: p.name)),
        Column("name", f"Projekt ({unit})", "name", lambda d: d.name, edits="name"),
        Column("kind", "Kategorityp", "code", lambda d: d.category.kind),
        Column(
            "kind_label",
            "Kategorityp",
            "text",
            lambda d: CATEGORY_KIND_LABELS.get(d.category.kind, d.category.kind),
        ),
        Column(
            "status",
            "Status",
            "code",
            _project(lambda p: p.status),
            edits="status",
            labels=STATUS_LABELS,
        ),
        Column("responsible", "Ansvarig", "text", _project(lambda p: p.responsible)),
        Column(
            "appropriation",
            "Anslag",
            "amount",
            _figure(lambda p: p.appropriation, lambda c: c.appropriation),
            edits="appropriation",
        ),
        Column(
            "spent",
            "Ack. utfall hittills" if early else "Ack. utfall",
            "amount",
            on_utfall(_figure(lambda p: p.spent, lambda c: c.spent)),
            edits="spent",
        ),
        Column(
            "deviation",
            "Avvikelse",
            "deviation",
            on_utfall(_figure(lambda p: p.deviation, lambda c: c.deviation)),
        ),
        Column(
            "overrun",
            "Över anslaget hittills" if early else "Överskjutande medel",
            "overrun",
            on_utfall(_figure(lambda p: p.overrun, lambda c: c.overrun)),
            short="Över ansl." if early else "Överskj.",
            priority=5,
        ),
        Column(
            "status_label",
            "Status",
            "text",
            _project(lambda p: STATUS_LABELS.get(p.status, p.status)),
        ),
        Column(
            "frame_appropriation", "Ram anslag", "amount", lambda d: d.category.frame_appropriation
        ),
        Column("frame_spent", "Ram utfall", "amount", lambda d: d.category.frame_spent),
        Column(
            "comment",
            "Kommentar",
            "text",
            lambda d: none_if_empty(d.comment),
            edits="comment",
            priority=6,
        ),
    )


PRINT = ("name", "appropriation", "spent", "deviation", "overrun", "status")
VIEWS = {
    "print": PRINT,
    "annotated": (*PRINT, "comment"),
    "screen": (*PRINT, "comment"),
    "csv": (
        "category",
        "project",
        "status",
        "responsible",
        "appropriation",
        "spent",
        "deviation",
        "overrun",
    ),
    "json": (
        "name",
        "status",
        "status_label",
        "responsible",
        "appropriation",
        "spent",
        "deviation",
        "overrun",
        "comment",
    ),
    "json_category": (
        "name",
        "kind",
        "kind_label",
        "appropriation",
        "spent",
        "deviation",
        "overrun",
        "frame_appropriation",
        "frame_spent",
    ),
}


def investments_table(
    categories: Sequence[Category],
    unit: str = "tkr",
    comments: dict[int, str] | None = None,
    *,
    period: str = "bokslut",
) -> Table[InvestmentLine]:
    """Every category (a group row) with its projects below it."""
    comments = comments or {}
    rows: list[Row[InvestmentLine]] = []
    for cat in categories:
        rows.append(Row(InvestmentLine(cat), key=f"cat:{cat.id}", strong=True, group=True))
        rows += [
            Row(InvestmentLine(cat, p, comments.get(p.id, "")), key=f"project:{p.id}", depth=1)
            for p in cat.projects
        ]
    return Table("investments", columns(unit, period), tuple(rows), VIEWS, unit)


def category_table(
    cat: Category,
    unit: str = "tkr",
    comments: dict[int, str] | None = None,
    *,
    period: str = "bokslut",
) -> Table[InvestmentLine]:
    """One category's projects and a sum row, as the report's section per category."""
    comments = comments or {}
    rows = [
        Row(InvestmentLine(cat, p, comments.get(p.id, "")), key=f"project:{p.id}")
        for p in cat.projects
    ]
    if cat.projects:
        rows.append(Row(InvestmentLine(cat, label="Summa"), key=f"cat:{cat.id}", strong=True))
    return Table("investments", columns(unit, period), tuple(rows), VIEWS, unit)


def project_comments(data: ReportData) -> dict[int, str]:
    """Each project's comment for the report's year, by project id."""
    return {
        p.id: data.comment("investment_project", p.id) for c in data.categories for p in c.projects
    }


def report_investments_table(data: ReportData, unit: str = "tkr") -> Table[InvestmentLine]:
    """The investments table of a report, with the projects' comments."""
    return investments_table(data.categories, unit, project_comments(data), period=data.period)
