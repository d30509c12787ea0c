"""`ksui consolidate KOMMUN.sqlite NAMND.sqlite …`: every nämnd's file into the kommun's."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ksui.cli.context import EXIT_FINDINGS, user_errors


@user_errors
def consolidate(
    ctx: typer.Context,
    kommun_file: Annotated[
        Path,
        typer.Argument(metavar="KOMMUN", help="Kommunens fil (skapa den med ksui init --empty)."),
    ],
    sources: Annotated[
        list[Path],
        typer.Argument(metavar="NÄMND…", help="Nämndernas filer; de läses men ändras aldrig."),
    ],
    kommun: Annotated[
        str | None,
        typer.Option(
            "--kommun",
            metavar="NAMN",
            help="Kommunens namn (annars [organisation] name i config.toml).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Skriv över även nämnder som ändrats i kommunfilen sedan sist."
        ),
    ] = False,
) -> None:
    """Konsolidera nämndernas filer i kommunens fil: en ändring, ångras med ksui undo.

    Slutkod 1 när en nämnd lämnades orörd (ändrad i kommunfilen sedan förra gången).
    """
    from ksui.actions.consolidate import consolidate as run

    name = kommun if kommun is not None else ctx.obj.config.organisation
    result = run(kommun_file, sources, name, force=force)
    for line in result.lines():
        typer.echo(line)
    if result.left_alone:
        # Like ksui check's findings: the run went through, but not every nämnd came in.
        raise typer.Exit(EXIT_FINDINGS)
