"""One value typed on one line: an amount, a rate, a name; refused on the spot when wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from ksui.render.cells import plain
from ksui.tui.dialogs.base import Dialog

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    """What was entered; wrapping it keeps 'cancelled' (None) apart from 'cleared'."""

    value: T


class ValueDialog(Dialog[Entry[T] | None], Generic[T]):
    """Ask for one value; ``parse`` turns the text into it or raises ValueError with a reason."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt", id="dialog.cancel")
    ]

    @dataclass
    class Refused(Message):
        """The text was not accepted; the dialog stays open with the reason shown."""

        dialog: ValueDialog[Any]
        text: str
        reason: str

    def __init__(self, title: str, initial: str, parse: Callable[[str], T], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial
        self.parse = parse
        self.hint = hint

    def compose(self) -> ComposeResult:
        """Title, the input, a hint and the place for a refusal."""
        with Vertical(id="dialog", classes="dialog value-dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            field = Input(value=self.initial, select_on_focus=True, id="value")
            field.cursor_blink = False  # no repaint twice a second over SSH
            yield field
            yield Static("", id="error", classes="dialog-error")
            yield Static(plain(self.hint + "  Enter sparar, Esc avbryter."), classes="dialog-hint")

    @on(Input.Submitted, "#value")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value != self.query_one("#value", Input).value:
            # Keys typed faster than messages are handled (a paste, a quick typist): an
            # Enter for text that has since changed is stale; the later Enter counts.
            return
        try:
            value = self.parse(event.value)
        except ValueError as exc:
            reason = str(exc)
            self.query_one("#error", Static).update(plain(f"✖ {reason}"))
            self.query_one("#value", Input).select_all()  # type again to replace it
            self.post_message(self.Refused(self, event.value, reason))
            return
        self.dismiss(Entry(value))

    def action_cancel(self) -> None:
        """Escape: nothing is saved."""
        self.dismiss(None)
