"""`ksui set kommunrad` and `ksui set balanskrav`: the kommun's own lines and its
balanskravsutredning, written, changed or removed, audited.

Both belong to the kommun (the committee of kind kommun that `ksui consolidate` makes),
which is chosen when -c is not given and the file holds exactly one. Amounts are signed as
they move årets resultat: intäkter positive, kostnader negative.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ksui.cli.commands.options import PeriodOption, ReasonOption, YearOption
from ksui.cli.context import State, UserError, fail, open_store, select, user_errors

#: The exit code of a file that cannot be read, as every `ksui import`.
EXIT_BAD_FILE = 1

#: The measures as a controller types them.
_MEASURES = {
    "budget": "budget",
    "prognos": "forecast",
    "forecast": "forecast",
    "utfall": "actual",
    "actual": "actual",
}

AmountArgument = Annotated[
    str,
    typer.Argument(
        help='Beloppet i mkr om inget annat anges ("412,5", "-35", "900 tkr"); kostnader'
        ' negativa; "" tar bort det.'
    ),
]
KommunOption = Annotated[
    str | None,
    typer.Option(
        "--committee",
        "-c",
        help="Kommunen, med namn (standard: filens enda kommun).",
        show_default=False,
    ),
]
TypeOption = Annotated[
    str | None,
    typer.Option(
        "--typ",
        help="Radens typ (standard: läses ur namnet).",
        show_default=False,
    ),
]


def _kommun(state: State, committee: str | None) -> str | None:
    """The committee asked for, else the configured one, else the file's only kommun."""
    if committee or state.config.committee:
        return committee or state.config.committee
    from ksui.store.read import units

    store = open_store(state)
    try:
        found = [u.name for u in units(store) if u.kind == "kommun"]
    finally:
        store.close()
    return found[0] if len(found) == 1 else None


def _amount(text: str) -> int | None:
    """Öre from what was typed (mkr unless a unit is given); None for ""."""
    from ksui.core.swedish import NumberError, parse_amount

    if not text.strip():
        return None
    try:
        return parse_amount(text, "mkr")
    except NumberError as exc:
        raise UserError(f"ogiltigt belopp: {exc}") from None


def _shown(ore: int | None) -> str:
    """»+412,5 mkr«, or »–« for none."""
    from ksui.core.swedish import format_amount

    return "–" if ore is None else f"{format_amount(ore, 'mkr', signed=True)} mkr"


def _echo(what: str, old: int | None, new: int | None, changeset: int | None) -> None:
    """Old → new and the change's number, or that nothing changed."""
    if changeset is None:
        typer.echo(f"{what}: {_shown(new)} (oförändrat)")
    else:
        typer.echo(f"{what}: {_shown(old)} → {_shown(new)} (ändring nr {changeset})")


@user_errors
def set_line(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Raden: skatteintäkter, statsbidrag (generella statsbidrag och utjämning),"
            " finansnetto, pensionskostnader eller ett eget namn (t.ex. Finansförvaltningen)."
        ),
    ],
    measure: Annotated[str, typer.Argument(help="budget, prognos eller utfall.")],
    amount: AmountArgument,
    kind: TypeOption = None,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: KommunOption = None,
    reason: ReasonOption = None,
) -> None:
    """Skriv en kommunrad, t.ex.: ksui set kommunrad skatteintäkter utfall "4 512,3"

    Kommunraderna hör inte till någon nämnd; årets resultat är deras summa minus
    nämndernas nettokostnader. Prognosen gäller uppföljningen (--period) och de som följer.
    """
    from ksui.actions import kommun
    from ksui.core.kommun import MEASURE_WORDS, line_name
    from ksui.core.periods import BY_CODE

    key = _MEASURES.get(measure.strip().casefold())
    if key is None:
        raise UserError(f"okänt mått »{measure}«; använd budget, prognos eller utfall")
    value = _amount(amount)
    with select(ctx.obj, _kommun(ctx.obj, committee), year, period, writing=True) as sel:
        cid = sel.report().committee.id
        clean = line_name(name)
        old = next(
            (
                e.get(key)
                for e in kommun.entries(sel.store, cid, sel.year).lines
                if e.period == sel.period and e.name.casefold() == clean.casefold()
            ),
            None,
        )
        written = kommun.set_line(
            sel.store, cid, sel.year, sel.period, clean, key, value, kind=kind, reason=reason
        )
        when = f"{BY_CODE[sel.period].label.lower()} {sel.year}"
        _echo(f"Kommunrad {clean}, {MEASURE_WORDS[key]} {when}", old, value, written.changeset)


@user_errors
def set_adjustment(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Raden, t.ex. »Samtliga realisationsvinster« eller »Reservation till"
            " resultatutjämningsreserv«."
        ),
    ],
    amount: AmountArgument,
    kind: Annotated[
        str | None,
        typer.Option(
            "--typ",
            help="justering (före »årets resultat efter balanskravsjusteringar«) eller rur"
            " (resultatutjämningsreserven, efter); standard: rur om namnet nämner"
            " resultatutjämningsreserven.",
            show_default=False,
        ),
    ] = None,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: KommunOption = None,
    reason: ReasonOption = None,
) -> None:
    """Skriv en rad i balanskravsutredningen, med tecken som den påverkar resultatet,
    t.ex.: ksui set balanskrav "Samtliga realisationsvinster" -1,2"""
    from ksui.actions import kommun
    from ksui.core.periods import BY_CODE

    value = _amount(amount)
    with select(ctx.obj, _kommun(ctx.obj, committee), year, period, writing=True) as sel:
        cid = sel.report().committee.id
        clean = " ".join(name.split())
        old = next(
            (
                e.amount
                for e in kommun.entries(sel.store, cid, sel.year).adjustments
                if e.period == sel.period and e.name.casefold() == clean.casefold()
            ),
            None,
        )
        written = kommun.set_adjustment(
            sel.store, cid, sel.year, sel.period, clean, value, kind=kind, reason=reason
        )
        when = f"{BY_CODE[sel.period].label.lower()} {sel.year}"
        _echo(f"Balanskravsutredning {when}: {clean}", old, value, written.changeset)


@user_errors
def import_lines(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(help="SIE 4-filen med kommunens finansiella konton.", show_default=False),
    ],
    period: PeriodOption = None,
    committee: KommunOption = None,
    year: YearOption = None,
    accounts: Annotated[
        list[str] | None,
        typer.Option(
            "--konto",
            help="Fler kontogrupper, t.ex. --konto 55=Pensionskostnader (utöver Kommun-Bas"
            " 80 skatteintäkter, 82–83 statsbidrag och utjämning, 84–85 finansiella"
            " intäkter och kostnader).",
            show_default=False,
        ),
    ] = None,
    reason: ReasonOption = None,
) -> None:
    """Importera kommunraderna ur en SIE-fil över kommunens finansiella konton: utfall
    hittills vid uppföljningen (#PSALDO, vid bokslut annars #RES) och årets budget
    (#PBUDGET), i en ändring. Slutkod 1 för en fil som inte går att läsa."""
    from ksui.actions import kommun

    mapping: dict[str, str] = {}
    for entry in accounts or []:
        prefix, sep, name = entry.partition("=")
        if not sep or not prefix.strip().isdigit() or not name.strip():
            raise UserError(f"--konto »{entry}«: skriv kontogrupp=rad, t.ex. 55=Pensionskostnader")
        mapping[prefix.strip()] = name.strip()
    with select(ctx.obj, _kommun(ctx.obj, committee), year, period, writing=True) as sel:
        cid = sel.report().committee.id
        try:
            done = kommun.import_sie(
                sel.store, cid, path, sel.period, accounts=mapping, year=year, reason=reason
            )
        except kommun.BadKommunFile as exc:
            raise fail(str(exc), EXIT_BAD_FILE) from None
        for line in done.describe():
            typer.echo(line)
