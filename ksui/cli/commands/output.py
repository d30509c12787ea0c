"""Writing a command's result: Rich renderables for the terminal, plain text for the rest."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ksui.cli.context import console

if TYPE_CHECKING:
    from rich.console import RenderableType


def show(*renderables: RenderableType) -> None:
    """Print renderables on a console that follows the terminal's width and NO_COLOR."""
    out = console()
    for renderable in renderables:
        out.print(renderable, markup=False)


def text(body: str) -> None:
    """Write machine-readable text (JSON, CSV, Markdown) unchanged to stdout."""
    sys.stdout.write(body if body.endswith("\n") else body + "\n")
    sys.stdout.flush()
