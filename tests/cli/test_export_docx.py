"""`ksui export docx -o FILE [--template MALL.docx]`: the report as Word, written at once."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tests.cli.conftest import Run


def _refused(run: Run, *args: str) -> str:
    """Run an export that must be refused: exit code 2 and one line on stderr."""
    result = run("export", "docx", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ksui: ") and result.stderr.count("\n") == 1
    return result.stderr


def test_export_writes_the_demo_with_its_tjansteskrivelse(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    result = run("export", "docx", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == f"Skrev {target}\n"
    document = docx.Document(str(target))
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "Årsrapport 2017 – Kommunstyrelsen"
    assert "Dnr: KS 18/98" in lines and "Tjänsteskrivelse" in lines
    assert any(line.startswith("1.\tÅrsrapporten per den 31 december 2017") for line in lines)
    assert "1. Ekonomi" in lines


def test_period_unit_and_template(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "mall.docx"
    base = docx.Document()
    base.styles["Heading 1"].font.name = "Kommunsans"
    base.add_paragraph("Bort med mig")
    base.save(str(template))
    target = tmp_path / "delår.docx"
    result = run(
        "export", "docx", "-o", str(target), "--period", "delår", "--unit", "mkr",
        "--template", str(template),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    lines = [p.text for p in document.paragraphs]
    assert lines[:2] == ["Delårsrapport 2017 – Kommunstyrelsen", "Per den 31 augusti 2017"]
    assert "Bort med mig" not in lines
    assert document.styles["Heading 1"].font.name == "Kommunsans"
    assert document.tables[0].rows[0].cells[0].text == "mkr"


def test_without_o_it_is_refused(run: Run) -> None:
    assert "-o" in _refused(run)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("saknas.docx", None, "saknas.docx: mallen finns inte"),
        ("trasig.docx", b"ingen zip", "trasig.docx: mallen"),
    ],
)
def test_a_missing_or_damaged_template_is_refused(
    run: Run, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    template = tmp_path / name
    if content is not None:
        template.write_bytes(content)
    target = tmp_path / "rapport.docx"
    target.write_bytes(b"old")
    assert message in _refused(run, "-o", str(target), "--template", str(template))
    assert target.read_bytes() == b"old"  # the earlier document is left as it was


def test_a_missing_folder_and_an_unknown_unit_are_refused(run: Run, tmp_path: Path) -> None:
    assert "mappen finns inte" in _refused(run, "-o", str(tmp_path / "saknas" / "r.docx"))
    assert "okänd enhet" in _refused(run, "-o", str(tmp_path / "r.docx"), "--unit", "kkr")
    assert not (tmp_path / "r.docx").exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".tmp", ".docx")]
