"""Splitting SIE lines into fields, and reading each field with a message naming the line.

A record starts with ``#LABEL`` (case-insensitive) followed by fields separated by
spaces or tabs. A field with spaces is quoted, ``\\"`` is a quote inside a quoted field,
and object lists are written in braces: ``{1 "100" 6 "P1"}`` (pairs of dimension number
and object code). The ``FAST_*`` patterns match the few shapes that make up nearly all
of a big file, so those lines skip the general tokenizer. ``decode`` and ``split_lines``
turn a whole file into lines; ``scan`` and ``line_batches`` give the same lines a chunk
at a time, so an import's memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import BinaryIO, NamedTuple

from ksui.core.swedish import TOO_LARGE
from ksui.importers.sie.model import ObjectList, SieError

# --------------------------------------------------------------------------- patterns

_Q = r'"(?:[^"\\]|\\.)*"'
_OBJ_INNER = rf'(?:[^{{}}"]|{_Q})*'
# The fast paths accept object lists without backslashes only; the rest take the slow path.
_OBJ_FAST = r'[^{}"\\]*(?:"[^"\\]*"[^{}"\\]*)*'
# At most 15 digits before the point: every amount stays under 10^15 kr (see MAX_KRONOR);
# a longer one takes the slow path, which refuses it naming the line.
_FAST_NUM = r"-?\d{1,15}(?:\.\d{1,10})?"
# Spaces only: "[ \t]+" makes the match 40 % slower, and tab-separated lines still
# parse, through the general tokenizer.
_SEP = r" +"

FAST_PERIOD_RE = re.compile(
    rf"#(PSALDO|PBUDGET){_SEP}(-?\d{{1,3}}){_SEP}(\d{{6}}){_SEP}(\d{{1,12}}){_SEP}"
    rf"\{{({_OBJ_FAST})\}}{_SEP}({_FAST_NUM})(?:{_SEP}({_FAST_NUM}))?[ \t]*$"
)
FAST_TRANS_RE = re.compile(
    rf"[ \t]*#TRANS{_SEP}(\d{{1,12}}){_SEP}\{{({_OBJ_FAST})\}}{_SEP}({_FAST_NUM})"
    rf'(?:{_SEP}(\d{{8}})(?:{_SEP}"((?:[^"\\]|\\.)*)")?)?[ \t]*$'
)
_FIELD = r'(?:"([^"\\]*)"|([^ \t"{}\\]+))'
FAST_VER_RE = re.compile(
    rf"#VER{_SEP}{_FIELD}{_SEP}{_FIELD}{_SEP}(\d{{8}})"
    rf"(?:{_SEP}{_FIELD}(?:{_SEP}(\d{{8}}))?)?[ \t]*$"
)

LABEL_RE = re.compile(r'[ \t]*#([^ \t"{}]*)')
_TOKEN_RE = re.compile(
    r'"((?:[^"\\]|\\.)*)"'  # 1: quoted field
    rf"|\{{({_OBJ_INNER})\}}"  # 2: object list
    r'|([^ \t"{}]+)'  # 3: bare field
    r"|([^ \t])"  # 4: a stray quote or brace
)
_OBJ_TOKEN_RE = re.compile(r'"((?:[^"\\]|\\.)*)"|([^ \t"]+)|(")')
_UNESCAPE_RE = re.compile(r'\\(["\\])')

# SIE 4B, "Fältformat – belopp": a decimal point is followed by the decimals, so "111517."
# is a cut-off amount, not 111517 kr (issue 13, finding 5): it is refused, naming the line.
_AMOUNT_RE = re.compile(r"[+-]?(?:\d{1,15}(?:\.\d{1,10})?|\.\d{1,10})")
_NUMBER_LIKE_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_INT_RE = re.compile(r"[+-]?\d{1,9}")
_DATE_RE = re.compile(r"\d{8}")
_PERIOD_RE = re.compile(r"\d{4}(?:0[1-9]|1[0-2])")
_YEAR_RE = re.compile(r"[+-]?\d{1,3}")
_DIM_RE = re.compile(r"\d{1,9}")

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_MESSAGE = "filen är UTF-16-kodad; SIE ska vara PC8 (CP437) eller UTF-8"
_UTF16_HEAD = 64  # bytes looked at to tell UTF-16 without a byte-order mark
_NUL_MESSAGE = "filen innehåller binära data (NUL-tecken), inte SIE"
_CHANGED_MESSAGE = "filen ändrades medan den lästes; läs in den igen"


class Braces(str):
    """The raw text inside ``{...}``, kept apart from ordinary fields by its type."""

    __slots__ = ()


def unescape(text: str) -> str:
    """Undo ``\\"`` and ``\\\\`` inside a quoted field."""
    return _UNESCAPE_RE.sub(r"\1", text) if "\\" in text else text


def looks_utf16(head: bytes) -> bool:
    """Whether a file's first bytes are ASCII text in UTF-16 without a byte-order mark.

    SIE 4B, "Teckenuppsättning": a file is PC8 (IBM 437), so a NUL every other byte is
    no binary data but a file saved as UTF-16; saying so lets the user re-save it.
    """
    head = head[: _UTF16_HEAD - _UTF16_HEAD % 2]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    for zeros, text in ((odd, even), (even, odd)):
        if not zeros.strip(b"\x00") and all(0x09 <= b < 0x7F for b in text):
            return True
    return False


def decode(data: bytes, source: str) -> tuple[str, str]:
    """The file's text and encoding: strict UTF-8 (BOM dropped) when valid, else CP437 (PC8)."""
    if data.startswith(_UTF16_BOMS) or looks_utf16(data[:_UTF16_HEAD]):
        raise SieError(source, 1, "", _UTF16_MESSAGE)
    nul = data.find(b"\x00")
    if nul >= 0:
        line_no = data.count(b"\n", 0, nul) + 1
        raise SieError(source, line_no, "", _NUL_MESSAGE)
    if data.startswith(_UTF8_BOM):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp437"), "cp437"


def split_lines(text: str) -> list[str]:
    """Lines on CR LF, LF or CR only: ``str.splitlines`` would also split on e.g. U+2028."""
    returns = text.count("\r")
    if not returns:
        return text.split("\n")
    if returns == text.count("\r\n") == text.count("\n"):
        return text.split("\r\n")  # consistent CR LF, as PC8 files are: one pass
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# --------------------------------------------------------------------------- streaming

#: Bytes read at a time by the streaming read, so memory does not grow with the file.
CHUNK_SIZE = 1 << 20


class Scan(NamedTuple):
    """What a first pass over a file decides: the encoding, the lines, where text starts."""

    encoding: str
    lines: int
    start: int  # 3 after a UTF-8 BOM, else 0


def scan(handle: BinaryIO, source: str, chunk_size: int = CHUNK_SIZE) -> Scan:
    """Decide what ``decode`` would (same refusals and line numbers) without keeping the text.

    Reads ``handle`` from its start to its end in chunks: UTF-8 is validated with an
    incremental decoder whose output is dropped, and lines are counted as
    ``split_lines`` would split them (CR LF, LF or a lone CR).
    """
    _seek(handle, 0, source)
    head = b""
    while len(head) < _UTF16_HEAD:
        chunk = _read(handle, chunk_size, source)
        if not chunk:
            break
        head += chunk
    if head.startswith(_UTF16_BOMS) or looks_utf16(head[:_UTF16_HEAD]):
        raise SieError(source, 1, "", _UTF16_MESSAGE)
    start = len(_UTF8_BOM) if head.startswith(_UTF8_BOM) else 0
    validate: Callable[[bytes, bool], str] | None = codecs.getincrementaldecoder("utf-8")(
        "strict"
    ).decode
    newlines = returns = pairs = 0  # LF, CR and CR LF seen so far
    after_return = False  # whether the previous chunk ended with CR
    chunk, offset = head, start
    while chunk:
        nul = chunk.find(b"\x00")
        if nul >= 0:
            line_no = newlines + chunk.count(b"\n", 0, nul) + 1
            raise SieError(source, line_no, "", _NUL_MESSAGE)
        newlines += chunk.count(b"\n")
        returns += chunk.count(b"\r")
        pairs += chunk.count(b"\r\n") + (after_return and chunk.startswith(b"\n"))
        after_return = chunk.endswith(b"\r")
        if validate is not None:
            try:
                validate(chunk[offset:] if offset else chunk, False)
            except UnicodeDecodeError:
                validate = None
        offset = 0
        chunk = _read(handle, chunk_size, source)
    if validate is not None:
        try:
            validate(b"", True)
        except UnicodeDecodeError:
            validate = None
    return Scan("cp437" if validate is None else "utf-8", newlines + returns - pairs + 1, start)


def line_batches(
    handle: BinaryIO, source: str, found: Scan, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[str]]:
    """The file's lines as ``split_lines`` gives them for its decoded text, a chunk at a time.

    A line split across chunks is joined, and a CR ending one chunk waits for the next
    one's first character, so CR LF across a border stays one break.
    """
    _seek(handle, found.start, source)
    decode_chunk = codecs.getincrementaldecoder(found.encoding)("strict").decode
    parts: list[str] = []  # the text after the last complete line break
    try:
        while chunk := _read(handle, chunk_size, source):
            piece = decode_chunk(chunk, False)
            parts.append(piece)
            if "\n" not in piece and "\r" not in piece:
                continue  # no line ends here: keep joining (linear, even for a huge line)
            text = "".join(parts)
            held = text[-1] == "\r"  # the first half of a CR LF, perhaps
            lines = split_lines(text[:-1] if held else text)
            rest = lines.pop()
            parts = [rest + "\r" if held else rest]
            del text, rest
            if lines:
                yield lines
            del lines  # not kept while the next chunk's lines are made
        parts.append(decode_chunk(b"", True))
    except UnicodeDecodeError as exc:  # the file changed after the first pass
        raise SieError(source, 0, "", _CHANGED_MESSAGE) from exc
    yield split_lines("".join(parts))


def _read(handle: BinaryIO, size: int, source: str) -> bytes:
    """The next chunk of the file; a read error is a SieError naming it."""
    try:
        return handle.read(size)
    except OSError as exc:
        raise unreadable(source, exc) from exc


def _seek(handle: BinaryIO, offset: int, source: str) -> None:
    """Go to a byte of the file (each pass reads it from the start)."""
    try:
        handle.seek(offset)
    except OSError as exc:
        raise unreadable(source, exc) from exc


def unreadable(source: str, exc: OSError) -> SieError:
    """The error for a file the system cannot read, in the user's words."""
    return SieError(source, 0, "", f"kan inte läsa filen ({exc.strerror or exc})")


class Fields:
    """Typed reading of one line's fields; every failure is a SieError naming the line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.line_no = 0
        self.line = ""
        self.obj_cache: dict[str, ObjectList] = {"": ()}
        self.period_cache: dict[str, int] = {}
        self.date_cache: dict[str, dt.date] = {}
        self.year_cache: dict[str, int] = {"0": 0, "-1": -1}
        # Where each object was first used, to report undeclared ones by line.
        self.first_use: dict[tuple[int, str], tuple[int, str]] = {}

    def error(self, message: str) -> SieError:
        """An error at the current line."""
        return SieError(self.source, self.line_no, self.line, message)

    def text(self, tokens: list[str], i: int, what: str) -> str:
        """A required plain field."""
        if i >= len(tokens):
            raise self.error(f"fält saknas: {what}")
        tok = tokens[i]
        if type(tok) is Braces:
            raise self.error(f"{what} får inte vara en objektlista")
        return tok

    def optional_text(self, tokens: list[str], i: int, what: str) -> str:
        """A plain field that may be left out ('' then)."""
        return self.text(tokens, i, what) if i < len(tokens) else ""

    def integer(self, tokens: list[str], i: int, what: str) -> int:
        """A required whole number."""
        tok = self.text(tokens, i, what)
        if not _INT_RE.fullmatch(tok):
            raise self.error(f'{what} "{tok}" är inget heltal')
        return int(tok)

    def amount(self, tok: str, what: str = "belopp") -> Decimal:
        """An exact amount: digits with a decimal point, never a comma or an exponent."""
        if type(tok) is Braces:
            raise self.error(f"{what} saknas, en objektlista står på dess plats")
        if _AMOUNT_RE.fullmatch(tok):
            return Decimal(tok)
        if _NUMBER_LIKE_RE.fullmatch(tok):
            whole, point, decimals = tok.lstrip("+-").partition(".")
            if point and not decimals:
                raise self.error(f'{what} "{tok}" slutar med en punkt utan decimaler (avkortat?)')
            if len(whole.lstrip("0")) > 15:
                raise self.error(f'{what} "{tok}" är för stort; {TOO_LARGE}')
            if len(decimals) <= 10:
                return Decimal(tok)  # leading zeros only
            raise self.error(f'{what} "{tok}" har för många decimaler')
        raise self.error(f'{what} "{tok}" är inget tal')

    def required_amount(self, tokens: list[str], i: int) -> Decimal:
        """The amount field of a row."""
        if i >= len(tokens):
            raise self.error("fält saknas: belopp")
        return self.amount(tokens[i])

    def quantity(self, tokens: list[str], i: int) -> Decimal | None:
        """An optional quantity."""
        if i >= len(tokens) or tokens[i] == "":
            return None
        return self.amount(tokens[i], "kvantitet")

    def date(self, tok: str, what: str) -> dt.date:
        """A date written YYYYMMDD."""
        if type(tok) is Braces:
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
        """A date that may be left out or written as ""."""
        if i >= len(tokens) or tokens[i] == "":
            return None
        return self.date(tokens[i], what)

    def year_index(self, tokens: list[str], i: int) -> int:
        """A year number relative to the current one (0, -1, ...)."""
        tok = self.text(tokens, i, "årsnummer")
        cached = self.year_cache.get(tok)
        if cached is not None:
            return cached
        if not _YEAR_RE.fullmatch(tok):
            raise self.error(f'årsnummer "{tok}" är inget heltal')
        value = self.year_cache[tok] = int(tok)
        return value

    def period(self, tok: str) -> int:
        """A month written YYYYMM, as the integer YYYYMM."""
        cached = self.period_cache.get(tok)
        if cached is not None:
            return cached
        if not _PERIOD_RE.fullmatch(tok):
            raise self.error(f'period "{tok}" är ingen giltig period (ÅÅÅÅMM)')
        value = self.period_cache[tok] = int(tok)
        return value

    def objects_at(self, tokens: list[str], i: int) -> tuple[ObjectList, int]:
        """Read the object list at ``i``; tolerate old files that leave it out."""
        if i < len(tokens) and type(tokens[i]) is Braces:
            return self.objects(tokens[i]), i + 1
        if i >= len(tokens):
            raise self.error("fält saknas: objektlista")
        return (), i

    def objects(self, content: str) -> ObjectList:
        """The (dimension, object) pairs inside braces, cached by their text."""
        cached = self.obj_cache.get(content)
        if cached is not None:
            return cached
        items: list[str] = []
        for m in _OBJ_TOKEN_RE.finditer(content):
            if m.lastindex == 3:
                raise self.error("felaktig objektlista: citattecken som inte avslutas")
            quoted = m.group(1)
            items.append(unescape(quoted) if quoted is not None else m.group(2))
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

    def tokenize(self, rec: str, start: int) -> list[str]:
        """Split the fields after the label; object lists come back as ``Braces``."""
        tokens: list[str] = []
        append = tokens.append
        for m in _TOKEN_RE.finditer(rec, start):
            kind = m.lastindex
            if kind == 3:
                append(m.group(3))
            elif kind == 1:
                append(unescape(m.group(1)))
            elif kind == 2:
                append(Braces(m.group(2)))
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
