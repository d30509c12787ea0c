"""Ctrl+Z and Ctrl+Y in the app: the two stacks of change sets and the words around them.

The stacks hold what this session saved, so Ctrl+Z takes back the controller's own last
change; the store decides whether an undo is allowed (``ksui.store.undo``) and the app only
asks first when the store says it would remove much.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ksui.render.cells import clean
from ksui.tui.state import Done

if TYPE_CHECKING:
    from ksui.actions import RevertImpact

#: The verb of each kind of revert, as the notifications and questions use it.
VERBS = {"undo": "Ångra", "redo": "Gör om"}


@dataclass
class History:
    """The change sets Ctrl+Z (``undo``) and Ctrl+Y (``redo``) take back, newest last."""

    undo: list[Done] = field(default_factory=list)
    redo: list[Done] = field(default_factory=list)

    def saved(self, changeset_id: int, description: str) -> None:
        """A new change set: Ctrl+Z takes it back, and nothing undone before can be redone."""
        self.undo.append(Done(changeset_id, description))
        self.redo.clear()

    def stack(self, kind: str) -> list[Done]:
        """The stack an undo (or a redo) takes its change set from."""
        return self.undo if kind == "undo" else self.redo

    def reverted(self, kind: str, changeset_id: int, description: str) -> None:
        """An undo was written: Ctrl+Y redoes it (and a redo goes back onto Ctrl+Z)."""
        target = self.redo if kind == "undo" else self.undo
        target.append(Done(changeset_id, description))

    def declined(self, kind: str, changeset_id: int, description: str) -> None:
        """The controller said no to a large undo or redo: it stays there to take later."""
        self.stack(kind).append(Done(changeset_id, description))

    def forget(self, changeset_id: int) -> None:
        """A change set undone from the log is no longer Ctrl+Z's to undo."""
        self.undo[:] = [d for d in self.undo if d.changeset_id != changeset_id]


def removals(impact: RevertImpact) -> str:
    """What an undo takes away, in a sentence, worded by the store (as ``ksui undo`` says it)."""
    what = impact.removals
    return "Det tar bort mycket på en gång." if what == "inget" else f"Det tar bort {what}."


def question(kind: str, changeset_id: int, label: str, impact: RevertImpact) -> tuple[str, str]:
    """The title and text of the question before a large undo or redo."""
    back = "Ctrl+Y gör om." if kind == "undo" else "Ctrl+Z ångrar."
    detail = f"{clean(label)}. {removals(impact)} Det sparas som en ny ändring i loggen; {back}"
    return f"{VERBS[kind]} ändring nr {changeset_id}?", detail
