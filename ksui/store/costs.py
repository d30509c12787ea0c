"""Writing a unit's figures per kostnadsslag and account (``cost_figure``) in bulk.

A SIE import gives each unit's budget and actuals per account and month: for a kommun's
file a hundred thousand rows or more. ``Tx.upsert`` reads, writes and audits one row at a
time; here the stored rows of the nämnd are read once, and the new, changed and stale
rows are written and audited with ``executemany`` in the import's own transaction and
change set, in the audit trail's usual form, so undo, redo, the log and the period locks
treat them as any other figure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ksui.store.db import Tx

#: (unit_id, year, period, account, measure) — the table's primary key.
CostKey = tuple[int, int, str, str, str]
#: A group of rows that add up to one drift figure: (unit_id, year, period, measure).
CostGroup = tuple[int, int, str, str]

_TABLE = "cost_figure"
_SUBTREE = (
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
    " SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
)


def cost_amounts(tx: Tx, root_id: int, years: Sequence[int]) -> dict[CostKey, tuple[str, int]]:
    """The stored (line, amount) per key of a subtree in some years, read in one query."""
    found: dict[CostKey, tuple[str, int]] = {}
    if not years:
        return found
    marks = ", ".join("?" for _ in years)
    for unit_id, year, period, account, measure, line, amount in tx.conn.execute(
        f"{_SUBTREE} SELECT unit_id, year, period, account, measure, line, amount"
        f" FROM cost_figure WHERE unit_id IN (SELECT id FROM sub) AND year IN ({marks})",
        (root_id, *years),
    ):
        found[(unit_id, year, period, account, measure)] = (line, amount)
    return found


class _Json:
    """JSON text as ``Tx`` writes it to the audit trail, the strings encoded once each.

    ``json.dumps`` per row is most of the cost of a bulk write; the texts repeat (a few
    accounts, periods, lines), so each is encoded once and the rest is an f-string that
    gives the same text (keys sorted, ``", "`` and ``": "`` separators).
    """

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def text(self, value: str) -> str:
        """A string as JSON."""
        found = self.texts.get(value)
        if found is None:
            found = self.texts[value] = json.dumps(value, ensure_ascii=False)
        return found

    def key(self, key: CostKey) -> str:
        """The row key: the primary key as a JSON object with sorted keys."""
        unit_id, year, period, account, measure = key
        text = self.text
        return (
            f'{{"account": {text(account)}, "measure": {text(measure)},'
            f' "period": {text(period)}, "unit_id": {int(unit_id)}, "year": {int(year)}}}'
        )


def write_cost_figures(
    tx: Tx,
    root_id: int,
    rows: Iterable[tuple[CostKey, str, int]],
    groups: Iterable[CostGroup],
) -> tuple[int, int, int, int]:
    """Write the rows (key, line, amount) below ``root_id``; (new, changed, same, removed).

    A row stored with the same line and amount is not rewritten, so a second import of
    the same file writes nothing. A stored row of a ``group`` the rows replace (a unit's
    measure at a period the import writes) whose account the rows no longer have is
    deleted, so a group's rows keep adding up to its drift figure. Every row written is
    checked by the store's guards (the period locks) once per unit, year and period.
    """
    wanted = sorted(rows)  # in primary-key order: the table's B-tree fills page by page
    replaced = set(groups)
    years = sorted({key[1] for key, _, _ in wanted} | {group[1] for group in replaced})
    existing = cost_amounts(tx, root_id, years)
    batch = _Batch(tx)
    guarded: set[tuple[int, int, str]] = set()
    changeset = tx.changeset_id
    encode = _Json()
    text = encode.text
    audit = batch.audit
    new = changed = same = removed = 0
    seen: set[CostKey] = set()

    def guard(key: CostKey, values: dict[str, Any]) -> None:
        guarded.add((key[0], key[1], key[2]))
        names = dict(zip(("unit_id", "year", "period", "account", "measure"), key, strict=True))
        tx.store.guard(_TABLE, names, values)

    for key, line, amount in wanted:
        old = existing.get(key)
        if old is not None:
            seen.add(key)
            if old == (line, amount):
                same += 1
                continue
        if key[:3] not in guarded:
            guard(key, {"line": line, "amount": amount})
        row_key = encode.key(key)
        if old is None:
            new += 1
            batch.inserts.append((*key, line, amount))
            audit.append((changeset, _TABLE, row_key, "*", None, row_key))
            audit.append((changeset, _TABLE, row_key, "line", None, text(line)))
            audit.append((changeset, _TABLE, row_key, "amount", None, str(int(amount))))
        else:
            changed += 1
            batch.updates.append((line, amount, *key))
            old_line, old_amount = old
            if old_line != line:
                audit.append((changeset, _TABLE, row_key, "line", text(old_line), text(line)))
            if old_amount != amount:
                audit.append(
                    (changeset, _TABLE, row_key, "amount", str(int(old_amount)), str(int(amount)))
                )
        if len(audit) >= _BATCH:
            batch.flush()
    for key, (old_line, old_amount) in existing.items():
        if key in seen or (key[0], key[1], key[2], key[4]) not in replaced:
            continue
        if key[:3] not in guarded:
            guard(key, {})
        removed += 1
        batch.deletes.append(key)
        row_key = encode.key(key)
        audit.append((changeset, _TABLE, row_key, "line", text(old_line), None))
        audit.append((changeset, _TABLE, row_key, "amount", str(int(old_amount)), None))
        audit.append((changeset, _TABLE, row_key, "*", row_key, None))
    batch.flush()
    return new, changed, same, removed


#: Audit rows written at a time: the lists stay small whatever the file's size.
_BATCH = 30_000


class _Batch:
    """Rows waiting to be written with ``executemany``, flushed now and then."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.inserts: list[tuple[Any, ...]] = []
        self.updates: list[tuple[Any, ...]] = []
        self.deletes: list[CostKey] = []
        self.audit: list[tuple[Any, ...]] = []

    def flush(self) -> None:
        """Write and forget what is waiting (the lists are emptied in place)."""
        conn = self.tx.conn
        if self.inserts:
            conn.executemany(
                "INSERT INTO cost_figure (unit_id, year, period, account, measure, line, amount)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                self.inserts,
            )
        if self.updates:
            conn.executemany(
                "UPDATE cost_figure SET line = ?, amount = ? WHERE unit_id = ? AND year = ?"
                " AND period = ? AND account = ? AND measure = ?",
                self.updates,
            )
        if self.deletes:
            conn.executemany(
                "DELETE FROM cost_figure WHERE unit_id = ? AND year = ? AND period = ?"
                " AND account = ? AND measure = ?",
                self.deletes,
            )
        if self.audit:
            conn.executemany(
                "INSERT INTO audit (changeset_id, table_name, row_key, field, old_value,"
                " new_value) VALUES (?, ?, ?, ?, ?, ?)",
                self.audit,
            )
            self.tx.changes += len(self.audit)
        for waiting in (self.inserts, self.updates, self.deletes, self.audit):
            waiting.clear()
