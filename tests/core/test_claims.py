"""Figures read back from texts, and the checks that hold them against the tables."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from ksui.core.claims import Claim, goal_count_claims, unit_claims
from ksui.core.models import Assessment
from ksui.core.report import ReportData
from ksui.core.validation import validate
from ksui.core.validation.texts import check_area_summaries, check_unit_comments


def claims(text: str) -> list[tuple[str, Decimal, str, int, bool]]:
    return [(c.topic, c.value, c.unit, c.decimals, c.signed) for c in unit_claims(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Enheten visar ett överskott på 1,9 mkr.", [("result", Decimal("1.9"), "mkr", 1, True)]),
        ("Underskottet på 519 tkr gäller lokaler.", [("result", Decimal(-519), "tkr", 0, True)]),
        ("Överskottet om 1 076 tkr är engångs.", [("result", Decimal(1076), "tkr", 0, True)]),
        (
            "Nettokostnadsutvecklingen på 8,9 procent eller 10,7 mkr kom från IT.",
            [
                ("net_cost_change_pct", Decimal("8.9"), "procent", 1, False),
                ("net_cost_change", Decimal("10.7"), "mkr", 1, False),
            ],
        ),
        (
            "Nettokostnadsminskningen, -34,9 procent, följer av fjolårets anslag.",
            [("net_cost_change_pct", Decimal("-34.9"), "procent", 1, True)],
        ),
        (
            "Den ökade nettokostnaden, 4,5 mkr, beror på internbanken.",
            [("net_cost_change", Decimal("4.5"), "mkr", 1, True)],
        ),
        (
            "Nettokostnaden föll med 3 % mot i fjol.",
            [("net_cost_change_pct", Decimal(-3), "procent", 0, True)],
        ),
        # What a result would have been is no claim about the table.
        ("Utan julklappen skulle överskottet ha varit ca 3,9 mkr.", []),
        ("Lönerna blev 2,3 mkr lägre.", []),
        ("", []),
    ],
)
def test_unit_claims(text: str, expected: list[tuple[str, Decimal, str, int, bool]]) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Alla fyra målen bedöms OK.", [(4, Assessment.OK, 4)]),
        ("Fyra av de sex målen har lägesbedömningen OK.", [(4, Assessment.OK, 6)]),
        ("Området har två mål med Bra lägesbedömning.", [(2, Assessment.BRA, None)]),
        ("Tre mål med lägesbedömningen Har brister.", [(3, Assessment.BRISTER, None)]),
        ("Målen följs upp fyra gånger per år.", []),
    ],
)
def test_goal_count_claims(text: str, expected: list[tuple[int, Assessment, int | None]]) -> None:
    assert [(c.count, c.level, c.of) for c in goal_count_claims(text)] == expected


def test_the_demo_finds_the_reports_own_contradictions(report: ReportData) -> None:
    found = {(f.row, f.column): f for f in validate(report)}
    # Ekonomi's text says 4,5 mkr; 42 857 − 35 126 = 7 731 tkr.
    ekonomi = found[("Ekonomi", "Kommentar: Nettokostnadsförändring")]
    assert (ekonomi.computed, ekonomi.reported) == (773_100_000, 450_000_000)
    assert "4,5 mkr, men tabellen ger 7,7 mkr" in ekonomi.message
    # The tjänsteskrivelse calls the four Bra goals OK.
    area = found[("Ekonomi och styrning", "Sammanfattning")]
    assert (area.computed, area.reported) == (0, 4)
    # The true claims (1,9 mkr is not there, but -34,9 %, 3 %, 8,9 % / 10,7 mkr, 5,1 %,
    # 12 % and "fyra av de sex" are) give nothing.
    assert [f.row for f in check_unit_comments(report)] == ["Ekonomi"]
    assert [f.row for f in check_area_summaries(report)] == ["Ekonomi och styrning"]


def test_a_text_agreeing_with_its_table_is_quiet(report: ReportData) -> None:
    key = ("unit", next(u.id for u in report.tree.units.values() if u.name == "Ekonomi"), "")
    fixed = dataclasses.replace(
        report,
        comments={**report.comments, key: "Den ökade nettokostnaden, 7,7 mkr, beror på lån."},
        memo={},
    )
    assert check_unit_comments(fixed) == []


def test_no_claims_are_checked_before_bokslut(report: ReportData) -> None:
    assert check_unit_comments(dataclasses.replace(report, period="delar", memo={})) == []


def test_claim_is_plain_data() -> None:
    claim = Claim("result", Decimal(1), "mkr", 0, "x")
    assert not claim.signed


def test_change_claims_read_values_and_years() -> None:
    from ksui.core.claims import change_claims

    found = change_claims(
        "Värdet gick från 45 år 2015 till 44 år 2017. Sedan från 25,9 till 29,9 %."
    )
    assert [(c.before, c.before_year, c.after, c.after_year, c.decimals) for c in found] == [
        (Decimal(45), 2015, Decimal(44), 2017, (0, 0)),
        (Decimal("25.9"), None, Decimal("29.9"), None, (1, 1)),
    ]


def test_a_followup_the_indicators_contradict_is_found(report: ReportData) -> None:
    from ksui.core.validation.texts import check_goal_followups

    # Every "från A till B" of the demo's uppföljningar holds against its goal's indicators.
    assert check_goal_followups(report) == []
    area = next(a for a in report.areas if any(g.indicators for g in a.goals))
    goal = next(g for g in area.goals if g.indicators)
    values = sorted((v for v in goal.indicators[0].values if v.series == ""), key=lambda v: v.year)
    wrong = values[-1].value + 7
    first, last = (str(v).replace(".", ",") for v in (values[0].value, wrong))
    text = f"Måttet gick från {first} till {last}."
    goals = tuple(dataclasses.replace(g, followup=text) if g is goal else g for g in area.goals)
    areas = [dataclasses.replace(a, goals=goals) if a is area else a for a in report.areas]
    found = check_goal_followups(dataclasses.replace(report, areas=areas, memo={}))
    assert [f.row for f in found] == [f"{area.name}, mål {goal.number}"]
    assert "ingen av målets indikatorer har värdena" in found[0].message


def test_a_report_text_is_held_against_the_units_it_names(report: ReportData) -> None:
    from ksui.core.validation.texts import check_report_texts

    assert check_report_texts(report) == []  # the demo's tjänsteskrivelse says 5,0 mkr: right
    text = (
        "Kommunstyrelsens kontor redovisar ett överskott på 4 992 tkr och den politiska "
        "ledningen ett överskott på 93 tkr."
    )
    data = dataclasses.replace(report, texts={**report.texts, "matter": text}, memo={})
    found = check_report_texts(data)
    assert [(f.row, f.column) for f in found] == [("Politisk ledning", "Ärendet: Avvikelse")]
    assert "texten Ärendet anger resultatet för Politisk ledning till 93 tkr" in found[0].message
    assert "tabellen ger 39 tkr" in found[0].message
