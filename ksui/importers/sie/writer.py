"""Writing a ``SieFile`` back as SIE 4 text, so tests and tools can produce files ksui reads."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ksui.importers.sie.model import ObjectList, SieFile

_ESCAPE_BACKSLASH_RE = re.compile(r'\\(?=["\\]|$)')
_BARE_SAFE_RE = re.compile(r'[^ \t"{}\\]+')

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
