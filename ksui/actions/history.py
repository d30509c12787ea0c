"""Undo, redo and the audit trail: what the CLI's `ksui undo`/`ksui log` and the TUI's
Ctrl+Z/Ctrl+Y and Ändringslogg all read and write.

The rules of undo (nothing later may depend on it, nothing undone twice, locks only by
unlocking, big removals only when confirmed) live in ``ksui.store.undo``; a redo is the
undo of an undo. The audit query is one function with every filter, returning plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ksui.actions import audit_words
from ksui.actions.audit_words import ChangeWords
from ksui.actions.errors import ActionError
from ksui.store import Change, Store
from ksui.store import audit as trail
from ksui.store import undo as reverting
from ksui.store.undo import RevertImpact
from ksui.store.writes import Written


@dataclass(frozen=True)
class ChangeSet:
    """One audited change set and (some of) its changed fields, old → new."""

    id: int
    at: str
    user: str
    description: str
    reason: str | None
    #: The change set this one undoes (an undo, or a redo when that was an undo itself).
    undoes: int | None
    #: Its changed fields in the order written (only the first ``fields`` when asked so).
    changes: tuple[Change, ...]
    #: How many fields it changed in all (its bare rows when it changed no field); more than
    #: ``len(changes)`` when the query cut them.
    field_count: int
    #: ``changes`` in Swedish words, rows by their names (``ksui.actions.audit_words``).
    words: tuple[ChangeWords, ...] = ()
    #: What it did in words: the description, or when that names tables and ids (as older
    #: writes did), its first change's words instead.
    title: str = ""


def latest_changeset(store: Store) -> int | None:
    """The newest change set in the file (what a plain undo takes back); None when none."""
    return trail.latest_changeset(store)


def changeset(store: Store, changeset_id: int) -> ChangeSet | None:
    """One change set with every field it changed; None when there is no such number."""
    row = trail.changeset(store, changeset_id)
    if row is None:
        return None
    changes = tuple(store.changes(changeset_id))
    found = _changeset(row, changes, sum(1 for c in changes if c.field != "*") or len(changes))
    return _in_words(store, [found])[0]


def impact(store: Store, changeset_id: int) -> RevertImpact:
    """What undoing a change set would do: ``.refused`` says why not, ``.needs_confirmation``
    whether to ask first (a unit, a committee or over 100 figures removed)."""
    return reverting.revert_impact(store, changeset_id)


def undo(
    store: Store,
    changeset_id: int,
    *,
    description: str | None = None,
    confirmed: bool = False,
) -> Written:
    """Write the inverse of a change set as a new one; undoing an undo is a redo.

    Raises UndoRefused (later work builds on it, already undone, a lock) or
    ConfirmationNeeded (a big removal without ``confirmed``). The description defaults to
    »Ångrade nr N: …«; the change set is None when there was nothing left to take back.
    """
    if description is None:
        found = trail.changeset(store, changeset_id)
        if found is None:
            raise ActionError(f"ändring nr {changeset_id} finns inte (se ksui log)")
        description = f"Ångrade nr {changeset_id}: {found['description']}"
    return Written(reverting.revert(store, changeset_id, description, confirmed=confirmed))


def audit_log(
    store: Store,
    *,
    user: str | None = None,
    unit_id: int | None = None,
    year: int | None = None,
    period: str | None = None,
    limit: int = 50,
    offset: int = 0,
    fields: int | None = None,
) -> list[ChangeSet]:
    """Change sets newest first, filtered by person, unit, year and period code, a page at a time.

    A change set matches a unit when any of its rows is that unit, a figure of it or a
    comment on it. ``fields`` reads at most that many fields per change set (an import can
    hold a hundred thousand); None reads them all.
    """
    rows = store.changesets(
        limit, user=user, unit_id=unit_id, year=year, period=period, offset=offset
    )
    found: list[ChangeSet] = []
    for row in rows:
        if fields is None:
            everything = store.changes(int(row["id"]))
            counted = sum(1 for c in everything if c.field != "*") or len(everything)
            found.append(_changeset(row, tuple(everything), counted))
        else:
            head, total = trail.head(store, row, fields)
            found.append(_changeset(row, tuple(head), total))
    return _in_words(store, found)


def audit_users(store: Store) -> list[str]:
    """Everyone who has changed the file, for a person filter."""
    return trail.users(store)


def _in_words(store: Store, sets: list[ChangeSet]) -> list[ChangeSet]:
    """The change sets with their changes in words; the rows of all of them named at once."""
    names = audit_words.names_for(store, [c for cs in sets for c in cs.changes])
    out = []
    for cs in sets:
        words = tuple(audit_words.describe(cs.changes, names))
        out.append(replace(cs, words=words, title=audit_words.title(cs.description, words)))
    return out


def _changeset(row: dict[str, object], changes: tuple[Change, ...], total: int) -> ChangeSet:
    reason = row.get("reason")
    undoes = row.get("undoes")
    return ChangeSet(
        id=int(str(row["id"])),
        at=str(row["at"]),
        user=str(row["user"]),
        description=str(row["description"]),
        reason=reason if isinstance(reason, str) else None,
        undoes=undoes if isinstance(undoes, int) else None,
        changes=changes,
        field_count=total,
    )
