"""The typer-free path of `ksui summary`: same output, same errors, fewer imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ksui.cli.commands.quick import fast_main, parse
from tests.cli.conftest import Run


@pytest.mark.parametrize(
    ("argv", "db", "values"),
    [
        (["summary"], None, {}),
        (["--db", "x.sqlite", "summary"], "x.sqlite", {}),
        (["--db=x.sqlite", "--config", "c.toml", "summary"], "x.sqlite", {}),
        (
            ["summary", "--year", "2017", "-p", "delår", "--committee=KS"],
            None,
            {"year": "2017", "period": "delår", "committee": "KS"},
        ),
    ],
)
def test_plain_forms_are_recognised(
    argv: list[str], db: str | None, values: dict[str, str]
) -> None:
    parsed = parse(argv)
    assert parsed is not None
    state, found = parsed
    assert state.db == db and found == values


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["drift"],
        ["summary", "--help"],
        ["--help", "summary"],
        ["summary", "extra"],
        ["summary", "--year", "tjugo"],
        ["summary", "--year", "1800"],
        ["summary", "--year"],
        ["summary", "--year", "2017", "--year", "2016"],
        ["--db"],
        ["--verbose", "summary"],
    ],
)
def test_anything_else_goes_to_the_full_cli(argv: list[str]) -> None:
    assert parse(argv) is None
    assert fast_main(argv) is None


def test_same_output_as_the_full_cli(
    run: Run,
    demo_path: Path,
    cli_env: dict[str, str | None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in cli_env.items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    assert fast_main(["--db", str(demo_path), "summary", "--year", "2017"]) == 0
    fast = capsys.readouterr().out
    assert fast == run("summary", "--year", "2017").stdout
    assert "Kommunstyrelsen — Bokslut 2017" in fast


def test_errors_are_one_line_and_exit_2(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fast_main(["--db", str(demo_path), "summary", "--committee", "Okänd"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ksui: okänd nämnd »Okänd«") and err.count("\n") == 1


def test_quick_path_imports_neither_typer_nor_textual(demo_path: Path, tmp_path: Path) -> None:
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    env = {**os.environ, "KSUI_CONFIG": str(config), "COLUMNS": "100"}
    code = (
        "import sys\nfrom ksui.cli.commands.quick import fast_main\n"
        f"sys.exit(fast_main(['--db', {str(demo_path)!r}, 'summary']))"
    )
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Kommunstyrelsen" in proc.stdout
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "rich.table" in imported
    assert not {m for m in imported if m.split(".")[0] in ("typer", "textual", "pydantic")}


def _ksui(demo_path: Path, tmp_path: Path, *args: str) -> list[str]:
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    return [sys.executable, "-m", "ksui", "--db", str(demo_path), *args]


def test_the_quick_exit_leaves_nothing_unwritten(demo_path: Path, tmp_path: Path) -> None:
    """The quick summary ends without the interpreter's tear-down: all of its output and
    its exit code still arrive, to a pipe, to a reader that leaves early, on a refusal."""
    env = {**os.environ, "KSUI_CONFIG": str(tmp_path / "empty.toml"), "COLUMNS": "100"}
    whole = subprocess.run(
        _ksui(demo_path, tmp_path, "summary"), capture_output=True, env=env, timeout=60
    )
    assert whole.returncode == 0, whole.stderr[-2000:]
    text = whole.stdout.decode()
    assert text.startswith("Kommunstyrelsen") and text.endswith("\n")
    assert "Kommunbidrag" in text and "Sjuktal" in text  # the last part is there too
    # A reader that stops after one line: no traceback, the closed pipe's code or 0.
    proc = subprocess.Popen(
        _ksui(demo_path, tmp_path, "summary"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) in (0, 141)
    assert b"Traceback" not in err
    refused = subprocess.run(
        _ksui(demo_path, tmp_path, "summary", "--committee", "Okänd"),
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert refused.returncode == 2
    assert refused.stderr.decode().startswith("ksui: okänd nämnd") and not refused.stdout
