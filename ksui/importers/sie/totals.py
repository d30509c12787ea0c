"""Reading a SIE file into sums per key (``SieTotals``) without keeping every row.

An import needs sums, not rows: a million #PSALDO or #TRANS rows as objects cost
seconds and hundreds of megabytes. This reader runs the same checks as ``parse_sie``
(every field of every row is validated, errors name the line), but adds each fast-path
row straight into a sum keyed by its raw text fields and turns the keys into typed
values once per distinct key at the end. ``read_sie_totals`` streams the file (see
``Parser.run_stream``), so its memory is a chunk of text plus the sums, whatever the
file's size.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, TypeVar, cast

from ksui.importers.sie.model import (
    Measure,
    PeriodAmount,
    PeriodKey,
    SieError,
    SieFile,
    SieTotals,
    Transaction,
    TransKey,
    Voucher,
)
from ksui.importers.sie.reader import (
    PROGRESS_STEP,
    Parser,
    Progress,
    gc_paused,
)
from ksui.importers.sie.tokens import (
    CHUNK_SIZE,
    FAST_PERIOD_RE,
    FAST_TRANS_RE,
    FAST_VER_RE,
    unreadable,
)

_MEASURES: dict[str, Measure] = {"PSALDO": "actual", "PBUDGET": "budget"}
# Sums of up to 28-digit amounts over millions of rows stay exact at this precision.
_PRECISION = 60
K = TypeVar("K")
#: A #PSALDO/#PBUDGET row's raw (label, year index, period, account, objects) text.
_RawPeriodKey = tuple[str, str, str, str, str]


class _Summer(Parser):
    """The parser with a loop that sums rows instead of storing them."""

    def __init__(
        self, source: str, dimension: int | None = None, project_dimension: int | None = None
    ) -> None:
        super().__init__(source)
        self.dimension = dimension
        self.project_dimension = project_dimension
        self.voucher_objects = True
        self.by_month = False
        self.period_raw: dict[_RawPeriodKey, Decimal] = {}
        # (voucher date, or its month as YYYYMM; row date text; account; objects text)
        self.trans_raw: dict[tuple[dt.date | str, str | None, str, str], Decimal] = {}
        self.trans_sums: dict[TransKey, Decimal] = {}
        self.rows = {"psaldo": 0, "pbudget": 0, "trans": 0, "vouchers": 0, "lines": 0}

    def loop(self, lines: Iterable[str], total: int, progress: Progress | None = None) -> None:
        """Read all lines; #PSALDO, #PBUDGET and #TRANS rows of the common shapes are summed."""
        fast_period = FAST_PERIOD_RE.match
        fast_trans = FAST_TRANS_RE.match
        fast_ver = FAST_VER_RE.match
        obj_cache = self.obj_cache
        period_cache = self.period_cache
        year_cache = self.year_cache
        date_cache = self.date_cache
        period_raw = self.period_raw
        period_get = period_raw.get
        trans_raw = self.trans_raw
        trans_get = trans_raw.get
        in_block = False
        in_ver = False
        hooked = False  # whether each line goes to ``watch`` (#KSUMMA)
        keep = True  # whether voucher rows keep their objects
        by_month = False  # whether voucher dates are kept per month only
        pending: Transaction | None = None
        decided = False
        ver_date = dt.date.min
        ver_key: dt.date | str = ver_date
        scratch = Voucher("", "", ver_date)
        fast_rows = 0
        labels = {"PSALDO": 0, "PBUDGET": 0}
        report_at = PROGRESS_STEP if progress is not None else total + 1
        line_no = 0
        line = ""
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
                if in_block:
                    m = fast_trans(line)
                    if m is not None and pending is None:
                        account, content, amount_s, date_s = m.group(1, 2, 3, 4)
                        if content not in obj_cache or (
                            date_s is not None and date_s not in date_cache
                        ):
                            self.line_no, self.line = line_no, line
                            self.objects(content)
                            if date_s is not None:
                                self.date(date_s, "transaktionsdatum")
                        if by_month and date_s is not None:
                            date_s = date_s[:6]
                        key = (ver_key, date_s, account, content if keep else "")
                        amount = Decimal(amount_s)
                        old = trans_get(key)
                        trans_raw[key] = amount if old is None else old + amount
                        fast_rows += 1
                        continue
                    if line == "}":
                        self.line_no, self.line = line_no, line
                        self.close_block()
                        in_block = in_ver = False
                        pending = None
                        continue
                elif not in_ver:
                    if line[0] == "#":
                        m = fast_period(line)
                        if m is not None:
                            # FAST_PERIOD_RE's first five groups are mandatory: all str.
                            pkey = cast(_RawPeriodKey, m.group(1, 2, 3, 4, 5))
                            if (
                                pkey[2] not in period_cache
                                or pkey[4] not in obj_cache
                                or pkey[1] not in year_cache
                            ):
                                self.line_no, self.line = line_no, line
                                self.year_index([pkey[1]], 0)
                                self.period(pkey[2])
                                self.objects(pkey[4])
                            amount = Decimal(m[6])
                            labels[pkey[0]] += 1
                            old = period_get(pkey)
                            period_raw[pkey] = amount if old is None else old + amount
                            continue
                        m = fast_ver(line)
                        if m is not None:
                            if not decided:
                                keep, by_month = self.decide()
                                decided = True
                            cached_date = date_cache.get(m[5])
                            reg_s = m[8]
                            if cached_date is None or (
                                reg_s is not None and reg_s not in date_cache
                            ):
                                self.line_no, self.line = line_no, line
                                self.fast_voucher(m)  # checks the dates, naming the line
                                assert self.voucher is not None
                                ver_date = self.voucher.date
                            else:
                                # Only the date and the line matter to a sum: reuse one voucher.
                                ver_date = cached_date
                                scratch.date, scratch.line_no = ver_date, line_no
                                self.voucher, self.ver_line = scratch, line
                            ver_key = _month(ver_date) if by_month else ver_date
                            in_ver = True
                            continue
                elif line == "{" and not self.block_open:
                    self.block_open = in_block = True
                    self.pending_rtrans = pending = None
                    continue
                if not self.other(line_no, line):
                    continue
                in_block = self.block_open
                hooked = self.watching
                pending = self.pending_rtrans  # only the slow path sets it
                voucher = self.voucher
                in_ver = voucher is not None
                if voucher is not None:
                    if not decided:
                        keep, by_month = self.decide()
                        decided = True
                    ver_date = voucher.date
                    ver_key = _month(ver_date) if by_month else ver_date
        except SieError:
            raise
        except Exception:
            self.line_no, self.line = line_no, line
            raise
        self.rows["trans"] += fast_rows
        self.rows["lines"] = total
        self.rows["psaldo"] += labels["PSALDO"]
        self.rows["pbudget"] += labels["PBUDGET"]

    def decide(self) -> tuple[bool, bool]:
        """At the first voucher: keep voucher rows' objects? keep their dates by month only?

        A voucher row's date, account and cost centre are nearly always unique, so a sum
        per key would be a sum per row. The plan needs a row's month, not its day, when
        every #RAR year runs whole months (it does in every real file): then dates are
        kept per month. Objects are left out when #PSALDO already has the units' actuals.
        """
        years = self.sie.years.values()
        self.by_month = bool(years) and all(_whole_months(a, b) for a, b in years)
        self.voucher_objects = self.vouchers_need_objects()
        return self.voucher_objects, self.by_month

    def vouchers_need_objects(self) -> bool:
        """Whether voucher rows must be summed per object, decided at the first voucher.

        When #PSALDO rows have already given a result account's actual on an object of
        the import's dimension, the plan takes the units' actuals from #PSALDO and needs
        the vouchers only per account. With a project dimension they are kept per object
        as well unless #PSALDO has rows on that dimension (the projects' actuals come from
        the same source, see ``sie_plan._Planner.project_rows``).
        """
        if self.dimension is None:
            return True
        is_result = self.sie.is_result_account
        objs = self.obj_cache
        projects = self.project_dimension
        if projects is not None and not any(
            label == "PSALDO" and any(dim == projects for dim, _ in objs[content])
            for label, _, _, _, content in self.period_raw
        ):
            return True
        return not any(
            label == "PSALDO"
            and year_s in ("0", "-1")
            and is_result(account)
            and any(dim == self.dimension for dim, _ in objs[content])
            for label, year_s, _, account, content in self.period_raw
        )

    def close_block(self) -> None:
        """Sum the voucher's rows that took the slow path; the voucher itself is not kept."""
        voucher = self.voucher
        super().close_block()
        if voucher is None or self.voucher is not None:
            return
        self.sie.vouchers.clear()
        self.rows["vouchers"] += 1
        if voucher.transactions:
            self.rows["trans"] += len(voucher.transactions)
            _add_transactions(self.trans_sums, voucher.date, voucher.transactions, self.by_month)
            voucher.transactions.clear()

    def totals(self) -> SieTotals:
        """Turn the raw keys into typed ones and hand over the sums."""
        sie = self.sie
        period_sums: dict[PeriodKey, Decimal] = {}
        years, periods, objs = self.year_cache, self.period_cache, self.obj_cache
        for (label, year_s, period_s, account, content), amount in self.period_raw.items():
            _add(
                period_sums,
                (_MEASURES[label], years[year_s], periods[period_s], account, objs[content]),
                amount,
            )
        for measure, rows in _row_lists(sie):
            self.rows["psaldo" if measure == "actual" else "pbudget"] += len(rows)
            for row in rows:
                key = (measure, row.year, row.period, row.account, row.objects)
                _add(period_sums, key, row.amount)
            rows.clear()
        trans_sums = self.trans_sums
        if self.by_month:
            if not all(_whole_months(a, b) for a, b in sie.years.values()):
                raise SieError(
                    sie.source, 0, "", "#RAR står efter verifikationerna och delar en månad"
                )
            first = functools.cache(_first_of)
            for (ver, row_s, account, content), amount in self.trans_raw.items():
                assert isinstance(ver, str)  # month mode keys vouchers by YYYYMM (see loop)
                ver_day = first(ver)
                day = ver_day if row_s is None else first(row_s)
                _add(trans_sums, (ver_day, day, account, objs[content]), amount)
        else:
            dates = self.date_cache
            for (ver, row_s, account, content), amount in self.trans_raw.items():
                assert isinstance(ver, dt.date)  # day mode keys vouchers by date (see loop)
                when = ver if row_s is None else dates[row_s]
                _add(trans_sums, (ver, when, account, objs[content]), amount)
        return SieTotals(
            sie, period_sums, trans_sums, self.rows, self.voucher_objects, not self.by_month
        )


def _row_lists(sie: SieFile) -> tuple[tuple[Measure, list[PeriodAmount]], ...]:
    """The #PSALDO and #PBUDGET row lists with the measure each one sums into."""
    return (("actual", sie.period_balances), ("budget", sie.period_budgets))


def _add(sums: dict[K, Decimal], key: K, amount: Decimal) -> None:
    """Add to a sum that may not exist yet."""
    old = sums.get(key)
    sums[key] = amount if old is None else old + amount


def _add_transactions(
    sums: dict[TransKey, Decimal], ver_date: dt.date, rows: list[Transaction], by_month: bool
) -> None:
    """Sum one voucher's rows that count (no #BTRANS) by row date, account and objects."""
    if by_month:
        ver_date = ver_date.replace(day=1)
    for row in rows:
        if row.kind != "btrans":
            day = row.date.replace(day=1) if by_month and row.date else row.date or ver_date
            _add(sums, (ver_date, day, row.account, row.objects), row.amount)


def _month(day: dt.date) -> str:
    """A date's month as YYYYMM, the key voucher rows are summed under in month mode."""
    return f"{day.year:04d}{day.month:02d}"


def _first_of(key: str) -> dt.date:
    """The first day of the month a YYYYMM key names."""
    return dt.date(int(key[:4]), int(key[4:6]), 1)


def _whole_months(start: dt.date, end: dt.date) -> bool:
    """Whether a span starts on the first of a month and ends on the last of one."""
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def sum_sie(
    data: bytes,
    source: str = "<bytes>",
    progress: Progress | None = None,
    *,
    dimension: int | None = None,
    project_dimension: int | None = None,
) -> SieTotals:
    """Read the bytes of a SIE file into sums per key, raising only SieError.

    ``progress`` is called now and then with (lines read, lines in the file). With the
    import's ``dimension``, voucher rows may be summed per account only (see
    ``_Summer.vouchers_need_objects``, which ``project_dimension`` also informs);
    ``SieTotals.voucher_objects`` tells.
    """
    with gc_paused(), decimal.localcontext(prec=_PRECISION):
        parser = _Summer(source, dimension, project_dimension)
        parser.run(data, progress)
        return _totals(parser)


def sum_sie_stream(
    handle: BinaryIO,
    source: str = "<fil>",
    progress: Progress | None = None,
    *,
    dimension: int | None = None,
    project_dimension: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> SieTotals:
    """What ``sum_sie`` gives for the handle's bytes, read ``chunk_size`` bytes at a time.

    Memory stays bounded by a chunk and the sums, not by the file: the handle is read
    twice (see ``Parser.run_stream``). One that cannot seek (a pipe) is read whole.
    """
    try:
        seekable = handle.seekable()
        data = None if seekable else handle.read()
    except OSError as exc:
        raise unreadable(source, exc) from exc
    if data is not None:
        return sum_sie(
            data, source, progress, dimension=dimension, project_dimension=project_dimension
        )
    with gc_paused(), decimal.localcontext(prec=_PRECISION):
        parser = _Summer(source, dimension, project_dimension)
        parser.run_stream(handle, progress, chunk_size)  # read errors are SieError
        return _totals(parser)


def _totals(parser: _Summer) -> SieTotals:
    """The parser's sums; anything but SieError becomes one, as in ``Parser.read_lines``."""
    try:
        return parser.totals()
    except Exception as exc:  # a safety net, as in Parser.read_lines
        raise SieError(parser.source, 0, "", f"internt fel vid summering ({exc!r})") from exc


def read_sie_totals(
    path: Path,
    progress: Progress | None = None,
    *,
    dimension: int | None = None,
    project_dimension: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> SieTotals:
    """Read a SIE file from disk into sums per key, streaming it (see ``sum_sie_stream``)."""
    source = Path(path).name
    try:
        with Path(path).open("rb") as handle:
            return sum_sie_stream(
                handle,
                source,
                progress,
                dimension=dimension,
                project_dimension=project_dimension,
                chunk_size=chunk_size,
            )
    except OSError as exc:  # opening or closing it: sum_sie_stream turns the rest into SieError
        raise unreadable(source, exc) from exc


def totals_of(sie: SieFile) -> SieTotals:
    """The sums of an already parsed file, so a plan can be made from either kind of read."""
    period_sums: dict[PeriodKey, Decimal] = {}
    trans_sums: dict[TransKey, Decimal] = {}
    with decimal.localcontext(prec=_PRECISION):
        for measure, rows in _row_lists(sie):
            for row in rows:
                key = (measure, row.year, row.period, row.account, row.objects)
                _add(period_sums, key, row.amount)
        for voucher in sie.vouchers:
            _add_transactions(trans_sums, voucher.date, voucher.transactions, False)
    counts = {
        "psaldo": len(sie.period_balances),
        "pbudget": len(sie.period_budgets),
        "trans": sum(len(v.transactions) for v in sie.vouchers),
        "vouchers": len(sie.vouchers),
    }
    return SieTotals(sie, period_sums, trans_sums, counts)
