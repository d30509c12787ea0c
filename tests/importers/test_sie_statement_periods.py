"""The SIE import writes the resultaträkning per follow-up month, not only a year-end's.

A delårsrapport shows the utfall through August: the import writes each line's year-to-date
actual at every month the file covers from January (from the {} #PSALDO rows, else the
vouchers, else the unit rows), the bokslut only for a closed year (#RES first) and the
year's budget at January. Every expectation here is computed from the amounts put into the
files, never read back from ksui's sums.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ksui.core.report import ReportData
from ksui.importers.sie import SieError
from ksui.importers.sie_import import SieImportResult, describe, import_sie
from ksui.store import Store, read

YEAR = 2024
NAMND = "Kulturnämnden i Provby"


# Monthly amounts in öre per account, in SIE's signs (costs debit, revenue credit), with
# öre so that exact money is tested. 3110 → avgifter, 5011 → personal, 6110 → lokaler.
def _fees(month: int) -> int:
    return -(5_000_00 + month * 321_09)


def _salaries(month: int) -> int:
    return 100_000_00 + month * 1_234_56 + 17


def _rent(month: int) -> int:
    return 20_000_00 + month * 11


ACCOUNTS: dict[str, Callable[[int], int]] = {"3110": _fees, "5011": _salaries, "6110": _rent}
LINES = {"3110": "avgifter", "5011": "personal", "6110": "lokaler"}
# The monthly budget per account (öre, SIE's signs), the same every month.
BUDGET = {"3110": -6_000_00, "5011": 110_000_00, "6110": 20_000_00}
# What unit 110 holds of a {} row: the rest is booked on no unit at all.
UNIT_SHARE = {"3110": 4_000_00, "5011": 60_000_00, "6110": 0}


def ytd(month: int) -> dict[str, int]:
    """Each line's actual January through ``month``, revenue positive (as the statement)."""
    return {
        LINES[account]: -sum(amount(m) for m in range(1, month + 1))
        for account, amount in ACCOUNTS.items()
    }


def annual_budget() -> dict[str, int]:
    return {LINES[account]: -12 * amount for account, amount in BUDGET.items()}


# ------------------------------------------------------------------ the files


def _kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole}.{frac:02d}"


def _write(path: Path, body: list[str], gen: str) -> Path:
    """A SIE 4 file as a finance system exports it (PC8, CRLF)."""
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "Ekonomisystem" 9.1',
        "#FORMAT PC8",
        f"#GEN {gen}",
        "#SIETYP 4",
        f'#FNAMN "{NAMND}"',
        f"#RAR 0 {YEAR}0101 {YEAR}1231",
        '#DIM 1 "Ansvar"',
        '#OBJEKT 1 "110" "Bibliotek"',
        '#OBJEKT 1 "120" "Kulturskola"',
        '#KONTO 1930 "Bank"',
        '#KONTO 3110 "Taxor och avgifter"',
        '#KONTO 5011 "Löner månadsavlönade"',
        '#KONTO 6110 "Lokalhyror"',
        *body,
    ]
    with path.open("w", encoding="cp437", newline="\r\n") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def company_file(path: Path, months: range, gen: str, res: dict[str, int] | None = None) -> Path:
    """{} #PSALDO rows per month, and object rows that hold only part of the money."""
    body = [f"#RES 0 {account} {_kr(amount)}" for account, amount in (res or {}).items()]
    for month in range(1, 13):
        ym = f"{YEAR}{month:02d}"
        for account, budget in BUDGET.items():
            body.append(f"#PBUDGET 0 {ym} {account} {{}} {_kr(budget)}")
        if month not in months:
            continue
        for account, amount in ACCOUNTS.items():
            body.append(f"#PSALDO 0 {ym} {account} {{}} {_kr(amount(month))}")
            if UNIT_SHARE[account]:
                share = UNIT_SHARE[account] * (1 if amount(month) > 0 else -1)
                body.append(f'#PSALDO 0 {ym} {account} {{1 "110"}} {_kr(share)}')
    return _write(path, body, gen)


def voucher_file(path: Path, months: range, gen: str) -> Path:
    """Only vouchers: one a month, its rows on unit 110 and the bank; the budget as {} rows."""
    body = []
    for month in range(1, 13):
        for account, budget in BUDGET.items():
            body.append(f"#PBUDGET 0 {YEAR}{month:02d} {account} {{}} {_kr(budget)}")
    for month in months:
        body += [f'#VER A {month} {YEAR}{month:02d}15 "Månad {month}"', "{"]
        total = 0
        for account, amount in ACCOUNTS.items():
            body.append(f'   #TRANS {account} {{1 "110"}} {_kr(amount(month))}')
            total += amount(month)
        body += [f"   #TRANS 1930 {{}} {_kr(-total)}", "}"]
    return _write(path, body, gen)


def unit_file(path: Path, months: range, gen: str) -> Path:
    """Only object rows: each amount split over units 110 and 120, the budget too."""
    body = []
    for month in range(1, 13):
        ym = f"{YEAR}{month:02d}"
        for account, budget in BUDGET.items():
            body.append(f'#PBUDGET 0 {ym} {account} {{1 "110"}} {_kr(budget - 1_00)}')
            body.append(f'#PBUDGET 0 {ym} {account} {{1 "120"}} {_kr(1_00)}')
        if month not in months:
            continue
        for account, amount in ACCOUNTS.items():
            first = amount(month) // 3
            body.append(f'#PSALDO 0 {ym} {account} {{1 "110"}} {_kr(first)}')
            body.append(f'#PSALDO 0 {ym} {account} {{1 "120"}} {_kr(amount(month) - first)}')
    return _write(path, body, gen)


FILES = {"company": company_file, "vouchers": voucher_file, "units": unit_file}


def load(store: Store, period: str) -> ReportData:
    return read.load_report(store, read.find_committee(store, NAMND), YEAR, period)


def actuals(data: ReportData) -> dict[str, int]:
    values = data.result_values.get(YEAR, {})
    return {line: v["actual"] for line, v in values.items() if "actual" in v}


def budgets(data: ReportData) -> dict[str, int]:
    values = data.result_values.get(YEAR, {})
    return {line: v["budget"] for line, v in values.items() if "budget" in v}


@pytest.fixture
def store(tmp_path: Path) -> Store:  # an empty database, not the demo's
    return Store(tmp_path / "ksui.sqlite", create=True)


# ------------------------------------------------------------------ a file of January–August


@pytest.mark.parametrize("kind", sorted(FILES))
def test_a_file_through_august_gives_each_follow_up_its_utfall(
    store: Store, tmp_path: Path, kind: str
) -> None:
    path = FILES[kind](tmp_path / f"{kind}.se", range(1, 9), f"{YEAR}0910")
    import_sie(store, path)
    august = load(store, "delar")
    assert august.statement_period == "m08"
    assert actuals(august) == ytd(8)
    may = load(store, "m05")
    assert (may.statement_period, actuals(may)) == ("m05", ytd(5))
    april = load(store, "t1")  # T1 reads April's
    assert (april.statement_period, actuals(april)) == ("m04", ytd(4))
    for period in ("m01", "m08"):
        data = load(store, period)
        assert (data.statement_period, actuals(data)) == (period, ytd(int(period[1:])))
    # Not covered: September and the bokslut show no utfall (never August's as the year's).
    for period in ("m09", "bokslut"):
        data = load(store, period)
        assert data.statement_period is None and actuals(data) == {}, period
    # The year's budget stands at every follow-up, stated once from January.
    for period in ("m01", "t1", "m05", "delar", "m12", "bokslut"):
        assert budgets(load(store, period)) == annual_budget(), period
    recorded = store.conn.execute(
        "SELECT DISTINCT period FROM statement_value WHERE column_name = 'budget'"
    ).fetchall()
    assert recorded == [("m01",)]


def test_company_rows_win_over_the_units_share(store: Store, tmp_path: Path) -> None:
    """The {} rows hold money booked on no unit: the statement is the company's, not 110's."""
    import_sie(store, company_file(tmp_path / "f.se", range(1, 9), f"{YEAR}0910"))
    assert actuals(load(store, "delar"))["personal"] == -sum(_salaries(m) for m in range(1, 9))
    units = store.conn.execute(
        "SELECT sum(amount) FROM drift_figure WHERE period = 'm08' AND measure = 'actual'"
    ).fetchone()[0]
    assert units == 8 * (UNIT_SHARE["5011"] - UNIT_SHARE["3110"])


def test_the_summary_names_the_months(store: Store, tmp_path: Path) -> None:
    result = import_sie(store, company_file(tmp_path / "f.se", range(1, 9), f"{YEAR}0910"))
    assert result.statement == {YEAR: ["actual", "budget"]}
    assert result.statement_periods == {YEAR: [f"m{m:02d}" for m in range(1, 9)]}
    assert (
        f"Resultaträkning: {YEAR} (utfall januari–augusti, budget); 27 rader"
        " (27 nya, 0 ändrade, 0 oförändrade)."
    ) in describe(result)


# ------------------------------------------------------------------ a closed year


def test_a_closed_year_has_its_bokslut_from_res(store: Store, tmp_path: Path) -> None:
    """#RES holds a closing entry the months do not: December is the months', bokslut #RES's."""
    res = {a: sum(amount(m) for m in range(1, 13)) for a, amount in ACCOUNTS.items()}
    res["5011"] += 12_345_67  # a year-end accrual
    import_sie(store, company_file(tmp_path / "f.se", range(1, 13), f"{YEAR + 1}0210", res))
    bokslut = load(store, "bokslut")
    assert bokslut.statement_period == "bokslut"
    assert actuals(bokslut) == {LINES[a]: -amount for a, amount in res.items()}
    december = load(store, "m12")
    assert (december.statement_period, actuals(december)) == ("m12", ytd(12))
    assert actuals(load(store, "delar")) == ytd(8)
    assert budgets(bokslut) == budgets(december) == annual_budget()


@pytest.mark.parametrize("kind", sorted(FILES))
def test_without_res_december_is_the_bokslut(store: Store, tmp_path: Path, kind: str) -> None:
    import_sie(store, FILES[kind](tmp_path / f"{kind}.se", range(1, 13), f"{YEAR + 1}0210"))
    assert actuals(load(store, "bokslut")) == actuals(load(store, "m12")) == ytd(12)


# ------------------------------------------------------------------ importing again


def _audit_rows(store: Store) -> int:
    row = store.conn.execute(
        "SELECT count(*) FROM audit WHERE table_name = 'statement_value'"
    ).fetchone()
    return int(row[0])


def test_the_same_file_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = company_file(tmp_path / "f.se", range(1, 9), f"{YEAR}0910")
    first = import_sie(store, path)
    audited = _audit_rows(store)
    stored = store.conn.execute(
        "SELECT * FROM statement_value ORDER BY 1, 2, 3, 4, 5, 6"
    ).fetchall()
    second = import_sie(store, path)
    assert (first.statement_new, first.statement_changed) == (27, 0)
    assert (second.statement_new, second.statement_changed) == (0, 0)
    assert second.statement_values == first.statement_values == 27
    assert second.changeset_id is None
    assert _audit_rows(store) == audited
    assert (
        stored
        == store.conn.execute("SELECT * FROM statement_value ORDER BY 1, 2, 3, 4, 5, 6").fetchall()
    )
    [summary] = [line for line in describe(second) if line.startswith("Resultaträkning:")]
    assert summary.endswith("; 27 rader (0 nya, 0 ändrade, 27 oförändrade).")


def test_a_later_file_adds_its_months_and_keeps_the_earlier(store: Store, tmp_path: Path) -> None:
    import_sie(store, company_file(tmp_path / "aug.se", range(1, 9), f"{YEAR}0910"))
    audited = _audit_rows(store)
    october: SieImportResult = import_sie(
        store, company_file(tmp_path / "okt.se", range(1, 11), f"{YEAR}1110")
    )
    assert (october.statement_new, october.statement_changed) == (6, 0)  # 3 lines × 2 months
    assert _audit_rows(store) == audited + 6 * 2  # each new row: its key and its amount
    assert actuals(load(store, "m10")) == ytd(10)
    assert actuals(load(store, "delar")) == ytd(8)


# ------------------------------------------------------------------ too large


def test_a_monthly_sum_beyond_the_bound_names_line_and_month(store: Store, tmp_path: Path) -> None:
    huge = "600000000000000.00"  # each row fits; January–February together do not
    body = [f"#PSALDO 0 {YEAR}01 5011 {{}} {huge}", f"#PSALDO 0 {YEAR}02 5011 {{}} {huge}"]
    path = _write(tmp_path / "f.se", body, f"{YEAR}0310")
    before = list(store.conn.iterdump())
    with pytest.raises(SieError) as info:
        import_sie(store, path)
    message = str(info.value)
    assert f"summan för resultaträkningens rad personal, utfall {YEAR} februari" in message
    assert "för stor;" in message
    assert list(store.conn.iterdump()) == before
