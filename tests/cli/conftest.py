"""Running `ksui` in-process with CliRunner against a copy of the demo database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ksui.cli.main import app

Run = Callable[..., Result]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str | None]:
    """A fixed terminal width and an empty config, so the repository's config.toml and the
    developer's environment cannot change what a test sees."""
    config = tmp_path / "empty-config.toml"
    config.write_text("", encoding="utf-8")
    return {
        "COLUMNS": "120",
        "KSUI_CONFIG": str(config),
        "KSUI_DB": None,
        "NO_COLOR": None,
        "FORCE_COLOR": None,
    }


@pytest.fixture
def run(demo_path: Path, cli_env: dict[str, str | None]) -> Run:
    """Invoke `ksui --db <demo copy> ARGS...`; stdin and extra env can be given."""

    def invoke(
        *args: str,
        input: str | None = None,
        env: dict[str, str | None] | None = None,
        db: Path | None = None,
    ) -> Result:
        runner = CliRunner()
        return runner.invoke(
            app,
            ["--db", str(db or demo_path), *args],
            input=input,
            env={**cli_env, **(env or {})},
        )

    return invoke


def dump(path: Path) -> str:
    """The whole database as SQL text, to prove that a refused command changed nothing.

    The full-text index (schema 10: search_doc and search_fts's shadow tables) is left
    out: it is derived from the texts by triggers, and an undo that brings a text back
    indexes it under a new rowid, so its bytes differ while every searchable text is the same.
    """
    conn = sqlite3.connect(path)
    try:
        return "\n".join(
            line for line in conn.iterdump() if not line.startswith('INSERT INTO "search_')
        )
    finally:
        conn.close()
