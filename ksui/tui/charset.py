"""What the terminal can show: ASCII, one cell a character, when it is not UTF-8.

Textual writes its frames as text to ``sys.__stderr__``, encoded in the locale's encoding
with Python's ``backslashreplace``: under Latin-1 a border line arrives as ``\\u2500`` and
breaks the whole layout. And a Latin-1 locale over SSH usually sits in front of a UTF-8
terminal, where a Latin-1 ``Ö`` is not a character at all (the tab reads ``versikt``). So
whenever the encoding is not UTF-8, the app writes plain ASCII: ``Översikt`` → ``Oversikt``,
``─`` → ``-``, ``●`` → ``*`` (the stand-ins of ``ksui.core.text``), each one cell wide so
every column stays where Textual put it. That reads right on any terminal.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
from typing import TextIO

from ksui.core.text import STAND_IN_CELL

#: The symbols the app draws itself; a terminal that cannot show them gets ASCII.
PROBE = "Ö─│╭●○▾▸✎✖⏎█▁"


def _is_utf8(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-16", "utf-32")
    except LookupError:
        return False


def can_show(text: str, stream: TextIO | None) -> bool:
    """Whether ``stream``'s encoding holds every character of ``text``."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def fit_output(stream: TextIO | None = None) -> bool:
    """Give the terminal stream ASCII stand-ins if it cannot show the app; True when it did."""
    stream = stream if stream is not None else sys.__stderr__
    if stream is None or (_is_utf8(stream) and can_show(PROBE, stream)):
        return False
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            stream.flush()
            reconfigure(encoding="ascii", errors=STAND_IN_CELL)
    return True
