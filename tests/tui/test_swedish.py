"""No English in the app: Textual's own texts (palette, Select, footer) and every snapshot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Footer, Input

from ksui.tui.swedish import NO_MATCHES, SwedishSelectOverlay
from tests.swedish_words import english_words, svg_text
from tests.tui.conftest import AppFactory, settle

#: Every snapshot of the suite, wherever a test module keeps its __snapshots__ folder.
SNAPSHOTS = sorted(
    svg for svg in Path(__file__).parents[1].rglob("*.svg") if "__snapshots__" in svg.parts
)


def _plain(prompt: object) -> str:
    """An option's words (Textual wraps »Inga träffar« in an Align)."""
    inner = getattr(prompt, "renderable", prompt)
    return str(getattr(inner, "plain", inner))


@pytest.mark.parametrize("svg", SNAPSHOTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_english_in_the_snapshots(svg: Path) -> None:
    shown = svg_text(svg.read_text(encoding="utf-8"))
    assert shown.strip()
    assert english_words(shown) == [], shown


def test_snapshots_are_found() -> None:
    """The scan reaches the pictures the issue names: the screens, the top bar, the
    Ändringslogg, the search and the month view, each at both sizes and without colour."""
    folders = {svg.parent.name for svg in SNAPSHOTS}
    assert {
        "test_snapshots",
        "test_top_bar_snapshots",
        "test_audit_snapshots",
        "test_search_snapshots",
        "test_months",
    } <= folders
    names = {svg.stem for svg in SNAPSHOTS}
    for size in ("80x24", "120x40"):
        for mode in ("colour", "no_color"):
            assert f"test_locked_with_findings[{size}-{mode}]" in names
            assert f"test_log[{size}-{mode}]" in names
            assert f"test_hits[{size}-{mode}]" in names
            assert f"test_snapshot[{size}-{mode}]" in names


async def test_the_palette_says_no_matches_in_swedish(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"qxzqxz")
        commands = app.screen.query_one(CommandList)
        deadline = asyncio.get_running_loop().time() + 10
        while not any(
            NO_MATCHES in _plain(commands.get_option_at_index(i).prompt)
            for i in range(commands.option_count)
        ):
            assert asyncio.get_running_loop().time() < deadline, "no »Inga träffar«"
            await pilot.pause(0.05)
        palette = app.screen
        shown = "\n".join(
            [
                str(palette.query_one(Input).placeholder),
                *(
                    _plain(commands.get_option_at_index(i).prompt)
                    for i in range(commands.option_count)
                ),
                # What a footer would show (Textual's hidden keys are never listed).
                *(
                    b.binding.description
                    for b in palette.active_bindings.values()
                    if b.binding.show
                ),
            ]
        )
        assert "Sök:" in shown and "Stäng" in shown
        assert english_words(shown) == [], shown


async def test_an_open_select_offers_escape_in_swedish(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p")  # the period selector opens
        await pilot.pause()
        assert isinstance(app.focused, SwedishSelectOverlay)
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Stäng listan" in descriptions and "Dismiss menu" not in descriptions
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        assert footer.display
        shown = svg_text(app.export_screenshot())
        assert "Stäng listan" in shown
        assert english_words(shown) == [], shown


async def test_ctrl_c_says_how_to_quit_in_swedish(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        (note,) = list(app._notifications)
        assert note.title == "Vill du avsluta?" and "Tryck" in note.message
        assert english_words(f"{note.title} {note.message}") == []
