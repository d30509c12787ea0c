"""The Markdown report: shaped like the årsrapport, and unbreakable by user text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.core.narrative import narrative
from ksui.core.report import ReportData
from ksui.exporters import markdown
from ksui.store import Store, read, writes
from tests.conftest import unnumbered
from tests.exporters.conftest import parser, plain, raw_cells, visible

NASTY_UNIT = "Eko|nomi *[x]* `kod` <b>#1</b>\n- lista _u_ \\ & ~~s~~"
NASTY_COMMENT = (
    "Rad | ett med *fet* och [länk](http://x.se)\n\n# Inte en rubrik\n> inte citat\n1. ej lista"
)
NASTY_PROJECT = "Datorer | `skärmar` [2017]"
NASTY_AREA = "Område *A* | <i>B</i>"
NASTY_GOAL = "Mål med\nradbrytning | och _understreck_"


def reload(store: Store) -> ReportData:
    return read.load_report(store, read.find_committee(store, None), 2017, "bokslut")


@pytest.fixture
def nasty(store: Store) -> ReportData:
    """The demo with names, titles and comments full of Markdown syntax and newlines."""
    data = reload(store)
    ekonomi = next(u for u in data.tree.units.values() if u.name == "Ekonomi")
    writes.set_field(store, "unit", ekonomi.id, "name", NASTY_UNIT)
    writes.set_comment(store, "unit", ekonomi.id, 2017, NASTY_COMMENT)
    project = data.categories[0].projects[0]
    writes.set_field(store, "investment_project", project.id, "name", NASTY_PROJECT)
    writes.set_comment(store, "investment_project", project.id, 2017, NASTY_COMMENT)
    area = data.areas[0]
    writes.set_field(store, "goal_area", area.id, "name", NASTY_AREA)
    writes.set_field(store, "goal", area.goals[0].id, "title", NASTY_GOAL)
    return reload(store)


def tables(text: str) -> list[list[str]]:
    """Blocks of consecutive table lines in the raw Markdown."""
    blocks: list[list[str]] = []
    in_table = False
    for line in text.splitlines():
        if line.startswith("|"):
            if not in_table:
                blocks.append([])
            blocks[-1].append(line)
            in_table = True
        else:
            # The line after a table must be blank: anything else is a cell that broke.
            assert not in_table or not line.strip(), line
            in_table = False
    return blocks


def check_tables(text: str) -> int:
    """Every table row has its header's number of cells, raw and as parsed."""
    blocks = tables(text)
    for block in blocks:
        width = raw_cells(block[0])
        assert all(raw_cells(line) == width for line in block), block
    tokens = parser().parse(text)
    assert sum(1 for t in tokens if t.type == "table_open") == len(blocks)
    rows = sum(1 for t in tokens if t.type == "tr_open")
    assert rows == sum(len(b) - 1 for b in blocks)  # every line but the rule is a row
    return len(blocks)


def inline_texts(text: str) -> list[str]:
    """The visible text of every inline token, NBSP indentation removed."""
    return [plain(t).lstrip("\xa0") for t in parser().parse(text) if t.type == "inline"]


def test_demo_report_structure(report: ReportData) -> None:
    raw = markdown.report(report, narrative(report))
    # Figures are held together by no-break spaces, in tables and in running text alike.
    assert "| 352\xa0701 |" in raw and "4\xa0992\xa0tkr" in raw
    text = unnumbered(raw)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == "# Årsrapport 2017 – Kommunstyrelsen"
    for section in (
        "## Nämndens sammanfattning",
        "## Ekonomi",
        "### Resultaträkning 2017 (tkr)",
        "### Balansräkning (tkr)",
        "### Investeringar",
        "## KF-mål och inriktning",
        "## Personal",
        "### Korttidsfrånvaro dag 1–14",
        "## Sammanfattande GEH-bedömning för nämnden",
        "## Intern kontroll",
    ):
        assert section in headings, section
    assert check_tables(text) >= 10
    assert "| Ekonomi | 45 474 |  | 42 857 | +2 617 | 35 126 | 29 507 | 22,0 |" in text.replace(
        "&nbsp;", ""
    )
    assert "| **Resultat** | **5 361** | **0** | **5 030** | **5 030** |" in text


def test_demo_report_goals_and_indicators(report: ReportData) -> None:
    text = markdown.report(report)
    assert "Lägesbedömning sammantaget: **Ok** (4 Ok, 2 Har brister)." in text
    assert "| Nettokoncernskuld per invånare, tkr/invånare | 146,5 | 141 | ↓ minska |" in text
    assert "*Uppföljning:*" in text


def test_nasty_text_breaks_nothing(nasty: ReportData) -> None:
    # No tjänsteskrivelse: its förslag till beslut is a numbered list by design.
    text = markdown.report(nasty, narrative(nasty), texts={})
    check_tables(text)
    texts = inline_texts(text)
    assert visible(NASTY_UNIT) in texts  # the drift table's name cell
    assert visible(NASTY_PROJECT) in texts  # the investment table
    assert any(t == f"{' '.join(NASTY_UNIT.split())}. {visible(NASTY_COMMENT)}" for t in texts)
    assert f"{NASTY_AREA}" in texts  # the area's heading
    assert f"KF-mål 1: {' '.join(NASTY_GOAL.split())}" in texts
    assert visible(NASTY_GOAL) in texts  # the goal table's cell
    # Nothing the user typed became a heading, a quote, a list or HTML.
    tokens = parser().parse(text)
    kinds = {t.type for t in tokens}
    assert not kinds & {"blockquote_open", "bullet_list_open", "ordered_list_open", "html_block"}
    assert not [t for t in tokens if t.type == "heading_open" and t.tag == "h1"][1:]


def test_every_period_has_a_title(store: Store) -> None:
    committee = read.find_committee(store, None)
    for period, title in [
        ("bokslut", "Årsrapport"),
        ("delar", "Delårsrapport"),
        ("t1", "Tertialrapport"),
        ("m03", "Månadsuppföljning mars"),
    ]:
        data = read.load_report(store, committee, 2017, period)
        assert markdown.title(data) == f"{title} 2017 – Kommunstyrelsen"
        check_tables(markdown.report(data))


def test_empty_committee_exports(tmp_path: Path) -> None:
    from ksui.store.demo import create_database

    store = create_database(tmp_path / "e.sqlite", demo=False)
    with store.transaction("Nämnd") as tx:
        tx.insert("unit", {"kind": "namnd", "name": "Tom nämnd"})
    data = read.load_report(store, read.find_committee(store, None), 2017, "bokslut")
    text = markdown.report(data, narrative(data))
    assert text.startswith("# Årsrapport 2017 – Tom nämnd")
    check_tables(text)
    store.close()
