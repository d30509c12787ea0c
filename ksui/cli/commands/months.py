"""`ksui months UNIT`: a unit's twelve months, periodised budget against utfall, and prognos."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ksui.cli.commands.options import (
    CommitteeOption,
    ListFormat,
    ListFormatOption,
    YearOption,
)
from ksui.cli.context import select, user_errors

UnitArgument = Annotated[
    str,
    typer.Argument(help="Enheten (eller nämnden), med kod eller namn.", show_default=False),
]


@user_errors
def months(
    ctx: typer.Context,
    unit: UnitArgument,
    year: YearOption = None,
    committee: CommitteeOption = None,
    fmt: ListFormatOption = ListFormat.TABLE,
) -> None:
    """Visa en enhet månad för månad: periodiserad budget, utfall, hittills och prognos.

    En överordnad enhet summerar enheterna under den. JSON-beloppen är i kronor.
    """
    from ksui.actions import lookup
    from ksui.actions.months import unit_months

    with select(ctx.obj, committee, year, None) as sel:
        data = sel.report()
        found = lookup.unit(data, unit)
        series = unit_months(sel.store, found.id, sel.year, data.tree)
        if fmt is ListFormat.TABLE:
            _show_table(series, sel.config.unit)
            return
        from ksui.cli.commands.output import text
        from ksui.exporters import tabular
        from ksui.tables.months import months_table

        table = months_table(series)
        document: dict[str, Any] = {
            "committee": data.committee.name,
            "unit": found.name,
            "code": found.code,
            "year": sel.year,
            "currency": "kr",
            "months": [tabular.record(table, row) for row in table.rows],
        }
        text(tabular.to_json(document))


def _show_table(series: Any, unit: str) -> None:
    """The month table in the house style, fitted to the terminal like the other tables."""
    from ksui.cli.commands.output import show
    from ksui.render.cells import plain
    from ksui.render.tables import Fitted, cells, house_table
    from ksui.tables.months import months_table

    spec = months_table(series, unit)
    cols = spec.view("print")
    title = f"{series.unit.name}, månad för månad {series.year} ({unit})"
    table = house_table(title)
    for col in cols:
        table.add_column(col.heading, justify="right" if col.align == "r" else "left", no_wrap=True)
    for row in spec.rows:
        table.add_row(*cells(spec, row, cols))
    hide = tuple(c.heading for c in spec.hide_order("print"))
    if series.empty:
        show(plain(f"{series.unit.name}: inga månadssiffror registrerade {series.year}."))
        return
    show(Fitted(table, hide_first=hide))
