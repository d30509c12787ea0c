"""Hypothesis strategies that build SieFile values, mutated SIE bytes and bytes to stream."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from ksui.importers.sie import (
    Balance,
    ObjectBalance,
    ObjectList,
    PeriodAmount,
    SieFile,
    Transaction,
    TransKind,
    Voucher,
    write_sie,
)

# Characters that stress the tokenizer: quotes, backslashes, braces, tabs, Swedish
# letters, and control characters that str.splitlines() would (wrongly) split on.
_TRICKY = ' "\\{}\t#åäöÅÄÖé\x0b\x0c\x1c\x85\u2028'

# UTF-8 files may hold any character except the line ends and NUL.
UTF8_CHARS = st.one_of(
    st.sampled_from(_TRICKY),
    st.characters(codec="utf-8", exclude_characters="\r\n\x00"),
)

# For code page 437 only ASCII and the cp437 characters of bytes 0x80-0xBF are used.
# Those bytes are UTF-8 continuation bytes, so the file can never be valid UTF-8;
# a cp437 file that happens to be valid UTF-8 (e.g. "├ñ" = C3 A4 = "ä") is read as
# UTF-8 by design, which would make a round trip fail for a reason that is not a bug.
_CP437_HIGH = bytes(range(0x80, 0xC0)).decode("cp437")
CP437_CHARS = st.sampled_from(
    "".join(chr(c) for c in range(0x20, 0x7F)) + "\t\x0b" + _CP437_HIGH + "åäöÅÄÖ"
)


def texts(chars: st.SearchStrategy[str], max_size: int = 12) -> st.SearchStrategy[str]:
    """Free text for names and descriptions."""
    return st.text(chars, max_size=max_size)


def amounts(max_digits: int = 12) -> st.SearchStrategy[Decimal]:
    """Exact amounts with 0–3 decimals, like a finance system writes them."""
    return st.builds(
        lambda n, scale: Decimal(n).scaleb(-scale),
        st.integers(-(10**max_digits), 10**max_digits),
        st.sampled_from([2, 2, 2, 0, 1, 3]),
    )


quantities = st.one_of(st.none(), amounts(6))
account_numbers = st.from_regex(r"[1-8][0-9]{3,4}", fullmatch=True)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
year_indexes = st.sampled_from([0, 0, 0, -1])


@st.composite
def sie_files(draw: st.DrawFn, chars: st.SearchStrategy[str] = UTF8_CHARS) -> SieFile:
    """A SieFile whose every field write_sie can express and parse_sie reads back."""
    text = texts(chars)
    start = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 1, 1)))
    years = {0: (start, start + dt.timedelta(days=364))}
    if draw(st.booleans()):
        years[-1] = (start - dt.timedelta(days=365), start - dt.timedelta(days=1))

    accounts = draw(st.dictionaries(account_numbers, text, min_size=1, max_size=8))
    account_list = sorted(accounts)
    account_types = draw(
        st.dictionaries(st.sampled_from(account_list), st.sampled_from("TSKI"), max_size=4)
    )
    dimensions = draw(st.dictionaries(st.integers(1, 20), text, min_size=1, max_size=3))
    dim_list = sorted(dimensions)
    dimension_parents = draw(
        st.dictionaries(st.sampled_from(dim_list), st.integers(1, 20), max_size=1)
    )
    objects = draw(
        st.dictionaries(
            st.tuples(st.sampled_from(dim_list), texts(chars, 6)), text, min_size=1, max_size=6
        )
    )
    object_keys = sorted(objects)

    object_lists: st.SearchStrategy[ObjectList] = st.lists(
        st.sampled_from(object_keys), max_size=2, unique_by=lambda key: key[0]
    ).map(tuple)
    accounts_st = st.sampled_from(account_list)
    periods = st.builds(
        lambda index, month: years[index][1].year * 100 + month,
        st.sampled_from(sorted(years)),
        st.integers(1, 12),
    )
    year_st = st.sampled_from(sorted(years))

    balances = st.lists(st.builds(Balance, year_st, accounts_st, amounts(), quantities), max_size=4)
    object_balances = st.lists(
        st.builds(ObjectBalance, year_st, accounts_st, object_lists, amounts(), quantities),
        max_size=3,
    )
    period_rows = st.lists(
        st.builds(PeriodAmount, year_st, periods, accounts_st, object_lists, amounts(), quantities),
        max_size=8,
    )
    kinds: st.SearchStrategy[TransKind] = st.sampled_from(["trans", "trans", "rtrans", "btrans"])
    transactions = st.builds(
        Transaction,
        accounts_st,
        object_lists,
        amounts(),
        st.one_of(st.none(), days),
        text,
        quantities,
        text,
        kinds,
    )
    vouchers = st.lists(
        st.builds(
            Voucher,
            texts(chars, 3),
            st.one_of(st.just(""), st.from_regex(r"[0-9]{1,5}", fullmatch=True)),
            days,
            text,
            st.one_of(st.none(), days),
            text,
            st.lists(transactions, max_size=5),
        ),
        max_size=4,
    )
    return SieFile(
        flag=draw(st.sampled_from([0, 1])),
        program=draw(text),
        program_version=draw(text),
        format="PC8",
        generated=draw(st.one_of(st.none(), days)),
        generated_by="",
        sie_type=draw(st.one_of(st.none(), st.integers(1, 4))),
        company_number=draw(text),
        org_nr=draw(text),
        company_name=draw(text),
        tax_year=draw(st.one_of(st.none(), st.integers(1990, 2100))),
        chart_type=draw(text),
        currency=draw(st.sampled_from(["", "SEK", "EUR"])),
        years=years,
        accounts=accounts,
        account_types=account_types,
        account_units=draw(st.dictionaries(accounts_st, text, max_size=2)),
        sru=draw(st.dictionaries(accounts_st, texts(chars, 5), max_size=2)),
        dimensions=dimensions,
        dimension_parents=dimension_parents,
        objects=objects,
        opening_balances=draw(balances),
        closing_balances=draw(balances),
        results=draw(balances),
        object_opening_balances=draw(object_balances),
        object_closing_balances=draw(object_balances),
        period_balances=draw(period_rows),
        period_budgets=draw(period_rows),
        vouchers=draw(vouchers),
    )


# --------------------------------------------------------------------------- mutations

_MUTATION_BYTES = st.sampled_from(
    [
        b"{",
        b"}",
        b'"',
        b"\\",
        b"#",
        b" ",
        b"\t",
        b"\r",
        b"\n",
        b"\x00",
        b"0",
        b"9",
        b"-",
        b".",
        b"x",
        b"\xc3\xa5",
        b"\x86",
        b"\xff",
        b"{}",
        b"#TRANS",
        b"#VER",
        b"#RTRANS",
        b"\r\n",
        b"}\n",
    ]
)


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """Apply a few random edits (insert, delete, replace, truncate, duplicate a line)."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "dup_line"]))
        pos = draw(st.integers(0, len(data)))
        if op == "insert":
            data[pos:pos] = draw(_MUTATION_BYTES)
        elif op == "delete":
            data[pos : pos + draw(st.integers(1, 8))] = b""
        elif op == "replace":
            data[pos : pos + 1] = draw(_MUTATION_BYTES)
        elif op == "truncate":
            del data[pos:]
        else:
            start = data.rfind(b"\n", 0, pos) + 1
            end = data.find(b"\n", pos)
            end = len(data) if end < 0 else end + 1
            data[end:end] = data[start:end]
    return bytes(data)


# --------------------------------------------------------------------------- streaming

#: Byte-level edits that stress a chunked read: line ends, BOMs, NUL, broken UTF-8.
_LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
_TAILS = st.sampled_from([b"", b"", b"\xc3", b"\xe2\x82", b"\xff", b"\r", b"\r\n", b"\n\r"])
_BOMS = st.sampled_from([b"", b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb"])


@st.composite
def chunked_sie_bytes(draw: st.DrawFn) -> bytes:
    """SIE-like bytes whose lines end in mixed CR/LF/CR LF, with the edges a stream must get.

    From a written ``SieFile`` or a mutation of one: UTF-8 with multibyte characters or
    CP437, then perhaps a BOM in front, a NUL somewhere, and a tail that is not valid
    UTF-8 (which makes the whole file CP437).
    """
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "cp437"]))
    sie = draw(sie_files(UTF8_CHARS if encoding == "utf-8" else CP437_CHARS))
    lines = write_sie(sie).split("\n")
    ends = draw(st.lists(_LINE_ENDS, min_size=len(lines), max_size=len(lines)))
    data = "".join(line + end for line, end in zip(lines, ends, strict=True)).encode(encoding)
    if draw(st.booleans()):
        data = draw(mutated(data)).replace(b"\x00", b"")  # NUL below, less often
    data = draw(_BOMS) + data + draw(_TAILS)
    if draw(st.sampled_from([False, False, False, False, False, True])):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    return data
