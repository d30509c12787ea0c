"""Turn a parsed SIE file into an import plan: units, monthly budget and actuals in öre.

The plan is pure data (no database); the store layer decides what to write. All
amounts are integer öre (1 kr = 100 öre) and keep SIE's signs: debit positive, so
costs are positive and revenues negative, and a unit's sum is its net cost.

What the samples in /work/shared/sie-samples show, and what this module relies on:

* ``#PSALDO`` is the change within one month, not a running total. For every
  result account in Test3.SE, BL0001_typ2.SE and BL0001_typ3.SE the ``{}`` rows of
  year 0 add up to ``#RES`` exactly, and for balance accounts to ``#UB - #IB``. A
  month's actual is therefore the ``#PSALDO`` amount itself; nothing is differenced.
* Per-object rows repeat money that the ``{}`` (whole company) rows already hold:
  in Test3.SE the ``{}`` row of 3010 in 199701 (-43 680) is the sum of the object
  rows of that month. So ``{}`` rows feed company totals only and object rows feed
  units only; nothing is counted twice.
* Test3.SE books on ``{1 "0"}`` without an ``#OBJEKT 1 "0"``; such objects become
  units too (``declared=False``) so a unit total does not silently lose money.
* BL0001 has a broken financial year (July–June). Figures carry the calendar year
  and month of their period (``#PSALDO 0 200907`` is year 2009, month 7) while
  ``SieImportPlan.year`` is the calendar year in which ``#RAR 0`` ends.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import PurePath
from typing import Literal

from ksui.importers.sie import ObjectList, PeriodAmount, SieError, SieFile, Transaction

__all__ = [
    "DEFAULT_ACCOUNT_LINES",
    "OTHER_LINE",
    "CrossCheck",
    "Measure",
    "PlanFigure",
    "PlanUnit",
    "SieImportPlan",
    "plan_sie_import",
    "to_ore",
]

Measure = Literal["budget", "actual"]

# Resultaträkning lines per account class, following Kommun-Bas (SKR's chart of
# accounts for municipalities): class 3 revenue, 4 material, purchased services and
# contracts, 5 personnel ("kostnader för arbetskraft"), 6 and 7 other operating
# costs, 8 financial items, tax revenue and general grants. (The company chart BAS
# differs: there 5–6 are other external costs and 7 is personnel.)
DEFAULT_ACCOUNT_LINES: Mapping[str, str] = {
    "3": "intakter",
    "4": "kostnader_material",
    "5": "kostnader_personal",
    "6": "kostnader_ovriga",
    "7": "kostnader_ovriga",
    "8": "finansiella",
}
# Line for a result account that no prefix matches (e.g. class 9 marked I or K).
OTHER_LINE = "ovrigt"

_RESULT_CLASSES = frozenset("345678")
_ONE = Decimal(1)


@dataclass(frozen=True)
class PlanUnit:
    """A unit (cost centre) to import: an object of the chosen dimension."""

    code: str
    name: str
    declared: bool = True


@dataclass(frozen=True)
class PlanFigure:
    """One unit's budget or actual for one month, summed over its result accounts."""

    unit_code: str
    year: int
    month: int
    measure: Measure
    amount_ore: int


@dataclass(frozen=True)
class CrossCheck:
    """A consistency check between two sums of the file, so bad exports are noticed."""

    name: str
    expected_ore: int
    actual_ore: int

    @property
    def ok(self) -> bool:
        """Whether both sums agree to the öre."""
        return self.expected_ore == self.actual_ore

    @property
    def difference_ore(self) -> int:
        """How far apart the sums are, for the message shown to the user."""
        return self.actual_ore - self.expected_ore


@dataclass
class SieImportPlan:
    """What importing one SIE file would create, computed without touching a database."""

    committee: str
    year: int
    previous_year: int | None
    dimension: int
    units: list[PlanUnit]
    figures: list[PlanFigure]
    line_totals: dict[str, int]
    cross_checks: list[CrossCheck]
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)

    @property
    def failed_checks(self) -> list[CrossCheck]:
        """The cross-checks that did not agree, for a short report."""
        return [check for check in self.cross_checks if not check.ok]


def to_ore(amount: Decimal) -> int:
    """Convert kronor to integer öre exactly; more than two decimals round half-even."""
    scaled = amount.scaleb(2)
    if scaled == scaled.to_integral_value():
        return int(scaled)
    return int(scaled.quantize(_ONE, rounding=ROUND_HALF_EVEN))


def _result_account_test(sie: SieFile) -> Callable[[str], bool]:
    types = sie.account_types
    cache: dict[str, bool] = {}

    def is_result(account: str) -> bool:
        known = cache.get(account)
        if known is None:
            kind = types.get(account)
            # #KTYP decides when present; otherwise the account class (first digit).
            known = kind in ("I", "K") if kind is not None else account[:1] in _RESULT_CLASSES
            cache[account] = known
        return known

    return is_result


def _line_mapper(account_lines: Mapping[str, str] | None) -> Callable[[str], str]:
    prefixes = dict(DEFAULT_ACCOUNT_LINES)
    if account_lines:
        prefixes.update(account_lines)
    longest = max((len(p) for p in prefixes), default=0)
    cache: dict[str, str] = {}

    def line_of(account: str) -> str:
        known = cache.get(account)
        if known is None:
            known = OTHER_LINE
            for length in range(min(len(account), longest), 0, -1):
                hit = prefixes.get(account[:length])
                if hit is not None:
                    known = hit
                    break
            cache[account] = known
        return known

    return line_of


def _code_in(objects: ObjectList, dimension: int) -> str | None:
    for dim, code in objects:
        if dim == dimension:
            return code
    return None


def _subdimension_object_names(sie: SieFile, dimension: int) -> dict[str, str]:
    """Names of objects declared in subdimensions of ``dimension`` (at any depth)."""
    names: dict[str, str] = {}
    parents = sie.dimension_parents
    for (dim, code), name in sie.objects.items():
        seen = {dim}
        parent = parents.get(dim)
        while parent is not None and parent not in seen:
            if parent == dimension:
                names.setdefault(code, name)
                break
            seen.add(parent)
            parent = parents.get(parent)
    return names


def _year_index_of(day: dt.date, years: Mapping[int, tuple[dt.date, dt.date]]) -> int | None:
    for index in (0, -1):
        span = years.get(index)
        if span is not None and span[0] <= day <= span[1]:
            return index
    return None


class _Accumulator:
    """Sums per (unit, year, month, measure), in öre."""

    def __init__(self) -> None:
        self.sums: dict[tuple[str, int, int, Measure], int] = defaultdict(int)

    def add(self, code: str, year: int, month: int, measure: Measure, amount: Decimal) -> None:
        self.sums[(code, year, month, measure)] += to_ore(amount)


def _add_period_rows(
    rows: Iterable[PeriodAmount],
    *,
    measure: Measure,
    year_indexes: tuple[int, ...],
    dimension: int,
    is_result: Callable[[str], bool],
    acc: _Accumulator,
    counts: dict[str, int],
) -> set[str]:
    """Add the object rows of one measure; return the codes of the chosen dimension seen.

    A file could hold both ``{1 "A"}`` rows and ``{1 "A" 6 "P"}`` rows for the same
    account, which would be two cuts of the same money. Per unit and account only the
    rows with the fewest dimensions are used (normally exactly ``{dim code}``) and the
    rest are counted as ``rows_overlapping``, so no amount is added twice.
    """
    groups: dict[tuple[int, str, str], dict[tuple[int, ...], list[PeriodAmount]]] = {}
    codes: set[str] = set()
    for row in rows:
        if row.year not in year_indexes:
            continue
        objects = row.objects
        if not objects:
            counts["rows_whole_company"] += 1
            continue
        code = _code_in(objects, dimension)
        if code is None:
            counts["rows_other_dimensions"] += 1
            continue
        if not is_result(row.account):
            counts["rows_balance_accounts"] += 1
            continue
        codes.add(code)
        dims = tuple(sorted(dim for dim, _ in objects))
        groups.setdefault((row.year, row.account, code), {}).setdefault(dims, []).append(row)
    for (_, _, code), by_dims in groups.items():
        best = min(by_dims, key=lambda dims: (len(dims), dims))
        for dims, group in by_dims.items():
            if dims != best:
                counts["rows_overlapping"] += len(group)
                continue
            for row in group:
                acc.add(code, row.period // 100, row.period % 100, measure, row.amount)
                counts[f"rows_{measure}"] += 1
    return codes


def _voucher_rows(sie: SieFile) -> Iterable[tuple[dt.date, dt.date, Transaction]]:
    """Yield (voucher date, row date, row) for the rows that count (no #BTRANS)."""
    for voucher in sie.vouchers:
        for trans in voucher.transactions:
            if trans.kind != "btrans":
                yield voucher.date, trans.date or voucher.date, trans


def plan_sie_import(
    sie: SieFile,
    *,
    dimension: int = 1,
    account_lines: Mapping[str, str] | None = None,
    committee: str | None = None,
    include_undeclared: bool = True,
) -> SieImportPlan:
    """Compute what importing a SIE file would create, so the user can review it first.

    ``dimension`` picks the SIE dimension whose objects are the units (1 is
    "kostnadsställe/resultatenhet" by the standard). ``account_lines`` maps account
    prefixes to resultaträkning lines on top of DEFAULT_ACCOUNT_LINES; the longest
    prefix wins. Raises SieError only when the file lacks ``#RAR 0``.
    """
    if 0 not in sie.years:
        raise SieError(sie.source, 0, "", "filen saknar #RAR 0 (räkenskapsåret)")
    year = sie.years[0][1].year
    previous_year = sie.years[-1][1].year if -1 in sie.years else None
    name = committee or sie.company_name or PurePath(sie.source).stem
    is_result = _result_account_test(sie)
    line_of = _line_mapper(account_lines)
    counts: dict[str, int] = defaultdict(int)
    warnings: list[str] = []

    # --- units and monthly figures ------------------------------------------------
    acc = _Accumulator()
    codes = _add_period_rows(
        sie.period_budgets,
        measure="budget",
        year_indexes=(0,),
        dimension=dimension,
        is_result=is_result,
        acc=acc,
        counts=counts,
    )
    has_object_psaldo = any(
        _code_in(row.objects, dimension) is not None for row in sie.period_balances
    )
    if has_object_psaldo or not sie.vouchers:
        codes |= _add_period_rows(
            sie.period_balances,
            measure="actual",
            year_indexes=(0, -1),
            dimension=dimension,
            is_result=is_result,
            acc=acc,
            counts=counts,
        )
    else:
        # No #PSALDO per object: derive the months from the vouchers instead.
        counts["actuals_from_vouchers"] = 1
        for _, day, trans in _voucher_rows(sie):
            code = _code_in(trans.objects, dimension)
            if code is None or not is_result(trans.account):
                continue
            if _year_index_of(day, sie.years) is None:
                counts["transactions_outside_years"] += 1
                continue
            codes.add(code)
            acc.add(code, day.year, day.month, "actual", trans.amount)
            counts["rows_actual"] += 1

    units = [
        PlanUnit(code, unit_name)
        for (dim, code), unit_name in sie.objects.items()
        if dim == dimension
    ]
    known = {unit.code for unit in units}
    # An object declared in a subdimension (#UNDERDIM) but booked on the chosen one,
    # as SIE4_Exempelfil_med_underdim.SE does with {6 0037} (#OBJEKT 62 0037).
    sub_names = _subdimension_object_names(sie, dimension)
    for code in sorted(codes - known):
        if code in sub_names:
            units.append(PlanUnit(code, sub_names[code]))
            known.add(code)
    undeclared = sorted(codes - known)
    if undeclared:
        shown = ", ".join(f'"{code}"' for code in undeclared)
        if include_undeclared:
            units.extend(
                PlanUnit(code, f"Objekt {code} (saknar #OBJEKT)", False) for code in undeclared
            )
            warnings.append(
                f"dimension {dimension} har belopp på objekt som saknar #OBJEKT: {shown}; "
                "de tas med som egna enheter"
            )
        else:
            warnings.append(
                f"dimension {dimension} har belopp på objekt som saknar #OBJEKT: {shown}; "
                "de tas inte med"
            )
    order = {unit.code: i for i, unit in enumerate(units)}
    measure_order = {"budget": 0, "actual": 1}
    figures = [
        PlanFigure(code, fig_year, month, measure, amount)
        for (code, fig_year, month, measure), amount in acc.sums.items()
        if code in order
    ]
    figures.sort(key=lambda f: (order[f.unit_code], f.year, f.month, measure_order[f.measure]))

    # --- resultaträkning lines (whole company, year 0) ---------------------------
    res0: dict[str, Decimal] = {}
    for row in sie.results:
        if row.year == 0:
            res0[row.account] = res0.get(row.account, Decimal(0)) + row.amount
    psaldo0: dict[str, Decimal] = {}
    for prow in sie.period_balances:
        if prow.year == 0 and not prow.objects:
            psaldo0[prow.account] = psaldo0.get(prow.account, Decimal(0)) + prow.amount
    trans0: dict[str, Decimal] = {}
    for ver_day, _, trans in _voucher_rows(sie):
        if _year_index_of(ver_day, sie.years) == 0:
            trans0[trans.account] = trans0.get(trans.account, Decimal(0)) + trans.amount

    line_totals: dict[str, int] = dict.fromkeys(DEFAULT_ACCOUNT_LINES.values(), 0)
    if account_lines:
        line_totals.update(dict.fromkeys(account_lines.values(), 0))
    for account in sorted(set(res0) | set(psaldo0) | set(trans0)):
        if not is_result(account):
            continue
        if account in res0:
            amount = res0[account]
        elif account in psaldo0:
            amount = psaldo0[account]
        else:
            amount = trans0[account]
        line = line_of(account)
        line_totals[line] = line_totals.get(line, 0) + to_ore(amount)

    # --- cross-checks --------------------------------------------------------------
    checks: list[CrossCheck] = []
    if psaldo0:
        for account in sorted(res0):
            if is_result(account):
                checks.append(
                    CrossCheck(
                        f"#RES 0 {account} = summa #PSALDO {{}}",
                        to_ore(res0[account]),
                        to_ore(psaldo0.get(account, Decimal(0))),
                    )
                )
    if sie.vouchers:
        ib0: dict[str, Decimal] = {}
        ub0: dict[str, Decimal] = {}
        for brow in sie.opening_balances:
            if brow.year == 0:
                ib0[brow.account] = ib0.get(brow.account, Decimal(0)) + brow.amount
        for brow in sie.closing_balances:
            if brow.year == 0:
                ub0[brow.account] = ub0.get(brow.account, Decimal(0)) + brow.amount
        balance_accounts = {a for a in set(ib0) | set(ub0) | set(trans0) if not is_result(a)}
        for account in sorted(balance_accounts):
            checks.append(
                CrossCheck(
                    f"#IB 0 + #TRANS = #UB 0 {account}",
                    to_ore(ub0.get(account, Decimal(0))),
                    to_ore(ib0.get(account, Decimal(0)) + trans0.get(account, Decimal(0))),
                )
            )
        for account in sorted(res0):
            if is_result(account):
                checks.append(
                    CrossCheck(
                        f"#RES 0 {account} = summa #TRANS",
                        to_ore(res0[account]),
                        to_ore(trans0.get(account, Decimal(0))),
                    )
                )
    failed = sum(1 for check in checks if not check.ok)
    if failed:
        warnings.append(f"{failed} av {len(checks)} kontroller stämmer inte")

    counts.update(
        accounts=len(sie.accounts),
        dimensions=len(sie.dimensions),
        objects=len(sie.objects),
        units=len(units),
        undeclared_units=len(undeclared),
        psaldo_rows=len(sie.period_balances),
        pbudget_rows=len(sie.period_budgets),
        vouchers=len(sie.vouchers),
        transactions=sum(len(v.transactions) for v in sie.vouchers),
        figures=len(figures),
        cross_checks=len(checks),
        cross_checks_failed=failed,
    )
    return SieImportPlan(
        committee=name,
        year=year,
        previous_year=previous_year,
        dimension=dimension,
        units=units,
        figures=figures,
        line_totals=line_totals,
        cross_checks=checks,
        counts=dict(counts),
        warnings=warnings,
    )
