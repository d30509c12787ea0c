"""Copy a screen's table (or the row under the cursor) as tab-separated text: y and Y.

A controller pastes figures into Excel or an e-mail; the text is the table specification's
screen text (Swedish numbers as the screen shows them) with a header line first. It goes
to the terminal clipboard over OSC 52 and also to a file, because many terminals (and
tmux, ssh) refuse OSC 52 silently: the file is never lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ksui.core.text import one_line
from ksui.resources import cache_dir
from ksui.tables.spec import Column, Row, Table

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

#: The file name under the cache folder (``$XDG_CACHE_HOME/ksui``, else ``~/.cache/ksui``).
FILE_NAME = "urklipp.tsv"


@dataclass(frozen=True)
class Copyable:
    """What a screen offers to copy: its table's specification and the row under the cursor.

    ``columns`` are the keys of the columns to copy (None: the spec's whole screen view, not
    only those a narrow terminal has room for).
    """

    table: Table[Any]
    row_key: str | None = None
    columns: tuple[str, ...] | None = None


def cache_path() -> Path:
    """Where the copied text is also written: XDG_CACHE_HOME when set, else ~/.cache."""
    return cache_dir() / FILE_NAME


def cell(text: object) -> str:
    """One cell, sanitised and on one line: a tab or line break would split the TSV."""
    return one_line(text, None)


def tsv(table: Table[Any], rows: Iterable[Row[Any]], columns: Sequence[Column[Any]]) -> str:
    """Tab-separated text: the column headings, then one line per row, as the screen shows it."""
    lines = ["\t".join(cell(c.heading) for c in columns)]
    lines += ["\t".join(cell(table.text(r, c, "screen")) for c in columns) for r in rows]
    return "\r\n".join(lines) + "\r\n"  # CRLF: what Excel and mail clients paste cleanly


def shown_path(path: Path) -> str:
    """The path as a toast names it, the home folder as ~."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):  # RuntimeError: no home to shorten it by
        return str(path)


def write_file(text: str, path: Path | None = None) -> Path:
    """Write the text to the cache file (UTF-8 with BOM, so Excel reads å, ä, ö); raises OSError."""
    target = path or cache_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8-sig", newline="")
    tmp.replace(target)
    return target


def copy(screen: Screen[Any], source: Copyable | None, *, whole: bool, heading: str) -> None:
    """Copy the row under the cursor (or, ``whole``, every row) and say what was copied."""
    if source is None:
        screen.notify(f"{heading} har ingen tabell att kopiera.", severity="warning")
        return
    table = source.table
    keys = source.columns
    columns = [table.column(k) for k in keys] if keys else table.view("screen")
    if whole:
        rows = list(table.body())
        what = f"{len(rows)} rader" if len(rows) != 1 else "1 rad"
    else:
        rows = [r for r in table.rows if r.key == source.row_key]
        if not rows:
            screen.notify("Ingen rad under markören att kopiera.", severity="warning")
            return
        name = next((c for c in columns if c.kind == "name"), columns[0])
        what = f"raden {cell(table.text(rows[0], name)).strip()}"
    if not rows:
        screen.notify(f"{heading}: tabellen är tom, inget att kopiera.", severity="warning")
        return
    text = tsv(table, rows, columns)
    screen.app.copy_to_clipboard(text)
    severity: SeverityLevel = "information"
    try:
        where = f"även till {cell(shown_path(write_file(text)))}"
    except OSError as error:
        where = f"kunde inte skriva {cell(shown_path(cache_path()))}: {cell(error.strerror)}"
        severity = "warning"
    except RuntimeError:  # Path.home(): no HOME and no passwd entry (a container)
        where = "ingen fil: ingen hemkatalog att skriva den i"
        severity = "warning"
    screen.notify(f"Kopierade {what} ({where})", title="Kopierat", severity=severity)
