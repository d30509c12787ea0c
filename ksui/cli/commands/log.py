"""`ksui log`: the audit trail, newest change first, with each field's old and new value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ksui.cli.commands.options import ListFormat, ListFormatOption
from ksui.cli.context import open_store, user_errors
from ksui.render.audit import AMOUNT_FIELDS, when

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from ksui.actions.audit_words import ChangeWords
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
    detail: Annotated[
        int | None,
        typer.Option(
            "--detail",
            "-d",
            metavar="NR",
            min=1,
            help="Visa en ändring i sin helhet: varje fält, och ändrad text ord för ord.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Visa ändringsloggen: vem, när, vad och varför, och varje fälts gamla → nya värde.

    Senaste ändringen först. JSON-formatet tar med alla ändrade fält, belopp i kronor.
    Med --detail NR visas en ändring med varje fält; en ändrad text visas ord för ord,
    borttagna ord som [-ord-] och tillagda som {+ord+}.
    """
    from ksui.cli.context import UserError
    from ksui.core.periods import parse_period

    for name, value in (("--user", user), ("--unit", unit)):
        # Undecodable argv bytes arrive as lone surrogates, which SQLite cannot take.
        if value is not None and any("\ud800" <= ch <= "\udfff" for ch in value):
            raise UserError(f"{name} innehåller ogiltig UTF-8")
    from ksui.actions import history, lookup

    period_code = parse_period(period).code if period else None
    store = open_store(ctx.obj)
    try:
        if detail is not None:
            found = history.changeset(store, detail)
            if found is None:
                raise UserError(f"ändring nr {detail} finns inte (se ksui log)")
            sets = [found]
        else:
            unit_id = lookup.unit_anywhere(store, unit).id if unit else None
            # The table lists a few fields per change set: only those are read and named.
            fields = (max_fields or None) if fmt is ListFormat.TABLE else None
            sets = history.audit_log(
                store,
                user=user,
                unit_id=unit_id,
                year=year,
                period=period_code,
                limit=limit,
                fields=fields,
            )
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
    if detail is not None:
        show(detail_view(sets[0]))
        return
    show(log_table(sets, max_fields))


def log_table(sets: Sequence[ChangeSet], max_fields: int) -> Table:
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
        what = plain(cs.title or cs.description)
        if cs.reason:
            what.append(f"\nVarför: {one_line(cs.reason)}", style="italic")
        if cs.undoes:
            what.append(f"\n(ångrar nr {cs.undoes})", style="dim")
        shown = _fields(cs)
        if max_fields:
            shown = shown[:max_fields]
        lines = [one_line(w.line) for w in shown]
        if cs.field_count > len(shown):
            lines.append(f"… och {cs.field_count - len(shown)} fält till")
        table.add_row(str(cs.id), plain(when(cs.at)), plain(cs.user), what, Text("\n".join(lines)))
    return table


def _fields(cs: ChangeSet) -> list[ChangeWords]:
    """A change set's changed fields in words; its bare rows when it changed no field."""
    pairs = list(zip(cs.changes, cs.words, strict=True))
    return [w for c, w in pairs if c.field != "*"] or [w for _, w in pairs]


def detail_view(cs: ChangeSet) -> RenderableType:
    """One change set whole: its head, then every field; a changed text word for word."""
    from rich.console import Group

    from ksui.render.audit_detail import fields_text, head_text

    head = head_text(cs.id, when(cs.at), cs.user, cs.title or cs.description, cs.reason, cs.undoes)
    return Group(head, fields_text(_fields(cs)))


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
                "title": cs.title,
                "reason": cs.reason,
                "undoes": cs.undoes,
                "changes": [
                    {
                        "table": c.table,
                        "key": c.key,
                        "field": c.field,
                        "old": json_value(c.field, c.old),
                        "new": json_value(c.field, c.new),
                        "text": w.line,
                    }
                    for c, w in zip(cs.changes, cs.words, strict=True)
                ],
            }
            for cs in sets
        ]
    }
