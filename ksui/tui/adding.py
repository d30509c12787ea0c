"""Building the nämnd from the app: a nämnd, a unit, an investment category, a goal area, the
next year.

Each addition asks for what it needs in a dialog whose title says what it adds, and is
written by the app's write worker like every edit, through the same use cases as `ksui add`
and `ksui new-year` (``ksui.actions.structure``, ``ksui.actions.years``): the rules, and the
refusals' words, are theirs. The palette, the Översikt's `a` and the `a` of an empty screen
all come here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ksui.tui.edits import Reloading
from ksui.tui.gateway import ReportKey
from ksui.tui.host import host

if TYPE_CHECKING:
    from textual.app import App

    from ksui.actions import Written
    from ksui.core.models import Unit
    from ksui.store import Store

#: How a name and its code are typed on one line: »Ekonomi; 120«.
NAME_CODE_HINT = "Namn, och koden efter semikolon om den finns: »Ekonomi; 120«."


def name_and_code(text: str) -> tuple[str, str | None]:
    """»Ekonomi; 120« → ('Ekonomi', '120'); the code is optional, the name is not."""
    name, _, code = text.partition(";")
    name, code = name.strip(), code.strip()
    if not name:
        raise ValueError("namnet får inte vara tomt")
    if ";" in code:
        raise ValueError("skriv namnet, ett semikolon och koden: »Ekonomi; 120«")
    return name, code or None


@dataclass(frozen=True)
class AddCommittee(Reloading):
    """A new nämnd; the app shows it once it is written."""

    name: str
    code: str | None

    @property
    def key_after(self) -> ReportKey:
        """The report to show afterwards: the new nämnd, its latest follow-up."""
        return ReportKey(self.name, None, "bokslut", latest=True)

    def describe(self) -> str:
        """E.g. 'Ny nämnd Kommunstyrelsen'."""
        return f"Ny nämnd {self.name}"

    def write(self, store: Store) -> Written:
        """Add it under the kommun (at the top of a file without one)."""
        from ksui.actions import structure

        return structure.add_committee(store, self.name, self.code)


@dataclass(frozen=True)
class AddUnit(Reloading):
    """A new unit with its code, under a unit of the nämnd (or the nämnd itself)."""

    parent_id: int
    name: str
    code: str | None

    def describe(self) -> str:
        """E.g. 'Ny enhet Ekonomi'."""
        return f"Ny enhet {self.name}"

    def write(self, store: Store) -> Written:
        """Add it last among its siblings, one level below its parent."""
        from ksui.actions import structure

        return structure.add_unit(store, self.parent_id, self.name, code=self.code)


@dataclass(frozen=True)
class AddUnitOf(Reloading):
    """A new unit directly under a nämnd named, not yet numbered: the walk-through asks for
    the units while the nämnd is still being written (writes run in the order made)."""

    committee: str
    name: str
    code: str | None

    def describe(self) -> str:
        """E.g. 'Ny enhet Ekonomi'."""
        return f"Ny enhet {self.name}"

    def write(self, store: Store) -> Written:
        """Find the nämnd, then add the unit under it."""
        from ksui.actions import structure
        from ksui.store import read

        committee = read.find_committee(store, self.committee)
        return structure.add_unit(store, committee.id, self.name, code=self.code)


#: What a nämnd-level addition is called, by kind.
NAMND_PARTS = {"category": "Ny investeringskategori", "area": "Nytt målområde"}


@dataclass(frozen=True)
class AddToNamnd(Reloading):
    """A new investment category (nämndsinvesteringar until told otherwise) or KF-mål area
    of the nämnd, after its others."""

    part: Literal["category", "area"]
    committee_id: int
    name: str

    def describe(self) -> str:
        """E.g. 'Ny investeringskategori Lokaler'."""
        return f"{NAMND_PARTS[self.part]} {self.name}"

    def write(self, store: Store) -> Written:
        """Add it through the use case of `ksui add category|area`."""
        from ksui.actions import structure

        add = structure.add_category if self.part == "category" else structure.add_area
        return add(store, self.committee_id, self.name)


@dataclass(frozen=True)
class OpenYear(Reloading):
    """Årsskifte: the year after the nämnd's latest, with what carries over."""

    committee: Unit
    year: int

    @property
    def key_after(self) -> ReportKey:
        """The report to show afterwards: the new year."""
        return ReportKey(self.committee.name, self.year, "bokslut", latest=True)

    def describe(self) -> str:
        """E.g. 'Nytt år 2018'."""
        return f"Nytt år {self.year}"

    def write(self, store: Store) -> Written:
        """Open the year (``ksui.actions.years``)."""
        from ksui.actions.years import start_year

        return start_year(store, self.committee, self.year).written


NameCode = tuple[str, str | None]


def _ask(app: App[object], title: str, hint: str, done: Callable[[NameCode], None]) -> None:
    """A name (and code) in a one-line dialog; ``done`` gets them when Enter accepts them."""
    from ksui.tui.dialogs import Entry, ValueDialog

    def result(entry: Entry[NameCode] | None) -> None:
        if entry is not None:
            done(entry.value)

    app.push_screen(ValueDialog(title, "", name_and_code, hint), callback=result)


def add_committee(app: App[object]) -> None:
    """Ask for a new nämnd's name and code."""
    _ask(
        app,
        "Ny nämnd",
        "Namn, och koden efter semikolon om den finns: »Kommunstyrelsen; KS«.",
        lambda named: host(app).submit(AddCommittee(*named)),
    )


def add_unit(app: App[object], parent: Unit | None = None) -> None:
    """Ask for a new unit under ``parent`` (the nämnd on screen when None)."""
    data = host(app).data
    if data is None:
        add_committee(app)
        return
    under = parent or data.committee
    _ask(
        app,
        f"Ny enhet under {under.name}",
        NAME_CODE_HINT,
        lambda named: host(app).submit(AddUnit(under.id, *named)),
    )


def add_category(app: App[object]) -> None:
    """Ask for a new investment category of the nämnd on screen."""
    data = host(app).data
    if data is None:
        add_committee(app)
        return
    committee = data.committee
    _ask(
        app,
        f"Ny investeringskategori för {committee.name}",
        "T.ex. »Nämndsinvesteringar« eller »Lokaler«.",
        lambda named: host(app).submit(AddToNamnd("category", committee.id, _whole(named))),
    )


def add_area(app: App[object]) -> None:
    """Ask for a new KF-mål area of the nämnd on screen."""
    data = host(app).data
    if data is None:
        add_committee(app)
        return
    committee = data.committee
    _ask(
        app,
        f"Nytt målområde för {committee.name}",
        "T.ex. »Hållbara Södertälje«; målen läggs sedan till med a i området.",
        lambda named: host(app).submit(AddToNamnd("area", committee.id, _whole(named))),
    )


def _whole(named: NameCode) -> str:
    """A category or area has no code: what was typed is its name, semicolon and all."""
    name, code = named
    return f"{name}; {code}" if code else name


def next_year(app: App[object]) -> int | None:
    """The year the palette offers to open: the one after the nämnd's latest."""
    ksui = host(app)
    if ksui.data is None:
        return None
    return max([*ksui.years, ksui.data.year]) + 1


def open_year(app: App[object]) -> None:
    """Ask before opening the next year (nothing is lost, but the app moves to it)."""
    from ksui.tui.dialogs import ConfirmDialog

    ksui = host(app)
    data, year = ksui.data, next_year(app)
    if data is None or year is None:
        return
    committee = data.committee

    def answered(yes: bool | None) -> None:
        if yes:
            ksui.submit(OpenYear(committee, year))

    app.push_screen(
        ConfirmDialog(
            f"Öppna {year} för {committee.name}?",
            "Enheter, investeringar och mål följer med; pågående projekt får det som är "
            f"kvar av sitt anslag som förslag. Budget, prognos och utfall för {year} börjar "
            f"tomma, och {year - 1} blir jämförelseåret. Ctrl+Z ångrar.",
            yes_label=f"Ja, öppna {year} (j)",
        ),
        callback=answered,
    )


def walk_through(app: App[object]) -> None:
    """A file without a nämnd: ask for the nämnd, then its units one at a time until Esc."""

    def named(answer: NameCode) -> None:
        host(app).submit(AddCommittee(*answer))
        _ask_units(app, answer[0], 0)

    _ask(
        app,
        "Välkommen! Vad heter din nämnd?",
        "Filen har ingen nämnd ännu. Skriv namnet, och koden efter semikolon om den finns: "
        "»Kommunstyrelsen; KS«. Esc hoppar över (a lägger till den senare).",
        named,
    )


def _ask_units(app: App[object], committee: str, added: int) -> None:
    """The walk-through's units: each Enter adds one and asks for the next."""

    def unit(answer: NameCode) -> None:
        host(app).submit(AddUnitOf(committee, *answer))
        _ask_units(app, committee, added + 1)

    def finished() -> None:
        app.notify(
            f"Lägg till fler enheter i {committee} med a på Drift (under den markerade), "
            "kategorier och mål med a på sina skärmar, och budgeten med i (ksui template "
            "drift ger en ifylld mall).",
            title="Nämnden är skapad",
            timeout=12,
            markup=False,
        )

    from ksui.tui.dialogs import Entry, ValueDialog

    def result(entry: Entry[NameCode] | None) -> None:
        if entry is None:
            finished()
        else:
            unit(entry.value)

    app.push_screen(
        ValueDialog(
            f"Enhet {added + 1} under {committee} (Esc när du är klar)",
            "",
            name_and_code,
            NAME_CODE_HINT + " Enheter längre ned läggs till med a på Drift.",
        ),
        callback=result,
    )


def choose(app: App[object]) -> None:
    """`a` on the Översikt: say what can be added, and add the one chosen."""
    from ksui.tui.dialogs.choice import ChoiceDialog

    data = host(app).data
    if data is None:
        add_committee(app)
        return
    name = data.committee.name
    actions: dict[str, Callable[[App[object]], None]] = {
        "unit": add_unit,
        "category": add_category,
        "area": add_area,
        "committee": add_committee,
    }

    def chosen(value: str | None) -> None:
        if value in actions:
            actions[value](app)

    app.push_screen(
        ChoiceDialog(
            "Lägg till",
            [
                ("e", f"Enhet under {name}", "unit"),
                ("k", f"Investeringskategori för {name}", "category"),
                ("m", f"Målområde för {name}", "area"),
                ("n", "Nämnd", "committee"),
            ],
            hint="Projekt, mål och enheter längre ned läggs till med a på sin skärm.",
        ),
        callback=chosen,
    )
