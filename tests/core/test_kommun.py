"""The kommun level: årets resultat and the balanskravsutredning, figures checked by hand."""

from __future__ import annotations

import pytest

from ksui.core.kommun import (
    AdjustmentEntry,
    Amounts,
    KommunEntries,
    LineEntry,
    adjustment_kind,
    compute,
    line_kind,
    line_name,
    lines_at,
    paragraph,
)

MKR = 100_000_000  # öre in a million kronor

#: The nämnder cost 3 000 mkr by budget, 3 020 by prognos and 3 010 in utfall.
NAMNDER = Amounts(3_000 * MKR, 3_020 * MKR, 3_010 * MKR)

ENTRIES = KommunEntries(
    lines=(
        # Budget set at delår, prognos at delår, utfall at bokslut.
        LineEntry("Skatteintäkter", "skatteintakter", "delar", budget=2_500 * MKR),
        LineEntry("Skatteintäkter", "skatteintakter", "delar", forecast=2_510 * MKR),
        LineEntry("Skatteintäkter", "skatteintakter", "bokslut", actual=2_515 * MKR),
        LineEntry(
            "Generella statsbidrag och utjämning",
            "statsbidrag",
            "delar",
            budget=600 * MKR,
            forecast=605 * MKR,
        ),
        LineEntry(
            "Generella statsbidrag och utjämning", "statsbidrag", "bokslut", actual=606 * MKR
        ),
        LineEntry("Finansnetto", "finansnetto", "delar", budget=-10 * MKR, forecast=-8 * MKR),
        LineEntry("Finansnetto", "finansnetto", "bokslut", actual=-7 * MKR),
        LineEntry("Pensionskostnader", "pensioner", "delar", budget=-40 * MKR),
        LineEntry("Pensionskostnader", "pensioner", "bokslut", actual=-42 * MKR),
    ),
    adjustments=(
        AdjustmentEntry("Reservation till resultatutjämningsreserv", "rur", "bokslut", -20 * MKR),
        AdjustmentEntry("Samtliga realisationsvinster", "justering", "bokslut", -5 * MKR),
        AdjustmentEntry("Orealiserade förluster i värdepapper", "justering", "bokslut", 2 * MKR),
        AdjustmentEntry("Realisationsvinster, prognos", "justering", "delar", -3 * MKR),
    ),
)


def test_the_result_at_bokslut_adds_the_lines_to_the_namnder() -> None:
    result = compute("Kommunen", 2017, "bokslut", NAMNDER, ENTRIES)
    # Budget: 2 500 + 600 − 10 − 40 − 3 000 = 50 mkr.
    # Prognos: 2 510 + 605 − 8 − 40 (no prognos: its budget) − 3 020 = 47 mkr.
    # Utfall: 2 515 + 606 − 7 − 42 − 3 010 = 62 mkr.
    assert result.result == Amounts(50 * MKR, 47 * MKR, 62 * MKR)
    assert result.result_deviation == 12 * MKR
    assert result.namnder_result == Amounts(-3_000 * MKR, -3_020 * MKR, -3_010 * MKR)
    assert result.namnder_deviation == -10 * MKR
    # The balanskrav starts from utfall: 62 − 5 + 2 = 59; then the reservation: 59 − 20 = 39.
    assert result.basis == "actual"
    assert result.start == 62 * MKR
    assert result.after_adjustments == 59 * MKR
    assert result.balance_result == 39 * MKR
    assert [a.name for a in result.adjustments] == [
        "Samtliga realisationsvinster",
        "Orealiserade förluster i värdepapper",
        "Reservation till resultatutjämningsreserv",
    ]


def test_the_lines_read_in_the_resultatrakning_order_with_their_deviation() -> None:
    lines = lines_at(ENTRIES.lines, "bokslut")
    assert [line.kind for line in lines] == [
        "skatteintakter",
        "statsbidrag",
        "finansnetto",
        "pensioner",
    ]
    tax = lines[0]
    assert tax.amounts == Amounts(2_500 * MKR, 2_510 * MKR, 2_515 * MKR)
    assert tax.deviation == 15 * MKR  # utfall − budget at bokslut
    assert lines[3].deviation == -2 * MKR  # pensions cost 2 mkr more than budgeted


def test_before_bokslut_the_prognos_is_the_basis_and_no_later_figure_shows() -> None:
    result = compute("Kommunen", 2017, "delar", NAMNDER, ENTRIES)
    # No utfall was recorded at delår: the bokslut's is never shown there.
    assert all(line.amounts.actual is None for line in result.lines)
    assert result.result.actual is None
    assert result.basis == "forecast"
    assert result.start == 47 * MKR
    assert result.balance_result == 44 * MKR  # only the delår's own adjustment
    assert result.lines[0].deviation == 10 * MKR  # prognos − budget


def test_a_month_before_any_entry_shows_nothing() -> None:
    result = compute("Kommunen", 2017, "m03", NAMNDER, ENTRIES)
    assert result.empty
    assert result.result == Amounts()
    assert result.balance_result is None


def test_a_line_without_a_figure_makes_the_column_unknown() -> None:
    entries = KommunEntries(
        lines=(
            LineEntry("Skatteintäkter", "skatteintakter", "bokslut", budget=100, actual=110),
            LineEntry("Finansförvaltningen", "ovrigt", "bokslut", budget=5),
        )
    )
    result = compute("K", 2017, "bokslut", Amounts(50, 60, 70), entries)
    assert result.result == Amounts(55, 45, None)
    assert result.balance_result is None


def test_twin_periods_count_as_the_follow_up() -> None:
    entries = KommunEntries(
        lines=(LineEntry("Skatteintäkter", "skatteintakter", "m08", budget=10, actual=7),),
        adjustments=(AdjustmentEntry("x", "justering", "m08", -1),),
    )
    result = compute("K", 2017, "delar", Amounts(1, 1, 1), entries)
    assert result.lines[0].amounts.actual == 7
    assert result.adjustments[0].amount == -1


@pytest.mark.parametrize(
    ("typed", "name", "kind"),
    [
        ("skatt", "Skatteintäkter", "skatteintakter"),
        ("  Skatteintäkter ", "Skatteintäkter", "skatteintakter"),
        ("utjämning", "Generella statsbidrag och utjämning", "statsbidrag"),
        ("pension", "Pensionskostnader", "pensioner"),
        ("Finansiella  intäkter", "Finansiella intäkter", "finansnetto"),
        ("Finansförvaltningen", "Finansförvaltningen", "finansnetto"),
        ("Övrigt", "Övrigt", "ovrigt"),
    ],
)
def test_a_typed_name_tells_the_line_and_its_kind(typed: str, name: str, kind: str) -> None:
    assert line_name(typed) == name
    assert line_kind(line_name(typed)) == kind


def test_an_adjustment_naming_the_reserve_goes_after_the_subtotal() -> None:
    assert adjustment_kind("Reservation till resultatutjämningsreserv") == "rur"
    assert adjustment_kind("Användning av RUR") == "rur"
    assert adjustment_kind("Samtliga realisationsvinster") == "justering"


def test_the_paragraph_tells_the_result_and_the_balanskrav() -> None:
    text = paragraph(compute("Södertälje kommun", 2017, "bokslut", NAMNDER, ENTRIES))
    assert text == (
        "Årets resultat för Södertälje kommun blir 62,0 mkr, 12,0 mkr bättre än budgeterat"
        " (50,0 mkr). Efter balanskravsjusteringar är resultatet 59,0 mkr och"
        " balanskravsresultatet 39,0 mkr, så balanskravet är uppfyllt."
    )


def test_a_negative_balanskravsresultat_must_be_restored() -> None:
    entries = KommunEntries(
        lines=(LineEntry("Skatteintäkter", "skatteintakter", "delar", budget=100 * MKR),),
        adjustments=(AdjustmentEntry("Samtliga realisationsvinster", "justering", "delar", -MKR),),
    )
    result = compute("K", 2017, "delar", Amounts(101 * MKR, 100 * MKR, None), entries)
    # Prognos: the line lands on its budget, 100 − 100 = 0; less 1 mkr of realisationsvinst.
    assert result.balance_result == -MKR
    assert paragraph(result) == (
        "Prognosen för årets resultat för K är 0,0 mkr, 1,0 mkr bättre än budgeterat"
        " (-1,0 mkr). Efter balanskravsjusteringar är resultatet -1,0 mkr och"
        " balanskravsresultatet beräknas till -1,0 mkr, så balanskravet beräknas inte"
        " uppfyllas: underskottet på 1,0 mkr ska återställas inom tre år."
    )
    assert paragraph(compute("K", 2017, "m02", Amounts(), entries)) == ""
