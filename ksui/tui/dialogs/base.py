"""The dialogs' common base: a modal screen that closes exactly once."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A ModalScreen whose ``dismiss`` is idempotent.

    Keys arrive faster than messages are handled (a paste, a quick typist, a held key), so a
    second Enter or Escape can ask an already closing dialog to close again; Textual would
    then pop the screen underneath it. Here the second request does nothing.
    """

    #: The dialogs' styles, parsed when the first dialog opens (not at the app's start).
    CSS_PATH = Path(__file__).with_name("dialogs.tcss")
    _ksui_dismissed = False

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """Close with a result, once; later calls are ignored."""
        if self._ksui_dismissed or self.app.screen is not self:
            return AwaitComplete()
        self._ksui_dismissed = True
        return super().dismiss(result)
