"""A Rich renderable drawn once per width, however often Textual asks for it.

Textual renders a Rich renderable in a ``Static`` twice for every layout: once to count
its lines (the height) and once to paint them. For the Översikt's summary, a column of
Rich tables, that is two full renders of the same thing at the same width before the
first frame. Wrapped here, the second is the first one's segments again.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment


class RenderedOnce:
    """``renderable``, its segments kept for the options it was last rendered with.

    For renderables whose lines do not depend on the height offered (tables, text,
    columns): Textual measures with one height and paints with another, and the height is
    left out of what must match.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._key: tuple[object, ...] | None = None
        self._segments: list[Segment] = []

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The segments of the last render when the options that shape them are the same."""
        key = (
            options.min_width,
            options.max_width,
            options.justify,
            options.overflow,
            options.no_wrap,
            options.highlight,
            options.markup,
            options.encoding,
            options.ascii_only,
            console.color_system,
        )
        if key != self._key:
            self._segments = list(console.render(self.renderable, options))
            self._key = key
        yield from self._segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As wide as the renderable itself."""
        return Measurement.get(console, options, self.renderable)
