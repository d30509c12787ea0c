"""Sign-off: a locked follow-up refuses edits, in the store, whoever asks.

A lock is on one committee's follow-up (say bokslut 2017 of Kommunstyrelsen). It freezes
the figures that follow-up shows: its own drift figures, lägesbedömningar, GEH, statement
lines and investment figures, and those of the year's earlier periods that it carries or
measures against (the budget in force from January, the months' year-to-date actuals, the
delår forecast); its own klar marks and published figures; and, locking bokslut, the
year's investment frames, sick leave, indicator values, statsbidrag, intern kontroll and
comments, which have no period of their own. While any follow-up of a committee is locked
in the current year (the latest year with figures), the committee's structure is frozen
as well — its units, investment categories and projects (names, status, responsible),
goal areas, goals (with their uppföljning), inriktningar and åtgärder, indicators and
comments not tied to a year — because they are part of the report just signed off:
nothing can be added, renamed, switched or removed under the committee until it is
unlocked. Once the next year has figures (or is opened by `ksui new-year`), last year's
locks keep last year's figures
frozen (a unit holding them cannot be removed) but no longer the structure, so a new year
can begin. Later follow-ups of the year and other years stay open. Every
write path is guarded (edits, imports, undo and redo), locking and unlocking are audited
like any other write, and a lock is taken back only by ``ksui unlock --reason``, never by
undo.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ksui.core.periods import BY_CODE
from ksui.store.db import Store, current_user
from ksui.store.errors import StoreError


class LockedError(StoreError):
    """An edit to a locked follow-up."""


#: Tables whose rows name a year and a follow-up period, and whose figures a later
#: follow-up of the year carries or measures against.
_PERIOD_TABLES = frozenset(
    {
        "drift_figure",
        "assessment",
        "geh_assessment",
        "statement_value",
        "investment_figure",
        "cost_figure",  # the drift figures per kostnadsslag and account (schema 7)
        "kommun_line",  # the kommun's own lines: budget and prognos carry forward (schema 15)
    }
)
#: Tables whose rows belong to their own follow-up only (a klar mark, a printed figure).
_OWN_PERIOD_TABLES = frozenset(
    {
        "published_figure",
        "forecast_status",
        "report_text",
        "balance_adjustment",
        "goal_share",  # a share printed at its own follow-up (schema 16)
    }
)
#: Tables whose rows name a year only: frozen when the year's bokslut is locked.
_YEAR_TABLES = frozenset(
    {
        "investment_frame",
        "sick_leave",
        "indicator_value",
        "comment",
        "state_grant",
        "internal_control",
        "committee_year",
        "net_cost_bridge",
    }
)
#: Not part of any follow-up.
_UNGUARDED = frozenset({"period_lock", "changeset", "audit"})
#: What a structure table holds, for the refusal.
_STRUCTURE_WORDS = {
    "unit": "enheterna",
    "investment_category": "investeringskategorierna",
    "investment_project": "investeringsprojekten",
    "goal_area": "målområdena",
    "goal": "målen",
    "goal_item": "inriktningarna och åtgärderna",
    "indicator": "indikatorerna",
    "comment": "kommentarerna",
}
#: A committee being created in this very write: no lock can be on it yet.
_NEW = -1


def _period_word(period: str) -> str:
    """»bokslut«, »delår«, »tertial 1«: the period as a sentence names it."""
    info = BY_CODE.get(period)
    return info.label.split(" (")[0].lower() if info else period


def _order(period: str) -> int:
    """Where a period falls in its year (an unknown code counts as the year's end)."""
    info = BY_CODE.get(period)
    return info.order if info else BY_CODE["bokslut"].order


def _committee_of_unit(store: Store, unit_id: int) -> int | None:
    """The nämnd a unit belongs to (itself for a nämnd), cached for the transaction."""
    cache: dict[int, int | None] = store.tx_cache.setdefault("unit_committee", {})
    if unit_id not in cache:
        row = store.conn.execute(
            "WITH RECURSIVE up(id, parent_id, kind) AS ("
            " SELECT id, parent_id, kind FROM unit WHERE id = ?"
            " UNION ALL SELECT u.id, u.parent_id, u.kind FROM unit u"
            " JOIN up ON u.id = up.parent_id)"
            " SELECT id FROM up WHERE kind = 'namnd' LIMIT 1",
            (unit_id,),
        ).fetchone()
        cache[unit_id] = row[0] if row else None
    return cache[unit_id]


def _stored(store: Store, table: str, row_id: Any) -> dict[str, Any] | None:
    """A row with an id as the file holds it now."""
    cur = store.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (row_id,))
    found = cur.fetchone()
    return None if found is None else dict(zip([d[0] for d in cur.description], found, strict=True))


def _committee(store: Store, table: str, row: Mapping[str, Any], depth: int = 0) -> int | None:
    """The committee a row belongs to; None when it cannot be told (then every lock applies)."""
    if table == "unit":
        if row.get("kind") == "namnd":
            return int(row["id"]) if row.get("id") is not None else _NEW
        if row.get("id") is not None and "parent_id" not in row:
            return _committee_of_unit(store, int(row["id"]))
        parent = row.get("parent_id")
        return None if parent is None else _committee_of_unit(store, int(parent))
    if "committee_id" in row and row["committee_id"] is not None:
        return int(row["committee_id"])
    owner = store.relations.owner(table, row)
    if owner is None or depth > 8:
        return None
    owner_table, owner_id = owner
    if owner_table == "unit":
        return _committee_of_unit(store, int(owner_id))
    cache: dict[tuple[str, Any], int | None] = store.tx_cache.setdefault("row_committee", {})
    if (owner_table, owner_id) not in cache:
        parent_row = _stored(store, owner_table, owner_id)
        cache[(owner_table, owner_id)] = (
            None if parent_row is None else _committee(store, owner_table, parent_row, depth + 1)
        )
    return cache[(owner_table, owner_id)]


def _locks(store: Store) -> list[tuple[int, int, str]]:
    """Every lock, read once per transaction."""
    found = store.tx_cache.get("locks")
    if found is None:
        found = store.tx_cache["locks"] = [
            (int(c), int(y), str(p))
            for c, y, p in store.conn.execute(
                "SELECT committee_id, year, period FROM period_lock"
            ).fetchall()
        ]
    return found


def _latest(locked: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    """The most recent follow-up among locks, to name in a refusal."""
    return max(locked, key=lambda lk: (lk[1], BY_CODE[lk[2]].order if lk[2] in BY_CODE else 0))


def _current_year(store: Store) -> int | None:
    """The latest year with drift figures or opened by `ksui new-year` (from the indexes,
    once per transaction): a year opened after a signed bokslut is the one being built."""
    if "current_year" not in store.tx_cache:
        row = store.conn.execute(
            "SELECT max(y) FROM (SELECT max(year) AS y FROM drift_figure"
            " UNION ALL SELECT max(year) FROM committee_year)"
        ).fetchone()
        store.tx_cache["current_year"] = row[0] if row else None
    current: int | None = store.tx_cache["current_year"]
    return current


def lock_guard(store: Store, table: str, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """Refuse a write that touches a locked follow-up (registered on every Store)."""
    if table in _UNGUARDED:
        if table == "period_lock":
            store.tx_cache.clear()  # a lock written in this transaction counts from now on
        return
    locked = _locks(store)
    if not locked:
        return
    if table in ("drift_figure", "committee_year"):
        store.tx_cache.pop("current_year", None)  # a new year may begin in this write
    if table == "unit":
        store.tx_cache.pop("unit_committee", None)  # a unit may move or appear
        store.tx_cache.pop("row_committee", None)
    row = {**key, **values}
    rows = [row]
    if "id" in key and store.relations.primary_key(table) == ["id"]:
        stored = _stored(store, table, key["id"])
        if stored is not None:
            rows = [{**stored, **row}, stored]  # the row as it will be, and as it was
    first = rows[0]
    year = first.get("year")
    structure = False
    if table in _OWN_PERIOD_TABLES and year is not None and first.get("period") is not None:
        candidates = [lk for lk in locked if lk[1] == year and lk[2] == first["period"]]
    elif table in _PERIOD_TABLES and year is not None and first.get("period") is not None:
        # A follow-up shows the latest figure at or before it (the budget in force from
        # m01, the year-to-date actual of its last month, the delår forecast a bokslut is
        # measured against), so a lock freezes those too.
        row_order = _order(first["period"])
        candidates = [lk for lk in locked if lk[1] == year and _order(lk[2]) >= row_order]
    elif table in _YEAR_TABLES and year:
        candidates = [lk for lk in locked if lk[1] == year and lk[2] == "bokslut"]
    else:
        structure = True
        current = _current_year(store)
        candidates = [lk for lk in locked if current is None or lk[1] >= current]
    if not candidates:
        return
    committees = {_committee(store, table, r) for r in rows}
    hits = [lk for lk in candidates if None in committees or lk[0] in committees]
    if not hits:
        return
    _committee_id, locked_year, locked_period = _latest(hits)
    what = f"{_period_word(locked_period)} {locked_year} är låst (attesterad)"
    if structure:
        words = _STRUCTURE_WORDS.get(table, "nämndens uppgifter")
        what += f", så {words} kan inte ändras"
    raise LockedError(f"{what}; lås upp med ksui unlock för att ändra")


def lock(store: Store, committee_id: int, year: int, period: str, note: str = "") -> int | None:
    """Lock a follow-up; the change set's id, or None when it was already locked."""
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    key = {"committee_id": committee_id, "year": year, "period": period}
    label = f"{BY_CODE[period].label} {year}"
    with store.transaction(f"Låste {label}", note or None) as tx:
        if tx.get("period_lock", key) is not None:
            return None
        tx.upsert(
            "period_lock",
            key,
            {
                "locked_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "locked_by": current_user(),
                "note": note,
            },
        )
        return tx.changeset_id


def unlock(store: Store, committee_id: int, year: int, period: str, reason: str = "") -> int | None:
    """Unlock a follow-up; the change set's id, or None when it was not locked."""
    key = {"committee_id": committee_id, "year": year, "period": period}
    label = f"{BY_CODE[period].label} {year}" if period in BY_CODE else f"{period} {year}"
    with store.transaction(f"Låste upp {label}", reason or None) as tx:
        return tx.changeset_id if tx.delete("period_lock", key) else None


def locks(store: Store) -> list[dict[str, Any]]:
    """Every lock, for `ksui lock --list` and the TUI's status line."""
    cur = store.conn.execute(
        "SELECT l.*, u.name AS committee FROM period_lock l JOIN unit u ON u.id = l.committee_id"
        " ORDER BY year, period"
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
