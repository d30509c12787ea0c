"""The report's own text sections: written with `ksui set text`, printed where the
årsrapport prints them, in Markdown and Word alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from tests.cli.conftest import Run, dump
from tests.conftest import unnumbered


def test_the_demo_prints_every_section_in_its_place(run: Run) -> None:
    text = unnumbered(run("export", "markdown").stdout)
    order = [
        "### Årets effektiviseringar",
        "### Särskilda uppföljningar",
        "### Statsbidrag och återsökningar",
        "### Balansräkning (tkr)\n\nBalansräkningen omfattar endast kommunstyrelsens kontor.",
        "## Personal\n\nSjukfrånvaron på kontoret sjönk",
        "utan kända större eftersatta åtaganden",
        "### Riskbedömning",
    ]
    places = [text.index(part) for part in order]
    assert places == sorted(places)


@pytest.mark.parametrize(
    ("typed", "heading"),
    [("effektiviseringar", "Årets effektiviseringar"), ("riskbedömning", "Riskbedömning")],
)
def test_a_section_is_written_shown_and_undone(run: Run, typed: str, heading: str) -> None:
    result = run("set", "text", typed, "Två tjänster drogs in, {resultat:HR} kvar.")
    assert result.exit_code == 0, result.output
    text = unnumbered(run("export", "markdown").stdout)
    part = text[text.index(f"### {heading}") :]
    assert part.split("\n\n")[1] == "Två tjänster drogs in, 46 tkr kvar."
    assert "Rapporttext 2017" in run("log", "-n", "1", env={"COLUMNS": "200"}).stdout
    assert run("undo", "--yes").exit_code == 0
    assert "Två tjänster" not in unnumbered(run("export", "markdown").stdout)


def test_an_empty_section_is_left_out(run: Run) -> None:
    assert run("set", "text", "särskilda uppföljningar", "").exit_code == 0
    assert "Särskilda uppföljningar" not in unnumbered(run("export", "markdown").stdout)


def test_an_unknown_field_names_the_ones_there_are(run: Run, demo_path: Path) -> None:
    before = dump(demo_path)
    result = run("set", "text", "rubrik", "x")
    assert result.exit_code == 2
    assert "effektiviseringar" in result.stderr and "riskbedömning" in result.stderr
    assert dump(demo_path) == before


def test_word_has_the_sections_too(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    assert run("export", "docx", "-o", str(out)).exit_code == 0
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert any(p.endswith("Årets effektiviseringar") for p in paragraphs)
    assert "Balansräkningen omfattar endast kommunstyrelsens kontor." in paragraphs
