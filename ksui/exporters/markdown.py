"""The report as Markdown, shaped like the årsrapport, for Word, PDF or a wiki.

The report is built once as blocks (``blocks``: headings, paragraphs of plain, bold and
italic spans, numbered points and the tables of ``report_tables``); this module writes
them as Markdown and ``ksui.exporters.docx`` as Word, so a section added here appears in
both. The tjänsteskrivelse (``letter``) comes first when its texts are stored.

GitHub-flavoured tables, numbers in Swedish format. Every piece of user text (a unit's
name, a comment, a goal's title) goes through ``escape_inline`` or ``escape_cell`` so that
a ``|``, ``*``, backtick, bracket, ``<`` or newline in it can neither break a table nor
start a list, a heading, a link or HTML.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ksui.core.goals import Area, Goal, TextItem, item_label, other_items_heading
from ksui.core.kommun import from_report as kommun_from_report
from ksui.core.models import Assessment
from ksui.core.periods import BY_CODE
from ksui.core.report import ReportData
from ksui.core.shares import of_item
from ksui.core.swedish import no_break
from ksui.core.texts import SECTIONS
from ksui.exporters.tabular import TextTable, text_table
from ksui.tables.bridge import bridge_table
from ksui.tables.drift import report_drift_table
from ksui.tables.geh import geh_table
from ksui.tables.goals import goals_table, indicators_table
from ksui.tables.investments import category_table
from ksui.tables.kommun import balance_table as kommun_balance_table
from ksui.tables.kommun import result_table as kommun_result_table
from ksui.tables.personnel import SICK_MEASURES, sick_leave_table
from ksui.tables.shares import shares_table
from ksui.tables.shares import title as shares_title
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


def heading(level: int, text: str, number: str = "") -> str:
    """A heading line; the text is kept on one line and escaped (its number is ours)."""
    lead = f"{number} " if number else ""
    return "#" * level + " " + lead + escape_inline(" ".join(text.split()))


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
    out += kommun_tables(data)
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
        out += _share_tables(data, area, section)
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


def kommun_tables(data: ReportData) -> list[ReportTable]:
    """A kommun's årets resultat and balanskravsutredning (mkr), when it has lines of its own."""
    found = kommun_from_report(data)
    if found is None or found.empty:
        return []
    so_far = "" if found.basis == "actual" else ", prognos"
    return [
        ReportTable(
            "kommun_result",
            "Ekonomi",
            "Årets resultat (mkr)",
            "Årets resultat",
            kommun_result_table(found),
        ),
        ReportTable(
            "balance_requirement",
            "Ekonomi",
            f"Balanskravsutredning{so_far} (mkr)",
            "Balanskravsutredning",
            kommun_balance_table(found),
        ),
    ]


def kommun_markdown(data: ReportData) -> str:
    """The kommun tables under their headings, to follow the drift table; '' for a nämnd."""
    return "".join(
        f"\n\n{heading(3, t.title)}\n\n{render_table(text_table(t.table))}"
        for t in kommun_tables(data)
    )


def _share_tables(data: ReportData, area: Area, section: str) -> list[ReportTable]:
    """The tables of shares under the area's goals' and its own inriktningar."""
    out: list[ReportTable] = []
    for item in [*(i for g in area.goals for i in g.items), *area.items]:
        lines = of_item(data.shares, item.id)
        if lines:
            table = shares_table(lines, data.year, data.period)
            name = shares_title(item)
            out.append(ReportTable(f"shares:{item.id}", section, name, name, table))
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


def title(data: ReportData) -> str:
    """The document's title: Årsrapport, Delårsrapport, Tertialrapport or Månadsuppföljning."""
    period = data.period_info
    kind = TITLES.get(data.period, f"Månadsuppföljning {period.label.lower()}")
    return f"{kind} {data.year} – {data.committee.name}"


# -- the report as blocks, once for every document format -----------------------------------


@dataclass(frozen=True)
class Span:
    """A piece of running text: plain, bold or italic; '\\n' alone is a line break.

    User text in a span is kept as typed: each writer escapes it (Markdown) or places it
    as text (Word), so the blocks never hold markup.
    """

    text: str
    style: Literal["", "bold", "italic"] = ""


@dataclass(frozen=True)
class Heading:
    """A heading at a level of the report (1 the title, 2 a section, 3 and 4 below it).

    ``numbered`` says whether it takes a number (1, 1.1, 1.1.1) where a document numbers
    its headings, as the årsrapport does; Nämndens sammanfattning and the KF-mål areas
    do not.
    """

    level: int
    text: str
    numbered: bool = True
    #: The number a document gave it ('1.', '1.1'), printed before the text ('' for none).
    number: str = ""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of spans."""

    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Points:
    """A numbered list (förslag till beslut), each point one line of user text."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class TableBlock:
    """One of the report's tables (``report_tables``), where the report places it."""

    entry: ReportTable


Block = Heading | Paragraph | Points | TableBlock


def _text(text: str) -> Paragraph:
    """A paragraph of plain text."""
    return Paragraph((Span(text),))


def _lead(name: str, text: str) -> Paragraph:
    """A paragraph led by a bold name: '**Ekonomi.** The comment …'."""
    return Paragraph((Span(" ".join(name.split()) + ".", "bold"), Span(" " + text)))


#: A point typed with its own number ('1. …', '2) …'): the document numbers it.
_POINT_NUMBER = re.compile(r"^\s*\d+\s*[.)]\s+")


def letter(data: ReportData, texts: Mapping[str, str]) -> list[Block]:
    """The tjänsteskrivelse: diarienummer, sammanfattning, beslutsunderlag, ärendet and
    förslag till beslut, each only when written (``ksui set text``); none without texts.

    Förslag till beslut is one point per line, numbered by the document; a line ending in
    a colon ('Kommunstyrelsen föreslår … följande:') introduces the points instead.
    """
    if not any(t.strip() for t in texts.values()):
        return []
    blocks: list[Block] = [Heading(2, "Tjänsteskrivelse", numbered=False)]
    reference = " ".join(texts.get("reference", "").split())
    if reference:
        blocks.append(Paragraph((Span("Diarienummer:", "bold"), Span(" " + reference))))
    for key, label in (
        ("summary", "Sammanfattning"),
        ("basis", "Beslutsunderlag"),
        ("matter", "Ärendet"),
    ):
        lines = _lines(texts.get(key, ""))
        if lines:
            blocks.append(Heading(3, label, numbered=False))
            blocks += [_text(line) for line in lines]
    lines = _lines(texts.get("proposal", ""))
    if lines:
        blocks.append(Heading(3, "Förslag till beslut", numbered=False))
        points: list[str] = []
        for line in lines:
            if line.endswith(":"):
                if points:
                    blocks.append(Points(tuple(points)))
                    points = []
                blocks.append(_text(line))
            else:
                points.append(_POINT_NUMBER.sub("", line))
        if points:
            blocks.append(Points(tuple(points)))
    return blocks


def blocks(
    data: ReportData,
    narrative: Sequence[str] = (),
    unit: str = "tkr",
    texts: Mapping[str, str] | None = None,
) -> list[Block]:
    """The whole report as blocks, in the årsrapport's order: every format writes these."""
    tables = _tables(data, unit)
    out: list[Block] = [Heading(1, title(data), numbered=False)]
    given = data.texts if texts is None else texts
    out += letter(data, {k: data.rendered(v) for k, v in given.items()})
    if any(p.strip() for p in narrative):
        whose = "Kommunens" if data.committee.kind == "kommun" else "Nämndens"
        out.append(Heading(2, f"{whose} sammanfattning", numbered=False))
        out += [_text(p) for p in narrative if p.strip()]
    out += economy(data, unit, tables)
    out += goals(data, tables)
    out += personnel(data, tables)
    out += geh(data, tables)
    out += internal_control(data, tables)
    out += future(data)
    return out


def heading_numbers(document: Sequence[Block]) -> list[str]:
    """Each heading's number as the årsrapport prints it ('1.', '1.1', '1.1.1'), '' for
    one that takes none; a heading below an unnumbered one takes none either."""
    counters: list[int] = []
    out: list[str] = []
    skip_below: int | None = None
    for block in document:
        if not isinstance(block, Heading):
            continue
        depth = block.level - 1  # the title (level 1) is never numbered
        if skip_below is not None and depth > skip_below:
            out.append("")
            continue
        skip_below = None
        if depth < 1 or not block.numbered:
            skip_below = depth if depth >= 1 else None
            out.append("")
            continue
        del counters[depth:]
        while len(counters) < depth:
            counters.append(0)
        counters[depth - 1] += 1
        number = ".".join(str(n) for n in counters)
        out.append(number + "." if depth == 1 else number)
    return out


# -- Markdown --------------------------------------------------------------------------------


def _span(span: Span) -> str:
    """A span as Markdown: the user's text escaped, the blanks around it kept."""
    if span.text == "\n":
        return "\\\n"
    body = escape_inline(span.text)
    if span.style == "bold":
        return f"**{body}**"
    if span.style == "italic":
        return f"*{body}*"
    before = " " if span.text[:1].isspace() and body else ""
    after = " " if span.text[-1:].isspace() and body else ""
    return before + body + after


def markdown_block(block: Block) -> str:
    """One block as Markdown, its figures held together by no-break spaces ('46 474 tkr'
    never parts at a line end in a rendered page or a narrow table column)."""
    return no_break(_markdown_block(block))


def _markdown_block(block: Block) -> str:
    if isinstance(block, Heading):
        return heading(block.level, block.text, block.number)
    if isinstance(block, Paragraph):
        return "".join(_span(s) for s in block.spans)
    if isinstance(block, Points):
        return "\n".join(f"{n}. {escape_inline(item)}" for n, item in enumerate(block.items, 1))
    return render_table(text_table(block.entry.table))


def report(
    data: ReportData,
    narrative: Sequence[str] = (),
    unit: str = "tkr",
    texts: Mapping[str, str] | None = None,
) -> str:
    """The whole report as one Markdown document, in the årsrapport's order of sections:
    the title, the tjänsteskrivelse (``texts``, by field of ``ksui.core.texts.FIELDS``;
    the report's own when None), the contents, then the report with its headings numbered
    1., 1.1, 1.1.1 as the årsrapport (and the Word export) numbers them."""
    given = data.texts if texts is None else texts
    body = blocks(data, narrative, unit, texts={})
    title, body = body[:1], body[1:]
    own = letter(data, {k: data.rendered(v) for k, v in given.items()})
    numbered = _numbered(body)
    document = [*title, *own, *contents(numbered), *numbered]
    rendered = (markdown_block(b) for b in document)
    return "\n\n".join(b for b in rendered if b) + "\n"


#: Headings deeper than this are not listed in the contents (a KF-mål under its area).
CONTENTS_DEPTH = 4


def _numbered(body: Sequence[Block]) -> list[Block]:
    """The report's blocks with each heading's number before its text."""
    numbers = iter(heading_numbers(body))
    out: list[Block] = []
    for block in body:
        if isinstance(block, Heading):
            number = next(numbers, "")
            if number:
                block = dataclasses.replace(block, number=number)
        out.append(block)
    return out


def contents(numbered: Sequence[Block]) -> list[Block]:
    """Innehåll: the numbered headings (and the unnumbered ones beside them, such as the
    KF-mål areas) down to the third level, one per line, as the Word contents lists them."""
    lines = [
        f"{block.number} {block.text}" if block.number else block.text
        for block in numbered
        if isinstance(block, Heading)
        and block.level <= CONTENTS_DEPTH
        and not (block.level == CONTENTS_DEPTH and not block.number)
    ]
    if not lines:
        return []
    spans: list[Span] = []
    for line in lines:
        spans += [Span("\n"), Span(line)] if spans else [Span(line)]
    return [Heading(2, "Innehåll", numbered=False), Paragraph(tuple(spans))]


# -- the sections ----------------------------------------------------------------------------


def economy(
    data: ReportData, unit: str = "tkr", tables: Mapping[str, ReportTable] | None = None
) -> list[Block]:
    """Ekonomi: drift with the units' comments, statsbidrag, the statements, investments."""
    tables = _tables(data, unit) if tables is None else tables
    early = data.period != "bokslut"
    drift = tables["drift"]
    out: list[Block] = [Heading(2, "Ekonomi"), Heading(3, drift.title), TableBlock(drift)]
    for row in data.drift():
        comment = data.comment("unit", row.unit.id)
        if comment.strip():
            out.append(_lead(row.unit.name, comment))
    for key in ("kommun_result", "balance_requirement"):  # a kommun's, after its nämnder
        entry = tables.get(key)
        if entry is not None:
            out += [Heading(3, entry.title), TableBlock(entry)]
    for key in ("net_cost_bridge", "budget_changes", "efficiency", "special_followup"):
        if key in SECTIONS:
            out += _section(data, key, 3)
            continue
        entry = tables.get(key)
        if entry is not None:
            out += [Heading(3, entry.title), TableBlock(entry)]
    for key in ("grants", "result", "balance"):
        entry = tables.get(key)
        if entry is None:
            continue
        out.append(Heading(3, entry.title))
        if key == "balance" and data.texts.get("balance_note", "").strip():
            out.append(_text(data.rendered(data.texts["balance_note"])))
        if key == "result" and early and data.statement_period is None:
            out.append(
                _text(
                    f"Resultaträkningens utfall för {data.period_info.label.lower()} är inte "
                    "inläst (importera periodens SIE-fil); tabellen visar budgeten."
                )
            )
        out.append(TableBlock(entry))
    if data.categories:
        out.append(Heading(3, "Investeringar"))
        if early:
            out.append(
                _text(
                    "Utfallet är ackumulerat hittills i år; vad som överskrider anslaget vid "
                    "årets slut redovisas i årsrapporten."
                )
            )
        for cat in data.categories:
            out.append(Heading(4, cat.name))
            entry = tables.get(f"investments:{cat.id}")
            if entry is None:
                out.append(_text("Inga projekt."))
                continue
            out.append(TableBlock(entry))
            for p in cat.projects:
                comment = data.comment("investment_project", p.id)
                if comment.strip():
                    out.append(_lead(p.name, comment))
    return out


def _assessment(value: Assessment | None) -> Span:
    """A lägesbedömning in bold, or that it is missing."""
    return Span(value.label, "bold") if value is not None else Span("ej bedömd")


def goals(data: ReportData, tables: Mapping[str, ReportTable] | None = None) -> list[Block]:
    """KF-mål och inriktning: per area its goals, assessments, indicators and follow-ups."""
    if not data.areas:
        return []
    tables = _tables(data, "tkr") if tables is None else tables
    out: list[Block] = [Heading(2, "KF-mål och inriktning")]
    for area in data.areas:
        out += _area(area, tables, data.rendered)
    return out


def _area(
    area: Area, tables: Mapping[str, ReportTable], shown: Callable[[str], str]
) -> list[Block]:
    """One area: its summary assessment, the goal table, each goal and its other tasks."""
    out: list[Block] = [Heading(3, area.name, numbered=False)]
    counts = ", ".join(f"{n} {a.label}" for a, n in area.counts().items() if n)
    tail = f" ({counts})." if counts else "."
    out.append(
        Paragraph((Span("Lägesbedömning sammantaget: "), _assessment(area.assessment), Span(tail)))
    )
    if area.summary.strip():
        out.append(_text(shown(area.summary)))
    entry = tables.get(f"goals:{area.id}")
    if entry is not None:
        out.append(TableBlock(entry))
    for goal in area.goals:
        out += _goal(goal, tables, shown)
    if area.items:
        out.append(Heading(4, other_items_heading(area.items)))
        out += _items(area.items, shown, tables)
    return out


def _goal(
    goal: Goal, tables: Mapping[str, ReportTable], shown: Callable[[str], str]
) -> list[Block]:
    """One KF-mål: title, lägesbedömning, indicators, uppföljning, inriktningar and åtgärder."""
    out: list[Block] = [Heading(4, f"KF-mål {goal.number}: {goal.title}")]
    out.append(Paragraph((Span("Lägesbedömning: "), _assessment(goal.assessment), Span("."))))
    entry = tables.get(f"indicators:{goal.id}")
    if entry is not None:
        out.append(TableBlock(entry))
    if goal.followup.strip():
        out.append(Paragraph((Span("Uppföljning:", "italic"), Span(" " + shown(goal.followup)))))
    out += _items(goal.items, shown, tables)
    return out


def _items(
    items: Sequence[TextItem],
    shown: Callable[[str], str],
    tables: Mapping[str, ReportTable] | None = None,
) -> list[Block]:
    """Inriktningar and åtgärder, each followed by its uppföljning and its shares."""
    out: list[Block] = []
    for item in items:
        label, body = item_label(item)
        spans = [Span(f"{label}:", "italic"), Span(" " + shown(body))]
        if item.followup.strip():
            followup = shown(item.followup)
            spans += [Span("\n"), Span("Uppföljning:", "italic"), Span(" " + followup)]
        out.append(Paragraph(tuple(spans)))
        shares = (tables or {}).get(f"shares:{item.id}")
        if shares is not None:
            out.append(TableBlock(shares))
    return out


def _section(data: ReportData, key: str, level: int) -> list[Block]:
    """One of the report's text sections under its heading, when it has text."""
    text = data.texts.get(key, "")
    if not text.strip():
        return []
    return [Heading(level, SECTIONS[key]), *(_text(line) for line in _lines(data.rendered(text)))]


def personnel(data: ReportData, tables: Mapping[str, ReportTable] | None = None) -> list[Block]:
    """Personal: its text, the sjuktal table and korttidsfrånvaron (percent, procentenheter)."""
    text = data.texts.get("personnel", "")
    if not data.sick_leave.rows and not text.strip():
        return []
    tables = _tables(data, "tkr") if tables is None else tables
    out: list[Block] = [Heading(2, "Personal")]
    out += [_text(line) for line in _lines(data.rendered(text))]
    for measure in SICK_MEASURES:
        entry = tables.get(f"sick:{measure}")
        if entry is not None:
            out += [Heading(3, entry.title), TableBlock(entry)]
    return out


def geh(data: ReportData, tables: Mapping[str, ReportTable] | None = None) -> list[Block]:
    """Sammanfattande GEH-bedömning."""
    tables = _tables(data, "tkr") if tables is None else tables
    entry = tables.get("geh")
    if entry is None:
        return []
    motivation = data.texts.get("geh_motivation", "")
    return [
        Heading(2, entry.title),
        TableBlock(entry),
        *(_text(line) for line in _lines(data.rendered(motivation))),
    ]


def internal_control(
    data: ReportData, tables: Mapping[str, ReportTable] | None = None
) -> list[Block]:
    """Intern kontroll: the summary text and the väsentliga processer per ansvar."""
    text = data.comment("internal_control", data.committee.id)
    risk = _section(data, "risk", 3)
    if not data.internal_control and not text.strip() and not risk:
        return []
    tables = _tables(data, "tkr") if tables is None else tables
    out: list[Block] = [Heading(2, "Intern kontroll")]
    if text.strip():
        out.append(_text(text))
    entry = tables.get("internal_control")
    if entry is not None:
        out.append(TableBlock(entry))
    out += risk
    return out


def future(data: ReportData) -> list[Block]:
    """Framtida utveckling: the texts per area, in the order they were written."""
    entries = sorted(
        (f, t)
        for (entity, eid, f), t in data.comments.items()
        if entity == "future" and eid == data.committee.id and t.strip()
    )
    if not entries:
        return []
    out: list[Block] = [Heading(2, "Framtida utveckling")]
    for key, text in entries:
        name = key.split(" ", 1)[1] if " " in key else key
        text = data.rendered(text)
        out.append(_lead(name, text) if name else _text(text))
    return out


__all__ = [
    "Block",
    "Heading",
    "Paragraph",
    "Points",
    "ReportTable",
    "Span",
    "TableBlock",
    "blocks",
    "escape_cell",
    "escape_inline",
    "heading",
    "heading_numbers",
    "letter",
    "markdown_block",
    "render_table",
    "report",
    "report_tables",
    "title",
]
