"""Signing off the follow-up on screen from the command palette, and knowing it is locked.

Locking and unlocking go through ``ksui.actions.locks`` — the use case ``ksui lock`` and
``ksui unlock`` call, audited the same way — on the app's write path, as any edit does.
Like the CLI's, a lock is not taken back by undo (the store refuses it: only an unlock with
a reason lifts it), so these edits stay off the undo stack. Which follow-ups are locked is
read on a worker whenever a report is shown, so the top bar can say so (🔒 Låst).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ksui.tui.edits import Reloading
from ksui.tui.host import host
from ksui.tui.lock_state import LockKey, is_locked, key_of, refresh

__all__ = ["LockEdit", "LockKey", "UnlockEdit", "commands", "is_locked", "key_of", "refresh"]

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from textual.app import App

    from ksui.actions import Written
    from ksui.core.report import ReportData
    from ksui.store import Store


@dataclass(frozen=True)
class LockEdit(Reloading):
    """Lock (sign off) a follow-up, with a note such as who attested it."""

    #: Lock and unlock are not undone (the store refuses it), as with ``ksui lock``.
    undoable: ClassVar[bool] = False

    committee_id: int
    year: int
    period: str
    note: str = ""
    label: str = ""

    def describe(self) -> str:
        """E.g. 'Låste bokslut 2017'."""
        return f"Låste {self.label}".strip()

    def write(self, store: Store) -> Written:
        """Lock through the CLI's use case; no change set when it was already locked."""
        from ksui.actions import locks

        return locks.lock(store, self.committee_id, self.year, self.period, note=self.note)


@dataclass(frozen=True)
class UnlockEdit(Reloading):
    """Unlock a signed-off follow-up, with the reason (it is logged)."""

    undoable: ClassVar[bool] = False

    committee_id: int
    year: int
    period: str
    reason: str = ""
    label: str = ""

    def describe(self) -> str:
        """E.g. 'Låste upp bokslut 2017'."""
        return f"Låste upp {self.label}".strip()

    def write(self, store: Store) -> Written:
        """Unlock through the CLI's use case; no change set when it was not locked."""
        from ksui.actions import locks

        return locks.unlock(store, self.committee_id, self.year, self.period, reason=self.reason)


def _label(data: ReportData) -> str:
    from ksui.core.periods import BY_CODE

    return f"{BY_CODE[data.period].label.lower()} {data.year}"


def commands(app: App[Any]) -> Iterator[tuple[str, str, Callable[[], object]]]:
    """The palette's lock or unlock of the follow-up on screen (the one that applies)."""
    data = host(app).data
    if data is None:
        return
    label = _label(data)
    if is_locked(app):
        yield (
            "Lås upp …",
            f"Lås upp {label} så att siffrorna kan ändras igen (loggas, med skäl)",
            lambda: ask_unlock(app),
        )
    else:
        yield (
            "Lås uppföljningen …",
            f"Attestera {label}: ändringar av dess siffror vägras tills den låses upp",
            lambda: ask_lock(app),
        )


def _ask(app: App[Any], title: str, hint: str, then: Callable[[str], None]) -> None:
    from ksui.tui.dialogs import ValueDialog

    def done(entry: object) -> None:
        if entry is not None:
            then(str(getattr(entry, "value")))  # noqa: B009

    app.push_screen(ValueDialog(title, "", str.strip, hint), callback=done)


def ask_lock(app: App[Any]) -> None:
    """Ask for the note, then lock the follow-up on screen."""
    data = host(app).data
    if data is None:
        return
    label, key = _label(data), key_of(data)
    name = data.committee.name

    def lock(note: str) -> None:
        host(app).submit(LockEdit(*key, note=note, label=label))

    hint = f"{name}, {label}. Anteckning, t.ex. vem som attesterat (loggas)."
    _ask(app, f"Lås {label}", hint, lock)


def ask_unlock(app: App[Any]) -> None:
    """Ask for the reason, then unlock the follow-up on screen."""
    data = host(app).data
    if data is None:
        return
    label, key = _label(data), key_of(data)
    name = data.committee.name

    def unlock(reason: str) -> None:
        host(app).submit(UnlockEdit(*key, reason=reason, label=label))

    hint = f"{name}, {label}. Varför den låses upp (loggas)."
    _ask(app, f"Lås upp {label}", hint, unlock)
