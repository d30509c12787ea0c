"""The report's own words in documents: statement sections, other items, indicator units."""

from __future__ import annotations

import pytest

from ksui.core.goals import TextItem, item_label, other_items_heading
from ksui.core.report import ReportData
from ksui.tables.goals import states_unit
from ksui.tables.statements import balance_table, result_table


def names(table: object) -> list[str]:
    """The first column of every row, group headings included."""
    return [row.item.name for row in table.rows]  # type: ignore[attr-defined]


def test_result_statement_is_headed_by_its_sections(report: ReportData) -> None:
    lines = names(result_table(report))
    assert lines[0] == "INTÄKTER"
    assert lines.index("KOSTNADER") == lines.index("Summa intäkter") + 1
    groups = [r.key for r in result_table(report).body(groups=False)]
    assert "section:intakter" not in groups  # a flat CSV has no heading rows


def test_balance_sheet_has_no_summa_skulder(report: ReportData) -> None:
    lines = names(balance_table(report))
    assert lines[:1] == ["TILLGÅNGAR"]
    assert "EGET KAPITAL" in lines and "SKULDER" in lines
    assert "Summa skulder" not in lines and "Summa eget kapital" not in lines
    assert lines[-1] == "Summa eget kapital och skulder"


@pytest.mark.parametrize(
    ("text", "label", "body"),
    [
        ("Övrig inriktning 2: Agenda 2030.", "Övrig inriktning 2", "Agenda 2030."),
        ("Övrigt uppdrag: Gröna investeringar.", "Övrigt uppdrag", "Gröna investeringar."),
        ("Bygga ut cykelvägar.", "Åtgärd", "Bygga ut cykelvägar."),
    ],
)
def test_an_items_label_is_its_own(text: str, label: str, body: str) -> None:
    assert item_label(TextItem(1, "action", text)) == (label, body)


def test_other_items_are_headed_by_what_they_are() -> None:
    def items(*texts: str) -> list[TextItem]:
        return [TextItem(i, "action", t) for i, t in enumerate(texts)]

    assert other_items_heading(items("Övrigt uppdrag: a")) == "Övriga uppdrag"
    assert (
        other_items_heading(items("Övrig inriktning 1: a", "Övrig inriktning 2: b"))
        == "Övriga inriktningar i Mål och budget"
    )
    assert other_items_heading(items("Övrigt uppdrag: a", "x")) == "Övriga inriktningar och uppdrag"


@pytest.mark.parametrize(
    ("name", "unit", "states"),
    [
        ("Invånare 16-84 år med bra hälsa, andel (%)", "procent", True),
        ("Andel barn i utsatta familjer", "procent", False),
        ("Nöjd kund index (NKI)", "index", True),
        ("Resultat", "mkr", False),
    ],
)
def test_an_indicator_unit_is_not_said_twice(name: str, unit: str, states: bool) -> None:
    assert states_unit(name, unit) is states
