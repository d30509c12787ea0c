"""The nettokostnadsbrygga's use case: one part written or removed, the same for both
front ends (the rules — a name, an amount, the lock — live in the store's write)."""

from __future__ import annotations

from ksui.core.bridge import BridgePart
from ksui.store import Store
from ksui.store import bridge as store_bridge
from ksui.store.writes import Written


def parts(store: Store, committee_id: int, year: int) -> list[BridgePart]:
    """The nämnd's bridge for the year, in the order its text reads."""
    return store_bridge.parts(store, committee_id, year)


def set_part(
    store: Store,
    committee_id: int,
    year: int,
    name: str,
    amount: int | None,
    *,
    reason: str | None = None,
) -> Written:
    """Write one part of the bridge (None: remove it); an unchanged amount writes nothing."""
    changeset = store_bridge.set_part(store, committee_id, year, name, amount, reason=reason)
    return Written(changeset)
