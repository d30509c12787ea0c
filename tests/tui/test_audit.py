"""The Ändringslogg: change sets newest first in the CLI's words, filters, and undo from it."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Static

from ksui.store.db import current_user
from ksui.tui import KsuiApp
from ksui.tui.dialogs import ConfirmDialog
from ksui.tui.dialogs.audit import AuditDialog
from ksui.tui.dialogs.help import HelpDialog
from ksui.tui.screens.drift import DriftScreen
from tests.tui.conftest import TKR, AppFactory, put_cursor, row_of, settle, text_of


async def edit(pilot, unit: str, column: str, typed: str) -> None:  # type: ignore[no-untyped-def]
    put_cursor(pilot.app, unit, column)
    await pilot.press("enter", *typed, "enter")
    await settle(pilot)


def budget(app: KsuiApp, unit: str) -> int | None:
    """A unit's budget in the report the app holds (the log covers the table)."""
    assert app.data is not None
    return next(r.budget for r in app.data.drift() if r.unit.name == unit)


def log(app: KsuiApp) -> AuditDialog:
    assert isinstance(app.screen, AuditDialog)
    return app.screen


async def test_log_lists_filters_and_undoes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await edit(pilot, "HR", "actual", "50 000")
        await edit(pilot, "Ekonomi", "budget", "46 000")

        # From Drift, the log starts at the unit under the cursor.
        await pilot.press("l")
        await settle(pilot)
        dialog = log(app)
        assert dialog.filters.unit_name == "Ekonomi"
        assert dialog.page is not None
        first = dialog.page.entries[0]
        assert first.lines == ("Budget för Ekonomi, 2017 bokslut: 45 474 tkr → 46 000 tkr",)
        assert first.user == current_user()
        assert not any(" HR," in e.lines[0] for e in dialog.page.entries)
        detail = text_of(app.screen.query_one("#audit-detail", Static))
        assert "45 474 tkr → 46 000 tkr" in detail and f"Ändring nr {first.id}" in detail

        await pilot.press("e")  # every unit
        await settle(pilot)
        assert [e.lines[0] for e in dialog.page.entries[:2]] == [
            "Budget för Ekonomi, 2017 bokslut: 45 474 tkr → 46 000 tkr",
            "Utfall för HR, 2017 bokslut: 38 698 tkr → 50 000 tkr",
        ]
        assert "Demodatabas" in dialog.page.entries[-1].description
        assert dialog.page.entries[-1].more > 0  # a big change set is listed in part

        await pilot.press("p")  # the period on screen: the demo's creation has other periods
        await settle(pilot)
        assert dialog.filters.period == "bokslut" and dialog.filters.year == 2017
        await pilot.press("v")  # the first person in the log
        await settle(pilot)
        assert dialog.filters.user == dialog.page.users[0]
        await pilot.press("v")
        await settle(pilot)
        if len(dialog.page.users) == 1:
            assert dialog.filters.user is None  # round again to everyone

        # Undo the newest change set, after a question (n keeps it, j undoes it).
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert budget(app, "Ekonomi") == 46_000 * TKR
        await pilot.press("u")
        await pilot.press("j")
        await settle(pilot)
        assert budget(app, "Ekonomi") == 45_474 * TKR
        page = log(app).page
        assert page is not None
        newest = page.entries[0]
        assert newest.description.startswith("Ångra: ") and newest.undoes == first.id
        assert newest.lines == ("Budget för Ekonomi, 2017 bokslut: 46 000 tkr → 45 474 tkr",)
        assert [d.changeset_id for d in app.undo_stack] != [] and app.redo_stack

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DriftScreen)
        await pilot.press("ctrl+y")  # the undo from the log is redone like any other
        await settle(pilot)
        assert row_of(app, "Ekonomi").budget == 46_000 * TKR


async def test_log_shows_more_on_request(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        for typed in ("1", "2", "3"):
            await edit(pilot, "HR", "actual", typed)
        app.push_screen(AuditDialog(limit=2))
        await settle(pilot)
        dialog = log(app)
        assert dialog.page is not None and len(dialog.page.entries) == 2
        assert dialog.page.has_more
        assert "m visar fler" in text_of(app.screen.query_one("#audit-filters", Static))
        await pilot.press("m")
        await settle(pilot)
        more = dialog.page
        assert more is not None and len(more.entries) == 4 and not more.has_more
        await pilot.press("e")  # not opened from a unit: says so, changes nothing
        await pilot.pause()
        assert dialog.filters.unit_id is None
        assert any("Drift" in str(n.message) for n in app._notifications)


async def test_log_from_the_palette_and_in_help(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpDialog)
        keys = text_of(app.screen.query_one("#keys", Static))
        assert "Ändringslogg" in keys and "Importera" in keys
        await pilot.press("escape", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Ändringslogg")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        dialog = log(app)
        assert dialog.filters.unit_id is None  # not opened from Drift: every unit
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpDialog)
        keys = text_of(app.screen.query_one("#keys", Static))
        assert "Ångra vald ändring" in keys and "Visa fler" in keys
