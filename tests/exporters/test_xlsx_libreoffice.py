"""LibreOffice opens the demo's `ksui export xlsx` without complaint: to PDF and to CSV.

A workbook that openpyxl reads back can still be one a spreadsheet program repairs or
refuses; converting it headless with ``soffice`` is the nearest check we have to a
controller opening it in Excel or LibreOffice Calc.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ksui.cli.main import app


def _calc_installed() -> bool:
    """Whether LibreOffice has Calc beside it (a Writer-only install cannot open .xlsx)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    program = Path(os.path.realpath(soffice)).parent
    return any(program.glob("libsclo.*"))


pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) saknas"),
    pytest.mark.skipif(not _calc_installed(), reason="LibreOffice Calc saknas"),
    pytest.mark.slow,
]


def export_workbook(demo_path: Path, tmp_path: Path) -> Path:
    """The demo's workbook as `ksui export xlsx -o FILE` writes it."""
    config = tmp_path / "tom-config.toml"
    config.write_text("", encoding="utf-8")
    target = tmp_path / "rapport.xlsx"
    result = CliRunner().invoke(
        app,
        ["--db", str(demo_path), "export", "xlsx", "-o", str(target)],
        env={"KSUI_CONFIG": str(config), "KSUI_DB": None, "COLUMNS": "120"},
    )
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
    return target


def convert(source: Path, to: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``soffice --headless --convert-to TO`` with a profile of this test only, so that
    parallel runs (and a LibreOffice the user has open) never share one."""
    profile = tmp_path / "profil"
    return subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(tmp_path / "ut"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_libreoffice_converts_the_demo_workbook_to_pdf(demo_path: Path, tmp_path: Path) -> None:
    source = export_workbook(demo_path, tmp_path)
    done = convert(source, "pdf", tmp_path)
    pdf = tmp_path / "ut" / "rapport.pdf"
    assert done.returncode == 0, done.stderr
    assert pdf.exists(), done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_libreoffice_reads_the_first_sheet_as_csv(demo_path: Path, tmp_path: Path) -> None:
    source = export_workbook(demo_path, tmp_path)
    # UTF-8 (filter option 76), comma-separated: the Drift sheet as Calc computed it.
    done = convert(source, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    csv = tmp_path / "ut" / "rapport.csv"
    assert done.returncode == 0, done.stderr
    assert csv.exists(), done.stdout + done.stderr
    text = csv.read_text(encoding="utf-8")
    # The first sheet is Drift: the nämnd is there, and the formulas came out as numbers,
    # not as an error Calc writes for a formula it cannot read.
    assert "Kommunstyrelsen" in text
    for error in ("#NAME?", "#VALUE!", "#REF!", "Err:"):
        assert error not in text, f"{error} i LibreOffice-beräkningen"
