"""What the terminal can show: ASCII stand-ins, one cell each, for characters its encoding lacks.

Textual writes its frames as text to ``sys.__stderr__``, encoded in the locale's encoding
with Python's ``backslashreplace``: under Latin-1 a border line arrives as ``\\u2500`` and
breaks the whole layout. Here, when the encoding cannot hold the app's own symbols, the
stream gets an error handler that puts one ASCII character in the place of each character
it cannot encode (``─`` → ``-``, ``╭`` → ``+``, ``●`` → ``*``), so every column stays where
Textual put it; å, ä, ö and Ö stay as they are wherever the encoding has them.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
import unicodedata
from typing import TextIO

HANDLER = "ksui.tui.ascii"
#: The symbols the app draws itself; a terminal that cannot show them gets ASCII.
PROBE = "Ö─│╭●○▾▸✎✖⏎█▁"

STAND_INS: dict[str, str] = {
    "●": "*",
    "○": "o",
    "◐": "~",
    "▾": "v",
    "▸": ">",
    "▲": "^",
    "▼": "v",
    "✎": "*",
    "✖": "x",
    "✔": "v",
    "⏎": "<",
    "␣": "_",
    "…": "~",
    "—": "-",
    "–": "-",
    "−": "-",
    "→": ">",
    "←": "<",
    "↑": "^",
    "↓": "v",
    "·": ".",
    "•": "*",
    "›": ">",
    "‹": "<",
    "▔": "-",
    "▁": "_",
    "▊": "|",
    "▎": "|",
    "▌": "|",
    "▐": "|",
}


def stand_in(char: str) -> str:
    """One ASCII character for a character the terminal cannot show (two for a wide one)."""
    if char in STAND_INS:
        return STAND_INS[char]
    code = ord(char)
    if 0x2500 <= code <= 0x257F:  # box drawing
        if char in "─━═╌╍┄┅┈┉╴╶╸╺":
            return "-"
        return "|" if char in "│┃║╎╏┆┇┊┋╵╷╹╻" else "+"
    if 0x2580 <= code <= 0x259F:  # blocks, as in the sparkline
        return "#"
    ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    if len(ascii_form) == 1:
        return ascii_form
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    return "??" if wide else "?"


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(stand_in(ch) for ch in chunk), error.end


codecs.register_error(HANDLER, _handler)


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
    if stream is None or can_show(PROBE, stream):
        return False
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            stream.flush()
            reconfigure(errors=HANDLER)
    return True
