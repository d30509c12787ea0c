"""`ksui search WORDS`: find a word in every comment, goal text, åtgärd and change reason.

Exit codes follow grep: 0 when something was found, 1 when nothing was, 2 for a query
with nothing to search for (only punctuation) or an unknown nämnd.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from ksui.cli.commands.options import CommitteeOption, ListFormat, ListFormatOption
from ksui.cli.context import EXIT_FINDINGS, UserError, open_store, user_errors

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from ksui.actions.search import SearchHit


@user_errors
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Ord att söka efter; alla ska finnas, och varje ord hittar också längre "
            "ord som börjar så (budg hittar budgeten).",
            metavar="ORD",
            show_default=False,
        ),
    ],
    committee: CommitteeOption = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Högst så många träffar.")
    ] = 30,
    fmt: ListFormatOption = ListFormat.TABLE,
) -> None:
    """Sök i kommentarer, mål, åtgärder, uppföljningar och skälen till ändringar.

    Träffarna visas bäst först, med var de finns (nämnd, enhet, mål eller projekt, år,
    period och vilken text) och ett utdrag där träffen står inom ⟦…⟧. Slutkod 0 när
    något hittades, 1 när inget hittades.
    """
    from ksui.actions import search as use_case

    query = " ".join(words)
    for value in (query, committee or ""):
        # Undecodable argv bytes arrive as lone surrogates, which SQLite cannot take.
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            raise UserError("sökorden innehåller ogiltig UTF-8")
    if not use_case.searchable(query):
        raise UserError("inget att söka efter: ange minst ett ord med bokstäver eller siffror")
    store = open_store(ctx.obj)
    try:
        hits = use_case.search(store, query, committee=committee, limit=limit)
    finally:
        store.close()
    if fmt is ListFormat.JSON:
        from ksui.cli.commands.output import text
        from ksui.exporters.tabular import to_json

        text(to_json({"query": query, "committee": committee, "hits": [h.as_json() for h in hits]}))
    else:
        from rich.text import Text

        from ksui.cli.commands.output import show
        from ksui.core.text import one_line

        if hits:
            show(hits_table(hits))
        else:
            show(Text(f"Inga träffar för »{one_line(query)}«."))
    if not hits:
        raise typer.Exit(EXIT_FINDINGS)


def snippet_text(segments: Sequence[tuple[str, bool]]) -> Text:
    """A snippet with each hit between ⟦ ⟧ and in bold reverse: by shape, not only colour."""
    from rich.text import Text

    from ksui.render.cells import plain

    out = Text()
    for piece, hit in segments:
        if hit:
            out.append_text(plain(f"⟦{piece}⟧", "bold reverse"))
        else:
            out.append_text(plain(piece))
    return out


def hits_table(hits: Sequence[SearchHit]) -> Table:
    """The hits as a table, best first."""
    from rich import box
    from rich.table import Table

    from ksui.render.cells import plain

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, leading=1)
    # Two columns, so that the snippet keeps its room at 60 columns too: where (nämnd,
    # row, which text and when), and the hit.
    table.add_column("Var", overflow="fold", ratio=2, min_width=24)
    table.add_column("Träff", overflow="fold", ratio=3, min_width=24)
    for hit in hits:
        where = plain(hit.committee or "–", "bold")
        where.append("\n")
        where.append_text(plain(hit.place))
        when = " ".join(str(p) for p in (hit.year, hit.period_label) if p)
        where.append("\n")
        where.append_text(plain(f"{hit.field}, {when}" if when else hit.field, "italic"))
        table.add_row(where, snippet_text(hit.segments))
    return table
