"""The store: the SQLite file, its migrations, and the one audited path for every write."""

from ksui.store.db import (
    Change,
    SchemaError,
    StaleValueError,
    Store,
    StoreError,
    Tx,
)

__all__ = ["Change", "SchemaError", "StaleValueError", "Store", "StoreError", "Tx"]
