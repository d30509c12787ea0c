"""KF-mål: areas, goals, indicators and the counts behind each area's lägesbedömning."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import field
from decimal import Decimal

from ksui.core.models import Assessment
from ksui.core.records import record

DIRECTIONS = {"up": "↑ öka", "down": "↓ minska", "none": "–"}


@record
class IndicatorValue:
    """One measured value; ``series`` names a comparison (e.g. Riket), empty for the kommun."""

    year: int
    value: Decimal
    series: str = ""


@record
class Indicator:
    """A measurable indicator of a goal, with the direction the council wants."""

    id: int
    goal_id: int
    name: str
    source: str = ""
    unit: str = ""
    direction: str = "none"
    values: tuple[IndicatorValue, ...] = ()
    position: int = 0
    #: The comparison group's values ([kolada] jamforelse), ``series`` the Kolada kommun id;
    #: kept apart from ``values`` so that no table or sum mistakes them for a series of ours.
    group: tuple[IndicatorValue, ...] = ()

    def group_medians(self) -> dict[int, Decimal]:
        """Per year, the group's median over the members with a value that year."""
        from ksui.core.peers import group_medians

        return group_medians((v.series, v.year, v.value) for v in self.group)

    def series(self, name: str = "") -> list[IndicatorValue]:
        """One series' values, oldest first."""
        return sorted((v for v in self.values if v.series == name), key=lambda v: v.year)

    def series_names(self) -> list[str]:
        """The kommun's own series first, then comparisons in order of appearance."""
        names = list(dict.fromkeys(v.series for v in self.values))
        return sorted(names, key=lambda n: (n != "", names.index(n)))

    def trend(self, name: str = "") -> str:
        """Whether the latest change went the wanted way: 'bättre', 'sämre', 'oförändrad'."""
        values = self.series(name)
        if len(values) < 2:
            return ""
        diff = values[-1].value - values[-2].value
        if diff == 0:
            return "oförändrad"
        if self.direction == "none":
            return "ökar" if diff > 0 else "minskar"
        better = diff > 0 if self.direction == "up" else diff < 0
        return "bättre" if better else "sämre"


@record
class TextItem:
    """An inriktning or åtgärd with its uppföljning."""

    id: int
    kind: str  # "direction" (inriktning) or "action" (åtgärd i VP)
    text: str
    followup: str = ""
    position: int = 0


_OWN_LABEL = re.compile(r"^(Övrig inriktning(?: \d+)?|Övrigt uppdrag(?: \d+)?):\s*")


def item_label(item: TextItem) -> tuple[str, str]:
    """The label an inriktning or åtgärd is printed under, and its text without it.

    An area's own items (the report's "Övriga inriktningar i Mål och budget" and "Övriga
    uppdrag") carry their label as the start of the text ("Övrig inriktning 2: …"), so the
    label is taken from there instead of calling them "Åtgärd".
    """
    match = _OWN_LABEL.match(item.text)
    if match:
        return match.group(1), item.text[match.end() :]
    return ("Inriktning" if item.kind == "direction" else "Åtgärd"), item.text


def other_items_heading(items: Sequence[TextItem]) -> str:
    """The heading over an area's own items, in the report's words for what they are."""
    labels = {item_label(item)[0].split()[1] for item in items if _OWN_LABEL.match(item.text)}
    plain = any(not _OWN_LABEL.match(item.text) for item in items)
    if labels == {"uppdrag"} and not plain:
        return "Övriga uppdrag"
    if labels == {"inriktning"} and not plain:
        return "Övriga inriktningar i Mål och budget"
    return "Övriga inriktningar och uppdrag"


@record
class Goal:
    """A KF-mål with its lägesbedömning for the chosen follow-up."""

    id: int
    area_id: int
    number: int
    title: str
    assessment: Assessment | None = None
    followup: str = ""
    indicators: tuple[Indicator, ...] = ()
    items: tuple[TextItem, ...] = ()
    position: int = 0


@record
class Area:
    """A goal area (e.g. Hållbara Södertälje) with its own summary assessment."""

    id: int
    name: str
    assessment: Assessment | None = None
    summary: str = ""
    goals: tuple[Goal, ...] = ()
    items: tuple[TextItem, ...] = field(default_factory=tuple)
    position: int = 0

    def counts(self) -> dict[Assessment, int]:
        """How many goals have each lägesbedömning (all three keys present)."""
        counted = Counter(g.assessment for g in self.goals if g.assessment is not None)
        return {a: counted.get(a, 0) for a in Assessment}

    @property
    def unassessed(self) -> int:
        """Goals without a lägesbedömning yet."""
        return sum(1 for g in self.goals if g.assessment is None)


def total_counts(areas: list[Area]) -> dict[Assessment, int]:
    """Goal counts per lägesbedömning over all areas."""
    total = Counter[Assessment]()
    for area in areas:
        total.update(area.counts())
    return {a: total.get(a, 0) for a in Assessment}
