"""Översikt: live summary, GEH-bedömning set area by area, the narrative copied."""

from __future__ import annotations

from textual.message import Message

from ksui.core.models import Assessment
from ksui.tui import KsuiApp
from ksui.tui.dialogs.geh import GehDialog
from ksui.tui.edits import GehEdit
from tests.tui.conftest import AppFactory, sent, settle


async def test_geh_is_set_in_its_dialog(make_app: AppFactory, messages: list[Message]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await settle(pilot)
        assert app.data is not None
        before = app.data.geh.get("ekonomi")
        await pilot.press("g")
        assert isinstance(app.screen, GehDialog)
        await pilot.press("enter")
        await settle(pilot)
        edit = sent(messages, KsuiApp.EditSaved)[-1].edit
        assert isinstance(edit, GehEdit) and edit.area == "ekonomi"
        expected = before.next() if before else Assessment.BRA
        assert app.data.geh["ekonomi"] is expected
        await pilot.press("escape")
        assert not isinstance(app.screen, GehDialog)


async def test_status_line_counts_findings_and_undo(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.analysis is not None
        if app.analysis.findings:
            assert "fel" in app.status or "varning" in app.status
        else:
            assert "kontrollerna stämmer" in app.status
        await pilot.press("g", "enter", "escape")
        await settle(pilot)
        assert "↶ 1" in app.status
