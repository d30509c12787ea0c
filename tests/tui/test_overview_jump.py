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


def test_a_check_naming_a_shared_unit_name_opens_no_unit(kommun_path: Any) -> None:
    """Both nämnder of the kommun have an »Ekonomi«: a check that names the unit by that name
    alone opens none (it could be either), one that names its path opens that very unit."""
    from ksui.core.validation.base import Finding
    from ksui.store import Store, read
    from ksui.tui.analysis import Analysis
    from ksui.tui.screens.overview import jump_rows

    store = Store(kommun_path)
    try:
        kommun = read.find_committee(store, "Södertälje kommun")
        data = read.load_report(store, kommun, 2017, "bokslut")
    finally:
        store.close()
    ekonomi = [u for u in data.tree.units.values() if u.name == "Ekonomi"]
    assert len(ekonomi) == 2
    # The path below the kommun, as the drift checks name a unit whose name is shared.
    by_path = {
        "/".join(u.name for u in data.tree.path(e.id) if u.id != kommun.id): e.id for e in ekonomi
    }
    assert all(path.count("/") >= 1 for path in by_path), by_path

    def finding(row: str) -> Finding:
        return Finding("Drift", row, "Kommentar", None, None, "claim", f"om {row}")

    findings = [finding("Ekonomi"), *(finding(path) for path in by_path)]
    analysis = Analysis(0, cast_summary(data), [], findings)
    targets = {str(label).strip(): target for label, target in jump_rows(data, analysis)}
    assert targets["✖ om Ekonomi"] is None
    for path, unit_id in by_path.items():
        target = targets[f"✖ om {path}"]
        assert target is not None and target.unit_id == unit_id


def cast_summary(data: Any) -> Any:
    """The report's summary (the rows list reads its largest deviations)."""
    from ksui.core.report import summarise

    return summarise(data)
