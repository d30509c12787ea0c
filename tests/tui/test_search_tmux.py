"""Search through a real terminal at 80×24: a word from a comment, Enter, and its unit on Drift.

Uses the tmux harness of ``test_tmux`` (skipped where tmux is missing): conditions on the
screen with generous deadlines, never sleeps.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.tui.test_tmux import PINNED, Terminal, pytestmark, terminal, wait_for

__all__ = ["pytestmark", "terminal"]  # the skip mark and the fixture, from the harness


def start_80x24(term: Terminal, path: Path, cwd: Path) -> None:
    """Start ksui on ``path`` in an 80×24 session."""
    config = cwd / "config.toml"
    config.write_text("", encoding="utf-8")
    term.tmux(
        "-f", os.devnull, "new-session", "-d", "-s", "ksui", "-x", "80", "-y", "24",
        "-c", str(cwd), *[f"-e{k}={v}" for k, v in PINNED.items()],
        sys.executable, "-m", "ksui", "--config", str(config), "--db", str(path),
    )  # fmt: skip
    wait_for("the app to start", lambda: "Översikt" in term.screen(), context=term.screen)


def test_search_finds_a_comment_and_enter_opens_its_unit(
    terminal: Terminal, demo_path: Path, tmp_path: Path
) -> None:
    """Ctrl+P, a word only Politisk ledning's comment holds, ↓ Enter: Drift on that unit."""
    start_80x24(terminal, demo_path, tmp_path)
    terminal.send("C-p")
    wait_for("the palette", lambda: "Sök: enhet" in terminal.screen(), context=terminal.screen)
    terminal.send("-l", "arvodesbudg")
    # No command matches the word: the text hit is the palette's only row.
    wait_for("the hit, marked", lambda: "⟦arvodesbudget⟧" in (shown := terminal.screen())
             and "Visa Översikt" not in shown, context=terminal.screen)  # fmt: skip
    assert "Enhet Politisk ledning" in terminal.screen()
    terminal.send("Down", "Enter")
    # Drift with Politisk ledning selected: the panel below the table is headed by its name,
    # beside the unit's net-cost trend, and shows its comment.
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
