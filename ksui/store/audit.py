"""Reading the audit trail: the newest change set, one change set's head, who has written.

``Store.changesets`` and ``Store.changes`` read whole change sets; these read what a log
screen needs without loading an import of a hundred thousand fields into memory.
"""

from __future__ import annotations

import json
from typing import Any

from ksui.store.db import Change, Store


def latest_changeset(store: Store) -> int | None:
    """The newest change set in the file, or None when nothing was ever written."""
    row = store.conn.execute("SELECT max(id) FROM changeset").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def changeset(store: Store, changeset_id: int) -> dict[str, Any] | None:
    """One change set's id, at, user, description, reason and undoes; None when unknown."""
    cur = store.conn.execute(
        "SELECT id, at, user, description, reason, undoes FROM changeset WHERE id = ?",
        (changeset_id,),
    )
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def users(store: Store) -> list[str]:
    """Everyone who has written to the file, by name, for a log's person filter."""
    return [r[0] for r in store.conn.execute("SELECT DISTINCT user FROM changeset ORDER BY user")]


def head(store: Store, row: dict[str, Any], limit: int) -> tuple[list[Change], int]:
    """A change set's first ``limit`` changed fields (else its bare rows) and how many there are.

    ``row`` is the change set as ``Store.changesets`` gives it. Bounded, so a whole import is
    never read into memory.
    """
    for test in ("field != '*'", "field = '*'"):
        total = store.conn.execute(
            f"SELECT count(*) FROM audit WHERE changeset_id = ? AND {test}", (row["id"],)
        ).fetchone()[0]
        if not total:
            continue
        found = store.conn.execute(
            "SELECT table_name, row_key, field, old_value, new_value FROM audit"
            f" WHERE changeset_id = ? AND {test} ORDER BY id LIMIT ?",
            (row["id"], limit),
        ).fetchall()
        changes = [
            Change(
                int(row["id"]),
                str(row["at"]),
                str(row["user"]),
                str(row["description"]),
                row["reason"],
                table,
                json.loads(key),
                field,
                _decode(old),
                _decode(new),
            )
            for table, key, field, old, new in found
        ]
        return changes, int(total)
    return [], 0


def _decode(text: str | None) -> Any:
    """Audit values are stored as JSON (None stays None)."""
    return None if text is None else json.loads(text)
