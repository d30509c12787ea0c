"""`ksui export markdown|xlsx|docx`: the whole report as Markdown, an Excel workbook or Word."""

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

UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        help="Beloppens enhet: kr, tkr eller mkr (standard: inställningens, tkr).",
        show_default=False,
    ),
]


def _binary_target(output: Path | None, unit: str | None, what: str, suffix: str) -> Path:
    """The file a binary document goes to (never a terminal or a pipe), the unit checked."""
    if output is None or str(output) == "-":
        raise UserError(f"ange filen med -o FIL.{suffix} ({what} skrivs aldrig till terminalen)")
    if unit is not None and unit not in ("kr", "tkr", "mkr"):
        raise UserError(f"okänd enhet {unit!r}: ange kr, tkr eller mkr")
    return output


def _write(output: Path, document: bytes) -> None:
    """Write the file whole or not at all: an earlier file stays as it was on failure."""
    from ksui.exporters.atomic import describe_os_error, write_atomic

    try:
        write_atomic(output, document)
    except OSError as exc:
        raise UserError(f"{output}: kan inte skrivas: {describe_os_error(exc)}") from None
    sys.stderr.write(f"Skrev {output}\n")


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
            "Utan -o, eller med -o -: standard ut.",
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
        data = sel.report()  # with its tjänsteskrivelse and sections (ReportData.texts)
        config = sel.config
        document = report(data, narrative(data, summarise(data, config.rules)), config.unit)
    if output is None or str(output) == "-":  # "-" is standard out, as for every Unix tool
        sys.stdout.write(document)
        return
    _write(output, document.encode("utf-8"))


@app.command("xlsx")
@user_errors
def xlsx(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Arbetsboken som ska skrivas (.xlsx; ersätts helt först när den nya är klar).",
            show_default=False,
        ),
    ] = None,
    unit: UnitOption = None,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
) -> None:
    """Skriv rapporten som en Excel-arbetsbok: ett blad per tabell i rapportens ordning,
    belopp som tal i svenskt format, summor som formler, frusen rubrikrad och filter."""
    target = _binary_target(output, unit, "arbetsboken", "xlsx")
    from ksui.exporters.xlsx import render_workbook

    with select(ctx.obj, committee, year, period) as sel:
        document = render_workbook(sel.report(), unit or sel.config.unit)
    _write(target, document)


@app.command("docx")
@user_errors
def docx(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Dokumentet som ska skrivas (.docx; ersätts helt först när det nya är klart).",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="Kommunens Word-mall (.docx): dess format, sidhuvud och sidfot används, "
            "dess text ersätts av rapporten.",
            show_default=False,
        ),
    ] = None,
    unit: UnitOption = None,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
) -> None:
    """Skriv rapporten som ett Word-dokument: titelsida, tjänsteskrivelse (ksui set text),
    innehållsförteckning och numrerade rubriker, alla tabeller med rubrikrad som upprepas."""
    target = _binary_target(output, unit, "dokumentet", "docx")
    from ksui.core.narrative import narrative
    from ksui.core.report import summarise
    from ksui.exporters.docx import TemplateError, render_document

    with select(ctx.obj, committee, year, period) as sel:
        data = sel.report()
        config = sel.config
        summary = narrative(data, summarise(data, config.rules))
        try:
            document = render_document(data, summary, unit or config.unit, None, template)
        except TemplateError as exc:
            raise UserError(str(exc)) from None
    _write(target, document)
