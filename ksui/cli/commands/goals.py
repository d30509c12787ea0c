"""`ksui goals`: KF-mål per area with their lägesbedömning."""

from __future__ import annotations

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
def goals(
    ctx: typer.Context,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    fmt: FormatOption = TableFormat.TABLE,
) -> None:
    """Visa KF-målen per område med lägesbedömning (Bra, Ok, Har brister).

    Där områdets bedömning skiljer sig från vad målen ger enligt reglerna visas förslaget.
    """
    from ksui.core.assessment import suggest_areas

    with select(ctx.obj, committee, year, period) as sel:
        data = sel.report()
        suggested = suggest_areas(data.areas, sel.config.rules)
        if fmt is TableFormat.TABLE:
            from ksui.cli.commands.output import show
            from ksui.render.tables import goals_table

            title = f"KF-mål {data.committee.name}, {data.period_info.label.lower()} {data.year}"
            from ksui.cli.commands.shares import share_tables

            show(goals_table(data.areas, suggested, title), *share_tables(data))
            return
        from ksui.cli.commands.output import text
        from ksui.exporters import tabular

        if fmt is TableFormat.JSON:
            text(tabular.to_json(tabular.goals_document(data, suggested)))
        elif fmt is TableFormat.CSV:
            text(tabular.goals_csv(data))
        else:
            from ksui.exporters.markdown import render_table

            text(render_table(tabular.goals_text(data.areas)))
