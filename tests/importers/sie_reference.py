"""A SIE 4 reference reader for the tests: each object's monthly sums per account.

Written from the SIE 4B specification alone and sharing no code with ksui's importer, so
the importer's figures can be checked against an independent reading of the same file.
It knows only what the sums need: #RAR (the years), #KTYP (result or balance account),
#PSALDO and #PBUDGET (a month's amount on an object list), #VER and #TRANS (voucher rows,
dated by their own date, else the voucher's). Per the import's rules, an object's
actuals come from #PSALDO when the file books any result account on an object of the
dimension there, else from the vouchers; budgets from #PBUDGET of year 0.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\{[^}]*\}|\S+')
Sums = dict[tuple[str, str, int, str], Decimal]  # (object, measure, YYYYMM, account) -> kr


def _fields(line: str) -> list[str]:
    return [t[1:-1].replace('\\"', '"') if t[0] == '"' else t for t in _TOKEN.findall(line)]


def _object(objects: str, dimension: int) -> str | None:
    """The object of ``dimension`` in an object list ``{1 "Syd" 6 "P"}``, if any."""
    items = _fields(objects.strip("{}"))
    found = [
        code for dim, code in zip(items[::2], items[1::2], strict=False) if dim == str(dimension)
    ]
    return found[0] if found else None


def _day(text: str) -> dt.date:
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def reference_sums(
    path: Path, dimension: int = 1
) -> tuple[Sums, dict[int, tuple[dt.date, dt.date]]]:
    """Monthly sums in kronor per (object, measure, YYYYMM, account), and the #RAR years."""
    data = path.read_bytes()
    text = data.decode("utf-8") if b"#FORMAT PC8" not in data else data.decode("cp437")
    years: dict[int, tuple[dt.date, dt.date]] = {}
    kinds: dict[str, str] = {}
    period_rows: Sums = {}
    trans_rows: Sums = {}
    voucher_day = dt.date.min
    for raw in text.splitlines():
        f = _fields(raw.strip())
        if not f:
            continue
        if f[0] == "#RAR":
            years[int(f[1])] = (_day(f[2]), _day(f[3]))
        elif f[0] == "#KTYP":
            kinds[f[1]] = f[2]
        elif f[0] == "#VER":
            voucher_day = _day(f[3])
        elif f[0] in ("#PSALDO", "#PBUDGET", "#TRANS"):
            if f[0] == "#TRANS":
                account, objects, amount = f[1], f[2], f[3]
                dated = len(f) > 4 and re.fullmatch(r"\d{8}", f[4])
                day = _day(f[4]) if dated else voucher_day
                key_period, measure, sums = day.year * 100 + day.month, "actual", trans_rows
            else:
                account, objects, amount = f[3], f[4], f[5]
                key_period, sums = int(f[2]), period_rows
                measure = "actual" if f[0] == "#PSALDO" else "budget"
            code = _object(objects, dimension)
            kind = kinds.get(account)
            result = kind in ("I", "K") if kind else account[:1] in "345678"
            if code is None or not result:
                continue
            key = (code, measure, key_period, account)
            sums[key] = sums.get(key, Decimal(0)) + Decimal(amount)

    def year_of(period: int) -> int | None:
        day = dt.date(period // 100, period % 100, 1)
        return next((i for i, (a, b) in years.items() if a <= day <= b), None)

    actuals_from_psaldo = any(k[1] == "actual" for k in period_rows)
    out: Sums = {}
    for key, amount in period_rows.items():
        index = year_of(key[2])
        if (key[1] == "budget" and index == 0) or (
            key[1] == "actual" and actuals_from_psaldo and index in (0, -1)
        ):
            out[key] = amount
    if not actuals_from_psaldo:
        out.update((k, v) for k, v in trans_rows.items() if year_of(k[2]) in (0, -1))
    return out, years


ProjectSums = dict[tuple[str, int], Decimal]  # (object, YYYYMM) -> kr


def _objects(objects: str) -> list[tuple[str, str]]:
    items = _fields(objects.strip("{}"))
    return list(zip(items[::2], items[1::2], strict=False))


def reference_project_sums(path: Path, dimension: int) -> ProjectSums:
    """Each project object's utfall per month of year 0, in kronor, read from the spec.

    SIE 4B: #PSALDO "anger periodens förändring på kontot" per object list, #TRANS a
    voucher row on its object list at its own date, else the voucher's. A project's
    utfall is the money on the object over the resultaträkning's accounts (#KTYP I/K,
    else class 3–8) and the anläggningstillgångar (groups 10–13, #KTYP T or none); the
    rest of the balance sheet is the other side of a booking. #PSALDO when the file has
    any row naming the dimension, else the vouchers (#BTRANS never; the #TRANS copy of an
    #RTRANS counts in its place). Where #PSALDO has the object alone ({6 "P"}) for an
    account and month, only those rows count: the finer cuts hold the same money.
    """
    data = path.read_bytes()
    text = data.decode("utf-8") if b"#FORMAT PC8" not in data else data.decode("cp437")
    years: dict[int, tuple[dt.date, dt.date]] = {}
    kinds: dict[str, str] = {}
    # (object, YYYYMM, account) -> [(whole list is the object alone, amount)]
    psaldo: dict[tuple[str, int, str], list[tuple[bool, Decimal]]] = {}
    trans: ProjectSums = {}
    named = False
    voucher_day = dt.date.min
    for raw in text.splitlines():
        f = _fields(raw.strip())
        if not f:
            continue
        if f[0] == "#RAR":
            years[int(f[1])] = (_day(f[2]), _day(f[3]))
        elif f[0] == "#KTYP":
            kinds[f[1]] = f[2]
        elif f[0] == "#VER":
            voucher_day = _day(f[3])
        elif f[0] in ("#PSALDO", "#TRANS"):
            if f[0] == "#TRANS":
                account, objects, amount = f[1], f[2], f[3]
                dated = len(f) > 4 and re.fullmatch(r"\d{8}", f[4])
                day = _day(f[4]) if dated else voucher_day
                period = day.year * 100 + day.month
            else:
                account, objects, amount, period = f[3], f[4], f[5], int(f[2])
            pairs = _objects(objects)
            codes = {code for dim, code in pairs if dim == str(dimension)}
            if f[0] == "#PSALDO" and codes:
                named = True
            kind = kinds.get(account)
            result = kind in ("I", "K") if kind else account[:1] in "345678"
            asset = account[:2] in ("10", "11", "12", "13") and kind in (None, "T")
            if len(codes) != 1 or not (result or asset):
                continue
            (code,) = codes
            if f[0] == "#TRANS":
                trans[(code, period)] = trans.get((code, period), Decimal(0)) + Decimal(amount)
            else:
                alone = len(pairs) == 1
                psaldo.setdefault((code, period, account), []).append((alone, Decimal(amount)))
    start, end = years[0]

    def in_year(period: int) -> bool:
        return start <= dt.date(period // 100, period % 100, 1) <= end

    out: ProjectSums = {}
    if named:
        for (code, period, _account), rows in psaldo.items():
            if not in_year(period):
                continue
            alone = [a for is_alone, a in rows if is_alone]
            amount = sum(alone or [a for _, a in rows], Decimal(0))
            out[(code, period)] = out.get((code, period), Decimal(0)) + amount
        return out
    return {key: amount for key, amount in trans.items() if in_year(key[1])}
