"""The app as a whole: it opens on the data, switches screens, remaps keys, palette, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
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
from tests.tui.conftest import AppFactory, drift_table, sent, settle, text_of, until


async def test_opens_on_the_overview_and_reads_the_report(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(message_hook=messages.append) as pilot:
        await settle(pilot)
        # Read once: before Textual starts (Gateway.prefetch) or, when that read is slow,
        # on a worker that reports it.
        assert len(sent(messages, KsuiApp.ReportLoaded)) <= 1
        assert app.data is not None and app.data.committee.name == "Kommunstyrelsen"
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


async def test_the_first_frame_waits_for_nothing_but_the_figures(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The footer and the filter line, the lock's reader and the collector come once the
    first frame is out (``KsuiApp.after_first_frame``); then everything is there."""
    import gc

    from textual.widgets import Footer, Input

    from ksui.tui.analysis import analyse
    from ksui.tui.gateway import Gateway, first_key

    firsts: list[tuple[bool, bool]] = []  # (figures drawn, footer mounted) at each show
    real_show = OverviewScreen.show

    def show(self: OverviewScreen, data: Any, change: Any) -> None:
        real_show(self, data, change)
        drawn = "Kommunbidrag" in text_of(self.query_one("#summary", Static))
        firsts.append((drawn, bool(self.query(Footer))))

    monkeypatch.setattr(OverviewScreen, "show", show)
    # As ``ksui`` starts: the report and its analysis read before the app (ksui.cli.launch).
    config = Config(database=demo_path, theme="textual-dark")
    gateway = Gateway(config.database)
    gateway.prefetch(first_key(config), lambda data: analyse(data, 0, 0, config.rules))
    app = KsuiApp(config, gateway=gateway)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert firsts[0] == (True, False)  # the figures, before the footer
        assert app.first_frame_shown and gc.isenabled()
        footer = app.screen.query_one(Footer)
        await until(pilot, "the footer's keys", lambda: len(footer.children) > 0)
        assert app.screen.query_one("#filter", Input).cursor_blink is False


async def test_a_kommun_file_starts_on_kommunen_without_building_the_overview(
    kommun_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    real = OverviewScreen.compose_body

    def compose_body(self: OverviewScreen) -> Any:
        built.append(self.NAME)
        return real(self)

    monkeypatch.setattr(OverviewScreen, "compose_body", compose_body)
    app = KsuiApp(Config(database=kommun_path, theme="textual-dark"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.current_mode == "kommun"
        assert built == []  # Textual began on Kommunen: no Översikt built to be left
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen) and built == ["overview"]
