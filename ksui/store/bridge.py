"""Reading and writing the nettokostnadsbrygga: one audited change set per edit."""

from __future__ import annotations

from ksui.core.bridge import BridgePart
from ksui.store.db import Store
from ksui.store.errors import StoreError

TABLE = "net_cost_bridge"


def parts(store: Store, committee_id: int, year: int) -> list[BridgePart]:
    """The nämnd's bridge for the year, in the order the report reads it."""
    rows = store.conn.execute(
        "SELECT name, amount, position FROM net_cost_bridge"
        " WHERE committee_id = ? AND year = ? ORDER BY position, name",
        (committee_id, year),
    ).fetchall()
    return [BridgePart(str(r[0]), int(r[1]), int(r[2])) for r in rows]


def set_part(
    store: Store,
    committee_id: int,
    year: int,
    name: str,
    amount: int | None,
    *,
    reason: str | None = None,
) -> int | None:
    """Write one part (or with None remove it); the change set's id, None when unchanged.

    A new part goes last; an existing one keeps its place, and an unchanged amount writes
    nothing at all (no change set, no audit row).
    """
    name = " ".join(name.split())
    if not name:
        raise StoreError("en del av nettokostnadsbryggan behöver ett namn")
    key = {"committee_id": committee_id, "year": year, "name": name}
    what = f"Nettokostnadsbrygga {year}: {name}"
    with store.transaction(what, reason) as tx:
        existing = tx.get(TABLE, key)
        if amount is None:
            if existing is None:
                raise StoreError(f"nettokostnadsbryggan {year} har ingen del »{name}«")
            tx.delete(TABLE, key)
            return tx.changeset_id
        if existing is not None and existing["amount"] == amount:
            return None
        position = (
            existing["position"]
            if existing
            else store.conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM net_cost_bridge"
                " WHERE committee_id = ? AND year = ?",
                (committee_id, year),
            ).fetchone()[0]
        )
        tx.upsert(TABLE, key, {"amount": amount, "position": position})
        return tx.changeset_id if tx.changes else None
