"""Tables of the report: drift, investeringar, KF-mål, personal, statements, GEH, checks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ksui.core import statements as st
from ksui.core.assessment import GEH_AREAS, GEH_LABELS, GehSuggestion
from ksui.core.drift import DriftRow
from ksui.core.goals import Area
from ksui.core.investments import STATUS_LABELS, Category
from ksui.core.models import Assessment
from ksui.core.personnel import SickLeaveTable
from ksui.core.report import ReportData, balance_statement, result_statement
from ksui.render.cells import amount, badge, deviation, overrun, percent, plain, points


def _table(title: str | None = None, **kwargs: Any) -> Table:
    """The house style: light box, bold header, no colour that carries meaning by itself."""
    return Table(
        title=title,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title_justify="left",
        title_style="bold",
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


def required_width(table: Table, console: Console, options: ConsoleOptions) -> int:
    """The narrowest width at which no figure column of ``table`` is cut.

    Rich cannot shrink no-wrap columns, so it crops on the right; measure the natural width
    and let only the name column (the first) give way, down to NAME_MIN.
    """
    natural = Measurement.get(console, options.update(width=10_000), table).maximum
    first = table.columns[0]
    name_width = max(
        (Measurement.get(console, options, cell).maximum for cell in first.cells), default=NAME_MIN
    )
    return natural - max(0, name_width - NAME_MIN)


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
                Text(cat.name, style="bold"),
                amount(cat.appropriation, unit),
                amount(cat.spent, unit),
                deviation(cat.deviation, unit),
                overrun(cat.overrun, unit),
                Text(""),
            ]
        else:
            head = [Text(cat.name, style="bold"), *[Text("") for _ in range(5)]]
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
        head = Text(area.name, style="bold")
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
    table.add_column("Område", no_wrap=True)
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


class FitWidth:
    """Pick the widest variant of a table that fits the terminal (e.g. fewer history years).

    Figures are never cut; on a narrow terminal columns are dropped instead.
    """

    def __init__(self, build: Callable[[int], Table], variants: Sequence[int]) -> None:
        self.build = build
        self.variants = variants

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = None
        for variant in self.variants:
            table = self.build(variant)
            if required_width(table, console, options) <= options.max_width:
                break
        if table is None:
            return
        # Rich crops no-wrap tables on the right; give the overflow to the names instead.
        natural = Measurement.get(console, options.update(width=10_000), table).maximum
        if natural > options.max_width:
            name = table.columns[0]
            widest = max(
                (Measurement.get(console, options, c).maximum for c in name.cells), default=NAME_MIN
            )
            name.max_width = max(NAME_MIN, widest - (natural - options.max_width))
        yield table


def fitted_drift_table(
    rows: Sequence[DriftRow], year: int, unit: str = "tkr", title: str | None = None
) -> FitWidth:
    """The drift table with as many earlier years of net cost as the width allows."""
    return FitWidth(lambda history: drift_table(rows, year, unit, title, history), (2, 1, 0))
