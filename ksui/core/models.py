"""Plain data the domain core works on: what the store reads and the screens show."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from ksui.core.records import record

#: Every kind a unit may have, top down; the schema's CHECK on ``unit.kind`` lists the same.
UNIT_KINDS = ("kommun", "namnd", "kontor", "politisk_ledning", "verksamhet", "ansvar")
#: The kind a new unit gets under a parent of each kind: one level down, ansvar at the bottom.
_CHILD_KINDS = {
    "kommun": "namnd",
    "namnd": "kontor",
    "kontor": "verksamhet",
    "politisk_ledning": "verksamhet",
    "verksamhet": "ansvar",
    "ansvar": "ansvar",
}
UNIT_KIND_LABELS = {
    "kommun": "Kommun",
    "namnd": "Nämnd",
    "kontor": "Kontor",
    "politisk_ledning": "Politisk ledning",
    "verksamhet": "Verksamhet",
    "ansvar": "Ansvar",
}


def child_kind(parent_kind: str) -> str:
    """The kind of a unit added under a ``parent_kind`` unit, so every front end adds alike."""
    return _CHILD_KINDS.get(parent_kind, UNIT_KINDS[-1])


class Assessment(StrEnum):
    """A lägesbedömning; the value is what the store keeps, ``label`` what a reader sees."""

    BRA = "bra"
    OK = "ok"
    BRISTER = "brister"

    @property
    def label(self) -> str:
        """The report's own words for the assessment."""
        return {"bra": "Bra", "ok": "Ok", "brister": "Har brister"}[self.value]

    @property
    def score(self) -> int:
        """A number for averaging assessments: Bra 3, Ok 2, Har brister 1."""
        return {"bra": 3, "ok": 2, "brister": 1}[self.value]

    def next(self) -> Assessment:
        """The next assessment in the cycle Bra → Ok → Har brister → Bra (the TUI's toggle)."""
        order = [Assessment.BRA, Assessment.OK, Assessment.BRISTER]
        return order[(order.index(self) + 1) % 3]

    @classmethod
    def parse(cls, text: str) -> Assessment:
        """Read an assessment as written in reports: 'Bra', 'OK', 'Har brister', 'brister'."""
        key = text.strip().strip("*").strip().lower()
        aliases = {"bra": "bra", "ok": "ok", "har brister": "brister", "brister": "brister"}
        if key in aliases:
            return cls(aliases[key])
        raise ValueError(f"okänd lägesbedömning »{text}«; använd Bra, Ok eller Har brister")


@record
class Unit:
    """A node of the organisation: kommun, nämnd, kontor, politisk ledning, verksamhet."""

    id: int
    parent_id: int | None
    kind: str
    name: str
    code: str | None = None
    position: int = 0


@dataclass
class OrgTree:
    """The organisation as a tree, so that totals can roll up at any depth."""

    units: dict[int, Unit]
    children: dict[int | None, list[int]] = field(default_factory=dict)
    #: Walks already made, by kind and root: a tree is not changed once built, and a
    #: repaint after every edit walks it several times.
    _orders: dict[tuple[str, int | None], list[Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def build(cls, units: Sequence[Unit]) -> OrgTree:
        """Index units by parent, keeping the stored order among siblings."""
        by_id = {u.id: u for u in units}
        children: dict[int | None, list[int]] = {}
        for unit in sorted(units, key=lambda u: (u.position, u.id)):
            parent = unit.parent_id if unit.parent_id in by_id else None
            children.setdefault(parent, []).append(unit.id)
        return cls(by_id, children)

    def roots(self) -> list[int]:
        """Units without a parent in this tree."""
        return list(self.children.get(None, []))

    def kids(self, unit_id: int) -> list[int]:
        """Direct children in display order."""
        return self.children.get(unit_id, [])

    def walk(self, root: int | None = None, depth: int = 0) -> Iterator[tuple[int, int]]:
        """Yield (unit id, depth) in pre-order, the order a report table lists them."""
        key = ("walk", root)
        found = self._orders.get(key)
        if found is None:
            found = []
            stack = [(start, 0) for start in reversed(self.roots() if root is None else [root])]
            while stack:
                unit_id, level = stack.pop()
                found.append((unit_id, level))
                stack.extend((kid, level + 1) for kid in reversed(self.kids(unit_id)))
            self._orders[key] = found
        if depth:
            return iter([(uid, level + depth) for uid, level in found])
        return iter(found)

    def post_order(self, root: int) -> Iterator[int]:
        """Children before parents, the order in which totals are summed."""
        key = ("post", root)
        found = self._orders.get(key)
        if found is None:
            found = []
            stack: list[tuple[int, bool]] = [(root, False)]
            while stack:
                unit_id, expanded = stack.pop()
                if expanded:
                    found.append(unit_id)
                    continue
                stack.append((unit_id, True))
                stack.extend((kid, False) for kid in reversed(self.kids(unit_id)))
            self._orders[key] = found
        return iter(found)

    def path(self, unit_id: int) -> list[Unit]:
        """The chain from the top of the tree down to the unit."""
        chain = []
        current: int | None = unit_id
        while current is not None and current in self.units:
            chain.append(self.units[current])
            current = self.units[current].parent_id
        return list(reversed(chain))

    def is_leaf(self, unit_id: int) -> bool:
        """A unit with no children carries its own figures."""
        return not self.children.get(unit_id)

    def subtree(self, root: int) -> OrgTree:
        """The tree below (and including) one unit, e.g. one committee."""
        ids = {uid for uid, _ in self.walk(root)}
        units = [self.units[i] for i in ids]
        tree = OrgTree.build(units)
        return tree

    def find(self, text: str, within: int | None = None) -> list[Unit]:
        """Units whose code or name matches ``text`` exactly (case-insensitive), else by prefix."""
        pool = [self.units[i] for i, _ in self.walk(within)]
        key = text.strip().lower()
        exact = [u for u in pool if (u.code or "").lower() == key or u.name.lower() == key]
        if exact:
            return exact
        return [u for u in pool if u.name.lower().startswith(key)]


class DriftFigures(NamedTuple):
    """One unit's drift figures at one follow-up, in öre; None where nothing is recorded.

    A NamedTuple, not a frozen dataclass: a kommun-sized nämnd makes ten thousand of these
    per command, and a tuple is built in C (and sums measure by measure as a column).

    ``budget`` is the full-year allocation (nämndbidrag) as it stands at the period,
    ``budget_ytd`` the periodised budget to date (monthly follow-ups), ``forecast`` the
    full-year prognos and ``actual`` the year-to-date utfall (the year's at bokslut).
    """

    budget: int | None = None
    budget_ytd: int | None = None
    forecast: int | None = None
    actual: int | None = None

    def get(self, measure: str) -> int | None:
        """Read a measure by name, for code that loops over measures."""
        value: int | None = getattr(self, measure)
        return value


MEASURES = ("budget", "budget_ytd", "forecast", "actual")
MEASURE_LABELS = {
    "budget": "Budget",
    "budget_ytd": "Periodiserad budget",
    "forecast": "Prognos",
    "actual": "Utfall",
}
