"""Bring nämnd files into a kommun file: every row of each nämnd, ids mapped, one change set.

Each nämnd's controller keeps a file of their own; the ekonomiavdelning's kommun file holds
a copy of every nämnd below one unit of kind ``kommun``. A consolidation reads each source
read-only, maps every id (units, categories, projects, areas, goals, indicators, åtgärder,
statsbidrag, interna kontroller) through its natural key (the names that identify the row
within its nämnd), and makes the kommun's copy of the nämnd equal to the source: rows the
source added are inserted, rows it changed updated, rows it no longer has removed. A row
that is the same on both sides is not touched, so a second run writes nothing.

Why set-based SQL rather than ``Tx.upsert`` row by row: a kommun's 20 nämnder hold over a
million figures, and every one of them must reach the audit trail (undo of the
consolidation is the exact inverse, as for any change set). Staging the mapped rows in a
temporary table and writing the rows and their audit rows with ``INSERT … SELECT`` keeps
the audit trail's own format (``row_key`` is the JSON ``Tx`` writes, keys sorted) at a
fraction of the cost of a Python loop. The lock guard is not consulted: a lock is data of
the nämnd and travels with it; the source's own guard already applied to its figures.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from ksui.store import health
from ksui.store.db import Store, Tx, latest_version
from ksui.store.errors import DamagedError, SchemaError, StoreError
from ksui.store.provenance import Provenance as Provenance  # re-exported: its old home
from ksui.store.provenance import consolidated_kommun as consolidated_kommun
from ksui.store.provenance import provenance as provenance
from ksui.store.relations import ASSESSMENT_TARGETS, COMMENT_ENTITIES
from ksui.store.undo import _History, key_json

_T = TypeVar("_T")

#: Every change set a consolidation writes starts so (``ksui log`` shows it whole).
DESCRIPTION_PREFIX = "Konsolidering:"

#: The tables whose rows have their own id, parents first: (table, the columns that point
#: at another id table, the columns that with those name the row within its nämnd).
ID_TABLES: tuple[tuple[str, dict[str, str], tuple[str, ...]], ...] = (
    ("unit", {"parent_id": "unit"}, ("name",)),
    ("investment_category", {"committee_id": "unit"}, ("name",)),
    ("investment_project", {"category_id": "investment_category"}, ("name",)),
    ("goal_area", {"committee_id": "unit"}, ("name",)),
    ("goal", {"area_id": "goal_area"}, ("number", "title")),
    ("indicator", {"goal_id": "goal"}, ("name",)),
    ("goal_item", {"goal_id": "goal", "area_id": "goal_area"}, ("kind", "text")),
    ("state_grant", {"committee_id": "unit"}, ("year", "name")),
    ("internal_control", {"committee_id": "unit"}, ("year", "responsible", "process")),
)

#: The tables keyed by their owner's id (no id of their own): (table, id columns → table).
PLAIN_TABLES: tuple[tuple[str, dict[str, str]], ...] = (
    ("drift_figure", {"unit_id": "unit"}),
    ("cost_figure", {"unit_id": "unit"}),
    ("forecast_status", {"unit_id": "unit"}),
    ("statement_value", {"committee_id": "unit"}),
    ("investment_frame", {"category_id": "investment_category"}),
    ("investment_figure", {"project_id": "investment_project"}),
    ("indicator_value", {"indicator_id": "indicator"}),
    ("assessment", {}),
    ("sick_leave", {"committee_id": "unit"}),
    ("geh_assessment", {"committee_id": "unit"}),
    ("comment", {}),
    ("published_figure", {"committee_id": "unit"}),
    ("period_lock", {"committee_id": "unit"}),
    ("committee_year", {"committee_id": "unit"}),
    ("report_text", {"committee_id": "unit"}),
    ("net_cost_bridge", {"committee_id": "unit"}),
)

#: Tables that are no nämnd's data: the audit trail, the search index (the kommun file's
#: own triggers index what a consolidation writes) and this module's own bookkeeping.
NOT_COPIED = frozenset({"changeset", "audit", "search_doc", "consolidation"})

#: Which rows of a table belong to one nämnd, given its id sets ({unit}, {goal} …).
SCOPES: dict[str, str] = {
    "unit": "id IN {unit}",
    "investment_category": "committee_id IN {unit}",
    "investment_project": "category_id IN {investment_category}",
    "goal_area": "committee_id IN {unit}",
    "goal": "area_id IN {goal_area}",
    "indicator": "goal_id IN {goal}",
    "goal_item": "goal_id IN {goal} OR area_id IN {goal_area}",
    "state_grant": "committee_id IN {unit}",
    "internal_control": "committee_id IN {unit}",
    "drift_figure": "unit_id IN {unit}",
    "cost_figure": "unit_id IN {unit}",
    "forecast_status": "unit_id IN {unit}",
    "investment_frame": "category_id IN {investment_category}",
    "investment_figure": "project_id IN {investment_project}",
    "indicator_value": "indicator_id IN {indicator}",
    "assessment": "(target = 'goal' AND target_id IN {goal})"
    " OR (target = 'area' AND target_id IN {goal_area})",
    "comment": " OR ".join(
        f"(entity IN ({', '.join(repr(e) for e in sorted(entities))}) AND entity_id IN {{{t}}})"
        for t, entities in sorted(
            {
                t: {e for e, tt in COMMENT_ENTITIES.items() if tt == t}
                for t in set(COMMENT_ENTITIES.values())
            }.items()
        )
    ),
}
for _table, _links in PLAIN_TABLES:
    SCOPES.setdefault(_table, "committee_id IN {unit}")


def plain_tables(store: Store) -> list[tuple[str, dict[str, str]]]:
    """The tables without ids of their own that a nämnd's rows live in, in this file.

    PLAIN_TABLES first; then any table a later migration added that hangs on an id table
    by a foreign key (its scope is that key), so a new kind of nämnd data is consolidated
    without a change here. A new table with ids of its own needs natural keys, which only
    code can give: it is refused rather than left out.
    """
    present = [
        name
        for (name,) in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY rowid"
        )
    ]
    id_tables = {t for t, _l, _k in ID_TABLES}
    known = id_tables | {t for t, _l in PLAIN_TABLES} | NOT_COPIED
    found = [(t, links) for t, links in PLAIN_TABLES if t in present]
    for table in present:
        if table in known:
            continue
        links = {
            str(fk[3]): str(fk[2])
            for fk in store.conn.execute(f"PRAGMA foreign_key_list([{table}])")
            if fk[2] in id_tables and (fk[4] or "id") == "id"
        }
        if not links:
            continue
        if "id" in store.primary_keys(table):
            raise StoreError(
                f"tabellen {table} har egna id:n som ksui consolidate ännu inte kan mappa;"
                " uppdatera ksui"
            )
        SCOPES.setdefault(table, " OR ".join(f"[{c}] IN {{{p}}}" for c, p in links.items()))
        found.append((table, links))
    return found


def _source_sets(cid: int) -> dict[str, str]:
    """Per id table, SQL naming the ids that belong to nämnd ``cid`` (in any ksui file)."""
    units = (
        "(WITH RECURSIVE sub(id) AS (SELECT "
        f"{int(cid)} UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
        " SELECT id FROM sub)"
    )
    sets = {"cid": str(int(cid)), "unit": units}
    for table in ("investment_category", "goal_area", "state_grant", "internal_control"):
        sets[table] = f"(SELECT id FROM {table} WHERE committee_id IN {units})"
    sets["investment_project"] = (
        f"(SELECT id FROM investment_project WHERE category_id IN {sets['investment_category']})"
    )
    sets["goal"] = f"(SELECT id FROM goal WHERE area_id IN {sets['goal_area']})"
    sets["indicator"] = f"(SELECT id FROM indicator WHERE goal_id IN {sets['goal']})"
    sets["goal_item"] = (
        f"(SELECT id FROM goal_item WHERE goal_id IN {sets['goal']}"
        f" OR area_id IN {sets['goal_area']})"
    )
    return sets


def _kommun_sets(cid: int) -> dict[str, str]:
    """The same id sets in the kommun file, read from the staged scope table."""
    sets = {t: f"(SELECT id FROM temp.ks_scope WHERE tbl = '{t}')" for t, _l, _k in ID_TABLES}
    sets["cid"] = str(int(cid))
    return sets


@dataclass(frozen=True)
class Source:
    """One nämnd read from its file: where from, and its rows in the source's own ids."""

    path: Path
    name: str
    committee_id: int
    last_changeset: int | None
    rows: dict[str, list[tuple[Any, ...]]]


@dataclass
class Outcome:
    """What a consolidation did: per nämnd the rows written, and what it left alone."""

    kommun: str
    changeset_id: int | None = None
    written: dict[str, int] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    #: Nämnder edited in the kommun file since their consolidation: name → change set ids.
    edited: dict[str, list[int]] = field(default_factory=dict)
    #: Nämnder in the kommun file that no consolidation brought (made by hand there).
    foreign: list[str] = field(default_factory=list)
    kommun_created: bool = False


# -- reading the sources ----------------------------------------------------------------------
@dataclass
class _Checked:
    """What ``health.verify`` needs of a source (it is no Store: it is never written)."""

    path: Path
    conn: sqlite3.Connection
    verified: bool = False


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a source for reading only; immutable only when no WAL may hold newer data."""
    uri = path.resolve().as_uri()
    wal = Path(f"{path}-wal")
    modes = ["mode=ro"]
    if not wal.exists() or wal.stat().st_size == 0:
        modes.append("mode=ro&immutable=1")
    last: sqlite3.Error | None = None
    for mode in modes:
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None)
            conn.execute("PRAGMA schema_version").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            last = exc
            if health.is_damage(exc) or "not a database" in str(exc):
                break
    assert last is not None
    raise last


@contextlib.contextmanager
def open_source(path: Path, *, migrate: bool = True) -> Iterator[sqlite3.Connection]:
    """A source file opened read-only, checked sound, at this ksui's schema.

    A source from an older ksui is migrated in a copy in memory, never in its file: the
    nämnd's controller owns that file, and a consolidation must not change it (nor leave a
    ``.bak`` beside it). A source from a newer ksui is refused: its tables may hold what this
    ksui cannot map, and copying part of a nämnd would be worse than none. ``migrate=False``
    gives an older source as it is (for a look at its nämnder, without copying it first).
    """
    if not path.exists():
        raise StoreError(f"{path}: filen finns inte")
    if not path.is_file() or path.stat().st_size == 0:
        raise SchemaError(f"{path}: är ingen ksui-databas (tom fil eller ingen fil)")
    try:
        conn = _connect_read_only(path)
    except sqlite3.DatabaseError as exc:
        if health.is_damage(exc) and "not a database" not in str(exc):
            raise DamagedError(health.damaged_message(path, str(exc))) from None
        raise SchemaError(f"{path}: är ingen SQLite-databas ({exc})") from None
    memory: Store | None = None
    try:
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            health.verify(_Checked(path, conn))
        except sqlite3.DatabaseError as exc:
            if health.is_damage(exc) and "not a database" not in str(exc):
                raise DamagedError(health.damaged_message(path, str(exc))) from None
            raise SchemaError(f"{path}: är ingen SQLite-databas ({exc})") from None
        latest = latest_version()
        if version > latest:
            raise SchemaError(
                f"{path}: nämndens fil har schema {version}, men den här ksui kan högst "
                f"{latest}; uppdatera ksui innan konsolideringen"
            )
        if version == 0:
            raise SchemaError(f"{path}: är ingen ksui-databas (schema 0)")
        if version < latest and migrate:
            memory = Store(":memory:", create=True, migrate=False, verify=False)
            conn.backup(memory.conn)
            memory.migrate()
            yield memory.conn
        else:
            yield conn
    finally:
        if memory is not None:
            memory.conn.close()
        conn.close()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")]


def read_sources(
    conn: sqlite3.Connection, path: Path, columns: dict[str, list[str]]
) -> list[Source]:
    """Every nämnd of one source file, each with all of its rows (one read transaction)."""
    conn.execute("BEGIN")
    try:
        last = conn.execute("SELECT max(id) FROM changeset").fetchone()[0]
        committees = conn.execute(
            "SELECT id, name FROM unit WHERE kind = 'namnd' ORDER BY position, id"
        ).fetchall()
        found = []
        for cid, name in committees:
            sets = _source_sets(int(cid))
            rows: dict[str, list[tuple[Any, ...]]] = {}
            for table in columns:
                cols = ", ".join(f"[{c}]" for c in columns[table])
                order = " ORDER BY position, id" if table in _POSITIONED else ""
                where = SCOPES[table].format(**sets)
                rows[table] = conn.execute(
                    f"SELECT {cols} FROM [{table}] WHERE {where}{order}"
                ).fetchall()
            found.append(Source(path, str(name), int(cid), last, rows))
        return found
    finally:
        conn.execute("COMMIT")


_POSITIONED = frozenset(t for t, _l, _k in ID_TABLES)

#: The figures of a nämnd: nearly all of its rows (12 months × years × measures per unit).
#: In a nämnd new to the kommun file they get no audit rows of their own (they belong to
#: units, projects and indicators the change set inserted, each on record; see
#: ``_Writer.insert_owned``); every other row is audited field by field as ``Tx`` would.
BULK_TABLES = frozenset(
    {
        "drift_figure",
        "cost_figure",
        "forecast_status",
        "statement_value",
        "investment_figure",
        "indicator_value",
    }
)


# -- natural keys ------------------------------------------------------------------------------
def natural_keys(
    rows: dict[str, list[tuple[Any, ...]]], columns: dict[str, list[str]], cid: int
) -> dict[str, dict[int, tuple[Any, ...]]]:
    """Per id table, id → the key that names the row within its nämnd, in one file.

    A unit is named by its path of names below the nämnd; a project by its category's key
    and its name; a goal by its area's key, number and title … Rows that would share a key
    (two goals with the same number and title) are told apart by their order.
    """
    keys: dict[str, dict[int, tuple[Any, ...]]] = {t: {} for t, _l, _k in ID_TABLES}
    for table, links, names in ID_TABLES:
        cols = columns[table]
        index = {c: i for i, c in enumerate(cols)}
        table_rows = rows[table]
        if table == "unit":
            table_rows = _parents_first(table_rows, index, cid)
        seen: dict[tuple[Any, ...], int] = defaultdict(int)
        for row in table_rows:
            row_id = row[index["id"]]
            if table == "unit" and row_id == cid:
                keys["unit"][row_id] = ("namnd",)
                continue
            parts: list[Any] = []
            for column, target in links.items():
                value = row[index[column]]
                parts.append(None if value is None else keys[target].get(value))
            parts += [row[index[c]] for c in names]
            base = tuple(parts)
            keys[table][row_id] = (*base, seen[base])
            seen[base] += 1
    return keys


def _parents_first(
    rows: list[tuple[Any, ...]], index: dict[str, int], cid: int
) -> list[tuple[Any, ...]]:
    """Units ordered so that a parent always comes before its children (the nämnd first)."""
    children: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    by_id = {row[index["id"]]: row for row in rows}
    for row in rows:
        children[row[index["parent_id"]]].append(row)
    ordered: list[tuple[Any, ...]] = []
    stack = [by_id[cid]] if cid in by_id else []
    while stack:
        row = stack.pop(0)
        ordered.append(row)
        stack.extend(children.get(row[index["id"]], []))
    return ordered


# -- writing ------------------------------------------------------------------------------------
def _quote(column: str) -> str:
    return f"[{column}]"


def _encode_sql(expr: str) -> str:
    """An audit value as ``Tx`` writes it (JSON), computed by SQLite."""
    return f"CASE WHEN {expr} IS NULL THEN NULL ELSE json_quote({expr}) END"


def _key_sql(alias: str, pk: list[str]) -> str:
    """A row key as ``Tx`` writes it: JSON, keys sorted, ``": "`` and ``", "`` between."""
    parts = []
    for number, column in enumerate(sorted(pk)):
        lead = "{" if number == 0 else ", "
        parts.append(f"'{lead}\"{column}\": ' || json_quote({alias}.[{column}])")
    return " || ".join(parts) + " || '}'"


class _Writer:
    """The set-based writes of one consolidation change set, audited as ``Tx`` would."""

    def __init__(self, tx: Tx, columns: dict[str, list[str]]) -> None:
        self.tx = tx
        self.conn = tx.conn
        self.columns = columns
        self.made: set[str] = set()
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS ks_scope (tbl TEXT NOT NULL, id INTEGER NOT NULL,"
            " PRIMARY KEY (tbl, id)) WITHOUT ROWID"
        )

    def stage(self, table: str, rows: list[tuple[Any, ...]], *, keyed: bool) -> str:
        """Put the mapped rows into a temporary table shaped like ``table``.

        ``keyed``: index it by the table's primary key, for comparing it with the kommun's
        rows (a nämnd new to the kommun file has none to compare with, and is staged faster
        without the index).
        """
        name = f"ks_stage_{table}"
        cols = self.columns[table]
        if name not in self.made:
            self.conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
            # Typed as the table's columns (CREATE … AS keeps their affinity): an untyped
            # column would compare with affinity applied, and no index of it could be used.
            self.conn.execute(
                f"CREATE TEMP TABLE {name} AS SELECT {', '.join(_quote(c) for c in cols)}"
                f" FROM main.[{table}] WHERE 0"
            )
            self.made.add(name)
        self.conn.execute(f"DELETE FROM temp.{name}")
        marks = ", ".join("?" for _ in cols)
        self.conn.executemany(f"INSERT INTO temp.{name} VALUES ({marks})", rows)
        if keyed:
            pk = ", ".join(_quote(c) for c in self.tx.store.primary_keys(table))
            self.conn.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS temp.{name}_key ON {name} ({pk})")
        return name

    def _audit(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        count = self.conn.execute(sql, params).rowcount
        self.tx.changes += max(count, 0)
        return max(count, 0)

    def upsert(self, table: str, stage: str, order: str = "", *, fresh: bool = False) -> int:
        """Insert the staged rows the kommun lacks and update those that differ; audited.

        ``fresh``: the nämnd is new to the kommun file, so no staged row can exist there.
        """
        pk = self.tx.store.primary_keys(table)
        cols = self.columns[table]
        fields = [c for c in cols if c not in pk]
        cs = self.tx.changeset_id
        match = " AND ".join(f"t.[{c}] = s.[{c}]" for c in pk)
        key = _key_sql("s", pk)
        written = 0
        # Changed rows first (their audit needs the old values), then the new rows.
        if fields and not fresh:
            differs = " OR ".join(f"t.[{c}] IS NOT s.[{c}]" for c in fields)
            for column in fields:
                written += self._audit(
                    f"INSERT INTO audit (changeset_id, table_name, row_key, field, old_value,"
                    f" new_value) SELECT ?, ?, {key}, ?, {_encode_sql(f't.[{column}]')},"
                    f" {_encode_sql(f's.[{column}]')} FROM temp.{stage} s JOIN main.[{table}] t"
                    f" ON {match} WHERE t.[{column}] IS NOT s.[{column}]",
                    (cs, table, column),
                )
            sets = ", ".join(f"[{c}] = s.[{c}]" for c in fields)
            self.conn.execute(
                f"UPDATE main.[{table}] AS t SET {sets} FROM temp.{stage} AS s"
                f" WHERE {match} AND ({differs})"
            )
        new = "1" if fresh else f"NOT EXISTS (SELECT 1 FROM main.[{table}] t WHERE {match})"
        order_by = f" ORDER BY {order}" if order else ""
        # A temporary list of the new rows with their audit key (built once, used twice or
        # more), so that the audit and the insert see the same rows.
        self.conn.execute("DROP TABLE IF EXISTS temp.ks_new")
        self.conn.execute(
            f"CREATE TEMP TABLE ks_new AS SELECT s.rowid AS r, {key} AS k"
            f" FROM temp.{stage} s WHERE {new}{order_by}"
        )
        added = self._audit(
            "INSERT INTO audit (changeset_id, table_name, row_key, field, old_value, new_value)"
            " SELECT ?, ?, n.k, '*', NULL, n.k FROM temp.ks_new n ORDER BY n.rowid",
            (cs, table),
        )
        if added:
            written += added
            for column in fields:
                written += self._audit(
                    f"INSERT INTO audit (changeset_id, table_name, row_key, field, old_value,"
                    f" new_value) SELECT ?, ?, n.k, ?, NULL, {_encode_sql(f's.[{column}]')}"
                    f" FROM temp.ks_new n JOIN temp.{stage} s ON s.rowid = n.r"
                    f" WHERE s.[{column}] IS NOT NULL ORDER BY n.rowid",
                    (cs, table, column),
                )
            names = ", ".join(_quote(c) for c in cols)
            # Units parents first (their foreign key); other rows in key order, which
            # appends to the table's B-tree instead of inserting all over it.
            inserted = "n.rowid" if table == "unit" else ", ".join(f"s.[{c}]" for c in pk)
            self.conn.execute(
                f"INSERT INTO main.[{table}] ({names}) SELECT {', '.join(f's.[{c}]' for c in cols)}"
                f" FROM temp.ks_new n JOIN temp.{stage} s ON s.rowid = n.r ORDER BY {inserted}"
            )
        return written

    def insert_owned(self, table: str, stage: str) -> int:
        """Insert staged rows that all belong to rows this change set inserted; how many.

        Such a row is new by construction and gets no audit rows of its own: its owner is
        on record as added, so undo deletes the owner with every row that belongs to it,
        each on record (``Tx.delete``) for redo to bring back, and a later edit of the row
        depends on the owner (``ksui.store.undo``). Inserted in key order, which appends to
        the table's B-tree instead of inserting all over it.
        """
        pk = ", ".join(_quote(c) for c in self.tx.store.primary_keys(table))
        names = ", ".join(_quote(c) for c in self.columns[table])
        count = self.conn.execute(
            f"INSERT INTO main.[{table}] ({names}) SELECT {names} FROM temp.{stage} ORDER BY {pk}"
        ).rowcount
        return max(count, 0)

    def remove_missing(self, table: str, stage: str, scope: str, order: str = "") -> int:
        """Remove the nämnd's kommun rows the source no longer has, each on record."""
        pk = self.tx.store.primary_keys(table)
        cols = self.columns[table]
        fields = [c for c in cols if c not in pk]
        cs = self.tx.changeset_id
        match = " AND ".join(f"t.[{c}] = s.[{c}]" for c in pk)
        self.conn.execute("DROP TABLE IF EXISTS temp.ks_gone")
        order_by = f" ORDER BY {order}" if order else ""
        self.conn.execute(
            f"CREATE TEMP TABLE ks_gone AS SELECT * FROM main.[{table}] t WHERE ({scope})"
            f" AND NOT EXISTS (SELECT 1 FROM temp.{stage} s WHERE {match}){order_by}"
        )
        key = _key_sql("g", pk)
        written = self._audit(
            f"INSERT INTO audit (changeset_id, table_name, row_key, field, old_value, new_value)"
            f" SELECT ?, ?, {key}, '*', {key}, NULL FROM temp.ks_gone g ORDER BY g.rowid",
            (cs, table),
        )
        if not written:
            return 0
        for column in fields:
            written += self._audit(
                f"INSERT INTO audit (changeset_id, table_name, row_key, field, old_value,"
                f" new_value) SELECT ?, ?, {key}, ?, {_encode_sql(f'g.[{column}]')}, NULL"
                f" FROM temp.ks_gone g WHERE g.[{column}] IS NOT NULL ORDER BY g.rowid",
                (cs, table, column),
            )
        match_gone = " AND ".join(f"g.[{c}] = main.[{table}].[{c}]" for c in pk)
        self.conn.execute(
            f"DELETE FROM main.[{table}] WHERE EXISTS (SELECT 1 FROM temp.ks_gone g"
            f" WHERE {match_gone})"
        )
        return written


def _ancestor_depths(conn: sqlite3.Connection) -> None:
    """A temporary table of every unit's depth (for ordering units parents-first)."""
    conn.execute("DROP TABLE IF EXISTS temp.ks_depth")
    conn.execute(
        "CREATE TEMP TABLE ks_depth AS WITH RECURSIVE d(id, depth) AS ("
        " SELECT id, 0 FROM main.unit WHERE parent_id IS NULL"
        " UNION ALL SELECT u.id, d.depth + 1 FROM main.unit u JOIN d ON u.parent_id = d.id)"
        " SELECT id, depth FROM d"
    )


def _existing_rows(
    conn: sqlite3.Connection, cid: int, columns: dict[str, list[str]]
) -> dict[str, list[tuple[Any, ...]]]:
    """The kommun's rows of its copy of a nämnd, id tables only (for their natural keys)."""
    sets = _source_sets(cid)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table, _links, _names in ID_TABLES:
        cols = ", ".join(f"[{c}]" for c in columns[table])
        rows[table] = conn.execute(
            f"SELECT {cols} FROM main.[{table}] WHERE {SCOPES[table].format(**sets)}"
            " ORDER BY position, id"
        ).fetchall()
    return rows


def _edits_since(store: Store, cid: int, since: int) -> list[int]:
    """Change sets after ``since`` (other than consolidations) that touched the nämnd's rows.

    An edit later undone, and the undo that took it back, cancel out and do not count.
    """
    history = _History(store)
    nämnd = ("unit", key_json({"id": cid}))
    found: set[int] = set()
    rows = store.conn.execute(
        "SELECT DISTINCT a.changeset_id, a.table_name, a.row_key FROM audit a"
        " JOIN changeset c ON c.id = a.changeset_id"
        " WHERE a.changeset_id > ? AND c.description NOT LIKE ? || '%'",
        (since, DESCRIPTION_PREFIX),
    )
    for changeset_id, table, text in rows:
        if changeset_id in found or history.cancels_out(changeset_id, since):
            continue
        if (table, text) == nämnd or nämnd in history.ancestors(table, text):
            found.add(int(changeset_id))
    return sorted(found)


def describe(count: int, paths: Sequence[Path]) -> str:
    """The change set's description: »Konsolidering: 2 nämnder från a.sqlite, b.sqlite«."""
    names = [p.name for p in paths]
    shown = ", ".join(names[:3]) + (f" och {len(names) - 3} till" if len(names) > 3 else "")
    noun = "nämnd" if count == 1 else "nämnder"
    return f"{DESCRIPTION_PREFIX} {count} {noun} från {shown}"


def _find_unit(conn: sqlite3.Connection, kind: str, name: str) -> int | None:
    """The unit of a kind by name, case-insensitive in Python (SQLite's lower() is ASCII
    only, and »ÄLDRENÄMNDEN« is »Äldrenämnden«)."""
    wanted = name.strip().casefold()
    for unit_id, found in conn.execute(
        "SELECT id, name FROM unit WHERE kind = ? ORDER BY id", (kind,)
    ).fetchall():
        if str(found).strip().casefold() == wanted:
            return int(unit_id)
    return None


def consolidate(
    store: Store, paths: Sequence[Path], kommun_name: str, *, force: bool = False
) -> Outcome:
    """Bring every nämnd of ``paths`` into ``store`` below the kommun, in one change set.

    Refused before anything is written when a source is missing, damaged, of a newer ksui,
    the kommun file itself, or when two sources hold a nämnd of the same name. Any failure
    while writing rolls the whole run back: the kommun file is as it was.
    """
    kommun_path = store.path.resolve()
    for path in paths:
        if path.exists() and path.resolve() == kommun_path:
            raise StoreError(f"{path}: är kommunfilen själv; ange nämndernas filer")
    plain = plain_tables(store)
    columns = {
        t: _columns(store.conn, t) for t in [t for t, _l, _k in ID_TABLES] + [t for t, _l in plain]
    }
    # First every source is opened, checked and its nämnder named, so that a bad file or
    # a nämnd in two files is refused before anything is written; the rows are read one
    # file at a time inside the transaction, so memory holds one nämnd's rows, not all.
    owners: dict[str, Path] = {}
    counted = 0
    for path in paths:
        # An older source is migrated (in memory) only when its rows are read.
        with open_source(path, migrate=False) as conn:
            if _read(path, partial(_version, conn)) == latest_version():
                _same_columns(conn, path, columns)
            names = _read(path, partial(_committee_names, conn))
        if not names:
            raise StoreError(f"{path}: filen innehåller ingen nämnd")
        for name in names:
            _claim(owners, name, path)
        counted += len(names)
    outcome = Outcome(kommun=kommun_name)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction(describe(counted, paths)) as tx:
        conn = tx.conn
        kommun = _find_unit(conn, "kommun", kommun_name)
        if kommun is None:
            position = conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM unit WHERE parent_id IS NULL"
            ).fetchone()[0]
            kommun = tx.insert(
                "unit",
                {
                    "parent_id": None,
                    "kind": "kommun",
                    "name": kommun_name.strip(),
                    "code": None,
                    "position": position,
                },
            )
            outcome.kommun_created = True
        writer = _Writer(tx, columns)
        claimed: dict[str, Path] = {}
        for path in paths:
            with open_source(path) as source_conn:
                _same_columns(source_conn, path, columns)
                found = _read(path, partial(read_sources, source_conn, path, columns))
            for source in found:
                _claim(claimed, source.name, path)  # the file may have changed meanwhile
                written = _consolidate_one(tx, writer, plain, source, kommun, force, now, outcome)
                if written is not None:
                    if written:
                        outcome.written[source.name] = written
                    else:
                        outcome.unchanged.append(source.name)
            del found
        for name in ("ks_scope", "ks_new", "ks_gone", "ks_depth", *sorted(writer.made)):
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
        outcome.changeset_id = tx.changeset_id
    if not (outcome.written or outcome.kommun_created):
        outcome.changeset_id = None
    return outcome


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _same_columns(conn: sqlite3.Connection, path: Path, columns: dict[str, list[str]]) -> None:
    """Refuse a source whose tables differ from the kommun file's (same version, other ksui)."""
    for table in columns:
        if _read(path, partial(_columns, conn, table)) != columns[table]:
            raise SchemaError(f"{path}: tabellen {table} har andra kolumner än kommunfilens")


def _committee_names(conn: sqlite3.Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT name FROM unit WHERE kind = 'namnd'")]


def _read(path: Path, read: Callable[[], _T]) -> _T:
    """Run a read of a source, a damaged page or an unreadable file as one line."""
    try:
        return read()
    except sqlite3.DatabaseError as exc:
        if health.is_damage(exc):
            raise DamagedError(health.damaged_message(path, str(exc))) from None
        raise StoreError(f"{path}: kan inte läsas ({exc})") from None


def _claim(owners: dict[str, Path], name: str, path: Path) -> None:
    """Refuse a nämnd (by name, case-insensitive) that another file holds too."""
    key = name.strip().casefold()
    if key in owners:
        raise StoreError(
            f"nämnden »{name}« finns i två filer: {owners[key]} och {path}; ange bara den ena"
        )
    owners[key] = path


def _consolidate_one(
    tx: Tx,
    writer: _Writer,
    plain: list[tuple[str, dict[str, str]]],
    source: Source,
    kommun: int,
    force: bool,
    now: str,
    outcome: Outcome,
) -> int | None:
    """Make the kommun's copy of one nämnd equal to its source; None when left alone."""
    conn = tx.conn
    columns = writer.columns
    cid = _find_unit(conn, "namnd", source.name)
    provenance = None
    if cid is not None:
        provenance = conn.execute(
            "SELECT source_path, source_changeset, changeset_id FROM consolidation"
            " WHERE committee_id = ?",
            (cid,),
        ).fetchone()
        if not force:
            if provenance is None:
                outcome.foreign.append(source.name)
                return None
            edits = _edits_since(tx.store, cid, int(provenance[2]))
            if edits:
                outcome.edited[source.name] = edits
                return None
    fresh = cid is None
    if cid is None:
        cid = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM unit").fetchone()[0])
        position = int(
            conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM unit WHERE parent_id = ?", (kommun,)
            ).fetchone()[0]
        )
        existing: dict[str, list[tuple[Any, ...]]] = {t: [] for t, _l, _k in ID_TABLES}
    else:
        existing = _existing_rows(conn, cid, columns)
        # A nämnd keeps its place among the kommun's nämnder whatever order the files come in.
        position = int(conn.execute("SELECT position FROM unit WHERE id = ?", (cid,)).fetchone()[0])
    # Map every source id to the kommun's id of the row with the same natural key.
    source_keys = natural_keys(source.rows, columns, source.committee_id)
    kommun_keys = natural_keys(existing, columns, cid) if existing["unit"] else {}
    ids: dict[str, dict[int, int]] = {}
    for table, _links, _names in ID_TABLES:
        by_key = {k: i for i, k in kommun_keys.get(table, {}).items()}
        next_id = int(
            conn.execute(f"SELECT coalesce(max(id), 0) FROM main.[{table}]").fetchone()[0]
        )
        if table == "unit":
            next_id = max(next_id, cid)
        mapping: dict[int, int] = {}
        for source_id, key in source_keys[table].items():
            if table == "unit" and source_id == source.committee_id:
                mapping[source_id] = cid
                continue
            target = by_key.get(key)
            if target is None:
                next_id += 1
                target = next_id
            mapping[source_id] = target
        ids[table] = mapping
    conn.execute("DELETE FROM temp.ks_scope")
    scope_rows = [
        (t, i) for t, _l, _k in ID_TABLES for i in {*ids[t].values(), *(r[0] for r in existing[t])}
    ]
    conn.executemany("INSERT OR IGNORE INTO temp.ks_scope (tbl, id) VALUES (?, ?)", scope_rows)
    sets = _kommun_sets(cid)
    written = 0
    staged: list[tuple[str, str]] = []
    # Parents first: ids, then the rows that hang on them.
    for table, links in [(t, {**refs, "id": t}) for t, refs, _k in ID_TABLES] + plain:
        rows = _mapped(source, table, links, columns[table], ids, cid, kommun, position)
        stage = writer.stage(table, rows, keyed=not fresh)
        if fresh and table in BULK_TABLES:
            written += writer.insert_owned(table, stage)
            continue
        written += writer.upsert(table, stage, "s.rowid", fresh=fresh)
        staged.append((table, stage))
    # Then the rows the source no longer has, children before their parents (a nämnd new
    # to the kommun file has none there).
    for table, stage in [] if fresh else reversed(staged):
        scope = SCOPES[table].format(**sets)
        order = ""
        if table == "unit":
            scope = f"({scope}) AND t.id <> {cid}"
            _ancestor_depths(conn)
            order = "(SELECT depth FROM temp.ks_depth d WHERE d.id = t.id) DESC, t.id"
        written += writer.remove_missing(table, stage, scope, order)
    values = {
        "source_path": str(source.path.resolve()),
        "source_changeset": source.last_changeset,
    }
    unchanged = provenance is not None and (provenance[0], provenance[1]) == (
        values["source_path"],
        values["source_changeset"],
    )
    if written or not unchanged:
        before = tx.changes
        tx.upsert(
            "consolidation",
            {"committee_id": cid},
            {**values, "consolidated_at": now, "changeset_id": tx.changeset_id},
        )
        written += tx.changes - before
    return written


def _mapped(
    source: Source,
    table: str,
    links: dict[str, str],
    cols: list[str],
    ids: dict[str, dict[int, int]],
    cid: int,
    kommun: int,
    position: int,
) -> list[tuple[Any, ...]]:
    """The source's rows of one table with every id replaced by the kommun's."""
    index = {c: i for i, c in enumerate(cols)}
    maps = [(index[c], ids[t]) for c, t in links.items()]
    rows = source.rows[table]
    if table == "unit":
        # Staged (and so inserted and audited) parents first: undo removes children first.
        rows = _parents_first(rows, index, source.committee_id)
    out: list[tuple[Any, ...]] = []
    if table == "comment":
        entity, entity_id = index["entity"], index["entity_id"]
        for row in rows:
            target = ids.get(COMMENT_ENTITIES.get(row[entity], ""), {}).get(row[entity_id])
            if target is not None:
                values = list(row)
                values[entity_id] = target
                out.append(tuple(values))
        return out
    if table == "assessment":
        kind, target_id = index["target"], index["target_id"]
        for row in rows:
            target = ids.get(ASSESSMENT_TARGETS.get(row[kind], ""), {}).get(row[target_id])
            if target is not None:
                values = list(row)
                values[target_id] = target
                out.append(tuple(values))
        return out
    if table != "unit" and len(maps) == 1:
        return _mapped_one(rows, *maps[0])
    for row in rows:
        values = list(row)
        for column_index, mapping in maps:
            value = values[column_index]
            if value is None:
                continue
            target = mapping.get(value)
            if target is None:
                if table == "unit" and column_index == index["parent_id"]:
                    target = kommun  # the nämnd itself: below the kommun
                else:
                    break  # a row pointing outside the nämnd (broken data): left out
            values[column_index] = target
        else:
            if table == "unit" and values[index["id"]] == cid:
                values[index["parent_id"]] = kommun
                values[index["position"]] = position
            out.append(tuple(values))
    return out


def _mapped_one(
    rows: list[tuple[Any, ...]], at: int, mapping: dict[int, int]
) -> list[tuple[Any, ...]]:
    """``_mapped`` for the rows with one id column (the figures: most of a nämnd's rows)."""
    get = mapping.get
    out: list[tuple[Any, ...]] = []
    append = out.append
    for row in rows:
        value = row[at]
        if value is None:
            append(row)
            continue
        target = get(value)
        if target is not None:  # else a row pointing outside the nämnd (broken data): left out
            append((*row[:at], target, *row[at + 1 :]))
    return out


# -- what a kommun file keeps of its consolidations (read by the TUI's Kommunen screen) -------
