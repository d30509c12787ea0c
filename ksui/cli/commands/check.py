"""`ksui check`: the report's figures against ksui's own arithmetic, as a list of findings.

Exit codes: 0 nothing found, 1 findings (with --errors-only: errors), 2 bad input.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ksui.cli.commands.options import (
    CommitteeOption,
    ListFormat,
    ListFormatOption,
    PeriodOption,
    YearOption,
)
from ksui.cli.context import EXIT_FINDINGS, select, user_errors

if TYPE_CHECKING:
    from rich.table import Table

    from ksui.core.report import ReportData
    from ksui.core.validation import Finding


@user_errors
def check(
    ctx: typer.Context,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    fmt: ListFormatOption = ListFormat.TABLE,
    errors_only: Annotated[
        bool,
        typer.Option("--errors-only", help="Visa bara fel; varningar ger då inte slutkod 1."),
    ] = False,
) -> None:
    """Kontrollera rapporten: summor, avvikelser och procent räknas om och jämförs.

    Först kontrolleras att databasfilen är hel (SQLite:s integrity_check).
    Slutkod 0: inga avvikelser. 1: avvikelser finns (fel eller varningar; med
    --errors-only bara fel). 2: fel i kommandot (okänd nämnd, år, period ...).
    Toleransen för belopp är checks.tolerance_tkr i config.toml (1 tkr).
    """
    from ksui.core.validation import validate
    from ksui.store.health import verify

    with select(ctx.obj, committee, year, period) as sel:
        verify(sel.store, full=True)  # the file itself first: SQLite's complete check
        data = sel.report()
        config = sel.config
        findings = validate(data, config.tolerance_ore, rules=config.rules)
        if errors_only:
            findings = [f for f in findings if f.severity == "fel"]
        if fmt is ListFormat.JSON:
            from ksui.cli.commands.output import text
            from ksui.exporters.tabular import to_json

            text(to_json(document(data, findings, config.tolerance_ore)))
        else:
            from rich.text import Text

            from ksui.cli.commands.output import show

            if findings:
                show(findings_table(data, findings))
            show(Text(tally(findings)))
    if findings:
        raise typer.Exit(EXIT_FINDINGS)


def tally(findings: Sequence[Finding]) -> str:
    """'2 fel, 1 varning' or that nothing was found."""
    if not findings:
        return "Inga avvikelser: siffrorna stämmer med varandra."
    errors = sum(1 for f in findings if f.severity == "fel")
    warnings = len(findings) - errors
    return f"{errors} fel, {warnings} {'varning' if warnings == 1 else 'varningar'}."


def shown(value: int | Decimal | None, kind: str) -> str:
    """A finding's value as a reader expects it: tkr, percent or procentenheter."""
    from ksui.core.swedish import format_amount, format_decimal, percent_points

    if value is None:
        return ""
    if kind == "amount":
        whole = int(value) % 100_000 == 0
        return format_amount(int(value), "tkr", decimals=0 if whole else 3)
    if kind == "points":
        return percent_points(Decimal(value))
    if kind == "count":
        return str(int(value))
    return format_decimal(Decimal(value), 1)


def findings_table(data: ReportData, findings: Sequence[Finding]) -> Table:
    """The findings as a table: where, both values and the explanation."""
    from rich.text import Text

    from ksui.core.text import one_line
    from ksui.render.cells import plain
    from ksui.render.tables import house_table

    title = f"Kontroller {data.committee.name}, {data.period_info.label.lower()} {data.year}"
    table = house_table(title)
    table.add_column("", no_wrap=True)
    table.add_column("Var", overflow="fold", ratio=2)
    table.add_column("Beräknat", justify="right", no_wrap=True)
    table.add_column("Rapporterat", justify="right", no_wrap=True)
    table.add_column("Meddelande", overflow="fold", ratio=3)
    for f in findings:
        error = f.severity == "fel"
        where = "\n".join(one_line(part) for part in (f.table, f.row, f.column) if part)
        table.add_row(
            Text("✖ fel" if error else "! varning", style="red" if error else "yellow"),
            plain(where, multiline=True),
            Text(shown(f.computed, f.kind)),
            Text(shown(f.reported, f.kind)),
            plain(explanation(f)),
        )
    return table


def explanation(finding: Finding) -> str:
    """The message without its 'Tabell, rad, kolumn: ' lead, which the table already shows."""
    lead = ", ".join(p for p in (finding.table, finding.row, finding.column) if p) + ": "
    message = finding.message
    return message[len(lead) :] if message.startswith(lead) else message


def _value(value: int | Decimal | None, kind: str) -> Decimal | None:
    """A finding's value for JSON: kronor for amounts, rounded percent or procentenheter."""
    from ksui.exporters.tabular import kronor, pct

    if value is None:
        return None
    if kind == "amount":
        return kronor(int(value))
    if kind == "count":
        return Decimal(int(value))
    return pct(Decimal(value), 2 if kind == "points" else 1)


def document(data: ReportData, findings: Sequence[Finding], tolerance_ore: int) -> dict[str, Any]:
    """`ksui check --format json`: the counts and every finding with both values."""
    from ksui.exporters.tabular import kronor

    records = []
    for f in findings:
        computed, reported = _value(f.computed, f.kind), _value(f.reported, f.kind)
        difference = None
        if computed is not None and reported is not None:
            difference = computed - reported
        records.append(
            {
                "severity": f.severity,
                "table": f.table,
                "row": f.row,
                "column": f.column,
                "kind": f.kind,
                "computed": computed,
                "reported": reported,
                "difference": difference,
                "message": f.message,
            }
        )
    errors = sum(1 for f in findings if f.severity == "fel")
    return {
        "committee": data.committee.name,
        "year": data.year,
        "period": data.period,
        "tolerance": kronor(tolerance_ore),
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": records,
    }
