"""Tables of the report: drift, investeringar, KF-mål, personal, statements, GEH, checks."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

from ksui.core import statements as st
from ksui.core.assessment import GEH_AREAS, GEH_LABELS, GehSuggestion
from ksui.core.drift import DriftRow
from ksui.core.goals import Area
from ksui.core.investments import STATUS_LABELS, Category
from ksui.core.models import Assessment
from ksui.core.personnel import SickLeaveTable
from ksui.core.report import ReportData, balance_statement, result_statement
from ksui.core.text import one_line
from ksui.render.cells import amount, badge, deviation, overrun, percent, plain, points


def _table(title: str | None = None, **kwargs: Any) -> Table:
    """The house style: light box, bold header, no colour that carries meaning by itself."""
    return Table(
        title=Text(one_line(title), style="bold") if title else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title_justify="left",
        pad_edge=False,
        **kwargs,
    )


def drift_table(
    rows: Sequence[DriftRow],
    year: int,
    unit: str = "tkr",
    title: str | None = None,
    history: int = 2,
) -> Table:
    """The drift table: budget, prognos, utfall, avvikelse and the net-cost trend."""
    years = sorted({y for r in rows for y in r.net_cost if y < year}, reverse=True)[:history]
    body = []
    for row in rows:
        name = plain("  " * row.depth + row.unit.name, "bold" if row.has_children else "")
        cells = [
            name,
            amount(row.budget, unit),
            amount(row.figures.forecast, unit),
            amount(row.figures.actual, unit),
            deviation(row.deviation, unit),
        ]
        cells += [amount(row.net_cost.get(y), unit) for y in years]
        cells.append(percent(row.net_cost_change_pct, signed=True))
        body.append((cells, row.depth == 0))
    headers = ["Budget", "Prognos", "Utfall", "Avvikelse", *[f"NK {y}" for y in years], "NK-utv %"]
    table = _table(title)
    table.add_column(unit, no_wrap=True, overflow="ellipsis", min_width=NAME_MIN, ratio=1)
    for index, header in enumerate(headers, start=1):
        # Figures are never cut: each column is at least as wide as its widest value.
        widest = max([len(header)] + [c[0][index].cell_len for c in body])
        table.add_column(header, justify="right", no_wrap=True, min_width=widest)
    for cells, section in body:
        table.add_row(*cells, end_section=section)
    return table


NAME_MIN = 12


def investments_table(
    categories: Sequence[Category],
    unit: str = "tkr",
    title: str | None = None,
    data: ReportData | None = None,
) -> Table:
    """Projects by category: anslag, ack. utfall, avvikelse, överskjutande medel, status."""
    table = _table(title)
    table.add_column("Projekt", overflow="fold", min_width=16, ratio=3)
    table.add_column("Anslag", justify="right", no_wrap=True)
    table.add_column("Utfall", justify="right", no_wrap=True)
    table.add_column("Avvikelse", justify="right", no_wrap=True)
    table.add_column("Överskj.", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    if data is not None:
        table.add_column("Kommentar", overflow="fold", ratio=3)
    for cat in categories:
        if cat.projects:
            head = [
                plain(cat.name, "bold"),
                amount(cat.appropriation, unit),
                amount(cat.spent, unit),
                deviation(cat.deviation, unit),
                overrun(cat.overrun, unit),
                Text(""),
            ]
        else:
            head = [plain(cat.name, "bold"), *[Text("") for _ in range(5)]]
        if data is not None:
            head.append(Text(""))
        table.add_row(*head)
        for p in cat.projects:
            cells = [
                plain("  " + p.name),
                amount(p.appropriation, unit),
                amount(p.spent, unit),
                deviation(p.deviation, unit),
                overrun(p.overrun, unit),
                Text(STATUS_LABELS.get(p.status, p.status)),
            ]
            if data is not None:
                cells.append(
                    plain(data.comment("investment_project", p.id), "italic", multiline=True)
                )
            table.add_row(*cells)
        if not cat.projects:
            table.add_row(Text("  (inga projekt)", style="dim"), *[""] * (len(head) - 1))
        table.add_section()
    return table


def goals_table(
    areas: Sequence[Area],
    suggested: dict[int, Assessment | None] | None = None,
    title: str | None = None,
) -> Table:
    """KF-mål per area with each goal's lägesbedömning."""
    table = _table(title)
    table.add_column("Nr", justify="right", no_wrap=True, width=3)
    table.add_column("KF-mål", overflow="fold", ratio=1)
    table.add_column("Lägesbedömning", no_wrap=True, min_width=14)
    for area in areas:
        counts = area.counts()
        summary = ", ".join(f"{n} {a.label}" for a, n in counts.items() if n)
        head = plain(area.name, "bold")
        if summary:
            head.append(f"  ({summary})", style="dim")
        hint = suggested.get(area.id) if suggested else None
        if hint is not None and hint != area.assessment:
            head.append(f"  förslag: {hint.label}", style="italic")
        table.add_row("", head, badge(area.assessment))
        for goal in area.goals:
            table.add_row(str(goal.number), plain(goal.title), badge(goal.assessment))
        table.add_section()
    return table


def personnel_table(
    sick: SickLeaveTable, year: int, measure: str = "total", title: str | None = None
) -> Table:
    """Sjuktal by kön and ålder over the years, against the whole kommun."""
    table = _table(title)
    years = [y for y in sick.years(measure) if y <= year][-3:]
    table.add_column("%", no_wrap=True)
    for y in years:
        table.add_column(str(y), justify="right", no_wrap=True)
    table.add_column(f"Kommunen {year}", justify="right", no_wrap=True)
    table.add_column("Förändring", justify="right", no_wrap=True)
    table.add_column("Mot kommunen", justify="right", no_wrap=True)
    for _kind, group in sick.groups(measure):
        table.add_row(
            plain(group, "bold" if group == "Totalt" else ""),
            *[percent(sick.rate(measure, group, y), decimals=2) for y in years],
            percent(sick.rate(measure, group, year, "kommun"), decimals=2),
            points(sick.change(measure, group, year)),
            points(sick.against_kommun(measure, group, year)),
        )
    return table


def result_table(data: ReportData, unit: str = "tkr", title: str | None = None) -> Table:
    """The resultaträkning with last year's bokslut, budget, bokslut and budgetavvikelse."""
    rs = result_statement(data)
    table = _table(title)
    table.add_column(unit, no_wrap=True)
    table.add_column(f"Bokslut {data.year - 1}", justify="right", no_wrap=True)
    table.add_column(f"Budget {data.year}", justify="right", no_wrap=True)
    table.add_column(f"Bokslut {data.year}", justify="right", no_wrap=True)
    table.add_column("Avvikelse", justify="right", no_wrap=True)
    for line in st.RESULT_LINES:
        values = rs[line.key]
        if all(v is None for v in values.values()):
            continue
        bold = line.kind in ("sum", "derived")
        table.add_row(
            Text(line.name, style="bold" if bold else ""),
            amount(values["actual_prev"], unit),
            amount(values["budget"], unit),
            amount(values["actual"], unit),
            deviation(values["deviation"], unit),
        )
    return table


def balance_table(data: ReportData, unit: str = "tkr", title: str | None = None) -> Table:
    """The balansräkning per year-end, with its sums."""
    bs = balance_statement(data)
    years = sorted({y for v in bs.values() for y in v})
    table = _table(title)
    table.add_column(unit, no_wrap=True)
    for y in years:
        table.add_column(f"31/12 {y}", justify="right", no_wrap=True)
    for line in st.BALANCE_LINES:
        if all(bs[line.key].get(y) is None for y in years):
            continue
        bold = line.kind == "derived"
        table.add_row(
            Text(line.name, style="bold" if bold else ""),
            *[amount(bs[line.key].get(y), unit) for y in years],
        )
    return table


def geh_table(
    geh: dict[str, Assessment], suggested: GehSuggestion | None = None, title: str | None = None
) -> Table:
    """The GEH-bedömning, beside what the figures suggest."""
    table = _table(title)
    table.add_column("Område", no_wrap=True, overflow="ellipsis", min_width=NAME_MIN)
    table.add_column("Bedömning", no_wrap=True)
    if suggested is not None:
        table.add_column("Förslag enligt reglerna", no_wrap=True)
    hints = {}
    if suggested is not None:
        hints = {
            "ekonomi": suggested.economy,
            "kf_mal": suggested.goals,
            "personal": suggested.personnel,
            "samlad": suggested.overall,
        }
    for area in GEH_AREAS:
        row = [Text(GEH_LABELS[area]), badge(geh.get(area))]
        if suggested is not None:
            row.append(badge(hints[area]))
        table.add_row(*row)
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
    rows: Sequence[DriftRow], year: int, unit: str = "tkr", title: str | None = None
) -> FitWidth:
    """The drift table with as many earlier years of net cost as the width allows.

    On a very narrow terminal the forecast and the trend go before the deviation does.
    """
    return FitWidth(
        lambda history: drift_table(rows, year, unit, title, history),
        (2, 1, 0),
        hide_first=("NK-utv %", "Prognos", "Budget"),
    )
