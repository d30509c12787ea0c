"""The GEH-bedömning table, once: each area's assessment beside what the figures suggest."""

from __future__ import annotations

from collections.abc import Mapping

from ksui.core.assessment import GEH_AREAS, GEH_LABELS, GehSuggestion
from ksui.core.models import Assessment
from ksui.core.records import record
from ksui.tables.spec import Column, Row, Table


@record
class GehLine:
    """One GEH area with its assessment and the rules' suggestion."""

    area: str
    assessment: Assessment | None
    suggested: Assessment | None = None


COLUMNS: tuple[Column[GehLine], ...] = (
    Column("area", "Område", "name", lambda d: GEH_LABELS[d.area]),
    Column("assessment", "Bedömning", "badge", lambda d: d.assessment, edits="assessment"),
    Column("suggested", "Förslag enligt reglerna", "badge", lambda d: d.suggested),
)


def geh_table(
    geh: Mapping[str, Assessment], suggested: GehSuggestion | None = None
) -> Table[GehLine]:
    """The four GEH areas; the suggestion column only when a suggestion is given."""
    hints: dict[str, Assessment | None] = {}
    if suggested is not None:
        hints = {
            "ekonomi": suggested.economy,
            "kf_mal": suggested.goals,
            "personal": suggested.personnel,
            "samlad": suggested.overall,
        }
    rows = tuple(Row(GehLine(a, geh.get(a), hints.get(a)), key=a) for a in GEH_AREAS)
    keys = ("area", "assessment", *(("suggested",) if suggested is not None else ()))
    return Table("geh", COLUMNS, rows, {"print": keys})
