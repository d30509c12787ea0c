"""The texts a report holds beside its tables: the tjänsteskrivelse's and the sections'.

Named once here, below the store that keeps them and the writers that print them.
"""

from __future__ import annotations

#: The fields in the order the tjänsteskrivelse shows them, with their Swedish names.
LETTER: dict[str, str] = {
    "reference": "Diarienummer",
    "matter": "Ärendet",
    "summary": "Sammanfattning",
    "proposal": "Förslag till beslut",
    "basis": "Beslutsunderlag",
}
#: The report's own text sections (schema 12), in the order the report prints them.
SECTIONS: dict[str, str] = {
    "efficiency": "Årets effektiviseringar",
    "special_followup": "Särskilda uppföljningar",
    "balance_note": "Balansräkningens omfattning",
    "personnel": "Personal",
    "geh_motivation": "Motivering till GEH-bedömningen",
    "risk": "Riskbedömning",
}
#: Every text a report holds beside its tables.
FIELDS: dict[str, str] = {**LETTER, **SECTIONS}
