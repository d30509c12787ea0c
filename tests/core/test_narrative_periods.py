"""The narrative before bokslut: the helårsprognos leads, the utfall is the year's so far."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ksui.actions.edits import set_figure, set_investment
from ksui.core.models import DriftFigures, OrgTree, Unit
from ksui.core.narrative import narrative
from ksui.core.report import ReportData
from ksui.store import Store, read
from tests.conftest import tkr

#: The demo's verksamheter under the kontor, and politisk ledning.
LEAVES = (4, 5, 6, 7, 8, 9, 10, 11)
KONTOR, PL = 3, 11


@pytest.fixture
def store(demo_template: Path, tmp_path: Path) -> Iterator[Store]:
    """The demo with 2017's utfall at T1 and May, a periodised budget in May, a T1 forecast."""
    path = tmp_path / "perioder.sqlite"
    shutil.copy(demo_template, path)
    s = Store(path)
    for i, unit in enumerate(LEAVES):
        set_figure(s, unit, 2017, "t1", "actual", tkr(10_000 + 1_000 * i))
        set_figure(s, unit, 2017, "m05", "actual", tkr(13_000 + 1_000 * i))
        set_figure(s, unit, 2017, "m05", "budget_ytd", tkr(14_000 + 1_000 * i))
    set_figure(s, KONTOR, 2017, "t1", "forecast", tkr(270_000))
    set_figure(s, PL, 2017, "t1", "forecast", tkr(74_000))
    yield s
    s.close()


def at(store: Store, period: str) -> list[str]:
    """The demo committee's narrative of 2017 at a follow-up."""
    return narrative(read.load_report(store, read.find_committee(store, None), 2017, period))


def assert_part_of_a_year(paragraphs: list[str]) -> None:
    """No sentence tells part of a year as the year's cost or as a year-end overrun."""
    text = " ".join(paragraphs)
    assert "Verksamheten har totalt kostat" not in text
    assert "nettokostnadsutveckling" not in text
    assert "har överskridits" not in text
    assert "Kommunstyrelsen redovisar" not in text


def test_t1_leads_with_the_forecast_and_states_the_utfall_so_far(store: Store) -> None:
    paragraphs = at(store, "t1")
    # 347 721 − (270 000 + 74 000) = 3 721 tkr against the budget in force at T1.
    assert paragraphs[0] == (
        "Helårsprognosen för Kommunstyrelsen pekar på ett överskott på 3,7 mkr mot budget, "
        "vilket motsvarar 1,1 procent av kommunbidraget. Kommunstyrelsens kontor "
        "prognostiserar ett överskott på 4 240 tkr och den politiska ledningen ett underskott på "
        "519 tkr."
    )
    # Four months of utfall, 10 000 + … + 17 000 tkr, with no periodised budget to meet.
    assert paragraphs[1] == "Utfallet hittills i år är 108,0 mkr av en årsbudget på 347,7 mkr."
    assert_part_of_a_year(paragraphs)
    # Without a periodised budget no unit has a deviation to name.
    assert not any(p.startswith("Störst avvikelse") for p in paragraphs)


def test_a_month_states_the_utfall_against_the_periodised_budget(store: Store) -> None:
    paragraphs = at(store, "m05")
    assert paragraphs[0].startswith(
        "Helårsprognosen för Kommunstyrelsen, lagd vid tertial 1 (april), pekar på ett "
        "överskott på 3,7 mkr mot budget"
    )
    # 140 000 − 132 000 = 8 000 tkr.
    assert paragraphs[1] == (
        "Utfallet hittills i år är 132,0 mkr mot en periodiserad budget på 140,0 mkr, vilket "
        "ger ett överskott på 8,0 mkr hittills."
    )
    assert paragraphs[2].startswith(
        "Störst avvikelse mot periodiserad budget hittills har Stadsdirektörens kansli med ett "
        "överskott på 1 000 tkr."
    )
    assert_part_of_a_year(paragraphs)


def test_delar_speaks_of_investments_so_far(store: Store) -> None:
    paragraphs = at(store, "delar")
    # The delårsrapport's own forecast (347 721 − 339 990), made at delår: no "lagd vid".
    assert paragraphs[0].startswith(
        "Helårsprognosen för Kommunstyrelsen pekar på ett överskott på 7,7 mkr mot budget,"
    )
    # Only the årsrapport's utfall is stored: none is reported for delår, and the year-end's
    # is not told as the utfall so far.
    assert "Investeringarnas utfall för perioden är inte inrapporterat." in paragraphs
    assert_part_of_a_year(paragraphs)
    laptops = next(
        p.id
        for c in read.load_report(store, read.find_committee(store, None), 2017, "delar").categories
        for p in c.projects
        if p.name == "Bärbara datorer"
    )
    set_investment(store, laptops, 2017, "spent", tkr(2_000), period="delar")
    assert "Investeringarnas utfall hittills ryms inom budgeten." in at(store, "delar")
    set_investment(store, laptops, 2017, "spent", tkr(2_500), period="delar")
    paragraphs = at(store, "delar")
    # 2 500 against its own anslag of 2 300: the category's other projects have reported
    # nothing, so their anslag is not set against it (it would hide the overrun).
    assert (
        "Utfallet hittills för KS/KF-investeringar ligger 200 tkr över årets budget."
    ) in paragraphs
    assert_part_of_a_year(paragraphs)


def test_bokslut_is_unchanged_by_the_follow_ups_before_it(store: Store) -> None:
    paragraphs = at(store, "bokslut")
    assert paragraphs[0].startswith("Kommunstyrelsen redovisar ett överskott på 5,0 mkr")
    assert paragraphs[1].startswith("Verksamheten har totalt kostat 347,7 mkr 2017")


NAMND = Unit(1, None, "namnd", "Miljönämnden")
KONTORET = Unit(2, 1, "kontor", "Miljökontoret", position=1)


def month(figures: DriftFigures) -> ReportData:
    """Miljönämnden in March 2017 with the kontor's figures."""
    return ReportData(
        committee=NAMND,
        year=2017,
        period="m03",
        tree=OrgTree.build([NAMND, KONTORET]),
        figures={KONTORET.id: figures},
        net_cost_by_year={},
    )


def test_a_month_without_a_forecast_says_so() -> None:
    paragraphs = narrative(month(DriftFigures(budget=tkr(100_000), actual=tkr(24_000))))
    assert paragraphs == [
        "Någon helårsprognos för Miljönämnden har inte lämnats ännu.",
        "Utfallet hittills i år är 24,0 mkr av en årsbudget på 100,0 mkr.",
    ]


def test_utfall_at_the_periodised_budget() -> None:
    figures = DriftFigures(budget=tkr(100_000), budget_ytd=tkr(25_000), actual=tkr(25_000))
    assert narrative(month(figures))[1] == (
        "Utfallet hittills i år är 25,0 mkr mot en periodiserad budget på 25,0 mkr, i nivå med "
        "den periodiserade budgeten."
    )


def test_an_empty_month_gives_nothing() -> None:
    assert narrative(month(DriftFigures())) == []
