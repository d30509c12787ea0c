"""The report as a Word document: title page, tjänsteskrivelse, contents, numbered report.

The document is written from the same blocks as the Markdown export
(``ksui.exporters.markdown.blocks``) and its tables from the same specifications
(``report_tables`` through ``text_table``), so a section, a table or a column added once
appears here too. Only Word's built-in styles are used — Title, Subtitle, Heading 1–4,
TOC Heading and the table style Table Grid — so a kommun's template (``--template``), whose
styles and page setup the document is built on, gives it the kommun's look: its headers,
footers and logo stay, its body is replaced by the report.

Headings carry their number as text (1., 1.1, 1.1.1, as the årsrapport prints them), so
the numbering never depends on a template's list definitions. Figures are right-aligned
with a no-break space between thousands, so an amount never breaks across lines, and each
table's header row repeats on every page it runs over.
"""

from __future__ import annotations

import calendar
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ksui.core.report import ReportData
from ksui.core.swedish import MONTHS, no_break
from ksui.exporters.markdown import (
    Block,
    Heading,
    Paragraph,
    Points,
    Span,
    TableBlock,
    blocks,
    heading_numbers,
    letter,
    title,
)
from ksui.exporters.tabular import text_table

__all__ = [
    "HEADING_STYLES",
    "TABLE_STYLE",
    "TOC_INSTRUCTION",
    "TemplateError",
    "clean",
    "period_end",
    "render_document",
]

#: The report's heading levels (2 a section, 3 and 4 below it) as Word's built-in styles.
HEADING_STYLES = {2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}
#: The tjänsteskrivelse's own headings: outside the contents (which lists levels 1–3).
LETTER_STYLES = {2: "Subtitle", 3: "Heading 4"}
#: Word's built-in table style with borders; a template may restyle it.
TABLE_STYLE = "Table Grid"
#: The contents field: heading levels 1–3, as links, without page numbers on the web view.
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
#: Table text a little smaller than running text, so the wide tables fit a portrait page.
TABLE_POINTS = 9


#: Characters an XML document cannot hold, and other control characters no reader wants.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """User text as a Word document can hold it: no control characters (python-docx and
    Word refuse them), tabs as spaces; line breaks are kept for the caller to place."""
    return _CONTROL.sub("", text).replace("\t", " ")


class TemplateError(ValueError):
    """A ``--template`` that is missing or is no Word document; one Swedish line."""


def period_end(data: ReportData) -> str:
    """'Per den 31 december 2017': the last day the follow-up covers, as the title page says."""
    month = data.period_info.month
    day = calendar.monthrange(data.year, month)[1]
    return f"Per den {day} {MONTHS[month - 1]} {data.year}"


def _open(template: Path | None) -> Any:
    """The base document: the template with its body cleared, or python-docx's own (A4)."""
    import docx
    from docx.shared import Cm

    if template is None:
        document = docx.Document()
        for section in document.sections:
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.2)
            section.top_margin = section.bottom_margin = Cm(2.2)
        return document
    if not template.is_file():
        raise TemplateError(f"{template}: mallen finns inte")
    try:
        document = docx.Document(str(template))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TemplateError(
            f"{template}: mallen går inte att läsa som Word-dokument (.docx): "
            f"{' '.join(str(exc).split())[:120]}"
        ) from None
    except Exception as exc:  # python-docx and lxml raise their own kinds for a bad part
        raise TemplateError(
            f"{template}: mallen är skadad eller inget Word-dokument (.docx): {type(exc).__name__}"
        ) from None
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):  # the last section's page setup stays
            body.remove(child)
    return document


def _ensure_styles(document: Any) -> None:
    """Add the built-in styles a template lacks, so every paragraph finds its style.

    A template saved by Word holds only the styles it uses; Word knows the rest by name,
    so a style added here under its built-in name is the one Word would have used.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles
    names = {s.name for s in styles}
    for level, name in enumerate(("Heading 1", "Heading 2", "Heading 3", "Heading 4")):
        if name not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold = True
            style.font.size = Pt((16, 13, 12, 11)[level])
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt((18, 12, 10, 8)[level])
            style.paragraph_format.space_after = Pt(4)
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level))
            style.element.get_or_add_pPr().append(outline)
    for name, size in (("Title", 26), ("Subtitle", 15), ("TOC Heading", 14)):
        if name not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = Pt(size)
    if TABLE_STYLE not in names:
        style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            line = OxmlElement(f"w:{edge}")
            for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
                line.set(qn(f"w:{key}"), value)
            borders.append(line)
        table_pr = OxmlElement("w:tblPr")
        table_pr.append(borders)
        style.element.append(table_pr)


def _spans(paragraph: Any, spans: Sequence[Span]) -> None:
    """Spans as runs: bold or italic as marked, a user's line breaks as breaks."""
    for span in spans:
        if span.text == "\n":
            paragraph.add_run().add_break()
            continue
        lines = [line.strip() for line in clean(span.text).splitlines()]
        lines = [line for line in lines if line] or [""]
        lead = " " if span.text[:1].isspace() and lines != [""] else ""
        trail = " " if span.text[-1:].isspace() and lines != [""] else ""
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            run = paragraph.add_run((lead if i == 0 else "") + line + (trail if last else ""))
            run.bold = span.style == "bold" or None
            run.italic = span.style == "italic" or None
            if not last:
                run.add_break()


def _repeat_header(row: Any) -> None:
    """Mark a table row as the header Word repeats at the top of every page (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_rows_whole(row: Any) -> None:
    """A row is never split across two pages (w:cantSplit)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    keep.set(qn("w:val"), "true")
    properties.insert(0, keep)


#: Widths in EMU (914 400 to the inch): a character of 9 pt text (bold, with room to
#: spare), a cell's side padding (_CELL_MARGIN twips each side, and the borders).
_CHAR = 72_000
_PADDING = 95_000
_CELL_MARGIN = 57
#: The narrowest a text column is made, and the most characters a header word claims
#: (headers are set a point smaller, so a word of 11 takes the room of 10 figures).
_TEXT_MIN = 650_000
_HEADER_WORD = 10


def _widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool], total: int
) -> list[int]:
    """Column widths within the page: each figure column as wide as its widest figure
    (figures never wrap), the text columns sharing the rest by their longest line.

    A header may wrap between its words; a long word (Nettokostnadsutveckling) claims at
    most _HEADER_WORD characters, fewer when the figures need the room, and is broken by
    the reader where it must be. A text column is at least as wide as its longest word.
    """
    count = range(len(headers))
    longest = [
        max([len(line) for row in rows for line in row[c].splitlines()] or [0]) for c in count
    ]
    words = [max([len(w) for row in rows for w in row[c].split()] or [0]) for c in count]
    heads = [max([len(w) for w in h.split()] or [1]) for h in headers]
    texts = [c for c in count if not right[c]]
    floor = {c: max(_TEXT_MIN, min(max(words[c], 4), 18) * _CHAR + _PADDING) for c in texts}
    room = total - sum(floor.values())
    fixed: dict[int, int] = {}
    for cap in (_HEADER_WORD, 8, 6, 0):
        fixed = {
            c: max(longest[c], min(heads[c], cap)) * _CHAR + _PADDING for c in count if right[c]
        }
        if sum(fixed.values()) <= room:
            break
    if fixed and sum(fixed.values()) > room:  # more figures than the page holds
        scale = max(room, 0) / sum(fixed.values())
        fixed = {c: int(w * scale) for c, w in fixed.items()}
    rest = total - sum(fixed.values())
    weight = sum(max(min(longest[c], 40), 4) for c in texts) or 1
    return [
        fixed[c] if c in fixed else max(floor[c], rest * max(min(longest[c], 40), 4) // weight)
        for c in count
    ]


def _table(document: Any, block: TableBlock, usable: int) -> None:
    """One report table: the spec's labels and cells, figures right-aligned and unbroken."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    shown = text_table(block.entry.table)
    right = [a == "r" for a in shown.align]
    table = document.add_table(rows=1 + len(shown.rows), cols=len(shown.headers))
    table.style = document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    cells_text = [row.cells for row in shown.rows]
    widths = _widths(shown.headers, cells_text, right, usable)
    table.autofit = False
    _narrow_margins(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out by; each cell's for Word

    def write(
        cell: Any, text: str, c: int, *, bold: bool, depth: int = 0, size: int = TABLE_POINTS
    ) -> None:
        cell.width = widths[c]
        paragraph = cell.paragraphs[0]
        if right[c]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if right[c] and size == TABLE_POINTS:  # a figure, not its header
            text = no_break(text)
        if depth:
            paragraph.paragraph_format.left_indent = Pt(8 * depth)
        lines = [line.strip() for line in clean(text).splitlines() if line.strip()] or [""]
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.font.size = Pt(size)
            run.bold = bold or None
            if i < len(lines) - 1:
                run.add_break()

    header = table.rows[0]
    _repeat_header(header)
    for c, label in enumerate(shown.headers):
        write(header.cells[c], label, c, bold=True, size=TABLE_POINTS - 1)
    for r, row in enumerate(shown.rows, start=1):
        cells = table.rows[r].cells
        _keep_rows_whole(table.rows[r])
        for c, text in enumerate(row.cells):
            write(cells[c], text, c, bold=row.strong, depth=row.depth if c == 0 else 0)
    document.add_paragraph()  # a table needs a paragraph after it, and space before the next


def _narrow_margins(table: Any) -> None:
    """Cell margins of 1 mm left and right (w:tblCellMar), so figures have the room."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(_CELL_MARGIN))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _field_run(paragraph: Any, kind: str) -> None:
    """A field character (begin, separate, end) in its own run."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word refreshes the contents when it opens the file
    paragraph.add_run()._r.append(char)


def _contents(document: Any, entries: Sequence[tuple[int, str]]) -> None:
    """The table of contents as a TOC field, pre-filled with the headings (without page
    numbers) so it reads before Word or LibreOffice refreshes it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document.add_paragraph("Innehållsförteckning", style="TOC Heading")
    names = {s.name for s in document.styles}
    lines = list(entries) or [(1, "Uppdatera fältet (F9) för att visa innehållet.")]
    paragraphs = []
    for level, text in lines:
        style = f"TOC {level}" if f"TOC {level}" in names else None
        paragraph = document.add_paragraph(style=style)
        if style is None:
            paragraph.paragraph_format.left_indent = Pt(12 * (level - 1))
        paragraphs.append((paragraph, text))
    first, last = paragraphs[0][0], paragraphs[-1][0]
    _field_run(first, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {TOC_INSTRUCTION} "
    first.add_run()._r.append(instruction)
    _field_run(first, "separate")
    for paragraph, text in paragraphs:
        paragraph.add_run(text)
    _field_run(last, "end")


def _page_break(document: Any) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _beneath_contents(block: Heading, number: str) -> bool:
    """An unnumbered heading at the third level (a KF-mål under its area) is set as
    Heading 4, below what the contents list: the årsrapport lists the areas, not each goal."""
    return block.level == max(HEADING_STYLES) and not number


def _write(
    document: Any,
    part: Sequence[Block],
    styles: Mapping[int, str],
    numbers: Sequence[str],
    usable: int,
) -> None:
    """Blocks as paragraphs and tables; headings in ``styles`` by level, numbered."""
    from docx.shared import Pt

    heads = iter(numbers)
    for block in part:
        if isinstance(block, Heading):
            number = next(heads, "")
            style = styles.get(block.level)
            if style is None:
                continue
            if styles is HEADING_STYLES and _beneath_contents(block, number):
                style = "Heading 4"
            text = " ".join(clean(block.text).split())
            document.add_paragraph(f"{number} {text}" if number else text, style=style)
        elif isinstance(block, Paragraph):
            _spans(document.add_paragraph(), block.spans)
        elif isinstance(block, Points):
            for n, item in enumerate(block.items, start=1):
                paragraph = document.add_paragraph(f"{n}.\t{' '.join(clean(item).split())}")
                paragraph.paragraph_format.left_indent = Pt(18)
                paragraph.paragraph_format.first_line_indent = Pt(-18)
        else:
            _table(document, block, usable)


def _usable_width(document: Any) -> int:
    """The text width of the last section (EMU); A4 with 2,2 cm margins when a template's
    page setup leaves the size or a margin out."""
    from docx.shared import Cm

    section = document.sections[-1]
    sizes = (section.page_width, section.left_margin, section.right_margin)
    if any(v is None for v in sizes):
        return int(Cm(21 - 2 * 2.2))
    width, left, right = (int(v) for v in sizes)
    return max(width - left - right, int(Cm(8)))


def render_document(
    data: ReportData,
    narrative: Sequence[str] = (),
    unit: str = "tkr",
    texts: Mapping[str, str] | None = None,
    template: Path | None = None,
) -> bytes:
    """The whole report as a .docx file's bytes; TemplateError for a template it cannot use."""
    document = _open(template)
    _ensure_styles(document)
    # The report's own tjänsteskrivelse unless one is given; its references read.
    texts = {k: data.rendered(v) for k, v in (data.texts if texts is None else texts).items()}
    heading = " ".join(clean(title(data)).split())
    properties = document.core_properties
    properties.title = heading
    properties.author = properties.last_modified_by = "ksui"
    properties.subject = f"{' '.join(clean(data.committee.name).split())} {data.year}"

    document.add_paragraph(heading, style="Title")
    document.add_paragraph(period_end(data), style="Subtitle")
    if data.kommun:
        document.add_paragraph(" ".join(clean(data.kommun).split()))
    reference = " ".join(clean(texts.get("reference", "")).split())
    if reference:
        document.add_paragraph(f"Dnr: {reference}")
    usable = _usable_width(document)

    own = letter(data, texts)
    if own:
        _page_break(document)
        _write(document, own, LETTER_STYLES, [""] * len(own), usable)

    body = [
        b
        for b in blocks(data, narrative, unit, texts={})  # the letter stands before the contents
        if not (isinstance(b, Heading) and b.level == 1)
    ]
    numbers = heading_numbers(body)
    entries = []
    heads = iter(numbers)
    for block in body:
        if isinstance(block, Heading):
            number = next(heads, "")
            if block.level in HEADING_STYLES and not _beneath_contents(block, number):
                text = " ".join(clean(block.text).split())
                entries.append((block.level - 1, f"{number} {text}" if number else text))
    _page_break(document)
    _contents(document, entries)
    _page_break(document)
    _write(document, body, HEADING_STYLES, numbers, usable)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
