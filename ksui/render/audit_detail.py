"""One change set in full, for `ksui log --detail` and the Ändringslogg's detail view.

Each field is a bullet line in the words of ``ksui.actions.audit_words``; a changed text
is shown word for word below its line, removed words struck through and inside
``[-…-]``, added ones underlined and inside ``{+…+}``, so the change reads the same with
colour, without it (NO_COLOR) and pasted into an e-mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rich.text import Text

from ksui.core.word_diff import marked, word_diff
from ksui.render.cells import plain


class ChangeWords(Protocol):
    """A field in words, as ``ksui.actions.audit_words.ChangeWords`` gives it."""

    @property
    def place(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def old_text(self) -> str | None: ...
    @property
    def new_text(self) -> str | None: ...
    @property
    def line(self) -> str: ...
    @property
    def is_text_change(self) -> bool: ...


REMOVED_STYLE = "strike red"
ADDED_STYLE = "underline bold green"


def diff_text(old: str, new: str) -> Text:
    """Two texts as one word diff, markers and styles on what went and what came."""
    styles = {"-": REMOVED_STYLE, "+": ADDED_STYLE, "=": ""}
    out = Text()
    for index, (op, words) in enumerate(word_diff(old, new)):
        if index:
            out.append(" ")
        out.append_text(plain(marked(op, words), styles[op]))
    return out


def change_text(words: ChangeWords) -> Text:
    """One field: a bullet line; a changed text with its word diff indented below."""
    if not words.is_text_change:
        return Text.assemble("• ", plain(words.line))
    what = f"{words.place}: {words.field or 'texten'} ändrad, ord för ord:"
    out = Text.assemble("• ", plain(what), "\n  ")
    out.append_text(diff_text(words.old_text or "", words.new_text or ""))
    return out


def head_text(
    number: int | None, at: str, user: str, title: str, reason: str | None, undoes: int | None
) -> Text:
    """Nr (None where a title already says it), när, vem; what it did; why; what it undoes."""
    head = Text.assemble((f"Ändring nr {number}", "bold"), " · ") if number else Text()
    head.append(f"{at} · ")
    head.append_text(plain(user))
    head.append("\n")
    head.append_text(plain(title, "bold"))
    if reason:
        head.append("\nVarför: ", style="italic")
        head.append_text(plain(reason, "italic"))
    if undoes:
        head.append(f"\n(ångrar nr {undoes})", style="dim")
    return head


def fields_text(fields: Sequence[ChangeWords], more: int = 0) -> Text:
    """Every field, one per line (a changed text over several), and how many are left out."""
    out = Text()
    for index, words in enumerate(fields):
        if index:
            out.append("\n")
        out.append_text(change_text(words))
    if more:
        out.append(f"\n… och {more} fält till", style="dim")
    return out
