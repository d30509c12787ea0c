"""`ksui forecasts`: every forecast made in the year per unit against the outcome
(prognossäkerhet), so a controller sees how far each follow-up's forecast was off."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ksui.cli.commands.options import CommitteeOption, ListFormat, ListFormatOption, YearOption
from ksui.cli.context import select, user_errors

if TYPE_CHECKING:
    from ksui.actions.forecasts import UnitForecasts

UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-e",
        help="Bara en enhet (eller nämnden), med kod eller namn.",
        show_default=False,
    ),
]


@user_errors
def forecasts(
    ctx: typer.Context,
    unit: UnitOption = None,
    year: YearOption = None,
    committee: CommitteeOption = None,
    fmt: ListFormatOption = ListFormat.TABLE,
) -> None:
    """Visa årets prognoser per enhet mot utfallet (prognossäkerhet).

    Varje uppföljning där en prognos gjordes, som drifttabellen visade den då; utfallet
    är bokslutets (tomt före bokslut). JSON-beloppen är i kronor.
    """
    from ksui.actions import forecasts as use_cases
    from ksui.actions import lookup

    with select(ctx.obj, committee, year, "bokslut") as sel:
        data = sel.report()
        unit_id = lookup.unit(data, unit).id if unit is not None else None
        found = use_cases.history(data, unit_id)
        if fmt is ListFormat.TABLE:
            _show_table(found, data.committee.name, sel.year, sel.config.unit)
            return
        from ksui.cli.commands.output import text
        from ksui.exporters import tabular

        document: dict[str, Any] = {
            "committee": data.committee.name,
            "year": sel.year,
            "currency": "kr",
            "units": [
                {
                    "code": f.unit.code,
                    "name": f.unit.name,
                    "forecasts": [
                        {"period": period_code(code), "forecast": tabular.kronor(amount)}
                        for code, amount in f.forecasts
                    ],
                    "outcome": tabular.kronor(f.outcome),
                }
                for f in found
            ],
        }
        text(tabular.to_json(document))


def period_code(code: str) -> str:
    """A follow-up as the JSON names it: t1, delar, bokslut, or a month's number (10)."""
    return str(int(code[1:])) if code.startswith("m") else code


def _show_table(found: list[UnitForecasts], committee: str, year: int, unit: str) -> None:
    """One row per unit: each follow-up's forecast, the outcome, and the last one's miss."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ksui.cli.commands.output import show
    from ksui.core.forecasts import forecast_error
    from ksui.core.periods import BY_CODE
    from ksui.core.text import one_line
    from ksui.render.cells import amount, deviation, plain

    if not found:
        show(plain(f"{committee}: inga prognoser registrerade {year}."))
        return
    codes = sorted({c for f in found for c, _ in f.forecasts}, key=lambda c: BY_CODE[c].order)
    table = Table(
        title=Text(one_line(f"Prognoser mot utfall {committee} {year} ({unit})"), style="bold"),
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title_justify="left",
        pad_edge=False,
    )
    table.add_column("Enhet", no_wrap=True)
    for code in codes:
        table.add_column(BY_CODE[code].label.split(" (")[0], justify="right", no_wrap=True)
    table.add_column("Utfall", justify="right", no_wrap=True)
    table.add_column("Senaste prognos − utfall", justify="right", no_wrap=True)
    for f in found:
        made = dict(f.forecasts)
        last = f.forecasts[-1][1] if f.forecasts else None
        miss = forecast_error(last, f.outcome) if last is not None else None
        table.add_row(
            plain(f.unit.name),
            *(amount(made.get(code), unit) for code in codes),
            amount(f.outcome, unit),
            deviation(miss, unit),
        )
    show(table)
