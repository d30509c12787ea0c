"""Signing off a follow-up: lock, unlock and the list of locks, each lock and unlock audited.

What a lock freezes is enforced in the store (``ksui.store.locks.lock_guard``) for every
write, imports and undo included; this module is the front ends' way to set and read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ksui.store import Store
from ksui.store import locks as stored
from ksui.store.writes import Written


@dataclass(frozen=True)
class LockInfo:
    """One signed-off follow-up: whose, which, when, by whom and the note."""

    committee_id: int
    committee: str
    year: int
    period: str
    locked_at: str
    locked_by: str
    note: str


def lock(store: Store, committee_id: int, year: int, period: str, *, note: str = "") -> Written:
    """Lock a follow-up; the change set is None when it was already locked."""
    return Written(stored.lock(store, committee_id, year, period, note))


def unlock(store: Store, committee_id: int, year: int, period: str, *, reason: str = "") -> Written:
    """Unlock a follow-up (the only way to lift a lock); None when it was not locked."""
    return Written(stored.unlock(store, committee_id, year, period, reason))


def list_locks(store: Store) -> list[LockInfo]:
    """Every lock in the file, by year and period."""
    return [
        LockInfo(
            committee_id=int(row["committee_id"]),
            committee=str(row["committee"]),
            year=int(row["year"]),
            period=str(row["period"]),
            locked_at=str(row["locked_at"]),
            locked_by=str(row["locked_by"]),
            note=str(row["note"] or ""),
        )
        for row in stored.locks(store)
    ]
