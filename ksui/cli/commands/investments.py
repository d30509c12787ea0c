"""`ksui investments`: projects per category with anslag, utfall and överskridande."""

from __future__ import annotations

from typing import Annotated

import typer

from ksui.cli.commands.options import (
    CommitteeOption,
    FormatOption,
    PeriodOption,
    TableFormat,
    YearOption,
)
from ksui.cli.context import select, user_errors


@user_errors
def investments(
    ctx: typer.Context,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    fmt: FormatOption = TableFormat.TABLE,
    comments: Annotated[
        bool, typer.Option("--comments", help="Visa projektens kommentarer i tabellen.")
    ] = False,
) -> None:
    """Visa investeringarna: anslag, ack. utfall, avvikelse och överskjutande medel per projekt.

    Avvikelse = anslag − utfall; överskjutande medel = utfall − anslag (tomt för avslutade
    projekt).
    """
    with select(ctx.obj, committee, year, period) as sel:
        data = sel.report()
        unit = sel.config.unit
        if fmt is TableFormat.TABLE:
            from ksui.cli.commands.output import show
            from ksui.render.tables import investments_table

            when = "" if data.period == "bokslut" else f" {data.period_info.label.lower()}"
            title = f"Investeringar {data.committee.name}{when} {data.year}"
            shown = data if comments else None
            show(investments_table(data.categories, unit, title, shown, period=data.period))
            return
        from ksui.cli.commands.output import text
        from ksui.exporters import tabular

        if fmt is TableFormat.JSON:
            text(tabular.to_json(tabular.investments_document(data)))
        elif fmt is TableFormat.CSV:
            text(tabular.investments_csv(data))
        else:
            from ksui.exporters.markdown import render_table

            text(
                render_table(tabular.investments_overview_text(data.categories, unit, data.period))
            )
