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


def row_names(store: Store, wanted: dict[str, tuple[str, set[int]]]) -> dict[tuple[str, int], str]:
    """Rows' names in one query: per table, (the column that names a row, the ids wanted)."""
    parts, params = [], []
    for table, (column, ids) in sorted(wanted.items()):
        if ids:
            marks = ", ".join("?" for _ in ids)
            parts.append(f"SELECT ?, id, [{column}] FROM [{table}] WHERE id IN ({marks})")
            params += [table, *sorted(ids)]
    if not parts:
        return {}
    rows = store.conn.execute(" UNION ALL ".join(parts), params)
    return {(str(table), int(row_id)): str(name) for table, row_id, name in rows}


def removed_names(store: Store, missing: list[tuple[str, str, int]]) -> dict[tuple[str, int], str]:
    """Names of rows no longer in the file, (table, name column, id) each, from the newest
    audit row that held the name."""
    if not missing:
        return {}
    tests, params = [], []
    for table, column, row_id in missing:
        tests.append("(table_name = ? AND field = ? AND row_key = ?)")
        params += [table, column, json.dumps({"id": row_id})]
    found: dict[tuple[str, int], str] = {}
    rows = store.conn.execute(
        "SELECT table_name, row_key, old_value, new_value FROM audit WHERE "
        + " OR ".join(tests)
        + " ORDER BY id DESC",
        params,
    )
    for table, key, old, new in rows:
        row_id = json.loads(key).get("id")
        value = _decode(new) if new is not None else _decode(old)
        if isinstance(row_id, int) and isinstance(value, str):
            found.setdefault((str(table), row_id), value)
    return found
