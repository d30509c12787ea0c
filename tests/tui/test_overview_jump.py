"""Enter on a row of Översikt (largest deviation, check, KF-mål area) opens it on its screen."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from ksui.tui.screens.drift import DriftScreen
from ksui.tui.screens.goals import GoalsScreen
from ksui.tui.screens.overview import OverviewScreen

from .conftest import AppFactory, drift_table, settle


async def until(pilot: Pilot[Any], test: Any, timeout: float = 10.0) -> None:
    """Wait for a condition (never for a fixed time)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not test():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the condition never came true")
        await pilot.pause()
        await asyncio.sleep(0.01)


def prompts(options: OptionList) -> list[str]:
    """Each row's text."""
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_enter_on_a_largest_deviation_selects_the_unit_on_drift(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        options = app.screen.query_one("#overview-rows", OptionList)
        await until(pilot, lambda: options.option_count > 0)
        rows = prompts(options)
        assert rows[0] == "Största avvikelser"
        assert options.get_option_at_index(0).disabled  # a heading opens nothing
        top = app.analysis.summary.top_units  # type: ignore[union-attr]
        # The last of the largest deviations, so the cursor must move (not stay on row 1).
        wanted = top[-1].unit.name
        index = next(i for i, r in enumerate(rows) if r.strip().startswith(wanted))
        options.focus()
        options.highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DriftScreen))
        await settle(pilot)
        row = drift_table(app).current_row
        assert row is not None and row.unit.name == wanted


async def test_enter_on_an_area_selects_it_on_the_goals_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        options = app.screen.query_one("#overview-rows", OptionList)
        await until(pilot, lambda: options.option_count > 0)
        assert app.data is not None
        area = app.data.areas[-1]
        rows = prompts(options)
        head = rows.index("KF-mål per område")
        index = next(i for i, r in enumerate(rows) if i > head and r.strip() == area.name)
        options.focus()
        options.highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GoalsScreen))
        table = app.screen.query_one("#goal-list", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert key == f"area:{area.id}"


async def test_a_drift_check_opens_its_unit(make_app: AppFactory) -> None:
    """The demo's checks name units of Drift; Enter on one puts the cursor on that unit."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        options = app.screen.query_one("#overview-rows", OptionList)
        await until(pilot, lambda: options.option_count > 0)
        assert app.analysis is not None
        finding = next(f for f in app.analysis.findings if f.table == "Drift")
        rows = prompts(options)
        index = next(i for i, r in enumerate(rows) if finding.message in r)
        assert not options.get_option_at_index(index).disabled
        options.focus()
        options.highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DriftScreen))
        await settle(pilot)
        row = drift_table(app).current_row
        assert row is not None and row.unit.name == finding.row
