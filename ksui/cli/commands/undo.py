"""`ksui undo`: take back a change set (an edit, an import) through the store, audited."""

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
) -> None:
    """Ångra en ändring (eller en hel import); ångra en ångring för att göra om den."""
    store = open_store(ctx.obj)
    try:
        if changeset is None:
            row = store.conn.execute(
                "SELECT id FROM changeset c WHERE undoes IS NULL AND NOT EXISTS"
                " (SELECT 1 FROM changeset u WHERE u.undoes = c.id)"
                " ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                raise UserError("det finns ingen ändring att ångra")
            changeset = int(row[0])
        found = store.conn.execute(
            "SELECT description FROM changeset WHERE id = ?", (changeset,)
        ).fetchone()
        if found is None:
            raise UserError(f"ändring nr {changeset} finns inte (se ksui log)")
        done = store.conn.execute(
            "SELECT id FROM changeset WHERE undoes = ?", (changeset,)
        ).fetchone()
        if done is not None:
            raise UserError(f"ändring nr {changeset} är redan ångrad (av nr {done[0]})")
        new = store.revert(changeset, f"Ångrade nr {changeset}: {found[0]}")
    finally:
        store.close()
    typer.echo(f"Ångrade nr {changeset} ({found[0]}) som ändring nr {new}.")
