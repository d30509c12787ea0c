"""Snapshots of the search dialog's hits at 80×24 and 120×40, in colour and under NO_COLOR.

The hit is marked by shape (⟦ ⟧) as well as by bold reverse, so it reads without colour.
Update with ``uv run pytest tests/tui/test_search_snapshots.py --snapshot-update`` and look
at the SVGs before accepting them.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from ksui.tui.dialogs.search import SearchDialog, open_dialog
from tests.tui.conftest import AppFactory, settle


async def _search(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    open_dialog(pilot.app, "budget")
    deadline = asyncio.get_running_loop().time() + 10
    while True:  # until the hits are listed (a condition, not a time)
        await pilot.pause()
        screen = pilot.app.screen
        found = screen.query("#search-hits") if isinstance(screen, SearchDialog) else None
        if found and found.first(OptionList).option_count:
            break
        assert asyncio.get_running_loop().time() < deadline, "no hits listed"
        await asyncio.sleep(0.01)
    await pilot.pause()


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no_color"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_hits(
    snap_compare: Any,
    make_app: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    no_color: bool,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=size, run_before=_search)
