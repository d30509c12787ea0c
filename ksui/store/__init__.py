"""The store: the SQLite file, its migrations, and the one audited path for every write.

``db`` holds the connection and the write path and imports none of the modules built on
it; this package wires the lock guard in, so every migrated ``Store`` refuses edits to a
signed-off follow-up whoever opens it.
"""

from ksui.store.db import GUARDS, Change, Store, Tx
from ksui.store.errors import (
    ConfirmationNeeded,
    DamagedError,
    SchemaError,
    StaleValueError,
    StoreError,
    UndoRefused,
)
from ksui.store.locks import lock_guard

if lock_guard not in GUARDS:
    GUARDS.append(lock_guard)

__all__ = [
    "Change",
    "ConfirmationNeeded",
    "DamagedError",
    "SchemaError",
    "StaleValueError",
    "Store",
    "StoreError",
    "Tx",
    "UndoRefused",
]
