"""`ksui backup`: a verified copy of the whole file, taken while others may be writing.

SQLite's online backup copies a consistent snapshot page by page even with the TUI open in
another window, so a copy is never half of one edit and half of the next. The copy is made
under a temporary name beside the target, checked with SQLite's full integrity check and
compared with the original (schema version, change sets, figures), and only then renamed
into place: a failed or interrupted backup leaves an earlier backup at that name untouched.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ksui.store.db import Store, StoreError
from ksui.store.health import explain, quick_check, verify

#: Tables whose row counts must agree between the original and the copy.
_COUNTED = ("unit", "drift_figure", "changeset", "audit")


@dataclass(frozen=True)
class BackupResult:
    """What was copied, for the one line `ksui backup` prints."""

    path: Path
    size: int
    changesets: int
    figures: int


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]) for t in _COUNTED}


def backup(store: Store, target: Path, *, force: bool = False) -> BackupResult:
    """Copy the database to ``target`` and verify the copy; StoreError when it cannot."""
    target = Path(target)
    if target.exists() and not force:
        raise StoreError(f"{target}: finns redan; använd --force för att skriva över")
    if target.resolve() == store.path.resolve():
        raise StoreError(f"{target}: är databasen själv; välj en annan fil")
    if not target.parent.is_dir():
        raise StoreError(f"{target.parent}: mappen finns inte")
    verify(store, full=True)  # never copy damage into a backup as if it were sound
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise StoreError(f"{target}: kan inte skrivas ({exc.strerror or exc})") from None
    os.close(fd)
    tmp = Path(name)
    try:
        copy = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            store.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            problems = quick_check(copy, full=True)
            if problems:
                raise StoreError(f"{target}: kopian blev inte hel ({problems[0]}); försök igen")
            version = copy.execute("PRAGMA user_version").fetchone()[0]
            copied = _counts(copy)
        finally:
            copy.close()
        if version != store.version or copied != _counts(store.conn):
            raise StoreError(f"{target}: kopian stämmer inte med originalet; försök igen")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        with contextlib.suppress(OSError):  # make the rename itself durable
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except sqlite3.Error as exc:
        raise StoreError(
            explain(exc, target) or f"{target}: säkerhetskopian misslyckades ({exc})"
        ) from None
    except OSError as exc:
        raise StoreError(f"{target}: kan inte skrivas ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(target, target.stat().st_size, copied["changeset"], copied["drift_figure"])
