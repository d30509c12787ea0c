"""`ksui forecasts`: the forecast workflow from the command line, and how the year's
forecasts compared with the outcome (prognossäkerhet).

Without a subcommand it lists every forecast made in the year per unit against the
outcome; ``suggest`` shows the prognosförslag per unit, ``accept`` writes them as the
forecasts (one audited change set) and ``klar`` marks a unit's forecast klar. Every rule
is the use cases' (``ksui.actions.forecasts``), so the CLI refuses what the app refuses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ksui.cli.commands.edit import SetCommand
from ksui.cli.commands.options import (
    CommitteeOption,
    ListFormat,
    ListFormatOption,
    PeriodOption,
    ReasonOption,
    YearOption,
)
from ksui.cli.context import Selection, UserError, fail, select, user_errors

if TYPE_CHECKING:
    from ksui.actions.forecasts import UnitForecasts, UnitSuggestion
    from ksui.core.report import ReportData

app = typer.Typer(
    name="forecasts",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
)

UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-e",
        help="Bara en enhet (eller nämnden), med kod eller namn.",
        show_default=False,
    ),
]
LeafArgument = Annotated[
    str | None,
    typer.Argument(
        help="Enheten: kod eller namn (unik början räcker); en enhet utan enheter under sig.",
        show_default=False,
    ),
]


@app.callback(invoke_without_command=True)
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

    Underkommandon: suggest (prognosförslaget per enhet), accept (lägg in förslaget som
    prognos) och klar (markera en enhets prognos klar).
    """
    if ctx.invoked_subcommand is not None:
        # Options before the subcommand belong to the listing; silently ignoring them
        # would run the subcommand on another unit, year or nämnd than the one typed.
        if (unit, year, committee, fmt) != (None, None, None, ListFormat.TABLE):
            raise UserError(
                f"ange flaggorna efter underkommandot: ksui forecasts {ctx.invoked_subcommand} …"
            )
        return
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


@app.command("suggest", short_help="Prognosförslaget per enhet vid en uppföljning.")
@user_errors
def suggest(
    ctx: typer.Context,
    unit: UnitOption = None,
    period: PeriodOption = None,
    year: YearOption = None,
    committee: CommitteeOption = None,
    fmt: ListFormatOption = ListFormat.TABLE,
) -> None:
    """Visa prognosförslaget per enhet vid uppföljningen: det accept lägger in.

    För varje enhet utan enheter under sig: budgeten som gäller, utfallet hittills,
    förslaget och hur det räknats fram, prognosen som redan är inlagd vid perioden och om
    den är markerad klar. JSON-beloppen är i kronor.
    """
    from ksui.actions import forecasts as use_cases
    from ksui.actions import lookup

    with select(ctx.obj, committee, year, period) as sel:
        data = sel.report()
        unit_id = lookup.unit(data, unit).id if unit is not None else None
        found = use_cases.suggestions(sel.store, data, unit_id)
        if fmt is ListFormat.TABLE:
            _show_suggestions(found, data, sel.config.unit)
            return
        from ksui.cli.commands.output import text
        from ksui.exporters import tabular

        document: dict[str, Any] = {
            "committee": data.committee.name,
            "year": data.year,
            "period": data.period,
            "period_label": data.period_info.label,
            "currency": "kr",
            "units": [
                {
                    "code": s.unit.code,
                    "name": s.unit.name,
                    "budget": tabular.kronor(s.budget),
                    "actual": tabular.kronor(s.actual),
                    "suggestion": tabular.kronor(s.suggestion.amount),
                    "method": s.suggestion.method,
                    "method_label": s.suggestion.method_label or None,
                    "forecast": tabular.kronor(s.entered),
                    "forecast_done": s.unit.id in data.forecast_done,
                }
                for s in found
            ],
        }
        text(tabular.to_json(document))


# SetCommand refuses a --reason that is not valid UTF-8 before it reaches the audit trail.
@app.command("accept", cls=SetCommand, short_help="Lägg in prognosförslaget som prognos (loggas).")
@user_errors
def accept(
    ctx: typer.Context,
    unit: LeafArgument = None,
    all_units: Annotated[
        bool,
        typer.Option("--all", help="Alla enheter som saknar prognos vid uppföljningen."),
    ] = False,
    period: PeriodOption = None,
    year: YearOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Lägg in prognosförslaget som enhetens prognos, t.ex.: ksui forecasts accept Ekonomi -p delår

    Med --all får varje enhet utan prognos vid uppföljningen sitt förslag, i en enda
    ändring. Det som skrevs visas som gammalt → nytt; ksui undo tar tillbaka det.
    """
    from ksui.actions import forecasts as use_cases
    from ksui.actions import lookup
    from ksui.cli.commands.edit import _money, _report  # the confirmation `ksui set` prints

    if (unit is None) != all_units:
        raise fail("ange en enhet eller --all (inte båda)")
    with select(ctx.obj, committee, year, period, writing=True) as sel:
        data = sel.report()
        unit_id = lookup.unit(data, unit).id if unit is not None else None
        done = use_cases.accept_suggestions(sel.store, data, unit_id, reason=reason)
        changeset, label = done.written.changeset, sel.config.unit
        when = _when(sel)
        if unit_id is not None:
            [found] = done.units
            _report(
                f"{found.unit.name}, prognos {when}",
                _money(_shown_forecast(data, found), label),
                f"{_money(found.suggestion.amount, label)} {label}",
                changeset,
            )
            return
        if not done.units:
            typer.echo(f"Alla enheter har redan en prognos för {when}; inget skrevs.")
            return
        for found in done.units:
            old = _money(_shown_forecast(data, found), label)
            new = _money(found.suggestion.amount, label)
            typer.echo(f"{found.unit.name}: {old} → {new} {label}")
        count = len(done.units)
        if changeset is None:
            typer.echo(f"Prognosförslaget för {count} enheter, {when}: oförändrat")
        else:
            typer.echo(
                f"Prognosförslaget inlagt för {count} enheter, {when} (ändring nr {changeset})"
            )


@app.command("klar", short_help="Markera en enhets prognos klar (eller inte, --undo).")
@user_errors
def klar(
    ctx: typer.Context,
    unit: Annotated[
        str,
        typer.Argument(
            help="Enheten: kod eller namn (unik början räcker); en enhet utan enheter under sig.",
            show_default=False,
        ),
    ],
    period: PeriodOption = None,
    year: YearOption = None,
    committee: CommitteeOption = None,
    undo: Annotated[
        bool, typer.Option("--undo", "--inte", help="Ta bort klar-markeringen.")
    ] = False,
) -> None:
    """Markera enhetens prognos klar för uppföljningen, t.ex.: ksui forecasts klar Ekonomi -p delår

    Översikten räknar hur många enheter som är klara; --undo (--inte) tar bort markeringen.
    """
    from ksui.actions import forecasts as use_cases
    from ksui.actions import lookup
    from ksui.store import read

    with select(ctx.obj, committee, year, period, writing=True) as sel:
        data = sel.report()
        found = lookup.unit(data, unit)
        changeset = use_cases.mark_done(
            sel.store, found.id, sel.year, sel.period, not undo
        ).changeset
        after = read.load_report(sel.store, data.committee, sel.year, sel.period)
        ready, total = use_cases.done_count(after)
        when = _when(sel)
        if not undo:
            what = "markerad klar" if changeset is not None else "är redan markerad klar"
            line = f"{found.name}: prognosen för {when} {what}"
        elif changeset is not None:
            line = f"{found.name}: klar-markeringen för prognosen {when} borttagen"
        else:
            line = f"{found.name}: prognosen för {when} var inte markerad klar"
        count = f"{ready} av {total} enheter klara"
        if changeset is not None:
            count += f", ändring nr {changeset}"
        typer.echo(f"{line} ({count})")


def _when(sel: Selection) -> str:
    """The follow-up as a sentence names it: 'delår 2017', 'tertial 1 2017', 'oktober 2017'."""
    from ksui.core.periods import BY_CODE

    return f"{BY_CODE[sel.period].label.split(' (')[0].lower()} {sel.year}"


def _shown_forecast(data: ReportData, found: UnitSuggestion) -> int | None:
    """The forecast the unit showed before: the one in force, as ``ksui set`` shows it."""
    own = data.figures.get(found.unit.id)
    return own.forecast if own is not None else None


def period_code(code: str) -> str:
    """A follow-up as the JSON names it: t1, delar, bokslut, or a month's number (10)."""
    return str(int(code[1:])) if code.startswith("m") else code


def _show_table(found: list[UnitForecasts], committee: str, year: int, unit: str) -> None:
    """One row per unit: each follow-up's forecast, the outcome, and the last one's miss."""
    from ksui.cli.commands.output import show
    from ksui.core.forecasts import forecast_error
    from ksui.core.periods import BY_CODE
    from ksui.render.cells import amount, deviation, plain
    from ksui.render.tables import house_table

    if not found:
        show(plain(f"{committee}: inga prognoser registrerade {year}."))
        return
    codes = sorted({c for f in found for c, _ in f.forecasts}, key=lambda c: BY_CODE[c].order)
    table = house_table(f"Prognoser mot utfall {committee} {year} ({unit})")
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


def _show_suggestions(found: list[UnitSuggestion], data: ReportData, unit: str) -> None:
    """One row per leaf: budget, actual so far, the suggestion, how it was made, the
    forecast already entered at the follow-up and whether it is klar."""
    from ksui.cli.commands.output import show
    from ksui.render.cells import amount, plain
    from ksui.render.tables import house_table

    when = data.period_info.label.lower()
    if not found:
        show(plain(f"{data.committee.name}: inga enheter att föreslå prognos för."))
        return
    title = f"Prognosförslag {data.committee.name} {when} {data.year} ({unit})"
    table = house_table(title)
    # The names give way first (cut with "…"), then the method's words wrap.
    table.add_column("Enhet", no_wrap=True, overflow="ellipsis", min_width=12)
    table.add_column("Budget", justify="right", no_wrap=True)
    actual = "Utfall" if data.period == "bokslut" else "Utfall ack."
    table.add_column(actual, justify="right", no_wrap=True)
    table.add_column("Förslag", justify="right", no_wrap=True)
    table.add_column("Inlagd", justify="right", no_wrap=True)
    table.add_column("Klar", justify="center", no_wrap=True)
    table.add_column("Räknat på")
    for s in found:
        table.add_row(
            plain(s.unit.name),
            amount(s.budget, unit),
            amount(s.actual, unit),
            amount(s.suggestion.amount, unit),
            amount(s.entered, unit),
            plain("✔" if s.unit.id in data.forecast_done else ""),
            plain(s.suggestion.method_label or "inget att gå på"),
        )
    show(table)
