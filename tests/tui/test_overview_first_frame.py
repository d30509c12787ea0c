"""The Översikt's first frame waits for the figures only: the forecast count and the rows
below follow once the use cases they need are imported (``OverviewScreen.show``).

In a fresh process ``ksui.actions`` is not imported when the first report arrives; in the
test process it is, so the tests stand in for a fresh start by saying it is not yet.
"""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from ksui.core.report import ReportData
from ksui.tui.screens import overview
from ksui.tui.screens.overview import OverviewScreen
from ksui.tui.state import Repaint

from .conftest import AppFactory, settle, text_of, until


@pytest.fixture
def fresh_start(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Report the use cases as not imported until the screen has imported them itself."""
    imported = [False]
    monkeypatch.setattr(overview, "_use_cases_imported", lambda: imported[0])
    real = OverviewScreen._after_first_paint

    def after_first_paint(self: OverviewScreen) -> None:
        imported[0] = True
        real(self)

    monkeypatch.setattr(OverviewScreen, "_after_first_paint", after_first_paint)
    return imported


async def test_the_first_frame_has_the_figures_and_the_count_follows(
    make_app: AppFactory, fresh_start: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(period="delar", start_period="delar")
    shown: list[tuple[str, int]] = []  # the summary's text and the rows, at each show
    real_show = OverviewScreen.show

    def show(self: OverviewScreen, data: ReportData, change: Repaint | None) -> None:
        real_show(self, data, change)
        found = self.query("#overview-rows")  # mounted with its first rows
        rows = found.first(OptionList).option_count if found else 0
        shown.append((text_of(self.query_one("#summary", Static)), rows))

    monkeypatch.setattr(OverviewScreen, "show", show)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, "the first figures", lambda: any("Kommunbidrag" in t for t, _ in shown))
        first, rows_then = next((t, r) for t, r in shown if "Kommunbidrag" in t)
        assert "Prognos klar: räknar …" in first
        assert rows_then == 0
        await settle(pilot)
        await until(pilot, "the use cases", lambda: fresh_start[0])
        summary = app.screen.query_one("#summary", Static)
        await until(pilot, "the count", lambda: "Prognos klar: 0 av 8 enheter" in text_of(summary))
        rows = app.screen.query_one("#overview-rows", OptionList)
        await until(pilot, "the rows", lambda: rows.option_count > 0)


async def test_at_bokslut_the_rows_follow_and_no_count_is_shown(
    make_app: AppFactory, fresh_start: list[bool]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one("#overview-rows", OptionList)
        await until(pilot, "the rows", lambda: rows.option_count > 0)
        assert fresh_start[0]
        assert "Prognos klar" not in text_of(app.screen.query_one("#summary", Static))
