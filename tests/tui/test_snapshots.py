"""Snapshots of the five screens at 80×24 and 120×40, on the demo (fixed theme, no blink).

Update with ``uv run pytest tests/tui --snapshot-update`` and look at the SVGs before
accepting them.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from ksui.tui.registry import SCREENS as REGISTRY
from tests.tui.conftest import AppFactory, put_cursor, settle

SIZES = [(80, 24), (120, 40)]
SCREENS = [entry.key for entry in REGISTRY]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS, ids=[entry.mode for entry in REGISTRY])
def test_screen(
    snap_compare: Any, make_app: AppFactory, screen: str, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(screen)
        await settle(pilot)
        if screen == "2":
            put_cursor(pilot.app, "Ekonomi", "actual")  # type: ignore[arg-type]
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_import_dialog(snap_compare: Any, make_app: AppFactory) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
