"""`ksui drift`: the drift table (budget, prognos, utfall, avvikelse, nettokostnad)."""

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
def drift(
    ctx: typer.Context,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    fmt: FormatOption = TableFormat.TABLE,
) -> None:
    """Visa driftredovisningen: budget, prognos, utfall, avvikelse och nettokostnadsutveckling.

    Alla nivåer summeras (nämnd, kontor, verksamhet). JSON-beloppen är i kronor.
    """
    with select(ctx.obj, committee, year, period) as sel:
        data = sel.report()
        unit = sel.config.unit
        if fmt is TableFormat.TABLE:
            from ksui.cli.commands.output import show
            from ksui.core.narrative import latest_forecast_period
            from ksui.render.tables import fitted_drift_table

            title = f"Drift {data.committee.name}, {data.period_info.label.lower()} {data.year}"
            show(
                fitted_drift_table(
                    data.drift(),
                    data.year,
                    unit,
                    title,
                    period=data.period,
                    forecast_period=latest_forecast_period(data),
                )
            )
            return
        from ksui.cli.commands.output import text
        from ksui.exporters import tabular

        if fmt is TableFormat.JSON:
            text(tabular.to_json(tabular.drift_document(data)))
        elif fmt is TableFormat.CSV:
            text(tabular.drift_csv(data))
        else:
            from ksui.exporters.markdown import render_table

            text(render_table(tabular.drift_text(data, unit)))
