"""The app as a whole: it opens on the data, switches screens, remaps keys, palette, export."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.message import Message
from textual.widgets import Static

from ksui.config import Config
from ksui.store.demo import create_database
from ksui.tui import KsuiApp
from ksui.tui.dialogs import ValueDialog
from ksui.tui.dialogs.help import HelpDialog
from ksui.tui.keys import KEYS, keymap_markdown
from ksui.tui.screens.drift import DriftScreen
from ksui.tui.screens.goals import GoalsScreen
from ksui.tui.screens.investments import InvestmentsScreen
from ksui.tui.screens.overview import OverviewScreen
from ksui.tui.screens.personnel import PersonnelScreen
from tests.tui.conftest import AppFactory, drift_table, sent, settle, text_of


async def test_opens_on_the_overview_and_reads_the_report(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(message_hook=messages.append) as pilot:
        await settle(pilot)
        loaded = sent(messages, KsuiApp.ReportLoaded)
        assert len(loaded) == 1 and loaded[0].loaded.data.committee.name == "Kommunstyrelsen"
        assert isinstance(app.screen, OverviewScreen)
        assert app.context == "Kommunstyrelsen · 2017 · Bokslut · tkr"
        summary = text_of(app.screen.query_one("#summary", Static))
        assert "Kommunstyrelsen redovisar ett överskott på 5,0 mkr" in summary
        assert "God ekonomisk hushållning" in summary or "Ekonomi" in summary


async def test_keys_1_to_5_switch_screens(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        for key, kind in [
            ("2", DriftScreen),
            ("3", InvestmentsScreen),
            ("4", GoalsScreen),
            ("5", PersonnelScreen),
            ("1", OverviewScreen),
        ]:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, kind)


async def test_a_key_remapped_in_config_works(make_app: AppFactory) -> None:
    app = make_app(keys={"screen.drift": "f2", "edit": "e"})
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)  # 2 now belongs to nobody
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DriftScreen)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ValueDialog)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ValueDialog)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        keys = text_of(app.screen.query_one("#keys", Static))
        assert any(line.split() == ["e", "Ändra"] for line in keys.splitlines())
        assert any(line.split() == ["F2", "Drift"] for line in keys.splitlines())


async def test_help_lists_the_keys_of_the_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        text = text_of(app.screen.query_one("#keys", Static))
        for words in ("Ändra", "Kommentar", "Fäll ut/ihop", "Ångra", "Ctrl+Z"):
            assert words in text
        assert "GEH-bedömning" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, DriftScreen)


async def test_palette_switches_period_and_goes_to_a_unit(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Period Delår")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.data is not None and app.data.period == "delar"

        await pilot.press("ctrl+p", *"Gå till HR")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DriftScreen)
        row = drift_table(app).current_row
        assert row is not None and row.unit.name == "HR"


async def test_palette_offers_the_keys_theme_and_quit(make_app: AppFactory) -> None:
    """They were written for the palette but not listed in it until the registry's cleanup."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2", "ctrl+p", *"Tangenter")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpDialog)
        assert "Fäll ut/ihop" in text_of(app.screen.query_one("#keys", Static))


async def test_export_markdown_to_a_file(
    make_app: AppFactory, messages: list[Message], tmp_path: Path
) -> None:
    app = make_app()
    target = tmp_path / "rapport.md"
    async with app.run_test(message_hook=messages.append) as pilot:
        await settle(pilot)
        app.export_markdown(target)
        await settle(pilot)
        exported = sent(messages, KsuiApp.Exported)
        assert exported and exported[0].path == target
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Årsrapport 2017 – Kommunstyrelsen")


async def test_an_empty_database_says_so(tmp_path: Path) -> None:
    path = tmp_path / "tom.sqlite"
    create_database(path, demo=False).close()
    app = KsuiApp(Config(database=path, theme="textual-dark"))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.data is None
        assert isinstance(app.screen, ValueDialog)  # the walk-through asks for the nämnd
        await pilot.press("escape")  # … and can be skipped
        await settle(pilot)
        assert "ingen nämnd" in text_of(app.screen.query_one("#placeholder", Static))
        await pilot.press("2", "enter", "3", "4", "5")
        await settle(pilot)


async def test_a_missing_database_is_reported_not_raised(tmp_path: Path) -> None:
    app = KsuiApp(Config(database=tmp_path / "finns-inte.sqlite", theme="textual-dark"))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.data is None
        assert "finns inte" in text_of(app.screen.query_one("#placeholder", Static))


def test_every_binding_has_an_id_and_a_swedish_description() -> None:
    ids = [k.id for k in KEYS]
    assert len(ids) == len(set(ids))
    assert all(k.description for k in KEYS)
    table = keymap_markdown()
    assert "| `Ctrl+Z` | `undo` | Ångra |" in table
