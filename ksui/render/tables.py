"""The report's tables as Rich renderables, each drawn from its specification in ksui.tables.

The columns, labels and values come from the specification; here they get their Rich
layout (which column wraps, which is cut with "…") and their colours, and tables are
fitted to the terminal's width without ever cutting a figure.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

from ksui.core.assessment import GehSuggestion
from ksui.core.drift import DriftRow
from ksui.core.goals import Area
from ksui.core.investments import Category
from ksui.core.models import Assessment
from ksui.core.personnel import SickLeaveTable
from ksui.core.report import ReportData
from ksui.core.text import one_line
from ksui.render.cells import amount, badge, deviation, overrun, percent, plain, points
from ksui.tables.geh import geh_table as geh_spec

if TYPE_CHECKING:
    from ksui.tables.spec import Column as SpecColumn
    from ksui.tables.spec import Row, Value
    from ksui.tables.spec import Table as SpecTable

# The other tables' specifications are imported where they are drawn: `ksui summary`,
# which must start fast, draws only the GEH table from this module.


def house_table(title: str | None = None, **kwargs: Any) -> Table:
    """The house style: light box, bold header, no colour that carries meaning by itself."""
    return Table(
        title=Text(one_line(title), style="bold") if title else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title_justify="left",
        pad_edge=False,
        **kwargs,
    )


#: The narrowest the drift table's unit names are cut to (with "…") before columns go.
NAME_MIN = 12


def cell(col: SpecColumn[Any], value: Value, unit: str = "tkr", style: str = "") -> Text:
    """One cell of any ksui.tables table as Rich Text, formatted and coloured by its kind."""
    kind = col.kind
    if col.labels is not None and value is not None:
        return plain(col.labels.get(value, str(value)), style)
    if kind == "amount":
        return amount(value, unit)
    if kind == "deviation":
        return deviation(value, unit)
    if kind == "overrun":
        return overrun(value, unit)
    if kind == "change":
        return percent(value, signed=True)
    if kind == "rate":
        return percent(value, decimals=2)
    if kind == "points":
        return points(value)
    if kind == "badge":
        return badge(value)
    if kind == "count":
        return Text("" if value is None else str(value), justify="right")
    return plain(value, style)


def cells(
    table: SpecTable[Any], row: Row[Any], cols: Sequence[SpecColumn[Any]], indent: str = "  "
) -> list[Text]:
    """A row's cells: the name indented by depth and bold on a sum or heading row."""
    out = []
    for col in cols:
        value = col.value(row.item)
        if col.kind == "name":
            out.append(plain(indent * row.depth + str(value or ""), "bold" if row.strong else ""))
        elif row.result and col.kind == "amount":
            out.append(deviation(value, table.unit))  # a surplus or a deficit (``Row.result``)
        else:
            out.append(cell(col, value, table.unit))
    return out


def drift_table(
    rows: Sequence[DriftRow],
    year: int,
    unit: str = "tkr",
    title: str | None = None,
    history: int | None = None,
    *,
    period: str = "bokslut",
    forecast_period: str | None = None,
) -> Table:
    """The drift table: budget, prognos, utfall, avvikelse and the net-cost trend.

    ``history`` earlier years of net cost (None: as many as the specification shows);
    ``period`` and ``forecast_period`` name the columns before bokslut (utfall hittills).
    """
    from ksui.tables.drift import drift_table as drift_spec

    spec = drift_spec(rows, year, unit, history, period=period, forecast_period=forecast_period)
    cols = spec.view("print")
    body = [(cells(spec, row, cols), row.depth == 0) for row in spec.rows]
    table = house_table(title)
    for index, col in enumerate(cols):
        if col.kind == "name":
            table.add_column(
                col.heading, no_wrap=True, overflow="ellipsis", min_width=NAME_MIN, ratio=1
            )
            continue
        # Figures are never cut: each column is at least as wide as its widest value.
        widest = max([len(col.heading)] + [c[0][index].cell_len for c in body])
        table.add_column(col.heading, justify="right", no_wrap=True, min_width=widest)
    for row_cells, section in body:
        table.add_row(*row_cells, end_section=section)
    return table


def investments_table(
    categories: Sequence[Category],
    unit: str = "tkr",
    title: str | None = None,
    data: ReportData | None = None,
    *,
    period: str = "bokslut",
) -> Table:
    """Projects by category: anslag, ack. utfall, avvikelse, överskjutande medel, status.

    With ``data`` each project's comment is shown too; ``period`` heads the columns for a
    follow-up before bokslut (utfall hittills).
    """
    from ksui.tables.investments import investments_table as investments_spec
    from ksui.tables.investments import project_comments

    comments = project_comments(data) if data is not None else None
    spec = investments_spec(categories, unit, comments, period=period)
    cols = spec.view("print" if data is None else "annotated")
    table = house_table(title)
    for col in cols:
        if col.kind == "name":
            table.add_column(col.heading, overflow="fold", min_width=16, ratio=3)
        elif col.key == "comment":
            table.add_column(col.heading, overflow="fold", ratio=3)
        elif col.align == "r":
            table.add_column(col.heading, justify="right", no_wrap=True)
        else:
            table.add_column(col.heading, no_wrap=True)
    rows = list(spec.rows)
    for index, row in enumerate(rows):
        row_cells = cells(spec, row, cols)
        if cols[-1].key == "comment" and not row.group:
            row_cells[-1] = plain(row.item.comment, "italic", multiline=True)
        table.add_row(*row_cells)
        last = index + 1 == len(rows) or rows[index + 1].group
        if last:
            if row.group:
                table.add_row(Text("  (inga projekt)", style="dim"), *[""] * (len(cols) - 1))
            table.add_section()
    return table


def goals_table(
    areas: Sequence[Area],
    suggested: dict[int, Assessment | None] | None = None,
    title: str | None = None,
) -> Table:
    """KF-mål per area with each goal's lägesbedömning; an area's suggestion where it differs."""
    from ksui.tables.goals import goals_table as goals_spec

    spec = goals_spec(areas)
    cols = spec.view("print")
    table = house_table(title)
    for col in cols:
        if col.kind == "count":
            table.add_column(col.heading, justify="right", no_wrap=True, width=3)
        elif col.kind == "name":
            table.add_column(col.heading, overflow="fold", ratio=1)
        else:
            table.add_column(col.heading, no_wrap=True, min_width=14)
    for index, row in enumerate(spec.rows):
        if row.group and index:
            table.add_section()
        row_cells = cells(spec, row, cols)
        if row.group:
            area = row.item.area
            head = plain(area.name, "bold")
            summary = ", ".join(f"{n} {a.label}" for a, n in area.counts().items() if n)
            if summary:
                head.append(f"  ({summary})", style="dim")
            hint = suggested.get(area.id) if suggested else None
            if hint is not None and hint != area.assessment:
                head.append(f"  förslag: {hint.label}", style="italic")
            row_cells[1] = head
        table.add_row(*row_cells)
    if spec.rows:
        table.add_section()
    return table


def personnel_table(
    sick: SickLeaveTable, year: int, measure: str = "total", title: str | None = None
) -> Table:
    """Sjuktal by kön and ålder over the years, against the whole kommun."""
    from ksui.tables.personnel import sick_leave_table as sick_leave_spec

    spec = sick_leave_spec(sick, year, measure)
    cols = spec.view("print")
    table = house_table(title)
    for col in cols:
        table.add_column(col.heading, justify="right" if col.align == "r" else "left", no_wrap=True)
    for row in spec.rows:
        table.add_row(*cells(spec, row, cols))
    return table


def geh_table(
    geh: dict[str, Assessment], suggested: GehSuggestion | None = None, title: str | None = None
) -> Table:
    """The GEH-bedömning, beside what the figures suggest."""
    spec = geh_spec(geh, suggested)
    cols = spec.view("print")
    table = house_table(title)
    for col in cols:
        if col.kind == "name":
            table.add_column(col.heading, no_wrap=True, overflow="ellipsis", min_width=NAME_MIN)
        else:
            table.add_column(col.heading, no_wrap=True)
    for row in spec.rows:
        table.add_row(*cells(spec, row, cols))
    return table


#: box.SIMPLE_HEAD in ASCII, for a terminal whose encoding lacks box drawing (Latin-1).
SIMPLE_HEAD_ASCII = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)

#: The narrowest a wrapping text column is squeezed to before whole columns are hidden.
TEXT_MIN = 10


def _header(column: Column) -> str:
    """A column's header as plain text, for the note that names hidden columns."""
    return str(column.header).strip()


def _narrowed(table: Table, keep: Sequence[int]) -> Table:
    """A copy of ``table`` with only the columns at ``keep``; the original is untouched."""
    narrowed = copy.copy(table)
    narrowed.columns = []
    for index in keep:
        column = copy.copy(table.columns[index])
        column._index = len(narrowed.columns)
        narrowed.columns.append(column)
    return narrowed


def _floor(column: Column, console: Console, options: ConsoleOptions) -> int | None:
    """How narrow a column's content may get without cutting a figure; None: not at all."""
    if column.width is not None:
        return None
    if column.no_wrap:
        # The drift table's names: cut with "…" down to their minimum, never figures.
        return column.min_width if column.overflow == "ellipsis" and column.min_width else None
    words = max((Measurement.get(console, options, c).minimum for c in column.cells), default=1)
    return max(column.min_width or 0, min(words, TEXT_MIN))


def measure_natural(table: Table, console: Console, options: ConsoleOptions) -> Measurement:
    """A table's measurement with no limit: its maximum is the width it needs uncut."""
    return Measurement.get(console, options.update_width(10_000), table)


def squeeze(
    table: Table, console: Console, options: ConsoleOptions, natural: int | None = None
) -> Table | None:
    """``table`` fitted to ``options.max_width`` by narrowing text columns, or None.

    Rich, short of room, cuts every column alike, figures too; here only the columns that
    may give way (wrapping text, the drift table's names) do, each given a maximum width,
    so Rich never has to. None when even that is not enough.
    """
    wide = options.update_width(10_000)
    if natural is None:
        natural = measure_natural(table, console, options).maximum
    if natural <= options.max_width:
        return table
    table = _narrowed(table, range(len(table.columns)))
    pads = [table._get_padding_width(i) for i in range(len(table.columns))]
    widths = [
        table._measure_column(console, wide, c).maximum - p
        for c, p in zip(table.columns, pads, strict=True)
    ]
    floors = [_floor(c, console, options) for c in table.columns]
    flexible = [i for i, f in enumerate(floors) if f is not None and widths[i] > f]
    rigid = sum(widths) - sum(widths[i] for i in flexible)
    budget = options.max_width - (natural - sum(widths)) - rigid
    base = sum(floors[i] or 0 for i in flexible)
    if budget < base or not flexible:
        return None
    slack = sum(widths[i] - (floors[i] or 0) for i in flexible)
    for i in flexible:
        floor = floors[i] or 0
        table.columns[i].max_width = floor + (widths[i] - floor) * (budget - base) // slack
    return table


class Fitted:
    """A table made to fit the width: names and text give way first, then whole columns.

    Figures are never cut. When even the narrowest layout is too wide, columns are hidden
    from the right (columns that cannot wrap first, the first column never); ``hidden``
    names them after rendering, so that the caller can say so instead of dropping them
    silently.
    """

    def __init__(self, table: Table | None = None, hide_first: Sequence[str] = ()) -> None:
        self.table = table
        self.hide_first = tuple(hide_first)
        self.hidden: list[str] = []
        self._built: list[Table] = []
        self._natural: dict[int, Measurement] = {}

    @classmethod
    def wrap(cls, renderable: Any) -> Any:
        """A Table wrapped in Fitted; anything else (and a Fitted) as it is."""
        return cls(renderable) if isinstance(renderable, Table) else renderable

    def candidates(self) -> Iterator[Table]:
        """The variants to try, widest first."""
        if self.table is not None:
            yield self.table

    def _variants(self) -> Iterator[Table]:
        """The candidates, each built once however often the table is measured or drawn."""
        yield from self._built
        for table in itertools.islice(self.candidates(), len(self._built), None):
            self._built.append(table)
            yield table

    def _measure(self, table: Table, console: Console, options: ConsoleOptions) -> Measurement:
        """A variant's natural measurement, taken once (Columns measures, then draws)."""
        if id(table) not in self._natural:
            self._natural[id(table)] = measure_natural(table, console, options)
        return self._natural[id(table)]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        first = next(self._variants(), None)
        if first is None:
            return Measurement(0, 0)
        return self._measure(first, console, options).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widest: Table | None = None
        last: Table | None = None
        chosen: Table | None = None
        for table in self._variants():
            widest = widest or table
            last = table
            natural = self._measure(table, console, options).maximum
            chosen = squeeze(table, console, options, natural)
            if chosen is not None:
                break
        if widest is None or last is None:
            return
        if chosen is None:
            chosen = self._drop_columns(last, console, options, self.hide_first)
        shown = {_header(c) for c in chosen.columns}
        self.hidden = [_header(c) for c in widest.columns if _header(c) not in shown]
        if options.ascii_only and chosen.box is box.SIMPLE_HEAD:
            # Rich would fall back to a full ASCII grid; keep the house style in ASCII.
            chosen = copy.copy(chosen)
            chosen.box = SIMPLE_HEAD_ASCII
        yield chosen

    @staticmethod
    def _drop_columns(
        table: Table, console: Console, options: ConsoleOptions, hide_first: Sequence[str] = ()
    ) -> Table:
        """Hide columns until the table fits: those named in ``hide_first``, then from the
        right (columns that cannot wrap before those that can), never the first column."""
        later = list(reversed(range(1, len(table.columns))))
        headers = [_header(c) for c in table.columns]
        order = [headers.index(h) for h in hide_first if h in headers[1:]]
        order += [i for i in later if table.columns[i].no_wrap and i not in order]
        order += [i for i in later if i not in order]
        keep = list(range(len(table.columns)))
        for index in order:
            keep.remove(index)
            fitted = squeeze(_narrowed(table, keep), console, options)
            if fitted is not None:
                return fitted
        return _narrowed(table, keep)


class FitWidth(Fitted):
    """Pick the widest variant of a table that fits the terminal (e.g. fewer history years).

    Figures are never cut; on a narrow terminal columns are dropped instead, and named in
    ``hidden``.
    """

    def __init__(
        self, build: Callable[[int], Table], variants: Sequence[int], hide_first: Sequence[str] = ()
    ) -> None:
        super().__init__(hide_first=hide_first)
        self.build = build
        self.variants = variants

    def candidates(self) -> Iterator[Table]:
        """The table at each variant, widest first, built only when needed."""
        for variant in self.variants:
            yield self.build(variant)


def natural_width(renderable: Any, console: Console) -> int:
    """How wide a table wants to be with nothing cut (0 for what is not a table)."""
    if not isinstance(renderable, Table | Fitted):
        return 0
    return Measurement.get(console, console.options.update_width(10_000), renderable).maximum


def fitted_drift_table(
    rows: Sequence[DriftRow],
    year: int,
    unit: str = "tkr",
    title: str | None = None,
    *,
    period: str = "bokslut",
    forecast_period: str | None = None,
) -> FitWidth:
    """The drift table with as many earlier years of net cost as the width allows.

    Then columns go in the order of the specification's priorities: the trend and the
    forecast before the deviation does.
    """
    from ksui.tables.drift import HISTORY
    from ksui.tables.drift import drift_table as drift_spec

    spec = drift_spec(rows, year, unit, 0, period=period, forecast_period=forecast_period)
    return FitWidth(
        lambda history: drift_table(
            rows, year, unit, title, history, period=period, forecast_period=forecast_period
        ),
        tuple(range(HISTORY, -1, -1)),
        hide_first=tuple(c.heading for c in spec.hide_order("print")),
    )


def costs_rich_table(spec: SpecTable[Any], title: str | None = None) -> Fitted:
    """The kostnadsslag table (``ksui.tables.costs``) in the house style, fitted to the width.

    Accounts are indented under their line and the sum is bold; on a narrow terminal the
    year's budget goes first, then the periodiserad budget.
    """
    cols = spec.view("print")
    table = house_table(title)
    for col in cols:
        if col.kind == "name":
            table.add_column(col.heading, no_wrap=True, overflow="ellipsis", min_width=NAME_MIN)
        else:
            table.add_column(col.heading, justify="right", no_wrap=True)
    for row in spec.rows:
        table.add_row(*cells(spec, row, cols), end_section=row.strong)
    return Fitted(table, hide_first=tuple(c.heading for c in spec.hide_order("print")))
