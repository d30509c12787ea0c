"""What a start would otherwise work out again: kept between runs, as ``__pycache__`` keeps
a module's bytecode.

Two things cost every start the same work as the start before, on the way to the first
frame:

- Python 3.11 and 3.12 write each method a dataclass generates (``__init__``, ``__eq__``,
  ``__repr__`` …) as source text and compile it with ``exec``, one method at a time. The
  app's start creates about a hundred dataclasses (Textual's, Rich's and ksui's) and
  compiled some 220 such texts: 12–14 ms of a ~170 ms start. ``install`` gives the
  ``dataclasses`` module its own ``exec`` (a module's global shadows the builtin), which
  runs the code compiled from the very same text in an earlier run when it has it, and
  otherwise compiles it as ``exec`` would have (without this module's ``__future__``
  flags, as dataclasses' own code compiles it) and keeps it.
- Textual parses its stylesheets anew at every start (``ksui.tui.stylesheet`` keeps the
  parsed rules in a ``KeptFile`` of its own).

A ``KeptFile`` holds bytes by key: read whole when first asked, written whole and
atomically (a temporary file renamed over it) by ``save``, which the app calls once its
first frame is out and every command when it ends. The file names the interpreter's
bytecode version (and a user names what else the bytes depend on), and each entry is keyed
by everything it was made from, so a stale or foreign entry is never used: it is made anew.
A damaged or unreadable file is a miss, and an unwritable folder (or no home to put it in)
a cache not kept; neither is ever an error. The kept bytes are code ksui runs and pickles it
loads, so a file or folder that anyone but the user could have written is neither read nor
written (``_private``). Like Python's own bytecode cache, nothing is written under
PYTHONDONTWRITEBYTECODE.
"""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import sys
import threading
from collections.abc import Hashable
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from ksui.resources import cache_dir

#: The most entries a file keeps; past it, only those this run used are kept (a new Textual
#: or Python leaves the old entries behind, which no run asks for again).
LIMIT = 2000


class KeptFile:
    """Bytes by key, kept in one file of the cache folder between runs."""

    def __init__(self, name: str) -> None:
        try:
            #: None where there is no cache folder (no home to put it in): nothing is kept.
            self.path: Path | None = cache_dir() / name
        except (RuntimeError, KeyError, OSError):  # Path.home() with no HOME and no passwd
            self.path = None
        self._stored: dict[Hashable, bytes] | None = None  # read when first asked
        self.used: set[Hashable] = set()
        self.fresh: dict[Hashable, bytes] = {}
        self._lock = threading.Lock()
        #: One save at a time (the app's after its first frame, the command's at its end):
        #: each writes what the one before it wrote, and its own entries on top.
        self._saving = threading.Lock()

    @property
    def stored(self) -> dict[Hashable, bytes]:
        """What the file held when this run first asked (nothing when it could not be read)."""
        if self._stored is None:
            self._stored = _read(self.path) if self.path is not None else {}
        return self._stored

    @stored.setter
    def stored(self, value: dict[Hashable, bytes]) -> None:
        self._stored = value

    def get(self, key: Hashable) -> bytes | None:
        """The bytes kept under ``key``, or None."""
        found = self.stored.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: Hashable, value: bytes) -> None:
        """Keep ``value`` under ``key`` from the next ``save`` on."""
        with self._lock:
            self.fresh[key] = value

    def save(self) -> None:
        """Write the file with this run's new entries, if there are any."""
        with self._saving:
            self._save()

    def _save(self) -> None:
        with self._lock:
            fresh, self.fresh = self.fresh, {}
        if not fresh or sys.dont_write_bytecode or self.path is None:
            return
        kept = self.stored
        if len(kept) + len(fresh) > LIMIT:
            kept = {key: raw for key, raw in kept.items() if key in self.used}
        kept = {**kept, **fresh}
        import tempfile  # only when writing: it is no small import for every start

        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not _private(os.stat(folder)):
                return  # a folder others may write to is no place for code ksui will run
            handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=folder)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(marshal.dumps((MAGIC_NUMBER, kept)))
                os.replace(name, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(name)
                raise
        except (OSError, ValueError):  # a full disk, a read-only home, an unwritable key
            return  # the next start works it out again
        self._stored = kept
        self.used |= fresh.keys()


def _private(status: os.stat_result) -> bool:
    """Whether only this user can have written a file or folder: this user's, and writable
    by neither group nor others. The kept bytes are code ksui runs (and pickles it loads):
    anyone else able to write them could make ksui run theirs. Always true where there are
    no user ids (Windows: the folder is the user's own profile)."""
    if not hasattr(os, "geteuid"):
        return True
    return status.st_uid == os.geteuid() and not status.st_mode & 0o022


def _read(path: Path) -> dict[Hashable, bytes]:
    """The entries a file holds; none when it is missing, damaged, another version's, or
    not private to this user (``_private``: the file and its folder)."""
    try:
        if not _private(os.stat(path.parent)):
            return {}
        with open(path, "rb") as source:
            if not _private(os.fstat(source.fileno())):
                return {}
            magic, stored = marshal.loads(source.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if magic != MAGIC_NUMBER or not isinstance(stored, dict):
        return {}
    return {key: raw for key, raw in stored.items() if isinstance(raw, bytes)}


_files: list[KeptFile] = []
_code: KeptFile | None = None


def kept(name: str) -> KeptFile:
    """The kept file ``name`` in the cache folder, saved with the others by ``save``."""
    found = KeptFile(name)
    _files.append(found)
    return found


def install() -> None:
    """Let every dataclass created from now on reuse the code compiled in earlier runs.

    Does nothing a second time. Where ``dataclasses`` compiles no text (a later Python
    may not), its ``exec`` is simply never called."""
    global _code
    import dataclasses

    if _code is not None or getattr(dataclasses, "exec", None) is not None:
        return  # installed already (or someone else's exec is there: leave it)
    _code = kept(f"dataclasses-{sys.implementation.cache_tag}.marshal")
    dataclasses.exec = _exec  # type: ignore[attr-defined]


def uninstall() -> None:
    """Give ``dataclasses`` the builtin ``exec`` back and forget its kept code (for tests)."""
    global _code
    import dataclasses

    if getattr(dataclasses, "exec", None) is _exec:
        del dataclasses.exec  # type: ignore[attr-defined]
    if _code in _files:
        _files.remove(_code)
    _code = None


def code_file() -> KeptFile | None:
    """The dataclasses' kept code, while installed."""
    return _code


def save() -> None:
    """Keep what this run made for the next (nothing is written where nothing was new)."""
    for found in list(_files):
        found.save()


def save_in_background() -> None:
    """``save`` on a thread of its own, so that the app's keys do not wait for the disk."""
    if any(found.fresh for found in _files):
        threading.Thread(target=save, name="ksui-kept").start()


def _compiled(text: str) -> CodeType:
    """The code ``exec(text)`` compiles, from the kept file when it is there."""
    assert _code is not None
    raw = _code.get(text)
    if raw is not None:
        try:
            found = marshal.loads(raw)
        except (EOFError, ValueError, TypeError):
            found = None
        if isinstance(found, CodeType):
            return found
    made = compile(text, "<string>", "exec", dont_inherit=True)
    _code.put(text, marshal.dumps(made))
    return made


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **options: Any) -> None:
    """``exec`` as dataclasses calls it, with a text compiled once for all runs."""
    if _code is not None and type(source) is str:
        source = _compiled(source)
    builtins.exec(source, globals, locals, **options)
