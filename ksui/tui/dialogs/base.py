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


class FollowingDialog(Dialog[ResultT]):
    """A dialog that shows part of the report (the months, the kostnadsslag) and reads it
    again whenever the report changes, so an edit or an import shows there at once."""

    def follow_report(self) -> None:
        """Start following the app's report (from on_mount)."""
        self.watch(self.app, "version", self._version_changed, init=False)

    def _version_changed(self, _version: int) -> None:
        self.report_changed()

    def report_changed(self) -> None:
        """The report on screen changed: read what the dialog shows again."""

    def on_unmount(self) -> None:
        """Let go of the app's version: a watcher would keep the closed view alive until then."""
        # Textual keeps (node, callback) pairs on the watched object and prunes them only when
        # the value next changes; without this, every view opened since the last edit stays
        # in memory, and the collector's full passes grow with them.
        watchers = getattr(self.app, "__watchers", {}).get("version")
        if isinstance(watchers, list):
            watchers[:] = [w for w in watchers if w[0] is not self]
