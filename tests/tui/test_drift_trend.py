"""The drift panel's sparkline, drawn its own quicker way, shows cell for cell what Textual's
Sparkline shows for the same figures, size and theme."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Sparkline

from ksui.tui.widgets.drift_detail import Trend


class Pair(App[None]):
    """Textual's sparkline above ksui's, the same size."""

    CSS: ClassVar[str] = "Sparkline { height: 4; width: 28; }"

    def compose(self) -> ComposeResult:
        """The two sparklines."""
        yield Sparkline([], id="textual")
        yield Trend([], id="ksui")


def cells(widget: Any) -> list[list[tuple[str, Any]]]:
    """Each line's cells with their style, however the line is cut into segments."""
    width, height = widget.size
    widget._styles_cache.clear()
    return [
        [(char, segment.style) for segment in strip for char in segment.text]
        for strip in widget.render_lines(Region(0, 0, width, height))
    ]


FIGURES = st.lists(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=0, max_size=12
)


@settings(max_examples=25, deadline=None)
@given(series=st.lists(FIGURES, min_size=1, max_size=4))
def test_the_trend_draws_what_textuals_sparkline_draws(series: list[list[float]]) -> None:
    async def run() -> None:
        app = Pair()
        async with app.run_test(size=(40, 10)) as pilot:
            textual, ksui = app.query_one("#textual", Sparkline), app.query_one("#ksui", Trend)
            for data in series:
                textual.data = data
                ksui.data = data
                await pilot.pause()
                assert cells(ksui) == cells(textual)
            app.theme = "textual-light"  # other colours: drawn anew
            await pilot.pause()
            assert cells(ksui) == cells(textual)

    asyncio.run(run())
