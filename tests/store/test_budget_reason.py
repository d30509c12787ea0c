"""A budget change keeps its reason beside the figure, and undo takes both back."""

from __future__ import annotations

from pathlib import Path

from ksui.store import Store, read, writes
from ksui.store.undo import revert


def test_a_budget_change_keeps_its_reason_and_undo_removes_it(demo_path: Path) -> None:
    store = Store(demo_path)
    try:
        committee = read.find_committee(store, None)
        admin = next(u.id for u in read.units(store) if u.name == "Administration och utredning")
        cs = writes.set_drift(
            store, admin, 2017, "m10", "budget", 13_000_000_000, reason="Tilläggsanslag"
        )
        assert cs is not None
        data = read.load_report(store, committee, 2017, "m11")
        changes = [c for c in data.budget_changes() if c.unit.id == admin]
        assert [(c.period, c.after, c.reason) for c in changes] == [
            ("m10", 13_000_000_000, "Tilläggsanslag")
        ]
        revert(store, cs, "Ångrade")
        data = read.load_report(store, committee, 2017, "m11")
        assert data.comment("unit", admin, "budget m10") == ""
        assert not [c for c in data.budget_changes() if c.unit.id == admin]
    finally:
        store.close()
