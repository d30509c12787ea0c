"""Suggested lägesbedömning for an area and the GEH-bedömning, from rules in config.toml.

A suggestion is never stored by itself: the controller decides, and ksui shows where the
decision departs from what the figures suggest.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from ksui.core.models import Assessment
from ksui.core.records import record

if TYPE_CHECKING:
    from ksui.core.goals import Area


@record
class AssessmentRules:
    """Thresholds for suggestions; the defaults reproduce the 2017 report's own choices.

    Assessments are averaged as scores (Bra 3, Ok 2, Har brister 1): a mean of at least
    ``bra_at`` suggests Bra, at least ``ok_at`` Ok, else Har brister. The economy is Bra
    while the result's share of the allocation is at least ``economy_bra_pct`` and Ok down
    to ``economy_ok_pct``. Personnel is Bra when sick leave fell and lies below the kommun's.
    """

    bra_at: Decimal = Decimal("2.5")
    ok_at: Decimal = Decimal("1.5")
    economy_bra_pct: Decimal = Decimal("0")
    economy_ok_pct: Decimal = Decimal("-1")


def from_scores(
    assessments: Iterable[Assessment | None], rules: AssessmentRules
) -> Assessment | None:
    """The mean-score suggestion; None when nothing has been assessed."""
    scores = [a.score for a in assessments if a is not None]
    if not scores:
        return None
    mean = Decimal(sum(scores)) / len(scores)
    if mean >= rules.bra_at:
        return Assessment.BRA
    if mean >= rules.ok_at:
        return Assessment.OK
    return Assessment.BRISTER


def economy(share_pct: Decimal | None, rules: AssessmentRules) -> Assessment | None:
    """GEH Ekonomi from the result's share of the allocation."""
    if share_pct is None:
        return None
    if share_pct >= rules.economy_bra_pct:
        return Assessment.BRA
    if share_pct >= rules.economy_ok_pct:
        return Assessment.OK
    return Assessment.BRISTER


def personnel(change_pe: Decimal | None, against_kommun_pe: Decimal | None) -> Assessment | None:
    """GEH Personalmål: Bra when sick leave fell and is below the kommun, Ok when one holds."""
    signs = [v for v in (change_pe, against_kommun_pe) if v is not None]
    if not signs:
        return None
    good = sum(1 for v in signs if v <= 0)
    if good == len(signs):
        return Assessment.BRA
    return Assessment.OK if good else Assessment.BRISTER


@record
class GehSuggestion:
    """The four GEH areas as the figures suggest them."""

    economy: Assessment | None
    goals: Assessment | None
    personnel: Assessment | None
    overall: Assessment | None


def suggest_geh(
    share_pct: Decimal | None,
    area_assessments: Iterable[Assessment | None],
    sick_change_pe: Decimal | None,
    sick_against_kommun_pe: Decimal | None,
    rules: AssessmentRules,
) -> GehSuggestion:
    """Suggest the GEH-bedömning: each area from its figures, the whole from their mean."""
    eco = economy(share_pct, rules)
    goals = from_scores(area_assessments, rules)
    pers = personnel(sick_change_pe, sick_against_kommun_pe)
    return GehSuggestion(eco, goals, pers, from_scores((eco, goals, pers), rules))


GEH_AREAS = ("ekonomi", "kf_mal", "personal", "samlad")
GEH_LABELS = {
    "ekonomi": "Ekonomi",
    "kf_mal": "KF-mål",
    "personal": "Personalmål",
    "samlad": "Nämndens sammanfattande bedömning",
}


def suggest_area(area: Area, rules: AssessmentRules) -> Assessment | None:
    """What an area's goals give by the rules: the suggestion shown beside its own bedömning."""
    return from_scores((g.assessment for g in area.goals), rules)


def suggest_areas(areas: Iterable[Area], rules: AssessmentRules) -> dict[int, Assessment | None]:
    """Each area's suggested bedömning by id (for the goals table, the summary and checks)."""
    return {area.id: suggest_area(area, rules) for area in areas}
