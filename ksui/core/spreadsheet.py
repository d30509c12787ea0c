"""Cells that a spreadsheet would run as formulas, and how ksui keeps them plain text.

A name such as ``=HYPERLINK(...)`` or ``@SUM(...)`` typed into ksui (or imported from a
file) would, written raw to a CSV, run as a formula when the controller opens the file in
Excel or LibreOffice. As OWASP recommends, such text is written with a leading ``'``;
numbers are left as they are, so ``-1076.00`` stays a number.
"""

from __future__ import annotations

import re

#: What makes Excel, LibreOffice and Google Sheets read a cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _runs_as_formula(text: str) -> bool:
    """True when the text, past any ' already guarding it, starts like a formula."""
    bare = text.lstrip("'")
    return bare.startswith(FORMULA_START) and not _NUMBER.fullmatch(bare)


def guard_cell(text: str) -> str:
    """A text cell for a CSV file: formula-like text gets a leading ' so it stays text.

    Text that already starts with ' before a formula character gets one more, so that
    unguard_cell gives back exactly what was written.
    """
    return "'" + text if _runs_as_formula(text) else text


def unguard_cell(text: str) -> str:
    """Undo guard_cell when reading a CSV file back, so a template round-trips unchanged."""
    if text.startswith("'") and _runs_as_formula(text):
        return text[1:]
    return text
