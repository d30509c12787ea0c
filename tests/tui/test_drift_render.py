"""The drift table hands the screen its lines without Textual's styles cache, and its
scrollbar keeps the lines it drew: both must draw, cell for cell, what Textual draws."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.pilot import Pilot
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar

from ksui.tui.widgets.drift_table import DriftTable, QuickScrollBar
from tests.tui.conftest import AppFactory, drift_table, settle


def cells(strips: list[Any]) -> list[list[tuple[str, Any]]]:
    """Each line's cells with their style, however the line is cut into segments."""
    return [
        [(char, segment.style) for segment in strip for char in segment.text] for strip in strips
    ]


def textual_lines(table: DriftTable, crop: Region) -> list[Any]:
    """The lines as Textual's own ``render_lines`` draws them (through the styles cache)."""
    table._styles_cache.clear()
    return ScrollView.render_lines(table, crop)


def assert_drawn_as_textual(table: DriftTable) -> None:
    width, height = table.size
    for crop in (Region(0, 0, width, height), Region(3, 2, width - 10, min(5, height - 2))):
        assert cells(table.render_lines(crop)) == cells(textual_lines(table, crop))


async def _open(pilot: Pilot[Any]) -> DriftTable:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    table = drift_table(pilot.app)  # type: ignore[arg-type]
    await pilot.press("plus")  # every unit shown: more than 80×16 holds
    await pilot.pause()
    return table


async def test_the_tables_lines_are_textuals_lines(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        table = await _open(pilot)
        assert len(table.shown) > table.size.height  # so that the moves below scroll
        assert_drawn_as_textual(table)
        for _ in range(len(table.shown) + 2):  # down past the bottom: every move scrolls
            await pilot.press("down")
        await pilot.press("right")
        await pilot.pause()
        assert table.scroll_offset.y > 0
        assert_drawn_as_textual(table)
        table.blur()  # another cursor colour without the focus
        await pilot.pause()
        assert_drawn_as_textual(table)
        app.theme = "textual-light"
        await pilot.pause()
        assert_drawn_as_textual(table)


async def test_a_styled_table_is_drawn_by_textual(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        table = await _open(pilot)
        table.styles.padding = (0, 1)
        table.styles.tint = "red 20%"
        await pilot.pause()
        assert_drawn_as_textual(table)


async def test_the_scrollbar_draws_what_textuals_draws(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        table = await _open(pilot)
        bar = table.vertical_scrollbar
        assert isinstance(bar, QuickScrollBar)
        for _ in range(len(table.shown) + 2):
            await pilot.press("down")
            await pilot.pause()
            crop = Region(0, 0, *bar.size)
            drawn = bar.render_lines(crop)
            bar._styles_cache.clear()
            bar.refresh()
            assert cells(drawn) == cells(ScrollBar.render_lines(bar, crop))
        assert table.scroll_offset.y > 0
