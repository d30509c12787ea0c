"""Sign-off: a locked follow-up refuses edits, in the store, whoever asks.

Locking delår 2017 freezes that period's drift figures, lägesbedömningar and GEH; locking
bokslut also freezes the year's statements, investments, sick leave, indicator values and
comments, which have no period of their own. Locking and unlocking are audited like any
other write.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ksui.core.periods import BY_CODE
from ksui.store.db import Store, StoreError, current_user


class LockedError(StoreError):
    """An edit to a locked follow-up."""


#: Tables whose rows name a period themselves.
_PERIOD_TABLES = {"drift_figure", "assessment", "geh_assessment"}
#: Tables keyed by year only: frozen when the year's bokslut is locked.
_YEAR_TABLES = {
    "statement_value",
    "investment_figure",
    "sick_leave",
    "indicator_value",
    "comment",
    "state_grant",
    "internal_control",
    "published_figure",
}


def _committee_of_unit(store: Store, unit_id: int) -> int | None:
    row = store.conn.execute(
        "WITH RECURSIVE up(id, parent_id, kind) AS ("
        " SELECT id, parent_id, kind FROM unit WHERE id = ?"
        " UNION ALL SELECT u.id, u.parent_id, u.kind FROM unit u JOIN up ON u.id = up.parent_id)"
        " SELECT id FROM up WHERE kind = 'namnd' LIMIT 1",
        (unit_id,),
    ).fetchone()
    return row[0] if row else None


def _committee(store: Store, table: str, row: Mapping[str, Any]) -> int | None:
    """The committee a row belongs to, or None when it cannot be told (then all locks apply)."""
    if "committee_id" in row:
        return row["committee_id"]
    if table == "drift_figure":
        return _committee_of_unit(store, row["unit_id"])
    if table == "comment" and row.get("entity") == "unit":
        return _committee_of_unit(store, row["entity_id"])
    if table == "assessment":
        sql = (
            "SELECT committee_id FROM goal_area WHERE id = ?"
            if row.get("target") == "area"
            else "SELECT a.committee_id FROM goal g JOIN goal_area a ON a.id = g.area_id"
            " WHERE g.id = ?"
        )
        found = store.conn.execute(sql, (row["target_id"],)).fetchone()
        return found[0] if found else None
    return None


def lock_guard(store: Store, table: str, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """Refuse a write that touches a locked follow-up (registered on every Store)."""
    if table not in _PERIOD_TABLES and table not in _YEAR_TABLES:
        return
    locks = store.conn.execute("SELECT committee_id, year, period FROM period_lock").fetchall()
    if not locks:
        return
    row = {**key, **values}
    year = row.get("year")
    if year is None:
        return
    period = row.get("period") if table in _PERIOD_TABLES else "bokslut"
    relevant = [(c, p) for c, y, p in locks if y == year and p == period]
    if not relevant:
        return
    committee = _committee(store, table, row)
    for locked_committee, locked_period in relevant:
        if committee is None or committee == locked_committee:
            label = BY_CODE[locked_period].label.lower() if locked_period in BY_CODE else period
            raise LockedError(
                f"{label} {year} är låst (attesterad); lås upp med `ksui unlock` för att ändra"
            )


def lock(store: Store, committee_id: int, year: int, period: str, note: str = "") -> bool:
    """Lock a follow-up; returns False when it was already locked."""
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    key = {"committee_id": committee_id, "year": year, "period": period}
    label = f"{BY_CODE[period].label} {year}"
    with store.transaction(f"Låste {label}", note or None) as tx:
        if tx.get("period_lock", key) is not None:
            return False
        tx.upsert(
            "period_lock",
            key,
            {
                "locked_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "locked_by": current_user(),
                "note": note,
            },
        )
        return True


def unlock(store: Store, committee_id: int, year: int, period: str, reason: str = "") -> bool:
    """Unlock a follow-up; returns False when it was not locked."""
    key = {"committee_id": committee_id, "year": year, "period": period}
    label = f"{BY_CODE[period].label} {year}" if period in BY_CODE else f"{period} {year}"
    with store.transaction(f"Låste upp {label}", reason or None) as tx:
        return tx.delete("period_lock", key)


def locks(store: Store) -> list[dict[str, Any]]:
    """Every lock, for `ksui lock --list` and the TUI's status line."""
    cur = store.conn.execute(
        "SELECT l.*, u.name AS committee FROM period_lock l JOIN unit u ON u.id = l.committee_id"
        " ORDER BY year, period"
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
