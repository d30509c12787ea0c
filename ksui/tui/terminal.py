"""What the app needs of the terminal: keys handed on in the order typed, characters it shows.

Kept apart from ``ksui.tui.app`` so that the app composes screens and routes messages, and
this, which every Textual app of ours would want, is read in one place.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import App

from ksui.tui.charset import fit_output
from ksui.tui.typeahead import InputEvent, KeyDone, TypeAhead


class TerminalApp(App[None]):
    """An app whose keys and pastes are handled one at a time, with ASCII on a poor terminal."""

    def __init__(self) -> None:
        super().__init__()
        #: Box lines and symbols as ASCII stand-ins: the terminal's encoding lacks them.
        self.ascii_only = False
        self._typeahead = TypeAhead(self, self._hand_on)

    # -- keys: handed on one at a time, in order (see ksui.tui.typeahead) --------------------
    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes from the terminal wait until the key before them is handled."""
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            await self._typeahead.receive(event)
            return
        await super().on_event(event)

    async def _hand_on(self, event: InputEvent) -> None:
        screen = self.screen
        await super().on_event(event)  # priority bindings, else on to the focused widget
        if event.is_forwarded:
            self._typeahead.follow(self.focused or self.screen, screen)
        elif self.screen is not screen:
            self._typeahead.follow(self.screen, screen)

    @on(KeyDone)
    async def _key_done(self, message: KeyDone) -> None:
        await self._typeahead.done(message, self.screen, self.focused)

    # -- characters -----------------------------------------------------------------------------
    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run on the terminal; one whose encoding lacks box lines gets ASCII stand-ins.

        Decided before the driver writes its first frame (see ksui.tui.charset); a headless
        run writes no terminal, whatever the locale says.
        """
        if not kwargs.get("headless", False):
            self.ascii_only = fit_output()
        return super().run(*args, **kwargs)
