"""Snapshots of the top bar with a lock and the checks' findings, at 80×24 and 120×40, in
colour and under NO_COLOR.

The demo's follow-up (Kommunstyrelsen, bokslut 2017) is locked and keeps the demo's
findings, so the bar holds »✖ … fel · ! … varningar · 🔒 Låst« where there is room and
gives way in its order of priority where there is not. The Översikt is the screen under
the bar: its overruns show the other half of item 2 (bad news bold, legible without colour).
Update with ``uv run pytest tests/tui/test_top_bar_snapshots.py --snapshot-update`` and
look at the SVGs before accepting them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ksui.actions import locks
from ksui.store import Store, read
from ksui.tui import KsuiApp
from ksui.tui.state import LOCKED
from tests.tui.conftest import AppFactory, settle

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def locked(demo_path: Path) -> Path:
    """The demo with its bokslut 2017 signed off."""
    store = Store(demo_path)
    try:
        committee = read.find_committee(store, None)
        locks.lock(store, committee.id, 2017, "bokslut", note="Attesterad")
    finally:
        store.close()
    return demo_path


async def _settled_and_locked(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, KsuiApp)
    assert LOCKED in app.status and "fel" in app.status, app.status


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no_color"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_locked_with_findings(
    snap_compare: Any,
    locked: Path,
    make_app: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    no_color: bool,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=size, run_before=_settled_and_locked)
