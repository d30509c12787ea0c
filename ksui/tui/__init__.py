"""The Textual app: `ksui` with no arguments (or `ksui tui`) opens it on the configured database."""

from __future__ import annotations

from ksui.tui.app import KsuiApp

__all__ = ["KsuiApp"]
