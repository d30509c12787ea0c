"""How long until the nämnd's figures are on the terminal, against a bare Textual app.

Both run as whole processes in a real pseudo-terminal (100 × 30), started as a user starts
them (``ksui --db FILE``, the installed entry point), alternating in one run so that a busy
machine slows both alike. The clock runs from the spawn until the terminal has received
the text that proves the paint: for ksui the Översikt's »Kommunbidrag« line with its
figure (not the empty shell, not »Läser databasen …«), for the anchor the label it paints.
Nothing inside either process is instrumented: what is timed is the bytes a terminal gets.
The process is then killed, so its exit is not counted.

    uv run python bench/make_large_db.py /tmp/ksui-large.sqlite   # once
    uv run python bench/bench_paint.py /tmp/ksui-large.sqlite [-n 15] [--committee N01]

The database is opened as it is (a copy is used, so the benchmark leaves it unchanged) and
the bytecode cache is warm (one unmeasured run of each first), as an installed ksui has it:
the runs keep their bytecode in a cache of their own (``PYTHONPYCACHEPREFIX``), so that an
environment with ``PYTHONDONTWRITEBYTECODE`` set cannot have every edited module compiled
again in every measured run.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

GOAL = 1.3
SIZE = (100, 30)

BARE = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("Kommunbidrag 1 234")

Bare().run()
"""

#: Escape sequences a terminal acts on but does not show (CSI, OSC, and two-byte ones).
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
FIGURES = re.compile(r"Kommunbidrag +[-+−]?\d[\d\u00a0\u202f ]*\d")


def until_shown(
    command: list[str], pattern: re.Pattern[str], env: dict[str, str], settle: float = 0.0
) -> float:
    """Seconds from spawning ``command`` in a pty until its output shows ``pattern``
    (``settle``: as ``spawn_until``)."""
    seen = bytearray()

    def shown(chunk: bytes) -> bool:
        seen.extend(chunk)
        return bool(pattern.search(ESCAPES.sub(b"", bytes(seen)).decode("utf-8", "replace")))

    def last() -> str:
        tail = ESCAPES.sub(b"", bytes(seen)).decode("utf-8", "replace")[-400:]
        return f"{pattern.pattern!r} never shown; last: {tail!r}"

    return spawn_until(command, env, shown, last, settle)


def spawn_until(
    command: list[str],
    env: dict[str, str],
    shown: Callable[[bytes], bool],
    last: Callable[[], str],
    settle: float = 0.0,
) -> float:
    """Seconds from spawning ``command`` in a pty (``SIZE``) until ``shown`` says, of the
    output read so far (given chunk by chunk), that the paint is there; the process is then
    killed. ``last`` says what was on the terminal when it never came (within 60 s).

    ``settle``: seconds the process may run on after the paint before it is killed. The
    warm-up runs settle, as a controller's session outlives its first frame: what the app
    keeps for its next start once the frame is out (its dataclasses' compiled code,
    ``ksui.codecache``) is then kept, as it is on a laptop after the first start."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    started = time.monotonic()
    proc = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    shown_at = None
    try:
        while time.monotonic() - started < 60:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            if shown(chunk):
                shown_at = time.monotonic()
                break
        _drain(master, settle)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    if shown_at is None:
        raise RuntimeError(f"{command[0]}: {last()}")
    return shown_at - started


def _drain(master: int, seconds: float) -> None:
    """Keep reading the terminal for ``seconds`` (a process whose output nobody reads
    would stop at its next write)."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                if not os.read(master, 1 << 16):
                    return
            except OSError:
                return


def bench_env(tmp: str, config_text: str) -> dict[str, str]:
    """The environment both sides run in: a terminal with colour, ksui's config, caches and
    bytecode in ``tmp`` (warm after one run), and none of the user's overrides."""
    config = Path(tmp) / "config.toml"
    config.write_text(config_text, encoding="utf-8")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "KSUI_CONFIG": str(config),
        "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
        "XDG_STATE_HOME": str(Path(tmp) / "state"),
        "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"),
    }
    for name in ("NO_COLOR", "KSUI_DB", "COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def main() -> None:
    """Alternate the two N times and print medians, minimums and the ratio of medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("-n", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--committee", help="the nämnd to open (code or name)")
    args = parser.parse_args()
    ksui = Path(sys.executable).with_name("ksui")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        shutil.copy(args.db, db)
        committee = f'committee = "{args.committee}"\n' if args.committee else ""
        env = bench_env(tmp, committee)
        bare = [sys.executable, "-c", BARE]
        app = [str(ksui), "--db", str(db)]
        anchor_pattern = re.compile(r"Kommunbidrag 1 234")
        # Warm the caches and bytecode of both; ksui's first open of a copied file also
        # checks it once (the health check's fingerprint is then cached, as on a laptop).
        until_shown(bare, anchor_pattern, env)
        until_shown(app, FIGURES, env, settle=1.0)
        until_shown(app, FIGURES, env, settle=1.0)
        anchor_times, ksui_times = [], []
        for _ in range(args.n):
            anchor_times.append(until_shown(bare, anchor_pattern, env))
            ksui_times.append(until_shown(app, FIGURES, env))
    a, k = statistics.median(anchor_times), statistics.median(ksui_times)
    print(f"runs:                         {args.n} each, alternating; bytecode warm")
    print(f"database:                     {args.db}")
    print(f"bare Textual label (median):  {a * 1000:.0f} ms (min {min(anchor_times) * 1000:.0f})")
    print(f"ksui figures shown (median):  {k * 1000:.0f} ms (min {min(ksui_times) * 1000:.0f})")
    verdict = "within" if k / a <= GOAL else "over"
    print(f"ratio of medians:             {k / a:.2f}× ({verdict} the goal of {GOAL}×)")


if __name__ == "__main__":
    main()
