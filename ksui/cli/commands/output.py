"""Writing a command's result: Rich renderables for a reader, UTF-8 data for a program.

Tables are never cut silently. Without a terminal (a pipe, a file) and without COLUMNS,
a table is as wide as it needs, so `ksui drift | grep Administration` finds the whole
name. On a terminal (or under COLUMNS) narrower than a table, a table first lets its
names give way and then hides whole columns, and one line on stderr names them.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ksui.cli.context import console

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ksui.render.tables import Fitted

#: The width of text and prose when the width is free (a pipe): what a reader expects.
PIPE_WIDTH = 80


def show(*renderables: RenderableType) -> None:
    """Print renderables at the terminal's width, or at the width their tables need."""
    from ksui.cli.terminal import width_is_free
    from ksui.render.tables import Fitted, natural_width

    out = console()
    if width_is_free():
        needed = max((natural_width(r, out) for r in renderables), default=0)
        out = console(width=max(PIPE_WIDTH, needed))
    hidden: list[str] = []
    for renderable in renderables:
        fitted = Fitted.wrap(renderable)
        out.print(fitted, markup=False)
        hidden += [name for part in _fitted_parts(fitted) for name in part.hidden]
    if hidden:
        names = ", ".join(dict.fromkeys(h for h in hidden if h))
        sys.stderr.write(
            f"ksui: fönstret är för smalt ({out.width} tecken); dolda kolumner: {names} "
            "(bredda fönstret eller skicka utdata till en fil)\n"
        )


def _fitted_parts(renderable: object) -> list[Fitted]:
    """Every Fitted table in a renderable, also inside a Group or Columns (the summary)."""
    from ksui.render.tables import Fitted

    if isinstance(renderable, Fitted):
        return [renderable]
    inner = getattr(renderable, "renderables", None)
    if isinstance(inner, list | tuple):
        return [f for part in inner for f in _fitted_parts(part)]
    return []


def text(body: str) -> None:
    """Write machine-readable text (JSON, CSV, Markdown) to stdout as exact UTF-8 bytes."""
    from ksui.cli.terminal import write_data

    write_data(body)
