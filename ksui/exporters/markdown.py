"""The report as Markdown, shaped like the årsrapport, for Word, PDF or a wiki.

GitHub-flavoured tables, numbers in Swedish format. Every piece of user text (a unit's
name, a comment, a goal's title) goes through ``escape_inline`` or ``escape_cell`` so that
a ``|``, ``*``, backtick, bracket, ``<`` or newline in it can neither break a table nor
start a list, a heading, a link or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ksui.core.goals import Area, Goal, TextItem
from ksui.core.models import Assessment
from ksui.core.report import ReportData
from ksui.exporters import tabular
from ksui.exporters.tabular import TextTable
from ksui.tables.personnel import SICK_MEASURES

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


def title(data: ReportData) -> str:
    """The document's title: Årsrapport, Delårsrapport, Tertialrapport or Månadsuppföljning."""
    period = data.period_info
    kind = TITLES.get(data.period, f"Månadsuppföljning {period.label.lower()}")
    return f"{kind} {data.year} – {data.committee.name}"


def report(data: ReportData, narrative: Sequence[str] = (), unit: str = "tkr") -> str:
    """The whole report as one Markdown document, in the årsrapport's order of sections."""
    blocks: list[str] = [heading(1, title(data))]
    if narrative:
        blocks.append(heading(2, "Nämndens sammanfattning"))
        blocks += [escape_inline(p) for p in narrative if p.strip()]
    blocks += economy(data, unit)
    blocks += goals(data)
    blocks += personnel(data)
    blocks += geh(data)
    blocks += internal_control(data)
    blocks += future(data)
    return "\n\n".join(b for b in blocks if b) + "\n"


def _lead(name: str, text: str) -> str:
    """A paragraph led by a bold name: '**Ekonomi.** The comment …'."""
    return f"**{escape_inline(' '.join(name.split()))}.** {escape_inline(text)}"


def economy(data: ReportData, unit: str = "tkr") -> list[str]:
    """Ekonomi: drift with the units' comments, statsbidrag, the statements, investments."""
    early = data.period != "bokslut"
    drift = "Utfall hittills och helårsprognos" if early else "Resultat och nettokostnadsutveckling"
    blocks = [heading(2, "Ekonomi"), heading(3, drift)]
    blocks.append(render_table(tabular.drift_text(data, unit)))
    for row in data.drift():
        comment = data.comment("unit", row.unit.id)
        if comment.strip():
            blocks.append(_lead(row.unit.name, comment))
    if data.budget_changes():
        blocks.append(heading(3, "Budgetförändringar under året"))
        blocks.append(render_table(tabular.budget_changes_text(data, unit)))
    if data.grants:
        blocks += [heading(3, "Statsbidrag och återsökningar")]
        blocks.append(render_table(tabular.grants_text(data, unit)))
    if data.result_values:
        reported = data.statement_period is not None
        so_far = ", utfall hittills" if early and reported else ""
        blocks += [heading(3, f"Resultaträkning {data.year}{so_far} ({unit})")]
        if early and not reported:
            blocks.append(
                f"Resultaträkningens utfall för {data.period_info.label.lower()} är inte "
                "inläst (importera periodens SIE-fil); tabellen visar budgeten."
            )
        blocks.append(render_table(tabular.result_text(data, unit)))
    if data.balance_values:
        blocks += [heading(3, f"Balansräkning ({unit})")]
        blocks.append(render_table(tabular.balance_text(data, unit)))
    if data.categories:
        blocks.append(heading(3, "Investeringar"))
        if early:
            blocks.append(
                "Utfallet är ackumulerat hittills i år; vad som överskrider anslaget vid "
                "årets slut redovisas i årsrapporten."
            )
        for cat in data.categories:
            blocks.append(heading(4, cat.name))
            if not cat.projects:
                blocks.append("Inga projekt.")
                continue
            blocks.append(render_table(tabular.category_text(cat, unit, data.period)))
            for p in cat.projects:
                comment = data.comment("investment_project", p.id)
                if comment.strip():
                    blocks.append(_lead(p.name, comment))
    return blocks


def _assessment(value: Assessment | None) -> str:
    """A lägesbedömning in bold, or that it is missing."""
    return f"**{value.label}**" if value is not None else "ej bedömd"


def goals(data: ReportData) -> list[str]:
    """KF-mål och inriktning: per area its goals, assessments, indicators and follow-ups."""
    if not data.areas:
        return []
    blocks = [heading(2, "KF-mål och inriktning")]
    for area in data.areas:
        blocks += _area(area)
    return blocks


def _area(area: Area) -> list[str]:
    """One area: its summary assessment, the goal table, each goal and its other tasks."""
    blocks = [heading(3, area.name)]
    counts = ", ".join(f"{n} {a.label}" for a, n in area.counts().items() if n)
    line = f"Lägesbedömning sammantaget: {_assessment(area.assessment)}"
    if counts:
        line += f" ({counts})"
    blocks.append(line + ".")
    if area.summary.strip():
        blocks.append(escape_inline(area.summary))
    if area.goals:
        blocks.append(render_table(tabular.area_goals_text(area)))
    for goal in area.goals:
        blocks += _goal(goal)
    if area.items:
        blocks.append(heading(4, "Övriga uppdrag"))
        blocks += _items(area.items)
    return blocks


def _goal(goal: Goal) -> list[str]:
    """One KF-mål: title, lägesbedömning, indicators, uppföljning, inriktningar and åtgärder."""
    blocks = [heading(4, f"KF-mål {goal.number}: {goal.title}")]
    blocks.append(f"Lägesbedömning: {_assessment(goal.assessment)}.")
    table = tabular.indicators_text(goal)
    if table is not None:
        blocks.append(render_table(table))
    if goal.followup.strip():
        blocks.append(f"*Uppföljning:* {escape_inline(goal.followup)}")
    blocks += _items(goal.items)
    return blocks


def _items(items: Sequence[TextItem]) -> list[str]:
    """Inriktningar and åtgärder, each followed by its uppföljning."""
    blocks = []
    for item in items:
        kind = "Inriktning" if item.kind == "direction" else "Åtgärd"
        text = f"*{kind}:* {escape_inline(item.text)}"
        if item.followup.strip():
            text += f"\\\n*Uppföljning:* {escape_inline(item.followup)}"
        blocks.append(text)
    return blocks


def personnel(data: ReportData) -> list[str]:
    """Personal: the sjuktal table and korttidsfrånvaron, in percent and procentenheter."""
    sick = data.sick_leave
    if not sick.rows:
        return []
    blocks = [heading(2, "Personal")]
    for measure, label in SICK_MEASURES.items():
        if sick.groups(measure):
            blocks.append(heading(3, label))
            blocks.append(render_table(tabular.sick_text(sick, data.year, measure)))
    return blocks


def geh(data: ReportData) -> list[str]:
    """Sammanfattande GEH-bedömning."""
    if not data.geh:
        return []
    return [
        heading(2, "Sammanfattande GEH-bedömning för nämnden"),
        render_table(tabular.geh_text(data.geh)),
    ]


def internal_control(data: ReportData) -> list[str]:
    """Intern kontroll: the summary text and the väsentliga processer per ansvar."""
    text = data.comment("internal_control", data.committee.id)
    if not data.internal_control and not text.strip():
        return []
    blocks = [heading(2, "Intern kontroll")]
    if text.strip():
        blocks.append(escape_inline(text))
    if data.internal_control:
        blocks.append(render_table(tabular.internal_control_text(data.internal_control)))
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
    "escape_cell",
    "escape_inline",
    "heading",
    "render_table",
    "report",
    "title",
]
