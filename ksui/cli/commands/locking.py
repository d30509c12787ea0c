"""`ksui lock` and `ksui unlock`: sign-off of a follow-up, so its figures cannot change."""

from __future__ import annotations

from typing import Annotated

import typer

from ksui.cli.commands.options import CommitteeOption, PeriodOption, YearOption
from ksui.cli.context import open_store, select, user_errors


@user_errors
def lock(
    ctx: typer.Context,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    note: Annotated[
        str, typer.Option("--note", "-m", help="Anteckning, t.ex. vem som attesterat.")
    ] = "",
    list_locks: Annotated[
        bool, typer.Option("--list", "-l", help="Visa alla låsta uppföljningar.")
    ] = False,
) -> None:
    """Lås (attestera) en uppföljning: ändringar av dess siffror vägras tills den låses upp."""
    from ksui.actions import locks
    from ksui.core.periods import BY_CODE

    if list_locks:
        store = open_store(ctx.obj)
        try:
            found = locks.list_locks(store)
        finally:
            store.close()
        if not found:
            typer.echo("Inga låsta uppföljningar.")
        for row in found:
            label = BY_CODE[row.period].label if row.period in BY_CODE else row.period
            note_text = f" – {row.note}" if row.note else ""
            typer.echo(
                f"{row.committee}: {label} {row.year} låst {row.locked_at} "
                f"av {row.locked_by}{note_text}"
            )
        return
    with select(ctx.obj, committee, year, period) as sel:
        data = sel.report()
        label = f"{data.period_info.label.lower()} {data.year}"
        done = locks.lock(sel.store, data.committee.id, data.year, data.period, note=note)
        if done.changeset is not None:
            typer.echo(f"Låste {label} för {data.committee.name}.")
        else:
            typer.echo(f"{label} för {data.committee.name} var redan låst.")


@user_errors
def unlock(
    ctx: typer.Context,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    reason: Annotated[
        str, typer.Option("--reason", "-r", help="Varför uppföljningen låses upp (loggas).")
    ] = "",
) -> None:
    """Lås upp en attesterad uppföljning så att dess siffror kan ändras igen (loggas)."""
    from ksui.actions import locks

    with select(ctx.obj, committee, year, period) as sel:
        data = sel.report()
        label = f"{data.period_info.label.lower()} {data.year}"
        done = locks.unlock(sel.store, data.committee.id, data.year, data.period, reason=reason)
        if done.changeset is not None:
            typer.echo(f"Låste upp {label} för {data.committee.name}.")
        else:
            typer.echo(f"{label} för {data.committee.name} var inte låst.")
