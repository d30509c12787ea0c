"""The lookups an import makes inside its own write transaction, so importers run no SQL.

Each takes the ``Tx`` of the import: it reads on the transaction's connection and so sees
the rows the import has already written, and nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ksui.store.db import Tx

_SUBTREE = (
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
    " SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
)


def committee_names(tx: Tx) -> list[tuple[int, str]]:
    """Every nämnd's id and name in screen order, so an import can match one by name."""
    rows = tx.conn.execute(
        "SELECT id, name FROM unit WHERE kind = 'namnd' ORDER BY position, id"
    ).fetchall()
    return [(int(uid), str(name)) for uid, name in rows]


def first_unit_of_kind(tx: Tx, kind: str) -> int | None:
    """The first unit of a kind (e.g. the kommun), so a new nämnd has a parent to go under."""
    row = tx.conn.execute(
        "SELECT id FROM unit WHERE kind = ? ORDER BY position, id LIMIT 1", (kind,)
    ).fetchone()
    return None if row is None else int(row[0])


def sibling_kind(tx: Tx, parent_id: int | None, name: str) -> str | None:
    """The kind of the unit that already has this name under the parent, so a clash is named."""
    row = tx.conn.execute(
        "SELECT kind FROM unit WHERE coalesce(parent_id, 0) = coalesce(?, 0) AND name = ?",
        (parent_id, name),
    ).fetchone()
    return None if row is None else str(row[0])


def next_sibling_position(tx: Tx, parent_id: int | None) -> int:
    """The position after the last unit under the parent (None: top level), so a new one is last."""
    row = tx.conn.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM unit WHERE coalesce(parent_id, 0) ="
        " coalesce(?, 0)",
        (parent_id,),
    ).fetchone()
    return int(row[0])


def next_position(tx: Tx, table: str, column: str, parent_id: int) -> int:
    """The position after the last row of a table with the same parent, so a new row comes last."""
    row = tx.conn.execute(
        f"SELECT coalesce(max(position), -1) + 1 FROM [{table}] WHERE [{column}] = ?",
        (parent_id,),
    ).fetchone()
    return int(row[0])


def units_below(tx: Tx, root_id: int) -> list[dict[str, Any]]:
    """Every unit under the root (not the root) with id, parent_id, code and name, to match by."""
    cur = tx.conn.execute(
        f"{_SUBTREE} SELECT id, parent_id, code, name FROM unit"
        " WHERE id IN (SELECT id FROM sub) AND id != ?",
        (root_id, root_id),
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def units_within(tx: Tx, root_id: int) -> list[tuple[int, str | None, str]]:
    """The root and every unit under it as (id, code, name), so a row's unit can be found."""
    rows = tx.conn.execute(
        f"{_SUBTREE} SELECT id, code, name FROM unit WHERE id IN (SELECT id FROM sub)",
        (root_id,),
    ).fetchall()
    return [(int(uid), code, str(name)) for uid, code, name in rows]


def drift_amounts(
    tx: Tx, root_id: int, years: Sequence[int]
) -> dict[tuple[int, int, str, str], int]:
    """The stored drift figures of a subtree in some years, so unchanged ones are not rewritten."""
    found: dict[tuple[int, int, str, str], int] = {}
    if not years:
        return found
    marks = ", ".join("?" for _ in years)
    for unit_id, year, period, measure, amount in tx.conn.execute(
        f"{_SUBTREE} SELECT unit_id, year, period, measure, amount FROM drift_figure"
        f" WHERE unit_id IN (SELECT id FROM sub) AND year IN ({marks})",
        (root_id, *years),
    ):
        found[(unit_id, year, period, measure)] = amount
    return found


def category_id(tx: Tx, committee_id: int, name: str) -> int | None:
    """The committee's investment category of that name (any case), if there is one."""
    row = tx.conn.execute(
        "SELECT id FROM investment_category WHERE committee_id = ? AND lower(name) = lower(?)",
        (committee_id, name),
    ).fetchone()
    return None if row is None else int(row[0])


def category_names(tx: Tx, committee_id: int) -> list[str]:
    """The names of the committee's investment categories, to say which exist."""
    return [
        str(name)
        for (name,) in tx.conn.execute(
            "SELECT name FROM investment_category WHERE committee_id = ?", (committee_id,)
        )
    ]


def project_id(tx: Tx, category_id: int, name: str) -> int | None:
    """The category's investment project of that name (any case), if there is one."""
    row = tx.conn.execute(
        "SELECT id FROM investment_project WHERE category_id = ? AND lower(name) = lower(?)",
        (category_id, name),
    ).fetchone()
    return None if row is None else int(row[0])


def statement_amounts(
    tx: Tx, committee_id: int, statement: str, years: Sequence[int]
) -> dict[tuple[str, int, str, str], int]:
    """A statement's stored lines by (line, year, period, column), so unchanged ones are kept."""
    found: dict[tuple[str, int, str, str], int] = {}
    if not years:
        return found
    marks = ", ".join("?" for _ in years)
    for line, year, period, column, amount in tx.conn.execute(
        "SELECT line, year, period, column_name, amount FROM statement_value"
        f" WHERE committee_id = ? AND statement = ? AND year IN ({marks})",
        (committee_id, statement, *years),
    ):
        found[(line, year, period, column)] = amount
    return found
