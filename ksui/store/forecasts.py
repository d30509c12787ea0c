"""Forecasts in the file: several units' forecasts as one change set, and the klar marks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from ksui.core.periods import BY_CODE
from ksui.store.db import Store, current_user
from ksui.store.errors import StoreError


def set_forecasts(
    store: Store,
    year: int,
    period: str,
    amounts: Mapping[int, int],
    description: str,
    reason: str | None = None,
) -> int | None:
    """Write each unit's forecast at a follow-up in one audited change set (with the
    controller's reason, when given); its id, or None when nothing changed."""
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    with store.transaction(description, reason) as tx:
        for unit_id, amount in amounts.items():
            key = {"unit_id": unit_id, "year": year, "period": period, "measure": "forecast"}
            tx.upsert("drift_figure", key, {"amount": amount})
        return tx.changeset_id if tx.changes else None


def set_done(store: Store, unit_id: int, year: int, period: str, done: bool) -> int | None:
    """Mark (or unmark) a unit's forecast klar for a follow-up; the change set's id, or None
    when it already stood so."""
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    row = store.conn.execute("SELECT name FROM unit WHERE id = ?", (unit_id,)).fetchone()
    if row is None:
        raise StoreError(f"okänd enhet med id {unit_id}")
    label = f"{row[0]} {year} {BY_CODE[period].label.lower()}"
    key = {"unit_id": unit_id, "year": year, "period": period}
    verb = "Markerade prognosen klar" if done else "Tog bort klar-markeringen för prognosen"
    with store.transaction(f"{verb}: {label}") as tx:
        if done:
            if tx.get("forecast_status", key) is not None:
                return None
            tx.upsert(
                "forecast_status",
                key,
                {
                    "done_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "done_by": current_user(),
                },
            )
        elif not tx.delete("forecast_status", key):
            return None
        return tx.changeset_id
