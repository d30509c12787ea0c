"""The one sanitiser for text that reaches a terminal: stdout, stderr or the TUI.

Names, comments, file contents, error messages and old values echoed back all come from
somewhere a user (or an attacker) could write. A raw ESC can clear the screen or move the
cursor, an OSC 52 sequence writes to the clipboard, a bidi override makes a line read
backwards. Here every such character is shown as a visible stand-in instead, so the text
still says what it holds but can never act on the terminal.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

#: C0 controls except tab and newline, DEL, and the C1 controls (0x80-0x9f: CSI is 0x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Bidirectional embeddings, overrides and isolates (Trojan Source), shown by name.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_BIDI_NAMES = {
    "\u202a": "⟦LRE⟧",
    "\u202b": "⟦RLE⟧",
    "\u202c": "⟦PDF⟧",
    "\u202d": "⟦LRO⟧",
    "\u202e": "⟦RLO⟧",
    "\u2066": "⟦LRI⟧",
    "\u2067": "⟦RLI⟧",
    "\u2068": "⟦FSI⟧",
    "\u2069": "⟦PDI⟧",
}
#: The longest text shown in one place; a comment longer than this is cut with "…".
MAX_TEXT = 2000


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC shows as ␛)
    if code == 0x7F:
        return "␡"
    return "�"  # a C1 control has no picture of its own


def visible(text: object, limit: int | None = MAX_TEXT) -> str:
    """Text that is safe on any terminal: controls and bidi overrides made visible.

    Tab and newline stay (a caller that needs one line replaces them); everything else
    that could steer a terminal becomes a symbol. ``limit`` caps the length (None: no cap).
    """
    if text is None:
        return ""
    raw = text if isinstance(text, str) else str(text)
    if not raw:
        return ""
    cleaned = _CONTROL.sub(_picture, raw)
    cleaned = _BIDI.sub(lambda m: _BIDI_NAMES[m.group()], cleaned)
    # Lone surrogates (from undecodable argv bytes) cannot be encoded; show them as �.
    if any("\ud800" <= ch <= "\udfff" for ch in cleaned):
        cleaned = "".join("�" if "\ud800" <= ch <= "\udfff" else ch for ch in cleaned)
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def one_line(text: object, limit: int | None = MAX_TEXT) -> str:
    """``visible`` on one line: line breaks show as ↵ and tabs as spaces (table cells, logs)."""
    shown = visible(text, limit)
    return shown.replace("\r\n", "\n").replace("\n", " ↵ ").replace("\t", " ")


# -- what a terminal without the character shows instead -----------------------------------
#: ASCII for the characters ksui writes itself, and a few common ones. Each is one cell
#: wide, so a TUI frame keeps its columns; plain text may use the longer forms below.
STAND_INS: dict[str, str] = {
    "—": "-", "–": "-", "−": "-", "‐": "-", "●": "*", "◐": "o", "○": "o", "•": "*",
    "▾": "v", "▸": ">", "▲": "^", "▼": "v", "✎": "*", "✖": "x", "✔": "v", "✓": "v", "×": "x",
    "⏎": "<", "␣": "_", "↵": "|", "·": ".", "›": ">", "‹": "<", "»": '"', "«": '"',
    "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "⟦": "[", "⟧": "]", "�": "?",
    "▔": "-", "▁": "_", "▊": "|", "▎": "|", "▌": "|", "▐": "|", "↑": "^", "↓": "v",
    "↶": "<",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}  # fmt: skip
#: Longer, clearer forms where the width does not matter (command output).
WIDE_STAND_INS: dict[str, str] = {"…": "...", "→": "->", "←": "<-", "≤": "<=", "≥": ">="}
#: Codec error handlers: ``STAND_IN`` for text output, ``STAND_IN_CELL`` for a TUI frame.
STAND_IN = "ksui.standin"
STAND_IN_CELL = "ksui.standin.cell"


def stand_in(char: str, *, one_cell: bool = False) -> str:
    """ASCII for a character the output cannot encode; ``one_cell`` keeps it one column."""
    if not one_cell and char in WIDE_STAND_INS:
        return WIDE_STAND_INS[char]
    if char in STAND_INS:
        return STAND_INS[char]
    code = ord(char)
    if one_cell and char in WIDE_STAND_INS:
        return WIDE_STAND_INS[char][0] if char != "…" else "~"
    if 0x2400 <= code <= 0x241F:  # control pictures: ␛ shows as ^[ as a terminal would
        return "^" if one_cell else "^" + chr(0x40 + code - 0x2400)
    if code == 0x2421:
        return "^" if one_cell else "^?"
    if 0x2500 <= code <= 0x257F:  # box drawing
        if char in "─━═╌╍┄┅┈┉╴╶╸╺":
            return "-"
        return "|" if char in "│┃║╎╏┆┇┊┋╵╷╹╻" else "+"
    if 0x2580 <= code <= 0x259F:  # blocks, as in the sparkline
        return "#"
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate from an undecodable argv byte
        return "?"
    ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    if ascii_form and (not one_cell or len(ascii_form) == 1):
        return ascii_form
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    return "??" if one_cell and wide else "?"


def _handler(one_cell: bool) -> object:
    def handle(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        chunk = error.object[error.start : error.end]
        return "".join(stand_in(ch, one_cell=one_cell) for ch in chunk), error.end

    return handle


codecs.register_error(STAND_IN, _handler(False))  # type: ignore[arg-type]
codecs.register_error(STAND_IN_CELL, _handler(True))  # type: ignore[arg-type]
