"""`ksui undo`: take back a change set (an edit, an import) through the store, audited.

The store decides what may be undone (nothing later may depend on it, nothing is undone
twice, locks only by unlock); this command only asks for ``--yes`` before a big undo.
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
    store = open_store(ctx.obj)
    try:
        if changeset is None:
            # The latest change set, whatever it is: a second plain `ksui undo` takes back
            # the first (a redo) and never walks further back into older work.
            row = store.conn.execute("SELECT max(id) FROM changeset").fetchone()
            if row is None or row[0] is None:
                raise UserError("det finns ingen ändring att ångra")
            changeset = int(row[0])
        impact = store.revert_impact(changeset)
        if impact.refused is not None:
            raise UserError(impact.refused)
        if impact.needs_confirmation and not yes:
            raise UserError(
                f"att ångra nr {changeset} tar bort {impact.removals}; "
                f"kör ksui undo {changeset} --yes för att ångra ändå"
            )
        found = store.conn.execute(
            "SELECT description FROM changeset WHERE id = ?", (changeset,)
        ).fetchone()
        new = store.revert(changeset, f"Ångrade nr {changeset}: {found[0]}", confirmed=yes)
    finally:
        store.close()
    if new is None:
        typer.echo(f"Nr {changeset} ({found[0]}) ändrade inget som behövde ångras.")
        return
    typer.echo(f"Ångrade nr {changeset} ({found[0]}) som ändring nr {new}.")
