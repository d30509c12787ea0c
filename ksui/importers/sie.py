"""Reader and writer for SIE 4 files (types 1, 2, 3, 4E and 4I).

SIE is the Swedish text format that finance systems (Raindance, Unit4, Visma, ...)
export; ksui reads it to get charts of accounts, cost centres, period balances,
period budgets and vouchers. Amounts are kept as exact ``Decimal`` values.

Format notes that shaped this module:

* A file is a sequence of lines; a record starts with ``#LABEL`` (case-insensitive)
  followed by fields separated by spaces or tabs. A field with spaces is quoted,
  ``\\"`` is a quote inside a quoted field. Object lists are written in braces:
  ``{1 "100" 6 "P1"}`` (pairs of dimension number and object code).
* ``#VER`` is followed by a ``{`` line, its ``#TRANS``/``#RTRANS``/``#BTRANS`` rows
  and a ``}`` line. ``#RTRANS`` (a row added by a correction) is by the standard
  followed by an identical ``#TRANS`` for readers that do not know ``#RTRANS``; that
  ``#TRANS`` is dropped here so the row is counted once. ``#BTRANS`` rows (removed
  by a correction) are kept with ``kind == "btrans"`` but must not be summed.
* Unknown records are skipped, as the standard requires.
* ``#PSALDO`` is the change within one period (month), not a running total; this
  holds for the real sample files in /work/shared/sie-samples for result *and*
  balance accounts (the months add up to ``#RES`` and to ``#UB - #IB``).
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal, NamedTuple

__all__ = [
    "Balance",
    "ObjectBalance",
    "ObjectList",
    "PeriodAmount",
    "SieError",
    "SieFile",
    "TransKind",
    "Transaction",
    "Voucher",
    "parse_sie",
    "read_sie",
    "write_sie",
]

ObjectList = tuple[tuple[int, str], ...]
TransKind = Literal["trans", "rtrans", "btrans"]

_MAX_SHOWN_LINE = 160


class SieError(Exception):
    """A SIE file could not be read; carries the place so the user can fix the file."""

    def __init__(self, source: str, line_no: int, line_text: str, message: str) -> None:
        super().__init__(source, line_no, line_text, message)
        self.source = source
        self.line_no = line_no
        self.line_text = line_text
        self.message = message

    def __str__(self) -> str:
        where = f"{self.source}:{self.line_no}" if self.line_no else self.source
        text = self.line_text.strip()
        if len(text) > _MAX_SHOWN_LINE:
            text = text[:_MAX_SHOWN_LINE] + "…"
        return f"{where}: {self.message}: {text}" if text else f"{where}: {self.message}"


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


# --------------------------------------------------------------------------- regexes

_Q = r'"(?:[^"\\]|\\.)*"'
_OBJ_INNER = rf'(?:[^{{}}"]|{_Q})*'
_FAST_NUM = r"-?\d{1,18}(?:\.\d{1,10})?"

# Fast paths for the shapes that make up nearly all of a big file.
_FAST_PERIOD_RE = re.compile(
    rf"#(PSALDO|PBUDGET)[ \t]+(-?\d{{1,3}})[ \t]+(\d{{6}})[ \t]+(\d{{1,12}})[ \t]+"
    rf"\{{({_OBJ_INNER})\}}[ \t]+({_FAST_NUM})(?:[ \t]+({_FAST_NUM}))?[ \t]*$"
)
_FAST_TRANS_RE = re.compile(
    rf"[ \t]*#TRANS[ \t]+(\d{{1,12}})[ \t]+\{{({_OBJ_INNER})\}}[ \t]+({_FAST_NUM})"
    r'(?:[ \t]+(\d{8})(?:[ \t]+"((?:[^"\\]|\\.)*)")?)?[ \t]*$'
)

_FIELD = r'(?:"([^"\\]*)"|([^ \t"{}\\]+))'
_FAST_VER_RE = re.compile(
    rf"#VER[ \t]+{_FIELD}[ \t]+{_FIELD}[ \t]+(\d{{8}})"
    rf"(?:[ \t]+{_FIELD}(?:[ \t]+(\d{{8}}))?)?[ \t]*$"
)

_LABEL_RE = re.compile(r'[ \t]*#([^ \t"{}]*)')
_TOKEN_RE = re.compile(
    r'"((?:[^"\\]|\\.)*)"'  # 1: quoted field
    rf"|\{{({_OBJ_INNER})\}}"  # 2: object list
    r'|([^ \t"{}]+)'  # 3: bare field
    r"|([^ \t])"  # 4: a stray quote or brace
)
_OBJ_TOKEN_RE = re.compile(r'"((?:[^"\\]|\\.)*)"|([^ \t"]+)|(")')
_UNESCAPE_RE = re.compile(r'\\(["\\])')
_ESCAPE_BACKSLASH_RE = re.compile(r'\\(?=["\\]|$)')
_BARE_SAFE_RE = re.compile(r'[^ \t"{}\\]+')

_AMOUNT_RE = re.compile(r"[+-]?(?:\d{1,18}(?:\.\d{0,10})?|\.\d{1,10})")
_NUMBER_LIKE_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_INT_RE = re.compile(r"[+-]?\d{1,9}")
_DATE_RE = re.compile(r"\d{8}")
_PERIOD_RE = re.compile(r"\d{4}(?:0[1-9]|1[0-2])")

_YEAR_RE = re.compile(r"[+-]?\d{1,3}")
_DIM_RE = re.compile(r"\d{1,9}")
_ACCOUNT_TYPES = frozenset("TSKI")
_TRANS_LABELS = frozenset({"TRANS", "RTRANS", "BTRANS"})


class _Braces(str):
    """The raw text inside ``{...}``, kept apart from ordinary fields by its type."""

    __slots__ = ()


def _unescape(text: str) -> str:
    return _UNESCAPE_RE.sub(r"\1", text) if "\\" in text else text


def _decode(data: bytes, source: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SieError(source, 1, "", "filen är UTF-16-kodad; SIE ska vara PC8 (CP437) eller UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line_no = data.count(b"\n", 0, nul) + 1
        raise SieError(source, line_no, "", "filen innehåller binära data (NUL-tecken), inte SIE")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp437"), "cp437"


# --------------------------------------------------------------------------- parser


class _Parser:
    """One read of one file; holds the state of the ``#VER`` block being read."""

    def __init__(self, source: str, strict_objects: bool) -> None:
        self.source = source
        self.strict_objects = strict_objects
        self.sie = SieFile(source=source)
        self.line_no = 0
        self.line = ""
        self.voucher: Voucher | None = None  # a #VER whose block is being read
        self.ver_line = ""
        self.block_open = False
        self.pending_rtrans: Transaction | None = None
        self.no_rows: list[Transaction] = []  # never filled: the fast path needs a block
        self.obj_cache: dict[str, ObjectList] = {"": ()}
        self.period_cache: dict[str, int] = {}
        self.date_cache: dict[str, dt.date] = {}
        self.year_cache: dict[str, int] = {"0": 0, "-1": -1}
        self.first_use: dict[tuple[int, str], tuple[int, str]] = {}
        self.handlers = {
            "FLAGGA": self._flagga,
            "PROGRAM": self._program,
            "FORMAT": self._format,
            "GEN": self._gen,
            "SIETYP": self._sietyp,
            "FNR": self._fnr,
            "ORGNR": self._orgnr,
            "FNAMN": self._fnamn,
            "RAR": self._rar,
            "TAXAR": self._taxar,
            "KPTYP": self._kptyp,
            "VALUTA": self._valuta,
            "KONTO": self._konto,
            "KTYP": self._ktyp,
            "ENHET": self._enhet,
            "SRU": self._sru,
            "DIM": self._dim,
            "UNDERDIM": self._underdim,
            "OBJEKT": self._objekt,
            "IB": self._ib,
            "UB": self._ub,
            "RES": self._res,
            "OIB": self._oib,
            "OUB": self._oub,
            "PSALDO": self._psaldo,
            "PBUDGET": self._pbudget,
            "VER": self._ver,
            "TRANS": self._trans,
            "RTRANS": self._rtrans,
            "BTRANS": self._btrans,
        }

    # -- errors and field access -------------------------------------------------

    def error(self, message: str) -> SieError:
        return SieError(self.source, self.line_no, self.line, message)

    def text(self, tokens: list[str], i: int, what: str) -> str:
        if i >= len(tokens):
            raise self.error(f"fält saknas: {what}")
        tok = tokens[i]
        if type(tok) is _Braces:
            raise self.error(f"{what} får inte vara en objektlista")
        return tok

    def optional_text(self, tokens: list[str], i: int, what: str) -> str:
        return self.text(tokens, i, what) if i < len(tokens) else ""

    def integer(self, tokens: list[str], i: int, what: str) -> int:
        tok = self.text(tokens, i, what)
        if not _INT_RE.fullmatch(tok):
            raise self.error(f'{what} "{tok}" är inget heltal')
        return int(tok)

    def amount(self, tok: str, what: str = "belopp") -> Decimal:
        if type(tok) is _Braces:
            raise self.error(f"{what} saknas, en objektlista står på dess plats")
        if _AMOUNT_RE.fullmatch(tok):
            return Decimal(tok)
        if _NUMBER_LIKE_RE.fullmatch(tok):
            raise self.error(f'{what} "{tok}" har för många siffror')
        raise self.error(f'{what} "{tok}" är inget tal')

    def required_amount(self, tokens: list[str], i: int) -> Decimal:
        if i >= len(tokens):
            raise self.error("fält saknas: belopp")
        return self.amount(tokens[i])

    def quantity(self, tokens: list[str], i: int) -> Decimal | None:
        if i >= len(tokens) or tokens[i] == "":
            return None
        return self.amount(tokens[i], "kvantitet")

    def date(self, tok: str, what: str) -> dt.date:
        if type(tok) is _Braces:
            raise self.error(f"{what} saknas, en objektlista står på dess plats")
        cached = self.date_cache.get(tok)
        if cached is not None:
            return cached
        if not _DATE_RE.fullmatch(tok):
            raise self.error(f'{what} "{tok}" är inget datum (ÅÅÅÅMMDD)')
        try:
            value = dt.date(int(tok[:4]), int(tok[4:6]), int(tok[6:]))
        except ValueError:
            raise self.error(f'{what} "{tok}" är inget giltigt datum') from None
        self.date_cache[tok] = value
        return value

    def optional_date(self, tokens: list[str], i: int, what: str) -> dt.date | None:
        if i >= len(tokens) or tokens[i] == "":
            return None
        return self.date(tokens[i], what)

    def year_index(self, tokens: list[str], i: int) -> int:
        tok = self.text(tokens, i, "årsnummer")
        cached = self.year_cache.get(tok)
        if cached is not None:
            return cached
        if not _YEAR_RE.fullmatch(tok):
            raise self.error(f'årsnummer "{tok}" är inget heltal')
        value = self.year_cache[tok] = int(tok)
        return value

    def period(self, tok: str) -> int:
        cached = self.period_cache.get(tok)
        if cached is not None:
            return cached
        if not _PERIOD_RE.fullmatch(tok):
            raise self.error(f'period "{tok}" är ingen giltig period (ÅÅÅÅMM)')
        value = self.period_cache[tok] = int(tok)
        return value

    def objects_at(self, tokens: list[str], i: int) -> tuple[ObjectList, int]:
        """Read the object list at ``i``; tolerate old files that leave it out."""
        if i < len(tokens) and type(tokens[i]) is _Braces:
            return self.objects(tokens[i]), i + 1
        if i >= len(tokens):
            raise self.error("fält saknas: objektlista")
        return (), i

    def objects(self, content: str) -> ObjectList:
        cached = self.obj_cache.get(content)
        if cached is not None:
            return cached
        items: list[str] = []
        for m in _OBJ_TOKEN_RE.finditer(content):
            if m.lastindex == 3:
                raise self.error("felaktig objektlista: citattecken som inte avslutas")
            quoted = m.group(1)
            items.append(_unescape(quoted) if quoted is not None else m.group(2))
        if len(items) % 2:
            raise self.error(
                "felaktig objektlista: udda antal element (dimension och objekt ska komma parvis)"
            )
        pairs: list[tuple[int, str]] = []
        for k in range(0, len(items), 2):
            dim_text = items[k]
            if not _DIM_RE.fullmatch(dim_text):
                raise self.error(
                    f'felaktig objektlista: dimensionsnummer "{dim_text}" är inget heltal'
                )
            key = (int(dim_text), items[k + 1])
            pairs.append(key)
            if key not in self.first_use:
                self.first_use[key] = (self.line_no, self.line)
        value = self.obj_cache[content] = tuple(pairs)
        return value

    # -- tokenizer ---------------------------------------------------------------

    def tokenize(self, rec: str, start: int) -> list[str]:
        tokens: list[str] = []
        append = tokens.append
        for m in _TOKEN_RE.finditer(rec, start):
            kind = m.lastindex
            if kind == 3:
                append(m.group(3))
            elif kind == 1:
                append(_unescape(m.group(1)))
            elif kind == 2:
                append(_Braces(m.group(2)))
            else:
                char = m.group(4)
                if char == '"':
                    raise self.error("citattecken som inte avslutas")
                if char == "{":
                    if "{" in rec[m.end() :].split("}", 1)[0]:
                        raise self.error("felaktig objektlista: nästlade klammerparenteser")
                    raise self.error("felaktig objektlista: { utan avslutande }")
                raise self.error("felaktig objektlista: } utan inledande {")
        return tokens

    # -- main loop ---------------------------------------------------------------

    def run(self, data: bytes) -> SieFile:
        text, encoding = _decode(data, self.source)
        self.sie.encoding = encoding
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.check_is_sie(lines)
        try:
            self.loop(lines)
            self.finish()
        except SieError:
            raise
        except Exception as exc:  # a safety net: the caller must only ever see SieError
            raise SieError(
                self.source,
                self.line_no,
                self.line,
                f"internt fel vid tolkning ({type(exc).__name__})",
            ) from exc
        return self.sie

    def check_is_sie(self, lines: list[str]) -> None:
        seen = 0
        first: tuple[int, str] | None = None
        for no, line in enumerate(lines, 1):
            stripped = line.strip(" \t\f\v")
            if not stripped:
                continue
            if first is None:
                first = (no, line)
            m = _LABEL_RE.match(stripped)
            if m is not None and m.group(1).upper() in self.handlers:
                return
            seen += 1
            if seen >= 10:
                break
        if first is None:
            raise SieError(self.source, 0, "", "filen är tom")
        raise SieError(
            self.source,
            first[0],
            first[1],
            "filen är ingen SIE-fil (ingen känd #-post bland de första raderna)",
        )

    def loop(self, lines: list[str]) -> None:
        """Read all lines; the common shapes take a fast path that builds rows directly."""
        sie = self.sie
        add_psaldo = sie.period_balances.append
        add_pbudget = sie.period_budgets.append
        fast_period = _FAST_PERIOD_RE.match
        fast_trans = _FAST_TRANS_RE.match
        fast_ver = _FAST_VER_RE.match
        obj_cache = self.obj_cache
        period_cache = self.period_cache
        year_cache = self.year_cache
        date_cache = self.date_cache
        new_tuple = tuple.__new__
        # Local mirrors of the block state; refreshed after anything that may change it.
        in_block = False
        in_ver = False
        add_trans = self.no_rows.append  # the open voucher's rows.append while in a block
        line_no = 0
        line = ""
        try:
            for line_no, line in enumerate(lines, 1):
                if not line:
                    continue
                first = line[0]
                if in_block:
                    m = fast_trans(line)
                    if m is not None and self.pending_rtrans is None:
                        account, content, amount_s, date_s, text = m.groups()
                        objs = obj_cache.get(content)
                        if objs is None:
                            self.line_no, self.line = line_no, line
                            objs = self.objects(content)
                        when = None
                        if date_s is not None:
                            when = date_cache.get(date_s)
                            if when is None:
                                self.line_no, self.line = line_no, line
                                when = self.date(date_s, "transaktionsdatum")
                        add_trans(
                            new_tuple(
                                Transaction,
                                (
                                    account,
                                    objs,
                                    Decimal(amount_s),
                                    when,
                                    "" if text is None else _unescape(text),
                                    None,
                                    "",
                                    "trans",
                                ),
                            )
                        )
                        continue
                elif first == "#" and not in_ver:
                    m = fast_period(line)
                    if m is not None:
                        label, year_s, period_s, account, content, amount_s, qty_s = m.groups()
                        year = year_cache.get(year_s)
                        period = period_cache.get(period_s)
                        objs = obj_cache.get(content)
                        if year is None or period is None or objs is None:
                            self.line_no, self.line = line_no, line
                            year = self.year_index([year_s], 0)
                            period = self.period(period_s)
                            objs = self.objects(content)
                        row = new_tuple(
                            PeriodAmount,
                            (
                                year,
                                period,
                                account,
                                objs,
                                Decimal(amount_s),
                                None if qty_s is None else Decimal(qty_s),
                            ),
                        )
                        if label == "PSALDO":
                            add_psaldo(row)
                        else:
                            add_pbudget(row)
                        continue
                    m = fast_ver(line)
                    if m is not None:
                        self.line_no, self.line = line_no, line
                        self.fast_voucher(m)
                        in_ver = True
                        continue
                rec = line
                if first != "#":
                    rec = line.lstrip(" \t")
                    if not rec:
                        continue
                    first = rec[0]
                    if first != "#":
                        if first != "{" and first != "}":
                            continue  # not a record: skipped, as the standard says
                        self.line_no, self.line = line_no, line
                        if first == "{":
                            self.open_block()
                        else:
                            self.close_block()
                    else:
                        self.line_no, self.line = line_no, line
                        self.slow(rec)
                else:
                    self.line_no, self.line = line_no, line
                    self.slow(rec)
                in_block = self.block_open
                in_ver = self.voucher is not None
                voucher = self.voucher
                add_trans = (voucher.transactions if in_block and voucher else self.no_rows).append
        except SieError:
            raise
        except Exception:
            self.line_no, self.line = line_no, line
            raise

    def fast_voucher(self, m: re.Match[str]) -> None:
        series_q, series, number_q, number, date_s, text_q, text, reg_s = m.groups()
        when = self.date_cache.get(date_s)
        if when is None:
            when = self.date(date_s, "verifikationsdatum")
        reg = None
        if reg_s is not None:
            reg = self.date_cache.get(reg_s)
            if reg is None:
                reg = self.date(reg_s, "registreringsdatum")
        self.voucher = Voucher(
            series_q if series is None else series,
            number_q if number is None else number,
            when,
            (text_q or "") if text is None else text,
            reg,
            "",
            [],
            self.line_no,
        )
        self.ver_line = self.line

    def slow(self, rec: str) -> None:
        m = _LABEL_RE.match(rec)
        assert m is not None  # rec starts with optional blanks and '#'
        label = m.group(1).upper()
        handler = self.handlers.get(label)
        if self.block_open:
            if handler is not None and label not in _TRANS_LABELS:
                assert self.voucher is not None
                raise self.error(
                    f"#{label} kan inte stå inuti en verifikation; saknas }} efter #VER "
                    f"på rad {self.voucher.line_no}?"
                )
        elif self.voucher is not None:
            raise self.error(f"efter #VER på rad {self.voucher.line_no} ska en rad med {{ följa")
        if handler is None:
            skipped = self.sie.skipped_records
            skipped[label] = skipped.get(label, 0) + 1
            return
        handler(self.tokenize(rec, m.end()))

    # -- voucher blocks ----------------------------------------------------------

    def open_block(self) -> None:
        if self.block_open:
            raise self.error("oväntad { inuti en verifikation")
        if self.voucher is None:
            return  # a stray brace outside any voucher is not a record: skip it
        self.block_open = True
        self.pending_rtrans = None

    def close_block(self) -> None:
        if not self.block_open:
            if self.voucher is not None:
                raise self.error(
                    f"efter #VER på rad {self.voucher.line_no} ska en rad med {{ följa"
                )
            return
        assert self.voucher is not None
        self.sie.vouchers.append(self.voucher)
        self.voucher = None
        self.block_open = False
        self.pending_rtrans = None

    def add_transaction(self, trans: Transaction) -> None:
        assert self.voucher is not None
        pending = self.pending_rtrans
        self.pending_rtrans = None
        kind = trans.kind
        if kind == "trans" and pending is not None and trans[:7] == pending[:7]:
            # The #TRANS copy that the standard puts after each #RTRANS: count once.
            self.sie.dropped_rtrans_copies += 1
            return
        self.voucher.transactions.append(trans)
        if kind == "rtrans":
            self.pending_rtrans = trans

    def finish(self) -> None:
        if self.voucher is not None:
            ver = self.voucher
            raise SieError(
                self.source,
                ver.line_no,
                self.ver_line,
                "verifikationen avslutas aldrig med }",
            )
        sie = self.sie
        declared = sie.objects
        parents = sie.dimension_parents
        # A subdimension's objects also count as objects of its superdimension: the
        # sample SIE4_Exempelfil_med_underdim.SE books {6 0037} where 0037 is declared
        # as an object of dimension 62, a subdimension of 6.
        declared_codes: set[tuple[int, str]] = set(declared)
        for dim, code in declared:
            parent = parents.get(dim)
            while parent is not None and (parent, code) not in declared_codes:
                declared_codes.add((parent, code))
                parent = parents.get(parent)
        dims_with_objects = {dim for dim, _ in declared_codes}
        # Objects that rows use but #OBJEKT never declares. The standard wants every
        # object declared, but real exports do not: Test3.SE (Briljant) books rows on
        # {1 "0"} ("no department") although dimension 1 declares 17 other objects.
        # Refusing such files would refuse real data, so by default they are reported
        # in `undeclared_objects` and the import plan shows them; strict_objects=True
        # restores the standard's rule. Dimensions without any #OBJEKT at all are not
        # checked (files often leave out the object register of e.g. employees).
        for key, (line_no, line) in self.first_use.items():
            if key in declared_codes or key[0] not in dims_with_objects:
                continue
            if self.strict_objects:
                raise SieError(
                    self.source,
                    line_no,
                    line,
                    f'objekt "{key[1]}" i dimension {key[0]} är inte deklarerat med #OBJEKT',
                )
            sie.undeclared_objects[key] = line_no

    # -- record handlers ---------------------------------------------------------

    def _flagga(self, t: list[str]) -> None:
        self.sie.flag = self.integer(t, 0, "flagga")

    def _program(self, t: list[str]) -> None:
        self.sie.program = self.text(t, 0, "programnamn")
        self.sie.program_version = self.optional_text(t, 1, "version")

    def _format(self, t: list[str]) -> None:
        self.sie.format = self.text(t, 0, "format")

    def _gen(self, t: list[str]) -> None:
        self.sie.generated = self.date(self.text(t, 0, "datum"), "datum")
        self.sie.generated_by = self.optional_text(t, 1, "signatur")

    def _sietyp(self, t: list[str]) -> None:
        value = self.integer(t, 0, "SIE-typ")
        if not 1 <= value <= 4:
            raise self.error(f"okänd SIE-typ {value} (ska vara 1–4)")
        self.sie.sie_type = value

    def _fnr(self, t: list[str]) -> None:
        self.sie.company_number = self.text(t, 0, "företagsid")

    def _orgnr(self, t: list[str]) -> None:
        self.sie.org_nr = self.text(t, 0, "organisationsnummer")

    def _fnamn(self, t: list[str]) -> None:
        self.sie.company_name = self.text(t, 0, "företagsnamn")

    def _rar(self, t: list[str]) -> None:
        index = self.year_index(t, 0)
        start = self.date(self.text(t, 1, "startdatum"), "startdatum")
        end = self.date(self.text(t, 2, "slutdatum"), "slutdatum")
        if end < start:
            raise self.error("räkenskapsårets slutdatum ligger före startdatum")
        self.sie.years[index] = (start, end)

    def _taxar(self, t: list[str]) -> None:
        self.sie.tax_year = self.integer(t, 0, "taxeringsår")

    def _kptyp(self, t: list[str]) -> None:
        self.sie.chart_type = self.text(t, 0, "kontoplanstyp")

    def _valuta(self, t: list[str]) -> None:
        self.sie.currency = self.text(t, 0, "valuta")

    def _konto(self, t: list[str]) -> None:
        self.sie.accounts[self.text(t, 0, "kontonummer")] = self.text(t, 1, "kontonamn")

    def _ktyp(self, t: list[str]) -> None:
        account = self.text(t, 0, "kontonummer")
        kind = self.text(t, 1, "kontotyp").upper()
        if kind not in _ACCOUNT_TYPES:
            raise self.error(f'kontotyp "{t[1]}" är okänd (ska vara T, S, K eller I)')
        self.sie.account_types[account] = kind

    def _enhet(self, t: list[str]) -> None:
        self.sie.account_units[self.text(t, 0, "kontonummer")] = self.text(t, 1, "enhet")

    def _sru(self, t: list[str]) -> None:
        self.sie.sru[self.text(t, 0, "kontonummer")] = self.text(t, 1, "SRU-kod")

    def _dim(self, t: list[str]) -> None:
        self.sie.dimensions[self.integer(t, 0, "dimensionsnummer")] = self.text(t, 1, "namn")

    def _underdim(self, t: list[str]) -> None:
        dim = self.integer(t, 0, "dimensionsnummer")
        self.sie.dimensions[dim] = self.text(t, 1, "namn")
        self.sie.dimension_parents[dim] = self.integer(t, 2, "överordnad dimension")

    def _objekt(self, t: list[str]) -> None:
        dim = self.integer(t, 0, "dimensionsnummer")
        code = self.text(t, 1, "objektkod")
        self.sie.objects[(dim, code)] = self.text(t, 2, "objektnamn")

    def _balance(self, t: list[str]) -> Balance:
        return Balance(
            self.year_index(t, 0),
            self.text(t, 1, "kontonummer"),
            self.required_amount(t, 2),
            self.quantity(t, 3),
        )

    def _ib(self, t: list[str]) -> None:
        self.sie.opening_balances.append(self._balance(t))

    def _ub(self, t: list[str]) -> None:
        self.sie.closing_balances.append(self._balance(t))

    def _res(self, t: list[str]) -> None:
        self.sie.results.append(self._balance(t))

    def _object_balance(self, t: list[str]) -> ObjectBalance:
        year = self.year_index(t, 0)
        account = self.text(t, 1, "kontonummer")
        objs, i = self.objects_at(t, 2)
        return ObjectBalance(
            year, account, objs, self.required_amount(t, i), self.quantity(t, i + 1)
        )

    def _oib(self, t: list[str]) -> None:
        self.sie.object_opening_balances.append(self._object_balance(t))

    def _oub(self, t: list[str]) -> None:
        self.sie.object_closing_balances.append(self._object_balance(t))

    def _period_amount(self, t: list[str]) -> PeriodAmount:
        year = self.year_index(t, 0)
        period = self.period(self.text(t, 1, "period"))
        account = self.text(t, 2, "kontonummer")
        objs, i = self.objects_at(t, 3)
        amount = self.required_amount(t, i)
        return PeriodAmount(year, period, account, objs, amount, self.quantity(t, i + 1))

    def _psaldo(self, t: list[str]) -> None:
        self.sie.period_balances.append(self._period_amount(t))

    def _pbudget(self, t: list[str]) -> None:
        self.sie.period_budgets.append(self._period_amount(t))

    def _ver(self, t: list[str]) -> None:
        series = self.text(t, 0, "verifikationsserie")
        number = self.text(t, 1, "verifikationsnummer")
        when = self.date(self.text(t, 2, "verifikationsdatum"), "verifikationsdatum")
        self.voucher = Voucher(
            series,
            number,
            when,
            self.optional_text(t, 3, "verifikationstext"),
            self.optional_date(t, 4, "registreringsdatum"),
            self.optional_text(t, 5, "signatur"),
            line_no=self.line_no,
        )
        self.ver_line = self.line

    def _transaction(self, t: list[str], kind: TransKind) -> None:
        if not self.block_open:
            raise self.error(f"#{kind.upper()} står utanför en verifikation (#VER {{ … }})")
        account = self.text(t, 0, "kontonummer")
        objs, i = self.objects_at(t, 1)
        amount = self.required_amount(t, i)
        when = self.optional_date(t, i + 1, "transaktionsdatum")
        text = self.optional_text(t, i + 2, "transaktionstext")
        quantity = self.quantity(t, i + 3)
        sign = self.optional_text(t, i + 4, "signatur")
        self.add_transaction(Transaction(account, objs, amount, when, text, quantity, sign, kind))

    def _trans(self, t: list[str]) -> None:
        self._transaction(t, "trans")

    def _rtrans(self, t: list[str]) -> None:
        self._transaction(t, "rtrans")

    def _btrans(self, t: list[str]) -> None:
        self._transaction(t, "btrans")


def parse_sie(data: bytes, source: str = "<bytes>", *, strict_objects: bool = False) -> SieFile:
    """Parse the bytes of a SIE file, raising only SieError so callers have one thing to catch.

    The text is UTF-8 when it decodes strictly as UTF-8 (a BOM is dropped) and code
    page 437 ("#FORMAT PC8") otherwise. With ``strict_objects`` an object that rows
    use but ``#OBJEKT`` never declares is an error instead of being reported in
    ``SieFile.undeclared_objects``.
    """
    # A big file creates millions of small tuples; the cyclic garbage collector would
    # rescan them again and again (about 40 % of the run time for 1M rows), and none
    # of them can form a cycle, so it is paused for the duration of the parse.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Parser(source, strict_objects).run(data)
    finally:
        if gc_was_enabled:
            gc.enable()


def read_sie(path: Path, *, strict_objects: bool = False) -> SieFile:
    """Read a SIE file from disk, turning I/O problems into SieError as well."""
    source = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SieError(source, 0, "", f"kan inte läsa filen ({exc.strerror or exc})") from exc
    return parse_sie(data, source, strict_objects=strict_objects)


# --------------------------------------------------------------------------- writer


_EMPTY = '""'


def _quote(text: str) -> str:
    escaped = _ESCAPE_BACKSLASH_RE.sub(r"\\\\", text).replace('"', '\\"')
    return f'"{escaped}"'


def _field(text: str) -> str:
    return text if _BARE_SAFE_RE.fullmatch(text) else _quote(text)


def _num(value: Decimal) -> str:
    return format(value, "f")


def _day(value: dt.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _objlist(objects: ObjectList) -> str:
    return "{" + " ".join(f"{dim} {_quote(code)}" for dim, code in objects) + "}"


def _tail(*fields: str) -> str:
    """Join optional trailing fields, dropping empty ones at the end only."""
    items = list(fields)
    while items and items[-1] in ("", _EMPTY):
        items.pop()
    return "".join(" " + item for item in items)


def write_sie(sie: SieFile) -> str:
    """Serialise a SieFile as SIE 4 text, so tests and tools can produce files ksui reads."""
    out: list[str] = []
    w = out.append
    if sie.flag is not None:
        w(f"#FLAGGA {sie.flag}")
    if sie.program or sie.program_version:
        w(f"#PROGRAM {_quote(sie.program)}{_tail(_quote(sie.program_version))}")
    if sie.format:
        w(f"#FORMAT {_field(sie.format)}")
    if sie.generated is not None:
        w(f"#GEN {_day(sie.generated)}{_tail(_quote(sie.generated_by))}")
    if sie.sie_type is not None:
        w(f"#SIETYP {sie.sie_type}")
    if sie.company_number:
        w(f"#FNR {_quote(sie.company_number)}")
    if sie.org_nr:
        w(f"#ORGNR {_quote(sie.org_nr)}")
    if sie.company_name:
        w(f"#FNAMN {_quote(sie.company_name)}")
    for index, (start, end) in sie.years.items():
        w(f"#RAR {index} {_day(start)} {_day(end)}")
    if sie.tax_year is not None:
        w(f"#TAXAR {sie.tax_year}")
    if sie.chart_type:
        w(f"#KPTYP {_quote(sie.chart_type)}")
    if sie.currency:
        w(f"#VALUTA {_quote(sie.currency)}")
    for dim, name in sie.dimensions.items():
        parent = sie.dimension_parents.get(dim)
        if parent is None:
            w(f"#DIM {dim} {_quote(name)}")
        else:
            w(f"#UNDERDIM {dim} {_quote(name)} {parent}")
    for (dim, code), name in sie.objects.items():
        w(f"#OBJEKT {dim} {_quote(code)} {_quote(name)}")
    for account, name in sie.accounts.items():
        w(f"#KONTO {_field(account)} {_quote(name)}")
    for account, kind in sie.account_types.items():
        w(f"#KTYP {_field(account)} {kind}")
    for account, unit in sie.account_units.items():
        w(f"#ENHET {_field(account)} {_quote(unit)}")
    for account, code in sie.sru.items():
        w(f"#SRU {_field(account)} {_field(code)}")
    for label, rows in (("IB", sie.opening_balances), ("UB", sie.closing_balances)):
        for b in rows:
            qty = "" if b.quantity is None else " " + _num(b.quantity)
            w(f"#{label} {b.year} {_field(b.account)} {_num(b.amount)}{qty}")
    for label, orows in (
        ("OIB", sie.object_opening_balances),
        ("OUB", sie.object_closing_balances),
    ):
        for o in orows:
            qty = "" if o.quantity is None else " " + _num(o.quantity)
            w(f"#{label} {o.year} {_field(o.account)} {_objlist(o.objects)} {_num(o.amount)}{qty}")
    for b in sie.results:
        qty = "" if b.quantity is None else " " + _num(b.quantity)
        w(f"#RES {b.year} {_field(b.account)} {_num(b.amount)}{qty}")
    for label, prows in (("PSALDO", sie.period_balances), ("PBUDGET", sie.period_budgets)):
        for p in prows:
            qty = "" if p.quantity is None else " " + _num(p.quantity)
            w(
                f"#{label} {p.year} {p.period} {_field(p.account)} {_objlist(p.objects)} "
                f"{_num(p.amount)}{qty}"
            )
    for v in sie.vouchers:
        reg = _EMPTY if v.reg_date is None else _day(v.reg_date)
        head = f"#VER {_quote(v.series)} {_quote(v.number)} {_day(v.date)}"
        w(head + _tail(_quote(v.text), reg, _quote(v.sign)))
        w("{")
        for tr in v.transactions:
            row = f"{_field(tr.account)} {_objlist(tr.objects)} {_num(tr.amount)}" + _tail(
                _EMPTY if tr.date is None else _day(tr.date),
                _quote(tr.text),
                _EMPTY if tr.quantity is None else _num(tr.quantity),
                _quote(tr.sign),
            )
            w(f"   #{tr.kind.upper()} {row}")
            if tr.kind == "rtrans":
                w(f"   #TRANS {row}")
        w("}")
    return "\n".join(out) + "\n"
