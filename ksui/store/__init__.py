"""The store: the SQLite file, its migrations, and the one audited path for every write."""

from ksui.store.db import (
    Change,
    ConfirmationNeeded,
    DamagedError,
    RevertImpact,
    SchemaError,
    StaleValueError,
    Store,
    StoreError,
    Tx,
    UndoRefused,
)

__all__ = [
    "Change",
    "ConfirmationNeeded",
    "DamagedError",
    "RevertImpact",
    "SchemaError",
    "StaleValueError",
    "Store",
    "StoreError",
    "Tx",
    "UndoRefused",
]
