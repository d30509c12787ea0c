"""Tests for turning a SieFile into an import plan, checked against independent sums."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from ksui.config import load_config
from ksui.core.statements import RESULT_BY_KEY
from ksui.importers.errors import ImportFileError
from ksui.importers.sie import SieError, parse_sie, read_sie, read_sie_totals
from ksui.importers.sie_plan import (
    DEFAULT_ACCOUNT_LINES,
    LINE_KEYS,
    CrossCheck,
    PlanFigure,
    PlanUnit,
    SieImportPlan,
    check_account_lines,
    plan_sie_import,
    to_ore,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "sie-samples"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"SIE sample files not found in {SAMPLES}"
)

# ---------------------------------------------------------------- independent sums
# These helpers read the raw file text with a few regexes of their own, so the
# plan is compared with numbers that did not pass through ksui's parser.

_RAR = re.compile(r"^#RAR\s+(-?\d+)\s+(\d{4})(\d{2})\d{2}\s+(\d{4})(\d{2})\d{2}", re.M)
_PERIOD_ROW = re.compile(
    r"^#(PSALDO|PBUDGET)\s+(-?\d+)\s+(\d{6})\s+(\d+)\s+\{([^}]*)\}\s+(-?[\d.]+)", re.M
)
_TRANS_ROW = re.compile(r"^\s*#TRANS\s+(\d+)\s+\{([^}]*)\}\s+(-?[\d.]+)", re.M)
_KTYP = re.compile(r"^#KTYP\s+(\d+)\s+(\w)", re.M)
_RES = re.compile(r"^#RES\s+0\s+(\d+)\s+(-?[\d.]+)", re.M)
_PAIR = re.compile(r'(\d+)\s+("[^"]*"|\S+)')


def raw_text(name: str) -> str:
    data = (SAMPLES / name).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp437")


def result_accounts(text: str) -> tuple[dict[str, str], bool]:
    """Account → type from #KTYP, and whether the file has any #KTYP at all."""
    types = {m.group(1): m.group(2).upper() for m in _KTYP.finditer(text)}
    return types, bool(types)


def is_result(account: str, types: dict[str, str]) -> bool:
    if account in types:
        return types[account] in "IK"
    return account[0] in "345678"


def objects_of(content: str) -> dict[int, str]:
    return {int(d): c.strip('"') for d, c in _PAIR.findall(content)}


def independent_period_sums(name: str, dim: int) -> dict[tuple[str, str, int], Decimal]:
    """(code, "budget"/"actual", year index) → sum over result accounts of the object rows."""
    text = raw_text(name)
    types, _ = result_accounts(text)
    sums: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
    for kind, year, _period, account, content, amount in _PERIOD_ROW.findall(text):
        objs = objects_of(content)
        if dim in objs and is_result(account, types):
            assert len(objs) == 1, "the samples only use single-object rows"
            measure = "budget" if kind == "PBUDGET" else "actual"
            sums[(objs[dim], measure, int(year))] += Decimal(amount)
    return sums


def year_index_of_figure(text: str, fig: PlanFigure) -> int:
    for index, y1, m1, y2, m2 in _RAR.findall(text):
        if (int(y1), int(m1)) <= (fig.year, fig.month) <= (int(y2), int(m2)):
            return int(index)
    raise AssertionError(f"figure outside the file's years: {fig}")


def line_of(account: str) -> str:
    """Longest matching prefix of the Kommun-Bas table, written out independently."""
    for length in range(len(account), 0, -1):
        if account[:length] in DEFAULT_ACCOUNT_LINES:
            return DEFAULT_ACCOUNT_LINES[account[:length]]
    raise AssertionError(f"no line for {account}")


def plan_sums(plan: SieImportPlan, text: str) -> dict[tuple[str, str, int], Decimal]:
    sums: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
    for fig in plan.figures:
        key = (fig.unit_code, fig.measure, year_index_of_figure(text, fig))
        sums[key] += Decimal(fig.amount_ore) / 100
    return sums


# --------------------------------------------------------------------------- samples


@needs_samples
@pytest.mark.parametrize(
    ("name", "dim"), [("Test3.SE", 1), ("BL0001_typ3.SE", 1), ("BL0001_typ2.SE", 1)]
)
def test_units_budget_and_actual_match_the_file(name: str, dim: int) -> None:
    text = raw_text(name)
    plan = plan_sie_import(read_sie(SAMPLES / name), dimension=dim)
    expected = {k: v for k, v in independent_period_sums(name, dim).items() if k[2] in (0, -1)}
    expected = {k: v for k, v in expected.items() if k[1] == "actual" or k[2] == 0}
    assert plan_sums(plan, text) == expected
    # every object of the dimension is a unit, in file order
    declared = re.findall(rf'^#OBJEKT\s+{dim}\s+"([^"]*)"\s+"([^"]*)"', text, re.M)
    assert [(u.code, u.name) for u in plan.units if u.declared] == declared


@needs_samples
def test_test3_plan() -> None:
    plan = plan_sie_import(read_sie(SAMPLES / "Test3.SE"))
    assert (plan.committee, plan.year, plan.previous_year, plan.dimension) == (
        "Testföretaget",
        1997,
        1996,
        1,
    )
    assert len(plan.units) == 18
    assert plan.units[0] == PlanUnit("9", "Gem. kostnader")
    assert plan.units[-1] == PlanUnit("0", "Objekt 0 (saknar #OBJEKT)", declared=False)
    assert any("saknar #OBJEKT" in w for w in plan.warnings)
    # Norrköping (11), summed by hand (awk) over its #PBUDGET/#PSALDO 0 rows of
    # accounts 3010, 4010, 4610, 5010, 5210 and 5521.
    totals: dict[str, int] = defaultdict(int)
    for fig in plan.figures:
        if fig.unit_code == "11" and fig.year == 1997:
            totals[fig.measure] += fig.amount_ore
    assert totals == {"budget": 21_060_000, "actual": -19_183_629_551}
    jan = [f for f in plan.figures if (f.unit_code, f.year, f.month) == ("11", 1997, 1)]
    assert [f.measure for f in jan] == ["budget", "actual"]
    assert all(c.ok for c in plan.cross_checks) and plan.cross_checks
    assert plan.counts["undeclared_units"] == 1
    assert plan.counts["rows_whole_company"] > 0


@needs_samples
def test_units_sum_to_the_company_total_in_test3() -> None:
    """In Test3 every {} result row is the sum of its object rows, "0" included."""
    text = raw_text("Test3.SE")
    plan = plan_sie_import(read_sie(SAMPLES / "Test3.SE"))
    whole: dict[str, Decimal] = defaultdict(Decimal)
    for kind, year, _period, account, content, amount in _PERIOD_ROW.findall(text):
        if year == "0" and not content.strip() and account[0] in "345678":
            whole["budget" if kind == "PBUDGET" else "actual"] += Decimal(amount)
    units: dict[str, int] = defaultdict(int)
    for fig in plan.figures:
        if fig.year == 1997:
            units[fig.measure] += fig.amount_ore
    assert units == {k: to_ore(v) for k, v in whole.items()}


@needs_samples
def test_line_totals_match_res_rows() -> None:
    text = raw_text("Test3.SE")
    plan = plan_sie_import(read_sie(SAMPLES / "Test3.SE"))
    expected: dict[str, int] = defaultdict(int)
    with_res = set()
    for account, amount in _RES.findall(text):
        if account[0] in "345678":
            with_res.add(account)
            expected[line_of(account)] += to_ore(Decimal(amount))
    for _kind, year, _p, account, content, amount in _PERIOD_ROW.findall(text):
        if (
            _kind == "PSALDO"
            and year == "0"
            and not content.strip()
            and account[0] in "345678"
            and account not in with_res
        ):
            expected[line_of(account)] += to_ore(Decimal(amount))
    assert plan.line_totals[(0, "actual")] == expected
    budget: dict[str, int] = defaultdict(int)
    for _kind, year, _p, account, content, amount in _PERIOD_ROW.findall(text):
        if _kind == "PBUDGET" and year == "0" and not content.strip():
            budget[line_of(account)] += to_ore(Decimal(amount))
    assert plan.line_totals[(0, "budget")] == budget


def test_default_account_lines_are_the_config_files() -> None:
    assert load_config(REPO / "config.toml").sie_accounts == DEFAULT_ACCOUNT_LINES
    assert set(DEFAULT_ACCOUNT_LINES.values()) <= set(LINE_KEYS)
    assert all(RESULT_BY_KEY[key].kind in ("detail", "item") for key in LINE_KEYS)


def test_account_lines_are_checked() -> None:
    check_account_lines({"45": "kop_prim", "4711": "bidrag"}, "config.toml")
    with pytest.raises(ImportFileError, match="okänd resultaträkningsrad"):
        check_account_lines({"45": "köp"}, "config.toml")
    with pytest.raises(ImportFileError, match="siffror"):
        check_account_lines({"4x": "material"}, "config.toml")


@needs_samples
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.[sS][eE]")), ids=lambda p: p.name)
def test_both_reads_give_the_same_plan(path: Path) -> None:
    """parse_sie (every row) and read_sie_totals (sums) must plan identically."""
    full = plan_sie_import(read_sie(path))
    summed = plan_sie_import(read_sie_totals(path, dimension=1))
    assert summed.figures == full.figures
    assert summed.line_totals == full.line_totals
    assert summed.line_totals_to_date == full.line_totals_to_date
    assert summed.cross_checks == full.cross_checks
    assert summed.fiscal_years == full.fiscal_years
    assert summed.units == full.units


@needs_samples
def test_sie4_actuals_are_derived_from_vouchers() -> None:
    name = "SIE4_Exempelfil_med_underdim.SE"
    text = raw_text(name)
    types, has_ktyp = result_accounts(text)
    assert has_ktyp
    assert "#RTRANS" not in text and "#BTRANS" not in text and "#PSALDO" not in text
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for account, content, amount in _TRANS_ROW.findall(text):
        objs = objects_of(content)
        if 1 in objs and is_result(account, types):
            expected[objs[1]] += Decimal(amount)
    plan = plan_sie_import(read_sie(SAMPLES / name), dimension=1)
    assert plan.counts["actuals_from_vouchers"] == 1
    assert [u.code for u in plan.units] == ["Nord", "Syd"]
    got: dict[str, Decimal] = defaultdict(Decimal)
    for fig in plan.figures:
        assert (fig.year, fig.measure) == (2021, "actual")
        got[fig.unit_code] += Decimal(fig.amount_ore) / 100
    assert got == expected
    assert plan.cross_checks and all(c.ok for c in plan.cross_checks)
    names = {c.name for c in plan.cross_checks}
    assert "#IB 0 + #TRANS = #UB 0 1930" in names
    assert "#RES 0 3041 = summa #TRANS" in names


@needs_samples
def test_subdimension_objects_are_named_units() -> None:
    sie = read_sie(SAMPLES / "SIE4_Exempelfil_med_underdim.SE")
    plan = plan_sie_import(sie, dimension=6)
    assert PlanUnit("0037", "Scrum master tjafs") in plan.units
    assert not plan.warnings


@needs_samples
def test_type1_file_gives_an_empty_plan() -> None:
    plan = plan_sie_import(read_sie(SAMPLES / "SIE-fil_fran_Visma_Eget_Aktiebolag_2010.se"))
    assert (plan.committee, plan.year, plan.previous_year) == ("Övningsföretaget AB", 2010, None)
    assert plan.units == [] and plan.figures == [] and plan.cross_checks == []
    assert plan.line_totals[(0, "actual")]["avgifter"] < 0
    assert plan.fiscal_years[0].complete  # #GEN 20110114 is after the year


# --------------------------------------------------------------------------- synthetic

HEAD = (
    '#FLAGGA 0\n#SIETYP 3\n#FNAMN "Barn- och utbildningsnämnden"\n'
    "#RAR 0 20240101 20241231\n#RAR -1 20230101 20231231\n"
    '#DIM 1 "Ansvar"\n#DIM 6 "Projekt"\n'
    '#OBJEKT 1 "10" "Skola"\n#OBJEKT 1 "20" "Förskola"\n#OBJEKT 6 "P1" "Bygg"\n'
)


def plan_of(
    body: str,
    *,
    committee: str | None = None,
    account_lines: dict[str, str] | None = None,
    include_undeclared: bool = True,
    head: str = HEAD,
) -> SieImportPlan:
    sie = parse_sie((head + body).encode("utf-8"), "bun.se")
    return plan_sie_import(
        sie,
        committee=committee,
        account_lines=account_lines,
        include_undeclared=include_undeclared,
    )


def figures(plan: SieImportPlan) -> list[tuple[str, int, int, str, int]]:
    return [(f.unit_code, f.year, f.month, f.measure, f.amount_ore) for f in plan.figures]


def test_only_object_rows_of_the_dimension_count_and_nothing_twice() -> None:
    plan = plan_of(
        "#PSALDO 0 202401 5010 {} 300.00\n"  # whole company: no unit
        '#PSALDO 0 202401 5010 {1 "10"} 100.00\n'
        '#PSALDO 0 202401 3010 {1 "10"} -40.50\n'
        '#PSALDO 0 202401 5010 {1 "20"} 200.00\n'
        '#PSALDO 0 202401 5010 {6 "P1"} 999.00\n'  # other dimension only
        '#PSALDO 0 202401 1930 {1 "10"} 5.00\n'  # balance account
        '#PSALDO 0 202402 5010 {1 "10"} 7.00\n'
        '#PSALDO -1 202312 5010 {1 "10"} 11.00\n'
        '#PBUDGET 0 202401 5010 {1 "10"} 90\n'
        '#PBUDGET 0 202401 3010 {1 "10"} -30\n'
        '#PBUDGET -1 202301 5010 {1 "10"} 1\n'  # previous year's budget is not imported
    )
    assert figures(plan) == [
        ("10", 2023, 12, "actual", 1100),
        ("10", 2024, 1, "budget", 6000),
        ("10", 2024, 1, "actual", 5950),
        ("10", 2024, 2, "actual", 700),
        ("20", 2024, 1, "actual", 20000),
    ]
    assert plan.counts["rows_whole_company"] == 1
    assert plan.counts["rows_other_dimensions"] == 1
    assert plan.counts["rows_balance_accounts"] == 1
    assert plan.units == [PlanUnit("10", "Skola"), PlanUnit("20", "Förskola")]
    # 5010 from its {} row; 3010 has no {} row, so its unit rows stand in.
    assert plan.line_totals[(0, "actual")] == {"personal": 30000, "avgifter": -4050}
    assert plan.line_totals[(0, "budget")] == {"personal": 9000, "avgifter": -3000}
    assert plan.line_totals[(-1, "actual")] == {"personal": 1100}
    # Month by month from the same sources: 5010 takes all its months from the {} rows,
    # so February's unit row (7.00) is not in the year to date, as not in the year.
    january = {"personal": 30000, "avgifter": -4050}
    assert plan.line_totals_to_date[(0, 2024, 1)] == january
    assert plan.line_totals_to_date[(0, 2024, 2)] == january
    assert plan.line_totals_to_date[(0, 2024, 12)] == plan.line_totals[(0, "actual")]
    assert plan.line_totals_to_date[(-1, 2023, 12)] == {"personal": 1100}
    assert (-1, 2023, 11) not in plan.line_totals_to_date  # nothing booked yet


def test_line_totals_to_date_take_vouchers_by_the_rows_date() -> None:
    plan = plan_of(
        '#VER A 1 20240131 "Lön"\n{\n'
        "   #TRANS 5010 {} 100 20240215\n"  # the row's own date: February
        "   #TRANS 1930 {} -100\n"  # a balance account: not in the resultaträkning
        "}\n"
        '#VER A 2 20240305 "Avgift"\n{\n'
        '   #TRANS 5010 {1 "10"} 50.25\n'
        '   #TRANS 3010 {1 "10"} -20\n'
        "   #TRANS 1930 {} -30.25\n"
        "}\n"
    )
    to_date = plan.line_totals_to_date
    assert (0, 2024, 1) not in to_date
    assert to_date[(0, 2024, 2)] == {"personal": 10000}
    march = {"personal": 15025, "avgifter": -2000}
    assert [to_date[(0, 2024, m)] for m in range(3, 13)] == [march] * 10
    assert plan.line_totals[(0, "actual")] == march


def test_overlapping_object_combinations_are_not_added_twice() -> None:
    plan = plan_of(
        '#PSALDO 0 202401 5010 {1 "10"} 100\n'
        '#PSALDO 0 202401 5010 {1 "10" 6 "P1"} 60\n'  # a cut of the row above
        '#PSALDO 0 202401 4010 {1 "10" 6 "P1"} 5\n'  # only combination for 4010
    )
    assert figures(plan) == [("10", 2024, 1, "actual", 10500)]
    assert plan.counts["rows_overlapping"] == 1


def test_ktyp_decides_over_the_account_class() -> None:
    plan = plan_of(
        "#KTYP 3010 T\n#KTYP 9100 K\n"
        '#PSALDO 0 202401 3010 {1 "10"} 100\n'
        '#PSALDO 0 202401 9100 {1 "10"} 7\n'
        "#PSALDO 0 202401 9100 {} 7\n"
    )
    assert figures(plan) == [("10", 2024, 1, "actual", 700)]
    # 9100 matches no prefix: #KTYP K makes it a cost, with a warning.
    assert plan.line_totals[(0, "actual")] == {"ovriga_kostnader": 700}
    assert any("9100 → ovriga_kostnader" in w for w in plan.warnings)


def test_account_lines_longest_prefix_wins() -> None:
    plan = plan_of(
        "#RES 0 3010 -100\n#RES 0 3510 -50\n#RES 0 6110 20\n#RES 0 7810 30\n#RES 0 1930 99\n"
        "#RES 0 7811 5\n#RES 0 9910 -8\n#KTYP 9910 I\n",
        account_lines={"35": "bidrag", "781": "ovriga_kostnader"},
    )
    assert plan.line_totals[(0, "actual")] == {
        "avgifter": -10000,
        "bidrag": -5000,  # config: 35 over the default 35 = driftbidrag
        "lokaler": 2000,  # default 61 over 6
        "ovriga_kostnader": 3500,  # config 781 over the default 78
        "ovriga_intakter": -800,  # unmapped, #KTYP I
    }


def test_allocation_accounts_are_not_net_cost() -> None:
    """A kommunbidrag booked on a unit is its allocation, not a reduction of its cost."""
    body = '#PSALDO 0 202401 5010 {1 "10"} 100\n#PSALDO 0 202401 3910 {1 "10"} -500\n'
    plan = plan_of(body, account_lines={"391": "kommunbidrag"})
    assert figures(plan) == [("10", 2024, 1, "actual", 10000)]
    assert plan.counts["rows_allocation"] == 1
    assert plan.line_totals[(0, "actual")] == {"personal": 10000, "kommunbidrag": -50000}


def test_completeness_follows_gen_date() -> None:
    body = '#PSALDO 0 202401 5010 {1 "10"} 1\n#PSALDO 0 202403 5010 {1 "10"} 1\n'
    early = plan_of(body, head=HEAD + "#GEN 20240410\n")
    assert not early.fiscal_years[0].complete
    assert early.fiscal_years[0].last_month == (2024, 3)
    assert sorted(early.actual_months()) == [(2024, 1), (2024, 2), (2024, 3)]
    late = plan_of(body, head=HEAD + "#GEN 20250110\n")
    assert late.fiscal_years[0].complete and len(late.actual_months()) == 12
    assert plan_of(body).fiscal_years[0].complete is False  # no #GEN, no December rows
    december = plan_of(body + '#PSALDO 0 202412 5010 {1 "10"} 1\n')
    assert december.fiscal_years[0].complete


def test_committee_name_fallbacks() -> None:
    assert plan_of("").committee == "Barn- och utbildningsnämnden"
    assert plan_of("", committee="Kommunstyrelsen").committee == "Kommunstyrelsen"
    sie = parse_sie(b"#FLAGGA 0\n#RAR 0 20240101 20241231\n", "dir/Kultur 2024.se")
    assert plan_sie_import(sie).committee == "Kultur 2024"


def test_broken_financial_year_uses_the_end_year() -> None:
    sie = parse_sie(b"#FLAGGA 0\n#RAR 0 20230701 20240630\n")
    assert plan_sie_import(sie).year == 2024


def test_missing_rar_0_is_an_error() -> None:
    with pytest.raises(SieError, match="saknar #RAR 0"):
        plan_sie_import(parse_sie(b"#FLAGGA 0\n", "x.se"))


def test_ore_conversion() -> None:
    assert to_ore(Decimal("12.34")) == 1234
    assert to_ore(Decimal("-0.5")) == -50
    assert to_ore(Decimal("1E+3")) == 100000
    assert to_ore(Decimal("0.125")) == 12  # half-even
    assert to_ore(Decimal("0.135")) == 14
    assert to_ore(Decimal("-0.005")) == 0
    assert to_ore(Decimal("123456789012345678.99")) == 12345678901234567899


def test_actuals_from_vouchers_when_no_object_psaldo() -> None:
    plan = plan_of(
        "#PSALDO 0 202401 5010 {} 999\n"  # only a company row: vouchers are used
        "#UB 0 1930 -150\n#IB 0 1930 0\n#RES 0 5010 150\n"
        '#VER A 1 20240131 "Lön"\n{\n'
        '   #TRANS 5010 {1 "10"} 100 20240215\n'  # the row's own date wins
        '   #TRANS 5010 {1 "20"} 50\n'
        "   #TRANS 1930 {} -150\n"
        "}\n"
        '#VER A 2 20240305 "Rättelse"\n{\n'
        '   #BTRANS 5010 {1 "10"} 100\n'
        '   #RTRANS 5010 {1 "20"} 100\n'
        '   #TRANS 5010 {1 "20"} 100\n'
        '   #TRANS 5010 {1 "10"} -100\n'
        "}\n"
        '#VER A 3 20230305 "Fel år"\n{\n   #TRANS 5010 {1 "10"} 1\n   #TRANS 1930 {} -1\n}\n'
        '#VER A 4 20200101 "Utanför"\n{\n   #TRANS 5010 {1 "10"} 1\n   #TRANS 1930 {} -1\n}\n'
    )
    assert figures(plan) == [
        ("10", 2023, 3, "actual", 100),
        ("10", 2024, 2, "actual", 10000),
        ("10", 2024, 3, "actual", -10000),
        ("20", 2024, 1, "actual", 5000),
        ("20", 2024, 3, "actual", 10000),
    ]
    assert plan.counts["actuals_from_vouchers"] == 1
    assert plan.counts["transactions_outside_years"] == 2  # both rows of A 4
    checks = {c.name: c for c in plan.cross_checks}
    assert checks["#RES 0 5010 = summa #PSALDO {}"] == CrossCheck(
        "#RES 0 5010 = summa #PSALDO {}", 15000, 99900
    )
    assert not checks["#RES 0 5010 = summa #PSALDO {}"].ok
    assert checks["#RES 0 5010 = summa #TRANS"].ok
    assert checks["#IB 0 + #TRANS = #UB 0 1930"].ok
    assert plan.failed_checks == [checks["#RES 0 5010 = summa #PSALDO {}"]]
    assert any("kontroller stämmer inte" in w for w in plan.warnings)


def test_failed_balance_check_is_reported_not_raised() -> None:
    plan = plan_of(
        "#IB 0 1930 100\n#UB 0 1930 175\n"
        "#VER A 1 20240110\n{\n   #TRANS 1930 {} 50\n   #TRANS 3010 {} -50\n}\n"
    )
    check = next(c for c in plan.cross_checks if c.name.endswith("1930"))
    assert (check.expected_ore, check.actual_ore, check.ok) == (17500, 15000, False)
    assert check.difference_ore == -2500


def test_undeclared_units_can_be_left_out() -> None:
    body = '#PSALDO 0 202401 5010 {1 "99"} 1\n#PSALDO 0 202401 5010 {1 "10"} 2\n'
    kept = plan_of(body)
    assert kept.units[-1] == PlanUnit("99", "Objekt 99 (saknar #OBJEKT)", declared=False)
    left = plan_of(body, include_undeclared=False)
    assert [u.code for u in left.units] == ["10", "20"]
    assert figures(left) == [("10", 2024, 1, "actual", 200)]
