"""The report as Markdown, shaped like the årsrapport, for Word, PDF or a wiki.

GitHub-flavoured tables, numbers in Swedish format. Every piece of user text (a unit's
name, a comment, a goal's title) goes through ``escape_inline`` or ``escape_cell`` so that
a ``|``, ``*``, backtick, bracket, ``<`` or newline in it can neither break a table nor
start a list, a heading, a link or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ksui.core.goals import Area, Goal, TextItem, item_label, other_items_heading
from ksui.core.models import Assessment
from ksui.core.periods import BY_CODE
from ksui.core.report import ReportData
from ksui.exporters.tabular import TextTable, text_table
from ksui.tables.bridge import bridge_table
from ksui.tables.drift import report_drift_table
from ksui.tables.geh import geh_table
from ksui.tables.goals import goals_table, indicators_table
from ksui.tables.investments import category_table
from ksui.tables.personnel import SICK_MEASURES, sick_leave_table
from ksui.tables.spec import Column, Row, Table
from ksui.tables.statements import balance_table, grants_table, internal_control_table, result_table

#: ASCII punctuation that can start or end Markdown syntax anywhere in a line.
_SPECIALS = re.compile(r"([\\`*_\[\]<>#|~&])")
#: Characters that only mean something at the start of a line (lists, setext underlines).
_LINE_START = re.compile(r"^([-+=])")
_ORDERED = re.compile(r"^(\d+)([.)])")
#: Control characters other than tab and line breaks: never meant to be in a document.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

TITLES = {"bokslut": "Årsrapport", "delar": "Delårsrapport", "t1": "Tertialrapport"}


def _lines(text: str) -> list[str]:
    """The non-blank lines of user text, stripped, with control characters removed."""
    lines = _CONTROL.sub("", text).splitlines()
    return [line.strip() for line in lines if line.strip()]


def _escape_specials(line: str) -> str:
    """Backslash-escape every character that could begin or end inline Markdown."""
    return _SPECIALS.sub(r"\\\1", line)


def escape_inline(text: str) -> str:
    """User text as Markdown running text that renders exactly as typed.

    Specials are backslash-escaped, a line that would start a list or a setext heading is
    escaped at its start, leading blanks (an indented code block) are dropped, and line
    breaks become hard breaks within one paragraph, so the text never leaves its block.
    """
    out = []
    for line in _lines(text):
        line = _escape_specials(line)
        line = _LINE_START.sub(r"\\\1", line)
        line = _ORDERED.sub(r"\1\\\2", line)
        out.append(line)
    return "\\\n".join(out)


def escape_cell(text: str) -> str:
    """User text as one GitHub table cell: specials escaped, line breaks as ``<br>``."""
    return "<br>".join(_escape_specials(line) for line in _lines(text))


def heading(level: int, text: str) -> str:
    """A heading line; the text is kept on one line and escaped."""
    return "#" * level + " " + escape_inline(" ".join(text.split()))


def render_table(table: TextTable) -> str:
    """A GitHub-flavoured table: every cell escaped, strong rows bold, depth indented."""
    lines = [_row([escape_cell(h) for h in table.headers])]
    lines.append(_row([":--" if a == "l" else "--:" for a in table.align]))
    for row in table.rows:
        cells = [escape_cell(c) for c in row.cells]
        if row.strong:
            cells = [f"**{c}**" if c else c for c in cells]
        if row.depth and cells:
            cells[0] = "&nbsp;&nbsp;" * row.depth + cells[0]
        lines.append(_row(cells))
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    """One table line; a space on each side keeps a cell's trailing backslash off the pipe."""
    return "| " + " | ".join(cells) + " |"


# -- the report's tables, once for every document format ------------------------------------


@dataclass(frozen=True)
class ReportTable:
    """One table of the report: where it stands, the heading above it, and its specification.

    The Markdown export and the Excel workbook both walk ``report_tables``, so a table (or a
    column of one) added there appears in every document, in the same order, under the
    same heading. ``key`` is stable ('drift', 'investments:3', 'indicators:12'),
    ``section`` the part of the report it belongs to and ``sheet`` a short name for a tab.
    """

    key: str
    section: str
    title: str
    sheet: str
    table: Table[Any]


def report_tables(data: ReportData, unit: str = "tkr") -> list[ReportTable]:
    """Every table of the report in the årsrapport's order, each only when it has content."""
    early = data.period != "bokslut"
    drift = "Utfall hittills och helårsprognos" if early else "Resultat och nettokostnadsutveckling"
    out = [ReportTable("drift", "Ekonomi", drift, "Drift", report_drift_table(data, unit))]
    if data.bridge and not early:
        title = "Nettokostnadsbrygga (mkr)"
        bridge = bridge_table(data)
        out.append(ReportTable("net_cost_bridge", "Ekonomi", title, "Nettokostnadsbrygga", bridge))
    if data.budget_changes():
        title = "Budgetförändringar under året"
        table = budget_changes_table(data, unit)
        out.append(ReportTable("budget_changes", "Ekonomi", title, "Budgetförändringar", table))
    if data.grants:
        title = "Statsbidrag och återsökningar"
        out.append(ReportTable("grants", "Ekonomi", title, "Statsbidrag", grants_table(data, unit)))
    if data.result_values:
        reported = data.statement_period is not None
        so_far = ", utfall hittills" if early and reported else ""
        title = f"Resultaträkning {data.year}{so_far} ({unit})"
        table = result_table(data, unit)
        out.append(ReportTable("result", "Ekonomi", title, "Resultaträkning", table))
    if data.balance_values:
        table = balance_table(data, unit)
        out.append(
            ReportTable("balance", "Ekonomi", f"Balansräkning ({unit})", "Balansräkning", table)
        )
    for cat in data.categories:
        if cat.projects:
            table = category_table(cat, unit, period=data.period)
            section = "Ekonomi – Investeringar"
            out.append(ReportTable(f"investments:{cat.id}", section, cat.name, cat.name, table))
    for area in data.areas:
        section = f"KF-mål och inriktning – {area.name}"
        if area.goals:
            table = goals_table([area], headings=False)
            out.append(ReportTable(f"goals:{area.id}", section, area.name, area.name, table))
        for goal in area.goals:
            indicators = indicators_table(goal)
            if indicators is not None:
                key = f"indicators:{goal.id}"
                title = f"KF-mål {goal.number}: {goal.title}"
                out.append(ReportTable(key, section, title, title, indicators))
    sick = data.sick_leave
    if sick.rows:
        for measure, label in SICK_MEASURES.items():
            if sick.groups(measure):
                table = sick_leave_table(sick, data.year, measure)
                out.append(ReportTable(f"sick:{measure}", "Personal", label, label, table))
    if data.geh:
        title = "Sammanfattande GEH-bedömning för nämnden"
        out.append(ReportTable("geh", title, title, "GEH", geh_table(data.geh)))
    if data.internal_control:
        table = internal_control_table(data.internal_control)
        out.append(
            ReportTable(
                "internal_control", "Intern kontroll", "Intern kontroll", "Intern kontroll", table
            )
        )
    return out


def budget_changes_table(data: ReportData, unit: str = "tkr") -> Table[Any]:
    """Budgetförändringar under året as a table specification, so every format shows it."""
    cols: tuple[Column[Any], ...] = (
        Column("unit", "Enhet", "name", lambda c: c.unit.name),
        Column("period", "Från och med", "text", lambda c: BY_CODE[c.period].label),
        Column("before", "Budget före", "amount", lambda c: c.before),
        Column("change", "Förändring", "deviation", lambda c: c.change),
        Column("after", "Budget efter", "amount", lambda c: c.after),
        Column("reason", "Anledning", "text", lambda c: c.reason),
    )
    rows = tuple(Row(c, key=f"change:{i}") for i, c in enumerate(data.budget_changes()))
    return Table("budget_changes", cols, rows, unit=unit)


def _tables(data: ReportData, unit: str) -> dict[str, ReportTable]:
    """The report's tables by key, for the sections below to place."""
    return {t.key: t for t in report_tables(data, unit)}


def _render(entry: ReportTable) -> str:
    """A report table as Markdown, in the printed view."""
    return render_table(text_table(entry.table))


def title(data: ReportData) -> str:
    """The document's title: Årsrapport, Delårsrapport, Tertialrapport or Månadsuppföljning."""
    period = data.period_info
    kind = TITLES.get(data.period, f"Månadsuppföljning {period.label.lower()}")
    return f"{kind} {data.year} – {data.committee.name}"


def report(data: ReportData, narrative: Sequence[str] = (), unit: str = "tkr") -> str:
    """The whole report as one Markdown document, in the årsrapport's order of sections."""
    tables = _tables(data, unit)
    blocks: list[str] = [heading(1, title(data))]
    if narrative:
        blocks.append(heading(2, "Nämndens sammanfattning"))
        blocks += [escape_inline(p) for p in narrative if p.strip()]
    blocks += economy(data, unit, tables)
    blocks += goals(data, tables)
    blocks += personnel(data, tables)
    blocks += geh(data, tables)
    blocks += internal_control(data, tables)
    blocks += future(data)
    return "\n\n".join(b for b in blocks if b) + "\n"


def _lead(name: str, text: str) -> str:
    """A paragraph led by a bold name: '**Ekonomi.** The comment …'."""
    return f"**{escape_inline(' '.join(name.split()))}.** {escape_inline(text)}"


def economy(
    data: ReportData, unit: str = "tkr", tables: Mapping[str, ReportTable] | None = None
) -> list[str]:
    """Ekonomi: drift with the units' comments, statsbidrag, the statements, investments."""
    tables = _tables(data, unit) if tables is None else tables
    early = data.period != "bokslut"
    drift = tables["drift"]
    blocks = [heading(2, "Ekonomi"), heading(3, drift.title), _render(drift)]
    for row in data.drift():
        comment = data.comment("unit", row.unit.id)
        if comment.strip():
            blocks.append(_lead(row.unit.name, comment))
    for key in ("net_cost_bridge", "budget_changes", "grants", "result", "balance"):
        entry = tables.get(key)
        if entry is None:
            continue
        blocks.append(heading(3, entry.title))
        if key == "result" and early and data.statement_period is None:
            blocks.append(
                f"Resultaträkningens utfall för {data.period_info.label.lower()} är inte "
                "inläst (importera periodens SIE-fil); tabellen visar budgeten."
            )
        blocks.append(_render(entry))
    if data.categories:
        blocks.append(heading(3, "Investeringar"))
        if early:
            blocks.append(
                "Utfallet är ackumulerat hittills i år; vad som överskrider anslaget vid "
                "årets slut redovisas i årsrapporten."
            )
        for cat in data.categories:
            blocks.append(heading(4, cat.name))
            entry = tables.get(f"investments:{cat.id}")
            if entry is None:
                blocks.append("Inga projekt.")
                continue
            blocks.append(_render(entry))
            for p in cat.projects:
                comment = data.comment("investment_project", p.id)
                if comment.strip():
                    blocks.append(_lead(p.name, comment))
    return blocks


def _assessment(value: Assessment | None) -> str:
    """A lägesbedömning in bold, or that it is missing."""
    return f"**{value.label}**" if value is not None else "ej bedömd"


def goals(data: ReportData, tables: Mapping[str, ReportTable] | None = None) -> list[str]:
    """KF-mål och inriktning: per area its goals, assessments, indicators and follow-ups."""
    if not data.areas:
        return []
    tables = _tables(data, "tkr") if tables is None else tables
    blocks = [heading(2, "KF-mål och inriktning")]
    for area in data.areas:
        blocks += _area(area, tables)
    return blocks


def _area(area: Area, tables: Mapping[str, ReportTable]) -> list[str]:
    """One area: its summary assessment, the goal table, each goal and its other tasks."""
    blocks = [heading(3, area.name)]
    counts = ", ".join(f"{n} {a.label}" for a, n in area.counts().items() if n)
    line = f"Lägesbedömning sammantaget: {_assessment(area.assessment)}"
    if counts:
        line += f" ({counts})"
    blocks.append(line + ".")
    if area.summary.strip():
        blocks.append(escape_inline(area.summary))
    entry = tables.get(f"goals:{area.id}")
    if entry is not None:
        blocks.append(_render(entry))
    for goal in area.goals:
        blocks += _goal(goal, tables)
    if area.items:
        blocks.append(heading(4, other_items_heading(area.items)))
        blocks += _items(area.items)
    return blocks


def _goal(goal: Goal, tables: Mapping[str, ReportTable]) -> list[str]:
    """One KF-mål: title, lägesbedömning, indicators, uppföljning, inriktningar and åtgärder."""
    blocks = [heading(4, f"KF-mål {goal.number}: {goal.title}")]
    blocks.append(f"Lägesbedömning: {_assessment(goal.assessment)}.")
    entry = tables.get(f"indicators:{goal.id}")
    if entry is not None:
        blocks.append(_render(entry))
    if goal.followup.strip():
        blocks.append(f"*Uppföljning:* {escape_inline(goal.followup)}")
    blocks += _items(goal.items)
    return blocks


def _items(items: Sequence[TextItem]) -> list[str]:
    """Inriktningar and åtgärder, each followed by its uppföljning."""
    blocks = []
    for item in items:
        label, body = item_label(item)
        text = f"*{label}:* {escape_inline(body)}"
        if item.followup.strip():
            text += f"\\\n*Uppföljning:* {escape_inline(item.followup)}"
        blocks.append(text)
    return blocks


def personnel(data: ReportData, tables: Mapping[str, ReportTable] | None = None) -> list[str]:
    """Personal: the sjuktal table and korttidsfrånvaron, in percent and procentenheter."""
    if not data.sick_leave.rows:
        return []
    tables = _tables(data, "tkr") if tables is None else tables
    blocks = [heading(2, "Personal")]
    for measure in SICK_MEASURES:
        entry = tables.get(f"sick:{measure}")
        if entry is not None:
            blocks += [heading(3, entry.title), _render(entry)]
    return blocks


def geh(data: ReportData, tables: Mapping[str, ReportTable] | None = None) -> list[str]:
    """Sammanfattande GEH-bedömning."""
    tables = _tables(data, "tkr") if tables is None else tables
    entry = tables.get("geh")
    if entry is None:
        return []
    return [heading(2, entry.title), _render(entry)]


def internal_control(
    data: ReportData, tables: Mapping[str, ReportTable] | None = None
) -> list[str]:
    """Intern kontroll: the summary text and the väsentliga processer per ansvar."""
    text = data.comment("internal_control", data.committee.id)
    if not data.internal_control and not text.strip():
        return []
    tables = _tables(data, "tkr") if tables is None else tables
    blocks = [heading(2, "Intern kontroll")]
    if text.strip():
        blocks.append(escape_inline(text))
    entry = tables.get("internal_control")
    if entry is not None:
        blocks.append(_render(entry))
    return blocks


def future(data: ReportData) -> list[str]:
    """Framtida utveckling: the texts per area, in the order they were written."""
    entries = sorted(
        (f, t)
        for (entity, eid, f), t in data.comments.items()
        if entity == "future" and eid == data.committee.id and t.strip()
    )
    if not entries:
        return []
    blocks = [heading(2, "Framtida utveckling")]
    for key, text in entries:
        name = key.split(" ", 1)[1] if " " in key else key
        blocks.append(_lead(name, text) if name else escape_inline(text))
    return blocks


__all__ = [
    "ReportTable",
    "escape_cell",
    "escape_inline",
    "heading",
    "render_table",
    "report",
    "report_tables",
    "title",
]
