"""Every table and column of the schema has Swedish words, and changes read by their names."""

from __future__ import annotations

import re
from pathlib import Path

from ksui.actions import audit_words, history, structure
from ksui.actions.audit_words import BOOKKEEPING, TABLES
from ksui.store import Store

#: ``col IN ('a', 'b')`` in a CHECK: the codes a column may hold.
_CHECK_IN = re.compile(r"(\w+)\s+IN\s*\(([^()]*)\)", re.IGNORECASE)


def _data_tables(store: Store) -> dict[str, str]:
    """Every ordinary table a migration created, by name, with its SQL (no FTS shadows)."""
    kinds = {row[1]: row[2] for row in store.conn.execute("PRAGMA table_list")}
    return {
        name: sql or ""
        for name, sql in store.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if kinds.get(name) == "table"
        and name not in BOOKKEEPING
        and "VIRTUAL TABLE" not in (sql or "").upper()
    }


def test_every_table_and_column_of_the_schema_has_words(tmp_path: Path) -> None:
    store = Store(tmp_path / "schema.db", create=True)
    try:
        tables = _data_tables(store)
        assert "unit" in tables and "comment" in tables
        missing = sorted(set(tables) - set(TABLES))
        assert not missing, f"tabeller utan svenska ord i ksui.actions.audit_words: {missing}"
        for table in tables:
            columns = [row[1] for row in store.conn.execute(f"PRAGMA table_info([{table}])")]
            words = TABLES[table]
            assert words.noun and words.noun[0].isupper(), table
            without = [c for c in columns if not words.columns.get(c)]
            assert not without, f"{table}: kolumner utan svenska ord: {without}"
            # Each code a CHECK allows has its Swedish word (kind 'namnd' → »nämnd«).
            for column, listed in _CHECK_IN.findall(tables[table]):
                codes = re.findall(r"'([^']*)'", listed)
                if column not in columns or not codes:
                    continue
                known = words.values.get(column, {})
                lacking = [c for c in codes if c not in known]
                assert not lacking, f"{table}.{column}: koder utan svenska ord: {lacking}"
            for column in (*words.refs, *words.money, *words.texts, *words.main):
                assert column in columns, f"{table}.{column} finns inte i schemat"
    finally:
        store.close()


def test_a_removed_unit_is_named_by_its_audit_rows(demo_path: Path) -> None:
    store = Store(demo_path)
    try:
        ids = {name: uid for uid, name in store.conn.execute("SELECT id, name FROM unit")}
        added = structure.add_unit(store, ids["Kommunstyrelsens kontor"], "Tillfällig")
        assert added.row_id is not None
        structure.delete_unit(store, added.row_id)
        removed, created = history.audit_log(store, limit=2)
        assert "Enhet Tillfällig: borttagen" in [w.line for w in removed.words]
        # The older change set, read alone, still names the unit that no longer exists.
        alone = history.changeset(store, created.id)
        assert alone is not None
        assert "Enhet Tillfällig: förälder – → Kommunstyrelsens kontor" in [
            w.line for w in alone.words
        ]
    finally:
        store.close()


def test_old_descriptions_with_ids_read_by_their_first_change() -> None:
    words = [audit_words.ChangeWords("Kommentar på Ekonomi, 2017", "", "–", "»Ny«")]
    assert audit_words.title("Kommentar på unit 5 2017", words) == "Kommentar på Ekonomi, 2017"
    assert audit_words.title("Ny enhet Stab", words) == "Ny enhet Stab"
    undone = audit_words.title("Ångrade nr 7: Kommentar på unit 5 2017", words)
    assert undone == "Ångrade nr 7: Kommentar på Ekonomi, 2017"
