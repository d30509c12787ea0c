"""`ksui new-year YEAR`: årsskifte, the year after the latest opened with what carries over."""

from __future__ import annotations

from typing import Annotated

import typer

from ksui.cli.commands.options import CommitteeOption
from ksui.cli.context import open_store, user_errors


@user_errors
def new_year(
    ctx: typer.Context,
    year: Annotated[
        int, typer.Argument(help="Det nya året: året efter nämndens senaste.", show_default=False)
    ],
    committee: CommitteeOption = None,
) -> None:
    """Öppna nästa år: enheter, investeringar och mål följer med; siffrorna börjar tomma."""
    from ksui.actions.years import start_year
    from ksui.core.swedish import format_amount
    from ksui.store import read

    state = ctx.obj
    store = open_store(state)
    try:
        chosen = read.find_committee(store, committee or state.config.committee)
        done = start_year(store, chosen, year)
    finally:
        store.close()
    unit = state.config.unit
    since = f" efter {done.previous}" if done.previous is not None else ""
    typer.echo(
        f"Öppnade {done.year}{since} för {chosen.name} (ändring nr {done.written.changeset})."
    )
    if done.carried:
        typer.echo(f"Pågående projekt med kvarvarande anslag som förslag ({unit}):")
        width = max(len(name) for name, _ in done.carried)
        for name, amount in done.carried:
            typer.echo(f"  {name:<{width}}  {format_amount(amount, unit):>12}")
    if done.previous is not None:
        typer.echo(
            f"Budget, prognos och utfall för {done.year} är tomma; "
            f"{done.previous} är jämförelseåret."
        )
