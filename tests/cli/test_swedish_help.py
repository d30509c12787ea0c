"""`--help` of every command, and click's usage errors, in Swedish: one line, no English."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer
from typer.testing import CliRunner

from ksui.cli.main import app, run
from ksui.cli.swedish_help import help_text, usage_args
from tests.swedish_words import english_words


def _paths(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _paths(sub, (*path, name))


COMMANDS = list(_paths(typer.main.get_command(app)))
#: Command names are typed as they are (`ksui log`, `ksui new-year`).
NAMES = frozenset(part for path in COMMANDS for name in path for part in name.split("-"))


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="ksui", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "ksui")
def test_help_is_in_swedish(path: tuple[str, ...]) -> None:
    shown = _help(path)
    assert shown.startswith("Användning: ksui")
    assert "Flaggor:" in shown and "Visa den här hjälpen och avsluta." in shown
    # Codes the user types are listed as choices (<table|json>): allowed in the prose too.
    codes = {c for found in re.findall(r"<([^<>]*\|[^<>]*)>", shown) for c in found.split("|")}
    assert english_words(shown, NAMES | codes) == [], shown


def test_click_notes_are_translated() -> None:
    assert help_text("Antal.  [default: 20; x>=1]") == "Antal.  [standard: 20; minst 1]"
    assert help_text("År.  [1900<=x<=2200]") == "År.  [1900–2200]"
    assert help_text("Filen.  [required]") == "Filen.  [krävs]"
    assert usage_args("[OPTIONS] COMMAND [ARGS]...") == "[FLAGGOR] KOMMANDO …"
    assert usage_args("[OPTIONS] {path} [unit]") == "[FLAGGOR] {fil} [enhet]"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["log", "--lim", "3"],
            "ksui: okänd flagga --lim (menade du --limit?); se ksui log --help",
        ),
        (["log", "--limit", "x"], "ksui: ogiltigt värde för --limit / -n: »x« är inget giltigt"),
        (["log", "--limit", "0"], "0 ligger utanför det tillåtna (minst 1)"),
        (["log", "--format", "xml"], "»xml« är inget av table, json"),
        (["log", "--limit"], "ksui: flaggan --limit behöver ett värde"),
        (["log", "extra"], "ksui: för många argument: extra; se ksui log --help"),
        (["init"], "ksui: argumentet fil saknas; se ksui init --help"),
        (["bogus"], "ksui: okänt kommando »bogus«; se ksui --help"),
    ],
)
def test_usage_errors_are_one_swedish_line(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and expected in err, err
    assert english_words(err, NAMES | {"table", "json", "xml", "bogus", "extra"}) == [], err


def test_a_runner_sees_the_same_swedish_error() -> None:
    result = CliRunner().invoke(app, ["log", "--lim", "3"], prog_name="ksui")
    assert result.exit_code == 2
    assert result.stderr == "ksui: okänd flagga --lim (menade du --limit?); se ksui log --help\n"
