"""Is the file sound? A damaged database is never written to, shown or exported as if fine.

SQLite notices a broken page only when a query happens to trip over it; flipped bytes inside
a record are read back as other figures. ``PRAGMA quick_check`` walks every page and record
and finds that kind of damage, but it costs time in proportion to the file (about 2 ms on
the demo, 0.4 s on a 230 MB kommun file). So a file is checked once and then remembered as
sound by its fingerprint (size, modification and change times of the file and its WAL, in
nanoseconds) in the user's cache folder: an unchanged file is not checked again, a file that
anything else touched is. After each of ksui's own commits the new fingerprint is
remembered, because a file that was sound and that SQLite itself wrote to stays sound.

Opening also copes with where the file lives: a 0-byte file is not quietly made a ksui
database, and a file in a folder ksui may not write to is opened read-only.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Protocol

from ksui.resources import cache_dir
from ksui.store.errors import DamagedError


class Checked(Protocol):
    """What health needs of an open store (``ksui.store.db.Store``), without importing it."""

    path: Path
    conn: sqlite3.Connection
    verified: bool


#: How many of quick_check's complaints are quoted in the message.
_SHOWN_PROBLEMS = 1
_CACHE_ENTRIES = 64


def recovery_hint(path: Path) -> str:
    """The sentence every damage message ends with: what the controller can do now."""
    return (
        f"återställ från en säkerhetskopia (ksui backup) eller rädda det som går med "
        f"sqlite3 {path} .recover; se README, »Om filen är skadad«"
    )


def damaged_message(path: Path, problem: str) -> str:
    """One line naming the file, the first problem SQLite found and the way out."""
    return (
        f"{path}: databasen är skadad ({problem}); ksui läser och skriver den inte. "
        + recovery_hint(path)
    )


def is_damage(exc: BaseException) -> bool:
    """True when SQLite reports a corrupt file (rather than a busy or read-only one)."""
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return "malformed" in text or "not a database" in text or "corrupt" in text
    return "malformed" in str(exc).lower()


def quick_check(conn: sqlite3.Connection, *, full: bool = False) -> list[str]:
    """The problems SQLite finds in the file (empty when sound); ``full`` also checks indexes."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}({_SHOWN_PROBLEMS + 4})").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    problems = [
        line.strip()
        for row in rows
        for line in str(row[0]).splitlines()
        if line.strip() and not line.startswith("***")
    ]
    return [] if problems == ["ok"] else problems


# -- the fingerprint cache -----------------------------------------------------------------
def _cache_file() -> Path:
    return cache_dir() / "verified.json"


def fingerprint(path: Path) -> list[int] | None:
    """Size and times of the file and its WAL; any write by anyone changes them."""
    parts: list[int] = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(f"{path}{suffix}")
        except FileNotFoundError:
            parts += [0, 0, 0, 0]
            continue
        except OSError:
            return None
        if suffix and st.st_size == 0:
            parts += [0, 0, 0, 0]  # an empty WAL comes and goes with every connection
            continue
        parts += [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    return parts


def _read_cache() -> dict[str, Any]:
    try:
        data = json.loads(_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError, RuntimeError):  # RuntimeError: no home (Path.home())
        return {}
    return data if isinstance(data, dict) else {}


def is_remembered(path: Path) -> bool:
    """True when the file is exactly as it was when last found sound."""
    mark = fingerprint(path)
    return mark is not None and _read_cache().get(str(path.resolve())) == mark


def remember(path: Path) -> None:
    """Record the file's current fingerprint as sound (best effort: a cache, not a promise)."""
    mark = fingerprint(path)
    if mark is None:
        return
    cache = _read_cache()
    key = str(path.resolve())
    if cache.get(key) == mark:
        return
    cache.pop(key, None)
    cache[key] = mark
    while len(cache) > _CACHE_ENTRIES:
        cache.pop(next(iter(cache)))
    _write_cache(cache)


def _write_cache(cache: dict[str, Any]) -> None:
    """Replace the cache file whole (beside it, then renamed): a kill never leaves it cut."""
    tmp: str | None = None
    try:
        target = _cache_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when the cache changes: keeps `ksui summary` fast

        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".verified.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(cache, handle)
        os.replace(tmp, target)
        tmp = None
    except (OSError, RuntimeError):  # RuntimeError: no home to keep a cache in
        pass  # a cache, not a promise: the file is simply checked again next time
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def close(store: Checked) -> None:
    """Close the connection and keep the file known sound across SQLite's own checkpoint.

    Closing the last connection folds the WAL into the file, which changes its fingerprint;
    when the file was sound and untouched by anyone else just before, it still is after.
    """
    sound = store.verified and store.path != Path(":memory:") and is_remembered(store.path)
    store.conn.close()
    if sound:
        remember(store.path)


def forget(path: Path) -> None:
    """Drop a file from the cache (after damage was found, so it is checked every time)."""
    cache = _read_cache()
    if cache.pop(str(path.resolve()), None) is not None:
        _write_cache(cache)


def verify(store: Checked, *, full: bool = False) -> None:
    """Refuse a damaged file with DamagedError; cheap when the file is unchanged since last time.

    ``full`` (``ksui check``, ``ksui backup``) always runs SQLite's complete integrity check.
    """
    if store.path == Path(":memory:"):
        return
    if not full and (store.verified or is_remembered(store.path)):
        store.verified = True
        return
    problems = quick_check(store.conn, full=full)
    if problems:
        store.verified = False
        forget(store.path)
        raise DamagedError(damaged_message(store.path, problems[0]))
    store.verified = True
    remember(store.path)


# -- opening ---------------------------------------------------------------------------------
def connect(path: Path, timeout: float) -> tuple[sqlite3.Connection, bool]:
    """Open the file for writing, or read-only where its folder or the file forbids writes.

    Returns the connection and whether it is read-only. WAL needs a -shm file beside the
    database; in a folder nobody may write to, the file is opened as an immutable snapshot
    (only when no WAL holds newer data than the file itself).
    """
    try:
        conn = sqlite3.connect(
            str(path), timeout=timeout, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA schema_version").fetchone()
        return conn, False
    except sqlite3.OperationalError as first:
        if "unable to open" not in str(first) and "readonly" not in str(first):
            raise
    wal = Path(f"{path}-wal")
    modes = ["mode=ro"]
    if not wal.exists() or wal.stat().st_size == 0:
        modes.append("mode=ro&immutable=1")
    last: sqlite3.Error | None = None
    for mode in modes:
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?{mode}",
                uri=True,
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute("PRAGMA schema_version").fetchone()
            return conn, True
        except sqlite3.OperationalError as exc:
            last = exc
    assert last is not None
    raise last


def read_only_message(path: Path) -> str:
    """Why a write to a file ksui may only read was refused, and what to do."""
    return (
        f"{path}: filen eller mappen den ligger i är skrivskyddad; ksui kan läsa den men "
        f"inte spara ändringar (inget har ändrats). Kopiera filen till en skrivbar mapp "
        f"eller ändra behörigheterna"
    )


def empty_file_message(path: Path) -> str:
    """A 0-byte file is most likely a mistake, never silently turned into a database."""
    return (
        f"{path}: filen är tom (0 byte) och ingen ksui-databas; skapa en med "
        f"ksui init --empty {path} --force eller ange rätt fil"
    )


def explain(exc: sqlite3.Error, path: Path) -> str | None:
    """One Swedish line for an SQLite failure a controller can act on, else None.

    A full disk, a read-only file and a damaged file reach the user as what they are,
    with the promise that nothing was changed (the transaction was rolled back).
    """
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return f"{path}: disken är full ({exc}); inget har ändrats. Frigör utrymme och försök igen"
    if "readonly" in text or "read-only" in text:
        return read_only_message(path)
    if is_damage(exc):
        return damaged_message(path, str(exc))
    if "disk i/o error" in text:
        return f"{path}: läs- eller skrivfel på disken ({exc}); inget har ändrats"
    return None
