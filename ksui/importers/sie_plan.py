"""Turn a read SIE file into an import plan: units, monthly figures and resultaträkning lines.

The plan is pure data (no database); ``sie_import`` decides what to write. Amounts are
integer öre (1 kr = 100 öre) and keep SIE's signs: debit positive, so costs are
positive and revenues negative, and a unit's sum is its net cost.

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
  and month of their period (``#PSALDO 0 200907`` is year 2009, month 7), because
  municipalities keep calendar years and ksui's follow-ups are calendar months.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import combinations
from pathlib import PurePath
from typing import NamedTuple, TypeVar

from ksui.core.statements import RESULT_LINES
from ksui.core.text import one_line, visible
from ksui.importers.errors import ImportFileError
from ksui.importers.sie import Measure, ObjectList, SieError, SieFile, SieTotals, totals_of

__all__ = [
    "ALLOCATION_LINES",
    "DEFAULT_ACCOUNT_LINES",
    "LINE_KEYS",
    "CostFigure",
    "CrossCheck",
    "FiscalYear",
    "Measure",
    "PlanFigure",
    "PlanProject",
    "PlanUnit",
    "ProjectFigure",
    "SieImportPlan",
    "check_account_lines",
    "plan_sie_import",
    "to_ore",
]

# Account prefix -> resultaträkning line (longest prefix wins), following Kommun-Bas
# (SKR's chart of accounts for municipalities). The same table stands in config.toml
# under [import.sie.accounts], where a controller can change it. Kontogrupper as
# published (issue 13, finding 7): class 3 in the kommuners kontoplaner under
# Kommun-Bas (e.g. Luleå kommun, "Kontoplan 2022", via handlingar.se) and their
# årsredovisningar's note "Verksamhetens intäkter" (Värmdö 2019): 30
# Försäljningsintäkter, 31 Taxor och avgifter, 34 Hyror och arrenden, 35 Bidrag, 36
# Försäljning av verksamhet och konsulttjänster, 37 exploaterings-, 38
# realisationsintäkter, 39 övriga intäkter (32–33 are no Kommun-Bas groups; a local
# use of them falls to övriga intäkter, with a warning). Classes 4–7 per Vilhelmina
# kommun's Kommun-Bas overview "Kostnader och utgifter 4–8": 45 Lämnade bidrag, 46 Köp
# av huvudverksamhet, 60 Lokal- och markhyror, 61 Fastighetskostnader, 62 Bränsle och
# energi, 78 Realisationsförluster och periodiseringskonton, 79 Avskrivningar.
DEFAULT_ACCOUNT_LINES: Mapping[str, str] = {
    "30": "avgifter",
    "31": "avgifter",
    "34": "hyror",
    "35": "driftbidrag",
    "36": "ovriga_intakter",
    "37": "ovriga_intakter",
    "38": "ovriga_intakter",
    "39": "ovriga_intakter",
    "4": "material",
    "45": "bidrag",
    "46": "kop_prim",
    "5": "personal",
    "6": "material",
    "60": "lokaler",
    "61": "lokaler",
    "62": "lokaler",
    "7": "material",
    "78": "ovriga_kostnader",
    "79": "avskrivningar",
    "8": "rantenetto",
}
# The resultaträkning lines an account can land on (sums and derived lines cannot).
LINE_KEYS: tuple[str, ...] = tuple(
    line.key for line in RESULT_LINES if line.kind in ("detail", "item")
)
_INCOME_LINES = frozenset(line.key for line in RESULT_LINES if line.section == "intakter")
# The allocation itself: a unit's net cost is what it spends before these.
ALLOCATION_LINES = frozenset({"kommunbidrag", "formedlingsbidrag"})

_ONE = Decimal(1)
_MAX_SUBSET_DIMENSIONS = 8  # beyond this many other objects, coarser rows are searched
_SHOWN = 3  # object lists or dimensions named in one warning
_ZERO = Decimal(0)
_YEARS: dict[Measure, tuple[int, ...]] = {"actual": (0, -1), "budget": (0,)}
# Sums of many exact amounts must not be rounded to the default 28 digits.
_PRECISION = 60
K = TypeVar("K")
_MonthKey = tuple[Measure, int, int, str]  # (measure, year index, period YYYYMM, account)
_YearSums = dict[tuple[Measure, int], dict[str, Decimal]]  # (measure, index) -> account -> sum
_MonthSums = dict[int, dict[str, dict[int, Decimal]]]  # index -> account -> YYYYMM -> actual


@dataclass(frozen=True)
class PlanUnit:
    """A unit (cost centre) to import: an object of the chosen dimension."""

    code: str
    name: str
    declared: bool = True


@dataclass(frozen=True)
class PlanFigure:
    """One unit's budget or actual for one calendar month, summed over its result accounts."""

    unit_code: str
    year: int
    month: int
    measure: Measure
    amount_ore: int


class CostFigure(NamedTuple):
    """One unit's budget or actual on one account for one calendar month, with its line.

    The kostnadsslag behind a ``PlanFigure``: per unit, month and measure these add up
    to it (both leave out balance accounts and the allocation lines), so a deviation can
    be followed down to the accounts that make it.
    """

    unit_code: str
    year: int
    month: int
    measure: Measure
    account: str
    line: str
    amount_ore: int


@dataclass(frozen=True)
class PlanProject:
    """An object of the project dimension with utfall in the year: an investment project
    to be found by its code (``ksui import sie --project-dimension``)."""

    code: str
    name: str


class ProjectFigure(NamedTuple):
    """One project object's utfall for one calendar month of year 0 (see
    ``_Planner.project_rows`` for what counts)."""

    code: str
    year: int
    month: int
    amount_ore: int


#: The balance accounts an investment's spend is activated on: anläggningstillgångar, the
#: groups 10–13 of account class 1 in BAS and Kommun-Bas (10 immateriella, 11 mark,
#: byggnader och tekniska anläggningar, 12 maskiner och inventarier, 13 finansiella).
FIXED_ASSET_GROUPS = ("10", "11", "12", "13")


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


@dataclass(frozen=True)
class FiscalYear:
    """One ``#RAR`` year the file holds, and whether its books can be taken as closed."""

    index: int
    start: dt.date
    end: dt.date
    complete: bool
    last_month: tuple[int, int] | None  # the last (year, month) with any actual row

    @property
    def is_calendar_year(self) -> bool:
        """Whether the year runs January–December, as a municipality's does."""
        year = self.start.year
        return (self.start, self.end) == (dt.date(year, 1, 1), dt.date(year, 12, 31))

    def months(self) -> list[tuple[int, int]]:
        """The (year, month) pairs the year spans."""
        out = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


@dataclass
class SieImportPlan:
    """What importing one SIE file would create, computed without touching a database.

    ``line_totals`` maps (year index, measure) to resultaträkning line sums in SIE's
    signs; only lines with at least one account in the file are present.
    ``line_totals_to_date`` maps (year index, calendar year, month) to the actuals' line
    sums from the fiscal year's first month through that month, for every month of the
    fiscal year once any account has an amount (a delårsrapport shows them).
    """

    committee: str
    year: int
    previous_year: int | None
    dimension: int
    units: list[PlanUnit]
    figures: list[PlanFigure]
    line_totals: dict[tuple[int, Measure], dict[str, int]]
    cross_checks: list[CrossCheck]
    counts: dict[str, int]
    fiscal_years: dict[int, FiscalYear] = field(default_factory=dict)
    line_totals_to_date: dict[tuple[int, int, int], dict[str, int]] = field(default_factory=dict)
    costs: list[CostFigure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str = ""
    dimension_name: str = ""
    #: The investment projects' dimension (None: not asked for), its objects with utfall
    #: in year 0 and their monthly sums.
    project_dimension: int | None = None
    project_dimension_name: str = ""
    projects: list[PlanProject] = field(default_factory=list)
    project_figures: list[ProjectFigure] = field(default_factory=list)

    @property
    def failed_checks(self) -> list[CrossCheck]:
        """The cross-checks that did not agree, for a short report."""
        return [check for check in self.cross_checks if not check.ok]

    def actual_months(self) -> set[tuple[int, int]]:
        """Months whose actuals the file holds in full.

        A month counts when it lies in a year with actual rows and that year is
        complete, or the month is not after the last month with any row (a file
        exported in May holds January–April, or –May if May already has rows).
        """
        months: set[tuple[int, int]] = set()
        for year in self.fiscal_years.values():
            if year.last_month is None:
                continue
            months.update(m for m in year.months() if year.complete or m <= year.last_month)
        return months

    def budget_months(self) -> set[tuple[int, int]]:
        """Months of the budget year (#PBUDGET is read for year 0 only, set for all of it)."""
        year = self.fiscal_years.get(0)
        if year is None or not self.counts.get("pbudget_rows"):
            return set()
        return set(year.months())


def to_ore(amount: Decimal) -> int:
    """Convert kronor to integer öre exactly; more than two decimals round half-even."""
    scaled = amount.scaleb(2)
    if scaled == scaled.to_integral_value():
        return int(scaled)
    return int(scaled.quantize(_ONE, rounding=ROUND_HALF_EVEN))


def check_account_lines(account_lines: Mapping[str, str], source: str) -> None:
    """Refuse a mapping to a line the resultaträkning does not have, naming the entry."""
    for prefix, line in account_lines.items():
        if not prefix.isdigit():
            raise ImportFileError(
                source, None, f'"{prefix}" = "{line}"', "kontoprefixet ska vara siffror"
            )
        if line not in LINE_KEYS:
            raise ImportFileError(
                source,
                None,
                f'"{prefix}" = "{line}"',
                f"okänd resultaträkningsrad; använd någon av {', '.join(LINE_KEYS)}",
            )


class _Lines:
    """Account -> resultaträkning line: the longest matching prefix, else a fallback."""

    def __init__(self, sie: SieFile, account_lines: Mapping[str, str] | None) -> None:
        self.prefixes = {**DEFAULT_ACCOUNT_LINES, **(account_lines or {})}
        self.longest = max((len(p) for p in self.prefixes), default=0)
        self.types = sie.account_types
        self.cache: dict[str, str | None] = {}
        self.unmapped: dict[str, str] = {}

    def mapped(self, account: str) -> str | None:
        """The configured line, or None when no prefix matches."""
        if account in self.cache:
            return self.cache[account]
        found = None
        for length in range(min(len(account), self.longest), 0, -1):
            found = self.prefixes.get(account[:length])
            if found is not None:
                break
        self.cache[account] = found
        return found

    def line(self, account: str, amount: Decimal) -> str:
        """The line for a sum; an unmapped account goes to Övriga intäkter or kostnader.

        #KTYP decides (I or K) when present, then the account class (3 is revenue), then
        the sign of the amount (credit is revenue).
        """
        found = self.mapped(account)
        if found is not None:
            return found
        if account not in self.unmapped:
            kind = self.types.get(account)
            income = kind == "I" if kind in ("I", "K") else account[:1] == "3" or amount < 0
            self.unmapped[account] = "ovriga_intakter" if income else "ovriga_kostnader"
        return self.unmapped[account]


def _result_account_test(sie: SieFile) -> Callable[[str], bool]:
    """``SieFile.is_result_account``, cached per account for the loops over many sums."""
    cache: dict[str, bool] = {}

    def is_result(account: str) -> bool:
        known = cache.get(account)
        if known is None:
            known = cache[account] = sie.is_result_account(account)
        return known

    return is_result


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


def _add(sums: dict[K, Decimal], key: K, amount: Decimal) -> None:
    sums[key] = sums.get(key, _ZERO) + amount


class _Planner:
    """The state of one plan: sums per unit and month, per account, and counts."""

    def __init__(self, totals: SieTotals, dimension: int, lines: _Lines) -> None:
        self.totals = totals
        self.sie = totals.header
        self.dimension = dimension
        self.lines = lines
        self.is_result = _result_account_test(self.sie)
        self.counts: dict[str, int] = defaultdict(int)
        self.codes: set[str] = set()
        # (code, year, month, measure) -> sum of the unit's result accounts
        self.units: dict[tuple[str, int, int, Measure], Decimal] = {}
        # (code, year, month, account, measure) -> the same money per account (kostnadsslag)
        self.unit_costs: dict[tuple[str, int, int, str, Measure], Decimal] = {}
        # (measure, year index, period YYYYMM, account) -> sum, from {} rows and unit rows
        self.company: dict[_MonthKey, Decimal] = {}
        self.unit_accounts: dict[_MonthKey, Decimal] = {}
        # (year index of the voucher's date, the row's date, account) -> sum
        self.trans: dict[tuple[int | None, dt.date, str], Decimal] = {}
        self.last_month: dict[int, tuple[int, int]] = {}
        self.index_of_day: dict[dt.date, int | None] = {}
        self.period_index: dict[int, int] = {}
        self.moved: dict[Measure, int] = defaultdict(int)  # rows counted by their period
        self.unplaced: dict[ObjectList, None] = {}  # object lists naming the dimension twice
        self.project_unplaced: dict[ObjectList, None] = {}  # the same for the projects

    def code_of(self, objects: ObjectList, cache: dict[ObjectList, str | None]) -> str | None:
        """The object code of the chosen dimension in an object list (None when absent)."""
        if objects in cache:
            return cache[objects]
        code = next((c for d, c in objects if d == self.dimension), None)
        cache[objects] = code
        return code

    def seen_month(self, index: int, month: tuple[int, int]) -> None:
        """Remember the last month with an actual row in a year."""
        last = self.last_month.get(index)
        if last is None or month > last:
            self.last_month[index] = month

    def period_rows(self) -> bool:
        """Sum the #PSALDO/#PBUDGET sums; True when any actual is booked on the dimension.

        SIE 4B, #PSALDO/#PBUDGET ("objektlista"): a row may carry objects of several
        dimensions, {1 "Syd" 6 "0001" 7 "4"}, and a file may hold the same money in
        several cuts ({1 "Syd"} and its split per project {1 "Syd" 6 "P"}). Per account,
        month and unit each amount is counted exactly once (issue 13, finding 2): a row
        is left out when a coarser row of the same unit holds it (its object list is a
        part of this one's), and of what is left only rows that refine the coarsest
        combination count; a row whose list names the dimension twice cannot be placed.
        Both are counted (``rows_overlapping``, ``rows_unplaced``) and reported.
        """
        counts, is_result = self.counts, self.is_result
        rows: list[tuple[tuple[Measure, int, int, str, str], frozenset[tuple[int, str]], Decimal]]
        rows = []
        lists: dict[tuple[Measure, int, int, str, str], set[frozenset[tuple[int, str]]]] = {}
        object_actuals = False
        dimension = self.dimension
        for (measure, index, period, account, objects), amount in self.totals.period_sums.items():
            index = self.index_of_period(measure, index, period)
            if index not in _YEARS[measure]:
                counts["rows_other_years"] += 1
                continue
            if measure == "actual":
                self.seen_month(index, divmod(period, 100))
            if not objects:
                counts["rows_whole_company"] += 1
                _add(self.company, (measure, index, period, account), amount)
                continue
            codes = [c for d, c in objects if d == dimension]
            if not codes:
                counts["rows_other_dimensions"] += 1
                continue
            if not is_result(account):
                counts["rows_balance_accounts"] += 1
                continue
            if len(set(codes)) > 1:
                counts["rows_unplaced"] += 1
                self.unplaced.setdefault(objects, None)
                continue
            object_actuals = object_actuals or measure == "actual"
            code = codes[0]
            self.codes.add(code)
            key = (measure, index, period, account, code)
            pairs = frozenset(objects)
            rows.append((key, pairs, amount))
            lists.setdefault(key, set()).add(pairs)
        for key, amount in _once(rows, lists, dimension, counts):
            measure, index, period, account, code = key
            self.add_unit(
                (measure, index, account, code), period, amount, self.lines.mapped(account)
            )
        return object_actuals

    def index_of_period(
        self, measure: Measure, index: int, period: int, *, count: bool = True
    ) -> int:
        """The #RAR year a row's period lies in, when that differs from its year index.

        SIE 4B, #PSALDO/#PBUDGET: "årsnr" names the #RAR year the period belongs to. Some
        programs write next year's budget months under -1 or 1; the period is the fact,
        so the row counts in the year it falls in, with a warning (issue 13, finding 5).
        """
        cached = self.period_index.get(period)
        if cached is None:
            day = dt.date(period // 100, period % 100, 1)
            found = next(
                (i for i, (start, end) in self.sie.years.items() if start <= day <= end), index
            )
            cached = self.period_index[period] = found
        if cached != index and cached in _YEARS[measure]:
            if count:
                self.moved[measure] += 1
            return cached
        return index

    def add_unit(
        self, group: tuple[Measure, int, str, str], period: int, amount: Decimal, line: str | None
    ) -> None:
        """Add one object row to its unit's month (unless it is the allocation itself)."""
        measure, index, account, code = group
        _add(self.unit_accounts, (measure, index, period, account), amount)
        self.counts[f"rows_{measure}"] += 1
        if line in ALLOCATION_LINES:
            self.counts["rows_allocation"] += 1
            return
        year, month = divmod(period, 100)
        _add(self.units, (code, year, month, measure), amount)
        _add(self.unit_costs, (code, year, month, account, measure), amount)

    def year_index(self, day: dt.date) -> int | None:
        """Which #RAR year (0 or -1) a date falls in, cached per date."""
        if day in self.index_of_day:
            return self.index_of_day[day]
        found = None
        for index in (0, -1):
            span = self.sie.years.get(index)
            if span is not None and span[0] <= day <= span[1]:
                found = index
                break
        self.index_of_day[day] = found
        return found

    def voucher_rows(self, unit_actuals: bool) -> None:
        """Sum voucher rows per account and day; with ``unit_actuals`` per unit and month too."""
        cache: dict[ObjectList, str | None] = {}
        is_result, mapped, trans = self.is_result, self.lines.mapped, self.trans
        for (ver_day, day, account, objects), amount in self.totals.trans_sums.items():
            _add(trans, (self.year_index(ver_day), day, account), amount)
            index = self.year_index(day)
            if index is None:
                self.counts["transactions_outside_years"] += 1
                continue
            self.seen_month(index, (day.year, day.month))
            if not unit_actuals or not is_result(account):
                continue
            code = self.code_of(objects, cache)
            if code is None:
                continue
            self.codes.add(code)
            period = day.year * 100 + day.month
            self.add_unit(("actual", index, account, code), period, amount, mapped(account))

    def project_rows(self, dimension: int) -> dict[tuple[str, int, int], Decimal]:
        """Each project object's utfall per calendar month of year 0: (code, year, month).

        What a project's utfall is, from SIE 4B: #PSALDO "anger periodens förändring på
        kontot", per object when its {objektlista} names one (type 3: "poster anges både
        för kontot som helhet och för objekten"); a #TRANS row is booked on the objects of
        its {objektlista}, at its transdat ("Om transdat ej anges antas … verifikations-
        datum"). So a month's utfall of object P is the change, debit positive, of every
        account booked on P that carries an investment's money: the anläggningstillgångar
        (groups 10–13, where a project is activated) and the resultaträkning's accounts
        (a project kept on a dimension over cost accounts: costs debit positive, an
        investeringsinkomst credit negative). The rest of the balance sheet (omsättnings-
        tillgångar 14–19, skulder and eget kapital) is the other side of a booking, the
        bank or a leverantörsskuld: counting it would net every voucher to zero, so it is
        left out (``project_rows_other_accounts``). An activation booked on P on both
        sides (cost account to 12xx) nets to zero, as it should: the money is counted once.

        The source is the units': the #PSALDO rows naming the dimension when the file has
        any (each object's money once, whatever else the list holds, as ``_once`` does),
        else the vouchers. Only year 0: the investment follow-up is this year's, and a
        locked bokslut of last year must not stop the import.
        """
        counts = self.counts
        counts_for = _project_account(self.sie, self.is_result)
        rows: list[_ObjectRow] = []
        lists: dict[tuple[Measure, int, int, str, str], set[frozenset[tuple[int, str]]]] = {}
        in_psaldo = False
        sums: dict[tuple[str, int, int], Decimal] = {}
        for (measure, index, period, account, objects), amount in self.totals.period_sums.items():
            if measure != "actual":
                continue
            codes = [c for d, c in objects if d == dimension]
            if not codes:
                continue
            in_psaldo = True
            if self.index_of_period(measure, index, period, count=False) != 0:
                continue
            if not counts_for(account):
                counts["project_rows_other_accounts"] += 1
                continue
            if len(set(codes)) > 1:
                counts["project_rows_unplaced"] += 1
                self.project_unplaced.setdefault(objects, None)
                continue
            key: tuple[Measure, int, int, str, str] = ("actual", 0, period, account, codes[0])
            pairs = frozenset(objects)
            rows.append((key, pairs, amount))
            lists.setdefault(key, set()).add(pairs)
        once: dict[str, int] = defaultdict(int)  # the units' overlap counts stay theirs
        for (_, _, period, _, code), amount in _once(rows, lists, dimension, once):
            _add(sums, (code, period // 100, period % 100), amount)
        counts["project_rows_overlapping"] += once["rows_overlapping"]
        if in_psaldo:
            counts["project_rows_psaldo"] += len(rows)
            return sums
        for (_, day, account, objects), amount in self.totals.trans_sums.items():
            codes = [c for d, c in objects if d == dimension]
            if not codes or self.year_index(day) != 0:
                continue
            if not counts_for(account):
                counts["project_rows_other_accounts"] += 1
                continue
            if len(set(codes)) > 1:
                counts["project_rows_unplaced"] += 1
                self.project_unplaced.setdefault(objects, None)
                continue
            counts["project_rows_trans"] += 1
            _add(sums, (codes[0], day.year, day.month), amount)
        return sums


_ObjectRow = tuple[tuple[Measure, int, int, str, str], frozenset[tuple[int, str]], Decimal]


def _once(
    rows: list[_ObjectRow],
    lists: Mapping[tuple[Measure, int, int, str, str], set[frozenset[tuple[int, str]]]],
    dimension: int,
    counts: dict[str, int],
) -> Iterator[tuple[tuple[Measure, int, int, str, str], Decimal]]:
    """Each object's money exactly once (issue 13, finding 2), for the units and projects.

    ``rows`` are (measure, index, period, account, object code) keys with their object
    lists and amounts; ``lists`` every object list present per key. A row is left out when
    a coarser row of the same object holds it (its list is a part of this one's), and of
    what is left only rows that refine the coarsest combination count. Both are counted in
    ``counts`` (``rows_overlapping``, ``rows_other_cuts``).
    """
    base: dict[tuple[Measure, int, int, str, str], tuple[int, tuple[int, ...]]] = {}
    kept: list[_ObjectRow] = []
    for key, pairs, amount in rows:
        if _covered(pairs, lists[key], (dimension, key[4])):
            counts["rows_overlapping"] += 1
            continue
        kept.append((key, pairs, amount))
        rank = _rank(pairs)
        if key not in base or rank < base[key]:
            base[key] = rank
    for key, pairs, amount in kept:
        if not set(base[key][1]) <= {d for d, _ in pairs}:
            # Another cut of the same money ({1 A 6 P} beside {1 A 7 E}): counted once.
            counts["rows_overlapping"] += 1
            counts["rows_other_cuts"] += 1
            continue
        yield key, amount


def _project_account(sie: SieFile, is_result: Callable[[str], bool]) -> Callable[[str], bool]:
    """Whether an amount on an account is part of a project's utfall (see ``project_rows``):
    a resultaträkning account, or an anläggningstillgång (#KTYP T, or no #KTYP)."""
    cache: dict[str, bool] = {}
    types = sie.account_types

    def counts(account: str) -> bool:
        known = cache.get(account)
        if known is None:
            known = cache[account] = is_result(account) or (
                account[:2] in FIXED_ASSET_GROUPS and types.get(account, "T") == "T"
            )
        return known

    return counts


def _rank(pairs: frozenset[tuple[int, str]]) -> tuple[int, tuple[int, ...]]:
    """Order object combinations: fewest dimensions first, then by dimension number."""
    dims = tuple(sorted(d for d, _ in pairs))
    return (len(dims), dims)


def _covered(
    pairs: frozenset[tuple[int, str]],
    present: set[frozenset[tuple[int, str]]],
    unit: tuple[int, str],
) -> bool:
    """Whether a coarser row of the same unit (a part of this object list) is in the file."""
    if len(present) == 1:
        return False
    others = [pair for pair in pairs if pair != unit]
    if len(others) > _MAX_SUBSET_DIMENSIONS:
        return any(other < pairs and unit in other for other in present)
    return any(
        frozenset((unit, *combo)) in present
        for size in range(len(others))
        for combo in combinations(others, size)
    )


def _units(
    sie: SieFile, dimension: int, codes: set[str], include_undeclared: bool, warnings: list[str]
) -> list[PlanUnit]:
    """The dimension's objects in file order, then objects used but declared elsewhere or not."""
    # Names come from the file and reach the terminal and the database: visible() shows
    # control bytes (ESC, CSI) as symbols (issue 13, finding 6).
    units = [
        PlanUnit(code, visible(name, None))
        for (dim, code), name in sie.objects.items()
        if dim == dimension
    ]
    known = {unit.code for unit in units}
    # An object declared in a subdimension (#UNDERDIM) but booked on the chosen one,
    # as SIE4_Exempelfil_med_underdim.SE does with {6 0037} (#OBJEKT 62 0037).
    sub_names = _subdimension_object_names(sie, dimension)
    for code in sorted(codes - known):
        if code in sub_names:
            units.append(PlanUnit(code, visible(sub_names[code], None)))
            known.add(code)
    undeclared = sorted(codes - known)
    if undeclared:
        shown = ", ".join(f'"{one_line(code, 40)}"' for code in undeclared)
        what = "de tas med som egna enheter" if include_undeclared else "de tas inte med"
        warnings.append(
            f"dimension {dimension} har belopp på objekt som saknar #OBJEKT: {shown}; {what}"
        )
        if include_undeclared:
            units.extend(
                PlanUnit(code, f"Objekt {code} (saknar #OBJEKT)", False) for code in undeclared
            )
    return units


def _fiscal_years(sie: SieFile, last_month: Mapping[int, tuple[int, int]]) -> dict[int, FiscalYear]:
    """Years 0 and -1 with their completeness.

    A year is complete when the file was generated (#GEN) after its last day; a file
    without #GEN counts as complete when it has rows in the year's last month or no
    monthly rows at all (a type 1 file of year-end balances).
    """
    out: dict[int, FiscalYear] = {}
    for index in (0, -1):
        if index not in sie.years:
            continue
        start, end = sie.years[index]
        last = last_month.get(index)
        if sie.generated is not None:
            complete = sie.generated > end
        else:
            complete = not last_month or last == (end.year, end.month)
        out[index] = FiscalYear(index, start, end, complete, last)
    return out


@dataclass(frozen=True)
class _Sources:
    """The planner's sums per year and per month, regrouped once for every consumer.

    Per year: ``company`` from the {} rows, ``trans`` from the vouchers by the voucher's
    date, ``units`` from the unit rows. Per month (actuals only): the same, the vouchers
    by the row's date, as the units' monthly figures take them.
    """

    company: _YearSums
    trans: _YearSums
    units: _YearSums
    company_months: _MonthSums
    trans_months: _MonthSums
    unit_months: _MonthSums

    @classmethod
    def of(cls, p: _Planner) -> _Sources:
        """Regroup the planner's month-keyed sums (small: accounts × months, not rows)."""
        company, company_months = _regroup(p.company)
        units, unit_months = _regroup(p.unit_accounts)
        trans: _YearSums = {}
        trans_months: _MonthSums = {}
        for (ver_index, day, account), amount in p.trans.items():
            if ver_index is not None:
                _add(trans.setdefault(("actual", ver_index), {}), account, amount)
            index = p.year_index(day)
            if index is not None:
                months = trans_months.setdefault(index, {}).setdefault(account, {})
                _add(months, day.year * 100 + day.month, amount)
        return cls(company, trans, units, company_months, trans_months, unit_months)


def _regroup(sums: Mapping[_MonthKey, Decimal]) -> tuple[_YearSums, _MonthSums]:
    """Per-year sums of every measure and per-month sums of the actuals, from one dict."""
    years: _YearSums = {}
    months: _MonthSums = {}
    for (measure, index, period, account), amount in sums.items():
        _add(years.setdefault((measure, index), {}), account, amount)
        if measure == "actual":
            _add(months.setdefault(index, {}).setdefault(account, {}), period, amount)
    return years, months


def _lines_of(p: _Planner, chosen: Mapping[str, Decimal]) -> dict[str, int]:
    """Sum accounts into resultaträkning lines, in account order so a fallback line is stable."""
    lines: dict[str, int] = {}
    for account in sorted(chosen):
        line = p.lines.line(account, chosen[account])
        lines[line] = lines.get(line, 0) + to_ore(chosen[account])
    return lines


def _line_totals(
    p: _Planner, src: _Sources, res: Mapping[tuple[int, str], Decimal]
) -> dict[tuple[int, Measure], dict[str, int]]:
    """Resultaträkning lines per year and measure, each account from its best source.

    Actuals: #RES, else the {} #PSALDO rows, else the vouchers, else the unit rows.
    Budget: the {} #PBUDGET rows, else the unit rows.
    """
    sources: dict[tuple[int, Measure], list[Mapping[str, Decimal]]] = {}
    for index in (0, -1):
        sources[(index, "actual")] = [
            {a: v for (i, a), v in res.items() if i == index},
            src.company.get(("actual", index), {}),
            src.trans.get(("actual", index), {}),
            src.units.get(("actual", index), {}),
        ]
    sources[(0, "budget")] = [src.company.get(("budget", 0), {}), src.units.get(("budget", 0), {})]
    out: dict[tuple[int, Measure], dict[str, int]] = {}
    for key, layers in sources.items():
        chosen: dict[str, Decimal] = {}
        for layer in layers:
            for account, amount in layer.items():
                if account not in chosen and p.is_result(account):
                    chosen[account] = amount
        lines = _lines_of(p, chosen)
        if lines:
            out[key] = lines
    return out


def _line_totals_to_date(
    p: _Planner, src: _Sources, fiscal_years: Mapping[int, FiscalYear]
) -> dict[tuple[int, int, int], dict[str, int]]:
    """The actuals' lines from the fiscal year's start through each month, for follow-ups.

    Each account takes all its months from one source, chosen per year as ``_line_totals``
    does after #RES (the {} #PSALDO rows, else the vouchers by row date, else the unit
    rows), so December's sum is the year's whenever that did not come from #RES.
    """
    out: dict[tuple[int, int, int], dict[str, int]] = {}
    for index, fiscal in fiscal_years.items():
        chosen: dict[str, dict[int, Decimal]] = {}
        for layer in (src.company_months, src.trans_months, src.unit_months):
            for account, months in layer.get(index, {}).items():
                if account not in chosen and p.is_result(account):
                    chosen[account] = months
        running: dict[str, Decimal] = {}
        for year, month in fiscal.months():
            period = year * 100 + month
            for account, months in chosen.items():
                amount = months.get(period)
                if amount is not None:
                    running[account] = running.get(account, _ZERO) + amount
            if running:
                out[(index, year, month)] = _lines_of(p, running)
    return out


def _cross_checks(
    p: _Planner, src: _Sources, res: Mapping[tuple[int, str], Decimal]
) -> list[CrossCheck]:
    """#RES against the {} #PSALDO rows and the vouchers, and #IB + vouchers against #UB."""
    sie, is_result = p.sie, p.is_result
    res0 = {a: v for (i, a), v in res.items() if i == 0}
    psaldo0 = src.company.get(("actual", 0), {})
    checks: list[CrossCheck] = []
    if psaldo0:
        for account in sorted(res0):
            if is_result(account):
                checks.append(
                    CrossCheck(
                        f"#RES 0 {account} = summa #PSALDO {{}}",
                        to_ore(res0[account]),
                        to_ore(psaldo0.get(account, _ZERO)),
                    )
                )
    if p.totals.trans_sums:
        trans0 = src.trans.get(("actual", 0), {})
        ib0: dict[str, Decimal] = {}
        ub0: dict[str, Decimal] = {}
        for row in sie.opening_balances:
            if row.year == 0:
                _add(ib0, row.account, row.amount)
        for row in sie.closing_balances:
            if row.year == 0:
                _add(ub0, row.account, row.amount)
        balance_accounts = {a for a in set(ib0) | set(ub0) | set(trans0) if not is_result(a)}
        for account in sorted(balance_accounts):
            checks.append(
                CrossCheck(
                    f"#IB 0 + #TRANS = #UB 0 {account}",
                    to_ore(ub0.get(account, _ZERO)),
                    to_ore(ib0.get(account, _ZERO) + trans0.get(account, _ZERO)),
                )
            )
        for account in sorted(res0):
            if is_result(account):
                checks.append(
                    CrossCheck(
                        f"#RES 0 {account} = summa #TRANS",
                        to_ore(res0[account]),
                        to_ore(trans0.get(account, _ZERO)),
                    )
                )
    return checks


def plan_sie_import(
    read: SieFile | SieTotals,
    *,
    dimension: int = 1,
    account_lines: Mapping[str, str] | None = None,
    committee: str | None = None,
    include_undeclared: bool = True,
    project_dimension: int | None = None,
) -> SieImportPlan:
    """Compute what importing a SIE file would create, so the user can review it first.

    ``dimension`` picks the SIE dimension whose objects are the units (1 is
    "kostnadsställe/resultatenhet" by the standard). ``account_lines`` maps account
    prefixes to resultaträkning lines on top of DEFAULT_ACCOUNT_LINES; the longest
    prefix wins. ``project_dimension`` (6 is "projekt" by the standard) adds each of its
    objects' monthly utfall (``_Planner.project_rows``). Raises SieError only when the
    file lacks ``#RAR 0``.
    """
    with decimal.localcontext(prec=_PRECISION):
        totals = read if isinstance(read, SieTotals) else totals_of(read)
        plan = _plan(totals, dimension, account_lines, committee, include_undeclared)
        if project_dimension is not None:
            _plan_projects(plan, totals, project_dimension)
        return plan


def _plan_projects(plan: SieImportPlan, totals: SieTotals, dimension: int) -> None:
    """Add the project dimension's objects and their monthly utfall of year 0 to a plan."""
    sie = totals.header
    planner = _Planner(totals, dimension, _Lines(sie, None))
    sums = planner.project_rows(dimension)
    plan.project_dimension = dimension
    plan.project_dimension_name = one_line(sie.dimensions.get(dimension, ""), None)
    names = {code: name for (dim, code), name in sie.objects.items() if dim == dimension}
    for code, name in _subdimension_object_names(sie, dimension).items():
        names.setdefault(code, name)
    codes = {code for code, _, _ in sums}
    order = [code for code in names if code in codes] + sorted(codes - set(names))
    plan.projects = [
        PlanProject(code, visible(names.get(code, f"Objekt {code}"), None)) for code in order
    ]
    rank = {code: i for i, code in enumerate(order)}
    plan.project_figures = sorted(
        (
            ProjectFigure(code, year, month, to_ore(amount))
            for (code, year, month), amount in sums.items()
        ),
        key=lambda f: (rank[f.code], f.year, f.month),
    )
    for key in ("project_rows_psaldo", "project_rows_trans", "project_rows_other_accounts"):
        plan.counts[key] = planner.counts.get(key, 0)
    plan.counts["project_rows_unplaced"] = planner.counts.get("project_rows_unplaced", 0)
    if planner.project_unplaced:
        shown = ", ".join(
            "{" + " ".join(f'{d} "{one_line(c, 40)}"' for d, c in objects) + "}"
            for objects in list(planner.project_unplaced)[:_SHOWN]
        )
        plan.warnings.append(
            f"{planner.counts['project_rows_unplaced']} rader nämner dimension {dimension}"
            f" flera gånger och kan inte knytas till ett projekt: {shown}"
        )
    if not plan.projects:
        declared = sie.dimensions.get(dimension)
        what = (
            f"filen har ingen dimension {dimension}"
            if declared is None and not names
            else f"dimension {dimension}"
            + (f" »{one_line(declared, 60)}«" if declared else "")
            + f" har inga objekt med utfall {sie.years[0][1].year}"
        )
        plan.warnings.append(f"{what}; inga projekt får utfall (--project-dimension)")


def _plan(
    read: SieFile | SieTotals,
    dimension: int,
    account_lines: Mapping[str, str] | None,
    committee: str | None,
    include_undeclared: bool,
) -> SieImportPlan:
    totals = read if isinstance(read, SieTotals) else totals_of(read)
    sie = totals.header
    warnings: list[str] = list(sie.warnings)
    if sie.warnings_total > len(sie.warnings):
        warnings.append(f"… och {sie.warnings_total - len(sie.warnings)} ignorerade poster till")
    if 0 not in sie.years:
        _years_from_vouchers(totals, warnings)
    lines = _Lines(sie, account_lines)
    planner = _Planner(totals, dimension, lines)

    object_actuals = planner.period_rows()
    unit_actuals = not object_actuals and bool(totals.trans_sums) and totals.voucher_objects
    if unit_actuals:
        planner.counts["actuals_from_vouchers"] = 1
    elif not object_actuals and totals.trans_sums and not totals.voucher_objects:
        # sum_sie judged #PSALDO to hold the units, but a later #KTYP changed that.
        warnings.append("enheternas utfall tas inte från #TRANS: filen har #KTYP efter #VER")
    planner.voucher_rows(unit_actuals)

    units = _units(sie, dimension, planner.codes, include_undeclared, warnings)
    order = {unit.code: i for i, unit in enumerate(units)}
    measure_order = {"budget": 0, "actual": 1}
    figures = [
        PlanFigure(code, year, month, measure, to_ore(amount))
        for (code, year, month, measure), amount in planner.units.items()
        if code in order
    ]
    figures.sort(key=lambda f: (order[f.unit_code], f.year, f.month, measure_order[f.measure]))

    res: dict[tuple[int, str], Decimal] = {}
    for row in sie.results:
        _add(res, (row.year, row.account), row.amount)
    sources = _Sources.of(planner)
    fiscal_years = _fiscal_years(sie, planner.last_month)
    line_totals = _line_totals(planner, sources, res)
    line_totals_to_date = _line_totals_to_date(planner, sources, fiscal_years)
    # After the resultaträkning, so an unmapped account keeps the fallback line it got there.
    costs = [
        CostFigure(code, year, month, measure, account, lines.line(account, amount), to_ore(amount))
        for (code, year, month, account, measure), amount in planner.unit_costs.items()
        if code in order
    ]
    if lines.unmapped:
        shown = ", ".join(f"{a} → {line}" for a, line in sorted(lines.unmapped.items()))
        warnings.append(f"konton utan rad i [import.sie.accounts] räknas som övrigt: {shown}")
    checks = _cross_checks(planner, sources, res)
    failed = sum(1 for check in checks if not check.ok)
    if failed:
        warnings.append(f"{failed} av {len(checks)} kontroller stämmer inte")
    warnings.extend(_row_warnings(planner))
    if not units or not figures:
        warnings.append(_no_units_warning(totals, dimension))

    counts = planner.counts
    counts.update(
        accounts=len(sie.accounts),
        dimensions=len(sie.dimensions),
        objects=len(sie.objects),
        units=len(units),
        undeclared_units=sum(1 for unit in units if not unit.declared),
        psaldo_rows=totals.rows.get("psaldo", 0),
        pbudget_rows=totals.rows.get("pbudget", 0),
        vouchers=totals.rows.get("vouchers", 0),
        transactions=totals.rows.get("trans", 0),
        figures=len(figures),
        cross_checks=len(checks),
        cross_checks_failed=failed,
    )
    return SieImportPlan(
        committee=one_line(committee or sie.company_name or PurePath(sie.source).stem, None),
        year=sie.years[0][1].year,
        previous_year=sie.years[-1][1].year if -1 in sie.years else None,
        dimension=dimension,
        units=units,
        figures=figures,
        line_totals=line_totals,
        cross_checks=checks,
        counts=dict(counts),
        fiscal_years=fiscal_years,
        line_totals_to_date=line_totals_to_date,
        costs=costs,
        warnings=warnings,
        source=sie.source,
        dimension_name=one_line(sie.dimensions.get(dimension, ""), None),
    )


def _years_from_vouchers(totals: SieTotals, warnings: list[str]) -> None:
    """Give a file without #RAR (type 4I: vouchers only) calendar years from its vouchers.

    SIE 4B, #RAR is "obligatorisk" in types 1–4E but not in 4I, whose vouchers carry
    their own dates (issue 13, finding 4): year 0 is the calendar year of the last
    voucher, -1 the one before when vouchers fall in it. A file with neither is refused.
    """
    sie = totals.header
    days = [ver_day for ver_day, _, _, _ in totals.trans_sums]
    if not days:
        raise SieError(sie.source, 0, "", "filen saknar #RAR 0 (räkenskapsåret)")
    year = max(days).year
    sie.years[0] = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    if any(day.year == year - 1 for day in days):
        sie.years[-1] = (dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
    warnings.append(f"filen saknar #RAR; räkenskapsåret tas från verifikationernas datum: {year}")


def _row_warnings(p: _Planner) -> list[str]:
    """What the rows' year indexes and object lists made the planner count differently."""
    out = []
    words = {"actual": "#PSALDO", "budget": "#PBUDGET"}
    for measure, moved in sorted(p.moved.items()):
        out.append(
            f"{moved} {words[measure]}-rader har ett årsnummer som inte stämmer med perioden;"
            " de räknas till det räkenskapsår perioden ligger i"
        )
    if p.unplaced:
        shown = ", ".join(
            "{" + " ".join(f'{d} "{one_line(c, 40)}"' for d, c in objects) + "}"
            for objects in list(p.unplaced)[:_SHOWN]
        )
        out.append(
            f"{p.counts['rows_unplaced']} rader nämner dimension {p.dimension} flera gånger"
            f" och kan inte knytas till en enhet: {shown}"
        )
    if p.counts.get("rows_other_cuts"):
        out.append(
            f"{p.counts['rows_other_cuts']} rader delar samma belopp på andra dimensioner"
            " än enhetens övriga rader och räknas inte (så inget belopp räknas två gånger)"
        )
    return out


def _no_units_warning(totals: SieTotals, dimension: int) -> str:
    """Why no unit was found, and which dimension does hold objects (issue 13, finding 5)."""
    sie = totals.header
    counts: dict[int, set[str]] = defaultdict(set)
    for dim, code in sie.objects:
        counts[dim].add(code)
    for key in totals.period_sums:
        for dim, code in key[4]:
            counts[dim].add(code)
    name = sie.dimensions.get(dimension)
    if name is None:
        what = f"filen har ingen dimension {dimension} med objekt"
    else:
        what = f"dimension {dimension} »{one_line(name, 60)}« har inga objekt med belopp"
    others = sorted(
        ((len(codes), dim) for dim, codes in counts.items() if dim != dimension and codes),
        reverse=True,
    )
    hints = [
        f"dimension {dim}"
        + (f" »{one_line(sie.dimensions[dim], 60)}«" if dim in sie.dimensions else "")
        + f" har {n} objekt; använd --dimension {dim}"
        for n, dim in others[:_SHOWN]
    ]
    tail = "; ".join(hints) if hints else "filen har inga objekt i någon dimension"
    return f"{what}: bara nämndens siffror och resultaträkning importeras; {tail}"
