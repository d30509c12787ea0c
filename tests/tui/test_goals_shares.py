"""KF-mål: an inriktning's table of shares shows with it, and a share is edited by key."""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input

from ksui.tui import KsuiApp
from ksui.tui.dialogs import ValueDialog
from ksui.tui.edits import ShareEdit
from ksui.tui.widgets.figure_table import FigureTable
from tests.tui.conftest import AppFactory, sent, settle, until


def share(app: KsuiApp, label: str, period: str = "bokslut") -> int | None:
    """The stored share (tenths) of the demo's ekologiska livsmedel line at a follow-up."""
    assert app.data is not None
    line = next(s for s in app.data.shares if s.label == label)
    return line.at(2017, period)


def ecological_area(app: KsuiApp) -> int:
    """The area whose Övrig inriktning 4 holds the ekologiska livsmedel."""
    assert app.data is not None
    item = next(s.item_id for s in app.data.shares)
    return next(a.id for a in app.data.areas if any(i.id == item for i in a.items))


def _item(app: KsuiApp) -> str:
    """The id of the inriktning with the shares, as the table's row keys hold it."""
    assert app.data is not None
    return str(app.data.shares[0].item_id)


async def show_area(app: KsuiApp, pilot: Pilot[Any]) -> FigureTable:
    """The KF-mål screen on the area with the shares; the shares table, focused."""
    await pilot.press("4")
    await settle(pilot)
    goal_list = app.screen.query_one("#goal-list", FigureTable)
    goal_list.move_to_row_key(f"area:{ecological_area(app)}", "title")
    await pilot.pause()
    table = app.screen.query_one("#shares", FigureTable)
    table.focus()
    return table


async def test_the_area_shows_its_inriktning_with_the_table_of_shares(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        table = await show_area(app, pilot)
        assert table.display and table.row_count == 7
        headings = [str(c.label) for c in table.columns.values()]
        assert headings == ["Andelar – Övrig inriktning 4", "Bokslut %", "Delår %"]
        assert str(table.get_cell("share:" + _item(app) + ":Totalt", "bokslut")) == "58"
        assert str(table.get_cell("share:" + _item(app) + ":Ägg", "delar")) == "97"
        items = app.screen.query_one("#items", FigureTable)
        assert "Övrig inriktning 4" in [str(items.get_row_at(r)[0]) for r in range(items.row_count)]


async def test_a_share_is_edited_from_its_exact_value_and_undone(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        table = await show_area(app, pilot)
        table.move_to_row_key(f"share:{_item(app)}:Kolonial", "delar")
        await pilot.press("enter")
        await until(pilot, "the edit box", lambda: isinstance(app.screen, ValueDialog))
        assert app.screen.query_one("#value", Input).value == "67"
        await pilot.press("enter")  # unchanged: nothing is written
        await settle(pilot)
        assert sent(messages, KsuiApp.EditSaved) == []

        await pilot.press("enter", *"66,5", "enter")
        await settle(pilot)
        edit = sent(messages, KsuiApp.EditSaved)[-1].edit
        assert edit == ShareEdit(int(_item(app)), "Kolonial", 2017, "delar", 665)
        assert share(app, "Kolonial", "delar") == 665
        assert share(app, "Kolonial") == 640  # the bokslut's share is left alone

        table = app.screen.query_one("#shares", FigureTable)
        table.focus()
        table.move_to_row_key(f"share:{_item(app)}:Kolonial", "delar")
        await pilot.press("enter")
        await until(pilot, "the edit box", lambda: isinstance(app.screen, ValueDialog))
        assert app.screen.query_one("#value", Input).value == "66,5"
        await pilot.press("escape")

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert share(app, "Kolonial", "delar") == 670


async def test_a_share_that_is_not_a_percentage_is_refused_on_the_spot(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        table = await show_area(app, pilot)
        table.move_to_row_key(f"share:{_item(app)}:Totalt", "bokslut")
        await pilot.press("enter", *"120", "enter")
        assert isinstance(app.screen, ValueDialog)  # still open, with the reason
        await pilot.press("escape")
        await settle(pilot)
        assert sent(messages, KsuiApp.EditSaved) == []
        assert share(app, "Totalt") == 580


async def test_y_copies_the_table_of_shares_when_it_has_the_focus(make_app: AppFactory) -> None:
    from ksui.tui.clipboard import cache_path

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await show_area(app, pilot)
        before = cache_path().read_bytes() if cache_path().exists() else b""
        await pilot.press("Y")
        await until(
            pilot,
            "the copied table",
            lambda: cache_path().exists() and cache_path().read_bytes() != before,
        )
        lines = cache_path().read_text(encoding="utf-8-sig").splitlines()
        assert lines[0].split("\t")[1:] == ["Bokslut %", "Delår %"]
        assert lines[1].split("\t") == ["Totalt", "58", "61"]
