"""Undo and redo from the audit trail, refused whenever they would take away later work.

A change set N may be undone only when no later change set in force depends on it: none
touched a row N touched (same table and key), none touched a row that belongs to a row N
added or removed (a figure on a unit N imported, a project in a category N created), and
none added or removed a row that a row of N belongs to. A later change set that has been
undone, and the undo that took it back, cancel out and do not count. A change set already
undone (and not redone) is not undone again, and locks are taken back only by unlocking.
The undo itself is the exact inverse: rows N removed come back parent-first, rows N added
go child-first with everything that belongs to them, each on record.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ksui.store.db import Change, Store, Tx
from ksui.store.errors import ConfirmationNeeded, StoreError, UndoRefused, explain_constraint

_LOCK_TABLES = frozenset({"period_lock"})

#: Tables whose rows are figures, counted when an undo would remove them.
FIGURE_TABLES = frozenset(
    {"drift_figure", "investment_figure", "indicator_value", "statement_value"}
)
#: More figures than this removed by one undo needs confirmation.
CONFIRM_FIGURES = 100


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


@dataclass(frozen=True)
class RevertImpact:
    """What undoing a change set would do, so that the CLI and the TUI can refuse or ask first."""

    changeset_id: int
    blocked_by: list[int]
    undone_by: int | None
    units_removed: int
    committees_removed: int
    figures_removed: int
    lock_change: bool = False

    @property
    def refused(self) -> str | None:
        """Why the undo is refused, one Swedish line; None when it may go ahead."""
        number = self.changeset_id
        if self.lock_change:
            return (
                f"ändring nr {number} låser eller låser upp en uppföljning; lås och upplåsning"
                " ångras inte, använd ksui unlock --reason … (eller ksui lock)"
            )
        if self.undone_by is not None:
            return (
                f"ändring nr {number} är redan ångrad (av nr {self.undone_by}); "
                f"ångra nr {self.undone_by} för att göra om den"
            )
        if self.blocked_by:
            shown = ", ".join(str(n) for n in self.blocked_by[:10])
            more = len(self.blocked_by) - 10
            listed = f"nr {shown}" + (f" och {more} till" if more > 0 else "")
            return (
                f"ändring nr {number} kan inte ångras: senare ändringar bygger på den "
                f"({listed}); ångra dem först"
            )
        return None

    @property
    def needs_confirmation(self) -> bool:
        """True when the undo removes a unit, a committee or more than 100 figures."""
        return (
            self.units_removed > 0
            or self.committees_removed > 0
            or self.figures_removed > CONFIRM_FIGURES
        )

    @property
    def removals(self) -> str:
        """What the undo removes, in words (»2 enheter (varav 1 nämnd) och 340 siffror«)."""
        parts = []
        if self.units_removed:
            units = _count(self.units_removed, "enhet", "enheter")
            if self.committees_removed:
                units += f" (varav {_count(self.committees_removed, 'nämnd', 'nämnder')})"
            parts.append(units)
        if self.figures_removed:
            parts.append(_count(self.figures_removed, "siffra", "siffror"))
        return " och ".join(parts) or "inget"


@dataclass
class RowPlan:
    """One row a change set touched: whether it existed before and after, and its fields."""

    table: str
    key: dict[str, Any]
    key_json: str
    existed_before: bool = True
    exists_after: bool = True
    star: bool = False
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    @property
    def added(self) -> bool:
        """The change set created the row (so undoing it removes the row)."""
        return self.exists_after and not self.existed_before


def key_json(key: dict[str, Any]) -> str:
    """The row key as the audit trail spells it."""
    return json.dumps(key, ensure_ascii=False, sort_keys=True)


def plan_rows(changes: Iterable[Change]) -> list[RowPlan]:
    """The rows of a change set in first-touched order, each with its state before and after."""
    rows: dict[tuple[str, str], RowPlan] = {}
    for change in changes:
        text = key_json(change.key)
        row = rows.get((change.table, text))
        if row is None:
            row = rows[(change.table, text)] = RowPlan(change.table, dict(change.key), text)
        if change.field == "*":
            if not row.star:
                row.existed_before = change.old is not None
            row.star = True
            row.exists_after = change.new is not None
            continue
        row.before.setdefault(change.field, change.old)
        row.after[change.field] = change.new
    return list(rows.values())


class _History:
    """Which change sets are in force, and which rows hang below which (memoised)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        pairs = self.conn.execute(
            "SELECT id, undoes FROM changeset WHERE undoes IS NOT NULL"
        ).fetchall()
        self.target_of: dict[int, int] = {int(i): int(t) for i, t in pairs}
        self.undoers: dict[int, list[int]] = {}
        for undo, target in self.target_of.items():
            self.undoers.setdefault(target, []).append(undo)
        self.active: dict[int, bool] = {}
        # An undo always comes after what it undoes: decide the newest first.
        for cid in sorted(set(self.target_of) | set(self.undoers), reverse=True):
            self.active[cid] = not any(self.active[u] for u in self.undoers.get(cid, []))
        self._parent: dict[tuple[str, str], tuple[str, str] | None] = {}

    def in_force(self, cid: int) -> bool:
        """Not undone by an undo that is itself in force."""
        return self.active.get(cid, True)

    def undone_by(self, cid: int) -> int | None:
        """The undo in force that took this change set back, if any."""
        found = [u for u in self.undoers.get(cid, []) if self.in_force(u)]
        return max(found) if found else None

    def cancels_out(self, cid: int, after: int) -> bool:
        """A change set after ``after`` that was undone, or is the undo of one: no effect."""
        if not self.in_force(cid):
            return True
        target = self.target_of.get(cid)
        return target is not None and target > after

    def parent(self, table: str, text: str) -> tuple[str, str] | None:
        """The row this row belongs to, from its key, the file or the audit trail."""
        memo = (table, text)
        if memo in self._parent:
            return self._parent[memo]
        relations = self.store.relations
        row: dict[str, Any] = json.loads(text)
        owner = relations.owner(table, row)
        if owner is None and list(row) == ["id"]:
            cur = self.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (row["id"],))
            found = cur.fetchone()
            if found is not None:
                row.update(zip([d[0] for d in cur.description], found, strict=True))
            else:
                row.update(self._audited(table, text, relations.owner_columns(table)))
            owner = relations.owner(table, row)
        result = None if owner is None else (owner[0], key_json({"id": owner[1]}))
        self._parent[memo] = result
        return result

    def _audited(self, table: str, text: str, columns: list[str]) -> dict[str, Any]:
        """The last known values of a removed row's owner columns, from the audit trail."""
        if not columns:
            return {}
        marks = ", ".join("?" for _ in columns)
        values: dict[str, Any] = {}
        for column, old, new in self.conn.execute(
            "SELECT field, old_value, new_value FROM audit WHERE table_name = ? AND row_key = ?"
            f" AND field IN ({marks}) ORDER BY id",
            (table, text, *columns),
        ):
            value = new if new is not None else old
            if value is not None:
                values[column] = json.loads(value)
        return values

    def ancestors(self, table: str, text: str) -> list[tuple[str, str]]:
        """Every row above this one, nearest first."""
        found: list[tuple[str, str]] = []
        current = self.parent(table, text)
        while current is not None and current not in found and len(found) < 64:
            found.append(current)
            current = self.parent(*current)
        return found


def _impact(store: Store, changeset_id: int) -> tuple[RevertImpact, list[RowPlan]]:
    """The impact of undoing one change set, and its rows (read inside or outside a write)."""
    exists = store.conn.execute("SELECT 1 FROM changeset WHERE id = ?", (changeset_id,)).fetchone()
    if exists is None:
        raise StoreError(f"ändring nr {changeset_id} finns inte (se ksui log)")
    rows = plan_rows(store.changes(changeset_id))
    history = _History(store)
    touched = {(r.table, r.key_json) for r in rows}
    owned = {(r.table, r.key_json) for r in rows if r.star}
    above: set[tuple[str, str]] = set()
    for row in rows:
        above.update(history.ancestors(row.table, row.key_json))
    blocked: set[int] = set()
    later = store.conn.execute(
        "SELECT changeset_id, table_name, row_key, max(field = '*') FROM audit"
        " WHERE changeset_id > ? GROUP BY changeset_id, table_name, row_key",
        (changeset_id,),
    )
    below: dict[tuple[str, str], bool] = {}
    for cid, table, text, star in later:
        if cid in blocked or history.cancels_out(cid, changeset_id):
            continue
        row_id = (table, text)
        same_row = row_id in touched or (star and row_id in above)
        if same_row or (owned and _descends(history, row_id, owned, below)):
            blocked.add(cid)
    added = [r for r in rows if r.added]
    units = [r for r in added if r.table == "unit"]
    impact = RevertImpact(
        changeset_id=changeset_id,
        blocked_by=sorted(blocked),
        undone_by=history.undone_by(changeset_id),
        units_removed=len(units),
        committees_removed=sum(1 for r in units if r.after.get("kind") == "namnd"),
        figures_removed=_figures_removed(store, added),
        lock_change=any(r.table in _LOCK_TABLES for r in rows),
    )
    return impact, rows


def _figures_removed(store: Store, added: list[RowPlan]) -> int:
    """The figures an undo removes: those the change set added, on record row by row, and
    those in the file below a row it added without rows of their own in it (a nämnd new to
    a kommun file brings its figures so, see ksui.store.consolidate)."""
    ids: dict[str, set[Any]] = {}
    for row in added:
        if list(row.key) == ["id"]:
            ids.setdefault(row.table, set()).add(row.key["id"])
    audited = [r for r in added if r.table in FIGURE_TABLES]
    total = len(audited)
    if not ids:
        return total
    relations = store.relations
    for row in audited:
        owner = relations.owner(row.table, row.key)
        if owner is not None and owner[1] in ids.get(owner[0], ()):
            total -= 1  # counted below, with its owner
    for table in sorted(FIGURE_TABLES):
        tests, params = [], []
        for fk in store.conn.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            parent, column, target = fk[2], fk[3], fk[4] or "id"
            if parent in ids and target == "id":
                tests.append(f"[{column}] IN (SELECT value FROM json_each(?))")
                params.append(json.dumps(sorted(ids[parent])))
        if tests:
            total += int(
                store.conn.execute(
                    f"SELECT count(*) FROM [{table}] WHERE {' OR '.join(tests)}", params
                ).fetchone()[0]
            )
    return total


def _descends(
    history: _History,
    row_id: tuple[str, str],
    owned: set[tuple[str, str]],
    memo: dict[tuple[str, str], bool],
) -> bool:
    """Whether a row hangs (at any depth) below a row the change set added or removed."""
    if row_id not in memo:
        parent = history.parent(*row_id)
        memo[row_id] = False  # guards against a cycle in broken data
        memo[row_id] = parent is not None and (
            parent in owned or _descends(history, parent, owned, memo)
        )
    return memo[row_id]


def revert_impact(store: Store, changeset_id: int) -> RevertImpact:
    """What undoing a change set would remove, and whether (and why) it is refused."""
    return _impact(store, changeset_id)[0]


def revert(
    store: Store, changeset_id: int, description: str, *, confirmed: bool = False
) -> int | None:
    """Write the exact inverse of a change set as a new change set, or refuse."""
    if not store.conn.execute(
        "SELECT 1 FROM audit WHERE changeset_id = ? LIMIT 1", (changeset_id,)
    ).fetchone():
        return None
    with store.transaction(description) as tx:
        impact, rows = _impact(store, changeset_id)
        reason = impact.refused
        if reason is not None:
            raise UndoRefused(reason)
        if impact.needs_confirmation and not confirmed:
            raise ConfirmationNeeded(
                f"att ångra nr {changeset_id} tar bort {impact.removals} och måste bekräftas"
            )
        store.conn.execute(
            "UPDATE changeset SET undoes = ? WHERE id = ?", (changeset_id, tx.changeset_id)
        )
        for row in reversed(rows):
            _undo_row(tx, changeset_id, row)
        new_id = tx.changeset_id if tx.changes else None
    return new_id


def _undo_row(tx: Tx, changeset_id: int, row: RowPlan) -> None:
    """Bring one row back to how it was before the change set."""
    if row.existed_before and not row.exists_after:
        _restore(tx, changeset_id, row)
    elif row.exists_after and not row.existed_before:
        tx.delete(row.table, row.key)
    elif row.existed_before:
        values = {f: v for f, v in row.before.items() if f not in row.key}
        if values:
            tx.upsert(row.table, row.key, values)


def _restore(tx: Tx, changeset_id: int, row: RowPlan) -> None:
    """Insert a row the change set removed, with the values it had, audited."""
    values = {f: v for f, v in row.before.items() if f not in row.key and v is not None}
    cols = {**row.key, **values}
    tx.store.guard(row.table, row.key, values)
    names = ", ".join(f"[{c}]" for c in cols)
    marks = ", ".join("?" for _ in cols)
    try:
        tx.conn.execute(
            f"INSERT INTO [{row.table}] ({names}) VALUES ({marks})", tuple(cols.values())
        )
    except sqlite3.IntegrityError as exc:
        label = values.get("name") or values.get("title") or values.get("text") or row.key
        raise UndoRefused(
            f"ändring nr {changeset_id} kan inte ångras: »{label}« ({row.table}) kan inte "
            f"återskapas: {explain_constraint(exc)}"
        ) from None
    tx._audit(row.table, row.key, "*", None, dict(row.key))
    for name, value in values.items():
        tx._audit(row.table, row.key, name, None, value)
