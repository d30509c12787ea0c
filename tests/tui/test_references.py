"""The TUI shows a reference's figure and edits the reference as stored."""

from __future__ import annotations

from textual.widgets import Static, TextArea

from ksui.store import Store, read, writes
from ksui.tui.dialogs import LongTextDialog
from tests.tui.conftest import AppFactory, put_cursor, settle, text_of, until


async def test_the_comment_panel_shows_the_figure_and_the_edit_box_the_reference(
    make_app: AppFactory,
) -> None:
    app = make_app()
    store = Store(app.config.database)
    try:
        data = read.load_report(store, read.find_committee(store, None), 2017, "bokslut")
        ekonomi = next(u.id for u in data.tree.units.values() if u.name == "Ekonomi")
        writes.set_comment(store, "unit", ekonomi, 2017, "Överskott {resultat:Ekonomi}.", "")
        before = store.conn.execute("SELECT count(*) FROM changeset").fetchone()[0]
    finally:
        store.close()
    async with app.run_test() as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "actual")
        await settle(pilot)
        panel = app.screen.query_one("#comment", Static)
        await until(pilot, "the comment panel", lambda: "Överskott 2 617 tkr." in text_of(panel))
        await pilot.press("c")
        await until(pilot, "the edit box", lambda: isinstance(app.screen, LongTextDialog))
        assert app.screen.query_one(TextArea).text == "Överskott {resultat:Ekonomi}."
        await pilot.press("ctrl+s")  # unchanged: nothing is written
        await settle(pilot)
    store = Store(app.config.database)
    try:
        changes = store.conn.execute("SELECT count(*) FROM changeset").fetchone()[0]
    finally:
        store.close()
    assert changes == before
