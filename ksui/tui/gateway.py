"""The app's one door to the database: a lock around the store and write jobs kept in order.

Workers run on threads; SQLite's connection is shared, so every call holds one lock, and
writes are queued and drained in the order the controller made them — a write worker
that Textual cancels can never lose or reorder an edit, because whichever thread holds
the lock takes the next job from the same queue. Every write, undo, import and audit
query goes through ``ksui.actions``, as ``ksui set``, ``ksui undo``, ``ksui import`` and
``ksui log`` do, so the app and the CLI apply the same rules.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, TypeVar

from ksui.core.records import record

if TYPE_CHECKING:
    from ksui.actions.imports import ImportOutcome, ImportRequest, Progress
    from ksui.actions.kommun_totals import KommunTotals
    from ksui.actions.locks import LockInfo
    from ksui.config import Config
    from ksui.core.costs import CostBreakdown
    from ksui.core.figures import FigureRow
    from ksui.core.models import OrgTree, Unit
    from ksui.core.months import MonthSeries
    from ksui.core.report import ReportData
    from ksui.store import Store
    from ksui.tui.analysis import Analysis
    from ksui.tui.audit import AuditPage, AuditQuery
    from ksui.tui.edits import Edit

T = TypeVar("T")


@record
class ReportKey:
    """Which report the app asks for: committee (None: the first), year (None: the latest).

    ``latest``: open the latest follow-up of that year with figures; ``period`` is then only
    what a selector shows until the report is read.
    """

    committee: str | None
    year: int | None
    period: str
    latest: bool = False
    #: The app's first report in a kommun's file, unless a nämnd is asked for: the kommun's
    #: totals, read before any report (``Loaded.totals``), with the report to follow.
    kommun_first: bool = False

    def matches(self, data: ReportData) -> bool:
        """Whether a report read (e.g. after a write) is the one this key asks for."""
        names = (data.committee.name.casefold(), (data.committee.code or "").casefold())
        if self.committee is not None and self.committee.casefold() not in names:
            return False
        if self.year is not None and data.year != self.year:
            return False
        return self.latest or data.period == self.period


#: The old name, kept while ``ksui.tui.app`` still imports it; use ReportKey.


@record
class Loaded:
    """A report read from the store, with what the selectors can offer."""

    data: ReportData | None
    committees: list[Unit]
    years: list[int]
    periods: list[str]
    note: str = ""
    #: The report's summary, text and checks when they were computed with it (the first
    #: report, see ``Gateway.prefetch``); otherwise the app analyses it after painting.
    analysis: Analysis | None = None
    #: The kommun above the file's consolidated nämnder (``ksui consolidate``), if any.
    kommun: Unit | None = None
    #: The kommun's nämnder at its latest follow-up, read instead of a nämnd's report when
    #: the app opens on the Kommunen screen (``ReportKey.kommun_first``); ``follow`` is the
    #: nämnd's report to read once they are painted.
    totals: KommunTotals | None = None
    follow: ReportKey | None = None


@record
class WriteJob:
    """An edit to write, and the report to read again afterwards if it needs that.

    ``after``: the report to show once the edit is written, when that is another one (a
    new nämnd, a new year); a refused edit reads ``key`` again, the report it was made on.
    """

    edit: Edit
    key: ReportKey
    after: ReportKey | None = None


@record
class RevertJob:
    """Undo (or redo) one change set."""

    changeset_id: int
    description: str  # as the audit trail records it, e.g. "Ångra: Utfall Ekonomi"
    kind: str  # "undo" or "redo"
    key: ReportKey
    label: str = ""  # the edit's own words, e.g. "Utfall Ekonomi"
    #: The controller has agreed to what the undo removes (see ksui.actions.history.impact).
    confirmed: bool = False


@dataclass(eq=False, repr=False)
class Outcome:
    """What a job did: the change set it wrote, the report read again, or why it failed."""

    job: WriteJob | RevertJob
    changeset_id: int | None = None
    loaded: Loaded | None = None
    error: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def first_key(config: Config) -> ReportKey:
    """The report the app opens on: config.toml's nämnd, year and period; without a period,
    the latest one with figures (the gateway finds it)."""
    start = config.start_period
    return ReportKey(
        config.committee,
        config.year,
        start or "bokslut",
        latest=start is None,
        kommun_first=True,  # taken only where no nämnd is named (``_kommun_first``)
    )


class Gateway:
    """Serialised access to one ksui database from the app's worker threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._queue: deque[WriteJob | RevertJob] = deque()
        #: ``PRAGMA data_version`` when the report on screen was read (see data_version).
        self.read_version: int | None = None
        #: The last nämnd's drift rows of a year and when they were read (``_figure_rows``).
        self._rows_cache: tuple[tuple[int, int, int, int], list[FigureRow]] | None = None
        #: The first report, read while Textual starts (see ``prefetch``), and its key.
        self._prefetched: tuple[ReportKey, Loaded | None, Exception | None] | None = None
        #: A report the forked reader read, not yet taken over by this process's own
        #: connection (see ``settle``), and the file's last change set before that read.
        self._unadopted: tuple[Loaded, int] | None = None

    @property
    def store(self) -> Store:
        """The open store (opened on first use, on a worker thread)."""
        if self._store is None:
            from ksui.store import Store  # imported on the worker, after the first paint

            self._store = Store(self.path)
            pending, self._unadopted = self._unadopted, None
            if pending is not None:
                self._adopt(*pending)
        return self._store

    def settle(self) -> None:
        """Open the app's own connection, taking over the forked reader's reading.

        Called on a worker once the first frame is painted: the connection, its baseline
        for other writers and the rows a period switch reuses are not needed before, and
        opening them while Textual starts would take turns with it for the interpreter.
        """
        with self._lock:
            _ = self.store

    def close(self) -> None:
        """Close the connection when the app ends."""
        with self._lock:
            self._rows_cache = None
            if self._store is not None:
                self._store.close()
                self._store = None

    def data_version(self) -> int | None:
        """SQLite's counter of commits by other connections; None when busy or not open yet.

        Cheap enough for the event loop: it never waits for the lock (a worker holding it is
        writing or reading anyway) and never opens the file.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            from ksui.store import read

            store = self._store  # read under the lock: close() may have run just before
            return None if store is None else read.data_version(store)
        except Exception:  # a file gone or locked: try again at the next tick
            return None
        finally:
            self._lock.release()

    # -- reading ----------------------------------------------------------------------------
    def prefetch(
        self, key: ReportKey, analyse: Callable[[ReportData], Analysis] | None = None
    ) -> None:
        """Start reading (and, with ``analyse``, analysing) the first report while the app
        is still starting.

        The read runs in a forked process where the platform allows (see
        ``ksui.tui.prefetch``: a thread here would take turns with Textual's own start for
        the interpreter), else on a thread. The lock is taken here and released when the
        report is in: the app's first ``load`` waits for it and gets it, so the nämnd's
        figures are ready by the time Textual can paint them.
        """
        from ksui.tui.prefetch import ChildFailed, fork_call

        self._lock.acquire()
        wait = fork_call(
            lambda: self._read_apart(key, analyse),
            early=lambda: self._kind_apart(key),
            on_early=_prepare_for,
        )

        def run() -> None:
            try:
                loaded: Loaded | None = None
                if wait is not None:
                    try:
                        loaded, stamp = wait()
                        # Taken over when the connection opens (``settle``), after the paint.
                        self._unadopted = (loaded, stamp)
                    except ChildFailed:
                        loaded = None
                if loaded is None:
                    loaded = self._read_here(key, analyse)
                self._prefetched = (key, loaded, None)
            except Exception as exc:  # shown when the app asks for the report
                self._prefetched = (key, None, exc)
            finally:
                self._lock.release()

        threading.Thread(target=run, name="ksui-prefetch", daemon=True).start()

    def _read_here(
        self, key: ReportKey, analyse: Callable[[ReportData], Analysis] | None
    ) -> Loaded:
        """Read the report (and analyse it) on this process's own connection."""
        loaded = self._load(key)
        if analyse is not None and loaded.data is not None:
            loaded = replace(loaded, analysis=analyse(loaded.data))
        return loaded

    def _read_apart(
        self, key: ReportKey, analyse: Callable[[ReportData], Analysis] | None
    ) -> tuple[Loaded, int]:
        """In the forked reader: the report, and the file's last change set before it was read."""
        from ksui.store import read

        try:
            stamp = read.last_changeset(self.store)
            loaded = self._read_here(key, analyse)
            if loaded.data is not None and loaded.data.memo:
                # What the analysis derived (drift tables at two follow-ups, the trend, the
                # references) stays here: the first frame needs none of it, the app derives
                # it again when a screen asks, and it was a third of the pickle to read back.
                loaded = replace(loaded, data=replace(loaded.data, memo={}))
            return loaded, stamp
        finally:
            if self._store is not None:
                self._store.close()  # its own connection; the parent opens another

    def _kind_apart(self, key: ReportKey) -> bytes:
        """In the forked reader, first: K when the report will be a kommun's nämnder
        (``_kommun_first``), N otherwise; the parent prepares for it while the rest is read."""
        if not key.kommun_first:
            return b"N"
        from ksui.store.provenance import consolidated_kommun

        kommun = consolidated_kommun(self.store)
        if kommun is None:
            return b"N"
        asked, names = key.committee, (kommun.name.casefold(), (kommun.code or "").casefold())
        return b"K" if asked is None or asked.casefold() in names else b"N"

    def _adopt(self, loaded: Loaded, stamp: int) -> None:
        """Take a report read by the forked reader as this connection's own reading.

        Opening the app's connection, its ``data_version`` is the baseline for noticing
        other writers. When a change set was written after the reader's read began, the
        report may already be old: the baseline is then one the next poll never matches,
        so the app reads the report again at once.
        """
        from ksui.store import read

        store = self.store
        version = read.data_version(store)  # before the comparison: nothing slips between
        if read.last_changeset(store) != stamp:
            self.read_version = -1
            return
        self.read_version = version
        data = loaded.data
        if data is not None:
            stamp_now = (data.committee.id, data.year, *read.change_stamp(store))
            self._rows_cache = (stamp_now, list(data.rows))

    def take_prefetched(self, key: ReportKey, wait: float = 0.0) -> Loaded | None:
        """The first report, if it is read within ``wait`` seconds and for this key; None
        (and the prefetch left for ``load``) otherwise. By default it never waits: the event
        loop may ask, before the first frame."""
        got = self._lock.acquire(timeout=wait) if wait > 0 else self._lock.acquire(False)
        if not got:
            return None  # still reading
        try:
            found = self._prefetched
            if found is None or found[0] != key or found[1] is None:
                return None
            self._prefetched = None
            return found[1]
        finally:
            self._lock.release()

    def load(self, key: ReportKey) -> Loaded:
        """Read the report asked for (and the lists behind the selectors)."""
        with self._lock:
            # The prefetched report answers the first request only, and only its own key:
            # after that the file may have been written by this very connection.
            found, self._prefetched = self._prefetched, None
            if found is not None and found[0] == key:
                if found[2] is not None:
                    raise found[2]
                if found[1] is not None:
                    _ = self.store  # on a worker: take the reading over now (``settle``)
                    return found[1]
            return self._load(key)

    def _load(self, key: ReportKey) -> Loaded:
        from ksui.store import StoreError, read
        from ksui.store.provenance import consolidated_kommun

        store = self.store
        # Before the read: a commit by another process during it shows as a newer version.
        self.read_version = read.data_version(store)
        committees = read.committees(store)
        if not committees:
            return Loaded(
                None,
                [],
                [],
                [],
                "Databasen innehåller ingen nämnd ännu. Tryck a för att skapa din nämnd och "
                "dess enheter, eller i för att importera en SIE-fil eller en strukturfil.",
            )
        note = ""
        try:
            committee = read.find_committee(store, key.committee)
        except StoreError:
            committee = committees[0]
            if key.committee is not None:
                note = f"Nämnden »{key.committee}« finns inte i filen; visar {committee.name}."
            else:
                note = f"Filen har {len(committees)} nämnder; visar {committee.name}."
            note += " Byt nämnd med ctrl+p (skriv »nämnd«)."
        if key.kommun_first:
            said = note
            if note and key.committee is None:  # the Kommunen screen shows the kommun
                said = (
                    f"Kommunens fil: {len(committees)} nämnder. Enter öppnar en nämnd; "
                    "1–5 visar den valda nämnden."
                )
            first = self._kommun_first(key, committees, committee, said)
            if first is not None:
                return first
        # Everything below is read for the nämnd on screen only.
        years = read.years(store, committee.id)
        if years:
            year = key.year if key.year in years else years[-1]
        else:
            # A nämnd built by hand has units and no figures yet: show it at this year (as
            # `ksui template` fills it in), so its units can be added to and its budget typed
            # or imported.
            # Not the year asked for: it may be one just undone (a new year taken back).
            year = date.today().year
            years = [year]
            note = note or (
                f"{committee.name} har inga siffror ännu: importera (i) eller skriv in "
                "budgeten på Drift."
            )
        rows = self._figure_rows(committee.id, year)
        recorded = {(row[2], row[3]) for row in rows}
        period = latest_period(recorded) if key.latest else key.period
        data = read.load_report(store, committee, year, period, rows)
        kommun = consolidated_kommun(store)
        return Loaded(data, committees, years, periods_of(recorded), note, kommun=kommun)

    def _kommun_first(
        self, key: ReportKey, committees: list[Unit], committee: Unit, note: str
    ) -> Loaded | None:
        """In a kommun's file, the kommun's nämnder at its latest follow-up (or the year and
        period asked for) and no nämnd's report: that of ``committee`` follows, once they
        are painted (``note`` says which one the other screens will show)."""
        from ksui.store import read
        from ksui.store.provenance import consolidated_kommun

        store = self.store
        kommun = consolidated_kommun(store)
        if kommun is None or (key.committee is not None and committee.id != kommun.id):
            return None  # a nämnd named in config.toml: its report is the first
        years = read.years(store, kommun.id)
        if not years:
            return None
        # Only now: the use cases, imported whole, would cost a nämnd's file its first read.
        from ksui.actions import kommun_totals as totals_of

        year = key.year if key.year in years else years[-1]
        pairs = totals_of.recorded(store, kommun, year)
        period = latest_period(pairs) if key.latest else key.period
        totals = totals_of.kommun_totals(store, kommun, year, period, pairs)
        follow = ReportKey(committee.name, year, period)
        periods = list(totals.periods)
        return Loaded(
            None, committees, years, periods, note, kommun=kommun, totals=totals, follow=follow
        )

    def _figure_rows(self, committee_id: int, year: int) -> list[FigureRow]:
        """The nämnd's drift rows of the year, read again only when the file has changed.

        Another period of the same nämnd and year needs the very same rows (the figures at
        the period are derived from them), so a period switch reads them once. Whether the
        file changed is told by SQLite itself: ``PRAGMA data_version`` counts the commits of
        other connections and ``total_changes`` the rows this one has written.
        """
        from ksui.store import read

        store = self.store
        stamp = (committee_id, year, *read.change_stamp(store))
        cached = self._rows_cache
        if cached is not None and cached[0] == stamp:
            return cached[1]
        # One string object per period code and measure, not one per row as SQLite hands
        # them out: the rows travel pickled from the forked reader (``prefetch``), where a
        # shared string is written and read back once, and the app keeps them for hours.
        rows = [
            (u, y, intern(p), intern(m), a)
            for u, y, p, m, a in read.figure_rows(store, committee_id, year)
        ]
        self._rows_cache = (stamp, rows)
        return rows

    # -- writing ----------------------------------------------------------------------------
    def submit(self, job: WriteJob | RevertJob) -> None:
        """Queue a job; a write worker drains the queue."""
        self._queue.append(job)

    def pending(self) -> int:
        """Jobs not yet written."""
        return len(self._queue)

    def drain(self, report: Callable[[Outcome], None]) -> None:
        """Run queued jobs in order, reporting each outcome while still holding the lock.

        Reporting under the lock keeps the app's messages in the order of the writes even
        when two drain threads overlap.
        """
        while True:
            with self._lock:
                if not self._queue:
                    return
                job = self._queue.popleft()
                report(self._run(job))

    def _run(self, job: WriteJob | RevertJob) -> Outcome:
        from ksui.actions import StaleValueError, StoreError, history

        store = self.store
        note: str | None = None
        try:
            if isinstance(job, WriteJob):
                written = job.edit.write(store)
                changeset, note = written.changeset, written.note
            else:
                impact = history.impact(store, job.changeset_id)
                if impact.refused is not None:
                    return Outcome(job, error=impact.refused)  # nothing written, nothing to read
                if impact.needs_confirmation and not job.confirmed:
                    return Outcome(job, extra={"impact": impact})
                changeset = history.undo(
                    store, job.changeset_id, description=job.description, confirmed=job.confirmed
                ).changeset
        except (StoreError, ValueError) as exc:
            # Refused (someone else changed the value, a locked period, a sum of the units
            # below, a duplicate name): read the report again so the screen shows the file.
            stale: dict[str, object] = {"stale": isinstance(exc, StaleValueError)}
            return Outcome(job, error=str(exc), loaded=self._load(job.key), extra=stale)
        except Exception as exc:  # sqlite3 errors (constraints) reach the user as a message
            return Outcome(job, error=f"kunde inte sparas: {exc}", loaded=self._load(job.key))
        needs_reload = isinstance(job, RevertJob) or not _patchable(job.edit)
        shown = job.after if isinstance(job, WriteJob) and job.after is not None else job.key
        loaded = self._load(shown) if needs_reload else None
        extra: dict[str, object] = {"note": note} if note else {}
        return Outcome(job, changeset_id=changeset, loaded=loaded, extra=extra)

    def read(self, reading: Callable[[Store], T]) -> T:
        """Run a screen's own read (the Kommunen screen's) under the lock, on its worker."""
        with self._lock:
            return reading(self.store)

    def audit(self, query: AuditQuery) -> AuditPage:
        """Change sets for the Ändringslogg (see ``ksui.tui.audit``)."""
        from ksui.tui.audit import read_audit

        with self._lock:
            return read_audit(self.store, query)

    def months(self, unit_id: int, year: int, org: OrgTree | None) -> MonthSeries:
        """One unit's (or the nämnd's) months for the month view, under the lock."""
        from ksui.actions.months import unit_months

        with self._lock:
            return unit_months(self.store, unit_id, year, org)

    def locked(self) -> frozenset[tuple[int, int, str]]:
        """Every signed-off follow-up as (nämnd id, year, period), under the lock."""
        from ksui.actions.locks import list_locks

        with self._lock:
            return frozenset((r.committee_id, r.year, r.period) for r in list_locks(self.store))

    def lock_info(self, committee_id: int, year: int, period: str) -> LockInfo | None:
        """Who locked a follow-up, when and with what note (None: it is open), under the lock."""
        from ksui.actions.locks import list_locks

        with self._lock:
            found = list_locks(self.store)
        key = (committee_id, year, period)
        return next((r for r in found if (r.committee_id, r.year, r.period) == key), None)

    def costs(self, unit_id: int, year: int, period: str, accounts: bool) -> CostBreakdown:
        """One unit's (or the nämnd's) lines per kostnadsslag, under the lock."""
        from ksui.actions.costs import unit_costs

        with self._lock:
            return unit_costs(self.store, unit_id, year, period, accounts=accounts)

    def run_import(
        self, request: ImportRequest, config: Config, progress: Progress | None
    ) -> ImportOutcome:
        """Import a file in one transaction (``ksui import``'s dispatch); the lock is held."""
        from ksui.actions.imports import run_import

        if request.kind == "sie":
            # A SIE file names its own nämnd (#FNAMN), as `ksui import sie` without -c reads it.
            request = replace(request, committee=None)
        with self._lock:
            return run_import(self.store, request, config, progress)

    def export_markdown(self, key: ReportKey, target: Path, unit: str = "tkr") -> Path:
        """Write the report as Markdown (the exporter's document, narrative included)."""
        from ksui.core.narrative import narrative
        from ksui.exporters import markdown
        from ksui.exporters.atomic import describe_os_error, write_atomic
        from ksui.store import StoreError

        with self._lock:
            loaded = self._load(key)
        if loaded.data is None:
            raise StoreError("det finns ingen rapport att exportera")
        text = markdown.report(loaded.data, narrative(loaded.data), unit)
        try:  # beside the target and renamed: a full disk never destroys the last export
            write_atomic(target, text.encode("utf-8"))
        except OSError as exc:
            raise StoreError(f"{target}: {describe_os_error(exc)}") from None
        return target


def _prepare_for(kind: bytes) -> None:
    """While the forked reader sums a kommun's nämnder, import what their totals are made
    of (the use cases, imported whole): unpickled after the read, it would come on top."""
    if kind == b"K":
        import ksui.actions.kommun_totals  # noqa: F401  (the import is the point)


def latest_period(recorded: Iterable[tuple[str, str]]) -> str:
    """The latest follow-up of the committee's year with figures, where the app opens.

    ``recorded`` holds the (period, measure) pairs the year has. An utfall, periodiserad
    budget or prognos makes a follow-up; a budget change alone does not (it stands at the
    next one). Without any, the latest budget; failing that, bokslut.
    """
    from ksui.core.periods import BY_CODE

    pairs = list(recorded)

    def latest(measures: tuple[str, ...]) -> str | None:
        found = [BY_CODE[code] for code, m in pairs if m in measures and code in BY_CODE]
        return max(found).code if found else None

    return latest(("actual", "budget_ytd", "forecast")) or latest(("budget",)) or "bokslut"


def periods_of(recorded: Iterable[tuple[str, str]]) -> list[str]:
    """The follow-ups that hold figures, in calendar order (the period selector's list);
    a figure at T1 or delår is April's or August's too, and the other way round."""
    from ksui.core.periods import PERIODS, TWINS

    codes = {code for code, _ in recorded}
    codes |= {TWINS[code] for code in codes if code in TWINS}
    return [p.code for p in PERIODS if p.code in codes]


def _patchable(edit: Edit) -> bool:
    """Edits whose patch can be applied in memory do not need the report read again."""
    from ksui.tui.edits import Reloading

    if isinstance(edit, Reloading):
        return False
    clears = getattr(edit, "amount", 0) is None
    return not clears
