"""The issue's walk-through through a real terminal at 80×24 (issue 15, Done when).

A controller starts ``ksui``, locks the follow-up from the palette and sees the lock mark on
the top bar; copies Drift with ``y`` and ``Y`` and gets tab-separated text whose first data
row is the nämnd; searches a word from a comment and lands on its unit on Drift. Uses the
tmux harness of ``test_tmux`` (skipped where tmux is missing): conditions on the screen,
the file and the database, with generous deadlines, never sleeps.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from tests.tui.test_tmux import PINNED, Terminal, pytestmark, terminal, wait_for

__all__ = ["pytestmark", "terminal"]  # the skip mark and the fixture, from the harness


def start(term: Terminal, path: Path, cwd: Path) -> Path:
    """Start ksui on ``path`` in an 80×24 session; the clipboard file it will write."""
    config = cwd / "config.toml"
    config.write_text("", encoding="utf-8")
    cache = cwd / "cache"
    env = {**PINNED, "XDG_CACHE_HOME": str(cache)}
    term.tmux(
        "-f", os.devnull, "new-session", "-d", "-s", "ksui", "-x", "80", "-y", "24",
        "-c", str(cwd), *[f"-e{k}={v}" for k, v in env.items()],
        sys.executable, "-m", "ksui", "--config", str(config), "--db", str(path),
    )  # fmt: skip
    wait_for("the app to start", lambda: "Översikt" in term.screen(), context=term.screen)
    return cache / "ksui" / "urklipp.tsv"


def top_line(term: Terminal) -> str:
    return term.screen().splitlines()[0] if term.screen().strip() else ""


def locks(path: Path) -> list[tuple[int, str, str]]:
    """The locks in the file: year, period, note."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
        return [tuple(row) for row in conn.execute("SELECT year, period, note FROM period_lock")]


def copied(target: Path, previous: str | None = None) -> list[list[str]] | None:
    """The clipboard file's rows, split at tabs, once it exists and differs from ``previous``."""
    if not target.exists():
        return None
    text = target.read_bytes().decode("utf-8-sig")  # as written: CRLF, not translated
    if text == previous or not text.endswith("\r\n"):
        return None  # not written yet, or not this copy's text yet
    return [line.split("\t") for line in text.removesuffix("\r\n").split("\r\n")]


def test_lock_copy_and_search_as_a_controller_would(
    terminal: Terminal, demo_path: Path, tmp_path: Path
) -> None:
    clipboard = start(terminal, demo_path, tmp_path)
    assert "Låst" not in top_line(terminal)

    # 1. Lock from the palette, with a note: the top bar shows the lock mark.
    terminal.send("C-p")
    wait_for("the palette", lambda: "Sök: enhet" in terminal.screen(), context=terminal.screen)
    terminal.send("-l", "Lås uppf")
    wait_for("the lock command", lambda: "Lås uppföljningen" in terminal.screen(),
             context=terminal.screen)  # fmt: skip
    terminal.send("Enter")
    wait_for("the note dialog", lambda: "Lås bokslut 2017" in terminal.screen(),
             context=terminal.screen)  # fmt: skip
    terminal.send("-l", "Attesterad av Anna")
    terminal.send("Enter")
    wait_for("the lock mark on the top bar", lambda: "🔒 Låst" in top_line(terminal),
             context=terminal.screen)  # fmt: skip
    assert locks(demo_path) == [(2017, "bokslut", "Attesterad av Anna")]

    # 2. y on Drift (the cursor starts on the nämnd): one row, tab-separated, the nämnd.
    terminal.send("2")
    wait_for("Drift", lambda: "Kommunstyrelsens kontor" in terminal.screen(),
             context=terminal.screen)  # fmt: skip
    terminal.send("y")
    row = wait_for("the copied row", lambda: copied(clipboard), context=terminal.screen)
    heading, *data = row
    assert "Budget" in heading and "Avvikelse" in heading, heading  # a header line first
    assert len(data) == 1 and data[0][0].strip() == "Kommunstyrelsen", row
    assert "352 701" in data[0], data[0]  # Swedish numbers, as the screen shows them
    assert len(data[0]) == len(heading) > 3

    # Y copies the whole table: the nämnd first, then its units.
    before = clipboard.read_bytes().decode("utf-8-sig")
    terminal.send("Y")
    table = wait_for("the copied table", lambda: copied(clipboard, before),
                     context=terminal.screen)  # fmt: skip
    names = [cells[0].strip() for cells in table[1:]]
    assert names[0] == "Kommunstyrelsen", names
    assert "Kommunstyrelsens kontor" in names and "Politisk ledning" in names
    assert all(len(cells) == len(table[0]) for cells in table)

    # 3. Search a word only Politisk ledning's comment holds; Enter opens it on Drift.
    terminal.send("1")
    wait_for("the Översikt", lambda: "Nyckeltal" in terminal.screen(), context=terminal.screen)
    terminal.send("C-p")
    wait_for("the palette", lambda: "Sök: enhet" in terminal.screen(), context=terminal.screen)
    terminal.send("-l", "arvodesbudg")
    wait_for("the hit, marked", lambda: "⟦arvodesbudget⟧" in terminal.screen(),
             context=terminal.screen)  # fmt: skip
    assert "Enhet Politisk ledning" in terminal.screen()
    terminal.send("Down", "Enter")
    wait_for(
        "Drift on Politisk ledning",
        lambda: (
            any(
                "Nettokostnad 20" in line and "Politisk ledning" in line
                for line in terminal.screen().splitlines()
            )
            and "Tjänstledigheter" in terminal.screen()
        ),
        context=terminal.screen,
    )
    assert "🔒 Låst" in top_line(terminal)  # the lock stays on the bar of every screen
