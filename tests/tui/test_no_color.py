"""Under NO_COLOR every text stays legible and bad news keeps its weight (issue 15, item 2).

Textual's ``Monochrome`` turned a red overrun into a dark grey on near-black (about
1.6:1); ``ksui.tui.no_color`` keeps every text at a readable contrast, and the cells
make bad news bold, so it stands out without colour too.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import Monochrome
from textual.pilot import Pilot

from ksui.render import cells
from ksui.tui import KsuiApp
from ksui.tui.no_color import (
    CONTRAST,
    GRAPHIC_CONTRAST,
    MUTED_CONTRAST,
    LegibleMonochrome,
    contrast,
    is_graphic,
    legible,
    legible_style,
)
from tests.tui.conftest import TKR, AppFactory, settle

NEAR_BLACK = Color.parse("#121212")


def _grey(style: Style, part: str) -> int:
    color = getattr(style, part)
    return color.get_truecolor().red


def test_textuals_monochrome_made_red_illegible() -> None:
    """The fault this module is for, measured: red as Textual's grey on near-black."""
    red = Color.parse("#ba3c5b").monochrome.r
    assert contrast(red, NEAR_BLACK.r) < 3


@pytest.mark.parametrize("colour", ["#ba3c5b", "red", "#e0e0e0", "#4ebf71", "#ffa62b", "blue"])
def test_every_colour_becomes_a_legible_grey(colour: str) -> None:
    style = legible_style(Style(color=colour), NEAR_BLACK)
    fore = _grey(style, "color")
    assert contrast(fore, NEAR_BLACK.r) >= CONTRAST


def test_a_light_text_keeps_its_grey() -> None:
    """What was legible is not changed: white stays (near) white."""
    assert _grey(legible_style(Style(color="#e0e0e0"), NEAR_BLACK), "color") == 0xE0


def test_dim_text_gets_a_muted_grey_not_the_terminals_dim() -> None:
    style = legible_style(Style(color="#e0e0e0", dim=True), NEAR_BLACK)
    fore = _grey(style, "color")
    assert not style.dim
    assert MUTED_CONTRAST <= contrast(fore, NEAR_BLACK.r) < CONTRAST


def test_on_a_light_background_the_text_goes_dark() -> None:
    light = Color.parse("#f0f0f0")
    style = legible_style(Style(color="#ffd000"), light)
    assert contrast(_grey(style, "color"), light.r) >= CONTRAST
    assert _grey(style, "color") < 0x80


def test_legible_takes_the_other_side_when_its_own_has_no_room() -> None:
    # White on mid grey cannot reach 7:1 towards white; black gets further.
    grey = legible(255, 0x80, CONTRAST)
    assert grey < 0x80


def test_lines_and_blocks_are_quieter_than_text() -> None:
    assert is_graphic("──── ") and is_graphic("███") and not is_graphic("-1 359")
    rule = legible_style(Style(color="#2a2a2a"), NEAR_BLACK, graphic=True)
    assert GRAPHIC_CONTRAST <= contrast(_grey(rule, "color"), NEAR_BLACK.r) < MUTED_CONTRAST


def test_bold_and_reverse_are_kept() -> None:
    style = legible_style(Style(color="red", bold=True, reverse=True), NEAR_BLACK)
    assert style.bold and style.reverse


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        (cells.deviation(-997 * TKR), True),
        (cells.deviation(1_970 * TKR), False),
        (cells.overrun(1_076 * TKR), True),
        (cells.overrun(-2_600 * TKR), False),
        (cells.badge(cells.Assessment.BRISTER), True),
    ],
    ids=["deficit", "surplus", "overrun", "under-spent", "har-brister"],
)
def test_bad_news_is_bold_in_colour_and_without(text: Any, bad: bool) -> None:
    style = Style.parse(str(text.style))
    assert bool(style.bold) is bad
    assert text.plain[:1] in "+-−○"  # and it carries its shape: the sign or the symbol


def _screen_segments(app: KsuiApp) -> list[Segment]:
    # The whole screen as the terminal gets it: every widget's lines after the filters.
    update = app.screen._compositor.render_full_update()
    return [segment for strips in update.strips for strip in strips for segment in strip]


def _check_legible(app: KsuiApp) -> list[str]:
    bad = []
    for text, style, _ in _screen_segments(app):
        if not text.strip() or style is None or style.color is None or style.bgcolor is None:
            continue
        if style.color.is_default or style.bgcolor.is_default:
            continue
        fore, back = _grey(style, "color"), _grey(style, "bgcolor")
        if contrast(fore, back) < (GRAPHIC_CONTRAST if is_graphic(text) else MUTED_CONTRAST):
            bad.append(f"{text!r} {fore:02x} on {back:02x}")
    return bad


@pytest.mark.parametrize("screen", ["1", "2", "3", "4", "5"])
async def test_every_text_on_every_screen_is_legible(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, screen: str
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert any(isinstance(f, LegibleMonochrome) for f in app.get_line_filters())
    assert not any(type(f) is Monochrome for f in app.get_line_filters())
    async with app.run_test(size=(120, 40)) as pilot:
        await _show(pilot, screen)
        assert _check_legible(app) == []


async def _show(pilot: Pilot[Any], key: str) -> None:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


async def test_deficits_on_drift_are_bold_and_legible_without_colour(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _show(pilot, "2")
        shown = {text.strip(): style for text, style, _ in _screen_segments(app) if style}
        for figure in ("-1 359", "-519", "-601"):  # Kommunikation, Destination, Nämndens
            style = shown[figure]
            assert style.bold, figure
            assert contrast(_grey(style, "color"), _grey(style, "bgcolor")) >= CONTRAST
        surplus = shown["+2 617"]  # Ekonomi: good news, plain weight
        assert not surplus.bold
        # The checks' findings on the top bar: their shape (✖) and bold.
        status = next(style for text, style in shown.items() if text.startswith("✖"))
        assert status.bold
        assert contrast(_grey(status, "color"), _grey(status, "bgcolor")) >= CONTRAST


def test_without_no_color_textual_keeps_its_colours(make_app: AppFactory) -> None:
    app = make_app()
    assert not any(isinstance(f, (LegibleMonochrome, Monochrome)) for f in app.get_line_filters())
