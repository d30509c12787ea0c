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

The names below load on first use (PEP 562): reading one use case's answer, say the
Kommunen screen's totals unpickled from the forked reader, should not import every other.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each exported name lives: a module (imported whole) or a name in one.
_WHERE: dict[str, tuple[str, str | None]] = {
    **{
        name: ("ksui.actions." + name, None)
        for name in ("edits", "history", "imports", "locks", "lookup", "structure")
    },
    "UNREAD": ("ksui.actions.edits", "UNREAD"),
    **{
        name: ("ksui.actions.errors", name)
        for name in (
            "ActionError",
            "ConfirmationNeeded",
            "DamagedError",
            "LockedError",
            "NotFound",
            "ParentSumRefused",
            "StaleValueError",
            "StoreError",
            "UndoRefused",
        )
    },
    "ChangeSet": ("ksui.actions.history", "ChangeSet"),
    "ImportOutcome": ("ksui.actions.imports", "ImportOutcome"),
    "ImportRequest": ("ksui.actions.imports", "ImportRequest"),
    "LockInfo": ("ksui.actions.locks", "LockInfo"),
    "RevertImpact": ("ksui.store.undo", "RevertImpact"),
    "Written": ("ksui.store.writes", "Written"),
}


def __getattr__(name: str) -> Any:
    """Import an exported name's module the first time the name is asked for."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = where
    value = importlib.import_module(module)
    if attribute is not None:
        value = getattr(value, attribute)
    globals()[name] = value  # asked once: later look-ups find it without this function
    return value


def __dir__() -> list[str]:
    """The module's names and the exported ones not yet loaded (for completion)."""
    return sorted({*globals(), *__all__})


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
