"""Personal by keys: a sjuktal is edited, an impossible one refused, derived columns kept."""

from __future__ import annotations

from decimal import Decimal

from textual.message import Message

from ksui.tui import KsuiApp
from ksui.tui.dialogs import ValueDialog
from ksui.tui.edits import SickRateEdit
from ksui.tui.widgets.figure_table import FigureTable
from tests.tui.conftest import AppFactory, sent, settle


async def test_rate_is_edited_and_the_change_follows(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#sick-total", FigureTable)
        table.move_to_row_key("total:kon:Kvinnor", "y2017")
        await pilot.press("enter", *"150", "enter")
        await pilot.pause()
        refused = sent(messages, ValueDialog.Refused)
        assert refused and "0–100" in refused[-1].reason
        await pilot.press(*"4,00", "enter")
        await settle(pilot)
        edit = sent(messages, KsuiApp.EditSaved)[-1].edit
        assert isinstance(edit, SickRateEdit) and edit.rate == "4.00" and edit.scope == "namnd"
        assert app.data is not None
        sick = app.data.sick_leave
        assert sick.rate("total", "Kvinnor", 2017) == Decimal("4.00")
        assert sick.change("total", "Kvinnor", 2017) == Decimal("-1.53")


async def test_derived_columns_are_not_typed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#sick-total", FigureTable)
        table.move_to_row_key("total:totalt:Totalt", "change_points")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ValueDialog)
        assert any("räknas fram" in n.message for n in app._notifications)
