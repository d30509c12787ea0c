"""A long text — a comment or an uppföljning — written in a TextArea."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, Static, TextArea

from ksui.render.cells import plain
from ksui.tui.dialogs.base import Dialog


class LongTextDialog(Dialog[str | None]):
    """Edit a text of several sentences; ctrl+s saves, escape leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Spara", id="dialog.save"),
        Binding("escape", "cancel", "Avbryt", id="dialog.cancel"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        """Title, the text and how to leave."""
        with Vertical(id="dialog", classes="dialog text-dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            area = TextArea(self.text, soft_wrap=True, id="text", show_line_numbers=False)
            area.cursor_blink = False
            yield area
            yield Static(
                "Ctrl+S sparar, Esc avbryter. Tom text tar bort texten.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Start with the cursor at the end of the text, ready to add to it."""
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Return the text as written."""
        self.dismiss(self.query_one(TextArea).text.rstrip())

    def action_cancel(self) -> None:
        """Nothing is saved."""
        self.dismiss(None)
