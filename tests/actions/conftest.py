"""Helpers for the use-case tests: ids by name and a dump that shows any write at all."""

from __future__ import annotations

from ksui.store import Store


def unit_id(store: Store, name: str) -> int:
    """A unit's id by its exact name."""
    row = store.conn.execute("SELECT id FROM unit WHERE name = ?", (name,)).fetchone()
    assert row is not None, name
    return int(row[0])


def one(store: Store, sql: str) -> int:
    """The first column of the first row, for ids the test only needs one of."""
    return int(store.conn.execute(sql).fetchone()[0])


def changeset_count(store: Store) -> int:
    """How many change sets the file holds: a refused action adds none."""
    return int(store.conn.execute("SELECT count(*) FROM changeset").fetchone()[0])
