"""Helpers to read Markdown back through markdown-it, as GitHub and pandoc would."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

#: Allowed formatting inside user text: bold rows and leads come from ksui, not the user.
FORMATTING = {"strong_open", "strong_close", "em_open", "em_close"}


def parser() -> MarkdownIt:
    """GitHub-flavoured Markdown (tables, strikethrough, HTML) without bare-URL linking."""
    return MarkdownIt("gfm-like", {"linkify": False})


def plain(inline: Token) -> str:
    """The text a reader sees in an inline token; fails on anything that is not text."""
    out = []
    for child in inline.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content == "<br>"
        ):
            out.append("\n")
        elif child.type in FORMATTING:
            continue
        else:
            raise AssertionError(f"user text became {child.type}: {child.content!r}")
    return "".join(out)


def visible(text: str) -> str:
    """What user text should look like once rendered: lines stripped, blank lines dropped."""
    import re

    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def raw_cells(line: str) -> int:
    """Cells of one table line counted the way GFM splits them (an escaped pipe is text)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    count, previous = 1, ""
    for ch in body:
        if ch == "|" and previous != "\\":
            count += 1
        previous = ch
    return count


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every table of a Markdown document as rows of visible cell text (header first)."""
    out: list[list[list[str]]] = []
    row: list[str] = []
    for token in parser().parse(text):
        if token.type == "table_open":
            out.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            out[-1].append(row)
        elif token.type == "inline" and out and token.level > 3:
            # Indentation is leading no-break spaces; a figure holds its own between groups.
            row.append(visible(plain(token).lstrip("\xa0").replace("\xa0", " ")))
    return out
