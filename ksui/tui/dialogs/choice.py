"""Pick one of a few things by arrow keys or by its key: what `a` adds on the Översikt."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ksui.render.cells import plain
from ksui.tui.dialogs.base import Dialog


class ChoiceDialog(Dialog[str | None]):
    """A short list of labelled choices; Enter (or a choice's letter) picks, Escape leaves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt", id="dialog.cancel"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str, str]], hint: str = "") -> None:
        """``choices``: (key, label, value); the key (one letter) picks it at once."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.hint = hint

    def compose(self) -> ComposeResult:
        """Title, the list and how to choose."""
        with Vertical(id="dialog", classes="dialog choice-dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield OptionList(
                *(Option(plain(f"{key}  {label}"), id=value) for key, label, value in self.choices),
                id="choices",
            )
            yield Static(
                plain((self.hint + "  " if self.hint else "") + "Enter väljer, Esc avbryter."),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Start on the first choice."""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        """A choice's key picks it at once."""
        for key, _label, value in self.choices:
            if event.character is not None and event.character.casefold() == key.casefold():
                event.stop()
                self.dismiss(value)
                return

    def action_cancel(self) -> None:
        """Escape: nothing chosen."""
        self.dismiss(None)
