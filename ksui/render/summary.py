"""The committee at a glance: the renderable behind `ksui summary` and the Översikt screen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from rich import box
from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ksui.core.figures import FigureRow, stands_in
from ksui.core.periods import BY_CODE
from ksui.core.report import ReportData, Summary
from ksui.core.swedish import format_amount
from ksui.render.cells import badge, deviation, overrun, percent, plain, points, prose
from ksui.render.tables import NAME_MIN, Fitted, geh_table


class FindingLike(Protocol):
    """What the summary needs of a validation finding (read-only, as Finding is frozen)."""

    @property
    def message(self) -> str: ...

    @property
    def severity(self) -> str: ...


def standing_note(rows: Iterable[FigureRow], period: str) -> str:
    """What a report at ``period`` says when the utfall it shows is a month's, as at bokslut
    before the bokslut is entered (``core.figures.stands_in``); empty otherwise. Shown
    beside the summary's title and the Drift screen's period."""
    month = stands_in(rows, period)
    if month is None:
        return ""
    shown, asked = BY_CODE[month].label.lower(), BY_CODE[period].label.lower()
    return f"utfall från {shown}: {asked} saknas ännu"  # fits beside Drift's period at 80


def key_figures(data: ReportData, s: Summary, unit: str = "tkr") -> Table:
    """Result, allocation share, net-cost development and investment overrun in one grid."""
    grid = Table(box=box.SIMPLE_HEAD, show_header=True, header_style="bold", pad_edge=False)
    grid.add_column("Nyckeltal", no_wrap=True, overflow="ellipsis", min_width=NAME_MIN)
    grid.add_column(unit, justify="right", no_wrap=True)
    grid.add_column("%", justify="right", no_wrap=True)
    grid.add_row("Kommunbidrag", Text(format_amount(s.allocation, unit), justify="right"), "")
    grid.add_row("Nettokostnad", Text(format_amount(s.net_cost, unit), justify="right"), "")
    grid.add_row(
        Text("Resultat", style="bold"), deviation(s.result, unit), percent(s.share_pct, signed=True)
    )
    if s.net_cost_prev is not None:
        grid.add_row(
            f"Nettokostnad mot {data.year - 1}",
            deviation(s.net_cost_change, unit),
            percent(s.net_cost_change_pct, signed=True),
        )
    if s.allocation_prev is not None:
        grid.add_row(
            f"Kommunbidrag mot {data.year - 1}",
            deviation(s.allocation_change, unit),
            percent(s.allocation_change_pct, signed=True),
        )
    early = data.period != "bokslut"
    for cat in s.categories:
        # Before bokslut, without any utfall reported at the follow-up there is nothing to
        # set against the anslag (the year-end's is not the period's); at bokslut a project
        # without utfall spent nothing.
        if cat.projects and cat.reported and cat.overrun:
            label = f"{cat.name} (över anslag hittills)" if early else f"{cat.name} (överskj.)"
            grid.add_row(plain(label), overrun(cat.overrun, unit), "")
    return grid


def deviations_by_unit(data: ReportData, s: Summary, unit: str = "tkr") -> Table:
    """The direct sub-units' results and the largest deviations among the verksamheter."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("Största avvikelser", overflow="ellipsis", no_wrap=True, min_width=NAME_MIN)
    table.add_column(unit, justify="right", no_wrap=True)
    for row in s.top_units:
        table.add_row(plain(data.unit_label(row.unit)), deviation(row.deviation, unit))
    return table


def goals_and_staff(data: ReportData, s: Summary) -> Table:
    """Lägesbedömning per area, and sick leave against last year and the kommun."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column(
        "KF-mål per område", overflow="ellipsis", no_wrap=True, max_width=36, min_width=NAME_MIN
    )
    table.add_column("Bedömning", no_wrap=True, min_width=13)
    table.add_column("Bra/Ok/Brister", justify="right", no_wrap=True)
    for area in s.areas:
        c = area.counts()
        table.add_row(
            plain(area.name), badge(area.assessment), "/".join(str(n) for n in c.values())
        )
    if s.sick_total is not None:
        table.add_section()
        table.add_row("Sjuktal totalt", percent(s.sick_total, decimals=2), "")
        table.add_row(f"  mot {data.year - 1} (pe)", points(s.sick_change), "")
        table.add_row("  mot kommunen (pe)", points(s.sick_against_kommun), "")
    return table


def kommun_tables(data: ReportData) -> list[RenderableType]:
    """A kommun's årets resultat and balanskravsutredning (mkr), side by side when wide."""
    if data.kommun_entries is None:  # a nämnd: its summary loads no kommun module
        return []
    from ksui.core.kommun import from_report
    from ksui.render.tables import costs_rich_table
    from ksui.tables.kommun import balance_table, result_table

    found = from_report(data)
    if found is None or found.empty:
        return []
    tables = [
        costs_rich_table(result_table(found), "Årets resultat (mkr)"),
        costs_rich_table(balance_table(found), "Balanskravsutredning (mkr)"),
    ]
    return [Columns(tables, padding=(0, 4))]


def goals_and_geh(data: ReportData, s: Summary) -> list[RenderableType]:
    """The KF-mål, sick leave and GEH tables; at kommun level only what the kommun has.

    A kommun's file holds the nämnders' goals and GEH under each nämnd, not under the kommun:
    empty tables and a "Nämndens sammanfattande bedömning" there would speak of no one.
    """
    kommun = data.committee.kind == "kommun"
    tables: list[Table] = []
    if not kommun or s.areas or s.sick_total is not None:
        tables.append(goals_and_staff(data, s))
    if not kommun:
        tables.append(geh_table(s.geh, s.geh_suggested))
    return [Columns([Fitted(t) for t in tables], padding=(0, 4))] if tables else []


def summary_view(
    data: ReportData,
    s: Summary,
    narrative: Sequence[str] = (),
    findings: Sequence[FindingLike] = (),
    unit: str = "tkr",
    *,
    max_findings: int = 8,
) -> RenderableType:
    """Everything of the summary, top to bottom: heading, figures, checks, then the text.

    The figures come first because the summary is a glance (over SSH, at 80×24); the
    narrative, written for the report, follows under its own heading.
    """
    parts: list[RenderableType] = []
    title = plain(f"{data.committee.name} — {data.period_info.label} {data.year}", "bold")
    note = standing_note(data.rows, data.period)
    if note:
        title.append(f"  ({note})", style="dim")
    parts.append(title)
    # Columns puts the tables side by side when the terminal is wide and stacks them when not.
    # Fitted: on a narrow terminal names give way, then whole columns (never a figure).
    figures = [key_figures(data, s, unit), deviations_by_unit(data, s, unit)]
    parts.append(Columns([Fitted(t) for t in figures], padding=(0, 4)))
    parts += kommun_tables(data)
    parts += goals_and_geh(data, s)
    if findings:
        errors = sum(1 for f in findings if f.severity == "fel")
        head = Text(f"Kontroller: {errors} fel, {len(findings) - errors} varningar", style="bold")
        parts.append(head)
        for finding in list(findings)[:max_findings]:
            marker = "✖ " if finding.severity == "fel" else "! "
            style = "red" if finding.severity == "fel" else "yellow"
            line = Text(marker, style=style)
            line.append(plain(finding.message))
            parts.append(line)
        if len(findings) > max_findings:
            parts.append(
                Text(f"… och {len(findings) - max_findings} till (ksui check)", style="dim")
            )
    else:
        parts.append(Text("Kontroller: inga avvikelser mot rapportens siffror", style="green"))
    if narrative:
        parts.append(Text(""))
        parts.append(Text("Sammanfattning i text", style="bold"))
    for index, paragraph in enumerate(narrative):
        if index:
            parts.append(Text(""))
        parts.append(prose(paragraph))
    return Group(*parts)
