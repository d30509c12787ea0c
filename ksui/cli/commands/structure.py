"""`ksui add`, `rename`, `move unit` and `remove`: build a nämnd's structure from the shell.

A file made with `ksui init --empty` (or by a SIE import, which makes no investment
categories or goal areas) gets its nämnd, units, categories, projects, areas, goals and
indicators here. Every rule of the tree is the use cases' (``ksui.actions.structure``), so
the CLI refuses what the app refuses; each write is one audited change set (`ksui undo`
takes it back) and a refusal is one line, exit code 2, with the file unchanged.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ksui.cli.commands.edit import SetCommand
from ksui.cli.commands.options import CommitteeOption, YearOption
from ksui.cli.context import State, UserError, open_store, user_errors

if TYPE_CHECKING:
    from ksui.actions.structure import Structure, StructureKind
    from ksui.store import Store

add_app = typer.Typer(
    name="add",
    help="Bygg nämndens struktur: nämnd, enheter, investeringskategorier och projekt, "
    "målområden, KF-mål och indikatorer. Varje tillägg loggas (ksui undo tar tillbaka det).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
move_app = typer.Typer(
    name="move",
    help="Flytta en enhet (med allt under den) till en annan överordnad enhet.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

NameArgument = Annotated[str, typer.Argument(help="Namnet.", show_default=False)]
CodeOption = Annotated[
    str | None,
    typer.Option("--code", help="Koden, t.ex. ansvarskoden i ekonomisystemet.", show_default=False),
]
AreaFilter = Annotated[
    str | None,
    typer.Option(
        "--area",
        help="Målområdet, när ett mål anges med nummer (numren börjar om i varje område).",
        show_default=False,
    ),
]
ProjectCodeOption = Annotated[
    str | None,
    typer.Option(
        "--code",
        help="Projektets kod i ekonomisystemet (objektet i SIE-filens projektdimension).",
        show_default=False,
    ),
]
KindArgument = Annotated[
    str,
    typer.Argument(
        help="committee, unit, category, project, area, goal eller indicator.", show_default=False
    ),
]

#: How a printed line names each kind of row.
_WORDS = {
    "committee": "nämnden",
    "unit": "enheten",
    "category": "kategorin",
    "project": "projektet",
    "area": "målområdet",
    "goal": "målet",
    "indicator": "indikatorn",
}


def register(app: typer.Typer) -> None:
    """Attach `add`, `rename`, `move` and `remove` to the root app."""
    app.add_typer(
        add_app, name="add", short_help="Lägg till nämnd, enhet, kategori, projekt, mål …"
    )
    app.command(
        "rename", cls=SetCommand, short_help="Byt namn på en nämnd, enhet, kategori, projekt, mål …"
    )(rename)
    app.add_typer(move_app, name="move", short_help="Flytta en enhet till en annan överordnad.")
    app.command(
        "remove", cls=SetCommand, short_help="Ta bort en nämnd, enhet, kategori, projekt, mål …"
    )(remove)


def _required(value: str | None, option: str, what: str) -> str:
    """An option the command cannot do without, refused in one line (not click's usage)."""
    if value is None or not value.strip():
        raise UserError(f"ange {what} med {option}")
    return value


def _structure(store: Store, state: State, committee: str | None) -> Structure:
    """The chosen nämnd's structure (--committee, else config.toml, else the only one)."""
    from ksui.actions import structure

    return structure.load(store, committee or state.config.committee)


def _done(line: str, changeset: int | None) -> None:
    """Print what was written with its change set, or that nothing changed."""
    if changeset is None:
        typer.echo(f"{line} (oförändrat)")
    else:
        typer.echo(f"{line} (ändring nr {changeset})")


def _unit_label(name: str, code: str | None) -> str:
    return f"{name} ({code})" if code else name


@add_app.command("committee", cls=SetCommand, short_help="Lägg till en nämnd.")
@user_errors
def add_committee(ctx: typer.Context, name: NameArgument, code: CodeOption = None) -> None:
    """Lägg till en nämnd, t.ex.: ksui add committee Kommunstyrelsen --code KS"""
    from ksui.actions import structure

    code = _required(code, "--code", "nämndens kod")
    store = open_store(ctx.obj)
    try:
        written = structure.add_committee(store, name, code)
    finally:
        store.close()
    _done(f"Lade till nämnden {_unit_label(name.strip(), code.strip())}", written.changeset)


@add_app.command("unit", cls=SetCommand, short_help="Lägg till en enhet i nämnden.")
@user_errors
def add_unit(
    ctx: typer.Context,
    name: NameArgument,
    code: CodeOption = None,
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            help="Överordnad enhet (kod eller namn), eller nämnden för en enhet direkt under den.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="kontor, verksamhet, ansvar eller politisk_ledning "
            "(standard: en nivå under den överordnade).",
            show_default=False,
        ),
    ] = None,
    committee: CommitteeOption = None,
) -> None:
    """Lägg till en enhet, t.ex.: ksui add unit Ekonomi --code 120 --parent KSK"""
    from ksui.actions import lookup, structure
    from ksui.core.models import UNIT_KIND_LABELS

    code = _required(code, "--code", "enhetens kod")
    parent = _required(parent, "--parent", "den överordnade enheten (kod eller namn)")
    store = open_store(ctx.obj)
    try:
        found = _structure(store, ctx.obj, committee)
        above = lookup.unit_of(found.tree, found.committee, parent)
        written = structure.add_unit(store, above.id, name, kind=kind, code=code)
        made = _structure(store, ctx.obj, committee).tree.units.get(written.row_id or 0)
    finally:
        store.close()
    label = UNIT_KIND_LABELS.get(made.kind, made.kind).lower() if made else ""
    _done(
        f"Lade till enheten {_unit_label(name.strip(), code.strip())}, {label}, under {above.name}",
        written.changeset,
    )
    if written.note:
        typer.echo(f"Obs: {written.note}")


@add_app.command("category", cls=SetCommand, short_help="Lägg till en investeringskategori.")
@user_errors
def add_category(
    ctx: typer.Context,
    name: NameArgument,
    kind: Annotated[
        str,
        typer.Option("--kind", help="ks_kf, lokaler, namnd (nämndsinvesteringar) eller special."),
    ] = "namnd",
    committee: CommitteeOption = None,
) -> None:
    """Lägg till en investeringskategori, t.ex.: ksui add category Lokaler --kind lokaler"""
    from ksui.actions import structure

    store = open_store(ctx.obj)
    try:
        found = _structure(store, ctx.obj, committee)
        written = structure.add_category(store, found.committee.id, name, kind=kind)
    finally:
        store.close()
    _done(
        f"Lade till investeringskategorin {name.strip()} i {found.committee.name}",
        written.changeset,
    )


@add_app.command("project", cls=SetCommand, short_help="Lägg till ett investeringsprojekt.")
@user_errors
def add_project(
    ctx: typer.Context,
    name: NameArgument,
    category: Annotated[
        str | None,
        typer.Option("--category", help="Investeringskategorin (namn).", show_default=False),
    ] = None,
    responsible: Annotated[
        str | None,
        typer.Option("--responsible", help="Vem som ansvarar för projektet.", show_default=False),
    ] = None,
    code: ProjectCodeOption = None,
    year: YearOption = None,
    committee: CommitteeOption = None,
) -> None:
    """Lägg till ett investeringsprojekt (pågående), t.ex.:
    ksui add project "Bärbara datorer" --category Nämndsinvesteringar --responsible IT --code P100

    Anslaget börjar på 0 det år som anges (standard: nämndens senaste år med siffror).
    Koden är projektets objekt i ekonomisystemet (ksui import sie --project-dimension)."""
    from ksui.actions import lookup, structure

    category = _required(category, "--category", "investeringskategorin")
    store = open_store(ctx.obj)
    try:
        found = _structure(store, ctx.obj, committee)
        into = lookup.category_of(found.categories, category)
        when = year or ctx.obj.config.year or structure.default_year(store, found.committee.id)
        written = structure.add_project(
            store, into.id, name, when, responsible=responsible, code=code
        )
    finally:
        store.close()
    label = _unit_label(name.strip(), code.strip() if code else None)
    _done(f"Lade till projektet {label} i {into.name}", written.changeset)


@add_app.command("area", cls=SetCommand, short_help="Lägg till ett målområde för KF-mål.")
@user_errors
def add_area(ctx: typer.Context, name: NameArgument, committee: CommitteeOption = None) -> None:
    """Lägg till ett målområde, t.ex.: ksui add area "Hållbara Södertälje" """
    from ksui.actions import structure

    store = open_store(ctx.obj)
    try:
        found = _structure(store, ctx.obj, committee)
        written = structure.add_area(store, found.committee.id, name)
    finally:
        store.close()
    _done(f"Lade till målområdet {name.strip()} i {found.committee.name}", written.changeset)


@add_app.command("goal", cls=SetCommand, short_help="Lägg till ett KF-mål i ett målområde.")
@user_errors
def add_goal(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="Målets titel.", show_default=False)],
    area: Annotated[
        str | None, typer.Option("--area", help="Målområdet (namn).", show_default=False)
    ] = None,
    number: Annotated[
        int | None,
        typer.Option(
            "--number", help="Målets nummer (standard: nästa lediga).", show_default=False
        ),
    ] = None,
    committee: CommitteeOption = None,
) -> None:
    """Lägg till ett KF-mål, t.ex.: ksui add goal "Tryggheten ska öka" --area Hållbara"""
    from ksui.actions import lookup, structure

    area = _required(area, "--area", "målområdet")
    store = open_store(ctx.obj)
    try:
        found = _structure(store, ctx.obj, committee)
        into = lookup.area_of(found.areas, area)
        written = structure.add_goal(store, into.id, title, number=number)
        after = _structure(store, ctx.obj, committee)
        given = next(
            (g.number for a in after.areas for g in a.goals if g.id == written.row_id), number
        )
    finally:
        store.close()
    _done(f"Lade till mål nr {given} i {into.name}", written.changeset)


@add_app.command("indicator", cls=SetCommand, short_help="Lägg till en indikator till ett mål.")
@user_errors
def add_indicator(
    ctx: typer.Context,
    name: NameArgument,
    goal: Annotated[
        str | None,
        typer.Option("--goal", help="Målet: titel eller nummer.", show_default=False),
    ] = None,
    area: AreaFilter = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="procent, antal, index eller kr.", show_default=False),
    ] = None,
    direction: Annotated[
        str | None,
        typer.Option(
            "--direction", help="up eller down: åt vilket håll det ska gå.", show_default=False
        ),
    ] = None,
    committee: CommitteeOption = None,
) -> None:
    """Lägg till en indikator, t.ex.:
    ksui add indicator "Andel trygga" --goal 1 --area Hållbara --unit procent --direction up"""
    from ksui.actions import structure

    goal = _required(goal, "--goal", "målet (titel eller nummer)")
    store = open_store(ctx.obj)
    try:
        found = _structure(store, ctx.obj, committee)
        target = _goal(found, goal, area)[:2]
        written = structure.add_indicator(
            store, target[0], name, unit=unit or "", direction=direction or "none"
        )
    finally:
        store.close()
    _done(f"Lade till indikatorn {name.strip()} till {target[1]}", written.changeset)


def _goal(found: Structure, text: str, area: str | None) -> tuple[int, str, str]:
    """A goal by title or number (within --area when given): its id, how to name it, and
    its title."""
    from ksui.actions import lookup

    if area is not None:
        within = lookup.area_of(found.areas, area)
        goal = lookup.goal(within, text)
        return goal.id, f"mål nr {goal.number} i {within.name}", goal.title
    goal = lookup.goal_of(found.areas, text)
    name = next(a.name for a in found.areas if a.id == goal.area_id)
    return goal.id, f"mål nr {goal.number} i {name}", goal.title


def _find(
    store: Store,
    state: State,
    kind: StructureKind,
    text: str,
    committee: str | None,
    area: str | None,
) -> tuple[int, str, str]:
    """The row a rename or removal names: its id, how a printed line names it, and its
    name (a goal's title) as it stands."""
    from ksui.actions import lookup
    from ksui.store import read

    if kind == "committee":
        chosen = read.find_committee(store, text)
        return chosen.id, f"nämnden {_unit_label(chosen.name, chosen.code)}", chosen.name
    found = _structure(store, state, committee)
    if kind == "unit":
        unit = lookup.unit_of(found.tree, found.committee, text)
        return unit.id, f"enheten {_unit_label(unit.name, unit.code)}", unit.name
    if kind == "category":
        category = lookup.category_of(found.categories, text)
        return category.id, f"kategorin {category.name}", category.name
    if kind == "project":
        project = lookup.project_of(found.categories, text)
        return project.id, f"projektet {project.name}", project.name
    if kind == "area":
        chosen_area = lookup.area_of(found.areas, text)
        return chosen_area.id, f"målområdet {chosen_area.name}", chosen_area.name
    if kind == "goal":
        return _goal(found, text, area)
    areas = found.areas if area is None else (lookup.area_of(found.areas, area),)
    indicator = lookup.indicator_of(areas, text)
    return indicator.id, f"indikatorn {indicator.name}", indicator.name


@user_errors
def rename(
    ctx: typer.Context,
    kind: KindArgument,
    old: Annotated[
        str,
        typer.Argument(help="Det som heter så nu (namn, kod eller målnummer).", show_default=False),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            help="Det nya namnet (målets nya titel); utelämnas när bara --code ändras.",
            show_default=False,
        ),
    ] = None,
    code: Annotated[
        str | None,
        typer.Option(
            "--code",
            help='Ett projekts nya kod i ekonomisystemet ("" tar bort den).',
            show_default=False,
        ),
    ] = None,
    area: AreaFilter = None,
    committee: CommitteeOption = None,
) -> None:
    """Byt namn, t.ex.: ksui rename unit Ekonomi Ekonomiavdelningen

    Ett projekts kod: ksui rename project "Bärbara datorer" --code P100"""
    from ksui.actions import structure

    chosen = structure.structure_kind(kind)
    if code is not None and chosen != "project":
        raise UserError("--code gäller bara project (ett projekts kod i ekonomisystemet)")
    if new is None and code is None:
        raise UserError("ange det nya namnet (eller --code för ett projekts kod)")
    store = open_store(ctx.obj)
    try:
        row_id, label, before = _find(store, ctx.obj, chosen, old, committee, area)
        # The code first: a code another project has is the likelier refusal, and then
        # nothing is written at all.
        coded = structure.set_project_code(store, row_id, code) if code is not None else None
        written = structure.rename(store, chosen, row_id, new) if new is not None else None
    finally:
        store.close()
    what = label[0].upper() + label[1:]
    if coded is not None:
        shown = f"»{code.strip()}«" if code and code.strip() else "ingen"
        if coded.changeset is None:
            typer.echo(f"{what}: kod {shown} (oförändrat)")
        else:
            typer.echo(f"{what}: kod {shown} (ändring nr {coded.changeset})")
    if written is None or new is None:
        return
    field = "titel" if chosen == "goal" else "namn"
    if written.changeset is None:
        typer.echo(f"{what}: {field} »{new.strip()}« (oförändrat)")
        return
    typer.echo(f"{what}: {field} »{before}« → »{new.strip()}« (ändring nr {written.changeset})")


@move_app.command("unit", cls=SetCommand, short_help="Flytta en enhet till en annan överordnad.")
@user_errors
def move_unit(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(help="Enheten: kod eller namn.", show_default=False)],
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            help="Den nya överordnade enheten (kod eller namn), eller nämnden.",
            show_default=False,
        ),
    ] = None,
    committee: CommitteeOption = None,
) -> None:
    """Flytta en enhet med allt under den, t.ex.: ksui move unit HR --parent 100"""
    from ksui.actions import lookup, structure

    parent = _required(parent, "--parent", "den nya överordnade enheten (kod eller namn)")
    store = open_store(ctx.obj)
    try:
        found = _structure(store, ctx.obj, committee)
        moved = lookup.unit_of(found.tree, found.committee, unit)
        above = lookup.unit_of(found.tree, found.committee, parent)
        old = found.tree.units.get(moved.parent_id) if moved.parent_id is not None else None
        written = structure.move_unit(store, moved.id, above.id)
    finally:
        store.close()
    name = _unit_label(moved.name, moved.code)
    if written.changeset is None:
        typer.echo(f"Enheten {name} ligger redan under {above.name} (oförändrat)")
        return
    was = old.name if old is not None else "–"
    typer.echo(f"Enheten {name}: {was} → under {above.name} (ändring nr {written.changeset})")


@user_errors
def remove(
    ctx: typer.Context,
    kind: KindArgument,
    name: Annotated[str, typer.Argument(help="Namn, kod eller målnummer.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Ta bort utan att fråga.")] = False,
    with_figures: Annotated[
        bool,
        typer.Option(
            "--with-figures", help="Ta bort även när siffror (budget, utfall, värden …) följer med."
        ),
    ] = False,
    area: AreaFilter = None,
    committee: CommitteeOption = None,
) -> None:
    """Ta bort med allt under, t.ex.: ksui remove unit HR --yes (ksui undo tar tillbaka det)

    Vägras när siffror skulle följa med, om inte --with-figures anges."""
    from ksui.actions import structure

    chosen = structure.structure_kind(kind)
    store = open_store(ctx.obj)
    try:
        row_id, label, _name = _find(store, ctx.obj, chosen, name, committee, area)
        going = structure.removal(store, chosen, row_id)
        along = going.words()
        if going.figures and not with_figures:
            raise UserError(
                f"{label} har {along} som också skulle tas bort; "
                "lägg till --with-figures för att ta bort dem ändå"
            )
        if not yes and not _ask(f"Ta bort {label}" + (f" med {along}" if along else "") + "?"):
            typer.echo("Inget togs bort.")
            return
        try:
            written = structure.remove(store, chosen, row_id, with_figures=with_figures)
        except structure.FiguresWouldBeLost as exc:
            raise UserError(f"{exc}; lägg till --with-figures för att ta bort dem ändå") from None
    finally:
        store.close()
    _done(f"Tog bort {label}" + (f" med {along}" if along else ""), written.changeset)


def _ask(question: str) -> bool:
    """Ask on stderr, read one line: j/ja (or y/yes) goes ahead. No answer at all (stdin
    closed, as in a script) is refused, so a script must say --yes."""
    sys.stderr.write(f"{question} [j/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer or not sys.stdin.isatty():
        sys.stderr.write("\n")  # the answer was not echoed, so end the question's line
    if not answer:
        raise UserError("inget svar; ange --yes för att ta bort utan fråga")
    return answer.strip().casefold() in ("j", "ja", "y", "yes")
