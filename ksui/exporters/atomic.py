"""Writing a file all at once: the old file stays whole until the new one is complete.

A report or template is written to a temporary file beside the target, flushed to disk
and renamed over it. A full disk, a kill or a power cut leaves either the old file or the
new one, never a truncated mix; the temporary file is removed when the write fails.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

#: Swedish words for the failures a controller can fix (the OS gives English strerror).
_REASONS = {
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOENT: "mappen finns inte",
    errno.ENOTDIR: "mappen finns inte",
    errno.EISDIR: "det är en mapp",
}


def describe_os_error(exc: OSError) -> str:
    """Why a write failed, in Swedish where ksui knows the reason, else the OS's words."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def _default_mode() -> int:
    """The mode a newly created file gets (0666 less the umask), read without changing it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o644


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once, or raise OSError and leave it untouched."""
    target = Path(os.path.realpath(path))  # a symlink keeps pointing at the new content
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    """Flush the rename itself to disk; not every platform or filesystem allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
