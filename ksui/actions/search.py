"""Search every comment, goal text, åtgärd, uppföljning and change reason; say where each is.

`ksui search` and the TUI's palette both call ``search``: one rule for what is searched,
how hits rank (bm25) and how a hit is named in Swedish (nämnd, enhet/mål/projekt, year,
period, which text) and which screen and row it opens.
"""

from __future__ import annotations

from dataclasses import dataclass

from ksui.core.periods import BY_CODE
from ksui.store import Store
from ksui.store import search as stored
from ksui.store.read import find_committee

#: The screen a hit opens and the row it selects there (the registry's mode ids).
DRIFT, GOALS, INVESTMENTS, OVERVIEW, LOG = "drift", "goals", "investments", "overview", "log"

#: The tjänsteskrivelse's texts (schema 9), by their field keys.
REPORT_TEXTS = {
    "reference": "Diarienummer",
    "matter": "Ärendet",
    "summary": "Sammanfattning (tjänsteskrivelse)",
    "proposal": "Förslag till beslut",
    "basis": "Beslutsunderlag",
}
ITEM_KINDS = {"action": "Åtgärd", "direction": "Inriktning"}


@dataclass(frozen=True)
class Target:
    """Where Enter on a hit goes: a screen, and the row (a unit id or a table row key)."""

    screen: str
    committee: str | None
    year: int | None
    period: str | None
    unit_id: int | None = None
    row_key: str | None = None


@dataclass(frozen=True)
class SearchHit:
    """One matched text, named as the user knows it."""

    committee: str | None
    place: str  # "Enhet Ekonomi", "Mål 3 Attraktiv kommun", "Projekt Surfplattor" …
    field: str  # which text: "Kommentar", "Uppföljning", "Skäl till ändring" …
    year: int | None
    period: str | None  # the period's code
    period_label: str | None
    segments: tuple[tuple[str, bool], ...]  # the snippet, (text, is_hit)
    rank: float
    target: Target

    @property
    def snippet(self) -> str:
        """The snippet as plain text, each hit between ⟦ and ⟧ (marked by shape)."""
        return "".join(f"⟦{text}⟧" if hit else text for text, hit in self.segments)

    def as_json(self) -> dict[str, object]:
        """The hit for ``--format json``: stable keys, English, values as stored."""
        return {
            "committee": self.committee,
            "place": self.place,
            "field": self.field,
            "year": self.year,
            "period": self.period,
            "snippet": self.snippet,
            "segments": [{"text": t, "hit": h} for t, h in self.segments],
            "rank": round(self.rank, 6),
            "target": {
                "screen": self.target.screen,
                "unit_id": self.target.unit_id,
                "row": self.target.row_key,
            },
        }


def search(
    store: Store, words: str, *, committee: str | None = None, limit: int = 50
) -> list[SearchHit]:
    """The texts that hold every word (each word also as the start of a longer one).

    ``committee`` names a nämnd (as ``-c`` does everywhere); an unknown one is refused
    with the store's Swedish line. What the user typed never raises: operators and
    quotes are searched as plain words or dropped.
    """
    committee_id = find_committee(store, committee).id if committee else None
    return [_named(h) for h in stored.search(store, words, committee_id=committee_id, limit=limit)]


def searchable(words: str) -> bool:
    """Whether the words hold anything to search for (letters or digits)."""
    return stored.match_expression(words) is not None


def _field_label(hit: stored.StoredHit) -> str:
    source, owner, fld = hit.source, hit.owner, hit.field
    if source == "comment":
        if owner == "future":
            area = fld.split(" ", 1)[1] if " " in fld else fld
            return f"Framtid: {area}" if area else "Framtid"
        if owner == "internal_control":
            return "Intern kontroll"
        if fld.startswith("budget "):
            period = BY_CODE.get(fld.split(" ", 1)[1])
            return f"Skäl till budgetändring ({period.label})" if period else "Skäl till budget"
        return "Kommentar" if not fld else f"Kommentar ({fld})"
    if source == "goal":
        return "Målets titel" if fld == "title" else "Uppföljning"
    if source == "goal_area":
        return "Områdets namn" if fld == "name" else "Sammanfattande bedömning"
    if source == "goal_item":
        kind = ITEM_KINDS.get(hit.detail or "", "Åtgärd")
        return kind if fld == "text" else f"Uppföljning av {kind.lower()}"
    if source == "changeset":
        return "Skäl till ändring"
    if source == "period_lock":
        return "Anteckning vid låsning"
    if source == "report_text":
        return REPORT_TEXTS.get(fld, "Tjänsteskrivelse")
    return fld


def _place(hit: stored.StoredHit) -> str:
    name = hit.row_name or ""
    kind = hit.row_kind
    if hit.source == "changeset":
        return f"Ändring {hit.owner_id}: {hit.detail}" if hit.detail else f"Ändring {hit.owner_id}"
    if hit.owner in ("future", "internal_control") or hit.source in (
        "period_lock",
        "report_text",
    ):
        return f"Nämnd {name}" if name else "Nämnd"
    if kind == "unit":
        return f"Enhet {name}"
    if kind == "goal":
        number = hit.extra.get("number")
        prefix = f"Mål {number}" if number is not None else "Mål"
        if hit.owner == "indicator" and hit.detail:
            return f"{prefix}, indikator {hit.detail}"
        return f"{prefix} {name}"
    if kind == "goal_area":
        return f"Målområde {name}"
    if kind == "investment_project":
        return f"Projekt {name}"
    if kind == "investment_category":
        return f"Investeringskategori {name}"
    return name or hit.owner


def _target(hit: stored.StoredHit) -> Target:
    kind, row_id = hit.row_kind, hit.row_id

    def at(screen: str, unit_id: int | None = None, row_key: str | None = None) -> Target:
        return Target(screen, hit.committee, hit.year, hit.period, unit_id, row_key)

    if hit.source == "changeset":
        return at(LOG)
    if hit.owner in ("future", "internal_control") or hit.source in (
        "period_lock",
        "report_text",
    ):
        return at(OVERVIEW)
    if kind == "unit":
        return at(DRIFT, unit_id=row_id)
    if kind == "goal":
        return at(GOALS, row_key=f"goal:{row_id}")
    if kind == "goal_area":
        return at(GOALS, row_key=f"area:{row_id}")
    if kind == "investment_project":
        return at(INVESTMENTS, row_key=f"project:{row_id}")
    if kind == "investment_category":
        return at(INVESTMENTS, row_key=f"cat:{row_id}")
    return at(OVERVIEW)


def _named(hit: stored.StoredHit) -> SearchHit:
    period = BY_CODE.get(hit.period or "")
    return SearchHit(
        committee=hit.committee,
        place=_place(hit),
        field=_field_label(hit),
        year=hit.year,
        period=hit.period,
        period_label=period.label if period else None,
        segments=hit.segments,
        rank=hit.rank,
        target=_target(hit),
    )


__all__ = ["SearchHit", "Target", "search", "searchable"]
