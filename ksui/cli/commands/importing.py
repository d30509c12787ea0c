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

from ksui.cli.commands.options import CommitteeOption, YearOption
from ksui.cli.context import fail, open_store, user_errors

app = typer.Typer(
    help="Importera siffror: SIE-filer, CSV/XLSX-mallar och sparade svar från Kolada.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

EXIT_BAD_FILE = 1
PROGRESS_FROM_BYTES = 1_000_000

FileArgument = Annotated[Path, typer.Argument(help="Filen som ska importeras.", show_default=False)]


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


def _import_errors() -> tuple[type[Exception], ...]:
    from ksui.importers.errors import ImportFileError

    return (ImportFileError,)


def _run_import(action: Callable[[], list[str]]) -> None:
    """Run an import; a bad file exits 1 with its message, a user mistake exits 2."""
    try:
        lines = action()
    except _import_errors() as exc:
        raise fail(str(exc), EXIT_BAD_FILE) from None
    except OSError as exc:
        raise fail(f"{exc.filename or ''}: {exc.strerror or exc}", EXIT_BAD_FILE) from None
    for line in lines:
        typer.echo(line)


def _committee_id(store: object, name: str | None, config_committee: str | None) -> int:
    from ksui.store import read

    return read.find_committee(store, name or config_committee).id  # type: ignore[arg-type]


def _table_command(kind: str) -> Callable[..., None]:
    """One command per spreadsheet kind (drift, investeringar, personal)."""

    @user_errors
    def command(
        ctx: typer.Context,
        path: FileArgument,
        committee: CommitteeOption = None,
        year: YearOption = None,
    ) -> None:
        from ksui.importers.tabular import describe, import_table

        config = ctx.obj.config

        def action() -> list[str]:
            store = open_store(ctx.obj)
            try:
                cid = _committee_id(store, committee, config.committee)
                with progress_for(path, f"Importerar {path.name}") as progress:
                    result = import_table(
                        store,
                        path,
                        kind,
                        cid,
                        default_unit=config.unit,
                        year=year,
                        progress=progress,
                    )
            finally:
                store.close()
            return describe(result, path.name)

        _run_import(action)

    command.__doc__ = {
        "drift": "Importera budget, prognos och utfall per enhet från CSV eller XLSX.",
        "investeringar": "Importera investeringsprojekt (anslag, utfall, status) från CSV/XLSX.",
        "personal": "Importera sjuktal och korttidsfrånvaro från CSV eller XLSX.",
    }[kind]
    return command


for _kind in ("drift", "investeringar", "personal"):
    app.command(_kind)(_table_command(_kind))


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
) -> None:
    """Importera en SIE 4-fil: enheter, budget och utfall per månad, resultaträkning."""
    from ksui.importers.sie_import import describe, import_sie

    config = ctx.obj.config

    def action() -> list[str]:
        store = open_store(ctx.obj)
        try:
            with progress_for(path, f"Importerar {path.name}") as progress:
                result = import_sie(
                    store,
                    path,
                    dimension=dimension or config.sie_dimension,
                    account_lines=config.sie_accounts,
                    committee=committee,
                    progress=progress,
                )
        finally:
            store.close()
        return describe(result)

    _run_import(action)


@app.command("kolada")
@user_errors
def kolada(
    ctx: typer.Context,
    path: FileArgument,
    committee: CommitteeOption = None,
    municipality: Annotated[
        str | None,
        typer.Option(
            "--kommun", help="Kommunkod i Kolada, t.ex. 0181 (standard: alla).", show_default=False
        ),
    ] = None,
) -> None:
    """Importera indikatorvärden från ett sparat svar från Koladas API (v2 eller v3)."""
    from ksui.importers.kolada import describe, import_kolada

    config = ctx.obj.config
    if not config.kolada:
        raise fail("config.toml saknar [kolada]: ange vilket KPI-id som hör till vilken indikator")

    def action() -> list[str]:
        store = open_store(ctx.obj)
        try:
            cid = _committee_id(store, committee, config.committee)
            result = import_kolada(store, path, config.kolada, cid, municipality)
        finally:
            store.close()
        return describe(result)

    _run_import(action)


@user_errors
def template(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="drift, investeringar eller personal.")],
    path: Annotated[Path, typer.Argument(help="Mallens fil: .xlsx eller .csv.")],
    committee: CommitteeOption = None,
    year: YearOption = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en befintlig fil.")] = False,
) -> None:
    """Skriv en tom mall att fylla i (med nämndens enheter när databasen finns)."""
    from ksui.exporters.atomic import describe_os_error
    from ksui.exporters.templates import SUFFIXES, write_template
    from ksui.importers.tabular import template_rows, template_title

    if path.suffix.lower() not in SUFFIXES:
        raise fail(f"{path}: mallen måste sluta på .xlsx eller .csv")
    if path.exists() and not force:
        raise fail(f"{path}: finns redan; använd --force för att skriva över")
    config = ctx.obj.config
    store = open_store(ctx.obj) if config.database.exists() else None
    try:
        cid = _committee_id(store, committee, config.committee) if store else None
        headers, rows = template_rows(store, kind, cid, year)
    except _import_errors() as exc:
        raise fail(str(exc)) from None
    finally:
        if store is not None:
            store.close()
    try:
        count = write_template(path, template_title(kind), headers, rows)
    except OSError as exc:
        raise fail(f"{path}: kan inte skrivas: {describe_os_error(exc)}") from None
    typer.echo(f"Skrev mallen {path} ({count} förifyllda rader).")
