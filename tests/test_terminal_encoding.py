"""Under a Latin-1 (or ASCII) terminal, text degrades to stand-ins; data stays UTF-8.

PYTHONIOENCODING forces the stream encoding, as a Latin-1 locale (sv_SE.ISO-8859-1 on an
older server) would, without depending on which locales this machine has.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ksui.core.text import stand_in
from tests.test_terminal_escapes import ksui, ksui_env

TEXT_COMMANDS = ("summary", "drift", "investments", "goals", "personnel", "check", "log")


@pytest.mark.parametrize("command", TEXT_COMMANDS)
def test_text_commands_do_not_crash_under_latin1(
    demo_path: Path, tmp_path: Path, command: str
) -> None:
    env = ksui_env(tmp_path, PYTHONIOENCODING="latin-1", COLUMNS="120")
    result = ksui(demo_path, command, env=env)
    assert result.returncode in (0, 1), result.stderr.decode("latin-1")
    assert result.stderr == b""
    text = result.stdout.decode("latin-1")
    assert any(word in text for word in ("Kommunstyrelsen", "Demodatabas", "Sjuktal"))
    # Å, Ä and Ö are in Latin-1 and stay; what Latin-1 lacks became ASCII, not "?".
    assert "?" not in text
    if command == "summary":
        assert "Kommunstyrelsen - Bokslut 2017" in text
        assert "* Bra" in text and "o Ok" in text
        assert "Södertälje" in text
    if command == "drift":
        assert " -------" in text  # the header rule, in ASCII


def test_ascii_terminal_gets_plain_letters(demo_path: Path, tmp_path: Path) -> None:
    env = ksui_env(tmp_path, PYTHONIOENCODING="ascii", COLUMNS="120")
    result = ksui(demo_path, "summary", env=env)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("ascii")
    assert "Sodertalje" in text and "Kommunstyrelsen - Bokslut 2017" in text


def test_errors_under_latin1_are_one_readable_line(demo_path: Path, tmp_path: Path) -> None:
    env = ksui_env(tmp_path, PYTHONIOENCODING="latin-1")
    result = ksui(demo_path, "drift", "--committee", "Nämnd\u2014\u202e", env=env)
    assert result.returncode == 2
    assert result.stderr.decode("latin-1") == (
        "ksui: okänd nämnd »Nämnd-[RLO]«; finns: Kommunstyrelsen\n"
    )


@pytest.mark.parametrize("command", ["drift", "investments", "goals", "personnel"])
@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_machine_formats_are_utf8_whatever_the_locale(
    demo_path: Path, tmp_path: Path, command: str, fmt: str
) -> None:
    env = ksui_env(tmp_path, PYTHONIOENCODING="latin-1")
    latin = ksui(demo_path, command, "--format", fmt, env=env)
    utf8 = ksui(demo_path, command, "--format", fmt, env=ksui_env(tmp_path))
    assert latin.returncode == 0, latin.stderr
    assert latin.stdout == utf8.stdout
    latin.stdout.decode("utf-8")  # valid UTF-8, never Latin-1
    if fmt == "json":
        assert json.loads(latin.stdout)["committee"] == "Kommunstyrelsen"


def test_check_and_log_json_are_utf8(demo_path: Path, tmp_path: Path) -> None:
    env = ksui_env(tmp_path, PYTHONIOENCODING="latin-1")
    for command in ("check", "log"):
        result = ksui(demo_path, command, "--format", "json", env=env)
        assert result.returncode in (0, 1), result.stderr
        json.loads(result.stdout.decode("utf-8"))
    check = ksui(demo_path, "check", "--format", "json", env=env).stdout.decode("utf-8")
    assert "Nämndens eget ansvar" in check


def test_markdown_export_to_stdout_is_utf8(demo_path: Path, tmp_path: Path) -> None:
    env = ksui_env(tmp_path, PYTHONIOENCODING="latin-1")
    result = ksui(demo_path, "export", "markdown", env=env)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert text.startswith("# Årsrapport 2017 – Kommunstyrelsen")


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("—", "-"),
        ("–", "-"),
        ("●", "*"),
        ("◐", "o"),
        ("○", "o"),
        ("↵", "|"),
        ("…", "..."),
        ("␛", "^["),
        ("␀", "^@"),
        ("⟦", "["),
        ("─", "-"),
        ("│", "|"),
        ("┼", "+"),
        ("\udcff", "?"),
        ("ő", "o"),
        ("中", "?"),
    ],
)
def test_stand_ins(char: str, shown: str) -> None:
    assert stand_in(char) == shown
