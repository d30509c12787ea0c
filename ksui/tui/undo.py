"""Ctrl+Z and Ctrl+Y in the app: the two stacks of change sets and the words around them.

The stacks hold what this session saved, so Ctrl+Z takes back the controller's own last
change; the store decides whether an undo is allowed (``ksui.store.undo``) and the app only
asks first when the store says it would remove much.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ksui.core.swedish import group
from ksui.render.cells import clean
from ksui.tui.state import Done

if TYPE_CHECKING:
    from ksui.actions import RevertImpact
    from ksui.tui.dialogs.base import Dialog

#: The verb of each kind of revert, as the notifications and questions use it.
VERBS = {"undo": "Ångra", "redo": "Gör om"}


@dataclass(eq=False, repr=False)
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


def _count(number: int, one: str, many: str) -> str:
    return f"{group(number)} {one if number == 1 else many}"


def removals(impact: RevertImpact) -> str:
    """What an undo takes away, in words with Swedish digit groups (»12 enheter och 4 365
    siffror«); the counting is the store's (``RevertImpact``), the same the CLI reports."""
    parts = []
    if impact.units_removed:
        units = _count(impact.units_removed, "enhet", "enheter")
        if impact.committees_removed:
            units += f" (varav {_count(impact.committees_removed, 'nämnd', 'nämnder')})"
        parts.append(units)
    if impact.figures_removed:
        parts.append(_count(impact.figures_removed, "siffra", "siffror"))
    return " och ".join(parts) or "mycket på en gång"


def question(kind: str, changeset_id: int, label: str, impact: RevertImpact) -> tuple[str, str]:
    """The title and text of the question before a large undo or redo."""
    back = "Ctrl+Y gör om." if kind == "undo" else "Ctrl+Z ångrar."
    title = f"{VERBS[kind]} nr {changeset_id} tar bort {removals(impact)}"
    detail = f"{clean(label)}. Det sparas som en ny ändring i loggen; {back}"
    return title, detail


def confirmation(kind: str, changeset_id: int, label: str, impact: RevertImpact) -> Dialog[bool]:
    """The question before an undo or redo the store says needs confirming.

    Whether it is large is ``RevertImpact.needs_confirmation`` (units, a nämnd or more than
    100 figures), the very rule behind ``ksui undo --yes``: a large one needs »ja« typed, a
    small one (should one ever be asked about) keeps the one-key question.
    """
    from ksui.tui.dialogs.confirm import ConfirmDialog, TypedConfirmDialog

    title, detail = question(kind, changeset_id, label, impact)
    if impact.needs_confirmation:
        return TypedConfirmDialog(title, detail)
    verb = VERBS[kind]
    return ConfirmDialog(f"{title}?", detail, yes_label=f"Ja, {verb.lower()} (j)")
