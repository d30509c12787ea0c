"""The data a SIE file holds, as plain records with exact ``Decimal`` amounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, NamedTuple

from ksui.core.text import one_line
from ksui.importers.errors import ImportFileError

ObjectList = tuple[tuple[int, str], ...]
TransKind = Literal["trans", "rtrans", "btrans"]
Measure = Literal["budget", "actual"]

_MAX_SHOWN_LINE = 160
_RESULT_CLASSES = frozenset("345678")


class SieError(ImportFileError):
    """A SIE file could not be read; carries the place so the user can fix the file."""

    def __init__(self, source: str, line_no: int, line_text: str, message: str) -> None:
        super().__init__(source, line_no, line_text, message)

    @property
    def line_no(self) -> int:
        """The 1-based line of the problem (0 when it concerns the whole file)."""
        return self.line or 0

    @property
    def line_text(self) -> str:
        """The offending line as it stands in the file."""
        return self.text

    def __str__(self) -> str:
        # The file's own text (name, bad line) may hold ESC/CSI bytes: one_line shows them
        # as symbols so they never steer the terminal (issue 13, finding 6).
        where = one_line(f"{self.source}:{self.line}" if self.line else self.source, None)
        text = one_line(self.text.strip(), _MAX_SHOWN_LINE + 1)
        message = one_line(self.message, None)
        return f"{where}: {message}: {text}" if text else f"{where}: {message}"


class Balance(NamedTuple):
    """An ``#IB``, ``#UB`` or ``#RES`` row: one account's balance for one year."""

    year: int
    account: str
    amount: Decimal
    quantity: Decimal | None = None


class ObjectBalance(NamedTuple):
    """An ``#OIB`` or ``#OUB`` row: a balance for an account and a set of objects."""

    year: int
    account: str
    objects: ObjectList
    amount: Decimal
    quantity: Decimal | None = None


class PeriodAmount(NamedTuple):
    """A ``#PSALDO`` or ``#PBUDGET`` row: the change (or budget) of one month (YYYYMM)."""

    year: int
    period: int
    account: str
    objects: ObjectList
    amount: Decimal
    quantity: Decimal | None = None

    @property
    def month(self) -> int:
        """The calendar month of the period, so callers need not do the YYYYMM arithmetic."""
        return self.period % 100


class Transaction(NamedTuple):
    """One row of a voucher; ``kind`` tells added (rtrans) and removed (btrans) rows apart."""

    account: str
    objects: ObjectList
    amount: Decimal
    date: dt.date | None = None
    text: str = ""
    quantity: Decimal | None = None
    sign: str = ""
    kind: TransKind = "trans"

    @property
    def counts(self) -> bool:
        """Whether the row belongs to the books (a removed ``#BTRANS`` row does not)."""
        return self.kind != "btrans"


@dataclass
class Voucher:
    """A ``#VER`` with its rows, because actuals can be derived from vouchers."""

    series: str
    number: str
    date: dt.date
    text: str = ""
    reg_date: dt.date | None = None
    sign: str = ""
    transactions: list[Transaction] = field(default_factory=list)
    line_no: int = field(default=0, compare=False)


@dataclass
class SieFile:
    """Everything a budget follow-up needs from one SIE file, amounts as exact Decimals."""

    flag: int | None = None
    program: str = ""
    program_version: str = ""
    format: str = ""
    generated: dt.date | None = None
    generated_by: str = ""
    sie_type: int | None = None
    company_number: str = ""
    org_nr: str = ""
    company_name: str = ""
    tax_year: int | None = None
    chart_type: str = ""
    currency: str = ""
    years: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    account_types: dict[str, str] = field(default_factory=dict)
    account_units: dict[str, str] = field(default_factory=dict)
    sru: dict[str, str] = field(default_factory=dict)
    dimensions: dict[int, str] = field(default_factory=dict)
    dimension_parents: dict[int, int] = field(default_factory=dict)
    objects: dict[tuple[int, str], str] = field(default_factory=dict)
    opening_balances: list[Balance] = field(default_factory=list)
    closing_balances: list[Balance] = field(default_factory=list)
    results: list[Balance] = field(default_factory=list)
    object_opening_balances: list[ObjectBalance] = field(default_factory=list)
    object_closing_balances: list[ObjectBalance] = field(default_factory=list)
    period_balances: list[PeriodAmount] = field(default_factory=list)
    period_budgets: list[PeriodAmount] = field(default_factory=list)
    vouchers: list[Voucher] = field(default_factory=list)
    # Bookkeeping about the read itself; not part of the file's content.
    source: str = field(default="<bytes>", compare=False)
    encoding: str = field(default="", compare=False)
    undeclared_objects: dict[tuple[int, str], int] = field(default_factory=dict, compare=False)
    skipped_records: dict[str, int] = field(default_factory=dict, compare=False)
    dropped_rtrans_copies: int = field(default=0, compare=False)
    # Records ksui does not use that were malformed and ignored, one line each (capped).
    warnings: list[str] = field(default_factory=list, compare=False)
    warnings_total: int = field(default=0, compare=False)

    def is_result_account(self, account: str) -> bool:
        """Whether an account belongs to the resultaträkning: #KTYP I or K, else class 3–8."""
        kind = self.account_types.get(account)
        if kind is not None:
            return kind in ("I", "K")
        return account[:1] in _RESULT_CLASSES


PeriodKey = tuple[Measure, int, int, str, ObjectList]
TransKey = tuple[dt.date, dt.date, str, ObjectList]


@dataclass
class SieTotals:
    """A SIE file with its rows summed per key: all an import needs, at a fraction of the cost.

    ``header`` holds everything but the row lists (its ``period_balances``,
    ``period_budgets`` and ``vouchers`` are empty). ``period_sums`` maps (measure, year
    index, period YYYYMM, account, objects) to the sum of the #PSALDO ("actual") or
    #PBUDGET ("budget") rows with that key; ``trans_sums`` maps (voucher date, row date,
    account, objects) to the sum of the voucher rows that count (#BTRANS rows are left
    out, and the #TRANS copy after an #RTRANS is counted once). ``rows`` counts the rows
    read: "psaldo", "pbudget", "trans", "vouchers" (and "lines" in the file).
    ``voucher_objects`` is False when voucher rows were summed without their objects,
    ``voucher_days`` False when their dates were kept per month (the first of the month
    stands for it); see ``sum_sie``.
    """

    header: SieFile
    period_sums: dict[PeriodKey, Decimal] = field(default_factory=dict)
    trans_sums: dict[TransKey, Decimal] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    voucher_objects: bool = True
    voucher_days: bool = True

    @property
    def source(self) -> str:
        """The file name, for messages."""
        return self.header.source
