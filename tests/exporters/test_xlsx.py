"""The Excel workbook: every table of the Markdown export, with the same figures, as numbers."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any
from xml.dom import minidom

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import rows_from_range
from openpyxl.worksheet.worksheet import Worksheet

from ksui.core.narrative import narrative
from ksui.core.report import ReportData
from ksui.core.swedish import format_decimal
from ksui.exporters import markdown
from ksui.exporters.markdown import ReportTable, report_tables
from ksui.exporters.xlsx import (
    HEADER_ROW,
    SHEET_NAME_MAX,
    figure,
    render_workbook,
    sheet_names,
    workbook_cells,
)
from ksui.store import Store, read, writes
from ksui.tables.spec import MONEY, Column, Row, Table
from tests.exporters.conftest import markdown_tables, visible

_SUM = re.compile(r"^=SUM\(([A-Z]+\d+(?::[A-Z]+\d+)?(?:,[A-Z]+\d+(?::[A-Z]+\d+)?)*)\)$")


def book_of(data: ReportData, unit: str = "tkr") -> Workbook:
    """The workbook of ``data`` read back as openpyxl reads a saved file (formulas as text)."""
    return load_workbook(io.BytesIO(render_workbook(data, unit)))


def load(store: Store, period: str, year: int = 2017) -> ReportData:
    """The demo committee's report at ``period``."""
    return read.load_report(store, read.find_committee(store, None), year, period)


def evaluate(sheet: Worksheet, ref: str) -> Decimal | None:
    """A cell's value, a SUM formula recomputed from the cells it names (recursively)."""
    value = sheet[ref].value
    if sheet[ref].data_type == "f":
        match = _SUM.match(value)
        assert match, f"{sheet.title}!{ref}: unexpected formula {value!r}"
        total = Decimal(0)
        for part in match.group(1).split(","):
            for line in rows_from_range(part if ":" in part else f"{part}:{part}"):
                for coordinate in line:
                    term = evaluate(sheet, coordinate)
                    assert term is not None, f"{sheet.title}!{ref} adds an empty cell"
                    total += term
        return total
    if value is None or isinstance(value, str):
        return None
    return Decimal(str(value))


def shown(sheet: Worksheet, ref: str) -> str:
    """A cell as a Swedish reader sees it: its number in its format's decimals and sign."""
    cell = sheet[ref]
    if cell.value is None:
        return ""
    if cell.data_type == "s":
        return visible(cell.value)
    number = evaluate(sheet, ref)
    assert number is not None
    fmt = cell.number_format
    if fmt == "0":
        return str(int(number))
    first = fmt.split(";")[0]
    places = len(first.split(".")[1]) if "." in first else 0
    return format_decimal(number, places, signed=first.startswith("+"))


def sheet_rows(sheet: Worksheet) -> list[list[str]]:
    """The sheet's table from its header row down, as a reader sees each cell."""
    return [
        [shown(sheet, cell.coordinate) for cell in line]
        for line in sheet.iter_rows(min_row=HEADER_ROW, max_row=sheet.max_row)
    ]


def assert_same_tables(data: ReportData, unit: str = "tkr") -> Workbook:
    """Every table of the Markdown export is a sheet, in order, with the same cells."""
    book = book_of(data, unit)
    expected = markdown_tables(markdown.report(data, narrative(data), unit))
    assert len(book.worksheets) == len(expected)
    for sheet, table in zip(book.worksheets, expected, strict=True):
        assert sheet_rows(sheet) == table, sheet.title
    return book


def test_every_markdown_table_is_a_sheet_with_the_same_figures(report: ReportData) -> None:
    book = assert_same_tables(report)
    names = book.sheetnames
    assert names[:6] == [
        "Drift",
        "Nettokostnadsbrygga",
        "Budgetförändringar",
        "Statsbidrag",
        "Resultaträkning",
        "Balansräkning",
    ]
    assert names[-4:] == ["Sjuktal", "Korttidsfrånvaro dag 1–14", "GEH", "Intern kontroll"]


@pytest.mark.parametrize("period", ["delar", "t1", "m05"])
def test_the_same_holds_before_bokslut(store: Store, period: str) -> None:
    assert_same_tables(load(store, period))


def test_the_same_holds_in_mkr(report: ReportData) -> None:
    book = assert_same_tables(report, "mkr")
    assert book["Drift"]["B6"].number_format == "#,##0.0"


def test_figures_are_numbers_in_swedish_formats(report: ReportData) -> None:
    sheet = book_of(report)["Drift"]
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:5] == ["tkr", "Kommunbidrag", "Prognos", "Utfall", "Budgetavvikelse"]
    ekonomi = next(r for r in sheet.iter_rows(min_row=HEADER_ROW + 1) if r[0].value == "Ekonomi")
    budget, _, actual, deviation = ekonomi[1:5]
    assert (budget.value, actual.value, deviation.value) == (45474, 42857, 2617)
    assert budget.data_type == "n" and budget.number_format == "#,##0"
    assert deviation.number_format == "+#,##0;-#,##0;#,##0"
    change = ekonomi[header.index("Nettokostnadsutveckling %")]
    assert change.value == 22 and change.number_format == "#,##0.0"
    assert ekonomi[0].alignment.indent == 2


def test_title_rows_frozen_header_and_filter(report: ReportData) -> None:
    money_tabs = {"Drift", "Statsbidrag", "Resultaträkning", "Balansräkning"}
    other = {"Sjuktal", "GEH", "Intern kontroll"}
    for sheet in book_of(report).worksheets:
        titles = [sheet.cell(r, 1).value for r in range(1, HEADER_ROW)]
        assert titles[0] == "Årsrapport 2017 – Kommunstyrelsen"
        assert "Kommunstyrelsen" in titles[2] and "2017" in titles[2]
        assert "Period: Bokslut" in titles[2]
        if sheet.title in money_tabs | other:
            assert ("Belopp i tkr" in titles[2]) == (sheet.title in money_tabs)
        assert sheet.freeze_panes in (f"A{HEADER_ROW + 1}", f"B{HEADER_ROW + 1}")
        last = sheet.cell(HEADER_ROW, sheet.max_column).column_letter
        assert sheet.auto_filter.ref == f"A{HEADER_ROW}:{last}{sheet.max_row}"
        assert all(c.font.bold for c in sheet[HEADER_ROW])
        assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[HEADER_ROW])
    sheet = book_of(report)["Resultaträkning"]
    assert sheet["A2"].value == "Ekonomi – Resultaträkning 2017 (tkr)"


def _formulas(book: Workbook) -> list[tuple[Worksheet, str]]:
    """Every formula cell of the workbook."""
    return [
        (sheet, cell.coordinate)
        for sheet in book.worksheets
        for line in sheet.iter_rows()
        for cell in line
        if cell.data_type == "f"
    ]


@pytest.mark.parametrize("unit", ["tkr", "mkr", "kr"])
def test_every_formula_adds_up_to_ksuis_figure(report: ReportData, unit: str) -> None:
    book = book_of(report, unit)
    entries = report_tables(report, unit)
    checked = 0
    for sheet, entry in zip(book.worksheets, entries, strict=True):
        table = entry.table
        cols = table.view()
        for i, row in enumerate(table.rows):
            for c, col in enumerate(cols, start=1):
                ref = sheet.cell(HEADER_ROW + 1 + i, c).coordinate
                if sheet[ref].data_type != "f":
                    continue
                assert col.kind in MONEY
                assert evaluate(sheet, ref) == figure(col.kind, unit, table.raw(row, col))
                checked += 1
    assert checked == len(_formulas(book)) and checked > 10


def test_the_committee_row_is_a_formula_and_a_parents_own_forecast_is_not(
    report: ReportData,
) -> None:
    sheet = book_of(report)["Drift"]
    root = sheet[HEADER_ROW + 1]
    assert root[1].value.startswith("=SUM(")  # budget: the units' sum
    office = sheet[HEADER_ROW + 2]
    assert office[0].value == "Kommunstyrelsens kontor"
    # Its units have no forecast: the office's own forecast is a figure, not a sum.
    assert isinstance(office[2].value, int)


def test_a_total_that_the_rounded_parts_do_not_make_stays_a_figure() -> None:
    lines = [("A", 40_000), ("B", 40_000), ("Summa", 80_000)]  # 0,4 + 0,4 tkr = 0,8 → 1
    table: Table[Any] = Table(
        "investments",
        (
            Column("n", "Namn", "name", lambda x: x[0]),
            Column("a", "Belopp", "amount", lambda x: x[1]),
        ),
        (Row(lines[0], "a"), Row(lines[1], "b"), Row(lines[2], "s", strong=True)),
    )
    grid = workbook_cells(table)
    assert [g[1].value for g in grid] == [0, 0, 1]
    assert grid[2][1].sums == ()
    exact = Table(
        "investments",
        table.columns,
        (Row(("A", 100_000), "a"), Row(("B", 200_000), "b"), Row(("S", 300_000), "s", strong=True)),
    )
    assert workbook_cells(exact)[2][1].sums == (0, 1)


FORMULAS = ['=HYPERLINK("http://x";"y")', "+46 8 123", "-1 076 kr", "@SUM(A1)", "=1+1"]


def test_text_that_looks_like_a_formula_stays_text(store: Store) -> None:
    data = load(store, "bokslut")
    units = [u for u in data.tree.units.values() if u.parent_id is not None][: len(FORMULAS)]
    for unit, name in zip(units, FORMULAS, strict=True):
        writes.set_field(store, "unit", unit.id, "name", name)
    project = data.categories[0].projects[0]
    writes.set_field(store, "investment_project", project.id, "name", "=cmd|' /C calc'!A0\x07")
    book = book_of(load(store, "bokslut"))
    texts = {
        cell.value
        for sheet in book.worksheets
        for line in sheet.iter_rows(min_row=HEADER_ROW + 1)
        for cell in line
        if cell.data_type == "s"
    }
    assert set(FORMULAS) <= texts and "=cmd|' /C calc'!A0" in texts
    # No formula but ksui's own sums.
    assert all(_SUM.match(sheet[ref].value) for sheet, ref in _formulas(book))
    assert_same_tables(load(store, "bokslut"))


def _entry(sheet: str) -> ReportTable:
    """A report table with only a tab name, for sheet_names."""
    return ReportTable("k", "s", "t", sheet, Table("x", (), ()))


def test_sheet_names_follow_excels_rules() -> None:
    raw = ["Drift", "drift", "a/b\\c[d]e:f*g?h", "x" * 40, "x" * 40, "'citat'", "", "History"]
    names = sheet_names([_entry(s) for s in raw])
    assert len(set(n.casefold() for n in names)) == len(names)
    for name in names:
        assert 0 < len(name) <= SHEET_NAME_MAX
        assert not set("[]:*?/\\") & set(name)
        assert not name.startswith("'") and not name.endswith("'")
        assert name.casefold() != "history"
    assert names[:3] == ["Drift", "drift (2)", "a b c d e f g h"]


def test_the_file_reopens_and_saves_cleanly(report: ReportData) -> None:
    data = render_workbook(report)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                minidom.parseString(archive.read(name))  # well-formed XML, every part
    book = load_workbook(io.BytesIO(data))
    again = io.BytesIO()
    book.save(again)
    reread = load_workbook(io.BytesIO(again.getvalue()))
    assert reread.sheetnames == book.sheetnames
    assert [[c.value for c in r] for r in reread["Drift"].iter_rows()] == [
        [c.value for c in r] for r in book["Drift"].iter_rows()
    ]


@st.composite
def trees(draw: st.DrawFn) -> list[tuple[int, int | None, bool]]:
    """Rows of a drift-like tree (depth, öre, strong): parents are the sum of their children
    or, sometimes, a figure of their own; some figures missing."""
    amounts = st.one_of(st.none(), st.integers(-(10**11), 10**11))

    def node(depth: int) -> list[tuple[int, int | None, bool]]:
        children: list[list[tuple[int, int | None, bool]]] = []
        if depth < 3:
            children = [node(depth + 1) for _ in range(draw(st.integers(0, 3)))]
        if not children:
            return [(depth, draw(amounts), False)]
        direct = [c[0][1] for c in children]
        own = draw(st.booleans())
        total = draw(amounts) if own or None in direct else sum(d for d in direct if d is not None)
        return [(depth, total, True)] + [r for c in children for r in c]

    return node(0)


@given(rows=trees(), unit=st.sampled_from(["kr", "tkr", "mkr"]))
@settings(max_examples=150, deadline=None)
def test_formulas_hold_for_any_tree(rows: list[tuple[int, int | None, bool]], unit: str) -> None:
    table: Table[Any] = Table(
        "drift",
        (
            Column("name", unit, "name", lambda r: "x"),
            Column("budget", "Budget", "amount", lambda r: r[1]),
            Column("dev", "Avvikelse", "deviation", lambda r: r[1]),
        ),
        tuple(Row(r, f"r{i}", depth=r[0], strong=r[2]) for i, r in enumerate(rows)),
        unit=unit,
    )
    grid = workbook_cells(table)
    for i, cells in enumerate(grid):
        for c in (1, 2):
            printed = None if rows[i][1] is None else figure("amount", unit, rows[i][1])
            assert cells[c].value == printed
            if cells[c].sums:
                parts = [grid[j][c].value for j in cells[c].sums]
                assert all(isinstance(p, Decimal) for p in parts)
                assert sum(parts, Decimal(0)) == printed
                assert all(rows[j][0] == rows[i][0] + 1 for j in cells[c].sums)
