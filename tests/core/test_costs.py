"""A unit's deviation per kostnadsslag, computed from the stored rows (no database)."""

from __future__ import annotations

from ksui.core.costs import CostRow, breakdown, cost_periods, line_label

ROWS: list[CostRow] = [
    ("personal", "5010", "m01", "budget", 120_00),
    ("personal", "5010", "m04", "budget_ytd", 40_00),
    ("personal", "5010", "m04", "actual", 50_00),
    ("personal", "5020", "m04", "actual", 5_00),
    ("avgifter", "3110", "m01", "budget", -12_00),
    ("avgifter", "3110", "m04", "budget_ytd", -4_00),
    ("avgifter", "3110", "m04", "actual", -6_00),
    ("personal", "5010", "bokslut", "actual", 130_00),
    ("avgifter", "3110", "bokslut", "actual", -11_00),
    ("lokaler", "6110", "m08", "actual", 99_00),  # another month: not at t1
]


def test_the_periods_a_follow_up_reads() -> None:
    assert cost_periods("bokslut") == ("m01", "bokslut")
    assert cost_periods("t1") == ("m01", "m04")
    assert cost_periods("m01") == ("m01",)
    assert cost_periods("delar") == ("m01", "m08")


def test_lines_in_the_statements_order_with_the_sum_last() -> None:
    result = breakdown(ROWS, 2024, "t1", accounts=False)
    assert result.to_date and not result.empty
    rows = [(r.line, r.label, r.budget, r.actual, r.deviation, r.budget_year) for r in result.rows]
    assert rows == [
        ("avgifter", "Avgifter och taxor", -4_00, -6_00, 2_00, -12_00),
        ("personal", "Personal", 40_00, 55_00, -15_00, 120_00),
        ("", "Summa", 36_00, 49_00, -13_00, 108_00),
    ]


def test_accounts_under_their_line_a_missing_measure_counts_as_zero() -> None:
    result = breakdown(ROWS, 2024, "m04", accounts=True)
    rows = [(r.account, r.budget, r.actual, r.deviation) for r in result.rows]
    assert rows == [
        (None, -4_00, -6_00, 2_00),
        ("3110", -4_00, -6_00, 2_00),
        (None, 40_00, 55_00, -15_00),
        ("5010", 40_00, 50_00, -10_00),
        ("5020", 0, 5_00, -5_00),
        (None, 36_00, 49_00, -13_00),
    ]


def test_bokslut_is_the_years_budget_against_the_years_utfall() -> None:
    result = breakdown(ROWS, 2024, "bokslut", accounts=False)
    assert not result.to_date
    summa = result.rows[-1]
    assert (summa.budget, summa.actual, summa.deviation) == (108_00, 119_00, -11_00)
    assert summa.budget_year == 108_00


def test_nothing_stored_is_empty_and_the_sum_is_missing() -> None:
    result = breakdown([], 2024, "bokslut", accounts=True)
    assert result.empty
    assert [(r.label, r.budget, r.actual, r.deviation) for r in result.rows] == [
        ("Summa", None, None, None)
    ]


def test_line_labels_are_the_resultatrakningens() -> None:
    assert line_label("kop_prim") == "Köp av prim verksamhet"
    assert line_label("okand") == "okand"
