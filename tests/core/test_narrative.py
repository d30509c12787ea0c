"""The narrative: the seed's summary sentences recomputed, and the edge cases around them."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from ksui.core.goals import Area, Goal
from ksui.core.investments import Category, Project
from ksui.core.models import Assessment, DriftFigures, OrgTree, Unit
from ksui.core.narrative import first_sentence, join_swedish, mid_sentence_name, narrative
from ksui.core.personnel import SickLeave, SickLeaveTable
from ksui.core.report import ReportData, summarise
from tests.conftest import tkr

# The seed's "Nämndens sammanfattning" is the oracle. Where the report rounds from its own
# unrounded ledger (5 030 tkr) ksui sums the printed lines (5 031 tkr); both give 5,0 mkr.
DEMO = [
    "Kommunstyrelsen redovisar ett överskott på 5,0 mkr, vilket motsvarar 1,4 procent av "
    "tilldelat kommunbidrag. Kommunstyrelsens kontor redovisar ett överskott på 4 992 tkr och "
    "den politiska ledningen ett överskott på 39 tkr. Resultatet är 2,7 mkr sämre än den senaste "
    "helårsprognosen, som var ett överskott på 7,7 mkr.",
    "Verksamheten har totalt kostat 347,7 mkr 2017, vilket är 17,6 mkr mer än 2016. Det "
    "motsvarar en nettokostnadsutveckling på 5,3 procent, att jämföra med kommunbidraget som "
    "ökat med 17,3 mkr eller 5,2 procent. Ökningen beror på internbankens nya "
    "finansieringsmodell 4,1 mkr, löner och inhyrd personal 4,4 mkr, högre IT-kostnader "
    "4,4 mkr, brandförsvarsförbundets högre avgift 0,9 mkr, löner och arvoden i den "
    "politiska ledningen 0,6 mkr och övriga kostnader netto 3,2 mkr.",
    "Störst avvikelse mot budget har Administration och utredning med ett överskott på "
    "2 925 tkr. Vakanser gav lägre lönekostnader och några projekt kom inte i full gång. "
    "Näst störst avvikelse har Ekonomi med ett överskott på 2 617 tkr. Beslutsstödssystemet "
    "sköts upp i väntan på en genomlysning av rutinerna, så budgeten på 2 mkr användes bara "
    "delvis. Därefter följer Stadsdirektörens kansli med ett överskott på 1 883 tkr. "
    "Överskottet kommer av nya uppdrag som blev försenade; julklappen till alla anställda "
    "bokades här utan budget.",
    # The seed asks to exceed the KS/KF frame by 1 076 tkr; section 1.2.3 also notes "ett
    # överskridande på 45 tkr" for Nämndsinvesteringar (2 382 against 2 337).
    "Budgeten för KS/KF-investeringar har överskridits med 1 076 tkr och budgeten för "
    "Nämndsinvesteringar med 45 tkr.",
    # 5,03 → 3,96 is −1,07; 3,96 against the kommun's 6,60 is −2,64. The seed's summary says
    # korttidsfrånvaron is "2,5 procentenheter lägre": the table gives 2,16 against 2,69.
    "Sjukfrånvaron har minskat med 1,07 procentenheter till 3,96 procent jämfört med 2016 och "
    "är 2,64 procentenheter lägre än kommungenomsnittet. Korttidsfrånvaron är 0,53 "
    "procentenheter lägre än kommungenomsnittet.",
    "Av de 18 KF-målen har 6 lägesbedömningen Bra, 8 Ok och 4 Har brister. Områdena har den "
    "sammantagna lägesbedömningen Bra (Ekonomi och styrning) och Ok (Hållbara Södertälje, "
    "Attraktiva Södertälje och Södertälje kommun som arbetsgivare).",
]


def test_demo_narrative(report: ReportData) -> None:
    assert narrative(report) == DEMO


def test_demo_narrative_with_a_given_summary(report: ReportData) -> None:
    assert narrative(report, summarise(report)) == DEMO


# -- a small committee built by hand ----------------------------------------------------------

NAMND = Unit(1, None, "namnd", "Miljönämnden")
KONTOR = Unit(2, 1, "kontor", "Miljökontoret", position=1)
PL = Unit(3, 1, "politisk_ledning", "Politisk ledning", position=2)
UNITS = [NAMND, KONTOR, PL]


def make(
    kontor: tuple[int, int] | None = (80_000, 82_500),
    pl: tuple[int, int] | None = (20_000, 19_900),
    **kw: object,
) -> ReportData:
    """Miljönämnden, bokslut 2017: (budget, actual) in tkr for the kontor and the politiker."""
    figures = {}
    if kontor:
        figures[KONTOR.id] = DriftFigures(budget=tkr(kontor[0]), actual=tkr(kontor[1]))
    if pl:
        figures[PL.id] = DriftFigures(budget=tkr(pl[0]), actual=tkr(pl[1]))
    args: dict[str, object] = {
        "committee": NAMND,
        "year": 2017,
        "period": "bokslut",
        "tree": OrgTree.build(UNITS),
        "figures": figures,
        "net_cost_by_year": {},
    }
    args.update(kw)
    return ReportData(**args)  # type: ignore[arg-type]


def test_deficit_without_previous_year() -> None:
    paragraphs = narrative(make())
    # 100 000 − 102 400 = −2 400 tkr: 2,4 mkr, 2,4 procent of the allocation.
    assert paragraphs[0] == (
        "Miljönämnden redovisar ett underskott på 2,4 mkr, vilket motsvarar 2,4 procent av "
        "tilldelat kommunbidrag. Miljökontoret redovisar ett underskott på 2 500 tkr och "
        "den politiska ledningen ett överskott på 100 tkr."
    )
    # No 2016 figures: the comparison is left out.
    assert paragraphs[1] == "Verksamheten har totalt kostat 102,4 mkr 2017."
    assert paragraphs[2] == (
        "Störst avvikelse mot budget har Miljökontoret med ett underskott på 2 500 tkr. "
        "Näst störst avvikelse har den politiska ledningen med ett överskott på 100 tkr."
    )
    assert len(paragraphs) == 3


def test_less_than_last_year_and_a_smaller_allocation() -> None:
    data = make(
        net_cost_by_year={2016: {KONTOR.id: tkr(85_000), PL.id: tkr(20_000)}},
        previous_budget=tkr(101_000),
    )
    # 102 400 − 105 000 = −2 600 tkr, −2,48 %; the allocation fell by 1 000 tkr, −0,99 %.
    assert narrative(data)[1] == (
        "Verksamheten har totalt kostat 102,4 mkr 2017, vilket är 2,6 mkr mindre än 2016. "
        "Det motsvarar en nettokostnadsutveckling på -2,5 procent, att jämföra med "
        "kommunbidraget som minskat med 1,0 mkr eller 1,0 procent."
    )


def test_same_cost_as_last_year_and_unchanged_allocation() -> None:
    data = make(
        net_cost_by_year={2016: {KONTOR.id: tkr(82_480), PL.id: tkr(19_900)}},
        previous_budget=tkr(100_000),
    )
    assert narrative(data)[1] == (
        "Verksamheten har totalt kostat 102,4 mkr 2017, vilket är lika mycket som 2016. "
        "Det motsvarar en nettokostnadsutveckling på 0,0 procent, att jämföra med ett "
        "oförändrat kommunbidrag."
    )


def test_allocation_known_but_not_last_years_cost() -> None:
    data = make(previous_budget=tkr(95_000))
    assert narrative(data)[1] == (
        "Verksamheten har totalt kostat 102,4 mkr 2017. "
        "Kommunbidraget har ökat med 5,0 mkr eller 5,3 procent."
    )


def test_last_years_cost_known_but_not_its_allocation() -> None:
    data = make(net_cost_by_year={2016: {KONTOR.id: tkr(90_000), PL.id: tkr(10_000)}})
    assert narrative(data)[1] == (
        "Verksamheten har totalt kostat 102,4 mkr 2017, vilket är 2,4 mkr mer än 2016. "
        "Det motsvarar en nettokostnadsutveckling på 2,4 procent."
    )


def test_result_in_line_with_budget() -> None:
    data = make(kontor=(80_000, 80_030), pl=(20_000, 19_990))
    # −20 tkr rounds to 0,0 mkr; the sub-units' tkr figures are still shown.
    assert narrative(data)[0] == (
        "Miljönämnden redovisar ett resultat i nivå med budget. Miljökontoret redovisar ett "
        "underskott på 30 tkr och den politiska ledningen ett överskott på 10 tkr."
    )


def test_sub_unit_exactly_on_budget_and_missing_figures() -> None:
    data = make(kontor=(80_000, 79_000), pl=(20_000, 20_000))
    assert narrative(data)[0].endswith(
        "Miljökontoret redovisar ett överskott på 1 000 tkr och den politiska ledningen ett "
        "resultat i nivå med budget."
    )
    # A unit on budget is no deviation worth explaining.
    assert "politisk ledning" not in narrative(data)[2]
    only_kontor = make(pl=None)
    assert narrative(only_kontor)[0] == (
        "Miljönämnden redovisar ett underskott på 2,5 mkr, vilket motsvarar 3,1 procent av "
        "tilldelat kommunbidrag. Miljökontoret redovisar ett underskott på 2 500 tkr."
    )


def test_deviation_comments_are_cut_to_one_sentence() -> None:
    comments = {
        ("unit", KONTOR.id, ""): "Lönerna steg, t.ex. för inspektörer. Dessutom ökade hyran.",
        ("unit", PL.id, ""): "Färre sammanträden",
    }
    paragraph = narrative(make(comments=comments))[2]
    assert paragraph == (
        "Störst avvikelse mot budget har Miljökontoret med ett underskott på 2 500 tkr. "
        "Lönerna steg, t.ex. för inspektörer. Näst störst avvikelse har den politiska "
        "ledningen med ett överskott på 100 tkr. Färre sammanträden."
    )


def test_no_investment_overrun() -> None:
    cat = Category(
        1, "ks_kf", "KS/KF", (Project(1, 1, "Nät", appropriation=tkr(10), spent=tkr(8)),)
    )
    empty = Category(2, "lokaler", "Lokaler")
    data = make(kontor=None, pl=None, categories=[cat, empty])
    assert narrative(data) == ["Ingen investeringsbudget har överskridits."]
    assert narrative(make(kontor=None, pl=None, categories=[empty])) == []


def rate(year: int, value: str, scope: str = "namnd", measure: str = "total") -> SickLeave:
    return SickLeave(measure, "totalt", "Totalt", year, scope, Decimal(value))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            (rate(2016, "4.00"), rate(2017, "4.50"), rate(2017, "4.00", "kommun")),
            "Sjukfrånvaron har ökat med 0,50 procentenheter till 4,50 procent jämfört med 2016 "
            "och är 0,50 procentenheter högre än kommungenomsnittet.",
        ),
        (
            (rate(2016, "4.00"), rate(2017, "4.00")),
            "Sjukfrånvaron är oförändrad, 4,00 procent, jämfört med 2016.",
        ),
        (
            (rate(2017, "3.10"), rate(2017, "3.10", "kommun")),
            "Sjukfrånvaron är 3,10 procent 2017 och är i nivå med kommungenomsnittet.",
        ),
        (
            (rate(2017, "2.00", measure="short"), rate(2017, "2.30", "kommun", "short")),
            "Korttidsfrånvaron är 0,30 procentenheter lägre än kommungenomsnittet.",
        ),
    ],
)
def test_sick_leave_variants(rows: tuple[SickLeave, ...], expected: str) -> None:
    data = make(kontor=None, pl=None, sick_leave=SickLeaveTable(rows))
    assert narrative(data) == [expected]


def test_goals_with_unassessed_and_a_single_area() -> None:
    goals = (
        Goal(1, 1, 1, "Ett", Assessment.OK),
        Goal(2, 1, 2, "Två", None),
        Goal(3, 1, 3, "Tre", Assessment.OK),
    )
    area = Area(1, "Miljö", Assessment.OK, goals=goals)
    assert narrative(make(kontor=None, pl=None, areas=[area])) == [
        "Av de 3 KF-målen har 2 lägesbedömningen Ok och 1 saknar lägesbedömning. Området Miljö har "
        "den sammantagna lägesbedömningen Ok."
    ]
    bare = Area(1, "Miljö", None, goals=(Goal(1, 1, 1, "Ett", None),))
    assert narrative(make(kontor=None, pl=None, areas=[bare])) == [
        "KF-målet har ingen lägesbedömning ännu."
    ]


def test_a_single_goal_is_the_only_one() -> None:
    only = Area(1, "Miljö", None, goals=(Goal(1, 1, 1, "Ett", Assessment.BRA),))
    assert narrative(make(kontor=None, pl=None, areas=[only])) == [
        "Det enda KF-målet har lägesbedömningen Bra."
    ]


def test_overruns_are_said_in_one_sentence_as_the_report_does() -> None:
    net = Project(1, 1, "Nät", appropriation=tkr(10), spent=tkr(12))
    table = Project(2, 2, "Bord", appropriation=tkr(5), spent=tkr(6))
    over = Category(1, "ks_kf", "KS/KF", (net,))
    also = Category(2, "namnd", "Nämnd", (table,))
    assert narrative(make(kontor=None, pl=None, categories=[over])) == [
        "Budgeten för KS/KF har överskridits med 2 tkr."
    ]
    assert narrative(make(kontor=None, pl=None, categories=[over, also])) == [
        "Budgeten för KS/KF har överskridits med 2 tkr och budgeten för Nämnd med 1 tkr."
    ]


def test_empty_data_gives_nothing() -> None:
    assert narrative(make(kontor=None, pl=None)) == []
    # Not even the committee in the tree: still no crash.
    alone = ReportData(NAMND, 2017, "bokslut", OrgTree.build([]), {}, {})
    assert narrative(alone) == []


def test_demo_without_previous_year(report: ReportData) -> None:
    data = dataclasses.replace(report, net_cost_by_year={}, previous_budget=None)
    assert narrative(data)[1] == "Verksamheten har totalt kostat 347,7 mkr 2017."


def test_helpers() -> None:
    assert join_swedish([]) == ""
    assert join_swedish(["a"]) == "a"
    assert join_swedish(["a", "b", "c"]) == "a, b och c"
    assert mid_sentence_name(PL) == "den politiska ledningen"
    assert mid_sentence_name(Unit(9, 1, "verksamhet", "HR")) == "HR"
    assert first_sentence("Ett. Två.") == "Ett."
    assert first_sentence("  utan punkt ") == "utan punkt."
    assert first_sentence("") == ""


def test_forecast_paragraph_at_delar(demo_template) -> None:  # type: ignore[no-untyped-def]
    """Before the books close the forecast is the news: 347 721 − 339 990 = 7 731 tkr.

    The budget is the one in force at delår (the tilläggsanslag for outhyrda lokaler came
    after August), not bokslut's 352 701.
    """
    from ksui.store import Store, read

    store = Store(demo_template)
    try:
        data = read.load_report(store, read.find_committee(store, None), 2017, "delar")
    finally:
        store.close()
    first = narrative(data)[0]
    assert first == (
        "Helårsprognosen för Kommunstyrelsen pekar på ett överskott på 7,7 mkr mot budget, "
        "vilket motsvarar 2,2 procent av kommunbidraget. Kommunstyrelsens kontor prognostiserar "
        "ett överskott på 7 731 tkr och den politiska ledningen ett resultat i nivå med budget."
    )
