"""Bad input anywhere: one line naming what was wrong, exit code 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Run

READ_COMMANDS = ("summary", "drift", "investments", "goals", "personnel", "check")


@pytest.mark.parametrize("command", READ_COMMANDS)
@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--committee", "Fritidsnämnden", "okänd nämnd »Fritidsnämnden«; finns: Kommunstyrelsen"),
        ("--year", "2003", "inga siffror för år 2003; finns: 2015, 2016, 2017"),
        ("--period", "vår", "okänd period »vår«; använd bokslut, delår, t1"),
    ],
)
def test_unknown_selection(run: Run, command: str, option: str, value: str, message: str) -> None:
    result = run(command, option, value)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"ksui: {message}" or message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_missing_database(run: Run, tmp_path: Path) -> None:
    result = run("drift", db=tmp_path / "finns-inte.sqlite")
    assert result.exit_code == 2
    assert "databasen finns inte" in result.stderr
    assert not (tmp_path / "finns-inte.sqlite").exists()


def test_unknown_format_is_a_usage_error(run: Run) -> None:
    result = run("drift", "--format", "xml")
    assert result.exit_code == 2


def test_ksui_db_environment_variable(run: Run, demo_path: Path, tmp_path: Path) -> None:
    # --db wins over KSUI_DB; without --db, KSUI_DB is used.
    from typer.testing import CliRunner

    from ksui.cli.main import app

    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    env = {"KSUI_DB": str(demo_path), "KSUI_CONFIG": str(config), "COLUMNS": "120"}
    result = CliRunner().invoke(app, ["drift", "--format", "csv"], env=env)
    assert result.exit_code == 0, result.output
    assert "Kommunstyrelsen" in result.stdout


def test_no_traceback_from_the_console_script(demo_path: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    env = {**os.environ, "KSUI_CONFIG": str(config)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ksui",
            "--db",
            str(demo_path),
            "set",
            "drift",
            "Ekonomi",
            "budget",
            "12abc",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("ksui: ogiltigt belopp")
    assert "Traceback" not in proc.stderr
