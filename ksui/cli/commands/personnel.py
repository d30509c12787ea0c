"""`ksui personnel`: sjuktal and korttidsfrånvaro against last year and the kommun."""

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
def personnel(
    ctx: typer.Context,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    fmt: FormatOption = TableFormat.TABLE,
) -> None:
    """Visa sjuktalen per kön och ålder, mot förra året och mot kommunen (i procentenheter)."""
    from ksui.tables.personnel import SICK_MEASURES

    with select(ctx.obj, committee, year, period) as sel:
        data = sel.report()
        sick = data.sick_leave
        measures = [m for m in SICK_MEASURES if sick.groups(m)]
        if fmt is TableFormat.TABLE:
            from ksui.cli.commands.output import show
            from ksui.render.cells import plain
            from ksui.render.tables import personnel_table

            if not measures:
                show(plain(f"{data.committee.name}: inga sjuktal registrerade."))
            show(
                *(
                    personnel_table(sick, data.year, m, f"{SICK_MEASURES[m]} {data.year} (%)")
                    for m in measures
                )
            )
            return
        from ksui.cli.commands.output import text
        from ksui.exporters import tabular

        if fmt is TableFormat.JSON:
            text(tabular.to_json(tabular.personnel_document(data)))
        elif fmt is TableFormat.CSV:
            text(tabular.personnel_csv(data))
        else:
            from ksui.exporters.markdown import render_table

            text(
                "\n\n".join(
                    f"**{SICK_MEASURES[m]}**\n\n"
                    + render_table(tabular.sick_text(sick, data.year, m))
                    for m in measures
                )
            )
