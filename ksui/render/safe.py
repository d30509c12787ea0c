"""A Rich console that can only send its own escapes: every text segment is made visible.

Rich writes its colour codes (SGR) around the text it lays out, so it cannot go through
the sanitising stream of ``ksui.cli.terminal``. Instead the text of every segment passes
``ksui.core.text.visible`` in the last step before Rich styles it, whatever built the
renderable (a table cell, a title, a progress bar's label, a traceback). Renderables
built with ``ksui.render.cells.plain`` are already clean, so their layout is exact; this is
the net under everything else.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

from ksui.core.text import visible


class SafeConsole(Console):
    """A Console whose output holds no control character but the styles Rich adds itself."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        """Sanitise each segment's text, then let Rich render styles as usual."""
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text, limit=None), *segment[1:])
            for segment in buffer
        )
