"""The use cases under both front ends: every edit, import, undo/redo, lock and audit query.

The CLI and the TUI parse what the user typed, call one function here, and show what it
returns; each rule (a figure that is the sum of the units below, a stale value, a locked
follow-up, what may be undone) is enforced once, here or in the store below. Nothing here
imports Textual, Rich or typer, and no SQL is written here (it lives in ``ksui.store``).

Every write returns ``Written``: the audited change set's id (None when nothing changed)
and, for an addition, the new row's id. Every refusal is a ``StoreError`` (see
``ksui.actions.errors``) carrying one Swedish line.

- ``edits``: set_figure, set_comment, set_assessment, set_geh, set_investment, set_field,
  set_indicator_value, set_sick_rate; ``parent_sum_refusal`` to refuse before asking.
- ``structure``: add_/delete_ unit, project, goal, indicator; add_row/delete_row by kind.
- ``imports``: run_import(store, ImportRequest, config, progress) -> ImportOutcome; template.
- ``history``: latest_changeset, changeset, impact, undo (a redo is an undo of an undo),
  audit_log (filters user/unit/year/period, limit/offset, fields) -> list[ChangeSet],
  audit_users.
- ``locks``: lock, unlock, list_locks.
- ``lookup``: units, projects, areas, goals by exact code or name, else a unique start.
"""

from ksui.actions import edits, history, imports, locks, lookup, structure
from ksui.actions.edits import UNREAD
from ksui.actions.errors import (
    ActionError,
    ConfirmationNeeded,
    DamagedError,
    LockedError,
    NotFound,
    ParentSumRefused,
    StaleValueError,
    StoreError,
    UndoRefused,
)
from ksui.actions.history import ChangeSet
from ksui.actions.imports import ImportOutcome, ImportRequest
from ksui.actions.locks import LockInfo
from ksui.store.undo import RevertImpact
from ksui.store.writes import Written

__all__ = [
    "UNREAD",
    "ActionError",
    "ChangeSet",
    "ConfirmationNeeded",
    "DamagedError",
    "ImportOutcome",
    "ImportRequest",
    "LockInfo",
    "LockedError",
    "NotFound",
    "ParentSumRefused",
    "RevertImpact",
    "StaleValueError",
    "StoreError",
    "UndoRefused",
    "Written",
    "edits",
    "history",
    "imports",
    "locks",
    "lookup",
    "structure",
]
