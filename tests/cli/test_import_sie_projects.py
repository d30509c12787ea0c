"""`ksui import sie --project-dimension N` and the project codes it matches by (issue 13,
item 9): `ksui add project --code`, `ksui rename project --code`, [import.sie]
project_dimension in config.toml, the warning for an object without a project, undo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Run

FILE = Path(__file__).resolve().parents[1] / "data" / "sie_projects.se"


def _ok(run: Run, *args: str, db: Path, env: dict[str, str | None] | None = None) -> str:
    result = run(*args, db=db, env=env)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


def _spent(db: Path) -> dict[tuple[str, str], int]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT p.name, f.period, f.spent FROM investment_figure f"
            " JOIN investment_project p ON p.id = f.project_id"
            " WHERE f.spent IS NOT NULL AND f.year = 2024"
        ).fetchall()
    finally:
        conn.close()
    return {(name, period): amount for name, period, amount in rows}


@pytest.fixture
def db(run: Run, tmp_path: Path) -> Path:
    """A nämnd named as the file's #FNAMN, with two projects that carry the file's codes."""
    path = tmp_path / "tn.sqlite"
    _ok(run, "init", "--empty", str(path), db=path)
    _ok(run, "add", "committee", "Tekniska nämnden", "--code", "TN", db=path)
    _ok(run, "add", "category", "Gator", db=path)
    out = _ok(
        run,
        "add",
        "project",
        "Cykelväg",
        "--category",
        "Gator",
        "--code",
        "P100",
        "-y",
        "2024",
        db=path,
    )
    assert "Lade till projektet Cykelväg (P100) i Gator" in out
    _ok(run, "add", "project", "Lekplats", "--category", "Gator", "-y", "2024", db=path)
    return path


def test_import_with_project_dimension_fills_the_investments(run: Run, db: Path) -> None:
    out = _ok(run, "rename", "project", "Lekplats", "--code", "P200", db=db)
    assert "Projektet Lekplats: kod »P200«" in out
    result = run("import", "sie", str(FILE), "--project-dimension", "6", db=db)
    assert result.exit_code == 0, result.stderr
    assert "Investeringsprojekt (dimension 6 »Projekt«): 2 av 3 objekt" in result.stdout
    assert '"P300" Bro utan projekt i ksui' in result.stdout  # warned, not refused
    assert _spent(db)[("Cykelväg", "bokslut")] == 56_900_025
    table = _ok(run, "investments", "-y", "2024", "-p", "bokslut", db=db)
    assert "569" in table  # 569 000,25 kr shown in tkr
    undone = _ok(run, "undo", "--yes", db=db)
    assert "Ångrade" in undone
    assert _spent(db) == {}


def test_the_config_default_and_no_dimension_at_all(run: Run, db: Path, tmp_path: Path) -> None:
    _ok(run, "import", "sie", str(FILE), db=db)
    assert _spent(db) == {}  # no project dimension: none imported
    config = tmp_path / "config.toml"
    config.write_text("[import.sie]\nproject_dimension = 6\n", encoding="utf-8")
    out = _ok(run, "import", "sie", str(FILE), db=db, env={"KSUI_CONFIG": str(config)})
    assert "Investeringsprojekt (dimension 6" in out
    assert ("Cykelväg", "m11") in _spent(db)


def test_a_bad_config_value_and_a_code_clash_are_one_line(
    run: Run, db: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[import.sie]\nproject_dimension = 0\n", encoding="utf-8")
    bad = run("import", "sie", str(FILE), db=db, env={"KSUI_CONFIG": str(config)})
    assert bad.exit_code == 2 and "project_dimension" in bad.stderr
    clash = run("rename", "project", "Lekplats", "--code", "p100", db=db)
    assert clash.exit_code == 2
    assert "koden »p100« används redan av projektet »Cykelväg«" in clash.stderr
    wrong = run("rename", "unit", "TN", "--code", "X", db=db)
    assert wrong.exit_code == 2 and "--code gäller bara project" in wrong.stderr
