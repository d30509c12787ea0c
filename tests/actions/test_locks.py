"""Lock, unlock and the list of locks, each with its change set."""

from __future__ import annotations

from ksui.actions import locks
from ksui.store import Store, read


def test_lock_unlock_and_list(store: Store) -> None:
    committee = read.find_committee(store, None)
    done = locks.lock(store, committee.id, 2017, "bokslut", note="Attesterad")
    assert done.changeset is not None
    assert locks.lock(store, committee.id, 2017, "bokslut").changeset is None
    [found] = locks.list_locks(store)
    assert (found.committee, found.year, found.period, found.note) == (
        committee.name,
        2017,
        "bokslut",
        "Attesterad",
    )
    lifted = locks.unlock(store, committee.id, 2017, "bokslut", reason="Rättelse")
    assert lifted.changeset is not None and lifted.changeset > done.changeset
    assert locks.unlock(store, committee.id, 2017, "bokslut").changeset is None
    assert locks.list_locks(store) == []
