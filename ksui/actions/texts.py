"""The tjänsteskrivelse's texts as a use case: which field a controller means, read, write.

The CLI (`ksui set text`) and, later, the TUI both come here, so the field names a
controller may type and the rule that an unchanged text is not rewritten live once.
"""

from __future__ import annotations

from ksui.actions.lookup import choice
from ksui.store import Store, texts
from ksui.store.texts import FIELDS
from ksui.store.writes import Written

__all__ = ["FIELDS", "field", "field_label", "read", "set_text"]

#: What a controller may type for each field: Swedish with or without å/ä/ö, or the key.
FIELD_ALIASES: dict[str, str] = {
    "diarienummer": "reference",
    "dnr": "reference",
    "reference": "reference",
    "ärende": "matter",
    "ärendet": "matter",
    "arende": "matter",
    "arendet": "matter",
    "matter": "matter",
    "sammanfattning": "summary",
    "summary": "summary",
    "förslag": "proposal",
    "forslag": "proposal",
    "förslag till beslut": "proposal",
    "forslag till beslut": "proposal",
    "beslut": "proposal",
    "proposal": "proposal",
    "beslutsunderlag": "basis",
    "underlag": "basis",
    "basis": "basis",
    "effektiviseringar": "efficiency",
    "årets effektiviseringar": "efficiency",
    "efficiency": "efficiency",
    "särskilda uppföljningar": "special_followup",
    "sarskilda uppfoljningar": "special_followup",
    "uppföljningar": "special_followup",
    "special_followup": "special_followup",
    "balansräkning": "balance_note",
    "balansrakning": "balance_note",
    "balance_note": "balance_note",
    "personal": "personnel",
    "personnel": "personnel",
    "geh": "geh_motivation",
    "geh-motivering": "geh_motivation",
    "geh_motivation": "geh_motivation",
    "riskbedömning": "risk",
    "riskbedomning": "risk",
    "risk": "risk",
}

#: The names a refusal lists, as a controller would type them.
ACCEPTED = (
    "diarienummer, ärende, sammanfattning, förslag, beslutsunderlag, effektiviseringar, "
    "särskilda uppföljningar, balansräkning, personal, geh eller riskbedömning"
)


def field(text: str) -> str:
    """The field a controller named (»förslag«, »ärende«, »dnr« …); NotFound otherwise."""
    return choice("fält", text, FIELD_ALIASES, ACCEPTED)


def field_label(key: str) -> str:
    """A field's Swedish name as the document heads it."""
    return FIELDS[key]


def read(store: Store, committee_id: int, year: int, period: str) -> dict[str, str]:
    """The nämnd's tjänsteskrivelse texts for a follow-up, by field (absent when empty)."""
    return texts.read_texts(store, committee_id, year, period)


def set_text(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    key: str,
    text: str,
    *,
    reason: str | None = None,
) -> Written:
    """Write (or with empty text remove) one text; no change set when it already stands.

    Lines are kept (förslag till beslut has one point per line) but trailing blanks and
    blank lines at the ends are not, so a text typed again with a stray newline is
    recognised as unchanged.
    """
    if key not in FIELDS:
        field(key)  # raises with the accepted names
    cleaned = "\n".join(line.rstrip() for line in text.strip().splitlines())
    changeset = texts.set_texts(store, committee_id, year, period, {key: cleaned}, reason=reason)
    return Written(changeset)
