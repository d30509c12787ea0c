"""Search from the app: the palette finds a word in a comment, Enter opens its unit on Drift."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from ksui.tui.dialogs.search import SearchDialog
from ksui.tui.screens.drift import DriftScreen
from ksui.tui.screens.goals import GoalsScreen
from ksui.tui.screens.investments import InvestmentsScreen

from .conftest import AppFactory, drift_table, settle


async def until(pilot: Pilot[Any], test: Any, timeout: float = 10.0) -> None:
    """Wait for a condition (never for a fixed time)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not test():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the condition never came true")
        await pilot.pause()
        await asyncio.sleep(0.01)


def palette_prompts(app: Any) -> list[str]:
    """The palette's options as plain text."""
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_palette_search_opens_the_unit_on_drift(make_app: AppFactory) -> None:
    """»arvodesbudget« is in Politisk ledning's comment only; Enter selects it on Drift."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")  # away from Drift, so the jump must switch screens
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"arvodesbudg")
        await until(pilot, lambda: any("⟦arvodesbudget⟧" in p for p in palette_prompts(app)))
        index = next(i for i, p in enumerate(palette_prompts(app)) if "⟦arvodesbudget⟧" in p)
        app.screen.query_one(CommandList).highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DriftScreen))
        await settle(pilot)
        row = drift_table(app).current_row
        assert row is not None and row.unit.name == "Politisk ledning"


def dialog_prompts(app: Any) -> list[str]:
    """The search dialog's hits as plain text (none while it is being built)."""
    found = app.screen.query("#search-hits")
    if not isinstance(app.screen, SearchDialog) or not found:
        return []
    options = found.first(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_search_dialog_opens_a_goal_on_kf_mal(make_app: AppFactory) -> None:
    """»Sök i texter …« from the palette; ↓ to the hits, Enter opens the goal selected."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Sök i texter")
        await until(pilot, lambda: any("Sök i texter" in p for p in palette_prompts(app)))
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, SearchDialog))
        await pilot.press(*"soliditeten")
        await until(pilot, lambda: any("⟦Soliditeten⟧" in p for p in dialog_prompts(app)))
        first = dialog_prompts(app)[0]
        assert first.startswith("Mål 4 Soliditeten")
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, GoalsScreen))
        table = app.screen.query_one("#goal-list")
        await until(pilot, lambda: table.row_count > 0)  # type: ignore[attr-defined]
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value  # type: ignore[attr-defined]
        assert app.data is not None
        goal = next(g for a in app.data.areas for g in a.goals if "Soliditeten" in g.title)
        assert key == f"goal:{goal.id}"


async def test_a_project_hit_selects_the_project(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        from ksui.tui.dialogs.search import open_dialog

        open_dialog(app, "överklagats")
        await until(pilot, lambda: isinstance(app.screen, SearchDialog))
        await until(pilot, lambda: bool(dialog_prompts(app)))
        await pilot.press("enter")  # Enter in the words opens the best hit
        await until(pilot, lambda: isinstance(app.screen, InvestmentsScreen))
        table = app.screen.query_one("#investments")
        await until(pilot, lambda: table.row_count > 0)  # type: ignore[attr-defined]
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value  # type: ignore[attr-defined]
        assert app.data is not None
        project = next(
            p for c in app.data.categories for p in c.projects if p.name == "Infartsskyltar"
        )
        assert key == f"project:{project.id}"


async def test_hostile_words_in_the_dialog_find_nothing_and_say_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        from ksui.tui.dialogs.search import open_dialog

        open_dialog(app)
        await until(pilot, lambda: isinstance(app.screen, SearchDialog))
        await until(pilot, lambda: bool(app.screen.query("#search-words")))
        words = app.screen.query_one("#search-words", Input)
        for query in ('NEAR(" AND (', "zzqxv*"):
            words.value = query
            count = app.screen.query_one("#search-count")
            await until(pilot, lambda: "Inga träffar" in str(count.render()))  # noqa: B023
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SearchDialog))
