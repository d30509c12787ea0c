"""The two lines above every screen: where you are (nämnd, år, period) and the five screens.

The right end says what needs attention: findings of the checks and edits that can be
undone, so a controller sees at once that a change broke a total somewhere else.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

SCREENS: tuple[tuple[str, str], ...] = (
    ("oversikt", "Översikt"),
    ("drift", "Drift"),
    ("investeringar", "Investeringar"),
    ("mal", "KF-mål"),
    ("personal", "Personal"),
)


class TopBar(Widget):
    """Context line and screen tabs; follows the app's ``context`` and ``status``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "top-bar--title",
        "top-bar--tab",
        "top-bar--active",
        "top-bar--status",
    }

    context: reactive[str] = reactive("", layout=False)
    status: reactive[str] = reactive("", layout=False)

    def __init__(self, active: str) -> None:
        super().__init__()
        self.active = active

    def on_mount(self) -> None:
        """Follow the app's context and status lines."""
        self.watch(self.app, "context", self._set_context)
        self.watch(self.app, "status", self._set_status)

    def _set_context(self, value: str) -> None:
        self.context = value

    def _set_status(self, value: str) -> None:
        self.status = value

    def render(self) -> RenderableType:
        """Line one: ksui and the selection, status on the right; line two: the tabs."""
        width = self.size.width
        title = self.get_component_rich_style("top-bar--title")
        line = Text()
        line.append(" ksui ", style=title)
        line.append(" " + self.context)
        status = Text()
        status.append(self.status + " ", style=self.get_component_rich_style("top-bar--status"))
        gap = width - line.cell_len - status.cell_len
        if gap > 0:
            line.append(" " * gap)
            line.append_text(status)
        line.truncate(width)
        tabs = Text()
        tab = self.get_component_rich_style("top-bar--tab")
        active = self.get_component_rich_style("top-bar--active")
        for number, (name, label) in enumerate(SCREENS, start=1):
            click = Style.from_meta({"@click": f"app.show_screen('{name}')"})
            style = active if name == self.active else tab
            tabs.append(f" {number} {label} ", style=style + click)
            tabs.append(" ")
        tabs.truncate(width)
        return Group(line, tabs)
