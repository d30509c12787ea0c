"""An inriktning's table of shares, once: a line per share, a column per follow-up.

"Andel ekologiska livsmedel … Totalt 58 % (61 %)": the report's follow-up first, then the
year's earlier follow-ups that have a share (the delår the report prints in parentheses).
The TUI, Markdown, Word, Excel and JSON all read this specification.
"""

from __future__ import annotations

from collections.abc import Sequence

from ksui.core.goals import TextItem, item_label
from ksui.core.periods import BY_CODE
from ksui.core.shares import Share, percent, share_periods
from ksui.tables.spec import Column, Row, Table

#: What Enter edits in a follow-up's column: that follow-up's share.
EDITS = "share"


def _column(year: int, period: str) -> Column[Share]:
    """The shares at one follow-up: 'Bokslut 2017 (%)', headed 'Bokslut %' on a screen."""
    name = BY_CODE[period].label if period in BY_CODE else period

    def value(share: Share) -> object:
        return percent(share.at(year, period))

    return Column(
        period,
        f"{name} {year} (%)",
        "number",
        value,
        short=f"{name.split(' (')[0]} %",
        edits=EDITS,
    )


def shares_table(shares: Sequence[Share], year: int, period: str) -> Table[Share]:
    """The lines in the order given (``ksui.core.shares.of_item``: the report's), with the
    follow-up's share and the year's earlier ones beside it."""
    ordered = list(shares)
    columns = (
        Column("label", "Andel", "name", lambda s: s.label, edits="label"),
        *(_column(year, p) for p in share_periods(ordered, year, period)),
    )
    rows = tuple(Row(s, key=f"share:{s.item_id}:{s.label}") for s in ordered)
    return Table("goal_shares", columns, rows)


def period_of(table: Table[Share], key: str | None) -> str | None:
    """The follow-up whose share a column holds (None for the line's label)."""
    try:
        col = table.column(key or "")
    except KeyError:
        return None
    return col.key if col.edits == EDITS else None


def title(item: TextItem) -> str:
    """The heading a document puts over the table: 'Andelar – Övrig inriktning 4'."""
    return f"Andelar – {item_label(item)[0]}"
