"""The Word document: every table of the Markdown export with the same figures, numbered
headings, repeating header rows, a contents field, the tjänsteskrivelse and the template."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ksui.core.narrative import narrative
from ksui.core.report import ReportData
from ksui.exporters import markdown
from ksui.exporters.docx import TOC_INSTRUCTION, TemplateError, period_end, render_document
from ksui.store import Store, read, texts, writes
from tests.exporters.conftest import markdown_tables, parser, visible

LETTER = {
    "reference": "KS 18/98",
    "summary": "Årsrapporten har upprättats.",
    "matter": "Ett överskott på 5,0 mkr.\nNettokostnaden ökade.",
    "proposal": (
        "Kommunstyrelsen föreslår följande:\n1. Årsrapporten godkänns.\nBudgeten får överskridas."
    ),
    "basis": "Årsrapport per den 31 december 2017.",
}


def load(store: Store, period: str, year: int = 2017) -> ReportData:
    """The demo committee's report at ``period``."""
    return read.load_report(store, read.find_committee(store, None), year, period)


def document_of(
    data: ReportData,
    letter: dict[str, str] | None = None,
    template: Path | None = None,
    unit: str = "tkr",
) -> Any:
    """The document as python-docx reads a saved file back."""
    raw = render_document(data, narrative(data), unit, {} if letter is None else letter, template)
    return docx.Document(io.BytesIO(raw))


def word_tables(document: Any) -> list[list[list[str]]]:
    """Every table of the document as rows of cell text, no-break spaces read as spaces."""
    return [
        [[visible(cell.text.replace("\xa0", " ")) for cell in row.cells] for row in table.rows]
        for table in document.tables
    ]


def headings(document: Any, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def assert_same_tables(data: ReportData, unit: str = "tkr") -> Any:
    """Every table of the Markdown export is a table of the document, in order, cell by cell."""
    document = document_of(data, unit=unit)
    expected = markdown_tables(markdown.report(data, narrative(data), unit))
    assert len(expected) >= 1
    assert word_tables(document) == expected
    return document


def test_every_markdown_table_is_a_word_table_with_the_same_figures(report: ReportData) -> None:
    document = assert_same_tables(report)
    assert len(document.tables) >= 10
    drift = word_tables(document)[0]
    assert ["Ekonomi", "45 474", "", "42 857", "+2 617", "35 126", "29 507", "22,0"] in drift


@pytest.mark.parametrize("period", ["delar", "t1", "m05"])
def test_the_same_holds_before_bokslut(store: Store, period: str) -> None:
    assert_same_tables(load(store, period))


def test_the_same_holds_in_mkr(report: ReportData) -> None:
    assert_same_tables(report, "mkr")


def test_amounts_are_right_aligned_and_never_break(report: ReportData) -> None:
    document = document_of(report)
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    row = next(r for r in table.rows if r.cells[0].text == "Ekonomi")
    budget = row.cells[1]
    assert budget.text == "45\xa0474"  # a no-break space between the thousands
    assert budget.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert row.cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT
    assert header[0] == "tkr"
    # No figure anywhere keeps an ordinary space between its digits.
    for t in document.tables:
        for r in t.rows[1:]:
            for c in r.cells:
                if c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT:
                    assert not re.search(r"\d \d", c.text), c.text


def test_every_header_row_repeats_on_each_page(report: ReportData) -> None:
    document = document_of(report)
    for table in document.tables:
        rows = table._tbl.tr_lst
        flags = [tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows]
        assert flags[0] and not any(flags[1:])
        assert table.style.name == "Table Grid"


def test_headings_are_numbered_as_in_the_arsrapport(report: ReportData) -> None:
    document = document_of(report)
    first = headings(document, "Heading 1")
    assert first == [
        "Nämndens sammanfattning",
        "1. Ekonomi",
        "2. KF-mål och inriktning",
        "3. Personal",
        "4. Sammanfattande GEH-bedömning för nämnden",
        "5. Intern kontroll",
        "6. Framtida utveckling",
    ]
    second = headings(document, "Heading 2")
    assert second[0] == "1.1 Resultat och nettokostnadsutveckling"
    assert "3.1 Sjuktal" in second or any(h.startswith("3.1 ") for h in second)
    # The KF-mål areas stand unnumbered under 2., and so do their goals.
    areas = [a.name for a in report.areas]
    assert all(a in second for a in areas)
    third = headings(document, "Heading 3")
    assert any(re.match(r"^1\.\d+\.1 ", h) for h in third)  # the first investment category
    # A goal stands below its area as Heading 4, outside the contents (levels 1–3).
    assert not any(h.startswith("KF-mål") for h in third)
    assert any(h.startswith("KF-mål 1:") for h in headings(document, "Heading 4"))


def test_the_contents_field_lists_the_headings(report: ReportData) -> None:
    document = document_of(report)
    xml = document.element.xml
    assert TOC_INSTRUCTION in xml.replace("&quot;", '"')
    assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 1
    assert headings(document, "TOC Heading") == ["Innehållsförteckning"]
    texts_ = [p.text for p in document.paragraphs]
    start = texts_.index("Innehållsförteckning")
    assert texts_[start + 1] == "Nämndens sammanfattning"
    assert "1.1 Resultat och nettokostnadsutveckling" in texts_[start : start + 12]
    styles = [p.style.name for p in document.paragraphs]
    end = styles.index("Heading 1", start)  # the body begins after the contents
    listed = texts_[start + 1 : end]
    assert "6. Framtida utveckling" in listed and report.areas[0].name in listed
    assert not any(line.startswith("KF-mål 1:") for line in listed)


def test_title_page_and_tjansteskrivelse(report: ReportData) -> None:
    document = document_of(report, LETTER)
    assert headings(document, "Title") == ["Årsrapport 2017 – Kommunstyrelsen"]
    assert period_end(report) == "Per den 31 december 2017"
    assert headings(document, "Subtitle")[:2] == ["Per den 31 december 2017", "Tjänsteskrivelse"]
    assert headings(document, "Heading 4")[:5] == [
        "Sammanfattning",
        "Beslutsunderlag",
        "Ärendet",
        "Förslag till beslut",
        "KF-mål 1: " + report.areas[0].goals[0].title,
    ]
    lines = [p.text for p in document.paragraphs]
    assert "Dnr: KS 18/98" in lines
    intro = lines.index("Kommunstyrelsen föreslår följande:")
    assert lines[intro + 1 : intro + 3] == [
        "1.\tÅrsrapporten godkänns.",
        "2.\tBudgeten får överskridas.",
    ]
    # The letter comes before the contents, and its headings are not in them (levels 1–3).
    assert lines.index("Ett överskott på 5,0 mkr.") < lines.index("Innehållsförteckning")


def test_without_texts_there_is_no_tjansteskrivelse(report: ReportData) -> None:
    document = document_of(report)
    assert "Tjänsteskrivelse" not in [p.text for p in document.paragraphs]
    assert "Sammanfattning" not in headings(document, "Heading 4")


def test_the_markdown_has_the_same_tjansteskrivelse(report: ReportData) -> None:
    text = markdown.report(report, narrative(report), "tkr", LETTER)
    assert text.startswith("# Årsrapport 2017 – Kommunstyrelsen\n\n## Tjänsteskrivelse\n")
    assert "**Diarienummer:** KS 18/98" in text
    assert "1. Årsrapporten godkänns.\n2. Budgeten får överskridas." in text
    assert text.index("### Förslag till beslut") < text.index("## Nämndens sammanfattning")
    tokens = parser().parse(text)
    assert sum(1 for t in tokens if t.type == "ordered_list_open") == 1


def test_hostile_text_is_written_as_text(store: Store) -> None:
    data = load(store, "bokslut")
    ekonomi = next(u for u in data.tree.units.values() if u.name == "Ekonomi")
    writes.set_field(store, "unit", ekonomi.id, "name", "Eko\x01nomi <b>&amp;")
    writes.set_comment(store, "unit", ekonomi.id, 2017, "Rad\x0bett\n\x1fRad två\ttabb")
    letter = {"summary": "Sammanfattning\x00 med \ufffe nollor"}
    document = document_of(load(store, "bokslut"), letter)
    lines = [p.text for p in document.paragraphs]
    assert "Ekonomi <b>&amp;. Radett\nRad två tabb" in lines
    assert "Sammanfattning med  nollor" in lines
    assert any(row[0] == "Ekonomi <b>&amp;" for row in word_tables(document)[0])


# -- the template ------------------------------------------------------------------------------


def make_template(path: Path, *, drop: tuple[str, ...] = ()) -> Path:
    """A kommun's template: its own heading font, a page header, body text to be replaced."""
    template = docx.Document()
    heading = template.styles["Heading 1"]
    heading.font.name = "Kommunsans"
    heading.font.size = Pt(21)
    template.styles["Normal"].font.name = "Kommunserif"
    template.sections[0].header.paragraphs[0].text = "Södertälje kommun – sidhuvud"
    template.add_paragraph("MALLTEXT som ska bort")
    template.add_table(rows=1, cols=1).cell(0, 0).text = "MALLTABELL"
    for name in drop:
        element = template.styles[name].element
        element.getparent().remove(element)
    template.save(str(path))
    return path


def test_the_template_gives_its_look_and_keeps_its_page_header(
    report: ReportData, tmp_path: Path
) -> None:
    template = make_template(tmp_path / "kommun.docx")
    document = document_of(report, LETTER, template)
    assert document.styles["Heading 1"].font.name == "Kommunsans"
    assert document.styles["Heading 1"].font.size == Pt(21)
    assert document.styles["Normal"].font.name == "Kommunserif"
    assert document.sections[0].header.paragraphs[0].text == "Södertälje kommun – sidhuvud"
    body = [p.text for p in document.paragraphs]
    assert not any("MALLTEXT" in line for line in body)
    assert all("MALLTABELL" not in c for t in word_tables(document) for r in t for c in r)
    assert "1. Ekonomi" in headings(document, "Heading 1")
    assert word_tables(document) == markdown_tables(markdown.report(report, narrative(report)))


def test_a_template_without_the_styles_gets_them(report: ReportData, tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "enkel.docx", drop=("Table Grid", "Heading 2", "Heading 4", "TOC Heading")
    )
    document = document_of(report, LETTER, template)
    assert "1.1 Resultat och nettokostnadsutveckling" in headings(document, "Heading 2")
    assert headings(document, "Heading 4")[0] == "Sammanfattning"
    assert all(t.style.name == "Table Grid" for t in document.tables)


def test_a_missing_template_is_refused_by_name(report: ReportData, tmp_path: Path) -> None:
    missing = tmp_path / "saknas.docx"
    with pytest.raises(TemplateError, match=r"saknas\.docx: mallen finns inte"):
        render_document(report, template=missing)


@pytest.mark.parametrize(
    "content",
    [b"inget word-dokument", b"", b"PK\x03\x04trasig zip"],
    ids=["text", "empty", "broken-zip"],
)
def test_a_damaged_template_is_refused_by_name(
    report: ReportData, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "trasig.docx"
    bad.write_bytes(content)
    with pytest.raises(TemplateError, match=r"trasig\.docx: mallen"):
        render_document(report, template=bad)


def test_a_zip_that_is_no_word_document_is_refused(report: ReportData, tmp_path: Path) -> None:
    bad = tmp_path / "arkiv.docx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("hej.txt", "inte word")
    with pytest.raises(TemplateError, match=r"arkiv\.docx: mallen") as caught:
        render_document(report, template=bad)
    assert "\n" not in str(caught.value)


# -- LibreOffice opens it ----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) saknas")
@pytest.mark.slow
def test_libreoffice_converts_the_demo_to_pdf(store: Store, tmp_path: Path) -> None:
    data = load(store, "bokslut")
    letter = texts.read_texts(store, data.committee.id, 2017, "bokslut")
    source = tmp_path / "rapport.docx"
    source.write_bytes(render_document(data, narrative(data), "tkr", letter))
    profile = tmp_path / "profil"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "rapport.pdf"
    assert done.returncode == 0, done.stderr
    assert pdf.exists(), done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
