"""The named lookups the importers use instead of SQL: the same rows, in the same order."""

from __future__ import annotations

from ksui.store import Store, read
from ksui.store import import_support as lookup
from ksui.store.lookups import committee_indicators, leaf_units

_SUBTREE = (
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
    " SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
)


def _committee(store: Store) -> int:
    return read.committees(store)[0].id


def test_committee_and_kommun_lookups(store: Store) -> None:
    committee = read.committees(store)[0]
    with store.transaction("läs") as tx:
        assert (committee.id, committee.name) in lookup.committee_names(tx)
        kommun = lookup.first_unit_of_kind(tx, "kommun")
        assert kommun == committee.parent_id
        assert lookup.first_unit_of_kind(tx, "finns-inte") is None
        assert lookup.sibling_kind(tx, kommun, committee.name) == "namnd"
        assert lookup.sibling_kind(tx, kommun, "Ingen sådan nämnd") is None
        siblings = [u.position for u in read.units(store) if u.parent_id == kommun]
        assert lookup.next_sibling_position(tx, kommun) == max(siblings) + 1
        assert lookup.next_position(tx, "unit", "parent_id", kommun) == max(siblings) + 1


def test_next_position_of_an_empty_parent_is_zero(store: Store) -> None:
    with store.transaction("läs") as tx:
        assert lookup.next_position(tx, "investment_project", "category_id", -1) == 0


def test_units_below_and_within_match_the_subtree(store: Store) -> None:
    committee = _committee(store)
    with store.transaction("läs") as tx:
        below = lookup.units_below(tx, committee)
        within = lookup.units_within(tx, committee)
    expected = store.conn.execute(
        f"{_SUBTREE} SELECT id, code, name FROM unit WHERE id IN (SELECT id FROM sub)",
        (committee,),
    ).fetchall()
    assert within == expected
    assert [(r["id"], r["code"], r["name"]) for r in below] == [
        row for row in expected if row[0] != committee
    ]
    assert all(set(r) == {"id", "parent_id", "code", "name"} for r in below)


def test_drift_amounts_sees_the_transactions_own_writes(store: Store) -> None:
    committee = _committee(store)
    year = read.default_year(store)
    assert year is not None
    with store.transaction("läs") as tx:
        assert lookup.drift_amounts(tx, committee, []) == {}
        before = lookup.drift_amounts(tx, committee, [year])
        assert before
        key = next(iter(before))
        unit_id, _, period, measure = key
        tx.upsert(
            "drift_figure",
            {"unit_id": unit_id, "year": year, "period": period, "measure": measure},
            {"amount": before[key] + 1},
        )
        assert lookup.drift_amounts(tx, committee, [year])[key] == before[key] + 1


def test_investment_lookups_ignore_case(store: Store) -> None:
    committee = _committee(store)
    category = read.investment_categories(store, committee, read.default_year(store) or 0)[0]
    with store.transaction("läs") as tx:
        names = lookup.category_names(tx, committee)
        assert category.name in names
        assert lookup.category_id(tx, committee, category.name.upper()) == category.id
        assert lookup.category_id(tx, committee, "ingen sådan") is None
        project = category.projects[0]
        assert lookup.project_id(tx, category.id, project.name.lower()) == project.id
        assert lookup.project_id(tx, category.id, "ingen sådan") is None


def test_leaf_units_and_indicators(store: Store) -> None:
    committee = _committee(store)
    leaves = leaf_units(store, committee)
    units = read.units(store)
    parents = {u.parent_id for u in units}
    below = {uid for uid, _ in read.org_tree(store).walk(committee)}
    expected = [u for u in units if u.id in below - parents]
    assert sorted(leaves, key=str) == sorted(((u.code, u.name) for u in expected), key=str)
    indicators = committee_indicators(store, committee)
    assert indicators == sorted(indicators)
    assert indicators
