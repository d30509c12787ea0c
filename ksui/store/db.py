"""Open, migrate and write the SQLite file.

Every write goes through ``Store.transaction``: one SQLite transaction per change set, an
audit row per changed field (what, old value, new value, when, who), and undo/redo built
on those audit rows.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ksui.core.records import record
from ksui.resources import migrations_dir
from ksui.store import health
from ksui.store.errors import (
    ConfirmationNeeded,
    ConstraintError,
    DamagedError,
    SchemaError,
    StaleValueError,
    StoreError,
    UndoRefused,
    explain_constraint,
)
from ksui.store.relations import Relations

__all__ = [
    "ConfirmationNeeded",
    "ConstraintError",
    "DamagedError",
    "SchemaError",
    "StaleValueError",
    "Store",
    "StoreError",
    "Tx",
    "UndoRefused",
    "explain_constraint",
]

BUSY_TIMEOUT_MS = 10_000

#: A check run before any row is written: (store, table, key, values); raises to refuse.
Guard = Callable[["Store", str, Mapping[str, Any], Mapping[str, Any]], None]

#: The guards every migrated store runs; ``ksui.store`` registers the lock guard here, so
#: this module never imports the modules that build on it.
GUARDS: list[Guard] = []


def current_user() -> str:
    """The OS user, recorded as 'who' on every audit row."""
    import getpass  # only a write needs it, not a read (`ksui summary`)

    try:
        return getpass.getuser()
    except Exception:  # getuser raises when no name can be found (e.g. in containers)
        return os.environ.get("USER") or f"uid{os.getuid()}"


def _encode(value: Any) -> str | None:
    """Audit values are JSON, so None, '' and 0 stay distinct."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def migrations() -> list[tuple[int, Path]]:
    """The numbered migration files, in order."""
    found = []
    for path in migrations_dir().glob("*.sql"):
        match = re.match(r"(\d+)_", path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def latest_version() -> int:
    """The schema version this ksui writes."""
    return migrations()[-1][0]


@record
class Change:
    """One changed field, as the audit trail records it."""

    changeset_id: int
    at: str
    user: str
    description: str
    reason: str | None
    table: str
    key: dict[str, Any]
    field: str
    old: Any
    new: Any


class Tx:
    """The writes of one change set; only ``Store.transaction`` creates one."""

    def __init__(self, store: Store, changeset_id: int) -> None:
        self.store = store
        self.conn = store.conn
        self.changeset_id = changeset_id
        self.changes = 0

    def _pks(self, table: str) -> list[str]:
        return self.store.primary_keys(table)

    def _audit(self, table: str, key: Mapping[str, Any], field: str, old: Any, new: Any) -> None:
        self.conn.execute(
            "INSERT INTO audit (changeset_id, table_name, row_key, field, old_value, new_value)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                self.changeset_id,
                table,
                json.dumps(dict(key), ensure_ascii=False, sort_keys=True),
                field,
                _encode(old),
                _encode(new),
            ),
        )
        self.changes += 1

    def get(self, table: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
        """Read one row by its primary key inside the transaction."""
        where = " AND ".join(f"[{k}] = ?" for k in key)
        cur = self.conn.execute(f"SELECT * FROM [{table}] WHERE {where}", tuple(key.values()))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def upsert(
        self,
        table: str,
        key: Mapping[str, Any],
        values: Mapping[str, Any],
        *,
        expect: Mapping[str, Any] | None = None,
    ) -> None:
        """Insert the row or change the given fields; audit each field that really changes.

        ``expect`` holds the values the caller based the edit on: if the stored row differs,
        the edit is refused with StaleValueError instead of overwriting someone else's.
        """
        self.store.guard(table, key, values)
        old = self.get(table, key)
        if expect is not None:
            for field, value in expect.items():
                stored = None if old is None else old.get(field)
                if stored != value:
                    raise StaleValueError(
                        f"{table} {dict(key)}: {field} har ändrats av någon annan "
                        f"(nu {stored!r}, du utgick från {value!r}); ladda om och försök igen"
                    )
        if old is None:
            row = {**key, **values}
            cols = ", ".join(f"[{c}]" for c in row)
            marks = ", ".join("?" for _ in row)
            self.conn.execute(
                f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", tuple(row.values())
            )
            self._audit(table, key, "*", None, dict(key))
            for field, value in values.items():
                if value is not None:
                    self._audit(table, key, field, None, value)
            return
        changed = {f: v for f, v in values.items() if old.get(f) != v}
        if not changed:
            return
        sets = ", ".join(f"[{f}] = ?" for f in changed)
        where = " AND ".join(f"[{k}] = ?" for k in key)
        self.conn.execute(
            f"UPDATE [{table}] SET {sets} WHERE {where}", (*changed.values(), *key.values())
        )
        for field, value in changed.items():
            self._audit(table, key, field, old.get(field), value)

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert a row with a new id (units, projects, goals) and audit it; returns the id."""
        self.store.guard(table, values, values)
        cols = ", ".join(f"[{c}]" for c in values)
        marks = ", ".join("?" for _ in values)
        cur = self.conn.execute(
            f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", tuple(values.values())
        )
        new_id = int(cur.lastrowid or 0)
        key = {"id": new_id}
        self._audit(table, key, "*", None, key)
        for field, value in values.items():
            if value is not None:
                self._audit(table, key, field, None, value)
        return new_id

    def delete(self, table: str, key: Mapping[str, Any]) -> bool:
        """Delete one row, auditing every field so that undo can bring it back.

        The rows that belong to it (a unit's figures, sub-units and comments, a goal's
        indicators …) are deleted first, each audited, child before parent: nothing is left
        to ON DELETE CASCADE, so undo restores them parent-first and redo is an exact inverse.
        """
        old = self.get(table, key)
        if old is None:
            return False
        self.store.guard(table, old, {})
        for child, child_where, column in self.store.relations.children(table):
            self.delete_where(child, child_where, (old[column],))
        where = " AND ".join(f"[{k}] = ?" for k in key)
        self.conn.execute(f"DELETE FROM [{table}] WHERE {where}", tuple(key.values()))
        for field, value in old.items():
            if field not in key and value is not None:
                self._audit(table, key, field, value, None)
        self._audit(table, key, "*", dict(key), None)
        return True

    def delete_where(self, table: str, where: str, params: Iterable[Any]) -> int:
        """Delete every matching row one by one, so each stays in the audit trail."""
        pks = self._pks(table)
        cols = ", ".join(f"[{p}]" for p in pks)
        rows = self.conn.execute(f"SELECT {cols} FROM [{table}] WHERE {where}", tuple(params))
        count = 0
        for row in rows.fetchall():
            count += self.delete(table, dict(zip(pks, row, strict=True)))
        return count


class Store:
    """A ksui SQLite file: migrated on open, foreign keys on, WAL, every write audited."""

    def __init__(
        self, path: Path | str, *, create: bool = False, migrate: bool = True, verify: bool = True
    ) -> None:
        self.path = Path(path)
        memory = str(path) == ":memory:"
        if not create and not memory:
            if not self.path.exists():
                raise StoreError(f"{self.path}: databasen finns inte (skapa den med ksui init)")
            if self.path.is_file() and self.path.stat().st_size == 0:
                raise SchemaError(health.empty_file_message(self.path))
        #: Whether the file was found sound (``ksui.store.health.verify``) in this session.
        self.verified = False
        #: True when the file or its folder cannot be written: reads work, writes are refused.
        self.read_only = False
        try:
            if memory:
                self.conn = sqlite3.connect(
                    ":memory:", isolation_level=None, check_same_thread=False
                )
            else:
                self.conn, self.read_only = health.connect(self.path, BUSY_TIMEOUT_MS / 1000)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not memory and not self.read_only:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            if health.is_damage(exc):
                raise DamagedError(health.damaged_message(self.path, str(exc))) from None
            raise StoreError(f"{self.path}: kan inte öppnas som SQLite-databas: {exc}") from None
        self._pk_cache: dict[str, list[str]] = {}
        self.backup_path: Path | None = None
        self.guards: list[Guard] = []
        self.relations = Relations(self.conn)
        #: Facts a guard may keep for the length of one transaction (e.g. the locks).
        self.tx_cache: dict[str, Any] = {}
        try:
            if migrate:
                self.migrate()
                self.guards.extend(GUARDS)
            if verify and not create:
                health.verify(self)
        except BaseException:
            self.conn.close()
            raise

    # -- schema ---------------------------------------------------------------------------
    @property
    def version(self) -> int:
        """PRAGMA user_version: the number of the last migration applied."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> list[int]:
        """Apply the migrations the file lacks, each in its own transaction."""
        try:
            version = self.version
        except sqlite3.DatabaseError as exc:
            if health.is_damage(exc) and "not a database" not in str(exc):
                raise DamagedError(health.damaged_message(self.path, str(exc))) from None
            raise SchemaError(f"{self.path}: är ingen SQLite-databas ({exc})") from None
        found = migrations()  # listed once: the folder is read on every open
        latest = found[-1][0]
        if version > latest:
            raise SchemaError(
                f"{self.path}: databasen har schema {version}, men den här ksui kan högst "
                f"{latest}; uppdatera ksui"
            )
        if (
            version == 0
            and self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        ):
            raise SchemaError(f"{self.path}: är ingen ksui-databas (okända tabeller, version 0)")
        if version < latest and self.read_only:
            raise SchemaError(
                f"{self.path}: databasen har schema {version} och måste uppgraderas till "
                f"{latest}, men filen eller mappen är skrivskyddad; kopiera den till en "
                "skrivbar mapp"
            )
        if 0 < version < latest and str(self.path) != ":memory:":
            self.backup_path = self._backup(version)
        applied = []
        for number, path in found:
            if number <= version:
                continue
            script = path.read_text(encoding="utf-8")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                for statement in _split_sql(script):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self.conn.execute("ROLLBACK")
                raise SchemaError(
                    f"{self.path}: migrering {path.name} misslyckades: {exc}"
                ) from None
            applied.append(number)
        self._pk_cache.clear()
        self.relations.clear()
        return applied

    def _backup(self, version: int) -> Path:
        """Copy the file beside itself before migrating, so an upgrade can always be undone."""
        target = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.schema{version}.{counter}.bak")
        backup = sqlite3.connect(str(target))
        try:
            self.conn.backup(backup)
        finally:
            backup.close()
        return target

    def primary_keys(self, table: str) -> list[str]:
        """A table's primary-key columns (cached), in key order."""
        if table not in self._pk_cache:
            info = self.conn.execute(f"PRAGMA table_info([{table}])").fetchall()
            if not info:
                raise StoreError(f"okänd tabell {table!r}")
            keyed = sorted((row[5], row[1]) for row in info if row[5])
            self._pk_cache[table] = [name for _, name in keyed] or ["rowid"]
        return self._pk_cache[table]

    def close(self) -> None:
        """Close the connection (checkpointing the WAL), keeping the file known sound."""
        health.close(self)

    # -- writing --------------------------------------------------------------------------
    def guard(self, table: str, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        """Run registered checks (e.g. period locks) before any row is written."""
        for check in self.guards:
            check(self, table, key, values)

    @contextmanager
    def transaction(self, description: str, reason: str | None = None) -> Iterator[Tx]:
        """The one write path: a change set in one transaction, audited, all or nothing."""
        conn = self.conn
        if self.read_only:
            raise StoreError(health.read_only_message(self.path))
        health.verify(self)  # a damaged file is never written to (cheap once found sound)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            explained = health.explain(exc, self.path)
            if explained:
                raise StoreError(explained) from None
            raise StoreError(f"{self.path}: databasen är upptagen ({exc}); försök igen") from None
        self.tx_cache = {}
        try:
            cur = conn.execute(
                "INSERT INTO changeset (at, user, description, reason) VALUES (?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    current_user(),
                    description,
                    reason,
                ),
            )
            tx = Tx(self, int(cur.lastrowid or 0))
            yield tx
            if tx.changes == 0:
                conn.execute("DELETE FROM changeset WHERE id = ?", (tx.changeset_id,))
            conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self.tx_cache = {}
            if isinstance(exc, StoreError):
                raise
            raise ConstraintError(explain_constraint(exc)) from None
        except sqlite3.Error as exc:
            if conn.in_transaction:  # SQLite may have rolled back itself (a full disk)
                conn.execute("ROLLBACK")
            self.tx_cache = {}
            explained = health.explain(exc, self.path)
            if explained is None:
                raise
            if health.is_damage(exc):
                self.verified = False
                raise DamagedError(explained) from None
            raise StoreError(explained) from None
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back itself (a full disk)
                conn.execute("ROLLBACK")
            self.tx_cache = {}
            raise
        self.tx_cache = {}
        if self.verified:
            health.remember(self.path)  # our own commit keeps a sound file known sound

    # -- undo -----------------------------------------------------------------------------
    def changes(self, changeset_id: int) -> list[Change]:
        """The audit rows of one change set, in the order they were written."""
        rows = self.conn.execute(
            "SELECT c.id, c.at, c.user, c.description, c.reason, a.table_name, a.row_key,"
            " a.field, a.old_value, a.new_value FROM audit a JOIN changeset c"
            " ON c.id = a.changeset_id WHERE c.id = ? ORDER BY a.id",
            (changeset_id,),
        ).fetchall()
        return [
            Change(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                json.loads(r[6]),
                r[7],
                _decode(r[8]),
                _decode(r[9]),
            )
            for r in rows
        ]

    def changesets(
        self,
        limit: int = 50,
        *,
        user: str | None = None,
        unit_id: int | None = None,
        year: int | None = None,
        period: str | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Change sets newest first, filtered by person, unit, year or period (a page of them).

        A change set matches a unit when any of its rows is that unit, one of its figures or
        a comment on it; a year or period when any of its rows names it.
        """
        where: list[str] = []
        params: list[object] = []
        if user is not None:
            where.append("c.user = ?")
            params.append(user)
        row_tests = []
        if unit_id is not None:
            row_tests.append(
                "(json_extract(a.row_key, '$.unit_id') = ?"
                " OR (a.table_name = 'unit' AND json_extract(a.row_key, '$.id') = ?)"
                " OR (a.table_name = 'comment' AND json_extract(a.row_key, '$.entity') = 'unit'"
                " AND json_extract(a.row_key, '$.entity_id') = ?))"
            )
            params += [unit_id, unit_id, unit_id]
        if year is not None:
            row_tests.append("json_extract(a.row_key, '$.year') = ?")
            params.append(year)
        if period is not None:
            row_tests.append("json_extract(a.row_key, '$.period') = ?")
            params.append(period)
        if row_tests:
            where.append(
                "EXISTS (SELECT 1 FROM audit a WHERE a.changeset_id = c.id AND "
                + " AND ".join(row_tests)
                + ")"
            )
        sql = "SELECT c.id, c.at, c.user, c.description, c.reason, c.undoes FROM changeset c"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.id DESC LIMIT ? OFFSET ?"
        cur = self.conn.execute(sql, (*params, limit, offset))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements; a trigger's body (``BEGIN …; …; END``) stays whole."""
    body = "\n".join(line for line in script.splitlines() if not line.strip().startswith("--"))
    statements: list[str] = []
    pending = ""
    for piece in body.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                statements.append(pending.strip().removesuffix(";").strip())
            pending = ""
    if pending.strip(" \t\r\n;"):
        statements.append(pending.strip().removesuffix(";").strip())
    return statements
