"""Benchmarks of the TUI on a kommun-scale database (medians of repeated runs, not tests).

    uv run python bench/make_large_db.py /tmp/ksui-large.sqlite   # once, ~20 s
    uv run python bench/bench_tui.py /tmp/ksui-large.sqlite

Each latency is timed from the key (or the accepted value) to the frame after which the
terminal shows what the user waits for — not to the first frame that changes something:

1. cursor: ↓/↑ in the largest drift table (every unit unfolded) until the detail panel
   below shows the unit now under the cursor (the table moves first, the panel after);
2. edit: an accepted utfall until the nämnd's new total is on the screen;
3. switch: another period, or another nämnd, until the top bar names it and the drift
   table's total is that report's;
4. months: ``m`` on a unit until its month view is drawn with the months read.

Every frame is rendered to the bytes a terminal would get and fed to a terminal emulator
(pyte); the condition is read off the emulated screen, so a frame that is still "Räknar …"
or that lacks the panel does not count. The time is taken when the frame's bytes are
ready, before the emulator reads them. The database is copied first: the benchmark's
edits never reach it. The time until the figures are first on the terminal is measured
as whole processes by ``bench/bench_paint.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class TerminalProbe:
    """Wraps ``App._display``: records every frame's bytes and when they were ready; a wait
    ends at the first frame after which the emulated terminal shows what is looked for.

    The frames are fed to the emulator only once the app has gone quiet, so the emulator's
    own (slow, pure-Python) work never delays the app's next frame and cannot inflate the
    figure it measures.
    """

    QUIET = 0.15  # seconds without a frame or a running worker: the app has settled

    def __init__(self, app: Any, size: tuple[int, int]) -> None:
        import pyte

        self.app = app
        self.term = pyte.Screen(*size)
        self.stream = pyte.Stream(self.term)
        self.frames: list[tuple[float, str]] = []
        self.condition: Callable[[TerminalProbe], bool] = lambda t: False
        original = app._display
        # Start from the whole screen as it stands, as a terminal would have it.
        full = app.screen._compositor.render_update(full=True)
        self.stream.feed(full.render_segments(app.console))

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count or not hasattr(renderable, "render_segments"):
                return
            ansi = renderable.render_segments(app.console)  # the bytes, as the driver writes
            self.frames.append((time.perf_counter(), ansi))

        app._display = display

    def lines(self, top: int = 0, height: int | None = None) -> list[str]:
        """The emulated screen's rows (``top`` and ``height`` in screen rows)."""
        rows = self.term.display
        return rows[top : None if height is None else top + height]

    def shows(self, text: str, region: Any = None) -> bool:
        """Whether ``text`` is on the screen (within a widget's region when given)."""
        if region is None:
            return any(text in line for line in self.lines())
        for line in self.lines(region.y, region.height):
            if text in line[region.x : region.x + region.width]:
                return True
        return False

    def arm(self, condition: Callable[[TerminalProbe], bool]) -> None:
        """Look for the first frame from now on after which ``condition`` holds."""
        self.condition = condition
        self.pending = len(self.frames)

    async def wait(self, started: float, timeout: float = 10) -> float:
        """Seconds from ``started`` to the awaited frame, once the app has settled."""
        deadline = time.perf_counter() + timeout
        while True:
            await asyncio.sleep(0.02)
            now = time.perf_counter()
            last = self.frames[-1][0] if len(self.frames) > self.pending else started
            busy = any(w.is_running for w in self.app.workers)
            if not busy and len(self.frames) > self.pending and now - last >= self.QUIET:
                break
            if now > deadline:
                break
        found = None
        if os.environ.get("KSUI_BENCH_FRAMES"):
            gaps = [f"{(at - started) * 1000:.1f}" for at, _ in self.frames[self.pending :]]
            sys.stderr.write("frames at " + " ".join(gaps) + " ms\n")
        for index, (at, ansi) in enumerate(self.frames[self.pending :]):
            self.stream.feed(ansi)
            if found is None and self.condition(self):
                found = at
                if os.environ.get("KSUI_BENCH_FRAMES"):
                    sys.stderr.write(f"  shown in frame {index + 1}\n")
        self.pending = len(self.frames)
        if found is None:
            raise TimeoutError("the awaited text never reached the terminal")
        return found - started


async def _open_drift_unfolded(app: Any, pilot: Any) -> Any:
    """Show Drift with every unit unfolded, once the report is read; returns its table."""
    from ksui.tui.widgets.drift_table import DriftTable

    await app.workers.wait_for_complete()
    await pilot.press("2")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    table = app.screen.query_one(DriftTable)
    await pilot.press("plus")  # unfold all 300 units
    await pilot.pause()
    return table


@contextlib.asynccontextmanager
async def drift_app(db: Path, size: tuple[int, int]) -> AsyncIterator[tuple[Any, Any, Any, Any]]:
    """The app on ``db`` with Drift open and unfolded: (app, pilot, table, probe)."""
    from ksui.config import Config
    from ksui.tui import KsuiApp

    app = KsuiApp(Config(database=db))
    async with app.run_test(size=size) as pilot:
        table = await _open_drift_unfolded(app, pilot)
        yield app, pilot, table, TerminalProbe(app, size)


def _stats(name: str, timings: list[float]) -> dict[str, float]:
    """Median, 95th percentile and maximum of a list of seconds, in ms."""
    ordered = sorted(timings)
    return {
        f"{name}_median_ms": statistics.median(ordered) * 1000,
        f"{name}_p95_ms": ordered[int(len(ordered) * 0.95)] * 1000,
        f"{name}_max_ms": ordered[-1] * 1000,
    }


async def _key(app: Any, key: str, character: str | None = None) -> float:
    """Send a key as the terminal driver does; the time it was sent."""
    from textual import events

    event = events.Key(key, character)
    event.set_sender(app)
    started = time.perf_counter()
    app._driver.send_message(event)
    return started


async def bench_edit_and_cursor(db: Path, edits: int, moves: int) -> dict[str, float]:
    """Cursor and edit latency in one running app, on the largest nämnd."""
    from ksui.core.swedish import format_amount
    from ksui.tui.edits import DriftEdit
    from ksui.tui.widgets.drift_detail import DriftDetail

    results: dict[str, float] = {}
    async with drift_app(db, (120, 40)) as (app, pilot, table, probe):
        comment = app.screen.query_one(DriftDetail).query_one("#comment")
        unit = app.config.unit

        def panel_follows(t: TerminalProbe) -> bool:
            row = table.current_row
            return row is not None and t.shows(f"{row.unit.name}  ", comment.region)

        # -- cursor: key to the detail panel showing the new row ----------------------------
        timings = []
        for step in range(moves):
            key = "down" if (step // 150) % 2 == 0 else "up"
            probe.arm(panel_follows)
            started = await _key(app, key)
            timings.append(await probe.wait(started, 5))
            await asyncio.sleep(0.05)
        results.update(_stats("cursor", timings))
        results["rows"] = float(len(table.shown))
        # -- edit: accepted value to the new total on the screen ---------------------------
        # The first leaf, so that the nämnd's total row stays on the screen above it.
        leaf = next(r for r in table.rows if not r.has_children)
        assert table.go_to(leaf.unit.id)
        table.scroll_home(animate=False)
        await pilot.pause()
        assert app.data is not None
        edit_times = []
        for n in range(-1, edits):  # the first (n = -1) warms the write path and is not timed
            data = app.data
            assert data is not None
            shown = data.exact.get((leaf.unit.id, "actual"))  # what the screen showed
            before = table.rows[0].figures.actual or 0
            step_ore = (n + 2) * 100_000
            amount = (shown or 0) + step_ore
            total = format_amount(before + step_ore, unit)
            probe.arm(lambda t, total=total: t.shows(f" {total} ", table.region))
            started = time.perf_counter()
            app.submit(
                DriftEdit(
                    leaf.unit.id,
                    leaf.unit.name,
                    data.year,
                    data.period,
                    "actual",
                    amount,
                    expect=shown,
                )
            )
            try:
                painted = await probe.wait(started, 5)
            except TimeoutError:
                sys.stderr.write(f"väntade på {total!r}; skärmen:\n")
                sys.stderr.write("\n".join(probe.lines(table.region.y, 6)) + "\n")
                raise
            if n >= 0:
                edit_times.append(painted)
            await app.workers.wait_for_complete()
            await asyncio.sleep(0.05)
        results.update(_stats("edit", edit_times))
    return results


async def bench_switch(db: Path, switches: int) -> dict[str, float]:
    """Period and nämnd switches: until the top bar names the new report and its total shows."""
    from ksui.core.periods import BY_CODE
    from ksui.core.swedish import format_amount
    from ksui.store import Store, read
    from ksui.tui.widgets.top_bar import TopBar

    store = Store(db)
    committees = read.committees(store)[:2]
    year = read.years(store, committees[0].id)[-1]
    totals: dict[tuple[str, str], str] = {}
    for committee in committees:
        for period in ("m06", "m09"):
            data = read.load_report(store, committee, year, period)
            actual = data.drift()[0].figures.actual
            totals[(committee.name, period)] = format_amount(actual, "tkr")
    store.close()

    results: dict[str, float] = {}
    async with drift_app(db, (120, 40)) as (app, _pilot, table, probe):
        bar = app.query_one(TopBar)

        def showing(name: str, period: str) -> Callable[[TerminalProbe], bool]:
            label = f"{name} · {year} · {BY_CODE[period].label}"
            total = totals[(name, period)]
            return lambda t: t.shows(label, bar.region) and t.shows(f" {total} ", table.region)

        for kind in ("period", "committee"):
            timings = []
            for n in range(-1, switches):
                target = committees[(n + 1) % 2].name if kind == "committee" else committees[0].name
                period = ("m06", "m09")[(n + 1) % 2] if kind == "period" else "m09"
                probe.arm(showing(target, period))
                started = time.perf_counter()
                app.select(committee=target, period=period)
                painted = await probe.wait(started, 10)
                if n >= 0:
                    timings.append(painted)
                await app.workers.wait_for_complete()
                await asyncio.sleep(0.05)
            results.update(_stats(f"switch_{kind}", timings))
            if kind == "period":  # the nämnd switches start from the first nämnd at m09
                probe.arm(showing(committees[0].name, "m09"))
                started = time.perf_counter()
                app.select(committee=committees[0].name, period="m09")
                await probe.wait(started, 10)
    return results


async def bench_months(db: Path, opens: int) -> dict[str, float]:
    """Month view latency: ``m`` until the month view is drawn, on the nämnd and on a leaf."""
    from ksui.tui.dialogs.months import MonthDialog

    results: dict[str, float] = {}
    async with drift_app(db, (80, 24)) as (app, pilot, table, probe):

        def drawn(name: str) -> Callable[[TerminalProbe], bool]:
            def check(t: TerminalProbe) -> bool:
                screen = app.screen
                if not isinstance(screen, MonthDialog) or screen.series is None:
                    return False
                # The title names the unit and the table's last month is on the screen.
                return t.shows(name[:30]) and t.shows("dec")

            return check

        leaf = next(r for r in reversed(table.rows) if not r.has_children)
        for name, row in (("namnd", table.rows[0]), ("leaf", leaf)):
            assert table.go_to(row.unit.id)
            await pilot.pause()
            timings = []
            for n in range(-1, opens):  # the first warms the imports and is not timed
                probe.arm(drawn(row.unit.name))
                started = await _key(app, "m", "m")
                painted = await probe.wait(started, 10)
                if n >= 0:
                    timings.append(painted)
                await pilot.press("escape")
                await pilot.pause()
                await asyncio.sleep(0.05)
            results.update(_stats(f"months_{name}", timings))
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks on a copy of the database and print their figures."""
    parser = argparse.ArgumentParser(description="ksui TUI benchmarks")
    parser.add_argument("db", type=Path, nargs="?", default=Path("/tmp/ksui-large.sqlite"))
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--switches", type=int, default=10, help="period and nämnd switches")
    parser.add_argument("--opens", type=int, default=20, help="month views opened per unit")
    parser.add_argument(
        "--only",
        choices=("cursor-edit", "switch", "months"),
        action="append",
        help="run only these parts (default: all)",
    )
    args = parser.parse_args(argv)
    if not args.db.exists():
        sys.stderr.write(f"{args.db} saknas; skapa den med bench/make_large_db.py\n")
        return 2
    parts = args.only or ["cursor-edit", "switch", "months"]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        shutil.copy(args.db, db)
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        found: dict[str, float] = {}
        if "cursor-edit" in parts:
            found.update(asyncio.run(bench_edit_and_cursor(db, args.edits, args.moves)))
        if "switch" in parts:
            found.update(asyncio.run(bench_switch(db, args.switches)))
        if "months" in parts:
            found.update(asyncio.run(bench_months(db, args.opens)))
    for name, value in found.items():
        print(f"latency {name:28} {value:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
