"""The app through a real terminal: keys sent by tmux in one burst reach the edit box in order.

Pilot hands keys over one by one and waits in between; a terminal does not. These tests
start ``ksui`` in a detached tmux session with a pinned environment, wait for conditions
(the screen, the database file) with generous deadlines, and never sleep to synchronise.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from ksui.actions import edits
from ksui.store import Store, read

TKR = 100_000
DEADLINE = 30.0
POLL = 0.1

T = TypeVar("T")

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def wait_for(
    what: str,
    probe: Callable[[], T | None],
    deadline: float = DEADLINE,
    context: Callable[[], str] = lambda: "",
) -> T:
    """Poll ``probe`` until it gives a value (not None/False), or fail naming ``what``."""
    end = time.monotonic() + deadline
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}\n{context()}")
        time.sleep(POLL)


class Terminal:
    """One ksui in a detached tmux session of 100×30 on a private tmux server."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str) -> str:
        """Run a tmux command on this test's own server."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            encoding="utf-8",  # tmux runs under the pinned UTF-8 locale, whatever ours is
            errors="replace",
            timeout=DEADLINE,
            check=True,
        )
        return done.stdout

    def start(self, command: list[str], cwd: Path, **extra: str) -> None:
        """Start the app in a 100×30 session (``extra``: more environment for the app)."""
        env = {**PINNED, **extra}
        self.tmux(
            "-f", os.devnull, "new-session", "-d", "-s", "ksui", "-x", "100", "-y", "30",
            "-c", str(cwd), *[f"-e{k}={v}" for k, v in env.items()],
            *command,
        )  # fmt: skip

    def record(self, target: Path) -> None:
        """Copy every byte the app writes to the terminal into ``target``."""
        self.tmux("pipe-pane", "-t", "ksui", "-o", f"cat >> '{target}'")

    def screen(self) -> str:
        """What the terminal shows now."""
        try:
            return self.tmux("capture-pane", "-t", "ksui", "-p")
        except subprocess.CalledProcessError:
            return ""  # the session is gone (the app crashed): the wait reports it

    def send(self, *keys: str) -> None:
        """Send keys in one tmux call, i.e. as one burst of bytes to the app."""
        self.tmux("send-keys", "-t", "ksui", *keys)

    def stop(self) -> None:
        """End the session (and with it the app)."""
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], env=self.env, capture_output=True
        )


PINNED = {
    "TERM": "xterm-256color",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "COLORTERM": "truecolor",
}


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A private tmux server, killed after the test."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TMUX", "COLUMNS", "LINES")}
    env.update(PINNED)
    term = Terminal(f"ksui-test-{os.getpid()}-{tmp_path.name}", env)
    yield term
    term.stop()


def ekonomi_id(path: Path) -> int:
    """The demo unit the tests edit."""
    store = Store(path)
    try:
        committee = read.find_committee(store, None)
        data = read.load_report(store, committee, 2017, "bokslut")
    finally:
        store.close()
    return next(u.id for u in data.tree.units.values() if u.name == "Ekonomi")


def stored(path: Path, unit_id: int) -> tuple[int | None, int]:
    """Ekonomi's utfall at bokslut 2017 in öre, and how many change sets the file holds."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
        row = conn.execute(
            "SELECT amount FROM drift_figure WHERE unit_id=? AND year=2017 AND period='bokslut'"
            " AND measure='actual'",
            (unit_id,),
        ).fetchone()
        count = conn.execute("SELECT count(*) FROM changeset").fetchone()[0]
    return (row[0] if row else None), count


def open_drift_on_ekonomi_utfall(term: Terminal, path: Path, cwd: Path) -> None:
    """Start ksui on ``path``, show Drift and put the cursor on Ekonomi's utfall."""
    config = cwd / "config.toml"
    config.write_text("", encoding="utf-8")
    term.start([sys.executable, "-m", "ksui", "--config", str(config), "--db", str(path)], cwd)
    wait_for("the app to start", lambda: "Översikt" in term.screen())
    term.send("2")
    wait_for("the Drift figures", lambda: "42 857" in term.screen() or "50 013" in term.screen())
    term.send("Down", "Down", "Down", "Right", "Right")
    wait_for(
        "the cursor on Ekonomi",
        lambda: any(
            "Nettokostnad" in line and "Ekonomi" in line for line in term.screen().splitlines()
        ),
        context=term.screen,
    )


def test_enter_digits_enter_as_one_burst(
    terminal: Terminal, demo_path: Path, tmp_path: Path
) -> None:
    unit = ekonomi_id(demo_path)
    before, changesets = stored(demo_path, unit)
    assert before == 42_857 * TKR
    open_drift_on_ekonomi_utfall(terminal, demo_path, tmp_path)

    terminal.send("Enter", "4", "9", "0", "0", "1", "Enter")

    def written() -> tuple[int | None, int] | None:
        now = stored(demo_path, unit)
        return now if now[1] > changesets else None

    after = wait_for("the change set in the file", written)
    assert after[0] == 49_001 * TKR
    wait_for("the new figure on screen", lambda: "49 001" in terminal.screen())


def test_enter_enter_writes_nothing_and_keeps_ore(
    terminal: Terminal, demo_path: Path, tmp_path: Path
) -> None:
    unit = ekonomi_id(demo_path)
    exact = 5_001_340_000  # 50 013,4 tkr
    store = Store(demo_path)
    try:
        edits.set_figure(store, unit, 2017, "bokslut", "actual", exact)
    finally:
        store.close()
    _, changesets = stored(demo_path, unit)
    open_drift_on_ekonomi_utfall(terminal, demo_path, tmp_path)

    terminal.send("Enter")
    wait_for(
        "the edit box with the exact figure",
        lambda: "50 013,4" in (shown := terminal.screen()) and "Utfall · Ekonomi" in shown,
        context=terminal.screen,
    )
    terminal.send("Enter")
    wait_for(
        "the edit box to close",
        lambda: "Ekonomi" in (shown := terminal.screen()) and "Utfall · Ekonomi" not in shown,
        context=terminal.screen,
    )
    # The box is closed, so the app has handled the second Enter: anything it would have
    # written is written now. A third key round-trip makes sure: open the log and close it.
    terminal.send("l")
    wait_for(
        "the Ändringslogg", lambda: "Ändringslogg" in terminal.screen(), context=terminal.screen
    )
    assert stored(demo_path, unit) == (exact, changesets)


def test_a_latin1_locale_gets_plain_ascii_that_reads_right_on_any_terminal(
    terminal: Terminal, demo_path: Path, tmp_path: Path
) -> None:
    """Under Latin-1 the frames are ASCII: »Oversikt«, »-« lines, never »versikt« or »\\u2500«.

    The tmux terminal here is UTF-8, as a controller's terminal is when an old server's
    Latin-1 locale sits in front of it: a Latin-1 »Ö« would not show there at all.
    """
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    raw = tmp_path / "terminal.bin"
    raw.write_bytes(b"")
    command = [sys.executable, "-m", "ksui", "--config", str(config), "--db", str(demo_path)]
    terminal.start(["sh", "-c", f"sleep 0.5; exec {shlex.join(command)}"], tmp_path,
                   PYTHONIOENCODING="latin-1")  # fmt: skip
    terminal.record(raw)

    def shown() -> str:
        return raw.read_bytes().decode("latin-1")

    wait_for("the Oversikt tab", lambda: "Oversikt" in terminal.screen(), context=terminal.screen)
    wait_for("the figures", lambda: "352 701" in terminal.screen(), context=terminal.screen)
    assert " versikt" not in terminal.screen()
    assert max(raw.read_bytes()) < 0x80, "only ASCII reaches the terminal"
    assert "\\u" not in shown()
    assert "\\x" not in shown()
