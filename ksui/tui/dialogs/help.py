"""The keys of the screen in front of you, after any remapping in config.toml."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from ksui.tui.dialogs.base import Dialog
from ksui.tui.keys import GROUP_TITLES, KEYS, pretty


def keys_table(
    groups: tuple[str, ...], keymap: dict[str, str], without: tuple[str, ...] = ()
) -> Table:
    """Key and meaning per group, in the order the screen offers them."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for group in groups:
        table.add_row(Text(GROUP_TITLES[group], style="underline"), "")
        for key in KEYS:
            if key.group == group and key.id not in without:
                table.add_row(pretty(key.bound(keymap)), key.description)
    table.add_row("", "")
    table.add_row("Pilar, PgUp/PgDn", "flytta markören")
    table.add_row("Tab", "nästa tabell eller fält")
    table.add_row("Esc", "stäng en dialog, töm filtret")
    return table


class HelpDialog(Dialog[None]):
    """A list of keys; any of escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Stäng", id="dialog.close")
    ]

    def __init__(
        self,
        title: str,
        groups: tuple[str, ...],
        keymap: dict[str, str],
        without: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.groups = groups
        self.keymap = keymap
        self.without = without

    def compose(self) -> ComposeResult:
        """Title and the keys."""
        with VerticalScroll(id="dialog", classes="dialog help-dialog"):
            yield Label(f"Tangenter — {self.title_text}", classes="dialog-title")
            yield Static(keys_table(self.groups, self.keymap, self.without), id="keys")

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)
