"""An inriktning's shares in the store: the seed's figures, audited writes, undo and locks."""

from __future__ import annotations

import pytest

from ksui.store import Store, locks, read
from ksui.store import shares as store_shares
from ksui.store.errors import StoreError
from ksui.store.locks import LockedError
from ksui.store.undo import revert

SEED = {
    "Totalt": (580, 610),
    "Frukt och grönt inkl. potatis": (500, 500),
    "Kolonial": (640, 670),
    "Färskt och fryst kött (kött från nöt, fläsk och fågel)": (440, 470),
    "Fryst fisk (fryst fisk oberedd samt frysta fiskprodukter)": (780, 810),
    "Mejeriprodukter": (800, 810),
    "Ägg": (990, 970),
}


def lines(store: Store) -> dict[str, tuple[int | None, int | None]]:
    """The demo committee's shares for 2017 by line: (bokslut, delår), in the stored order."""
    committee = read.find_committee(store, None)
    found = store_shares.for_committee(store, committee.id, 2017)
    return {s.label: (s.at(2017, "bokslut"), s.at(2017, "delar")) for s in found}


def item_id(store: Store) -> int:
    committee = read.find_committee(store, None)
    return store_shares.for_committee(store, committee.id, 2017)[0].item_id


def test_the_demo_holds_the_seeds_table_in_its_order(store: Store) -> None:
    assert lines(store) == SEED
    assert list(lines(store)) == list(SEED)
    text = store.conn.execute(
        "SELECT text FROM goal_item WHERE id = ?", (item_id(store),)
    ).fetchone()[0]
    assert text.startswith("Övrig inriktning 4:")


def test_a_write_is_one_audited_change_set_and_undo_takes_it_back(store: Store) -> None:
    item = item_id(store)
    changeset = store_shares.set_share(store, item, "Kolonial", 2017, "bokslut", 655)
    assert changeset is not None
    assert lines(store)["Kolonial"] == (655, 670)
    audited = store.conn.execute(
        "SELECT table_name, field, old_value, new_value FROM audit WHERE changeset_id = ?",
        (changeset,),
    ).fetchall()
    assert ("goal_share", "tenths", "640", "655") in audited
    # The same share again writes nothing at all.
    assert store_shares.set_share(store, item, "Kolonial", 2017, "bokslut", 655) is None
    revert(store, changeset, "Ångra")
    assert lines(store) == SEED


def test_a_new_line_goes_last_and_removing_it_leaves_the_rest(store: Store) -> None:
    item = item_id(store)
    store_shares.set_share(store, item, "  Kaffe  och te ", 2017, "bokslut", 1000)
    assert list(lines(store))[-1] == "Kaffe och te"
    store_shares.set_share(store, item, "Kaffe och te", 2017, "delar", 950)
    assert lines(store)["Kaffe och te"] == (1000, 950)
    store_shares.set_share(store, item, "Kaffe och te", 2017, "bokslut", None)
    assert lines(store)["Kaffe och te"] == (None, 950)
    store_shares.set_share(store, item, "Kaffe och te", 2017, "delar", None)
    assert lines(store) == SEED


@pytest.mark.parametrize(
    ("label", "period", "tenths", "words"),
    [
        (" ", "bokslut", 500, "rad"),
        ("Totalt", "hösten", 500, "okänd period"),
        ("Totalt", "bokslut", 1001, "mellan 0 och 100"),
        ("Finns inte", "bokslut", None, "ingen andel"),
    ],
)
def test_a_refused_write_changes_nothing(
    store: Store, label: str, period: str, tenths: int | None, words: str
) -> None:
    before = store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(StoreError, match=words):
        store_shares.set_share(store, item_id(store), label, 2017, period, tenths)
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before
    assert lines(store) == SEED


def test_a_locked_bokslut_refuses_the_share(store: Store) -> None:
    committee = read.find_committee(store, None)
    locks.lock(store, committee.id, 2017, "bokslut", "Attesterad")
    with pytest.raises(LockedError, match="låst"):
        store_shares.set_share(store, item_id(store), "Totalt", 2017, "bokslut", 590)
    assert lines(store) == SEED


def test_removing_the_inriktning_removes_its_shares_and_undo_brings_them_back(
    store: Store,
) -> None:
    item = item_id(store)
    with store.transaction("Tog bort inriktningen") as tx:
        tx.delete("goal_item", {"id": item})
        changeset = tx.changeset_id
    assert lines(store) == {}
    revert(store, changeset, "Ångra")
    assert lines(store) == SEED


def test_a_locked_delar_refuses_its_own_share_and_leaves_the_bokslut_open(store: Store) -> None:
    """A share is printed at its own follow-up: the delår's lock holds the delår's share only."""
    committee = read.find_committee(store, None)
    locks.lock(store, committee.id, 2017, "delar", "Attesterad")
    with pytest.raises(LockedError, match="delår 2017 är låst"):
        store_shares.set_share(store, item_id(store), "Totalt", 2017, "delar", 600)
    assert store_shares.set_share(store, item_id(store), "Totalt", 2017, "bokslut", 590)
    assert lines(store)["Totalt"] == (590, 610)
