"""`ksui backup FILE`: a verified copy of the database, safe to take while others write."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ksui.cli.context import open_store, user_errors


@user_errors
def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(metavar="FIL", help="Filen som kopian skrivs till.")],
    force: Annotated[
        bool, typer.Option("--force", help="Skriv över en befintlig fil med samma namn.")
    ] = False,
) -> None:
    """Säkerhetskopiera databasen (SQLite:s online backup, kontrollerad efteråt)."""
    from ksui.core.swedish import group
    from ksui.store.backup import backup as take_backup

    store = open_store(ctx.obj)
    try:
        result = take_backup(store, target, force=force)
    finally:
        store.close()
    typer.echo(
        f"Säkerhetskopia: {result.path} ({group(result.size)} byte, "
        f"{group(result.changesets)} ändringar, {group(result.figures)} "
        "driftsiffror); kontrollerad och hel."
    )
