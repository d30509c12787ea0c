"""How rows hang together: which rows belong to a row, and which row a row belongs to.

Foreign keys are read from the schema itself; comments and lägesbedömningar point at
their row by name and id instead, so they are listed here. Deletes, undo's dependency
rule and the lock guard all follow the same map, so none of them can disagree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

#: Bookkeeping tables: never a parent or a child of data rows.
BOOKKEEPING = frozenset({"changeset", "audit"})

#: comment.entity → the table whose row the comment is on.
COMMENT_ENTITIES: dict[str, str] = {
    "unit": "unit",
    "future": "unit",
    "internal_control": "unit",
    "investment_project": "investment_project",
    "investment_category": "investment_category",
    "goal_area": "goal_area",
    "goal": "goal",
    "goal_item": "goal_item",
    "indicator": "indicator",
}

#: assessment.target → the table whose row is assessed.
ASSESSMENT_TARGETS: dict[str, str] = {"goal": "goal", "area": "goal_area"}


class Relations:
    """The schema's parent/child map of one connection, read once and cached."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._parents: dict[str, list[tuple[str, str, str]]] | None = None
        self._children: dict[str, list[tuple[str, str, str]]] = {}
        self._keys: dict[str, list[str]] = {}

    def clear(self) -> None:
        """Forget the map (after a migration changed the schema)."""
        self._parents = None
        self._children.clear()
        self._keys.clear()

    def _load(self) -> dict[str, list[tuple[str, str, str]]]:
        """Per child table: (column, parent table, parent column) of every foreign key."""
        if self._parents is None:
            parents: dict[str, list[tuple[str, str, str]]] = {}
            tables = [
                name
                for (name,) in self.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
                )
                if name not in BOOKKEEPING
            ]
            for table in tables:
                for fk in self.conn.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
                    parent, column, target = fk[2], fk[3], fk[4] or "id"
                    if parent not in BOOKKEEPING:
                        parents.setdefault(table, []).append((column, parent, target))
            self._parents = parents
        return self._parents

    def primary_key(self, table: str) -> list[str]:
        """A table's primary-key columns, in key order."""
        if table not in self._keys:
            info = self.conn.execute(f"PRAGMA table_info([{table}])").fetchall()
            keyed = sorted((row[5], row[1]) for row in info if row[5])
            self._keys[table] = [name for _, name in keyed]
        return self._keys[table]

    def children(self, table: str) -> list[tuple[str, str, str]]:
        """Rows that belong to a row of ``table``: (child table, WHERE with one ?, column).

        The ``?`` takes the parent row's value of ``column``.
        """
        if table in self._children:
            return self._children[table]
        found: list[tuple[str, str, str]] = []
        for child, links in self._load().items():
            for column, parent, target in links:
                if parent == table:
                    found.append((child, f"[{column}] = ?", target))
        entities = [e for e, t in COMMENT_ENTITIES.items() if t == table]
        if entities:
            names = ", ".join(f"'{e}'" for e in entities)
            found.append(("comment", f"entity IN ({names}) AND entity_id = ?", "id"))
        targets = [e for e, t in ASSESSMENT_TARGETS.items() if t == table]
        if targets:
            names = ", ".join(f"'{e}'" for e in targets)
            found.append(("assessment", f"target IN ({names}) AND target_id = ?", "id"))
        self._children[table] = found
        return found

    def owner(self, table: str, row: Mapping[str, Any]) -> tuple[str, Any] | None:
        """The (table, id) of the row this row belongs to, if the row tells it."""
        if table == "comment":
            parent = COMMENT_ENTITIES.get(str(row.get("entity")))
            return (parent, row["entity_id"]) if parent and "entity_id" in row else None
        if table == "assessment":
            parent = ASSESSMENT_TARGETS.get(str(row.get("target")))
            return (parent, row["target_id"]) if parent and "target_id" in row else None
        for column, parent, _target in self._load().get(table, []):
            value = row.get(column)
            if value is not None:
                return parent, value
        return None

    def owner_columns(self, table: str) -> list[str]:
        """The columns that tell a row's owner."""
        if table == "comment":
            return ["entity", "entity_id"]
        if table == "assessment":
            return ["target", "target_id"]
        return [column for column, _parent, _target in self._load().get(table, [])]
