"""The full-text index (schema 10): triggers keep it current, hostile queries never raise."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ksui.actions import ImportRequest, edits, history, imports, structure
from ksui.config import Config
from ksui.store import Store
from ksui.store import search as index
from ksui.store.db import _split_sql, migrations
from tests.actions.conftest import unit_id


def texts(store: Store, words: str, **kwargs: object) -> list[str]:
    """The full text of each hit (from the snippet pieces), best first."""
    return ["".join(t for t, _ in h.segments) for h in index.search(store, words, **kwargs)]


def found(store: Store, words: str) -> bool:
    return bool(index.search(store, words))


def test_the_demo_is_indexed_and_the_index_is_sound(store: Store) -> None:
    assert index.index_size(store) > 100
    store.conn.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
    hit = index.search(store, "arvodesbudget")[0]
    assert (hit.source, hit.owner, hit.row_name) == ("comment", "unit", "Politisk ledning")
    assert [t for t, is_hit in hit.segments if is_hit] == ["arvodesbudget"]


def test_an_edit_an_undo_and_a_removal_show_in_the_next_search(store: Store) -> None:
    hr = unit_id(store, "HR")
    assert not found(store, "snöskottarna")
    written = edits.set_comment(store, "unit", hr, 2017, "Snöskottarna minskade i maj.")
    assert texts(store, "snöskott") == ["Snöskottarna minskade i maj."]
    edits.set_comment(store, "unit", hr, 2017, "Plankstrecket gav överskottet.")
    assert not found(store, "snöskottarna") and found(store, "plankstrecket")
    history.undo(store, history.latest_changeset(store) or 0)
    assert found(store, "snöskottarna") and not found(store, "plankstrecket")
    history.undo(store, written.changeset or 0)
    assert not found(store, "snöskottarna")
    store.conn.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")


def test_goal_texts_items_reasons_and_removed_rows(store: Store) -> None:
    area = int(store.conn.execute("SELECT id FROM goal_area ORDER BY id").fetchone()[0])
    goal = structure.add_goal(store, area, "Cykelvägarna ska bli fler").row_id
    assert goal is not None and found(store, "cykelvägarna")
    edits.set_field(
        store, "goal", goal, "followup", "Tolv kilometer byggdes.", reason="Ny zebramätning"
    )
    assert found(store, "kilometer")
    assert [h.source for h in index.search(store, "zebramätning")] == ["changeset"]
    structure.delete_goal(store, goal)
    assert not found(store, "cykelvägarna") and not found(store, "kilometer")
    history.undo(store, history.latest_changeset(store) or 0)  # the goal comes back
    assert found(store, "cykelvägarna") and found(store, "kilometer")


def test_an_import_shows_in_the_next_search(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text(
        "Enhet;År;Period;Budget;Kommentar\nHR;2017;bokslut;1;Rekryteringen drog ut på tiden\n",
        encoding="utf-8",
    )
    outcome = imports.run_import(store, ImportRequest("drift", path, period="bokslut"), Config())
    assert outcome.error is None, outcome.error
    assert texts(store, "rekryteringen") == ["Rekryteringen drog ut på tiden"]
    history.undo(store, outcome.changeset_id or 0)
    assert not found(store, "rekryteringen")


@pytest.mark.parametrize(
    "query",
    ['"', "*", "AND (", "NEAR(", "OR", "-", "^", ":", "text:", "a\x00b", "\x1b[31m", "(((", ""],
)
def test_hostile_queries_never_raise(store: Store, query: str) -> None:
    assert isinstance(index.search(store, query), list)


def test_fts_syntax_is_searched_as_words(store: Store) -> None:
    hr = unit_id(store, "HR")
    edits.set_comment(store, "unit", hr, 2017, 'Se "NEAR" AND OR i protokollet')
    assert found(store, "NEAR(") and found(store, '"protokoll') and found(store, "AND (")
    assert index.match_expression('NEAR(" x*') == '"NEAR"* "x"*'
    assert index.match_expression('" * ( )') is None


def test_swedish_letters_stay_distinct_and_prefixes_match(store: Store) -> None:
    hr = unit_id(store, "HR")
    ekonomi = unit_id(store, "Ekonomi")
    edits.set_comment(store, "unit", hr, 2017, "Klippning av hår på fritidsgården.")
    edits.set_comment(store, "unit", ekonomi, 2017, "Vi har för få kvitton.")
    assert "Klippning av hår på fritidsgården." in texts(store, "hår")
    assert "Vi har för få kvitton." not in texts(store, "hår")
    assert "Vi har för få kvitton." in texts(store, "har")
    assert "Klippning av hår på fritidsgården." not in texts(store, "har")
    assert texts(store, "fritidsgård") == ["Klippning av hår på fritidsgården."]
    assert texts(store, "HÅR") == texts(store, "hår")  # case folds, diacritics stay


def test_every_word_must_be_there_and_bm25_ranks(store: Store) -> None:
    hr = unit_id(store, "HR")
    ekonomi = unit_id(store, "Ekonomi")
    edits.set_comment(store, "unit", hr, 2017, "Zebra zebra zebra.")
    edits.set_comment(
        store, "unit", ekonomi, 2017, "En zebra bland många andra ord i en lång text."
    )
    hits = index.search(store, "zebra")
    assert [h.row_name for h in hits] == ["HR", "Ekonomi"]
    assert hits[0].rank <= hits[1].rank
    assert [h.row_name for h in index.search(store, "zebra lång")] == ["Ekonomi"]


def test_a_committee_filter_and_a_limit(store: Store) -> None:
    committee = unit_id(store, "Kommunstyrelsen")
    assert index.search(store, "budget", committee_id=committee, limit=3)
    assert len(index.search(store, "budget", limit=3)) == 3
    assert index.search(store, "budget", committee_id=committee + 10_000) == []


def test_migrating_a_schema_7_file_fills_the_index(tmp_path: Path) -> None:
    """A file from before the index: its existing texts are searchable after the upgrade."""
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    for number, script in migrations():
        if number > 7:
            break
        for statement in _split_sql(script.read_text(encoding="utf-8")):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 7")
    conn.execute("INSERT INTO unit (id, kind, name) VALUES (1, 'namnd', 'Kulturnämnden')")
    conn.execute(
        "INSERT INTO unit (id, parent_id, kind, name) VALUES (2, 1, 'verksamhet', 'Bibliotek')"
    )
    conn.execute(
        "INSERT INTO comment (entity, entity_id, field, year, text)"
        " VALUES ('unit', 2, '', 2017, 'Meröppet bibliotek i Järna')"
    )
    conn.execute("INSERT INTO goal_area (id, committee_id, name) VALUES (1, 1, 'Läsande')")
    conn.execute(
        "INSERT INTO goal (id, area_id, number, title, followup)"
        " VALUES (1, 1, 1, 'Fler lånar böcker', 'Utlåningen ökade')"
    )
    conn.execute(
        "INSERT INTO changeset (at, user, description, reason)"
        " VALUES ('2017-01-01', 'anna', 'Ändrade', 'Beslut i nämnden om taxor')"
    )
    conn.commit()
    conn.close()
    store = Store(path)
    try:
        assert store.version >= 10
        assert texts(store, "järna") == ["Meröppet bibliotek i Järna"]
        assert {h.source for h in index.search(store, "utlåningen")} == {"goal"}
        assert index.search(store, "taxor")[0].source == "changeset"
        assert index.search(store, "böcker")[0].committee == "Kulturnämnden"
    finally:
        store.close()


def test_split_sql_keeps_a_trigger_whole() -> None:
    script = (
        "-- a comment; with a semicolon\nCREATE TABLE t (x);\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  INSERT INTO t VALUES (1);\n"
        "  DELETE FROM t WHERE x = 2;\nEND;\nCREATE INDEX i ON t(x);"
    )
    parts = _split_sql(script)
    assert len(parts) == 3
    assert parts[1].startswith("CREATE TRIGGER") and parts[1].endswith("END")
