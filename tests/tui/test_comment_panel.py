"""The comment panel under the Drift table scrolls, and opens a comment in full.

It is a few lines high: a longer comment is read by focusing it (arrows, the mouse wheel),
or full-screen and read-only with Enter there or ``v`` from the table.
"""

from __future__ import annotations

from textual.widgets import TextArea

from ksui.tui.dialogs import LongTextDialog
from ksui.tui.screens.drift import DriftScreen
from ksui.tui.widgets.drift_detail import CommentReader, CommentScroll
from tests.tui.conftest import AppFactory, put_cursor, settle, text_of, until

LINES = [f"Rad {n}: avvikelsen förklaras av vikarier under sommaren." for n in range(1, 21)]


async def test_a_long_comment_scrolls_and_opens_in_full(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "name")
        await pilot.press("c")
        assert isinstance(app.screen, LongTextDialog)
        app.screen.query_one(TextArea).text = "\n".join(LINES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DriftScreen)

        panel = screen.query_one(CommentScroll)
        shown = text_of(screen.query_one("#comment"))  # type: ignore[arg-type]
        assert "Rad 1:" in shown and "Rad 20:" in shown  # each line its own, none cut off
        await until(pilot, "the panel to be laid out", lambda: panel.max_scroll_y > 0)
        assert panel.scroll_y == 0  # more than fits: the panel starts at the top

        panel.focus()
        await pilot.press(*["down"] * 30)
        await until(pilot, "the last line", lambda: panel.scroll_y == panel.max_scroll_y)
        assert panel.max_scroll_y > 0

        await pilot.press("enter")  # Enter on the panel: the whole comment, read-only
        await until(pilot, "the reader", lambda: isinstance(app.screen, CommentReader))
        area = app.screen.query_one(TextArea)
        assert area.read_only and area.text.splitlines() == LINES
        await pilot.press("x", "escape")  # typing changes nothing; Escape closes
        await until(pilot, "Drift again", lambda: app.screen is screen)
        assert app.data is not None and app.data.comment("unit", row_id(app)) == "\n".join(LINES)

        screen.table.focus()
        await pilot.press("v")  # v from the table opens the same
        await until(pilot, "the reader", lambda: isinstance(app.screen, CommentReader))
        await pilot.press("escape")
        await until(pilot, "Drift again", lambda: app.screen is screen)


def row_id(app) -> int:  # type: ignore[no-untyped-def]
    """The unit id of Ekonomi in the report."""
    assert app.data is not None
    return next(r.unit.id for r in app.data.drift() if r.unit.name == "Ekonomi")
