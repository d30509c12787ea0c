"""A bug in ksui exits 3 with one line naming a crash file that holds the traceback."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ksui.cli import crash
from tests.test_terminal_escapes import assert_clean, ksui, ksui_env

CRASH_LINE = re.compile(r"^ksui: oväntat fel \((\w+)\); detaljer i (.+\.txt)\n$")

#: Runs ksui's real entry point in a child process with one store read patched to fail.
BROKEN_READ = """
import sys
import ksui.store.read as read

def broken(*args, **kwargs):
    raise {error}("trasig läsning \\x1b[2J")

read.load_report = broken
sys.argv = ["ksui", *sys.argv[1:]]
from ksui.__main__ import main
main()
"""


def run_broken(
    db: Path, tmp_path: Path, *args: str, error: str = "RuntimeError", **env: str
) -> subprocess.CompletedProcess[bytes]:
    code = BROKEN_READ.format(error=error)
    return subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), *args],
        capture_output=True,
        env=ksui_env(tmp_path, **env),
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", ["drift", "summary", "check"])
def test_a_crash_exits_3_with_one_line_and_a_crash_file(
    demo_path: Path, tmp_path: Path, command: str
) -> None:
    result = run_broken(demo_path, tmp_path, command)
    assert result.returncode == 3, result.stderr
    err = assert_clean(result.stderr)
    found = CRASH_LINE.match(err)
    assert found, err
    assert found.group(1) == "RuntimeError"
    path = Path(found.group(2))
    assert path.parent == tmp_path / "state" / "ksui"
    report = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in report
    assert "RuntimeError: trasig läsning ␛[2J" in report  # harmless when `cat`-ed
    assert f"kommando: ksui --db {demo_path} {command}" in report
    assert result.stdout == b""


def test_unwritable_state_folder_falls_back_to_the_temp_folder(
    demo_path: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    result = run_broken(demo_path, tmp_path, "drift", XDG_STATE_HOME=str(blocker))
    assert result.returncode == 3
    found = CRASH_LINE.match(result.stderr.decode())
    assert found, result.stderr
    path = Path(found.group(2))
    assert path.is_file() and path.parent.parent == tmp_path


def test_user_errors_stay_2_and_findings_stay_1(demo_path: Path, tmp_path: Path) -> None:
    env = ksui_env(tmp_path)
    assert ksui(demo_path, "drift", "--year", "1999", env=env).returncode == 2
    assert ksui(demo_path, "check", env=env).returncode == 1
    assert ksui(demo_path, "drift", env=env).returncode == 0
    assert not (tmp_path / "state").exists()


def test_interrupt_is_130_without_a_crash_file(demo_path: Path, tmp_path: Path) -> None:
    for command in ("drift", "summary"):
        result = run_broken(demo_path, tmp_path, command, error="KeyboardInterrupt")
        assert result.returncode == 130, result.stderr
        assert result.stderr == b"ksui: avbrutet\n"
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize(
    "args", [["log", "--max-fields", "0"], ["goals", "--format", "json"], ["export", "markdown"]]
)
def test_a_closed_pipe_is_no_crash(demo_path: Path, tmp_path: Path, args: list[str]) -> None:
    """`ksui log | head -1`: the reader leaves early; ksui ends quietly (no crash file)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "ksui", "--db", str(demo_path), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ksui_env(tmp_path),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    # 141 (128 + SIGPIPE) from ksui, or click's own 1 for a closed pipe inside a command.
    assert proc.wait(timeout=60) in (0, 1, 141), err
    assert err == b""
    assert not (tmp_path / "state").exists()


def test_only_the_newest_crash_files_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    folder = tmp_path / "ksui"
    folder.mkdir()
    for n in range(15):
        (folder / f"crash-20200101T0000{n:02d}Z-1.txt").write_text("gammal", encoding="utf-8")
    path = crash.write_crash_file("ny")
    assert path is not None and path.parent == folder
    files = sorted(folder.glob("crash-*.txt"))
    assert len(files) == crash.KEEP and path in files


def test_in_process_entry_point(
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same through ``ksui.__main__.main`` in this process, with a command patched."""
    import ksui.__main__
    from ksui.store import read

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("oj")

    monkeypatch.setattr(read, "load_report", broken)
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("KSUI_CONFIG", str(config))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "argv", ["ksui", "--db", str(demo_path), "personnel"])
    with pytest.raises(SystemExit) as exit_info:
        ksui.__main__.main()
    assert exit_info.value.code == 3
    found = CRASH_LINE.match(err.getvalue())
    assert found and found.group(1) == "ValueError"
    assert "ValueError: oj" in Path(found.group(2)).read_text(encoding="utf-8")


def test_tui_crash_exits_3_with_a_crash_file(
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual keeps the exception to itself; the launch turns it into the crash rule."""
    from textual.app import App

    import ksui.__main__
    import ksui.tui

    class Broken(App[None]):
        def __init__(self, config: object, **kwargs: object) -> None:
            super().__init__()

        def on_mount(self) -> None:
            raise LookupError("trasig skärm")

        def run(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
            super().run(headless=True)

    monkeypatch.setattr(ksui.tui, "KsuiApp", Broken)
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("KSUI_CONFIG", str(config))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "argv", ["ksui", "--db", str(demo_path), "tui"])
    with pytest.raises(SystemExit) as exit_info:
        ksui.__main__.main()
    assert exit_info.value.code == 3
    found = CRASH_LINE.match(err.getvalue())
    assert found, err.getvalue()
    assert found.group(1) == "LookupError"
    assert "LookupError: trasig skärm" in Path(found.group(2)).read_text(encoding="utf-8")
