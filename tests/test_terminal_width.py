"""Tables are never cut silently: full names into a pipe, a note for hidden columns."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table

from ksui.render.tables import Fitted
from tests.test_terminal_escapes import SGR, in_terminal, ksui, ksui_env


def test_piped_drift_has_full_names_and_every_column(demo_path: Path, tmp_path: Path) -> None:
    result = ksui(demo_path, "drift", env=ksui_env(tmp_path))
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    # What `ksui drift | grep Administration` finds: the whole row, uncut.
    found = [line for line in text.splitlines() if "Administration" in line]
    assert len(found) == 1
    assert "Administration och utredning" in found[0] and "133 239" in found[0]
    assert "+2 925" in found[0] and "+8,9" in found[0]
    assert "…" not in text
    assert "NK 2016" in text and "NK 2015" in text
    assert result.stderr == b""


@pytest.mark.parametrize("command", ["investments", "goals", "check", "log", "personnel"])
def test_piped_tables_cut_nothing(demo_path: Path, tmp_path: Path, command: str) -> None:
    result = ksui(demo_path, command, env=ksui_env(tmp_path))
    assert result.returncode in (0, 1), result.stderr
    assert "…" not in result.stdout.decode().replace("… och", "")
    assert result.stderr == b""


@pytest.mark.parametrize(
    ("command", "hidden"),
    [
        ("drift", "NK 2016"),
        ("investments", "Status"),
        ("personnel", "Mot kommunen"),
    ],
)
def test_a_narrow_terminal_names_the_hidden_columns(
    demo_path: Path, tmp_path: Path, command: str, hidden: str
) -> None:
    result = ksui(demo_path, command, env=ksui_env(tmp_path, COLUMNS="40"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert all(len(line) <= 40 for line in lines)
    err = result.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("ksui: fönstret är för smalt (40 tecken)")
    assert hidden in err
    # Whatever is shown is whole: no figure ends in an ellipsis.
    cells = [cell.strip() for line in lines for cell in line.split("  ")]
    assert not any(cell.endswith("…") and cell[:1] in "+-0123456789" for cell in cells)


def test_narrow_drift_keeps_the_deviation(demo_path: Path, tmp_path: Path) -> None:
    result = ksui(demo_path, "drift", env=ksui_env(tmp_path, COLUMNS="40"))
    text = result.stdout.decode()
    assert "Avvikelse" in text and "+2 925" in text
    assert "Budget" in result.stderr.decode()


def test_wide_terminal_hides_nothing(demo_path: Path, tmp_path: Path) -> None:
    for command in ("drift", "investments", "personnel", "summary"):
        result = ksui(demo_path, command, env=ksui_env(tmp_path, COLUMNS="200"))
        assert result.returncode == 0
        assert result.stderr == b""


def test_narrow_summary_cuts_names_not_figures(demo_path: Path, tmp_path: Path) -> None:
    result = ksui(demo_path, "summary", env=ksui_env(tmp_path, COLUMNS="40"))
    text = result.stdout.decode()
    assert "352 701" in text and "+5 031" in text
    assert "Bra/Ok/Brister" in result.stderr.decode()


def test_fitted_squeezes_text_before_hiding_columns() -> None:
    table = Table()
    table.add_column("Namn")
    table.add_column("Belopp", no_wrap=True)
    table.add_row("ett ganska långt namn på en enhet", "1 234 567")
    console = Console(width=30, color_system=None, record=True)
    fitted = Fitted(table)
    console.print(fitted)
    assert fitted.hidden == []
    assert "1 234 567" in console.export_text()
    tiny = Console(width=8, color_system=None)
    fitted = Fitted(table)
    tiny.print(fitted)
    assert fitted.hidden == ["Belopp"]
    # The caller's table is untouched.
    assert [c.max_width for c in table.columns] == [None, None]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_narrow_real_terminal_names_what_it_hides(demo_path: Path, tmp_path: Path) -> None:
    code, out, err = in_terminal(demo_path, "drift", env=ksui_env(tmp_path), columns=50)
    assert code == 0, err
    lines = out.decode().replace("\r\n", "\n").splitlines()
    assert all(len(SGR.sub("", line)) <= 50 for line in lines)
    assert err.decode().startswith("ksui: fönstret är för smalt (50 tecken); dolda kolumner: ")
    assert "NK 2016" in err.decode()
    wide = in_terminal(demo_path, "drift", env=ksui_env(tmp_path), columns=160)
    assert wide[2] == b""
