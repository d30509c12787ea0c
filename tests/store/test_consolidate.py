"""Konsolidering: nämnd files into a kommun file, ids mapped, re-runs idempotent, undoable."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ksui.store import Store, StoreError
from ksui.store import consolidate as consolidation
from ksui.store.consolidate import ID_TABLES, NOT_COPIED, consolidate, plain_tables
from ksui.store.db import migrations
from ksui.store.demo import create_database
from ksui.store.undo import revert

KOMMUN = "Testkommun"


def build_namnd(path: Path, name: str = "Kultur- och fritidsnämnden", base: int = 1000) -> Path:
    """A second nämnd file, built through the store API: units, figures, goals, a project."""
    store = create_database(path, demo=False)
    try:
        with store.transaction("Bygg nämnden") as tx:
            kommun = tx.insert("unit", {"kind": "kommun", "name": "Någon kommun"})
            namnd = tx.insert(
                "unit", {"parent_id": kommun, "kind": "namnd", "name": name, "code": "KFN"}
            )
            kontor = tx.insert(
                "unit", {"parent_id": namnd, "kind": "kontor", "name": "Kontoret", "position": 1}
            )
            for number, unit_name in enumerate(("Bibliotek", "Idrott", "Ekonomi")):
                uid = tx.insert(
                    "unit",
                    {
                        "parent_id": kontor,
                        "kind": "verksamhet",
                        "name": unit_name,
                        "code": f"V{number}",
                        "position": number,
                    },
                )
                for period, factor in (("m08", 6), ("bokslut", 10)):
                    for measure in ("budget", "actual", "forecast"):
                        amount = (base + number * 100 + factor) * 100_000 + len(measure)
                        tx.upsert(
                            "drift_figure",
                            {"unit_id": uid, "year": 2017, "period": period, "measure": measure},
                            {"amount": amount},
                        )
                tx.upsert(
                    "comment",
                    {"entity": "unit", "entity_id": uid, "field": "", "year": 2017},
                    {"text": f"Kommentar om {unit_name}"},
                )
            area = tx.insert("goal_area", {"committee_id": namnd, "name": "Attraktiv kommun"})
            goal = tx.insert("goal", {"area_id": area, "number": 1, "title": "Fler besökare"})
            indicator = tx.insert("indicator", {"goal_id": goal, "name": "Besök per invånare"})
            tx.upsert(
                "indicator_value",
                {"indicator_id": indicator, "series": "", "year": 2017},
                {"value": "4.5"},
            )
            tx.upsert(
                "assessment",
                {"target": "goal", "target_id": goal, "year": 2017, "period": "bokslut"},
                {"value": "ok"},
            )
            category = tx.insert(
                "investment_category", {"committee_id": namnd, "kind": "namnd", "name": "Nämnd"}
            )
            project = tx.insert(
                "investment_project", {"category_id": category, "name": "Ny konstgräsplan"}
            )
            tx.upsert(
                "investment_figure",
                {"project_id": project, "year": 2017, "period": "bokslut"},
                {"appropriation": 5_000_000, "spent": 4_200_000},
            )
    finally:
        store.close()
    return path


@pytest.fixture
def files(demo_path: Path, tmp_path: Path) -> dict[str, Path]:
    """An empty kommun file, the demo's nämnd (Kommunstyrelsen) and a store-built one."""
    kommun = tmp_path / "kommun.sqlite"
    create_database(kommun, demo=False).close()
    return {"kommun": kommun, "ks": demo_path, "kfn": build_namnd(tmp_path / "kfn.sqlite")}


@pytest.fixture
def kommun(files: dict[str, Path]) -> Iterator[Store]:
    store = Store(files["kommun"])
    yield store
    store.close()


def run(store: Store, *paths: Path, force: bool = False) -> consolidation.Outcome:
    return consolidate(store, list(paths), KOMMUN, force=force)


def _paths(conn: sqlite3.Connection) -> dict[int, tuple[str, ...]]:
    """Each unit's path of names from the top (the same unit in any file has the same)."""
    rows = conn.execute("SELECT id, parent_id, name FROM unit").fetchall()
    parent = {r[0]: r[1] for r in rows}
    name = {r[0]: r[2] for r in rows}
    out = {}
    for uid in parent:
        path, current = [], uid
        while current is not None:
            path.append(name[current])
            current = parent[current]
        out[uid] = tuple(reversed(path))
    return out


def content(path_or_conn: Path | sqlite3.Connection, namnd: str) -> dict[str, set[Any]]:
    """A nämnd's data by names, not ids: what must be equal in the source and the kommun."""
    conn = sqlite3.connect(path_or_conn) if isinstance(path_or_conn, Path) else path_or_conn
    paths = _paths(conn)

    def below(uid: int) -> tuple[str, ...] | None:
        full = paths[uid]
        return full[full.index(namnd) :] if namnd in full else None

    figures = {
        (below(u), y, p, m, a)
        for u, y, p, m, a in conn.execute(
            "SELECT unit_id, year, period, measure, amount FROM drift_figure"
        )
        if below(u)
    }
    comments = {
        (below(i), f, y, t)
        for e, i, f, y, t in conn.execute(
            "SELECT entity, entity_id, field, year, text FROM comment WHERE entity IN"
            " ('unit', 'future', 'internal_control')"
        )
        if below(i)
    }
    units = {
        (below(u), k, c, p)
        for u, k, c, p in conn.execute("SELECT id, kind, code, position FROM unit")
        if below(u) and below(u) != (namnd,)
    }
    goals = {
        (below(c), a, g, n, i, v)
        for c, a, g, n, i, v in conn.execute(
            "SELECT ga.committee_id, ga.name, g.title, g.number, ind.name, iv.value"
            " FROM goal_area ga JOIN goal g ON g.area_id = ga.id"
            " LEFT JOIN indicator ind ON ind.goal_id = g.id"
            " LEFT JOIN indicator_value iv ON iv.indicator_id = ind.id"
        )
        if below(c)
    }
    projects = {
        (below(c), cat, p, y, per, ap, sp)
        for c, cat, p, y, per, ap, sp in conn.execute(
            "SELECT c.committee_id, c.name, p.name, f.year, f.period, f.appropriation, f.spent"
            " FROM investment_category c JOIN investment_project p ON p.category_id = c.id"
            " JOIN investment_figure f ON f.project_id = p.id"
        )
        if below(c)
    }
    assessments = {
        (below(c), g, y, p, v)
        for c, g, y, p, v in conn.execute(
            "SELECT ga.committee_id, g.title, a.year, a.period, a.value FROM assessment a"
            " JOIN goal g ON a.target = 'goal' AND a.target_id = g.id"
            " JOIN goal_area ga ON ga.id = g.area_id"
        )
        if below(c)
    }
    if isinstance(path_or_conn, Path):
        conn.close()
    return {
        "figures": figures,
        "comments": comments,
        "units": units,
        "goals": goals,
        "projects": projects,
        "assessments": assessments,
    }


def data_dump(store: Store) -> list[str]:
    """Every data row of the file (not the audit trail or the derived search index)."""
    return [
        line
        for line in store.conn.iterdump()
        if not line.startswith(('INSERT INTO "search_', 'INSERT INTO "audit"'))
        and not line.startswith('INSERT INTO "changeset"')
    ]


def counts(store: Store) -> dict[str, int]:
    tables = [t for t, _l, _k in ID_TABLES] + [t for t, _l in plain_tables(store)]
    tables += ["consolidation", "changeset", "audit"]
    return {t: store.conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- bringing in ---------------------------------------------------------------------------------
def test_two_namnder_come_in_below_a_new_kommun(kommun: Store, files: dict[str, Path]) -> None:
    outcome = run(kommun, files["ks"], files["kfn"])
    assert outcome.kommun_created
    assert set(outcome.written) == {"Kommunstyrelsen", "Kultur- och fritidsnämnden"}
    top = kommun.conn.execute("SELECT id, name FROM unit WHERE kind = 'kommun'").fetchall()
    assert [name for _id, name in top] == [KOMMUN]
    below = kommun.conn.execute(
        "SELECT name FROM unit WHERE kind = 'namnd' AND parent_id = ? ORDER BY position",
        (top[0][0],),
    ).fetchall()
    assert [r[0] for r in below] == ["Kommunstyrelsen", "Kultur- och fritidsnämnden"]
    for key, name in (("ks", "Kommunstyrelsen"), ("kfn", "Kultur- och fritidsnämnden")):
        source, copy = content(files[key], name), content(kommun.conn, name)
        for part in source:
            assert source[part], (name, part)  # the test data has some of every kind
            assert copy[part] == source[part], (name, part)
    # The same number of rows as the two sources hold together, table by table.
    for table in ("drift_figure", "statement_value", "goal", "indicator_value", "comment"):
        expected = 0
        for key in ("ks", "kfn"):
            with sqlite3.connect(files[key]) as conn:
                expected += conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
        got = kommun.conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
        assert got == expected, table
    provenance = kommun.conn.execute(
        "SELECT source_path, source_changeset, changeset_id FROM consolidation ORDER BY 1"
    ).fetchall()
    assert [Path(p).name for p, _s, _c in provenance] == ["kfn.sqlite", "ksui.sqlite"]
    assert all(c == outcome.changeset_id for _p, _s, c in provenance)
    description = kommun.conn.execute(
        "SELECT description FROM changeset WHERE id = ?", (outcome.changeset_id,)
    ).fetchone()[0]
    assert description == "Konsolidering: 2 nämnder från ksui.sqlite, kfn.sqlite"


def test_ids_are_mapped_not_copied(kommun: Store, files: dict[str, Path]) -> None:
    # Both sources number their units from 1: the second one's must get new ids.
    run(kommun, files["kfn"])
    run(kommun, files["ks"])
    assert content(kommun.conn, "Kommunstyrelsen") == content(files["ks"], "Kommunstyrelsen")
    name = "Kultur- och fritidsnämnden"
    assert content(kommun.conn, name) == content(files["kfn"], name)
    orphans = kommun.conn.execute("PRAGMA foreign_key_check").fetchall()
    assert orphans == []


def test_sources_are_only_read(kommun: Store, files: dict[str, Path]) -> None:
    before = {k: (digest(p), p.stat().st_mtime_ns) for k, p in files.items() if k != "kommun"}
    run(kommun, files["ks"], files["kfn"])
    after = {k: (digest(p), p.stat().st_mtime_ns) for k, p in files.items() if k != "kommun"}
    assert after == before
    assert not list(files["kfn"].parent.glob("kfn.sqlite*.bak"))


def test_a_second_run_writes_nothing(kommun: Store, files: dict[str, Path]) -> None:
    run(kommun, files["ks"], files["kfn"])
    before, rows = counts(kommun), data_dump(kommun)
    again = run(kommun, files["kfn"], files["ks"])  # another order changes nothing either
    assert again.changeset_id is None
    assert again.written == {}
    assert sorted(again.unchanged) == ["Kommunstyrelsen", "Kultur- och fritidsnämnden"]
    assert counts(kommun) == before
    assert data_dump(kommun) == rows


def test_an_edited_source_updates_only_what_changed(kommun: Store, files: dict[str, Path]) -> None:
    run(kommun, files["ks"], files["kfn"])
    with sqlite3.connect(files["kfn"]) as conn:
        conn.execute(
            "UPDATE drift_figure SET amount = 123 WHERE period = 'bokslut' AND measure = 'actual'"
            " AND unit_id = (SELECT id FROM unit WHERE name = 'Idrott')"
        )
        conn.execute(
            "DELETE FROM comment WHERE text IN ('Kommentar om Bibliotek', 'Kommentar om Ekonomi')"
        )
        conn.execute(
            "DELETE FROM drift_figure WHERE unit_id = (SELECT id FROM unit WHERE name = 'Ekonomi')"
        )
        conn.execute("DELETE FROM unit WHERE name = 'Ekonomi'")
        conn.execute("INSERT INTO changeset (at, user, description) VALUES ('x', 'y', 'z')")
    outcome = run(kommun, files["ks"], files["kfn"])
    name = "Kultur- och fritidsnämnden"
    assert list(outcome.written) == [name]
    assert outcome.unchanged == ["Kommunstyrelsen"]
    assert content(kommun.conn, name) == content(files["kfn"], name)
    tables = {
        r[0]
        for r in kommun.conn.execute(
            "SELECT DISTINCT table_name FROM audit WHERE changeset_id = ?", (outcome.changeset_id,)
        )
    }
    assert tables == {"drift_figure", "comment", "unit", "consolidation"}
    changed_amounts = kommun.conn.execute(
        "SELECT count(*) FROM audit WHERE changeset_id = ? AND table_name = 'drift_figure'"
        " AND old_value IS NOT NULL AND new_value IS NOT NULL",
        (outcome.changeset_id,),
    ).fetchone()[0]
    assert changed_amounts == 1
    assert kommun.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_kommun_side_edit_is_left_alone_unless_forced(
    kommun: Store, files: dict[str, Path]
) -> None:
    run(kommun, files["ks"], files["kfn"])
    figure = (
        "SELECT amount FROM drift_figure WHERE period = 'bokslut' AND measure = 'budget'"
        " AND unit_id = (SELECT id FROM unit WHERE name = 'Idrott')"
    )
    original = kommun.conn.execute(figure).fetchone()[0]
    with kommun.transaction("Ändrade i kommunfilen") as tx:
        uid = kommun.conn.execute("SELECT id FROM unit WHERE name = 'Idrott'").fetchone()[0]
        tx.upsert(
            "drift_figure",
            {"unit_id": uid, "year": 2017, "period": "bokslut", "measure": "budget"},
            {"amount": 1},
        )
        edit = tx.changeset_id
    with sqlite3.connect(files["kfn"]) as conn:  # and the source changed as well
        conn.execute("UPDATE unit SET code = 'NY' WHERE name = 'Bibliotek'")
    outcome = run(kommun, files["ks"], files["kfn"])
    assert outcome.edited == {"Kultur- och fritidsnämnden": [edit]}
    assert outcome.changeset_id is None
    assert kommun.conn.execute(figure).fetchone()[0] == 1
    forced = run(kommun, files["ks"], files["kfn"], force=True)
    assert list(forced.written) == ["Kultur- och fritidsnämnden"]
    assert kommun.conn.execute(figure).fetchone()[0] == original
    code = "SELECT code FROM unit WHERE name = 'Bibliotek'"
    assert kommun.conn.execute(code).fetchone()[0] == "NY"
    # After the forced run the nämnd is the source's again: the next run is quiet.
    assert run(kommun, files["ks"], files["kfn"]).changeset_id is None


def test_an_edit_undone_in_the_kommun_file_does_not_count(
    kommun: Store, files: dict[str, Path]
) -> None:
    run(kommun, files["kfn"])
    with kommun.transaction("Ändrade i kommunfilen") as tx:
        uid = kommun.conn.execute("SELECT id FROM unit WHERE name = 'Idrott'").fetchone()[0]
        tx.upsert("unit", {"id": uid}, {"code": "X"})
        edit = tx.changeset_id
    revert(kommun, edit, "Ångrade")
    assert run(kommun, files["kfn"]).edited == {}


def test_a_namnd_made_in_the_kommun_file_is_not_overwritten(
    demo_path: Path, files: dict[str, Path]
) -> None:
    # The demo file itself as the kommun file: its Kommunstyrelsen came from no consolidation.
    other = files["kfn"].with_name("ks-copy.sqlite")
    shutil.copy(demo_path, other)
    store = Store(demo_path)
    try:
        before = data_dump(store)
        outcome = consolidate(store, [other], "Södertälje kommun")
        assert outcome.foreign == ["Kommunstyrelsen"]
        assert data_dump(store) == before
    finally:
        store.close()


# -- refusals ------------------------------------------------------------------------------------
def test_the_same_namnd_in_two_files_is_refused(kommun: Store, files: dict[str, Path]) -> None:
    twin = build_namnd(files["kfn"].with_name("twin.sqlite"), name="KULTUR- OCH FRITIDSNÄMNDEN")
    before = digest(files["kommun"])
    with pytest.raises(StoreError) as refused:
        run(kommun, files["kfn"], twin)
    message = str(refused.value)
    assert str(files["kfn"]) in message and str(twin) in message
    assert counts(kommun)["unit"] == 0
    kommun.close()
    assert digest(files["kommun"]) == before


@pytest.mark.parametrize("damage", ["missing", "garbage", "newer", "kommun itself"])
def test_a_bad_source_is_refused_with_one_line(
    kommun: Store, files: dict[str, Path], damage: str
) -> None:
    bad = files["kfn"].with_name("bad.sqlite")
    if damage == "garbage":
        bad.write_bytes(b"this is no database at all" * 100)
    elif damage == "newer":
        shutil.copy(files["kfn"], bad)
        with sqlite3.connect(bad) as conn:
            conn.execute("PRAGMA user_version = 99")
    elif damage == "kommun itself":
        bad = files["kommun"]
    run(kommun, files["ks"])
    before = data_dump(kommun), counts(kommun)
    with pytest.raises(StoreError) as refused:
        run(kommun, files["ks"], files["kfn"], bad)
    message = str(refused.value)
    assert "\n" not in message and str(bad) in message
    if damage == "newer":
        assert "schema 99" in message
    assert (data_dump(kommun), counts(kommun)) == before


def test_a_failure_on_a_later_namnd_leaves_the_kommun_file_as_it_was(
    kommun: Store, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(kommun, files["ks"])
    before = data_dump(kommun), counts(kommun)
    real = consolidation._consolidate_one
    calls = []

    def failing(*args: Any, **kwargs: Any) -> int | None:
        calls.append(1)
        if len(calls) == 2:
            raise StoreError("disken tog slut")
        return real(*args, **kwargs)

    monkeypatch.setattr(consolidation, "_consolidate_one", failing)
    with sqlite3.connect(files["ks"]) as conn:  # so that the first nämnd has work to do
        conn.execute("UPDATE drift_figure SET amount = amount + 1")
    with pytest.raises(StoreError, match="disken"):
        run(kommun, files["ks"], files["kfn"])
    assert len(calls) == 2
    assert (data_dump(kommun), counts(kommun)) == before
    temp = kommun.conn.execute("SELECT name FROM temp.sqlite_master").fetchall()
    assert temp == []


def test_an_older_source_is_migrated_in_memory_only(kommun: Store, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    for number, path in migrations():
        if number > 6:
            break
        conn.executescript(path.read_text(encoding="utf-8"))
    conn.execute("INSERT INTO unit (id, kind, name) VALUES (1, 'namnd', 'Gamla nämnden')")
    conn.execute("INSERT INTO unit (id, parent_id, kind, name) VALUES (2, 1, 'verksamhet', 'A')")
    conn.execute("INSERT INTO drift_figure VALUES (2, 2016, 'bokslut', 'budget', 500)")
    conn.execute(
        "INSERT INTO statement_value VALUES (1, 'resultat', 'x', 2016, 'm01', 'budget', 7)"
    )
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    before = digest(old)
    outcome = run(kommun, old)
    assert list(outcome.written) == ["Gamla nämnden"]
    assert digest(old) == before
    assert not list(tmp_path.glob("old.sqlite*.bak"))
    assert content(kommun.conn, "Gamla nämnden")["figures"] == {
        (("Gamla nämnden", "A"), 2016, "bokslut", "budget", 500)
    }


# -- undo ----------------------------------------------------------------------------------------
def test_undo_of_a_consolidation_gives_the_kommun_file_back(
    kommun: Store, files: dict[str, Path]
) -> None:
    empty = data_dump(kommun)
    first = run(kommun, files["ks"], files["kfn"])
    after_first = data_dump(kommun)
    with sqlite3.connect(files["kfn"]) as conn:
        conn.execute("UPDATE drift_figure SET amount = amount + 7 WHERE measure = 'actual'")
        conn.execute("DELETE FROM comment WHERE text = 'Kommentar om Idrott'")
    second = run(kommun, files["ks"], files["kfn"])
    assert second.changeset_id is not None
    revert(kommun, second.changeset_id, "Ångrade", confirmed=True)
    assert data_dump(kommun) == after_first
    assert first.changeset_id is not None
    revert(kommun, first.changeset_id, "Ångrade", confirmed=True)
    assert data_dump(kommun) == empty
    assert kommun.conn.execute("SELECT count(*) FROM search_doc").fetchone()[0] == 0


# -- the schema ----------------------------------------------------------------------------------
def test_every_table_of_a_namnd_is_consolidated(kommun: Store) -> None:
    """A table added by a later migration must be copied, or named as not a nämnd's."""
    copied = {t for t, _l, _k in ID_TABLES} | {t for t, _l in plain_tables(kommun)}
    tables = {
        name
        for name, sql in kommun.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%'"
        )
        if "VIRTUAL TABLE" not in (sql or "").upper()
    }
    unplaced = tables - copied - NOT_COPIED
    assert not unplaced, (
        f"tabeller som ksui consolidate varken kopierar eller utesluter: {unplaced}"
    )


def test_a_namnd_is_the_same_whatever_the_case_of_its_name(
    kommun: Store, files: dict[str, Path]
) -> None:
    run(kommun, files["kfn"])
    with sqlite3.connect(files["kfn"]) as conn:  # Ä is outside SQLite's own lower()
        conn.execute("UPDATE unit SET name = 'KULTUR- OCH FRITIDSNÄMNDEN' WHERE kind = 'namnd'")
    outcome = run(kommun, files["kfn"])
    assert list(outcome.written) == ["KULTUR- OCH FRITIDSNÄMNDEN"]
    names = kommun.conn.execute("SELECT name FROM unit WHERE kind = 'namnd'").fetchall()
    assert names == [("KULTUR- OCH FRITIDSNÄMNDEN",)]


def test_a_lock_travels_with_its_namnd(kommun: Store, files: dict[str, Path]) -> None:
    with sqlite3.connect(files["kfn"]) as conn:
        conn.execute(
            "INSERT INTO period_lock (committee_id, year, period, locked_at, locked_by, note)"
            " SELECT id, 2017, 'bokslut', 'x', 'y', 'Attesterad' FROM unit WHERE kind = 'namnd'"
        )
    outcome = run(kommun, files["kfn"])
    locks = kommun.conn.execute("SELECT year, period, note FROM period_lock").fetchall()
    assert locks == [(2017, "bokslut", "Attesterad")]
    # As for any change set that locks: undo refuses it (the README says so).
    assert outcome.changeset_id is not None
    with pytest.raises(StoreError, match="lås"):
        revert(kommun, outcome.changeset_id, "Ångrade", confirmed=True)
