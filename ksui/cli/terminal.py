"""The one choke point between ksui and the terminal: every byte to stdout and stderr.

``install()`` runs first thing in ``ksui.__main__.main``, before any command, and so
covers code that never heard of it (``typer.echo``, ``print``, ``sys.stderr.write``,
click's own usage errors, a refused import's summary):

* **stderr** is always replaced by a ``SafeStream``: every write passes through
  ``ksui.core.text.visible`` (no length cap), so an error line that quotes a hostile name
  or a refused CSV cell can *show* ``␛[2J`` or an OSC 52 sequence but never send one.
* **stdout** is replaced the same way for human output, i.e. every command but
  ``ksui export``. ``export`` writes a document: to a pipe or a file it stays byte-exact
  UTF-8 whatever the locale; to a terminal it is sanitised as well.
* Both streams encode with the ``ksui.standin`` error handler: a character the
  terminal's encoding lacks (``—``, ``●``, ``↵``, ``␛`` under Latin-1) becomes an ASCII
  stand-in (``-``, ``*``, ``|``, ``^[``) instead of a UnicodeEncodeError; å, ä and ö stay
  wherever the encoding has them.

Two writers go around the text layer on purpose, each through its own sanitising door:

* Rich (``ksui.cli.context.console``) writes to ``raw(stream)``, because it adds its own
  SGR colour codes that the wrapper would show as ``␛[1m``; instead every text segment Rich
  lays out passes ``visible`` just before Rich styles it (``ksui.render.safe``).
* Machine formats (``--format json|csv|markdown``) go through ``write_data``: UTF-8 bytes
  straight to the binary buffer, whatever the locale, sanitised only when stdout is a TTY.

This module imports only the standard library and the core sanitiser: it sits on the
path of ``ksui summary``, whose start-up time is budgeted.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ksui.core.text import STAND_IN, visible

_SURROGATE = re.compile("[\ud800-\udfff]")

#: Root options taken before the command name (each takes a value).
ROOT_OPTIONS = ("--db", "--config")
#: Commands whose stdout is a document, not text for a reader.
DOCUMENT_COMMANDS = frozenset({"export"})


class SafeStream(io.TextIOBase):
    """A text stream that shows every control and bidi character instead of sending it.

    Wraps the process's real stdout or stderr; ``raw`` is the stream underneath, for the
    two writers that sanitise on their own (Rich and ``write_data``). There is deliberately
    no ``buffer`` attribute: a byte written to it would skip the sanitiser.
    """

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The encoding of the stream underneath (what Rich and click look at)."""
        return getattr(self.raw, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        """The error handler of the stream underneath."""
        return getattr(self.raw, "errors", None)

    @property
    def name(self) -> Any:
        """The name of the stream underneath ('<stdout>')."""
        return getattr(self.raw, "name", "<ksui>")

    def write(self, text: str) -> int:
        """Write ``text`` with every control character made visible (tab and newline stay)."""
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.raw.write(visible(text, limit=None))
        return len(text)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self.raw.flush()

    def isatty(self) -> bool:
        """Whether the stream underneath is a terminal."""
        try:
            return self.raw.isatty()
        except (AttributeError, ValueError):
            return False

    def fileno(self) -> int:
        """The file descriptor underneath (for code that asks the terminal's size)."""
        return self.raw.fileno()

    def writable(self) -> bool:
        """Always writable."""
        return True

    def readable(self) -> bool:
        """Never readable."""
        return False

    def close(self) -> None:
        """Flush only: closing the terminal under other writers helps no one."""
        with contextlib.suppress(OSError, ValueError):
            self.raw.flush()


def raw(stream: TextIO) -> TextIO:
    """The stream under a ``SafeStream`` (Rich writes there, sanitising on its own)."""
    return stream.raw if isinstance(stream, SafeStream) else stream


def command_of(argv: Sequence[str]) -> str | None:
    """The command name in argv after the root options, or None for a bare `ksui`."""
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token == "--":
            return rest[0] if rest else None
        if token in ROOT_OPTIONS:
            rest = rest[1:]
        elif not token.startswith("-"):
            return token
    return None


def _reconfigure(stream: TextIO | None, **options: str) -> None:
    """Give a real text stream the stand-in error handler (and maybe another encoding)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    with contextlib.suppress(ValueError, io.UnsupportedOperation, LookupError):
        reconfigure(errors=STAND_IN, **options)


def install(argv: Sequence[str] | None = None) -> None:
    """Wrap sys.stderr always, and sys.stdout unless it carries a document to a pipe.

    Called once at process start; a second call changes nothing.
    """
    argv = sys.argv[1:] if argv is None else argv
    if sys.stderr is not None and not isinstance(sys.stderr, SafeStream):
        _reconfigure(sys.stderr)
        sys.stderr = SafeStream(sys.stderr)
    if sys.stdout is None or isinstance(sys.stdout, SafeStream):
        return
    if command_of(argv) in DOCUMENT_COMMANDS:
        _reconfigure(sys.stdout, encoding="utf-8")
        if not sys.stdout.isatty():
            return  # a document to a pipe or file: byte-exact data
    else:
        _reconfigure(sys.stdout)
    sys.stdout = SafeStream(sys.stdout)


def write_data(body: str) -> None:
    """Write a machine-readable document (JSON, CSV, Markdown) to stdout as UTF-8 bytes.

    Byte-exact to a pipe or file, whatever the locale; a terminal gets it sanitised, as
    everything else, with CSV's CRLF line ends kept.
    """
    stream = sys.stdout
    if not body.endswith("\n"):
        body += "\n"
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty:
        body = "\r\n".join(visible(part, limit=None) for part in body.split("\r\n"))
    body = _SURROGATE.sub("\ufffd", body)
    binary = getattr(raw(stream), "buffer", None)
    if binary is None:
        stream.write(body)
        stream.flush()
        return
    stream.flush()
    binary.write(body.encode("utf-8"))
    binary.flush()


def width_is_free() -> bool:
    """True when stdout is no terminal and COLUMNS is unset: tables may be as wide as they need."""
    import os

    if os.environ.get("COLUMNS", "").strip().isdigit():
        return False
    try:
        return not raw(sys.stdout).isatty()
    except (AttributeError, ValueError):
        return True
