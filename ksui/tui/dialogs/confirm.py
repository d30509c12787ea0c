"""Yes or no before something is removed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from ksui.render.cells import plain
from ksui.tui.dialogs.base import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask before deleting; j/Enter confirms, n/Escape declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,y", "answer(True)", "Ja", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "Nej", id="dialog.no"),
    ]

    def __init__(
        self, question: str, detail: str = "", *, yes_label: str = "Ja, ta bort (j)"
    ) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes_label

    def compose(self) -> ComposeResult:
        """The question, what it means, and two buttons."""
        with Vertical(id="dialog", classes="dialog confirm-dialog"):
            # Names in the question are the user's own: shown as typed, never as markup.
            yield Label(plain(self.question), classes="dialog-title")
            if self.detail:
                yield Static(plain(self.detail, multiline=True), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes_label, id="yes", variant="error")
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


class TypedConfirmDialog(Dialog[bool]):
    """Ask before a large removal: it runs only when the word (»ja«) is typed and Enter pressed.

    One stray key must not undo a whole import, so a single j is not enough here; Escape, or
    Enter on any other word, removes nothing.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Avbryt", id="dialog.cancel"),
    ]

    #: What must be typed (any case, spaces around it ignored).
    WORD = "ja"

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        """The question, what it removes, and an input for the word."""
        with Vertical(id="dialog", classes="dialog confirm-dialog"):
            yield Label(plain(self.question), classes="dialog-title")
            if self.detail:
                yield Static(plain(self.detail, multiline=True), classes="dialog-hint")
            yield Input(placeholder=self.WORD, id="typed-word")
            yield Static(
                f"Skriv {self.WORD} och tryck Enter för att fortsätta; Esc avbryter.",
                id="typed-hint",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Start in the input: nothing happens until the word is typed."""
        self.query_one("#typed-word", Input).focus()

    @on(Input.Submitted, "#typed-word")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip().lower() == self.WORD:
            self.dismiss(True)
            return
        # A wrong word does nothing but say so: the dialog stays for another try or Escape.
        self.query_one("#typed-hint", Static).update(
            f"Det står inte {self.WORD}; inget har ändrats. Skriv {self.WORD} eller tryck Esc."
        )
        event.input.value = ""

    def action_answer(self, yes: bool) -> None:
        """Answer by key (Escape: no)."""
        self.dismiss(yes)
