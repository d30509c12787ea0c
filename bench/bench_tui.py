"""Benchmarks of the TUI on a kommun-scale database (medians of repeated runs, not tests).

    uv run python bench/make_large_db.py /tmp/ksui-large.sqlite   # once, ~15 s
    uv run python bench/bench_tui.py /tmp/ksui-large.sqlite

1. startup: time until the first screen is painted, against a bare Textual app that paints
   one label, both as whole processes in a pseudo-terminal, alternating, in the same run;
2. edit: from an accepted value to the repaint that shows the new totals (and, separately,
   to the repaint of the refreshed checks in the top bar);
3. cursor: from a key event to the repaint, moving through the largest drift table;
4. months: from ``m`` on a unit of the Drift screen to the paint of its month view with the
   months read and drawn (the nämnd's sum over its 300 units, and a leaf unit).

Latency is taken at ``App._display`` — where a finished compositor update is written to the
terminal — and the update is rendered to ANSI there as a real terminal would need, so the
time covers the whole path from key (or write) to bytes on their way to the screen.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Each child notes the monotonic clock (shared by all processes) when its first frame has been
# written to the terminal, and leaves at once: exit and clean-up are not part of "painted".
MARK = """
import sys as _sys
_MARK_FILE = _sys.argv[1]  # read first: the command variant replaces sys.argv


def _mark(app, screen, renderable, ready=lambda: True):
    import os, sys, time
    type(app).__mro__[1]._display(app, screen, renderable)
    if renderable is not None and ready():
        sys.stdout.flush()
        with open(_MARK_FILE, "w") as out:
            out.write(repr(time.monotonic()))
        os._exit(0)
"""

BARE = (
    MARK
    + """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("ksui")

class Timed(Bare):
    def _display(self, screen, renderable):
        _mark(self, screen, renderable)

Timed().run()
"""
)

KSUI = (
    MARK
    + """
from pathlib import Path
from ksui.tui import KsuiApp
from ksui.config import Config

WAIT_FOR_DATA = {wait_for_data}

class Timed(KsuiApp):
    def _display(self, screen, renderable):
        _mark(self, screen, renderable, lambda: not WAIT_FOR_DATA or self.data is not None)

Timed(Config(database=Path({db!r}))).run()
"""
)


# The same, started the way a controller starts it: the `ksui` command's entry point.
COMMAND = (
    MARK
    + """
import sys
import ksui.tui

class Timed(ksui.tui.KsuiApp):
    def _display(self, screen, renderable):
        _mark(self, screen, renderable)

ksui.tui.KsuiApp = Timed
sys.argv = ["ksui", "--db", {db!r}]
from ksui.__main__ import main
main()
"""
)


def _run_in_pty(code: str, size: tuple[int, int] = (100, 30)) -> float:
    """Run Python code as a process in a pseudo-terminal; time from spawn to its first frame."""
    mark = Path(tempfile.mkstemp(prefix="ksui-bench-")[1])
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("NO_COLOR", None)
    drained = threading.Event()

    def drain() -> None:
        while True:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        drained.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(mark)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        close_fds=True,
    )
    proc.wait(timeout=60)
    os.close(slave)
    drained.wait(2)
    os.close(master)
    text = mark.read_text()
    mark.unlink()
    if proc.returncode != 0 or not text:
        raise RuntimeError(f"child exited with {proc.returncode}")
    return float(text) - started


def bench_startup(db: Path, runs: int) -> dict[str, float]:
    """Median process time to first paint: bare Textual vs ksui (shell, then data)."""
    bare: list[float] = []
    shell: list[float] = []
    command: list[float] = []
    data: list[float] = []
    _run_in_pty(BARE)  # warm the OS caches once for both
    _run_in_pty(KSUI.format(db=str(db), wait_for_data=False))
    for _ in range(runs):
        bare.append(_run_in_pty(BARE))
        shell.append(_run_in_pty(KSUI.format(db=str(db), wait_for_data=False)))
        command.append(_run_in_pty(COMMAND.format(db=str(db))))
        data.append(_run_in_pty(KSUI.format(db=str(db), wait_for_data=True)))
    return {
        "bare_s": statistics.median(bare),
        "ksui_first_paint_s": statistics.median(shell),
        "ksui_data_painted_s": statistics.median(data),
        "ratio_first_paint": statistics.median(shell) / statistics.median(bare),
        "ksui_command_first_paint_s": statistics.median(command),
        "ratio_command_first_paint": statistics.median(command) / statistics.median(bare),
    }


class DisplayProbe:
    """Wraps ``App._display`` to time the next paint and render it as a terminal would."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.painted = asyncio.Event()
        self.at = 0.0
        self.condition: Callable[[], bool] = lambda: True
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)  # the cost of the bytes
            if not self.painted.is_set() and self.condition():
                self.at = time.perf_counter()
                self.painted.set()

        app._display = display

    def arm(self, condition: Callable[[], bool] = lambda: True) -> None:
        """Wait for the next paint for which ``condition`` holds."""
        self.condition = condition
        self.painted.clear()


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


async def bench_edit_and_cursor(db: Path, edits: int, moves: int) -> dict[str, float]:
    """Edit latency and cursor latency in one running app, on the largest nämnd."""
    from textual import events

    from ksui.config import Config
    from ksui.tui import KsuiApp
    from ksui.tui.edits import DriftEdit

    app = KsuiApp(Config(database=db))
    results: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        table = await _open_drift_unfolded(app, pilot)
        probe = DisplayProbe(app)
        # -- cursor: key event to repaint --------------------------------------------------
        timings = []
        for step in range(moves):
            key = "down" if (step // 150) % 2 == 0 else "up"
            probe.arm()
            event = events.Key(key, None)
            event.set_sender(app)
            started = time.perf_counter()
            app._driver.send_message(event)
            await asyncio.wait_for(probe.painted.wait(), 5)
            timings.append(probe.at - started)
            await asyncio.sleep(0.05)
        results["cursor_median_ms"] = statistics.median(timings) * 1000
        results["cursor_p95_ms"] = sorted(timings)[int(len(timings) * 0.95)] * 1000
        results["rows"] = float(len(table.shown))
        # -- edit: accepted value to the repaint of the totals ------------------------------
        leaf = next(r for r in reversed(table.rows) if not r.has_children)
        assert app.data is not None
        data = app.data
        edit_times, check_times = [], []
        for n in range(-1, edits):  # the first (n = -1) warms the write path and is not timed
            amount = (leaf.figures.actual or 0) + (n + 2) * 100_000
            version = app.version
            analysis = app.analysis_version
            probe.arm(lambda v=version: app.version > v)
            started = time.perf_counter()
            shown = app.data.exact.get((leaf.unit.id, "actual"))  # what the screen showed
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
            await asyncio.wait_for(probe.painted.wait(), 5)
            painted = probe.at - started
            probe.arm(lambda a=analysis: app.analysis_version > a)
            await asyncio.wait_for(probe.painted.wait(), 5)
            if n >= 0:
                edit_times.append(painted)
                check_times.append(probe.at - started)
            total = table.rows[0].figures.actual
            assert total is not None
            await asyncio.sleep(0.05)
        results["edit_median_ms"] = statistics.median(edit_times) * 1000
        results["edit_p95_ms"] = sorted(edit_times)[int(len(edit_times) * 0.95)] * 1000
        results["edit_max_ms"] = max(edit_times) * 1000
        results["edit_checks_median_ms"] = statistics.median(check_times) * 1000
    return results


async def bench_months(db: Path, opens: int) -> dict[str, float]:
    """Month view latency: ``m`` to the paint that shows the chart, on the nämnd and on a leaf."""
    from textual import events

    from ksui.config import Config
    from ksui.tui import KsuiApp
    from ksui.tui.dialogs.months import MonthDialog

    app = KsuiApp(Config(database=db))
    results: dict[str, float] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open_drift_unfolded(app, pilot)
        probe = DisplayProbe(app)

        def shown() -> bool:
            screen = app.screen
            return isinstance(screen, MonthDialog) and screen.series is not None

        leaf = next(r for r in reversed(table.rows) if not r.has_children)
        for name, unit_id in (("namnd", table.rows[0].unit.id), ("leaf", leaf.unit.id)):
            assert table.go_to(unit_id)
            await pilot.pause()
            timings = []
            for n in range(-1, opens):  # the first warms the imports and is not timed
                probe.arm(shown)
                event = events.Key("m", "m")
                event.set_sender(app)
                started = time.perf_counter()
                app._driver.send_message(event)
                await asyncio.wait_for(probe.painted.wait(), 10)
                if n >= 0:
                    timings.append(probe.at - started)
                await pilot.press("escape")
                await pilot.pause()
                await asyncio.sleep(0.05)
            results[f"months_{name}_median_ms"] = statistics.median(timings) * 1000
            results[f"months_{name}_p95_ms"] = sorted(timings)[int(len(timings) * 0.95)] * 1000
            results[f"months_{name}_max_ms"] = max(timings) * 1000
            print(name, " ".join(f"{t * 1000:.0f}" for t in timings), file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print their medians."""
    parser = argparse.ArgumentParser(description="ksui TUI benchmarks")
    parser.add_argument("db", type=Path, nargs="?", default=Path("/tmp/ksui-large.sqlite"))
    parser.add_argument("--runs", type=int, default=7, help="startup runs of each kind")
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--opens", type=int, default=20, help="month views opened per unit")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--only-months", action="store_true", help="only the month view")
    args = parser.parse_args(argv)
    if not args.db.exists():
        sys.stderr.write(f"{args.db} saknas; skapa den med bench/make_large_db.py\n")
        return 2
    if not args.skip_startup and not args.only_months:
        for name, value in bench_startup(args.db, args.runs).items():
            print(f"startup {name:24} {value:8.3f}")
    if not args.only_months:
        latency = asyncio.run(bench_edit_and_cursor(args.db, args.edits, args.moves))
        for name, value in latency.items():
            print(f"latency {name:24} {value:8.2f}")
    for name, value in asyncio.run(bench_months(args.db, args.opens)).items():
        print(f"latency {name:24} {value:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
