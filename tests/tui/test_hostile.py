"""Hostile text in the app: markup, escapes, NUL and huge lines are shown as typed, safely.

A unit name or a comment may come from a SIE file or a colleague's paste; the app must
show it literally (never as Rich markup, never as terminal control) within the screen.
"""

from __future__ import annotations

from pathlib import Path

from textual.strip import Strip
from textual.widgets import Label, Static

from ksui.actions import edits
from ksui.render.cells import clean
from ksui.store import Store, read
from ksui.tui import KsuiApp
from ksui.tui.dialogs import LongTextDialog
from tests.tui.conftest import AppFactory, drift_table, put_cursor, settle, text_of

MARKUP = "[bold]x[/] [link=http://x]y[/link]"
HOSTILE_NAME = f"Ekonomi \x1b[31mröd\x1b[0m \x00 {MARKUP} " + "n" * 5000
HOSTILE_COMMENT = f"Kommentar {MARKUP}\n\x1b[31mröd \x00nul\n" + "å" * 5000
SIZE = (120, 30)


def make_hostile(path: Path) -> None:
    """Rename Ekonomi and comment on it, through the audited write path."""
    store = Store(path)
    try:
        unit = next(u.id for u in read.units(store) if u.name == "Ekonomi")
        edits.set_field(store, "unit", unit, "name", HOSTILE_NAME)
        edits.set_comment(store, "unit", unit, 2017, HOSTILE_COMMENT)
    finally:
        store.close()


def screen_strips(app: KsuiApp) -> list[Strip]:
    """The lines of the screen as the terminal would get them."""
    return app.screen._compositor.render_strips()


def assert_safe_screen(app: KsuiApp) -> None:
    """No control byte reaches the terminal and no line is wider than it."""
    width = app.size.width
    for strip in screen_strips(app):
        assert strip.cell_length <= width
        assert "\x1b" not in strip.text and "\x00" not in strip.text


async def test_drift_table_and_comment_show_hostile_text_literally(
    make_app: AppFactory, demo_path: Path
) -> None:
    make_hostile(demo_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = drift_table(app)
        row = next(r for r in table.rows if r.unit.name == HOSTILE_NAME)
        assert table.go_to(row.unit.id)
        await pilot.pause()
        lines = [table.render_line(y).text for y in range(table.size.height)]
        shown = next(line for line in lines if "Ekonomi" in line)
        assert clean("Ekonomi \x1b[31mröd\x1b[0m \x00 [") in shown  # then cut with …
        assert "\x1b" not in shown and "\x00" not in shown

        comment = text_of(app.screen.query_one("#comment", Static), width=SIZE[0])
        assert MARKUP in comment
        assert "␛[31mröd ␀nul" in comment
        assert "\x1b" not in comment and "\x00" not in comment
        assert_safe_screen(app)

        screen_text = "\n".join(s.text for s in screen_strips(app))
        assert "[bold]x[/]" in screen_text  # the markup is on screen as typed

        put_cursor(app, HOSTILE_NAME, "actual")
        await pilot.press("c")
        assert isinstance(app.screen, LongTextDialog)
        title = app.screen.query_one(".dialog-title", Label)
        assert MARKUP in text_of(title, width=400)
        assert_safe_screen(app)
        await pilot.press("escape")
        await settle(pilot)


async def test_the_log_shows_hostile_text_literally(make_app: AppFactory, demo_path: Path) -> None:
    make_hostile(demo_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        detail = text_of(app.screen.query_one("#audit-detail", Static), width=400)
        assert MARKUP in detail and "␛[31m" in detail
        assert_safe_screen(app)
        await pilot.press("down")
        await pilot.pause()
        assert_safe_screen(app)
