"""Årsskifte for both front ends: open the year after the latest, with what carries over.

Units, investment categories and projects, goal areas, goals and indicators are not kept
per year, so they are simply there in the new year; what is per year starts empty (budget,
prognos, utfall, lägesbedömningar), and last year's figures stay where they are, as the
previous year of every comparison. Ongoing projects start the year with what is left of
their anslag by the latest follow-up (``core.investments.carried_appropriation``), a
suggestion the controller overwrites with the year's decided anslag.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ksui.actions.errors import ActionError
from ksui.core.investments import Project, carried_appropriation
from ksui.core.models import Unit
from ksui.core.periods import PERIODS
from ksui.store import Store, read
from ksui.store.writes import Written
from ksui.store.years import open_year

#: The years a file may hold (as the schema's CHECK).
YEARS = range(1900, 2201)


@dataclass(frozen=True)
class NewYear:
    """What opening a year did: the change set, and each ongoing project's starting anslag."""

    written: Written
    committee: Unit
    year: int
    previous: int | None
    #: (project name, anslag in öre) for every project that carried over, in report order.
    carried: tuple[tuple[str, int], ...]


def _as_last_reported(store: Store, committee_id: int, year: int) -> list[Project]:
    """Each project of the year as it last stood: its anslag at bokslut and the latest
    utfall reported (bokslut's, else delår's …), so a year opened before the bokslut is in
    still carries over what is left by the latest follow-up."""
    at_close = [
        p for c in read.investment_categories(store, committee_id, year) for p in c.projects
    ]
    latest: dict[int, int] = {}
    for period in sorted(PERIODS, reverse=True):
        if len(latest) == len(at_close):
            break
        for category in read.investment_categories(store, committee_id, year, period.code):
            for project in category.projects:
                if project.spent is not None:
                    latest.setdefault(project.id, project.spent)
    return [replace(p, spent=latest.get(p.id, p.spent)) for p in at_close]


def start_year(store: Store, committee: Unit, year: int) -> NewYear:
    """Open ``year`` for a nämnd: the year after its latest, or its first when it has none.

    Refused (nothing written) for a year it already has, or any other than the next one:
    a year skipped would leave every comparison with a hole.
    """
    if year not in YEARS:
        raise ActionError(f"år {year} ligger utanför 1900–2200")
    existing = read.years(store, committee.id)
    previous = existing[-1] if existing else None
    if year in existing:
        raise ActionError(f"{committee.name} har redan år {year}")
    if previous is not None and year != previous + 1:
        raise ActionError(
            f"nästa år för {committee.name} är {previous + 1} (det senaste är {previous})"
        )
    carried: list[tuple[int, str, int]] = []
    if previous is not None:
        for project in _as_last_reported(store, committee.id, previous):
            amount = carried_appropriation(project)
            if amount is not None:
                carried.append((project.id, project.name, amount))
    changeset = open_year(store, committee.id, year, {pid: amount for pid, _, amount in carried})
    return NewYear(
        Written(changeset),
        committee,
        year,
        previous,
        tuple((name, amount) for _, name, amount in carried),
    )
