"""What each SIE record means: one method per label, filling in a ``SieFile``.

Unknown records are skipped, as the standard requires; the parser keeps a count of
them per label in ``SieFile.skipped_records``.
"""

from __future__ import annotations

from collections.abc import Callable

from ksui.importers.sie.model import (
    Balance,
    ObjectBalance,
    PeriodAmount,
    SieFile,
    Transaction,
    TransKind,
    Voucher,
)
from ksui.importers.sie.tokens import Fields

ACCOUNT_TYPES = frozenset("TSKI")
TRANS_LABELS = frozenset({"TRANS", "RTRANS", "BTRANS"})


class Records(Fields):
    """The record handlers; ``handlers`` maps an upper-case label to its method."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.sie = SieFile(source=source)
        self.voucher: Voucher | None = None  # a #VER whose block is being read
        self.ver_line = ""
        self.block_open = False
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
        }

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
