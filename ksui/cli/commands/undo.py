"""`ksui undo`: take back a change set (an edit, an import) through the store, audited.

The store decides what may be undone (nothing later may depend on it, nothing is undone
twice, locks only by unlock), through ``ksui.actions.history``; this command only asks for
``--yes`` before a big undo.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ksui.cli.context import UserError, open_store, user_errors


@user_errors
def undo(
    ctx: typer.Context,
    changeset: Annotated[
        int | None,
        typer.Argument(
            help="Ändringens nummer i ksui log (standard: den senaste).", show_default=False
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            help="Ångra även när enheter, en nämnd eller fler än 100 siffror tas bort.",
        ),
    ] = False,
) -> None:
    """Ångra en ändring (eller en hel import); ångra en ångring för att göra om den."""
    from ksui.actions import history

    store = open_store(ctx.obj)
    try:
        if changeset is None:
            # The latest change set, whatever it is: a second plain `ksui undo` takes back
            # the first (a redo) and never walks further back into older work.
            changeset = history.latest_changeset(store)
            if changeset is None:
                raise UserError("det finns ingen ändring att ångra")
        impact = history.impact(store, changeset)
        if impact.refused is not None:
            raise UserError(impact.refused)
        if impact.needs_confirmation and not yes:
            raise UserError(
                f"att ångra nr {changeset} tar bort {impact.removals}; "
                f"kör ksui undo {changeset} --yes för att ångra ändå"
            )
        found = history.changeset(store, changeset)
        what = found.description if found is not None else ""
        new = history.undo(
            store, changeset, description=f"Ångrade nr {changeset}: {what}", confirmed=yes
        ).changeset
    finally:
        store.close()
    if new is None:
        typer.echo(f"Nr {changeset} ({what}) ändrade inget som behövde ångras.")
        return
    typer.echo(f"Ångrade nr {changeset} ({what}) som ändring nr {new}.")
