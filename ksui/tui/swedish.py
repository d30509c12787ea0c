"""Textual's own words, in Swedish: the command palette and the Select's list.

Textual writes a few things itself that a controller meets: the footer's »esc Dismiss
menu« while a Select is open, the palette's »No matches found« and its keys' names, a
Select's »Select« prompt. These subclasses say them in Swedish; the screens use them in
place of Textual's classes.
"""

from __future__ import annotations

from typing import ClassVar, Final, Generic

from rich.align import Align
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay, SelectType
from textual.widgets.option_list import Option

#: What the palette says when nothing matches what was typed.
NO_MATCHES: Final = "Inga träffar"
#: A Select's prompt before anything is chosen.
PROMPT: Final = "Välj …"


class SwedishSelectOverlay(SelectOverlay):
    """The open list of a Select, whose Escape reads »Stäng listan« in the footer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Stäng listan", id="select.dismiss")
    ]


class SwedishSelect(Select[SelectType], Generic[SelectType]):
    """A Select with a Swedish prompt and a Swedish key in its open list."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("prompt", PROMPT)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def compose(self) -> ComposeResult:
        """The current value and the (Swedish) list, as Textual's Select composes them."""
        yield SelectCurrent(self.prompt)
        yield SwedishSelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact
        )


class SwedishCommandPalette(CommandPalette):
    """The command palette with its keys and its »no matches« in Swedish."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+end, shift+end", "command_list('last')", "Sist", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "Först", show=False),
        Binding("down", "cursor_down", "Nästa", show=False),
        Binding("escape", "escape", "Stäng"),
        Binding("pagedown", "command_list('page_down')", "Sida ned", show=False),
        Binding("pageup", "command_list('page_up')", "Sida upp", show=False),
        Binding("up", "command_list('cursor_up')", "Föregående", show=False),
    ]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, but the line says »Inga träffar«."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def help_quit(app: App[object]) -> None:
    """Ctrl+C: tell, in Swedish, which key quits (Textual says it in English)."""
    for key, active in app.active_bindings.items():
        if active.binding.action in ("quit", "app.quit"):
            app.notify(f"Tryck [b]{key}[/b] för att avsluta ksui.", title="Vill du avsluta?")
            return
