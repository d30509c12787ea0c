"""`ksui undo`: edits and whole imports are taken back through the store, audited."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.conftest import Run, dump


def budget(run: Run, name: str) -> float:
    doc = json.loads(run("drift", "--format", "json").stdout)
    return next(u["budget"] for u in doc["units"] if u["name"] == name)


def drift_rows(sql: str) -> list[str]:
    return [line for line in sql.splitlines() if line.startswith('INSERT INTO "drift_figure"')]


def test_undo_the_last_edit_and_redo_by_undoing_the_undo(run: Run) -> None:
    original = budget(run, "HR")
    run("set", "drift", "HR", "budget", "1")
    result = run("undo")
    assert result.exit_code == 0 and "Ångrade nr" in result.stdout
    assert budget(run, "HR") == original
    undo_id = json.loads(run("log", "-n", "1", "-f", "json").stdout)["changesets"][0]["id"]
    assert run("undo", str(undo_id)).exit_code == 0
    assert budget(run, "HR") == 1000
    again = run("undo", str(undo_id))
    assert again.exit_code == 2 and "redan ångrad" in again.stderr


def test_undo_a_whole_import(run: Run, demo_path: Path, tmp_path: Path) -> None:
    before = dump(demo_path)
    sheet = tmp_path / "d.csv"
    sheet.write_text("Enhet;År;Budget\nHR;2017;1\nEkonomi;2017;2\n", encoding="utf-8")
    assert run("import", "drift", str(sheet), "--period", "bokslut").exit_code == 0
    assert budget(run, "HR") == 1000
    assert run("undo").exit_code == 0
    assert budget(run, "HR") == 38_744_000
    assert drift_rows(dump(demo_path)) == drift_rows(before)


def test_undo_unknown_number(run: Run) -> None:
    result = run("undo", "9999")
    assert result.exit_code == 2 and "finns inte" in result.stderr


def unit_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM unit").fetchone()[0])
    finally:
        conn.close()


def last_id(run: Run) -> int:
    return int(json.loads(run("log", "-n", "1", "-f", "json").stdout)["changesets"][0]["id"])


def test_two_plain_undos_are_undo_and_redo_and_never_empty_the_file(
    run: Run, demo_path: Path
) -> None:
    units = unit_count(demo_path)
    run("set", "drift", "HR", "budget", "1")
    assert run("undo").exit_code == 0
    assert budget(run, "HR") != 1000
    second = run("undo")
    assert second.exit_code == 0, second.stderr
    assert budget(run, "HR") == 1000
    for _ in range(4):
        run("undo")
    assert unit_count(demo_path) == units
    assert budget(run, "HR") in (1000, 38_744_000)


def test_undo_of_the_demo_creation_is_refused_naming_the_later_change(
    run: Run, demo_path: Path
) -> None:
    run("set", "drift", "HR", "budget", "1")
    later = last_id(run)
    before = dump(demo_path)
    result = run("undo", "1", "--yes")
    assert result.exit_code == 2
    assert f"nr {later}" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert dump(demo_path) == before


def test_undo_overwriting_a_later_edit_is_refused(run: Run, demo_path: Path) -> None:
    run("set", "drift", "HR", "budget", "1")
    first = last_id(run)
    run("set", "drift", "HR", "budget", "2")
    second = last_id(run)
    before = dump(demo_path)
    result = run("undo", str(first))
    assert result.exit_code == 2 and f"nr {second}" in result.stderr
    assert dump(demo_path) == before


def test_undo_that_removes_a_unit_needs_yes(run: Run, demo_path: Path) -> None:
    from ksui.store import Store, read, writes

    store = Store(demo_path)
    try:
        writes.add_unit(store, read.find_committee(store, None).id, "Ny enhet")
    finally:
        store.close()
    units = unit_count(demo_path)
    before = dump(demo_path)
    asked = run("undo")
    assert asked.exit_code == 2 and "--yes" in asked.stderr and "1 enhet" in asked.stderr
    assert dump(demo_path) == before
    done = run("undo", "--yes")
    assert done.exit_code == 0, done.stderr
    assert unit_count(demo_path) == units - 1


def test_comment_removed_rewritten_and_undone_is_one_clear_line(run: Run, demo_path: Path) -> None:
    assert run("set", "comment", "HR", "").exit_code == 0
    removed = last_id(run)
    assert run("set", "comment", "HR", "").exit_code == 0
    assert run("set", "comment", "HR", "ny").exit_code == 0
    before = dump(demo_path)
    result = run("undo", str(removed))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and "IntegrityError" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(demo_path) == before
