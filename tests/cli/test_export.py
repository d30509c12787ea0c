"""`ksui export markdown`: the report to stdout or to a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.cli.conftest import Run
from tests.conftest import unnumbered


def test_export_to_stdout(run: Run) -> None:
    result = run("export", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Årsrapport 2017 – Kommunstyrelsen\n")
    tokens = MarkdownIt("gfm-like").parse(result.stdout)
    assert sum(1 for t in tokens if t.type == "table_open") >= 8


def test_export_to_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    result = run("export", "markdown", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = unnumbered(target.read_text(encoding="utf-8"))
    assert "## Nämndens sammanfattning" in text and "## Intern kontroll" in text


def test_a_dash_is_standard_out_and_no_file_named_dash(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "markdown", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == run("export", "markdown").stdout
    assert not (tmp_path / "-").exists()
    # A Word document never goes to a terminal or a pipe, not even when asked with "-".
    docx = run("export", "docx", "-o", "-")
    assert docx.exit_code != 0 and "-o FIL.docx" in docx.stderr
    assert not (tmp_path / "-").exists()


def test_export_titles_follow_the_period(run: Run) -> None:
    result = run("export", "markdown", "--period", "delår")
    assert result.stdout.startswith("# Delårsrapport 2017 – Kommunstyrelsen")


def test_export_to_an_unwritable_place_exits_2(run: Run, tmp_path: Path) -> None:
    result = run("export", "markdown", "-o", str(tmp_path / "saknas" / "rapport.md"))
    assert result.exit_code == 2
    assert result.stderr.startswith("ksui: ") and "kan inte skrivas" in result.stderr
