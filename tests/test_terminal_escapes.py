"""No byte of hostile text acts on the terminal: escapes, OSC 52, C1 CSI and bidi overrides.

Each surface that echoes text a user (or an attacker) wrote — the audit log, the old
value `ksui set` prints, area names, the drift title, an import's summary, a refused CSV
line, an error line quoting the bad input — is run as the real `ksui` process, because
the sanitising streams are installed in ``ksui.__main__``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from ksui.store import Store, writes

REPO = Path(__file__).resolve().parents[1]

#: Clear the screen, write "Hello" to the clipboard (OSC 52), a C1 CSI and a bidi override.
HOSTILE = "A\x1b[2J\x1b]52;c;SGVsbG8=\x07\x9b31m\u202eB"
#: Anything that can steer a terminal: C0 controls but tab and newline, DEL, C1, bidi.
STEERING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def ksui_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment for a ksui process: UTF-8, an empty config, no width, no colour."""
    config = tmp_path / "empty-config.toml"
    if not config.exists():
        config.write_text("", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": str(REPO),
        "KSUI_CONFIG": str(config),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "TMPDIR": str(tmp_path),
        "TERM": "xterm-256color",
    }
    env.update(extra)
    return env


def ksui(
    db: Path,
    *args: str | bytes,
    env: dict[str, str],
    input: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m ksui --db DB ARGS` with stdout and stderr on pipes."""
    command: Sequence[str | bytes] = [sys.executable, "-m", "ksui", "--db", str(db), *args]
    return subprocess.run(
        command, capture_output=True, env=env, input=input, timeout=120, check=False
    )


def assert_clean(data: bytes) -> str:
    """The output as text, after asserting that no steering character is in it."""
    text = data.decode("utf-8")
    found = STEERING.findall(text)
    assert not found, f"raw control characters reached the terminal: {found!r}\n{text[:2000]}"
    return text


def shows_hostile(text: str) -> bool:
    """The hostile text is there, shown: ␛ for ESC, ⟦RLO⟧ for the override."""
    return "␛[2J" in text and "␛]52;c;SGVsbG8=␇" in text and "⟦RLO⟧" in text


def unit_id(store: Store, name: str) -> int:
    return store.conn.execute("SELECT id FROM unit WHERE name = ?", (name,)).fetchone()[0]


def test_log_and_the_old_value_set_echoes(demo_path: Path, tmp_path: Path) -> None:
    store = Store(demo_path)
    writes.set_comment(store, "unit", unit_id(store, "Ekonomi"), 2017, HOSTILE, reason=HOSTILE)
    store.close()
    env = ksui_env(tmp_path, COLUMNS="200")
    log = ksui(demo_path, "log", "-n", "3", env=env)
    assert log.returncode == 0, log.stderr
    assert shows_hostile(assert_clean(log.stdout))
    assert_clean(log.stderr)
    # `ksui set` prints the old value → the new one (click itself drops the CSI to a pipe).
    echo = ksui(demo_path, "set", "comment", "Ekonomi", "Ny kommentar", env=env)
    assert echo.returncode == 0, echo.stderr
    assert "»A␛]52;c;SGVsbG8=␇�31m⟦RLO⟧B« → »Ny kommentar«" in assert_clean(echo.stdout)
    assert_clean(echo.stderr)


def test_goal_area_names(demo_path: Path, tmp_path: Path) -> None:
    store = Store(demo_path)
    area = store.conn.execute("SELECT id FROM goal_area ORDER BY id LIMIT 1").fetchone()[0]
    writes.set_field(store, "goal_area", area, "name", HOSTILE)
    store.close()
    env = ksui_env(tmp_path, COLUMNS="200")
    for command in (["goals"], ["summary"]):
        result = ksui(demo_path, *command, env=env)
        assert result.returncode == 0, result.stderr
        assert shows_hostile(assert_clean(result.stdout))


def hostile_sie(path: Path) -> None:
    """A SIE file whose company (#FNAMN), dimension and unit names carry the payload."""
    lines = [
        "#FLAGGA 0",
        "#SIETYP 4",
        f'#FNAMN "Nämnd {HOSTILE}"',
        "#RAR 0 20170101 20171231",
        f'#DIM 1 "Ansvar {HOSTILE}"',
        '#KONTO 5010 "Löner"',
        f'#OBJEKT 1 "100" "Enhet {HOSTILE}"',
        '#PSALDO 0 201701 5010 {1 "100"} 7.00',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_import_summary_and_drift_title(demo_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "fil.se"
    hostile_sie(source)
    env = ksui_env(tmp_path, COLUMNS="200")
    imported = ksui(demo_path, "import", "sie", str(source), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "␛]52" in assert_clean(imported.stdout)
    assert_clean(imported.stderr)
    for command in ("drift", "investments", "goals", "personnel", "check", "summary"):
        result = ksui(demo_path, command, "--committee", "Nämnd", env=env)
        assert result.returncode in (0, 1), result.stderr
        assert_clean(result.stdout)
        assert_clean(result.stderr)
    drift = ksui(demo_path, "drift", "--committee", "Nämnd", env=env).stdout.decode()
    assert "Drift Nämnd A␛[2J" in drift


def test_refused_csv_line_is_quoted_harmlessly(demo_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "drift.csv"
    source.write_text(
        f"Enhet;År;Period;Budget (tkr)\nEkonomi;2017;bokslut;12{HOSTILE}\n", encoding="utf-8"
    )
    result = ksui(demo_path, "import", "drift", str(source), env=ksui_env(tmp_path))
    assert result.returncode == 1
    err = assert_clean(result.stderr)
    assert err.startswith("ksui: ") and "drift.csv:2" in err and "␛" in err
    assert_clean(result.stdout)


@pytest.mark.parametrize("command", ["summary", "drift", "check", "log"])
def test_error_lines_quote_the_bad_input_harmlessly(
    demo_path: Path, tmp_path: Path, command: str
) -> None:
    option = "--unit" if command == "log" else "--committee"
    result = ksui(demo_path, command, option, HOSTILE + "\nrad två", env=ksui_env(tmp_path))
    assert result.returncode == 2
    err = assert_clean(result.stderr)
    assert shows_hostile(err)
    assert err.count("\n") == 1 and err.startswith("ksui: ")
    assert result.stdout == b""


def test_usage_errors_of_click_are_sanitised(demo_path: Path, tmp_path: Path) -> None:
    result = ksui(demo_path, "drift", "--format", HOSTILE, env=ksui_env(tmp_path))
    assert result.returncode == 2
    assert "ogiltigt värde" in assert_clean(result.stderr)


def test_invalid_utf8_in_argv_prints_a_replacement(demo_path: Path, tmp_path: Path) -> None:
    env = ksui_env(tmp_path)
    result = ksui(demo_path, "log", "--user", b"p\xe4r", env=env)
    assert result.returncode == 2, result.stderr
    assert assert_clean(result.stderr) == "ksui: --user innehåller ogiltig UTF-8\n"
    refused = ksui(demo_path, "drift", "--committee", b"\xff\x1b[2J", env=env)
    assert refused.returncode == 2
    assert "»�␛[2J«" in assert_clean(refused.stderr)


def test_machine_formats_to_a_pipe_stay_exact(demo_path: Path, tmp_path: Path) -> None:
    store = Store(demo_path)
    writes.set_comment(store, "unit", unit_id(store, "Ekonomi"), 2017, "x\u202ey\x9bz")
    store.close()
    result = ksui(demo_path, "drift", "--format", "json", env=ksui_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "x\u202ey\x9bz" in result.stdout.decode("utf-8")  # data, not a display


def in_terminal(
    db: Path, *args: str, env: dict[str, str], columns: int = 120
) -> tuple[int, bytes, bytes]:
    """Run ksui with stdout on a pseudo-terminal of ``columns`` (stderr on a pipe)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "ksui", "--db", str(db), *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is gone once the process has exited
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.stderr is not None
    err = proc.stderr.read()
    return proc.wait(timeout=60), out, err


#: Rich's own styling: SGR sequences only (colour, bold, reset).
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_real_terminal_gets_colours_but_no_hostile_escape(
    demo_path: Path, tmp_path: Path
) -> None:
    store = Store(demo_path)
    writes.set_field(store, "unit", unit_id(store, "Ekonomi"), "name", HOSTILE)
    writes.set_comment(store, "unit", unit_id(store, "HR"), 2017, "x\u202ey\x9bz")
    store.close()
    env = ksui_env(tmp_path)
    for command in (["drift"], ["summary"], ["log"]):
        code, out, err = in_terminal(demo_path, *command, env=env)
        assert code == 0, err
        text = out.decode("utf-8").replace("\r\n", "\n")  # the terminal's own CR
        assert SGR.search(text), "Rich's colours reach a terminal"
        assert_clean(SGR.sub("", text).encode())
    # A machine format shown on a terminal is sanitised as well (in a pipe it is exact).
    code, out, err = in_terminal(demo_path, "drift", "--format", "json", env=env)
    assert code == 0, err
    text = assert_clean(out.replace(b"\r\n", b"\n"))
    assert "x⟦RLO⟧y�z" in text
    assert "A␛[2J" in text or "A\\u001b[2J" in text  # JSON escapes ESC itself
