"""The two lines above every screen: where you are (nämnd, år, period) and the screens.

The right end says what needs attention: findings of the checks and edits that can be
undone, so a controller sees at once that a change broke a total somewhere else. The tabs
are the screen registry's, each with the key config.toml binds it to, so a remapped key
(``"screen.drift" = "f2"``) is the one the tab shows.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ksui.tui.host import host
from ksui.tui.keys import BY_ID, pretty
from ksui.tui.registry import BY_MODE, SCREENS, ScreenEntry


class TopBar(Widget):
    """Context line and screen tabs; follows the app's ``context`` and ``status``.

    ``active`` names the mode whose tab is lit; any other value (or none) lights the tab of
    the app's current mode, which is the screen the bar is drawn on.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "top-bar--title",
        "top-bar--tab",
        "top-bar--active",
        "top-bar--status",
    }

    context: reactive[str] = reactive("", layout=False)
    status: reactive[str] = reactive("", layout=False)

    def __init__(self, active: str = "") -> None:
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
        lit = self.active if self.active in BY_MODE else self.app.current_mode
        for screen, key in self.tab_keys():
            click = Style.from_meta({"@click": f"app.{screen.action}"})
            style = active if screen.mode == lit else tab
            tabs.append(f" {key} {screen.label} ", style=style + click)
            tabs.append(" ")
        tabs.truncate(width)
        return Group(line, tabs)

    def tab_keys(self) -> list[tuple[ScreenEntry, str]]:
        """Each screen with the key it answers to now, as a controller reads it ('F2')."""
        keymap = host(self.app).config.keys
        # Of keys given as "2,f2" the tab shows the first; ? lists them all.
        return [(s, pretty(BY_ID[s.key_id].bound(keymap).split(",")[0])) for s in SCREENS]
