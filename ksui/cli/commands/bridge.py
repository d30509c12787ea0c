"""`ksui set bridge`: one part of the nettokostnadsbrygga, written or removed, audited.

The bridge explains the year's change in net cost in parts; `ksui check` finds it when
the parts do not add up to the change in the drift table, and the report prints it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ksui.cli.commands.options import CommitteeOption, ReasonOption, YearOption
from ksui.cli.context import UserError, select, user_errors


@user_errors
def set_bridge(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Vad delen avser, som texten ska läsa den.")],
    amount: Annotated[
        str,
        typer.Argument(
            help='Beloppet, i mkr om inget annat anges ("4,1", "-0,5", "900 tkr"); '
            '"" tar bort delen.'
        ),
    ],
    year: YearOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Skriv en del av nettokostnadsbryggan: vad som förklarar nettokostnadens förändring."""
    from ksui.actions import bridge
    from ksui.core.swedish import NumberError, format_amount, parse_amount

    value: int | None = None
    if amount.strip():
        try:
            value = parse_amount(amount, "mkr")
        except NumberError as exc:
            raise UserError(f"ogiltigt belopp: {exc}") from None
    with select(ctx.obj, committee, year, None, writing=True) as sel:
        cid = sel.report().committee.id
        clean = " ".join(name.split())
        old = {p.name: p.amount for p in bridge.parts(sel.store, cid, sel.year)}.get(clean)
        written = bridge.set_part(sel.store, cid, sel.year, clean, value, reason=reason)

        def shown(ore: int | None) -> str:
            return "–" if ore is None else f"{format_amount(ore, 'mkr', signed=True)} mkr"

        what = f"Nettokostnadsbrygga {sel.year}: {clean}"
        if written.changeset is None:
            typer.echo(f"{what}: {shown(value)} (oförändrat)")
        else:
            typer.echo(f"{what}: {shown(old)} → {shown(value)} (ändring nr {written.changeset})")
