"""The tjänsteskrivelse's texts: read and written per nämnd, year and follow-up, audited.

A text is one row of ``report_text`` (schema 9). Writing goes through the store's one
transaction path, so each change is a change set in the log that ``ksui undo`` takes back;
a text written as it already stands changes nothing and leaves no change set.
"""

from __future__ import annotations

from collections.abc import Mapping

from ksui.core.periods import BY_CODE
from ksui.core.texts import FIELDS, LETTER, SECTIONS
from ksui.store.db import Store, StoreError

__all__ = ["FIELDS", "LETTER", "SECTIONS", "read_texts", "set_texts"]


def read_texts(store: Store, committee_id: int, year: int, period: str) -> dict[str, str]:
    """The nämnd's texts for a follow-up by field; a field without text is left out."""
    rows = store.conn.execute(
        "SELECT field, text FROM report_text WHERE committee_id = ? AND year = ? AND period = ?",
        (committee_id, year, period),
    ).fetchall()
    return {str(field): str(text) for field, text in rows if field in FIELDS}


def set_texts(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    texts: Mapping[str, str],
    *,
    reason: str | None = None,
) -> int | None:
    """Write several texts in one change set (an empty one removes its row).

    Returns the change set's id, or None when every text already stood as given.
    """
    unknown = [f for f in texts if f not in FIELDS]
    if unknown:
        raise StoreError(f"okänt textfält »{unknown[0]}«")
    names = ", ".join(FIELDS[f].lower() for f in texts)
    when = BY_CODE[period].label.lower() if period in BY_CODE else period
    what = "Tjänsteskrivelse" if any(f in LETTER for f in texts) else "Rapporttext"
    description = f"{what} {year} {when}: {names}"
    with store.transaction(description, reason) as tx:
        for field, text in texts.items():
            key = {"committee_id": committee_id, "year": year, "period": period, "field": field}
            if text.strip():
                tx.upsert("report_text", key, {"text": text})
            else:
                tx.delete("report_text", key)
        return tx.changeset_id if tx.changes else None
