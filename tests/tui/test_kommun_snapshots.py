"""Snapshots of the Kommunen screen at 80×24 and 120×40: the demo's Kommunstyrelsen and a
second nämnd consolidated into a kommun file, and a nämnd's own file without a kommun.

The consolidation's time is fixed (and shown in UTC), so the snapshots do not change with
the day they are taken. Update with ``uv run pytest tests/tui/test_kommun_snapshots.py
--snapshot-update`` and look at the SVGs before accepting them.
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
    """The consolidation's time set to one moment (test data only, not an edit by ksui)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE consolidation SET consolidated_at = '2026-11-30T10:15:00+00:00'")
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
    app = KsuiApp(Config(database=fixed_time(kommun_path), theme="textual-dark"))
    assert snap_compare(app, terminal_size=size, run_before=shown)


def test_without_a_kommun(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=shown)
