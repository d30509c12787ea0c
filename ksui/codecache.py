"""The code dataclasses compile, kept between runs as ``__pycache__`` keeps a module's.

Python 3.11 and 3.12 write each method a dataclass generates (``__init__``, ``__eq__``,
``__repr__`` …) as source text and compile it with ``exec``, one method at a time, every
time the class is created. Starting the app creates about a hundred dataclasses
(Textual's, Rich's and ksui's) and compiled some 220 such texts, the same ones as at every
start before: 12–14 ms of a ~170 ms start, on the way to the first frame.

``install`` gives the ``dataclasses`` module its own ``exec`` (a module's global shadows
the builtin), which runs the code compiled from the very same text when it has it, and
otherwise compiles it as ``exec`` would have (no ``__future__`` flags of ours: the text is
compiled as dataclasses' own code would compile it) and remembers it. ``save`` writes what
was new to ``ksui/dataclasses-<interpreter>.marshal`` in the cache folder, atomically; the
app saves once its first frame is out and every command when it ends. The cache is keyed
by the whole text, and its file by the interpreter's bytecode version, so a stale or
foreign entry is never run: a text that differs is compiled anew. A damaged or
unreadable file is a cache miss, an unwritable folder a cache that is not kept; neither is
ever an error. Like Python's own bytecode cache, nothing is written when
``PYTHONDONTWRITEBYTECODE`` is set.
"""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import sys
import threading
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from ksui.resources import cache_dir

#: The most texts the file keeps; past it, only those this run used are kept (a new
#: Textual or Python leaves the old texts behind, which no run asks for again).
LIMIT = 2000


class _Cache:
    """The texts compiled in earlier runs (marshalled code, unpacked when first asked for),
    and those compiled in this one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[str, bytes] = _read(path)
        self.used: set[str] = set()
        self.fresh: dict[str, CodeType] = {}
        self.lock = threading.Lock()

    def code(self, text: str) -> CodeType:
        """The code compiled from ``text``, as ``exec(text)`` would compile it."""
        raw = self.stored.get(text)
        if raw is not None:
            try:
                found = marshal.loads(raw)
            except (EOFError, ValueError, TypeError):
                found = None
            if isinstance(found, CodeType):
                self.used.add(text)
                return found
        made = compile(text, "<string>", "exec", dont_inherit=True)
        with self.lock:
            self.fresh[text] = made
        return made

    def save(self) -> None:
        """Write the texts kept (with this run's new ones) if there are new ones."""
        with self.lock:
            fresh, self.fresh = self.fresh, {}
        if not fresh or sys.dont_write_bytecode:
            return
        kept = self.stored
        if len(kept) + len(fresh) > LIMIT:
            kept = {text: raw for text, raw in kept.items() if text in self.used}
        kept = {**kept, **{text: marshal.dumps(code) for text, code in fresh.items()}}
        import tempfile  # only when writing: it is no small import for every start

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, name = tempfile.mkstemp(prefix=".dataclasses-", dir=self.path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(marshal.dumps((MAGIC_NUMBER, kept)))
                os.replace(name, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(name)
                raise
        except OSError:
            return  # a full disk or a read-only home: the next start compiles again
        self.stored = kept


def _read(path: Path) -> dict[str, bytes]:
    """The texts a file holds, or none when it is missing, damaged or another version's."""
    try:
        content = path.read_bytes()
        magic, stored = marshal.loads(content)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if magic != MAGIC_NUMBER or not isinstance(stored, dict):
        return {}
    return {k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, bytes)}


_cache: _Cache | None = None


def cache_file() -> Path:
    """Where this interpreter's compiled dataclass methods are kept."""
    return cache_dir() / f"dataclasses-{sys.implementation.cache_tag}.marshal"


def install() -> None:
    """Let every dataclass created from now on reuse the code compiled in earlier runs.

    Does nothing a second time. Where ``dataclasses`` compiles no text (a later Python
    may not), its ``exec`` is simply never called."""
    global _cache
    import dataclasses

    if _cache is not None or getattr(dataclasses, "exec", None) is not None:
        return  # installed already (or someone else's exec is there: leave it)
    _cache = _Cache(cache_file())
    dataclasses.exec = _exec  # type: ignore[attr-defined]


def uninstall() -> None:
    """Give ``dataclasses`` the builtin ``exec`` back (for tests)."""
    global _cache
    import dataclasses

    if getattr(dataclasses, "exec", None) is _exec:
        del dataclasses.exec  # type: ignore[attr-defined]
    _cache = None


def save() -> None:
    """Keep what this run compiled for the next (nothing when nothing was new)."""
    if _cache is not None:
        _cache.save()


def save_in_background() -> None:
    """``save`` on a thread of its own, so that the app's keys do not wait for the disk."""
    if _cache is not None and _cache.fresh:
        threading.Thread(target=save, name="ksui-codecache").start()


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **options: Any) -> None:
    """``exec`` as dataclasses calls it, with a text compiled once for all runs."""
    cache = _cache
    if cache is not None and type(source) is str:
        source = cache.code(source)
    builtins.exec(source, globals, locals, **options)
