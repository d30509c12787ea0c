"""What each SIE record means: one method per label, filling in a ``SieFile``.

Unknown records are skipped, as the standard requires; the parser keeps a count of
them per label in ``SieFile.skipped_records``. Records ksui reads but never uses for a
figure (``LENIENT_LABELS``) are checked leniently: a malformed one is ignored with a
warning naming the file, line and record, so an export is not refused for a field no
import needs (issue 13, finding 4). ``#KSUMMA`` is verified (see ``Checksum``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable

from ksui.core.text import one_line
from ksui.importers.sie.model import (
    Balance,
    ObjectBalance,
    PeriodAmount,
    SieError,
    SieFile,
    Transaction,
    TransKind,
    Voucher,
)
from ksui.importers.sie.tokens import LABEL_RE, Fields, unescape

ACCOUNT_TYPES = frozenset("TSKI")
TRANS_LABELS = frozenset({"TRANS", "RTRANS", "BTRANS"})
# SIE 4B, "Att tänka på vid läsning av SIE-filer": a reader takes what it needs and
# skips the rest. These records feed no figure of an import (names and identifiers
# only; #KTYP falls back to the account class), so a malformed one is a warning.
LENIENT_LABELS = frozenset(
    {
        "FLAGGA", "PROGRAM", "FORMAT", "SIETYP", "FNR", "ORGNR", "FNAMN", "TAXAR",
        "KPTYP", "VALUTA", "KONTO", "KTYP", "ENHET", "SRU",
    }
)  # fmt: skip
MAX_WARNINGS = 20  # warning lines kept per file; the rest are counted
_WARNING_LINE = 120
_CHECKSUM_TOKEN_RE = re.compile(r'"((?:[^"\\]|\\.)*)"|\{([^}]*)\}|([^ \t"{}]+)|([^ \t])')
_OBJECT_PART_RE = re.compile(r'"((?:[^"\\]|\\.)*)"|([^ \t"]+)')


class Checksum:
    """SIE 4B, #KSUMMA ("Kontrollsummering"): CRC-32 over the records between the two.

    The standard's algorithm is CRC-32 with polynomial 0xEDB88320, start value
    0xFFFFFFFF and the result inverted, which is ``zlib.crc32``. It sums each record's
    label (with #) and field contents in the file's character set, without the spaces
    between fields, the quotes around a field, the braces of an object list and the line
    breaks. Two details are read both ways, because no real export carrying #KSUMMA was
    at hand to settle them: whether an object list's inner quotes and spaces count, and
    whether a voucher's ``{``/``}`` lines do. A sum matching any of the four readings is
    accepted; a changed or cut file matches none of them.
    """

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.sums = [0, 0, 0, 0]  # (objects bare | raw) x (brace lines left out | counted)

    def add(self, line: str) -> None:
        """Add one line of the file (the closing #KSUMMA is not added by the caller)."""
        rec = line.strip(" \t\r\n")
        if not rec:
            return
        if rec[0] != "#":
            if rec in ("{", "}"):
                data = rec.encode(self.encoding, "replace")
                self.sums[1] = zlib.crc32(data, self.sums[1])
                self.sums[3] = zlib.crc32(data, self.sums[3])
            return
        m = LABEL_RE.match(rec)
        assert m is not None
        bare = ["#", m.group(1)]
        raw = ["#", m.group(1)]
        for t in _CHECKSUM_TOKEN_RE.finditer(rec, m.end()):
            quoted, objects, word, stray = t.groups()
            if objects is not None:
                parts = [unescape(q) if q else w for q, w in _OBJECT_PART_RE.findall(objects)]
                bare.extend(parts)
                raw.append(objects)
            else:
                text = unescape(quoted) if quoted is not None else (word or stray or "")
                bare.append(text)
                raw.append(text)
        for i, parts in ((0, bare), (2, raw)):
            data = "".join(parts).encode(self.encoding, "replace")
            self.sums[i] = zlib.crc32(data, self.sums[i])
            self.sums[i + 1] = zlib.crc32(data, self.sums[i + 1])

    def matches(self, declared: int) -> bool:
        """Whether a declared sum (written signed or unsigned) is one of the readings."""
        return declared % (1 << 32) in self.sums


class Records(Fields):
    """The record handlers; ``handlers`` maps an upper-case label to its method."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.sie = SieFile(source=source)
        self.voucher: Voucher | None = None  # a #VER whose block is being read
        self.ver_line = ""
        self.block_open = False
        self.checksum: Checksum | None = None  # between the opening and closing #KSUMMA
        self.checksum_line = 0  # where the opening #KSUMMA stands
        self.checksum_closed = 0  # where the closing #KSUMMA stands (0: not yet)
        self.handlers: dict[str, Callable[[list[str]], None]] = {
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
            "KSUMMA": self._ksumma,
        }

    def warn(self, label: str, message: str) -> None:
        """Note a malformed record that is ignored: one Swedish line naming file and line."""
        sie = self.sie
        sie.warnings_total += 1
        if len(sie.warnings) < MAX_WARNINGS:
            shown = one_line(self.line.strip(), _WARNING_LINE)
            sie.warnings.append(
                f"{one_line(self.source, None)}:{self.line_no}: #{label} ignoreras"
                f" ({one_line(message, None)}): {shown}"
            )

    def handle(self, label: str, handler: Callable[[list[str]], None], rec: str, at: int) -> None:
        """Run a record's handler; a malformed record ksui does not use is only a warning."""
        if label not in LENIENT_LABELS:
            handler(self.tokenize(rec, at))
            return
        try:
            handler(self.tokenize(rec, at))
        except SieError as exc:
            if label == "KONTO":
                self._konto_salvage(rec[at:])
            self.warn(label, exc.message)

    def _konto_salvage(self, rest: str) -> None:
        """A #KONTO whose name is malformed (a stray quote): keep the number, the rest as name."""
        number, _, name = rest.strip(" \t").partition(" ")
        number = number.strip('"')
        if number:
            self.sie.accounts[number] = name.strip(' \t"')

    def _ksumma(self, t: list[str]) -> None:
        # SIE 4B, #KSUMMA: the first (without a field) opens the checksummed part, the
        # last carries the sum and closes the file; a file cut before it is refused.
        if self.checksum_closed:
            raise self.error(f"#KSUMMA igen efter den avslutande på rad {self.checksum_closed}")
        if self.checksum is None:
            if t:  # a sum without the opening #KSUMMA covers nothing that can be checked
                self.warn("KSUMMA", "kontrollsumma utan inledande #KSUMMA kan inte kontrolleras")
                return
            self.checksum = Checksum(self.sie.encoding or "cp437")
            self.checksum_line = self.line_no
            return
        declared = self.integer(t, 0, "kontrollsumma") if t else None
        if declared is None:
            raise self.error("avslutande #KSUMMA saknar kontrollsumma")
        if not self.checksum.matches(declared):
            raise self.error(
                "kontrollsumman stämmer inte med innehållet: filen är ändrad eller skadad"
            )
        self.checksum = None
        self.checksum_closed = self.line_no

    def add_transaction(self, trans: Transaction) -> None:
        """Add a row to the open voucher (the parser decides about #RTRANS copies)."""
        raise NotImplementedError

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
        if kind not in ACCOUNT_TYPES:
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
