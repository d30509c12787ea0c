"""The one list of the app's screens: modes, tabs, keys, palette entries and help come from it.

Adding a screen is one module under ``ksui/tui/screens`` and one entry here. The module is
named by a string and imported the first time the screen is shown, so the shell paints
before any screen's code is read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ksui.core.records import record

if TYPE_CHECKING:
    from textual.screen import Screen


@record
class ScreenEntry:
    """One screen: its mode, its Swedish name, its key and the keys it offers in ``?``.

    ``key_id`` is the id config.toml's ``[keys]`` names (``screen.mal``); it is the user's
    contract and stays as documented in the README even where the mode id is English.
    """

    mode: str
    label: str
    key: str
    key_id: str
    screen: str
    groups: tuple[str, ...] = ("app", "table")
    without: tuple[str, ...] = ()

    @property
    def action(self) -> str:
        """The action that shows the screen, for its key, its tab and its palette entry."""
        return f"show_screen('{self.mode}')"

    def make(self) -> Screen[Any]:
        """Build the screen, importing its module now (Textual calls this on first show)."""
        module, name = self.screen.split(":")
        cls: type[Screen[Any]] = getattr(importlib.import_module(module), name)
        return cls()


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry(
        "overview",
        "Översikt",
        "1",
        "screen.oversikt",
        "ksui.tui.screens.overview:OverviewScreen",
        groups=("app", "overview"),
    ),
    ScreenEntry(
        "drift",
        "Drift",
        "2",
        "screen.drift",
        "ksui.tui.screens.drift:DriftScreen",
        groups=("app", "table", "drift", "tree"),
    ),
    ScreenEntry(
        "investments",
        "Investeringar",
        "3",
        "screen.investeringar",
        "ksui.tui.screens.investments:InvestmentsScreen",
    ),
    ScreenEntry("goals", "KF-mål", "4", "screen.mal", "ksui.tui.screens.goals:GoalsScreen"),
    ScreenEntry(
        "personnel",
        "Personal",
        "5",
        "screen.personal",
        "ksui.tui.screens.personnel:PersonnelScreen",
        without=("comment", "delete"),
    ),
    ScreenEntry(
        "kommun",
        "Kommunen",
        "6",
        "screen.kommun",
        "ksui.tui.screens.kommun:KommunScreen",
        groups=("app", "kommun"),
    ),
)

BY_MODE: dict[str, ScreenEntry] = {entry.mode: entry for entry in SCREENS}

#: The screen the app opens on.
FIRST = SCREENS[0].mode


def modes() -> dict[str, str | Callable[[], Screen[Any]]]:
    """Textual's ``MODES``: every screen by its mode id, built when first shown."""
    return {entry.mode: entry.make for entry in SCREENS}
