"""What ksui does when it hits a bug in itself: one line, a crash file, exit code 3.

A script must be able to tell a crash from ``ksui check``'s 1 and a user's mistake (2),
and a controller should never face a traceback. The traceback goes to a file in the
user's state folder (``$XDG_STATE_HOME/ksui`` or ``~/.local/state/ksui``, else the temp
folder); only the newest few are kept, so a crash loop cannot fill the disk. Headless and
light, because a crash handler that imports the world is a fresh place to crash.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from ksui.core.text import visible

EXIT_CRASH = 3
#: How many crash files are kept (distinct names: the first crash of a loop survives).
KEEP = 10


def crash_dirs() -> list[Path]:
    """Where a crash file may go, best first: the state folder, then the temp folder."""
    state = os.environ.get("XDG_STATE_HOME", "").strip()
    base = Path(state) if state and Path(state).is_absolute() else Path.home() / ".local" / "state"
    return [base / "ksui", Path(tempfile.gettempdir()) / f"ksui-{_user()}"]


def _user() -> str:
    """The OS user's name for the temp folder (shared temp dirs hold every user's files)."""
    try:
        return str(os.getuid())
    except AttributeError:  # pragma: no cover - Windows
        return os.environ.get("USERNAME", "user")


def root_cause(error: BaseException) -> BaseException:
    """The error to report, unwrapping the TUI's ``AppCrashed`` and Textual's ``WorkerFailed``."""
    wrapped = getattr(error, "error", None)
    return wrapped if isinstance(wrapped, BaseException) else error


def report_text(error: BaseException, argv: list[str]) -> str:
    """The crash file's contents: when, what was run, versions and the traceback."""
    from ksui import __version__ as ksui_version

    lines = [
        f"ksui {ksui_version} kraschade {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC",
        f"kommando: ksui {' '.join(argv)}",
        f"python: {sys.version.split()[0]} på {sys.platform}",
        "",
    ]
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    # Read with `cat` on a terminal: a hostile value in the message must not act there.
    return visible("\n".join(lines) + trace, limit=None)


def write_crash_file(text: str) -> Path | None:
    """Write a crash file and prune the old ones; None if no folder would take it."""
    from ksui.exporters.atomic import write_atomic

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for directory in crash_dirs():
        path = directory / f"crash-{stamp}-{os.getpid()}.txt"
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not _own_folder(directory):
                continue
            # Beside and renamed, like every file ksui writes: never a cut crash file.
            write_atomic(path, text.encode("utf-8", errors="backslashreplace"))
        except OSError:
            continue
        _prune(directory)
        return path
    return None


def _own_folder(directory: Path) -> bool:
    """Whether ``directory`` is a real folder of this user (not a link planted in /tmp)."""
    if directory.is_symlink() or not directory.is_dir():
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or directory.stat().st_uid == getuid()


def _prune(directory: Path) -> None:
    """Keep only the newest KEEP crash files."""
    try:
        files = sorted(directory.glob("crash-*.txt"), key=lambda p: p.name, reverse=True)
        for stale in files[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


def crash_line(error: BaseException, path: Path | None) -> str:
    """The one line on stderr: what kind of error, and where its details are."""
    kind = type(error).__name__
    if path is None:
        return f"ksui: oväntat fel ({kind}: {error}); kunde inte skriva en kraschfil"
    return f"ksui: oväntat fel ({kind}); detaljer i {path}"


def report(error: BaseException, argv: list[str] | None = None) -> int:
    """Write the crash file, print one line on stderr and return the exit code 3."""
    from ksui.core.text import one_line

    argv = sys.argv[1:] if argv is None else argv
    error = root_cause(error)
    try:
        path = write_crash_file(report_text(error, argv))
    except Exception:
        path = None
    try:
        sys.stderr.write(one_line(crash_line(error, path), limit=500) + "\n")
        sys.stderr.flush()
    except Exception:
        pass
    return EXIT_CRASH
