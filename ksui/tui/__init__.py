"""The Textual app: `ksui` with no arguments (or `ksui tui`) opens it on the configured database.

``KsuiApp`` is imported on first use, so that ``ksui.tui.gateway`` (the database side) can
be loaded and start reading before Textual itself is imported (see ``ksui.cli.launch``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ksui.tui.app import KsuiApp

__all__ = ["KsuiApp"]


def __getattr__(name: str) -> Any:
    """``ksui.tui.KsuiApp``, imported when it is first asked for."""
    if name == "KsuiApp":
        from ksui.tui.app import KsuiApp

        return KsuiApp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
