"""What can go wrong in the store, each said in one Swedish line a controller can act on."""

from __future__ import annotations

import re
import sqlite3


class StoreError(Exception):
    """A database problem explained for a controller (file, table, row)."""


class SchemaError(StoreError):
    """The file's schema is newer than this ksui, or it is not a ksui database at all."""


class DamagedError(StoreError):
    """The file is damaged: it is neither written to nor shown as if it were sound."""


class StaleValueError(StoreError):
    """An edit was based on a value someone else has changed since it was read."""


class ConstraintError(StoreError, sqlite3.IntegrityError):
    """SQLite refused a write (a name taken, a missing parent), said in Swedish.

    It is also an ``sqlite3.IntegrityError`` so that callers that caught that still do.
    """


class UndoRefused(StoreError):
    """An undo that would take away later work, repeat an undo, or undo a lock."""


class ConfirmationNeeded(StoreError):
    """An undo that removes units, a committee or many figures, asked without confirmation."""


_TABLE_WORDS = {
    "unit": "en enhet",
    "comment": "en kommentar",
    "investment_category": "en investeringskategori",
    "investment_project": "ett investeringsprojekt",
    "goal_area": "ett målområde",
    "goal": "ett mål",
    "goal_item": "en inriktning eller åtgärd",
    "indicator": "en indikator",
    "state_grant": "ett statsbidrag",
    "internal_control": "en internkontrollpunkt",
    "net_cost_bridge": "en del av nettokostnadsbryggan",
    "period_lock": "ett lås",
}


def explain_constraint(exc: sqlite3.IntegrityError) -> str:
    """One Swedish line for a constraint SQLite enforced, naming the table."""
    text = str(exc)
    if "unit_sibling_name" in text:
        return (
            "det finns redan en enhet med samma namn under samma överordnade enhet "
            "(tabell unit); inget ändrades"
        )
    match = re.match(r"(UNIQUE|NOT NULL|CHECK|FOREIGN KEY) constraint failed:?\s*(.*)", text)
    if match is None:
        return f"databasen vägrade ändringen ({text}); inget ändrades"
    kind, detail = match.groups()
    columns = [part.strip() for part in detail.split(",") if part.strip()]
    table = columns[0].split(".")[0] if columns and "." in columns[0] else ""
    names = ", ".join(c.split(".", 1)[-1] for c in columns)
    if kind == "UNIQUE":
        what = _TABLE_WORDS.get(table, "en rad")
        return f"det finns redan {what} med samma {names} (tabell {table}); inget ändrades"
    if kind == "NOT NULL":
        return f"{names} saknar värde (tabell {table}); inget ändrades"
    if kind == "FOREIGN KEY":
        return "raden hänvisar till något som inte finns (främmande nyckel); inget ändrades"
    return f"ett värde är inte tillåtet ({detail}); inget ändrades"
