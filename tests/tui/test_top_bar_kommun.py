"""The top bar on the Kommunen screen: the kommun's name, and no nämnd's checks beside it."""

from __future__ import annotations

from pathlib import Path

from ksui.config import Config
from ksui.tui import KsuiApp
from ksui.tui.registry import FIRST
from tests.tui.conftest import settle, until


def top_line(app: KsuiApp) -> str:
    """The top bar's first line as the terminal gets it."""
    return app.screen._compositor.render_strips()[0].text


async def test_the_kommun_screen_shows_no_namnds_findings(kommun_path: Path) -> None:
    app = KsuiApp(Config(database=kommun_path, theme="textual-dark"))
    async with app.run_test(size=(120, 30)) as pilot:
        # The nämnd's report (the demo's, with its findings) follows the kommun's.
        await until(pilot, "the nämnd's checks", lambda: "fel" in app.status)
        await settle(pilot)
        assert app.current_mode == "kommun"
        line = top_line(app)
        assert "Södertälje kommun" in line
        assert "fel" not in line, line  # they are Kommunstyrelsen's, not the kommun's
        await pilot.press("1")
        await until(pilot, "the Översikt", lambda: app.current_mode == FIRST)
        await settle(pilot)
        line = top_line(app)
        assert "Kommunstyrelsen" in line and "fel" in line, line
