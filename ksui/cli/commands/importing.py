"""`ksui import …` and `ksui template`: figures from the finance and HR systems' files.

A bad file is refused with file:line and the offending text, exit code 1, and nothing
written: every import is one transaction.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from ksui.actions.imports import PROGRESS_FROM_BYTES, TABLE_KINDS, ImportRequest
from ksui.cli.commands.options import CommitteeOption, YearOption
from ksui.cli.context import EXIT_USAGE, fail, open_store, user_errors

app = typer.Typer(
    help="Importera siffror: SIE-filer, CSV/XLSX-mallar och sparade svar från Kolada.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

EXIT_BAD_FILE = 1

FileArgument = Annotated[Path, typer.Argument(help="Filen som ska importeras.", show_default=False)]
FilePeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="Uppföljningen för rader utan Period (bokslut, delår, t1, 1–12); "
        "en rads egen period gäller alltid.",
        show_default=False,
    ),
]


def _period(text: str | None) -> str | None:
    """The period code a user typed, or a one-line refusal."""
    if text is None:
        return None
    from ksui.core.periods import PeriodError, parse_period

    try:
        return parse_period(text).code
    except PeriodError as exc:
        raise fail(str(exc)) from None


@contextmanager
def progress_for(path: Path, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on stderr for files over about 1 MB; nothing for small files."""
    size = path.stat().st_size if path.exists() else 0
    if size < PROGRESS_FROM_BYTES or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from ksui.cli.context import console
    from ksui.core.text import one_line

    with Progress(
        # The label holds a file name: shown literally, never parsed as Rich markup.
        TextColumn("{task.description}", markup=False, style="progress.description"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(one_line(label, 80), total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _run_import(ctx: typer.Context, request: ImportRequest) -> None:
    """Run one import through ``ksui.actions``; a bad file exits 1, any other refusal 2."""
    from ksui.actions.imports import run_import

    store = open_store(ctx.obj)
    try:
        with progress_for(request.path, f"Importerar {request.path.name}") as progress:
            outcome = run_import(store, request, ctx.obj.config, progress)
    finally:
        store.close()
    if outcome.error is not None:
        raise fail(outcome.error, EXIT_BAD_FILE if outcome.bad_file else EXIT_USAGE)
    for line in outcome.lines:
        typer.echo(line)


def _table_command(kind: str) -> Callable[..., None]:
    """One command per spreadsheet kind (drift, investeringar, personal)."""

    @user_errors
    def command(
        ctx: typer.Context,
        path: FileArgument,
        committee: CommitteeOption = None,
        year: YearOption = None,
        period: FilePeriodOption = None,
    ) -> None:
        config = ctx.obj.config
        request = ImportRequest(
            kind, path, committee or config.committee, year=year, period=_period(period)
        )
        _run_import(ctx, request)

    command.__doc__ = {
        "drift": "Importera budget, prognos och utfall per enhet från CSV eller XLSX.",
        "investeringar": "Importera investeringsprojekt (anslag, utfall, status) från CSV/XLSX.",
        "personal": "Importera sjuktal och korttidsfrånvaro från CSV eller XLSX.",
    }[kind]
    return command


for _kind in TABLE_KINDS:
    app.command(_kind)(_table_command(_kind))


@app.command("struktur")
@user_errors
def struktur(
    ctx: typer.Context,
    path: FileArgument,
    committee: Annotated[
        str | None,
        typer.Option(
            "--committee",
            "-c",
            help="Nämnden (namn eller kod) när filen saknar en rad med Typ nämnd.",
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="Året då nya projekts anslag börjar på 0 (standard: nämndens senaste år).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Importera nämndens struktur från CSV eller XLSX: nämnd, enheter, kategorier och
    projekt, målområden, mål och indikatorer, allt som en ändring (ksui undo tar tillbaka)."""
    config = ctx.obj.config
    _run_import(ctx, ImportRequest("struktur", path, committee or config.committee, year=year))


@app.command("sie")
@user_errors
def sie(
    ctx: typer.Context,
    path: FileArgument,
    committee: Annotated[
        str | None,
        typer.Option(
            "--committee", "-c", help="Nämndens namn (standard: filens #FNAMN).", show_default=False
        ),
    ] = None,
    dimension: Annotated[
        int | None,
        typer.Option(
            "--dimension",
            "-d",
            min=1,
            show_default=False,
            help="SIE-dimensionen med kostnadsställen (standard: [import.sie] "
            "dimension i config.toml, annars 1).",
        ),
    ] = None,
    project_dimension: Annotated[
        int | None,
        typer.Option(
            "--project-dimension",
            min=1,
            show_default=False,
            help="SIE-dimensionen med investeringsprojekt (ofta 6): varje objekts utfall per "
            "månad till nämndens projekt med samma kod (standard: [import.sie] "
            "project_dimension i config.toml, annars inga projekt).",
        ),
    ] = None,
) -> None:
    """Importera en SIE 4-fil: enheter, budget och utfall per månad, resultaträkning
    (och med --project-dimension investeringsprojektens utfall)."""
    request = ImportRequest(
        "sie",
        path,
        dimension=dimension,
        sie_committee=committee,
        project_dimension=project_dimension,
    )
    _run_import(ctx, request)


@app.command("kolada")
@user_errors
def kolada(
    ctx: typer.Context,
    path: FileArgument,
    committee: CommitteeOption = None,
    municipality: Annotated[
        str | None,
        typer.Option(
            "--kommun",
            help="Den egna kommunens kod i Kolada, t.ex. 0181 (standard: filens enda kommun);"
            " övriga kommuner sparas för jämförelse.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Importera indikatorvärden från ett sparat svar från Koladas API (v2 eller v3)."""
    config = ctx.obj.config
    if not config.kolada:  # refused before the database is opened, as always
        raise fail("config.toml saknar [kolada]: ange vilket KPI-id som hör till vilken indikator")
    request = ImportRequest(
        "kolada", path, committee or config.committee, municipality=municipality
    )
    _run_import(ctx, request)


@user_errors
def template(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="drift, investeringar, personal eller struktur.")],
    path: Annotated[Path, typer.Argument(help="Mallens fil: .xlsx eller .csv.")],
    committee: CommitteeOption = None,
    year: YearOption = None,
    period: FilePeriodOption = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en befintlig fil.")] = False,
) -> None:
    """Skriv en mall att fylla i: nämndens enheter (kod och namn) eller projekt, år och period;
    för struktur nämndens hela struktur, en rad per sak."""
    from ksui.actions.imports import template as make_template
    from ksui.exporters.atomic import describe_os_error
    from ksui.exporters.templates import SUFFIXES, write_template

    if path.suffix.lower() not in SUFFIXES:
        raise fail(f"{path}: mallen måste sluta på .xlsx eller .csv")
    if path.exists() and not force:
        raise fail(f"{path}: finns redan; använd --force för att skriva över")
    config = ctx.obj.config
    store = open_store(ctx.obj) if config.database.exists() else None
    try:
        table = make_template(store, kind, committee or config.committee, year, _period(period))
    finally:
        if store is not None:
            store.close()
    try:
        count = write_template(path, table.title, table.headers, table.rows)
    except OSError as exc:
        raise fail(f"{path}: kan inte skrivas: {describe_os_error(exc)}") from None
    rows = "förifylld rad" if count == 1 else "förifyllda rader"
    typer.echo(f"Skrev mallen {path} ({count} {rows}).")
