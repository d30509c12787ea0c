"""A changed text as a word diff: what stayed, what went and what came, word by word.

The Ändringslogg and `ksui log --detail` show a changed comment this way instead of the
old and the new text side by side. Removed and added words are marked with shape as well
as colour (``[-ord-]`` and ``{+ord+}``, as wdiff writes them), so a reader without colour
sees them too.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Literal

Op = Literal["=", "-", "+"]

REMOVED_OPEN, REMOVED_CLOSE = "[-", "-]"
ADDED_OPEN, ADDED_CLOSE = "{+", "+}"

#: Words of unchanged text kept on either side of a change in a one-line summary.
CONTEXT = 3


def word_diff(old: str, new: str) -> list[tuple[Op, str]]:
    """The two texts as runs of kept ("="), removed ("-") and added ("+") words.

    Whitespace is not compared (a re-wrapped paragraph is not a change); each run is its
    words joined by single spaces, a replacement a removal followed by an addition.
    """
    before, after = old.split(), new.split()
    runs: list[tuple[Op, str]] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("=", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(before[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(after[j1:j2])))
    return runs


def marked(op: Op, text: str) -> str:
    """One run with its markers: ``[-gammalt-]``, ``{+nytt+}``, kept text as it is."""
    if op == "-":
        return f"{REMOVED_OPEN}{text}{REMOVED_CLOSE}"
    if op == "+":
        return f"{ADDED_OPEN}{text}{ADDED_CLOSE}"
    return text


def marked_text(runs: list[tuple[Op, str]]) -> str:
    """The whole diff as plain text with markers."""
    return " ".join(marked(op, text) for op, text in runs)


def around_changes(runs: list[tuple[Op, str]]) -> list[tuple[Op, str]]:
    """The runs from a little before the first change to a little after the last.

    Long unchanged stretches between changes and around them keep ``CONTEXT`` words at
    each side, the rest becomes »…«, so one line can show where a long text changed.
    """
    changed = [i for i, (op, _) in enumerate(runs) if op != "="]
    if not changed:
        return []
    first, last = changed[0], changed[-1]
    out: list[tuple[Op, str]] = []
    for index, (op, text) in enumerate(runs[: last + 2]):
        if index < first - 1:
            continue
        if op != "=":
            out.append((op, text))
            continue
        words = text.split(" ")
        if index < first:  # before the first change: its last words
            kept = words[-CONTEXT:]
            out.append(("=", ("… " if len(words) > CONTEXT else "") + " ".join(kept)))
        elif index > last:  # after the last change: its first words
            kept = words[:CONTEXT]
            out.append(("=", " ".join(kept) + (" …" if len(words) > CONTEXT else "")))
        elif len(words) > 2 * CONTEXT:
            out.append(("=", " ".join([*words[:CONTEXT], "…", *words[-CONTEXT:]])))
        else:
            out.append(("=", text))
    return out


def summary(old: str, new: str, width: int = 70) -> str:
    """A one-line word diff around the changes, cut to about ``width`` characters."""
    line = marked_text(around_changes(word_diff(old, new)))
    if not line:
        return "oförändrad text"
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"
