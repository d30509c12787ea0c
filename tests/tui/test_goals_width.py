"""KF-mål titles use the width there is: never shorter on a wider terminal (issue 15, item 7)."""

from __future__ import annotations

from ksui.tui import KsuiApp
from ksui.tui.widgets.figure_table import FigureTable
from tests.tui.conftest import AppFactory, settle


async def shown_titles(app: KsuiApp, size: tuple[int, int]) -> dict[str, str]:
    """Every goal's title as the goal list shows it at ``size`` (row key → cell text)."""
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#goal-list", FigureTable)
        assert app.data is not None
        keys = [f"goal:{g.id}" for a in app.data.areas for g in a.goals]
        return {key: str(table.get_cell(key, "title")) for key in keys}


def full_titles(app: KsuiApp) -> dict[str, str]:
    """The goals' titles as stored (read after the app has run)."""
    assert app.data is not None
    return {f"goal:{g.id}": g.title for a in app.data.areas for g in a.goals}


async def at_80_and_120(
    make_app: AppFactory,
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The titles at 80×24 and 120×40, and the stored ones."""
    narrow_app, wide_app = make_app(), make_app()
    narrow = await shown_titles(narrow_app, (80, 24))
    wide = await shown_titles(wide_app, (120, 40))
    return narrow, wide, full_titles(wide_app)


async def test_a_title_shows_more_at_120_columns_than_at_80(make_app: AppFactory) -> None:
    narrow, wide, full = await at_80_and_120(make_app)
    cut = [key for key, text in narrow.items() if text.endswith("…")]
    assert cut, "the demo has titles too long for 80 columns"
    for key in cut:
        assert len(wide[key]) > len(narrow[key]), (narrow[key], wide[key])
        # What shows is the start of the title, at either width.
        assert full[key].startswith(wide[key].removesuffix("…"))
    for key in narrow:
        assert len(wide[key]) >= len(narrow[key]), (narrow[key], wide[key])


async def test_a_title_that_fits_at_120_columns_is_shown_whole(make_app: AppFactory) -> None:
    narrow, wide, full = await at_80_and_120(make_app)
    room = max(len(text) for text in wide.values())  # a cut title fills the column
    fits = [key for key, text in narrow.items() if text.endswith("…") and len(full[key]) <= room]
    assert fits, "the demo has titles cut at 80 columns that fit at 120"
    for key in fits:
        assert wide[key] == full[key]
