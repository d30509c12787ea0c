"""`ksui export markdown`: the whole report as a Markdown document."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ksui.cli.commands.options import CommitteeOption, PeriodOption, YearOption
from ksui.cli.context import UserError, select, user_errors

app = typer.Typer(
    name="export",
    help="Exportera rapporten till ett dokument.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.command("markdown")
@user_errors
def markdown(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Filen som ska skrivas (ersätts helt först när den nya är klar). "
            "Utan -o: standard ut.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
) -> None:
    """Skriv rapporten som Markdown (GitHub-tabeller), ordnad som årsrapporten:
    sammanfattning, ekonomi, KF-mål, personal, GEH och intern kontroll."""
    from ksui.core.narrative import narrative
    from ksui.core.report import summarise
    from ksui.exporters.markdown import report

    with select(ctx.obj, committee, year, period) as sel:
        data = sel.report()
        config = sel.config
        document = report(data, narrative(data, summarise(data, config.rules)), config.unit)
    if output is None:
        sys.stdout.write(document)
        return
    from ksui.exporters.atomic import describe_os_error, write_atomic

    try:
        write_atomic(output, document.encode("utf-8"))
    except OSError as exc:
        # The earlier file, if any, is still whole: the report was written beside it.
        raise UserError(f"{output}: kan inte skrivas: {describe_os_error(exc)}") from None
    sys.stderr.write(f"Skrev {output}\n")
