"""Under NO_COLOR, every colour becomes a grey that still reads against its background.

Textual's own filter (``textual.filter.Monochrome``) turns a colour into the grey of its
luminance, so red text (an overrun, a deficit, »○ Har brister«) becomes a dark grey on a
near-black background, well under 3:1 (issue 15 measured 1.6:1). Here each foreground grey
is pushed away from its background until it has at least ``CONTRAST`` to it, and a dimmed
text gets a muted grey of its own instead of the terminal's dim (which would halve it
again). Meaning never rests on colour anyway: bad news carries its sign and bold weight
(``ksui.render.cells``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.filter import LineFilter, Monochrome

CONTRAST = 7.0
"""Ordinary text: WCAG's AAA level for body text."""
MUTED_CONTRAST = 4.5
"""Muted (dim) text: still WCAG's AA level, so it is quieter but never illegible."""
GRAPHIC_CONTRAST = 3.0
"""Rules, borders and bars (box drawing, blocks): WCAG's level for what is not text, so a
frame does not outshine the figures inside it."""

_NOT_DIM = Style(dim=False)


def luminance(grey: int) -> float:
    """The relative luminance (WCAG) of a grey 0–255."""
    c = grey / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def contrast(a: int, b: int) -> float:
    """The WCAG contrast ratio of two greys."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _grey(color: RichColor | None, fallback: int) -> int:
    if color is None or color.is_default:
        return fallback
    return Color.from_rich_color(color).monochrome.r


def legible(fg: int, bg: int, wanted: float) -> int:
    """``fg`` moved away from ``bg`` until they have ``wanted`` contrast: on its own side of
    the background if there is room there, else on the other, whichever gets further."""

    def away(step: int) -> int:
        grey = fg if (fg - bg) * step >= 0 else bg
        while contrast(grey, bg) < wanted and 0 <= grey + step <= 255:
            grey += step
        return grey

    own = 1 if fg >= bg else -1
    first, other = away(own), away(-own)
    if contrast(first, bg) >= wanted:
        return first
    return max(first, other, key=lambda grey: contrast(grey, bg))


def is_graphic(text: str) -> bool:
    """Whether ``text`` is only lines and blocks (U+2500–U+259F) and spaces, not words."""
    return any(c != " " for c in text) and all(c == " " or "\u2500" <= c <= "\u259f" for c in text)


@lru_cache(4096)
def legible_style(style: Style, background: Color, graphic: bool = False) -> Style:
    """``style`` in greys, its text at least ``CONTRAST`` (dim: ``MUTED_CONTRAST``; lines
    and blocks: ``GRAPHIC_CONTRAST``) from the background it is drawn on."""
    back = _grey(style.bgcolor, background.monochrome.r)
    bgcolor = None if style.bgcolor is None else Color(back, back, back).rich_color
    plain = style.color is None or style.color.is_default
    if plain and not style.dim:
        return style + Style.from_color(None, bgcolor)
    if graphic:
        fore = legible(_grey(style.color, 255 - back), back, GRAPHIC_CONTRAST)
    elif style.dim:
        # One muted grey, quieter than the text but legible; the terminal's dim would
        # halve it again, so it is taken off.
        fore = legible(back, back, MUTED_CONTRAST)
    else:
        fore = legible(_grey(style.color, 255 - back), back, CONTRAST)
    return style + Style.from_color(Color(fore, fore, fore).rich_color, bgcolor) + _NOT_DIM


class LegibleMonochrome(LineFilter):
    """Textual's ``Monochrome`` with a floor on the contrast of every text."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """Each segment's colours as legible greys (see ``legible_style``)."""
        return [
            Segment(
                text,
                None if style is None else legible_style(style, background, is_graphic(text)),
                control,
            )
            for text, style, control in segments
        ]


def use_legible_monochrome(app: App[Any]) -> None:
    """Put ``LegibleMonochrome`` where Textual put its ``Monochrome`` (only under NO_COLOR)."""
    filters = app._filters  # Textual has no public way to choose the NO_COLOR filter.
    for index, line_filter in enumerate(filters):
        if isinstance(line_filter, Monochrome):
            filters[index] = LegibleMonochrome(enabled=line_filter.enabled)
