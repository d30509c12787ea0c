"""`ksui set`: change one figure, comment or assessment from a script, audited.

Each command checks everything it was given before it writes, so a refusal leaves the
database as it was; what changed is printed as old → new.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperOption

if TYPE_CHECKING:  # the click that typer carries inside it, which parse_args is typed with
    from typer._click.core import Context as ClickContext

from ksui.actions import lookup
from ksui.cli.commands.options import CommitteeOption, PeriodOption, ReasonOption, YearOption
from ksui.cli.context import Selection, UserError, fail, select, user_errors
from ksui.core.periods import BY_CODE

app = typer.Typer(
    name="set",
    help="Ändra en siffra, en kommentar eller en bedömning. Varje ändring loggas "
    "(se ksui log) och skrivs ut som gammalt → nytt.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
assessment_app = typer.Typer(
    name="assessment",
    help="Ändra lägesbedömningen för ett KF-mål eller ett målområde.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(assessment_app)

#: Put before a positional that starts with "-" so that click reads it as a value;
#: no argv can hold a NUL, so the mark cannot collide with anything typed.
_MARK = "\x00"

#: How a refusal names each positional argument.
_ARGUMENT_NAMES = {
    "unit": "enheten",
    "measure": "måttet",
    "amount": "beloppet",
    "target": "enheten eller projektet",
    "text": "kommentaren",
    "area": "området",
    "goal": "målet",
    "value": "bedömningen",
    "project": "projektet",
    "field": "fältet",
    "content": "texten",
}


class SetCommand(TyperCommand):
    """A `set` command whose values may start with "-": "-5 tkr", "-1 076", "-Ny text".

    Click reads "-5 tkr" as the short options -5, -t, -k and -r (and -r, --reason, then
    wants a value). Any token that starts with "-" but not with one of the command's own
    short options is a value, so it is marked before click parses and unmarked after.
    Every text value is also checked for invalid UTF-8 here, once for every command.
    """

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        """Parse with negative amounts and dash-led text protected, then check the text."""
        rest = super().parse_args(ctx, self._protect(args))
        for key, value in ctx.params.items():
            if isinstance(value, str) and value.startswith(_MARK):
                ctx.params[key] = value[len(_MARK) :]
        for param in self.params:
            value = ctx.params.get(param.name or "")
            if isinstance(value, str) and not _is_valid_text(value):
                raise fail(f"{_param_name(param)} innehåller ogiltig UTF-8")
        return rest

    def _protect(self, args: list[str]) -> list[str]:
        """Mark each token that is a value starting with "-" rather than an option."""
        takes_value: set[str] = set()
        short: set[str] = set()
        for param in self.params:
            if isinstance(param, TyperOption):
                names = [*param.opts, *param.secondary_opts]
                if not param.is_flag:
                    takes_value.update(names)
                short.update(n[1] for n in names if len(n) == 2 and n[0] == "-" and n[1] != "-")
        out: list[str] = []
        after_value_option = False
        for index, token in enumerate(args):
            if token == "--":
                return out + args[index:]
            value_like = (
                not after_value_option
                and token.startswith("-")
                and len(token) > 1
                and token[1] != "-"
                and token[1] not in short
            )
            out.append(_MARK + token if value_like else token)
            after_value_option = token in takes_value
        return out


def _is_valid_text(text: str) -> bool:
    """False for text with lone surrogates: how Python keeps bytes that are not UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _param_name(param: Any) -> str:
    """An option by its long name (--reason), an argument by what it is (kommentaren)."""
    if isinstance(param, TyperOption):
        return str(max(param.opts, key=len))
    return _ARGUMENT_NAMES.get(param.name or "", str(param.human_readable_name))


def _read_stdin() -> str:
    """Standard in as text: UTF-8, else Windows-1252 (as Notepad and Excel save), else refused."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stream (an embedding caller): already decoded
        text = sys.stdin.read()
        if not _is_valid_text(text):
            raise UserError("kommentaren från standard in innehåller ogiltig UTF-8")
        return text
    data: bytes = buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise UserError(
            "kommentaren från standard in är varken UTF-8 eller Windows-1252; spara den som UTF-8"
        ) from None


AmountArgument = Annotated[
    str,
    typer.Argument(
        help='Beloppet, t.ex. "45 474", "43000,5", "-1 076", "43 000 tkr" eller "4,3 mkr"; '
        "utan enhet gäller display.unit i config.toml (tkr).",
        show_default=False,
    ),
]
ValueArgument = Annotated[
    str, typer.Argument(help='Bra, Ok eller "Har brister" (eller ingen för att ta bort).')
]


def _amount(text: str, sel: Selection) -> int:
    """Parse a typed amount into öre, in the config's display unit unless one is given."""
    from ksui.core.swedish import NumberError, parse_amount

    try:
        return parse_amount(text, sel.config.unit)
    except NumberError as exc:
        raise UserError(f"ogiltigt belopp: {exc}") from None


def _money(ore: int | None, unit: str) -> str:
    """An amount as typed back to the user: whole units, or as exact as it is."""
    from ksui.core.swedish import ORE_PER, format_amount

    if ore is None:
        return "–"
    per = ORE_PER[unit]
    decimals = 0 if ore % per == 0 else 2 if ore % (per // 100) == 0 else len(str(per)) - 1
    return format_amount(ore, unit, decimals=decimals)


def _report(what: str, old: str, new: str, changeset: int | None) -> None:
    """Print what changed, or that nothing did."""
    if changeset is None:
        typer.echo(f"{what}: {new} (oförändrat)")
    else:
        typer.echo(f"{what}: {old} → {new} (ändring nr {changeset})")


def _period_text(sel: Selection) -> str:
    from ksui.core.periods import BY_CODE

    return f"{sel.year}, {BY_CODE[sel.period].label.lower()}"


@app.command(
    "drift",
    cls=SetCommand,
    short_help="Ändra budget, prognos eller utfall för en enhet.",
)
@user_errors
def set_drift(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(help="Enheten: kod eller namn (unik början räcker).")],
    measure: Annotated[
        str, typer.Argument(help="budget, prognos, utfall eller periodiserad (budget).")
    ],
    amount: AmountArgument,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Ändra en driftsiffra, t.ex.: ksui set drift Ekonomi budget "45 474" --period bokslut"""
    from ksui.actions import edits
    from ksui.core.models import MEASURE_LABELS, DriftFigures

    with select(ctx.obj, committee, year, period, writing=True) as sel:
        data = sel.report()
        target = lookup.unit(data, unit)
        key = lookup.measure(measure)
        ore = _amount(amount, sel)
        old = data.figures.get(target.id, DriftFigures()).get(key)
        changeset = edits.set_figure(
            sel.store, target.id, sel.year, sel.period, key, ore, reason=reason
        ).changeset
        unit_label = sel.config.unit
        _report(
            f"{target.name}, {MEASURE_LABELS[key].lower()} {_period_text(sel)}",
            f"{_money(old, unit_label)}",
            f"{_money(ore, unit_label)} {unit_label}",
            changeset,
        )


@app.command(
    "comment", cls=SetCommand, short_help="Skriv kommentaren till en enhet eller ett projekt."
)
@user_errors
def set_comment(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(help="Enheten (kod eller namn), eller projektet med --project.")
    ],
    text: Annotated[
        str, typer.Argument(help='Kommentaren; "-" läser den från standard in, "" tar bort den.')
    ],
    project: Annotated[
        bool, typer.Option("--project", help="Kommentaren gäller ett investeringsprojekt.")
    ] = False,
    year: YearOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Skriv kommentaren till en enhet eller ett investeringsprojekt för ett år."""
    from ksui.actions import edits

    if text == "-":
        text = _read_stdin()
    text = text.strip()
    with select(ctx.obj, committee, year, None, writing=True) as sel:
        data = sel.report()
        if project:
            found = lookup.project(data, target)
            entity, entity_id, name = "investment_project", found.id, found.name
        else:
            unit = lookup.unit(data, target)
            entity, entity_id, name = "unit", unit.id, unit.name
        old = data.comment(entity, entity_id, raw=True)
        changeset = edits.set_comment(
            sel.store, entity, entity_id, sel.year, text, reason=reason
        ).changeset
        _report(f"Kommentar till {name} {sel.year}", _quote(old), _quote(text), changeset)


def _quote(text: str, limit: int = 60) -> str:
    """A comment shortened to one line for the confirmation."""
    flat = " ".join(text.split())
    if not flat:
        return "(ingen)"
    return f"»{flat[: limit - 1]}…«" if len(flat) > limit else f"»{flat}«"


def _label(value: Any) -> str:
    return value.label if value is not None else "ingen"


@assessment_app.command("goal", cls=SetCommand, short_help="Ändra ett KF-måls lägesbedömning.")
@user_errors
def set_goal_assessment(
    ctx: typer.Context,
    area: Annotated[str, typer.Argument(help="Målområdet (unik början räcker).")],
    goal: Annotated[str, typer.Argument(help="Målets nummer inom området.")],
    value: ValueArgument,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Ändra ett KF-måls lägesbedömning, t.ex.:
    ksui set assessment goal "Hållbara Södertälje" 3 "Har brister" """
    from ksui.actions import edits

    with select(ctx.obj, committee, year, period, writing=True) as sel:
        data = sel.report()
        found_area = lookup.area(data, area)
        found = lookup.goal(found_area, goal)
        new = lookup.assessment(value)
        changeset = edits.set_assessment(
            sel.store, "goal", found.id, sel.year, sel.period, new, reason=reason
        ).changeset
        _report(
            f"{found_area.name}, KF-mål {found.number}, lägesbedömning {_period_text(sel)}",
            _label(found.assessment),
            _label(new),
            changeset,
        )


@assessment_app.command("area", cls=SetCommand, short_help="Ändra ett målområdes lägesbedömning.")
@user_errors
def set_area_assessment(
    ctx: typer.Context,
    area: Annotated[str, typer.Argument(help="Målområdet (unik början räcker).")],
    value: ValueArgument,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Ändra ett målområdes sammantagna lägesbedömning, t.ex.:
    ksui set assessment area "Hållbara Södertälje" ok"""
    from ksui.actions import edits

    with select(ctx.obj, committee, year, period, writing=True) as sel:
        data = sel.report()
        found = lookup.area(data, area)
        new = lookup.assessment(value)
        changeset = edits.set_assessment(
            sel.store, "area", found.id, sel.year, sel.period, new, reason=reason
        ).changeset
        _report(
            f"{found.name}, lägesbedömning sammantaget {_period_text(sel)}",
            _label(found.assessment),
            _label(new),
            changeset,
        )


@app.command(
    "investment",
    cls=SetCommand,
    short_help="Ändra ett investeringsprojekts anslag eller utfall.",
)
@user_errors
def set_investment(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Projektet (unik början räcker).")],
    field: Annotated[str, typer.Argument(help="anslag eller utfall (ack. utfall).")],
    amount: AmountArgument,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Ändra ett investeringsprojekts anslag eller ack. utfall vid en uppföljning, t.ex.:
    ksui set investment "Bärbara datorer" utfall "4 270" --period delår

    Utfallet är årets hittills vid perioden; anslaget gäller från perioden tills det ändras."""
    from ksui.actions import edits

    with select(ctx.obj, committee, year, period, writing=True) as sel:
        data = sel.report()
        found = lookup.project(data, project)
        key = lookup.investment_field(field)
        ore = _amount(amount, sel)
        old = found.appropriation if key == "appropriation" else found.spent
        changeset = edits.set_investment(
            sel.store, found.id, sel.year, key, ore, period=sel.period, reason=reason
        ).changeset
        label = "anslag" if key == "appropriation" else "ack. utfall"
        unit_label = sel.config.unit
        when = BY_CODE[sel.period].label.lower()
        _report(
            f"{found.name}, {label} {when} {sel.year}",
            _money(old, unit_label),
            f"{_money(ore, unit_label)} {unit_label}",
            changeset,
        )


@app.command("geh", cls=SetCommand, short_help="Ändra GEH-bedömningen för ett område.")
@user_errors
def set_geh(
    ctx: typer.Context,
    area: Annotated[str, typer.Argument(help="ekonomi, kf_mal, personal eller samlad.")],
    value: Annotated[str, typer.Argument(help='Bra, Ok eller "Har brister".')],
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Ändra GEH-bedömningen för ett område, t.ex.: ksui set geh ekonomi bra"""
    from ksui.actions import edits
    from ksui.core.assessment import GEH_LABELS

    with select(ctx.obj, committee, year, period, writing=True) as sel:
        data = sel.report()
        key = lookup.geh_area(area)
        new = lookup.assessment(value, allow_none=False)
        assert new is not None
        old = data.geh.get(key)
        changeset = edits.set_geh(
            sel.store, data.committee.id, sel.year, sel.period, key, new, reason=reason
        ).changeset
        _report(f"GEH {GEH_LABELS[key]} {_period_text(sel)}", _label(old), _label(new), changeset)


@app.command(
    "text",
    cls=SetCommand,
    short_help="Skriv en text i tjänsteskrivelsen (ärende, sammanfattning, förslag …).",
)
@user_errors
def set_text(
    ctx: typer.Context,
    field: Annotated[
        str,
        typer.Argument(
            help="diarienummer, ärende, sammanfattning, förslag (till beslut) "
            "eller beslutsunderlag."
        ),
    ],
    content: Annotated[
        str,
        typer.Argument(
            help='Texten; "-" läser den från standard in, "" tar bort den. '
            "Förslag till beslut: en punkt per rad.",
            show_default=False,
        ),
    ],
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
    reason: ReasonOption = None,
) -> None:
    """Skriv en text i nämndens tjänsteskrivelse för en uppföljning, t.ex.:
    ksui set text förslag "Årsrapporten godkänns." --period bokslut

    Texten kommer med först i ksui export markdown och docx."""
    from ksui.actions import texts

    key = texts.field(field)  # an unknown field is refused before anything is read
    if content == "-":
        content = _read_stdin()
    with select(ctx.obj, committee, year, period, writing=True) as sel:
        data = sel.report()
        old = texts.read(sel.store, data.committee.id, sel.year, sel.period).get(key, "")
        changeset = texts.set_text(
            sel.store, data.committee.id, sel.year, sel.period, key, content, reason=reason
        ).changeset
        new = texts.read(sel.store, data.committee.id, sel.year, sel.period).get(key, "")
        _report(
            f"{texts.field_label(key)}, {data.committee.name} {_period_text(sel)}",
            _quote(old),
            _quote(new),
            changeset,
        )
