"""The ekologiska livsmedel table in every document: Markdown, Word, Excel and JSON, from the
one specification (``ksui.tables.shares``), under its inriktning, with the seed's figures."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import docx
from openpyxl import load_workbook

from ksui.core.narrative import narrative
from ksui.core.report import ReportData
from ksui.exporters import markdown, tabular
from ksui.exporters.docx import render_document
from ksui.exporters.xlsx import render_workbook
from ksui.store import Store, read
from tests.exporters.conftest import markdown_tables

HEADER = ["Andel", "Bokslut 2017 (%)", "Delår (augusti) 2017 (%)"]
SEED = [
    ["Totalt", "58", "61"],
    ["Frukt och grönt inkl. potatis", "50", "50"],
    ["Kolonial", "64", "67"],
    ["Färskt och fryst kött (kött från nöt, fläsk och fågel)", "44", "47"],
    ["Fryst fisk (fryst fisk oberedd samt frysta fiskprodukter)", "78", "81"],
    ["Mejeriprodukter", "80", "81"],
    ["Ägg", "99", "97"],
]


def shares_in(tables: list[list[list[str]]], header: list[str] = HEADER) -> list[list[str]]:
    """The one table headed as the shares table is, whole."""
    found = [t for t in tables if t[0] == header]
    assert len(found) == 1, [t[0] for t in tables]
    return found[0]


def test_markdown_prints_it_after_its_inriktning(report: ReportData) -> None:
    text = markdown.report(report, narrative(report))
    assert shares_in(markdown_tables(text)) == [HEADER, *SEED]
    after = text[text.index("*Övrig inriktning 4:*") :]
    assert after.index("| Andel |") < after.index("*Övrig inriktning 5:*")


def test_word_has_the_same_table(report: ReportData) -> None:
    document: Any = docx.Document(io.BytesIO(render_document(report, narrative(report), "tkr")))
    tables = [
        [[cell.text.replace("\xa0", " ") for cell in row.cells] for row in table.rows]
        for table in document.tables
    ]
    assert shares_in(tables) == [HEADER, *SEED]


def test_excel_has_a_sheet_with_the_shares_as_numbers(report: ReportData) -> None:
    book = load_workbook(io.BytesIO(render_workbook(report, "tkr")))
    sheet = book["Andelar – Övrig inriktning 4"]
    values = [[c.value for c in row] for row in sheet.iter_rows() if any(c.value for c in row)]
    start = next(i for i, row in enumerate(values) if row[:3] == HEADER)
    body = values[start + 1 : start + 1 + len(SEED)]
    assert [row[0] for row in body] == [line[0] for line in SEED]
    assert [[Decimal(str(v)) for v in row[1:3]] for row in body] == [
        [Decimal(line[1]), Decimal(line[2])] for line in SEED
    ]


def test_json_gives_the_shares_with_the_inriktning(report: ReportData) -> None:
    document = tabular.goals_document(report)
    items = [i for a in document["areas"] for i in a.get("items", []) if "shares" in i]
    assert len(items) == 1 and items[0]["text"].startswith("Övrig inriktning 4:")
    assert items[0]["shares"][0] == {"label": "Totalt", "bokslut": 58, "delar": 61}
    assert tabular.to_json(items[0]["shares"][-1]).split() == [
        "{",
        '"label":',
        '"Ägg",',
        '"bokslut":',
        "99,",
        '"delar":',
        "97",
        "}",
    ]


def test_a_delarsrapport_shows_the_delar_share_only(store: Store) -> None:
    data = read.load_report(store, read.find_committee(store, None), 2017, "delar")
    header = ["Andel", "Delår (augusti) 2017 (%)"]
    table = shares_in(markdown_tables(markdown.report(data, narrative(data))), header)
    assert table[1:] == [[label, delar] for label, _bokslut, delar in SEED]
