"""`ksui log`: the audit trail, newest change first, with each field's old and new value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ksui.cli.commands.options import ListFormat, ListFormatOption
from ksui.cli.context import open_store, user_errors
from ksui.render.audit import AMOUNT_FIELDS, change_line, when

if TYPE_CHECKING:
    from rich.table import Table

    from ksui.actions.history import ChangeSet


@user_errors
def log(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Antal ändringar som visas.")
    ] = 20,
    user: Annotated[
        str | None,
        typer.Option(
            "--user", "-u", help="Bara ändringar gjorda av den här användaren.", show_default=False
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", help="Bara ändringar av den här enheten (kod eller namn).", show_default=False
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", help="Bara ändringar som gäller det här året.", show_default=False
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help="Bara ändringar som gäller den här uppföljningen.",
            show_default=False,
        ),
    ] = None,
    fmt: ListFormatOption = ListFormat.TABLE,
    max_fields: Annotated[
        int,
        typer.Option(
            "--max-fields",
            min=0,
            help="Högst så många ändrade fält per ändring i tabellen (0 = alla).",
        ),
    ] = 10,
) -> None:
    """Visa ändringsloggen: vem, när, vad och varför, och varje fälts gamla → nya värde.

    Senaste ändringen först. JSON-formatet tar med alla ändrade fält, belopp i kronor.
    """
    from ksui.cli.context import UserError
    from ksui.core.periods import parse_period

    for name, value in (("--user", user), ("--unit", unit)):
        # Undecodable argv bytes arrive as lone surrogates, which SQLite cannot take.
        if value is not None and any("\ud800" <= ch <= "\udfff" for ch in value):
            raise UserError(f"{name} innehåller ogiltig UTF-8")
    from ksui.actions import history, lookup
    from ksui.store import read

    period_code = parse_period(period).code if period else None
    store = open_store(ctx.obj)
    try:
        unit_id = lookup.unit_anywhere(store, unit).id if unit else None
        sets = history.audit_log(
            store, user=user, unit_id=unit_id, year=year, period=period_code, limit=limit
        )
        # Unit names by id, so a drift change can name its unit.
        names = {u.id: u.name for u in read.units(store)}
    finally:
        store.close()
    if fmt is ListFormat.JSON:
        from ksui.cli.commands.output import text
        from ksui.exporters.tabular import to_json

        text(to_json(document(sets)))
        return
    from rich.text import Text

    from ksui.cli.commands.output import show
    from ksui.core.text import one_line

    if not sets:
        show(Text("Inga ändringar" + (f" av {one_line(user)}" if user else "") + "."))
        return
    show(log_table(sets, names, max_fields))


def log_table(sets: Sequence[ChangeSet], names: dict[int, str], max_fields: int) -> Table:
    """The change sets as a table, newest first."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ksui.core.text import one_line
    from ksui.render.cells import plain

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("Nr", justify="right", no_wrap=True)
    table.add_column("När", no_wrap=True)
    table.add_column("Vem", no_wrap=True)
    table.add_column("Vad och varför", overflow="fold", ratio=2)
    table.add_column("Ändrat (gammalt → nytt)", overflow="fold", ratio=3)
    for cs in sets:
        what = plain(cs.description)
        if cs.reason:
            what.append(f"\nVarför: {one_line(cs.reason)}", style="italic")
        if cs.undoes:
            what.append(f"\n(ångrar nr {cs.undoes})", style="dim")
        everything = list(cs.changes)
        changes = [c for c in everything if c.field != "*"] or everything
        shown = changes if max_fields == 0 else changes[:max_fields]
        lines = [one_line(change_line(c, names)) for c in shown]
        if len(changes) > len(shown):
            lines.append(f"… och {len(changes) - len(shown)} fält till")
        table.add_row(str(cs.id), plain(when(cs.at)), plain(cs.user), what, Text("\n".join(lines)))
    return table


def json_value(field: str, value: Any) -> Any:
    """An audited value for JSON: money in kronor like every other command, the rest as is."""
    from ksui.exporters.tabular import kronor

    if field in AMOUNT_FIELDS and isinstance(value, int) and not isinstance(value, bool):
        return kronor(value)
    return value


def document(sets: Sequence[ChangeSet]) -> dict[str, Any]:
    """`ksui log --format json`: change sets newest first, each with every audited field."""
    return {
        "changesets": [
            {
                "id": cs.id,
                "at": cs.at,
                "user": cs.user,
                "description": cs.description,
                "reason": cs.reason,
                "undoes": cs.undoes,
                "changes": [
                    {
                        "table": c.table,
                        "key": c.key,
                        "field": c.field,
                        "old": json_value(c.field, c.old),
                        "new": json_value(c.field, c.new),
                    }
                    for c in cs.changes
                ],
            }
            for cs in sets
        ]
    }
