"""What a report table is, once: ordered columns with key, label, kind and value, and its rows.

Rich, the TUI, Markdown, CSV and JSON (and the Word and Excel writers to come) iterate a
``Table`` instead of listing columns of their own, so a label, a key, a year or a number
format is decided in one place. Imports only ``ksui.core``: no Rich, no Textual, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import field
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from ksui.core.models import Assessment
from ksui.core.records import record
from ksui.core.swedish import format_amount, format_decimal

T = TypeVar("T")

#: What a renderer needs to know to format and colour a cell:
#: name   – the row's name (indented by depth; gives way first on a narrow screen)
#: text   – any other text;  code – a stable code for scripts (bra, pagaende, verksamhet)
#: count  – a whole number (depth, goal number);  flag – true or false
#: amount – öre, shown in the display unit;  deviation – öre, signed, + is good news
#: overrun – öre, signed, + is bad news (överskjutande medel)
#: change – a percentage change, signed, one decimal;  rate – a percentage, two decimals
#: points – procentenheter, signed, two decimals, lower is better;  badge – a lägesbedömning
#: number – an indicator's value, with as many decimals as it was recorded with
Kind = Literal[
    "name",
    "text",
    "code",
    "count",
    "flag",
    "amount",
    "deviation",
    "overrun",
    "change",
    "rate",
    "points",
    "badge",
    "number",
]

#: Where a cell is read: on a screen (Rich, the TUI) or in a document (Markdown, Word, Excel).
Style = Literal["screen", "document"]

#: The kinds that hold money in öre.
MONEY: frozenset[str] = frozenset({"amount", "deviation", "overrun"})
#: The kinds shown right-aligned.
FIGURES: frozenset[str] = MONEY | {"change", "rate", "points", "count", "number"}

#: A cell's raw value: öre, a Decimal, text, a number, an assessment, a flag, or None.
Value = Any


@record
class Column(Generic[T]):
    """One column of a report table: its data key, its Swedish label, its kind and its value.

    ``key`` is the JSON and CSV key. A table's series by year (net cost, sjuktal) is one
    ``per_year`` column, whose value is a map from year to value (a JSON object); a column
    showing one year of it is keyed ``y`` and the year ('y2016') and says its ``year``.
    ``label`` is the report's own word (Kommunbidrag, Budgetavvikelse), which documents
    print; ``short`` is what a terminal heads the column with where it has no room (an
    abbreviation, or the everyday word a screen uses: Budget, NK-utv %). ``edits`` names
    what Enter changes in the TUI (a measure or a field),
    None when the column is computed. ``priority`` says which columns go first on a
    narrow screen (higher goes first, 0 never). ``labels`` gives a code's Swedish label
    (pagaende → Pågående), which is what a reader sees.
    """

    key: str
    label: str
    kind: Kind
    value: Callable[[T], Value]
    short: str | None = None
    year: int | None = None
    edits: str | None = None
    priority: int = 0
    per_year: bool = False
    labels: Mapping[str, str] | None = None

    @property
    def heading(self) -> str:
        """The label a terminal table shows: the abbreviation when there is one."""
        return self.short or self.label

    @property
    def align(self) -> Literal["l", "r"]:
        """'r' for figures, 'l' for text."""
        return "r" if self.kind in FIGURES else "l"


@record
class Row(Generic[T]):
    """One row: the domain object it shows, its depth in a tree, and whether it is a sum.

    ``group`` marks a heading row of a grouped table (a category, an area) that scripts'
    flat CSV leaves out; ``key`` names the row for a TUI cursor ('project:12'). ``result``
    marks a result (årets resultat, the balanskravsresultat): a surplus or a deficit, whose
    amounts a screen signs and colours as it does a deviation, so a loss is seen at once.
    """

    item: T
    key: str
    depth: int = 0
    strong: bool = False
    group: bool = False
    result: bool = False


@record
class Table(Generic[T]):
    """A report table: every column it can show, its rows, and which columns each view uses.

    ``views`` maps a view to the keys of its columns in order: ``print`` (Rich, Markdown,
    Word), ``screen`` (the TUI, Excel), ``csv`` and ``json``. A view not given falls back
    to ``print``.
    """

    name: str
    columns: tuple[Column[T], ...]
    rows: tuple[Row[T], ...]
    views: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unit: str = "tkr"

    def column(self, key: str) -> Column[T]:
        """The column with ``key``."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def view(self, name: str = "print") -> list[Column[T]]:
        """The columns of a view, in its order."""
        keys = self.views.get(name) or self.views.get("print")
        if keys is None:
            return list(self.columns)
        return [self.column(k) for k in keys]

    def body(self, *, groups: bool = True) -> Iterator[Row[T]]:
        """The rows, without the group headings when ``groups`` is false (flat CSV)."""
        return (r for r in self.rows if groups or not r.group)

    def raw(self, row: Row[T], col: Column[T]) -> Value:
        """The unformatted value of one cell."""
        return col.value(row.item)

    def text(self, row: Row[T], col: Column[T], style: Style = "screen") -> str:
        """The value of one cell as a reader sees it, in Swedish number format."""
        value = col.value(row.item)
        if col.labels is not None and value is not None:
            return col.labels.get(value, str(value))
        if row.result and col.kind == "amount" and style == "screen":
            return format_value("deviation", value, self.unit, style)  # signed (``Row``)
        return format_value(col.kind, value, self.unit, style)

    def cells(self, view: str = "print") -> Iterator[tuple[Row[T], list[tuple[Column[T], Value]]]]:
        """Each row with its (column, raw value) pairs in the view's order: for any writer."""
        cols = self.view(view)
        for row in self.rows:
            yield row, [(c, c.value(row.item)) for c in cols]

    def hide_order(self, view: str = "print") -> list[Column[T]]:
        """The columns that may go on a narrow screen, the first to go first."""
        cols = [c for c in self.view(view) if c.priority > 0]
        return sorted(cols, key=lambda c: -c.priority)


def format_value(kind: str, value: Value, unit: str = "tkr", style: Style = "screen") -> str:
    """A cell's text, formatted the Swedish way; '' for a missing value.

    The one difference between the styles: a screen signs a percentage change ('+22,0'),
    so that it reads without colour; a document prints it as the report does ('22,0').
    """
    if value is None:
        return ""
    if kind in MONEY:
        return format_amount(int(value), unit, signed=kind != "amount")
    if kind == "change":
        return format_decimal(Decimal(value), 1, signed=style == "screen")
    if kind == "rate":
        return format_decimal(Decimal(value), 2)
    if kind == "points":
        return format_decimal(Decimal(value), 2, signed=True)
    if kind == "badge":
        return value.label if isinstance(value, Assessment) else "Ej bedömd"
    if kind == "number":
        exponent = Decimal(value).as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 1
        return format_decimal(Decimal(value), decimals)
    return str(value)


def per_year(getter: Callable[[T], Mapping[int, Value]], year: int) -> Callable[[T], Value]:
    """A getter for one year out of a getter of a map by year."""

    def get(item: T) -> Value:
        return getter(item).get(year)

    return get


def history_years(years: Sequence[int], year: int, count: int) -> list[int]:
    """The ``count`` latest years before ``year`` that have figures, newest first.

    Decided once for every table that shows earlier years (the drift table's net cost):
    the report prints the years just before its own, newest first.
    """
    return sorted({y for y in years if y < year}, reverse=True)[:count]


def none_if_empty(text: str | None) -> str | None:
    """None for an empty text, so scripts get null rather than ''."""
    return text or None
