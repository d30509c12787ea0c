"""Snapshots of the Kommunen screen at 80×24 and 120×40: the demo's Kommunstyrelsen and a
second nämnd consolidated into a kommun file with kommun lines (årets resultat and the
balanskravsutredning under the nämnder, every figure right-aligned), and a nämnd's own file
without a kommun. The line shown instead while a kommun has no kommun lines names »ksui set
kommunrad«, whose »set« tests/tui/test_swedish.py would take for English in a snapshot: it is
checked in test_kommun_screen.py instead.

The consolidation's time is fixed (and shown in UTC) and its sources' folder too, so the
snapshots do not change with the day or the folder they are taken in. Update with ``uv run
pytest tests/tui/test_kommun_snapshots.py --snapshot-update`` and look at the SVGs before
accepting them.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ksui.config import Config
from ksui.tui import KsuiApp
from ksui.tui.screens.kommun import KommunScreen
from tests.tui.conftest import AppFactory, settle, until
from tests.tui.test_kommun_screen import add_kommun_lines

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Times shown in UTC, whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def fixed_time(path: Path) -> Path:
    """The consolidation's time set to one moment, and its sources to one folder, whatever
    the test's own (test data only, not an edit by ksui): the source line under the
    nämnder is as high as the longest path needs."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE consolidation SET consolidated_at = '2026-11-30T10:15:00+00:00'")
        for committee, source in conn.execute(
            "SELECT committee_id, source_path FROM consolidation"
        ).fetchall():
            conn.execute(
                "UPDATE consolidation SET source_path = ? WHERE committee_id = ?",
                (f"/srv/ekonomi/nämnder/{Path(source).name}", committee),
            )
        conn.commit()
    finally:
        conn.close()
    return path


async def shown(pilot: Pilot[Any]) -> None:
    """Settle, show the Kommunen screen and wait until it has read the kommun."""
    await settle(pilot)
    await pilot.press("6")
    screen = pilot.app.screen
    assert isinstance(screen, KommunScreen)
    await until(pilot, "the kommun", lambda: screen.view is not None or screen.has_class("-empty"))
    await settle(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_kommun(snap_compare: Any, kommun_path: Path, utc: Any, size: tuple[int, int]) -> None:
    path = fixed_time(add_kommun_lines(kommun_path))
    app = KsuiApp(Config(database=path, theme="textual-dark"))
    assert snap_compare(app, terminal_size=size, run_before=shown)


def test_without_a_kommun(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=shown)
