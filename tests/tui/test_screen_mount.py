"""A screen draws the report once when it is first shown, though Textual calls the
``on_mount`` of each class of the screen and the screen's own calls the base class's too."""

from __future__ import annotations

from typing import Any

import pytest

from ksui.tui.screens.drift import DriftScreen
from tests.tui.conftest import AppFactory, settle


async def test_the_drift_screen_draws_the_report_once_when_mounted(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []
    show = DriftScreen.show

    def counted(self: DriftScreen, data: Any, change: Any) -> None:
        drawn.append(self.ksui.version)
        show(self, data, change)

    monkeypatch.setattr(DriftScreen, "show", counted)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, DriftScreen)
        assert drawn == [app.version]  # once, for the report on screen
