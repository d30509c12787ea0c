"""`ksui undo`: edits and whole imports are taken back through the store, audited."""

from __future__ import annotations

import json
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
    assert run("import", "drift", str(sheet)).exit_code == 0
    assert budget(run, "HR") == 1000
    assert run("undo").exit_code == 0
    assert budget(run, "HR") == 38_744_000
    assert drift_rows(dump(demo_path)) == drift_rows(before)


def test_undo_unknown_number(run: Run) -> None:
    result = run("undo", "9999")
    assert result.exit_code == 2 and "finns inte" in result.stderr
