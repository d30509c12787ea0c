"""The screen registry: modes, tabs, keys, palette and help all follow the one list."""

from __future__ import annotations

import grimp
import pytest
from rich.console import Group
from rich.text import Text
from textual.command import CommandPalette
from textual.widgets import Static

from ksui.config import Config
from ksui.tui import KsuiApp
from ksui.tui.dialogs.help import HelpDialog
from ksui.tui.host import Host
from ksui.tui.keys import BY_ID, KEYS, check_keymap
from ksui.tui.registry import BY_MODE, SCREENS, ScreenEntry
from ksui.tui.widgets.top_bar import TopBar
from tests.tui.conftest import AppFactory, settle, text_of


def tabs(app: KsuiApp) -> str:
    """The second line of the top bar, as the controller reads it."""
    shown = app.screen.query_one(TopBar).render()
    assert isinstance(shown, Group)
    line = shown.renderables[1]
    assert isinstance(line, Text)
    return line.plain


def test_every_screen_has_a_mode_a_key_and_a_readme_id() -> None:
    assert KsuiApp.MODES.keys() == BY_MODE.keys()
    assert KsuiApp.DEFAULT_MODE == "overview"
    assert list(BY_MODE) == ["overview", "drift", "investments", "goals", "personnel", "kommun"]
    for screen in SCREENS:
        key = BY_ID[screen.key_id]
        assert (key.key, key.action, key.group) == (screen.key, screen.action, "app")
    # The README's [keys] ids are the user's contract: the English mode ids leave them be.
    assert [k.id for k in KEYS[: len(SCREENS)]] == [
        "screen.oversikt",
        "screen.drift",
        "screen.investeringar",
        "screen.mal",
        "screen.personal",
        "screen.kommun",
    ]


def test_the_documented_screen_ids_can_still_be_remapped() -> None:
    check_keymap(Config(keys={"screen.oversikt": "f1", "screen.mal": "f4"}))


async def test_the_top_bar_shows_the_bound_key_after_a_remap(make_app: AppFactory) -> None:
    app = make_app(keys={"screen.drift": "f2", "screen.mal": "ctrl+g"})
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        line = tabs(app)
        assert " 1 Översikt " in line and " F2 Drift " in line and " Ctrl+G KF-mål " in line
        assert " 2 Drift " not in line and " 4 KF-mål " not in line
        await pilot.press("f2")
        await settle(pilot)
        assert app.current_mode == "drift"


async def test_the_top_bar_numbers_the_screens_by_default(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        line = "1 Översikt   2 Drift   3 Investeringar   4 KF-mål   5 Personal   6 Kommunen"
        assert tabs(app).strip() == line


@pytest.mark.parametrize("entry", SCREENS, ids=[s.mode for s in SCREENS])
async def test_each_screen_is_shown_by_its_key_with_its_own_help(
    make_app: AppFactory, entry: ScreenEntry
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press(entry.key)
        await settle(pilot)
        assert app.current_mode == entry.mode
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        assert app.screen.title_text == entry.label
        assert app.screen.groups == entry.groups and app.screen.without == entry.without
        keys = text_of(app.screen.query_one("#keys", Static))
        for other in SCREENS:
            assert other.label in keys


async def test_the_palette_lists_every_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for entry in SCREENS[1:]:
            await pilot.press("ctrl+p", *f"Visa {entry.label}")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, CommandPalette)
            assert app.current_mode == entry.mode


def test_nothing_the_app_composes_imports_the_app_back() -> None:
    graph = grimp.build_graph("ksui")  # imports under TYPE_CHECKING count too
    composed = {
        "ksui.tui.commands",
        "ksui.tui.host",
        "ksui.tui.keys",
        "ksui.tui.registry",
        "ksui.tui.undo",
        "ksui.tui.state",
        "ksui.tui.widgets.top_bar",
        "ksui.tui.dialogs.help",
        "ksui.tui.dialogs.audit",
        "ksui.tui.dialogs.importing",
    }
    for module in composed:
        assert graph.find_shortest_chain(importer=module, imported="ksui.tui.app") is None


def test_the_app_is_what_screens_and_dialogs_may_use(make_app: AppFactory) -> None:
    app: Host = make_app()  # mypy checks the Protocol's types, isinstance its names
    assert isinstance(app, Host)
