"""Drift by keys: edit a figure and see the deviation, the totals and the Översikt follow."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Static

from ksui.store import Store, read
from ksui.tui.adding import AddUnit
from ksui.tui.app import KsuiApp
from ksui.tui.dialogs import ConfirmDialog, LongTextDialog, ValueDialog
from ksui.tui.edits import CommentEdit, DeleteRow, DriftEdit
from tests.tui.conftest import (
    TKR,
    AppFactory,
    drift_table,
    put_cursor,
    row_of,
    sent,
    settle,
    text_of,
)


def drawn(app: KsuiApp, unit: str) -> str:
    """The text the drift table draws for a unit's row (from its row cache, as a repaint)."""
    table = drift_table(app)
    index = next(i for i, r in enumerate(table.rows) if r.unit.name == unit)
    y = 1 + table.shown.index(index) - round(table.scroll_offset.y)
    return "".join(segment.text for segment in table.render_line(y))


def stored_actual(app: KsuiApp, unit: str) -> int | None:
    """The utfall as the database has it now (read through the store, not the app)."""
    store = Store(app.gateway.path)
    try:
        committee = read.find_committee(store, None)
        data = read.load_report(store, committee, 2017, "bokslut")
    finally:
        store.close()
    uid = next(u.id for u in data.tree.units.values() if u.name == unit)
    return data.figures[uid].actual


async def test_edit_updates_row_parent_total_and_overview(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert row_of(app, "Ekonomi").deviation == 2_617 * TKR
        assert row_of(app, "Kommunstyrelsens kontor").deviation == 4_992 * TKR
        put_cursor(app, "Ekonomi", "actual")
        await pilot.press("enter")
        assert isinstance(app.screen, ValueDialog)
        await pilot.press(*"40 000", "enter")
        await settle(pilot)

        saved = sent(messages, KsuiApp.EditSaved)
        assert len(saved) == 1
        assert saved[0].edit == DriftEdit(
            row_of(app, "Ekonomi").unit.id,
            "Ekonomi",
            2017,
            "bokslut",
            "actual",
            40_000 * TKR,
            expect=42_857 * TKR,
        )
        assert row_of(app, "Ekonomi").deviation == (45_474 - 40_000) * TKR
        assert row_of(app, "Kommunstyrelsens kontor").deviation == (4_992 + 2_857) * TKR
        assert row_of(app, "Kommunstyrelsen").deviation == (5_031 + 2_857) * TKR
        assert stored_actual(app, "Ekonomi") == 40_000 * TKR
        # What the table draws, not only what it holds: the changed rows are drawn anew
        # (the unchanged ones come from the row cache, which must not keep old figures).
        assert "40 000" in drawn(app, "Ekonomi") and "42 857" not in drawn(app, "Ekonomi")
        assert "+7 888" in drawn(app, "Kommunstyrelsen")
        assert "+7 849" in drawn(app, "Kommunstyrelsens kontor")
        assert "38 744" in drawn(app, "HR")

        await pilot.press("1")
        await settle(pilot)
        summary = text_of(app.screen.query_one("#summary", Static))
        assert "överskott på 7,9 mkr" in summary
        assert sent(messages, KsuiApp.Analysed)[-1].analysis.version == app.version


async def test_bad_amount_is_refused_on_the_spot(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "HR", "budget")
        await pilot.press("enter", *"43.000", "enter")
        await pilot.pause()
        refused = sent(messages, ValueDialog.Refused)
        assert refused and "tvetydigt" in refused[-1].reason
        assert isinstance(app.screen, ValueDialog)
        assert "tvetydigt" in text_of(app.screen.query_one("#error", Static))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ValueDialog)
        assert sent(messages, KsuiApp.EditSaved) == []
        assert row_of(app, "HR").budget == 38_744 * TKR


async def test_swedish_formats_and_units_are_accepted(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "HR", "budget")
        await pilot.press("enter", *"-1,5 mkr", "enter")
        await settle(pilot)
        assert row_of(app, "HR").budget == -1_500 * TKR


async def test_sums_and_deviations_are_not_typed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Kommunstyrelsens kontor", "actual")
        await pilot.press("enter")
        put_cursor(app, "Ekonomi", "deviation")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ValueDialog)
        notes = [n.message for n in app._notifications]
        assert any("summan av enheterna under" in n for n in notes)
        assert any("räknas fram" in n for n in notes)


async def test_undo_and_redo(make_app: AppFactory, messages: list[Message]) -> None:
    app = make_app()
    async with app.run_test(message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "HR", "actual")
        await pilot.press("enter", *"50 000", "enter")
        await settle(pilot)
        assert row_of(app, "HR").figures.actual == 50_000 * TKR
        assert [d.description for d in app.undo_stack] == ["Utfall HR"]

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert row_of(app, "HR").figures.actual == 38_698 * TKR
        assert row_of(app, "Kommunstyrelsen").deviation == 5_031 * TKR
        undone = sent(messages, KsuiApp.Reverted)
        assert [(m.kind, m.description) for m in undone] == [("undo", "Utfall HR")]
        assert app.undo_stack == [] and len(app.redo_stack) == 1

        await pilot.press("ctrl+y")
        await settle(pilot)
        assert row_of(app, "HR").figures.actual == 50_000 * TKR
        assert len(app.undo_stack) == 1 and app.redo_stack == []

        await pilot.press("ctrl+z", "ctrl+z")
        await settle(pilot)
        assert row_of(app, "HR").figures.actual == 38_698 * TKR
        assert any("Inget att ångra" in n.message for n in app._notifications)


async def test_add_and_delete_a_unit_with_confirmation(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Kommunstyrelsens kontor", "name")
        await pilot.press("a", *"Lönecenter", "enter")
        await settle(pilot)
        assert isinstance(sent(messages, KsuiApp.EditSaved)[-1].edit, AddUnit)
        added = row_of(app, "Lönecenter")
        assert added.depth == 2

        put_cursor(app, "Lönecenter", "name")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert row_of(app, "Lönecenter")

        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(sent(messages, KsuiApp.EditSaved)[-1].edit, DeleteRow)
        assert "Lönecenter" not in [r.unit.name for r in drift_table(app).rows]

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert row_of(app, "Lönecenter")


async def test_filter_shows_matches_and_the_units_above(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("slash", *"eko")
        await pilot.pause()
        table = drift_table(app)
        shown = [table.rows[i].unit.name for i in table.shown]
        assert shown == ["Kommunstyrelsen", "Kommunstyrelsens kontor", "Ekonomi"]
        await pilot.press("enter")
        assert app.focused is table
        await pilot.press("escape")
        await pilot.pause()
        assert len(table.shown) == len(table.rows)


async def test_levels_fold_and_unfold(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = drift_table(app)
        put_cursor(app, "Kommunstyrelsens kontor", "name")
        await pilot.press("space")
        assert [table.rows[i].unit.name for i in table.shown] == [
            "Kommunstyrelsen",
            "Kommunstyrelsens kontor",
            "Politisk ledning",
        ]
        await pilot.press("space")
        assert len(table.shown) == len(table.rows)
        await pilot.press("minus")
        assert len(table.shown) == 3
        await pilot.press("plus")
        assert len(table.shown) == len(table.rows)


async def test_comment_is_written_in_a_text_area(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Politisk ledning", "actual")
        await pilot.press("c")
        assert isinstance(app.screen, LongTextDialog)
        await pilot.press(*" Arvodena blev lägre.", "ctrl+s")
        await settle(pilot)
        edit = sent(messages, KsuiApp.EditSaved)[-1].edit
        assert isinstance(edit, CommentEdit)
        assert edit.text.endswith("Arvodena blev lägre.")
        comment = text_of(app.screen.query_one("#comment", Static))
        assert "Arvodena blev lägre." in comment


async def test_another_period_is_chosen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("2")
        await settle(pilot)
        app.select(period="delar")
        await settle(pilot)
        assert app.data is not None and app.data.period == "delar"
        assert row_of(app, "Kommunstyrelsens kontor").figures.forecast is not None
        assert "Delår" in app.context


async def test_mkr_is_shown_and_typed(make_app: AppFactory) -> None:
    app = make_app(unit="mkr")
    async with app.run_test() as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = drift_table(app)
        assert table.unit == "mkr"
        put_cursor(app, "HR", "budget")
        await pilot.press("enter", *"40", "enter")
        await settle(pilot)
        assert row_of(app, "HR").budget == 40_000 * TKR
        assert "mkr" in app.context


async def test_a_burst_of_enters_closes_a_dialog_once(make_app: AppFactory) -> None:
    """Keys can arrive faster than they are handled (SSH, a held key): the dialog closes once
    and the screen beneath it stays."""
    from textual import events

    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "HR", "budget")
        await pilot.press("enter")
        assert isinstance(app.screen, ValueDialog)
        for _ in range(3):
            app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert type(app.screen).__name__ == "DriftScreen"
        assert row_of(app, "HR").budget == 38_744 * TKR
        for _ in range(2):
            app.post_message(events.Key("escape", None))
        await settle(pilot)
        assert type(app.screen).__name__ == "DriftScreen"
