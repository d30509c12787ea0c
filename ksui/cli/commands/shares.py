"""`ksui set share`: one line's share in an inriktning's table of shares, audited.

"Andel ekologiska livsmedel … Totalt 58 % (61 %)": the share at the follow-up (`-p`,
bokslut by default; `-p delår` for the figure in parentheses), written or removed, and
printed old → new as every `ksui set` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ksui.cli.commands.options import CommitteeOption, PeriodOption, ReasonOption, YearOption
from ksui.cli.context import UserError, select, user_errors

if TYPE_CHECKING:
    from ksui.core.report import ReportData
    from ksui.render.tables import Fitted


@user_errors
def set_share(
    ctx: typer.Context,
    item: Annotated[
        str,
        typer.Argument(help='Inriktningen: "Övrig inriktning 4", ord ur texten eller dess nummer.'),
    ],
    label: Annotated[str, typer.Argument(help='Raden i tabellen, t.ex. "Totalt" eller "Ägg".')],
    share: Annotated[
        str,
        typer.Argument(help='Andelen i procent ("58", "58,5", "58 %"); "" tar bort den.'),
    ],
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Skriv en andel i en inriktnings tabell (t.ex. andel ekologiska livsmedel)."""
    from ksui.actions import shares
    from ksui.core.periods import BY_CODE
    from ksui.core.shares import parse_share, share_text
    from ksui.core.swedish import NumberError

    try:
        value = parse_share(share)
    except NumberError as exc:
        raise UserError(f"ogiltig andel: {exc}") from None
    with select(ctx.obj, committee, year, period, writing=True) as sel:
        data = sel.report()
        found = shares.find_item(data, item)
        clean = " ".join(label.split())
        old = next((s for s in shares.lines(data, found.item.id) if s.label == clean), None)
        before = old.at(sel.year, sel.period) if old is not None else None
        written = shares.set_share(
            sel.store, found.item.id, clean, sel.year, sel.period, value, reason=reason
        )

        def shown(tenths: int | None) -> str:
            return "–" if tenths is None else f"{share_text(tenths)} %"

        when = f"{sel.year} {BY_CODE[sel.period].label.lower()}"
        what = f"Andel {clean}, {found.name}, {when}"
        if written.changeset is None:
            typer.echo(f"{what}: {shown(value)} (oförändrat)")
        else:
            typer.echo(f"{what}: {shown(before)} → {shown(value)} (ändring nr {written.changeset})")


def share_tables(data: ReportData) -> list[Fitted]:
    """`ksui goals`: each inriktning's table of shares below the goals, titled with it."""
    from ksui.actions.shares import items, lines
    from ksui.render.cells import plain
    from ksui.render.tables import Fitted, house_table
    from ksui.tables.shares import shares_table

    out: list[Fitted] = []
    for found in items(data):
        spec = shares_table(lines(data, found.item.id), data.year, data.period)
        if not spec.rows:
            continue
        table = house_table(f"Andelar – {found.name}")
        cols = spec.view("print")
        for col in cols:
            if col.kind == "name":
                table.add_column(col.label, no_wrap=True, overflow="ellipsis", min_width=12)
            else:
                table.add_column(col.label, justify="right", no_wrap=True)
        for row in spec.rows:
            table.add_row(*[plain(spec.text(row, c, "document")) for c in cols])
        out.append(Fitted(table))
    return out
