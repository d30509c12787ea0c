"""Yes or no before something is removed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from ksui.tui.dialogs.base import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask before deleting; j/Enter confirms, n/Escape declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,y", "answer(True)", "Ja", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "Nej", id="dialog.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        """The question, what it means, and two buttons."""
        with Vertical(id="dialog", classes="dialog confirm-dialog"):
            yield Label(self.question, classes="dialog-title")
            if self.detail:
                yield Static(self.detail, classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Ja, ta bort (j)", id="yes", variant="error")
                yield Button("Nej (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        """Start on "Nej", so a stray Enter does not delete anything."""
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer by key."""
        self.dismiss(yes)
