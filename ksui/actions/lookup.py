"""Finding what a user names: units by code or name, projects, areas, goals, fields.

Exact matches (case-insensitive) win, then a unique prefix of the name; an ambiguous or
unknown name is refused (NotFound) with what would have been accepted, in the CLI and the
TUI palette alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ksui.actions.errors import NotFound
from ksui.core.assessment import GEH_AREAS, GEH_LABELS
from ksui.core.goals import Area, Goal, Indicator
from ksui.core.investments import Category, Project
from ksui.core.models import Assessment, OrgTree, Unit
from ksui.core.report import ReportData
from ksui.store import Store, read

T = TypeVar("T")

#: How many names an error message lists before it says "…".
LISTED = 12


#: The words that take »okänt« (ett målområde, ett mål, ett projekt, ett mått …).
_NEUTER = frozenset({"målområde", "mål", "projekt", "konto", "område", "år", "mått", "fält"})


def unknown(what: str) -> str:
    """»okänt« before a neuter word (ett mål, ett GEH-område), »okänd« before the others."""
    head = what.split()[0].rsplit("-", 1)[-1]
    return "okänt" if head in _NEUTER else "okänd"


def _listing(labels: Sequence[str]) -> str:
    """Names for an error message, cut after LISTED."""
    shown = ", ".join(labels[:LISTED])
    return shown + (f" … ({len(labels)} st)" if len(labels) > LISTED else "")


def pick(
    what: str,
    text: str,
    items: Sequence[T],
    keys: Callable[[T], Sequence[str]],
    label: Callable[[T], str],
) -> T:
    """The one item whose key equals ``text``, else whose first key starts with it.

    ``keys`` gives an item's exact keys (name first, then e.g. its code); only the name is
    matched by prefix.
    """
    wanted = text.strip().casefold()
    if not wanted:
        raise NotFound(f"ange {what}; finns: {_listing([label(i) for i in items])}")
    exact = [i for i in items if wanted in (k.casefold() for k in keys(i) if k)]
    found = exact or [i for i in items if keys(i)[0].casefold().startswith(wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        raise NotFound(
            f"»{text}« passar flera ({what}): {_listing([label(i) for i in found])}; "
            "skriv mer av namnet eller använd koden"
        )
    raise NotFound(f"{unknown(what)} {what} »{text}«; finns: {_listing([label(i) for i in items])}")


def unit(data: ReportData, text: str) -> Unit:
    """A unit of the committee (the committee itself included) by code or name."""
    tree = data.tree
    ids = [uid for uid, _ in tree.walk(data.committee.id)]
    units = [tree.units[uid] for uid in ids]
    names = [u.name.casefold() for u in units]

    def label(u: Unit) -> str:
        name = u.name
        if names.count(u.name.casefold()) > 1:
            chain = [p.name for p in tree.path(u.id)]
            start = next((i for i, p in enumerate(tree.path(u.id)) if p.id == data.committee.id), 0)
            name = "/".join(chain[start:])
        return f"{name} ({u.code})" if u.code else name

    return pick("enhet", text, units, lambda u: (u.name, u.code or ""), label)


def project(data: ReportData, text: str) -> Project:
    """An investment project of the committee by name."""
    projects = [p for cat in data.categories for p in cat.projects]
    return pick("projekt", text, projects, lambda p: (p.name,), lambda p: p.name)


def area(data: ReportData, text: str) -> Area:
    """A KF-mål area by name."""
    return pick("målområde", text, data.areas, lambda a: (a.name,), lambda a: a.name)


def goal(found: Area, text: str) -> Goal:
    """A goal of an area by its number (or by the start of its title)."""
    return pick(
        f"KF-mål i {found.name}",
        text,
        list(found.goals),
        lambda g: (g.title, str(g.number)),
        lambda g: f"{g.number}",
    )


def choice(what: str, text: str, aliases: dict[str, str], accepted: str) -> str:
    """A keyword from a fixed list (Swedish and English aliases, any case, - or _ or space);
    the refusal says what is accepted."""
    key = " ".join(text.strip().casefold().replace("_", " ").replace("-", " ").split())
    if key in aliases:
        return aliases[key]
    raise NotFound(f"{unknown(what)} {what} »{text}«; använd {accepted}")


MEASURES = {
    "budget": "budget",
    "nämndbidrag": "budget",
    "kommunbidrag": "budget",
    "prognos": "forecast",
    "forecast": "forecast",
    "utfall": "actual",
    "actual": "actual",
    "bokslut": "actual",
    "periodiserad budget": "budget_ytd",
    "periodiserad": "budget_ytd",
    "budget ytd": "budget_ytd",
}


def measure(text: str) -> str:
    """A drift measure: budget, prognos, utfall or periodiserad (budget)."""
    return choice("mått", text, MEASURES, "budget, prognos, utfall eller periodiserad")


INVESTMENT_FIELDS = {
    "anslag": "appropriation",
    "appropriation": "appropriation",
    "utfall": "spent",
    "ack. utfall": "spent",
    "ack utfall": "spent",
    "spent": "spent",
}


def investment_field(text: str) -> str:
    """An investment figure: anslag or (ack.) utfall."""
    return choice("fält", text, INVESTMENT_FIELDS, "anslag eller utfall")


GEH = {
    "ekonomi": "ekonomi",
    "kf mål": "kf_mal",
    "kf mal": "kf_mal",
    "kf": "kf_mal",
    "mål": "kf_mal",
    "personal": "personal",
    "personalmål": "personal",
    "samlad": "samlad",
    "sammanfattande": "samlad",
    "nämndens sammanfattande bedömning": "samlad",
}


def geh_area(text: str) -> str:
    """A GEH area: ekonomi, kf_mal, personal or samlad."""
    names = ", ".join(f"{a} ({GEH_LABELS[a]})" for a in GEH_AREAS)
    return choice("GEH-område", text, GEH, names)


CLEAR = {"ingen", "ej bedömd", "ej bedomd", "-", "–"}


def assessment(text: str, *, allow_none: bool = True) -> Assessment | None:
    """A lägesbedömning as written in reports; 'ingen' clears it where that is allowed."""
    if allow_none and text.strip().casefold() in CLEAR:
        return None
    try:
        return Assessment.parse(text)
    except ValueError as exc:
        extra = " (eller ingen för att ta bort bedömningen)" if allow_none else ""
        raise NotFound(f"{exc}{extra}") from None


def unit_anywhere(store: Store, text: str) -> Unit:
    """A unit of any committee by code or name, for filters that span the file (the log)."""
    found = read.org_tree(store).find(text)
    if len(found) != 1:
        names = ", ".join(u.name for u in found[:8]) or "ingen"
        raise NotFound(f"enheten »{text}« är inte entydig eller finns inte (träffar: {names})")
    return found[0]


# --------------------------------------------------------------------------- structure
# The same rules over a nämnd's structure alone (``ksui.actions.structure.Structure``), for
# the commands that build it: they work before the nämnd has a single figure or year.


def unit_of(tree: OrgTree, committee: Unit, text: str) -> Unit:
    """A unit of the committee (the committee itself included) by code or name."""
    units = [tree.units[uid] for uid, _ in tree.walk(committee.id)]
    names = [u.name.casefold() for u in units]

    def label(u: Unit) -> str:
        name = u.name
        if names.count(u.name.casefold()) > 1:
            chain = [p.name for p in tree.path(u.id)]
            start = next((i for i, p in enumerate(tree.path(u.id)) if p.id == committee.id), 0)
            name = "/".join(chain[start:])
        return f"{name} ({u.code})" if u.code else name

    return pick("enhet", text, units, lambda u: (u.name, u.code or ""), label)


def category_of(categories: Sequence[Category], text: str) -> Category:
    """An investment category by name."""
    return pick("investeringskategori", text, categories, lambda c: (c.name,), lambda c: c.name)


def project_of(categories: Sequence[Category], text: str) -> Project:
    """An investment project of the committee by name."""
    projects = [p for cat in categories for p in cat.projects]
    return pick("projekt", text, projects, lambda p: (p.name,), lambda p: p.name)


def area_of(areas: Sequence[Area], text: str) -> Area:
    """A KF-mål area by name."""
    return pick("målområde", text, areas, lambda a: (a.name,), lambda a: a.name)


def goal_of(areas: Sequence[Area], text: str) -> Goal:
    """A goal by its title (or the start of it), or by its number: an area's numbers start
    at 1, so with several areas a number needs the area (``--area``) to be unique."""
    where = {g.id: a.name for a in areas for g in a.goals}
    goals = [g for a in areas for g in a.goals]
    return pick(
        "KF-mål",
        text,
        goals,
        lambda g: (g.title, str(g.number)),
        lambda g: f"{where[g.id]} nr {g.number}",
    )


def indicator_of(areas: Sequence[Area], text: str) -> Indicator:
    """An indicator of the committee's goals by name."""
    where = {g.id: f"{a.name} nr {g.number}" for a in areas for g in a.goals}
    indicators = [i for a in areas for g in a.goals for i in g.indicators]
    names = [i.name.casefold() for i in indicators]

    def label(i: Indicator) -> str:
        return f"{i.name} ({where[i.goal_id]})" if names.count(i.name.casefold()) > 1 else i.name

    return pick("indikator", text, indicators, lambda i: (i.name,), label)
