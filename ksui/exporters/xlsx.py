"""The report as an Excel workbook: one sheet per table of the report, numbers as numbers.

The sheets are the tables of ``ksui.exporters.markdown.report_tables``, in the same order
and with the same columns, so a table or a column added to a specification appears here
as in the Markdown. Each sheet has title rows (nämnd, report, table, year, period and
unit), a bold header row with an autofilter, panes frozen below it, and the figures as
numbers rounded to what the report prints. A sum row is a ``SUM`` formula only where its
figure is exactly the sum of the cells it adds up; elsewhere the figure is written as it
is, so the workbook never shows a total that ksui does not.

Number formats are written with Excel's locale-neutral codes (``#,##0``, ``0.0``): Excel
and LibreOffice display them with the reader's separators, which for a Swedish locale is
a space between thousands and a decimal comma (``43 178``, ``22,0``). A literal space in
the code (``# ##0``) would print a stray space before small numbers and misgroup
millions, and would show a space even to a reader whose locale groups otherwise.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ksui.core import statements as st
from ksui.core.report import ReportData
from ksui.core.swedish import ORE_PER
from ksui.exporters.markdown import ReportTable, report_tables, title
from ksui.tables.spec import MONEY, Column, Row, Table

#: Title rows above the header: the report, the table, then year, period and unit.
TITLE_ROWS = 3
#: The header row (one blank row between the titles and the table).
HEADER_ROW = TITLE_ROWS + 2
#: Excel's limits: a sheet name's length, and a cell's text.
SHEET_NAME_MAX = 31
CELL_TEXT_MAX = 32_767
#: Characters Excel refuses in a sheet name.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Characters an XML 1.0 file cannot hold (openpyxl refuses them): control characters.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Kinds written as numbers; every other kind is written as its text.
NUMBERS = MONEY | {"change", "rate", "points", "count", "number"}

__all__ = ["SheetCell", "render_workbook", "sheet_names", "workbook_cells"]


@dataclass(frozen=True)
class SheetCell:
    """One cell of a table as the workbook holds it: a number, a text or a SUM formula.

    ``value`` is the figure as printed (a Decimal rounded to the shown decimals) or the
    text; ``sums`` lists the rows (0-based in the table) a formula adds up, when it is one.
    """

    value: Decimal | str | None
    number_format: str = "General"
    sums: tuple[int, ...] = ()


def decimals(kind: str, unit: str, value: Any) -> int:
    """How many decimals the report prints for a value of ``kind`` (see ``format_value``)."""
    if kind in MONEY:
        return 1 if unit == "mkr" else 0
    if kind == "change":
        return 1
    if kind in ("rate", "points"):
        return 2
    if kind == "number":
        exponent = Decimal(value).as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else 1
    return 0


def number_format(kind: str, places: int) -> str:
    """The Excel format of a figure: grouped thousands, its decimals, deviations signed.

    Signed as the report prints them: a deviation, an overrun and procentenheter carry a
    '+' when positive, so the sheet reads like the Markdown without colour.
    """
    if kind == "count":
        return "0"
    base = "#,##0" + ("." + "0" * places if places else "")
    if kind in ("deviation", "overrun", "points"):
        return f"+{base};-{base};{base}"
    return base


def figure(kind: str, unit: str, value: Any) -> Decimal:
    """A raw value as the figure the report prints: öre in the unit, rounded like the text."""
    places = decimals(kind, unit, value)
    number = Decimal(int(value)) / ORE_PER[unit] if kind in MONEY else Decimal(value)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # never a -0


def plain_text(text: str) -> str:
    """User text as a cell can hold it: no control characters, within Excel's length."""
    return _ILLEGAL.sub("", text)[:CELL_TEXT_MAX]


def workbook_cells(table: Table[Any]) -> list[list[SheetCell]]:
    """Each row's cells in the printed view: figures rounded as printed, sums as formulas."""
    cols = table.view()
    rows = list(table.rows)
    grid = [[_cell(table, row, col) for col in cols] for row in rows]
    for parent, children in _sums(table, rows):
        for c, col in enumerate(cols):
            if col.kind not in MONEY or col.per_year:
                continue
            total = grid[parent][c].value
            parts = [v for r in children if isinstance(v := grid[r][c].value, Decimal)]
            if not isinstance(total, Decimal) or len(parts) != len(children):
                continue
            # Only where the printed figure is exactly what the printed parts add up to.
            if sum(parts, Decimal(0)) == total:
                grid[parent][c] = SheetCell(total, grid[parent][c].number_format, tuple(children))
    return grid


def _cell(table: Table[Any], row: Row[Any], col: Column[Any]) -> SheetCell:
    """One cell: a figure as a rounded number with its format, anything else as its text."""
    value = table.raw(row, col)
    if value is None:
        return SheetCell(None)
    if col.kind in NUMBERS and col.labels is None and not col.per_year:
        places = decimals(col.kind, table.unit, value)
        return SheetCell(figure(col.kind, table.unit, value), number_format(col.kind, places))
    return SheetCell(plain_text(table.text(row, col, "document")))


def _sums(table: Table[Any], rows: Sequence[Row[Any]]) -> list[tuple[int, list[int]]]:
    """Which rows are totals of which: (total, its parts), by the table's structure.

    A strong row with deeper rows below it adds up its children (the drift tree); a strong
    last row below plain rows adds up the rows above it (an investment category's or the
    statsbidrag's Summa);
    a statement's sum line adds up its section's detail lines. Whether the figures really
    are that sum is checked cell by cell in ``workbook_cells``.
    """
    out: list[tuple[int, list[int]]] = []
    for i, row in enumerate(rows):
        if not row.strong:
            continue
        children = []
        for j in range(i + 1, len(rows)):
            if rows[j].depth <= row.depth:
                break
            if rows[j].depth == row.depth + 1:
                children.append(j)
        if children:
            out.append((i, children))
    last = len(rows) - 1
    plain_above = not any(r.strong or r.depth for r in rows[:last])
    if last > 0 and rows[last].strong and not rows[last].depth and plain_above:
        out.append((last, list(range(last))))
    if table.name in ("result", "balance"):
        lines = {line.key: line for line in (*st.RESULT_LINES, *st.BALANCE_LINES)}
        for i, row in enumerate(rows):
            line = lines.get(row.key)
            if line is None or line.kind == "detail" or not line.section:
                continue
            parts = [
                j
                for j, other in enumerate(rows)
                if (d := lines.get(other.key)) is not None
                and d.kind == "detail"
                and d.section == line.section
            ]
            if parts:
                out.append((i, parts))
    return out


def sheet_names(entries: Sequence[ReportTable]) -> list[str]:
    """A tab name per table: Excel's rules (≤ 31 characters, none of []:*?/\\), unique."""
    names: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        base = " ".join(_SHEET_FORBIDDEN.sub(" ", plain_text(entry.sheet)).split()).strip("'")
        base = base or "Tabell"
        name, n = base[:SHEET_NAME_MAX].rstrip(), 1
        while name.casefold() in seen or name.casefold() == "history":
            n += 1
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        seen.add(name.casefold())
        names.append(name)
    return names


def title_rows(data: ReportData, entry: ReportTable, unit: str) -> tuple[str, str, str]:
    """The three lines above a sheet's table: the report, the table, year, period and unit."""
    facts = f"Nämnd: {data.committee.name}. År: {data.year}. Period: {data.period_info.label}."
    if any(c.kind in MONEY for c in entry.table.view()):
        facts += f" Belopp i {unit}."
    heading = entry.title if entry.section == entry.title else f"{entry.section} – {entry.title}"
    return title(data), heading, facts


def render_workbook(data: ReportData, unit: str = "tkr") -> bytes:
    """The whole report as an .xlsx file's bytes: one sheet per table, in the report's order."""
    from openpyxl import Workbook  # imported here: only this export needs it

    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "ksui"
    book.properties.title = plain_text(title(data))
    entries = report_tables(data, unit)
    for entry, name in zip(entries, sheet_names(entries), strict=True):
        _write_sheet(book.create_sheet(name), data, entry, unit)
    if not entries:  # a workbook needs a sheet; a report always has its drift table
        book.create_sheet("Rapport")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(sheet: Any, data: ReportData, entry: ReportTable, unit: str) -> None:
    """One table on its sheet: title rows, header, rows, formats, filter, frozen panes."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    table = entry.table
    cols = table.view()
    for r, line in enumerate(title_rows(data, entry, unit), start=1):
        _text(sheet.cell(r, 1), plain_text(line)).font = Font(
            bold=r == 1, size=14 if r == 1 else 11
        )
    widths = [len(c.label) for c in cols]
    for c, col in enumerate(cols, start=1):
        cell = _text(sheet.cell(HEADER_ROW, c), plain_text(col.label))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="right" if col.align == "r" else "left")
    grid = workbook_cells(table)
    first = HEADER_ROW + 1
    for i, (row, cells) in enumerate(zip(table.rows, grid, strict=True)):
        for c, value in enumerate(cells, start=1):
            cell = sheet.cell(first + i, c)
            if value.value is None:
                continue
            if value.sums:
                letter = get_column_letter(c)
                cell.value = "=SUM(" + ",".join(_ranges(letter, value.sums, first)) + ")"
            elif isinstance(value.value, Decimal):
                # Excel holds doubles; the figure is already rounded to what is printed.
                cell.value = (
                    int(value.value)
                    if value.value == value.value.to_integral()
                    else float(value.value)
                )
            else:
                _text(cell, value.value)
            cell.number_format = value.number_format
            shown = f"{value.value:,}" if isinstance(value.value, Decimal) else str(value.value)
            widths[c - 1] = max(widths[c - 1], min(len(shown) + 2 * row.depth, 60))
            if row.strong:
                cell.font = Font(bold=True)
            if c == 1 and row.depth:
                cell.alignment = Alignment(indent=row.depth)
            elif isinstance(value.value, str) and len(value.value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(8, min(width, 60) + 2)
    last = HEADER_ROW + len(grid)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(cols))}{last}"
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2 if len(cols) > 1 else 1)
    # On paper: landscape, as wide as the page, the header repeated on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _text(cell: Any, text: str) -> Any:
    """Write text that stays text: openpyxl would make a str starting with '=' a formula."""
    cell.value = text
    cell.data_type = "s"
    return cell


def _ranges(letter: str, rows: Sequence[int], first: int) -> list[str]:
    """Table rows as the shortest list of cell ranges in one column ('B7:B9', 'B12')."""
    out: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        a, b = first + start, first + prev
        out.append(f"{letter}{a}" if a == b else f"{letter}{a}:{letter}{b}")
        if r is not None:
            start = prev = r
    return out
