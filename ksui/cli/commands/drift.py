"""`ksui drift`: the drift table (budget, prognos, utfall, avvikelse, nettokostnad).

`ksui drift UNIT --by kostnadsslag` shows one unit's (or the nämnd's) deviation per
kostnadsslag instead, and with `--accounts` per account under each line.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ksui.cli.commands.options import (
    CommitteeOption,
    FormatOption,
    PeriodOption,
    TableFormat,
    YearOption,
)
from ksui.cli.context import Selection, UserError, select, user_errors

#: The breakdowns `--by` knows.
BY_CHOICES = ("kostnadsslag",)

UnitArgument = Annotated[
    str | None,
    typer.Argument(
        help="Enheten (eller nämnden), med kod eller namn; används med --by.",
        show_default=False,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="kostnadsslag: enhetens budget, utfall och avvikelse per kostnadsslag.",
        show_default=False,
    ),
]
AccountsOption = Annotated[
    bool,
    typer.Option("--accounts", help="Med --by kostnadsslag: varje konto under sitt kostnadsslag."),
]


@user_errors
def drift(
    ctx: typer.Context,
    unit: UnitArgument = None,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    fmt: FormatOption = TableFormat.TABLE,
    by: ByOption = None,
    accounts: AccountsOption = False,
) -> None:
    """Visa driftredovisningen: budget, prognos, utfall, avvikelse och nettokostnadsutveckling.

    Alla nivåer summeras (nämnd, kontor, verksamhet). JSON-beloppen är i kronor. Med
    ENHET --by kostnadsslag: enhetens avvikelse per kostnadsslag (--accounts: per konto).
    """
    if by is not None and by.casefold() not in BY_CHOICES:
        raise UserError(f"okänd indelning »{by}«; använd --by {', '.join(BY_CHOICES)}")
    if by is None and (unit is not None or accounts):
        raise UserError(
            "en enhet eller --accounts visas per kostnadsslag: lägg till --by kostnadsslag"
        )
    with select(ctx.obj, committee, year, period) as sel:
        if by is not None:
            _costs(sel, unit, fmt, accounts)
            return
        data = sel.report()
        unit_name = sel.config.unit
        if fmt is TableFormat.TABLE:
            from ksui.cli.commands.output import show
            from ksui.core.narrative import latest_forecast_period
            from ksui.render.summary import kommun_tables, standing_note
            from ksui.render.tables import fitted_drift_table

            title = f"Drift {data.committee.name}, {data.period_info.label.lower()} {data.year}"
            if note := standing_note(data.rows, data.period):
                title += f" ({note})"
            show(
                fitted_drift_table(
                    data.drift(),
                    data.year,
                    unit_name,
                    title,
                    period=data.period,
                    forecast_period=latest_forecast_period(data),
                )
            )
            for table in kommun_tables(data):  # a kommun's årets resultat and balanskrav
                show(table)
            return
        from ksui.cli.commands.output import text
        from ksui.exporters import tabular

        if fmt is TableFormat.JSON:
            text(tabular.to_json(tabular.drift_document(data)))
        elif fmt is TableFormat.CSV:
            text(tabular.drift_csv(data))
        else:
            from ksui.exporters.markdown import kommun_markdown, render_table

            text(render_table(tabular.drift_text(data, unit_name)) + kommun_markdown(data))


def _costs(sel: Selection, unit: str | None, fmt: TableFormat, accounts: bool) -> None:
    """One unit's (or the nämnd's) budget, utfall and avvikelse per kostnadsslag."""
    from ksui.actions import lookup
    from ksui.actions.costs import unit_costs
    from ksui.cli.commands.output import text
    from ksui.exporters import tabular
    from ksui.tables.costs import costs_table

    data = sel.report()
    found = lookup.unit(data, unit) if unit is not None else data.committee
    lines = unit_costs(sel.store, found.id, sel.year, sel.period, accounts=accounts)
    if fmt is TableFormat.TABLE:
        from ksui.cli.commands.output import show
        from ksui.render.cells import plain
        from ksui.render.tables import costs_rich_table

        period = data.period_info.label.lower()
        if lines.empty:
            show(
                plain(
                    f"{found.name}: inga siffror per kostnadsslag vid {period} {sel.year}"
                    " (de kommer från ksui import sie)."
                )
            )
            return
        unit_name = sel.config.unit
        title = f"{found.name} per kostnadsslag, {period} {sel.year} ({unit_name})"
        show(costs_rich_table(costs_table(lines, unit_name), title))
        return
    table = costs_table(lines, sel.config.unit)
    if fmt is TableFormat.JSON:
        document: dict[str, Any] = {
            "committee": data.committee.name,
            "year": sel.year,
            "period": sel.period,
            "period_label": data.period_info.label,
            "unit": found.name,
            "code": found.code,
            "currency": "kr",
            "lines": [tabular.record(table, row) for row in table.rows],
        }
        text(tabular.to_json(document))
    elif fmt is TableFormat.CSV:
        text(tabular.table_csv(table))
    else:
        from ksui.exporters.markdown import render_table

        text(render_table(tabular.text_table(table)))
