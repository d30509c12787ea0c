"""The two lines above every screen: where you are (nämnd, år, period) and the screens.

The right end says what needs attention: findings of the checks, a signed-off follow-up
(🔒 Låst) and edits that can be undone, so a controller sees at once that a change broke a
total somewhere else; as the terminal narrows, the context gives way before them (``fit``). The tabs
are the screen registry's, each with the key config.toml binds it to, so a remapped key
(``"screen.drift" = "f2"``) is the one the tab shows.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ksui.tui.host import host
from ksui.tui.keys import BY_ID, pretty
from ksui.tui.registry import BY_MODE, SCREENS, ScreenEntry
from ksui.tui.state import LOCKED, LOCKED_ASCII

SEP = " · "


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
    #: The screen's own context instead of the app's, where it shows something else than
    #: the app's report (the Kommunen screen: the kommun, not the nämnd); empty: the app's.
    own_context: reactive[str] = reactive("", layout=False)

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
        # The status (checks, lock, undo) is the nämnd's: beside a screen's own context (the
        # kommun) it would pass for that context's, so it is left out there.
        status_text = "" if self.own_context else self.status
        if getattr(self.app, "ascii_only", False):
            status_text = status_text.replace(LOCKED, LOCKED_ASCII)
        # " ksui " and a space before the context; a space after the status.
        context, status = fit(self.own_context or self.context, status_text, width - 8)
        line = Text()
        line.append(" ksui ", style=title)
        line.append(" " + context)
        shown = Text()
        shown.append(status + " ", style=self.get_component_rich_style("top-bar--status"))
        gap = width - line.cell_len - shown.cell_len
        if status and gap > 0:
            line.append(" " * gap)
            line.append_text(shown)
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


def fit(context: str, status: str, room: int) -> tuple[str, str]:
    """The context and status lines, shortened to ``room`` cells together (a gap between).

    What gives way first, as the terminal narrows: the unit and then the period of the
    context, then the undo count, the checks' lesser findings (warnings beside errors),
    the lock mark, and last the nämnd's name, cut short; the first finding of the checks
    (»✖ 9 fel«) stays, as it is what the controller must act on.
    """
    places = context.rsplit(SEP, 3)  # a name holding » · « stays whole
    parts = status.split(SEP) if status else []

    def width() -> int:
        return cell_len(SEP.join(places)) + 1 + cell_len(SEP.join(parts))

    while width() > room and len(places) > 2:
        places.pop()  # the unit, then the period
    for drops in (_is_undo, _is_lesser, _is_lock):
        while width() > room and any(drops(i, p) for i, p in enumerate(parts)):
            parts.pop(next(i for i, p in enumerate(parts) if drops(i, p)))
    shown = SEP.join(places)
    left = room - 1 - cell_len(SEP.join(parts))
    if cell_len(shown) > left:
        shown = set_cell_size(shown, max(left - 1, 0)) + "…" if left > 1 else ""
    return shown, SEP.join(parts)


def _is_undo(_index: int, part: str) -> bool:
    return part.startswith("↶")


def _is_lesser(index: int, part: str) -> bool:
    """A finding of the checks after the first (the warnings beside the errors)."""
    return index > 0 and part[:1] in ("!", "✓", "✖")


def _is_lock(_index: int, part: str) -> bool:
    return part in (LOCKED, LOCKED_ASCII)
