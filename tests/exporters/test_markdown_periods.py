"""A follow-up before bokslut as Markdown: titled, headed and worded for part of a year."""

from __future__ import annotations

from ksui.actions.edits import set_figure, set_investment
from ksui.core.narrative import narrative
from ksui.exporters import markdown
from ksui.store import Store, read
from tests.conftest import statement_at, tkr, unnumbered
from tests.exporters.test_markdown_report import check_tables, tables


def month_report(store: Store, *, statements: bool = True) -> str:
    """The demo's May 2017 with an utfall and a periodised budget for Ekonomi and, unless
    ``statements`` is False, May's resultaträkning and an investment utfall."""
    set_figure(store, 5, 2017, "m05", "actual", tkr(14_000))
    set_figure(store, 5, 2017, "m05", "budget_ytd", tkr(15_000))
    if statements:
        statement_at(store, 2017, "m05", {"ovriga_intakter": 12_000, "personal": -55_000})
        data = read.load_report(store, read.find_committee(store, None), 2017, "m05")
        laptops = next(
            p.id for c in data.categories for p in c.projects if p.name == "Bärbara datorer"
        )
        set_investment(store, laptops, 2017, "spent", tkr(14_000), period="m05")
    data = read.load_report(store, read.find_committee(store, None), 2017, "m05")
    return unnumbered(markdown.report(data, narrative(data)))


def test_a_month_without_its_statements_shows_no_year_end_figures(store: Store) -> None:
    text = month_report(store, statements=False)
    assert "### Resultaträkning 2017 (tkr)" in text
    assert "Resultaträkningens utfall för maj är inte inläst" in text
    headers = [t[0] for t in tables(text)]
    assert "| tkr | Bokslut 2016 | Årsbudget 2017 |" in headers
    # The årsrapport's figures are not May's: 43 178 intäkter, 4 270 on Bärbara datorer.
    assert "43 178" not in text and "4 270" not in text
    assert "Investeringarnas utfall för perioden är inte inrapporterat." in text


def test_a_month_is_titled_and_headed_by_what_it_holds(store: Store) -> None:
    text = month_report(store)
    assert text.startswith("# Månadsuppföljning maj 2017 – Kommunstyrelsen\n")
    check_tables(text)
    assert "### Utfall hittills och helårsprognos" in text
    assert "### Resultaträkning 2017, utfall hittills (tkr)" in text
    # The resultaträkning's header: last year's bokslut, this year's utfall so far.
    headers = [t[0] for t in tables(text)]
    assert (
        "| tkr | Bokslut 2016 | Årsbudget 2017 | Utfall hittills 2017 | Avvikelse mot årsbudget |"
    ) in headers
    assert "Bokslut 2017" not in text


def test_a_month_calls_no_investment_an_overrun_at_year_end(store: Store) -> None:
    text = month_report(store)
    assert "överskridit" not in text
    assert "Överskjutande medel" not in text
    assert "Utfallet hittills för KS/KF-investeringar" in text
    assert "Över anslaget hittills" in text
    assert "Verksamheten har totalt kostat" not in text


def test_bokslut_keeps_its_words(store: Store) -> None:
    data = read.load_report(store, read.find_committee(store, None), 2017, "bokslut")
    text = unnumbered(markdown.report(data, narrative(data)))
    assert "### Resultat och nettokostnadsutveckling" in text
    assert "Bokslut 2017" in text
    assert "Överskjutande medel" in text
    assert "hittills" not in text
