"""`ksui export xlsx -o FILE`: the report as an Excel workbook, written all at once."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import Run


def test_export_writes_a_workbook(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "rapport.xlsx"
    result = run("export", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == f"Skrev {target}\n"
    book = load_workbook(target)
    assert book.sheetnames[0] == "Drift" and "Intern kontroll" in book.sheetnames
    assert book["Drift"]["A1"].value == "Årsrapport 2017 – Kommunstyrelsen"


def test_period_and_unit(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "delår.xlsx"
    result = run("export", "xlsx", "-o", str(target), "--period", "delår", "--unit", "mkr")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target)["Drift"]
    assert sheet["A1"].value.startswith("Delårsrapport 2017")
    assert "Belopp i mkr" in sheet["A3"].value and sheet["A5"].value == "mkr"


def test_an_existing_file_is_replaced(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"old")
    assert run("export", "xlsx", "-o", str(target)).exit_code == 0
    assert load_workbook(target).sheetnames[0] == "Drift"


def _refused(run: Run, *args: str) -> str:
    """Run an export that must be refused: exit code 2 and one line on stderr."""
    result = run("export", "xlsx", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ksui: ") and result.stderr.count("\n") == 1
    return result.stderr


def test_without_o_it_is_refused(run: Run) -> None:
    assert "-o" in _refused(run)


def test_a_directory_or_a_missing_folder_is_refused(run: Run, tmp_path: Path) -> None:
    assert "det är en mapp" in _refused(run, "-o", str(tmp_path))
    assert "mappen finns inte" in _refused(run, "-o", str(tmp_path / "saknas" / "r.xlsx"))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_folder_without_write_permission_is_refused(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    # Root writes anywhere, so the refusal is simulated where the temporary file is made.
    monkeypatch.setattr("ksui.exporters.atomic.tempfile.mkstemp", denied)
    assert "behörighet saknas" in _refused(run, "-o", str(tmp_path / "r.xlsx"))
    assert not (tmp_path / "r.xlsx").exists()


def test_an_unknown_unit_is_refused(run: Run, tmp_path: Path) -> None:
    assert "okänd enhet" in _refused(run, "-o", str(tmp_path / "r.xlsx"), "--unit", "kkr")
    assert not (tmp_path / "r.xlsx").exists()
