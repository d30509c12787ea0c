"""Reading SIE 4 files (types 1, 2, 3, 4E and 4I) into a ``SieFile``.

Format notes that shaped this module:

* ``#VER`` is followed by a ``{`` line, its ``#TRANS``/``#RTRANS``/``#BTRANS`` rows
  and a ``}`` line. ``#RTRANS`` (a row added by a correction) is by the standard
  followed by an identical ``#TRANS`` for readers that do not know ``#RTRANS``; that
  ``#TRANS`` is dropped here so the row is counted once. ``#BTRANS`` rows (removed
  by a correction) are kept with ``kind == "btrans"`` but must not be summed.
* ``#PSALDO`` is the change within one period (month), not a running total; this
  holds for the real sample files in /work/shared/sie-samples for result *and*
  balance accounts (the months add up to ``#RES`` and to ``#UB - #IB``).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from ksui.importers.sie.model import PeriodAmount, SieError, SieFile, Transaction, Voucher
from ksui.importers.sie.records import TRANS_LABELS, Records
from ksui.importers.sie.tokens import (
    CHUNK_SIZE,
    FAST_PERIOD_RE,
    FAST_TRANS_RE,
    FAST_VER_RE,
    LABEL_RE,
    decode,
    line_batches,
    scan,
    split_lines,
    unescape,
    unreadable,
)

Progress = Callable[[int, int], None]
PROGRESS_STEP = 1 << 16  # lines between two progress reports


class Parser(Records):
    """One read of one file; holds the state of the ``#VER`` block being read."""

    def __init__(self, source: str, strict_objects: bool = False) -> None:
        super().__init__(source)
        self.strict_objects = strict_objects
        self.pending_rtrans: Transaction | None = None
        self.no_rows: list[Transaction] = []  # never filled: the fast path needs a block

    def run(self, data: bytes, progress: Progress | None = None) -> SieFile:
        """Decode, check and read the whole file; only SieError ever leaves this method."""
        text, encoding = decode(data, self.source)
        self.sie.encoding = encoding
        lines = split_lines(text)
        del text
        self.check_is_sie(lines)
        return self.read_lines(lines, len(lines), progress)

    def run_stream(
        self, handle: BinaryIO, progress: Progress | None = None, chunk_size: int = CHUNK_SIZE
    ) -> SieFile:
        """Read a file a chunk at a time, twice, so memory does not grow with its size.

        The first pass decides the encoding and counts the lines as ``run`` would (same
        refusals, same line numbers); the second pass reads the lines as they decode.
        """
        found = scan(handle, self.source, chunk_size)
        self.sie.encoding = found.encoding
        lines = chain.from_iterable(line_batches(handle, self.source, found, chunk_size))
        head: list[str] = []
        self.check_is_sie(_kept(lines, head))
        return self.read_lines(chain(head, lines), found.lines, progress)

    def read_lines(self, lines: Iterable[str], total: int, progress: Progress | None) -> SieFile:
        """Read the ``total`` lines and run the end-of-file checks, raising only SieError."""
        try:
            self.loop(lines, total, progress)
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

    def check_is_sie(self, lines: Iterable[str]) -> None:
        """Refuse a file without a known record among its first lines (a letter, a PNG)."""
        seen = 0
        first: tuple[int, str] | None = None
        for no, line in enumerate(lines, 1):
            stripped = line.strip(" \t\f\v")
            if not stripped:
                continue
            if first is None:
                first = (no, line)
            m = LABEL_RE.match(stripped)
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

    def loop(self, lines: Iterable[str], total: int, progress: Progress | None = None) -> None:
        """Read all lines; the common shapes take a fast path that builds rows directly."""
        sie = self.sie
        add_psaldo = sie.period_balances.append
        add_pbudget = sie.period_budgets.append
        fast_period = FAST_PERIOD_RE.match
        fast_trans = FAST_TRANS_RE.match
        fast_ver = FAST_VER_RE.match
        obj_cache = self.obj_cache
        period_cache = self.period_cache
        year_cache = self.year_cache
        date_cache = self.date_cache
        new_tuple = tuple.__new__
        # Local mirrors of the block state; refreshed after anything that may change it.
        in_block = False
        in_ver = False
        hooked = False  # whether each line goes to ``watch`` (#KSUMMA)
        add_trans = self.no_rows.append  # the open voucher's rows.append while in a block
        line_no = 0
        line = ""
        report_at = PROGRESS_STEP if progress is not None else total + 1
        try:
            for line_no, line in enumerate(lines, 1):
                if line_no >= report_at:
                    assert progress is not None
                    progress(line_no, total)
                    report_at += PROGRESS_STEP
                if not line:
                    continue
                if hooked:
                    self.line_no, self.line = line_no, line
                    self.watch(line)
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
                                    "" if text is None else unescape(text),
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
                if not self.other(line_no, line):
                    continue
                in_block = self.block_open
                in_ver = self.voucher is not None
                hooked = self.watching
                voucher = self.voucher
                add_trans = (voucher.transactions if in_block and voucher else self.no_rows).append
        except SieError:
            raise
        except Exception:
            self.line_no, self.line = line_no, line
            raise

    def other(self, line_no: int, line: str) -> bool:
        """A non-empty line the fast paths did not take; False when it is no record at all."""
        rec = line
        if line[0] != "#":
            rec = line.lstrip(" \t")
            if not rec:
                return False
            first = rec[0]
            if first != "#":
                if first != "{" and first != "}":
                    return False  # not a record: skipped, as the standard says
                self.line_no, self.line = line_no, line
                if first == "{":
                    self.open_block()
                else:
                    self.close_block()
                return True
        self.line_no, self.line = line_no, line
        self.slow(rec)
        return True

    @property
    def watching(self) -> bool:
        """Whether every line must pass ``watch``: inside or after the #KSUMMA part."""
        return self.checksum is not None or self.checksum_closed > 0

    def watch(self, line: str) -> None:
        """Add a line to the running checksum, or refuse a record after the closing #KSUMMA."""
        stripped = line.strip(" \t\x1a")  # Ctrl-Z: the DOS end of file some PC8 files keep
        if not stripped:
            return
        if self.checksum_closed:
            if stripped[0] not in "#{}":
                return  # not a record: skipped, as anywhere in the file
            # SIE 4B, #KSUMMA: the closing #KSUMMA is the file's last record.
            raise self.error(f"post efter den avslutande #KSUMMA på rad {self.checksum_closed}")
        assert self.checksum is not None
        m = LABEL_RE.match(stripped)
        if m is not None and stripped.startswith("#") and m.group(1).upper() == "KSUMMA":
            return  # the closing #KSUMMA itself is not summed
        self.checksum.add(stripped)

    def fast_voucher(self, m: re.Match[str]) -> None:
        """Open a voucher from an ``#VER`` line that matched the fast pattern."""
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
        """Any record the fast paths do not take: checked for its place, then handled."""
        m = LABEL_RE.match(rec)
        assert m is not None  # rec starts with optional blanks and '#'
        label = m.group(1).upper()
        handler = self.handlers.get(label)
        if self.block_open:
            if handler is not None and label not in TRANS_LABELS:
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
        self.handle(label, handler, rec, m.end())

    def open_block(self) -> None:
        """A ``{`` line: the rows of the voucher just opened follow."""
        if self.block_open:
            raise self.error("oväntad { inuti en verifikation")
        if self.voucher is None:
            return  # a stray brace outside any voucher is not a record: skip it
        self.block_open = True
        self.pending_rtrans = None

    def close_block(self) -> None:
        """A ``}`` line: the voucher is complete."""
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
        """Add a row to the open voucher, counting an #RTRANS and its #TRANS copy once."""
        assert self.voucher is not None
        pending = self.pending_rtrans
        self.pending_rtrans = None
        kind = trans.kind
        if kind == "trans" and pending is not None and trans[:3] == pending[:3]:
            # SIE 4B, #RTRANS: "ska alltid följas av en #TRANS-post" with the same row, for
            # readers that do not know #RTRANS; those that do ignore that copy. Programs
            # differ in its date (the correction's vs the voucher's), text and signature,
            # so the copy is told by account, objects and amount only (issue 13, finding 1).
            self.sie.dropped_rtrans_copies += 1
            return
        self.voucher.transactions.append(trans)
        if kind == "rtrans":
            self.pending_rtrans = trans

    def finish(self) -> None:
        """End-of-file checks: an unclosed voucher or #KSUMMA, undeclared objects."""
        if self.checksum is not None:
            # SIE 4B, #KSUMMA: a file that opens a checksum ends with the closing #KSUMMA;
            # without it the file was cut off (issue 13, finding 3).
            raise SieError(
                self.source,
                self.checksum_line,
                "#KSUMMA",
                "filen tar slut utan avslutande #KSUMMA: den är avkortad eller ofullständig",
            )
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


def parse_sie(data: bytes, source: str = "<bytes>", *, strict_objects: bool = False) -> SieFile:
    """Parse the bytes of a SIE file, raising only SieError so callers have one thing to catch.

    The text is UTF-8 when it decodes strictly as UTF-8 (a BOM is dropped) and code
    page 437 ("#FORMAT PC8") otherwise. With ``strict_objects`` an object that rows
    use but ``#OBJEKT`` never declares is an error instead of being reported in
    ``SieFile.undeclared_objects``.
    """
    with gc_paused():
        return Parser(source, strict_objects).run(data)


def read_sie(path: Path, *, strict_objects: bool = False) -> SieFile:
    """Read a SIE file from disk, turning I/O problems into SieError as well."""
    return parse_sie(read_bytes(path), Path(path).name, strict_objects=strict_objects)


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or unreadable file is a SieError naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise unreadable(Path(path).name, exc) from exc


def _kept(lines: Iterator[str], kept: list[str]) -> Iterator[str]:
    """Pass lines on and keep them, so lines a check has looked at can still be read."""
    for line in lines:
        kept.append(line)
        yield line


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small rows are made.

    It would rescan them again and again (about 40 % of the run time for 1M rows),
    and none of them can form a cycle.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
