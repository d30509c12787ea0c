"""The one sanitiser for text that reaches a terminal: stdout, stderr or the TUI.

Names, comments, file contents, error messages and old values echoed back all come from
somewhere a user (or an attacker) could write. A raw ESC can clear the screen or move the
cursor, an OSC 52 sequence writes to the clipboard, a bidi override makes a line read
backwards. Here every such character is shown as a visible stand-in instead, so the text
still says what it holds but can never act on the terminal.
"""

from __future__ import annotations

import re

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
