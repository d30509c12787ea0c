"""A locked follow-up covers its committee's structure too, on every write path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ksui.core.models import Assessment
from ksui.store import Store, UndoRefused, locks, read, writes
from ksui.store.locks import LockedError
from ksui.store.undo import revert, revert_impact


def one(store: Store, sql: str) -> int:
    return int(store.conn.execute(sql).fetchone()[0])


def content(store: Store) -> list[tuple[object, ...]]:
    """The rows an edit could touch, to show a refused one changed nothing."""
    rows: list[tuple[object, ...]] = []
    for table in (
        "unit",
        "investment_project",
        "investment_frame",
        "goal",
        "goal_item",
        "goal_area",
        "indicator",
        "comment",
        "assessment",
        "investment_figure",
    ):
        rows += [(table, *r) for r in store.conn.execute(f"SELECT * FROM {table}")]
    return sorted(rows, key=repr)


@pytest.fixture
def locked(store: Store) -> Store:
    """The demo with bokslut 2017 of Kommunstyrelsen signed off."""
    committee = read.find_committee(store, None)
    assert locks.lock(store, committee.id, 2017, "bokslut", "Attesterad")
    return store


def test_structure_of_a_locked_committee_refuses_every_edit(locked: Store) -> None:
    store = locked
    committee = read.find_committee(store, None)
    hr = one(store, "SELECT id FROM unit WHERE name = 'HR'")
    project = one(store, "SELECT id FROM investment_project ORDER BY id LIMIT 1")
    category = one(store, "SELECT id FROM investment_category ORDER BY id LIMIT 1")
    area = one(store, "SELECT id FROM goal_area ORDER BY id LIMIT 1")
    goal = one(store, "SELECT id FROM goal ORDER BY id LIMIT 1")
    item = one(store, "SELECT id FROM goal_item ORDER BY id LIMIT 1")
    indicator = one(store, "SELECT id FROM indicator ORDER BY id LIMIT 1")

    def frame(tx_store: Store) -> None:
        with tx_store.transaction("Ram") as tx:
            tx.upsert(
                "investment_frame", {"category_id": category, "year": 2017}, {"appropriation": 1}
            )

    edits: list[Callable[[], object]] = [
        lambda: writes.set_field(store, "unit", hr, "name", "HR-avdelningen"),
        lambda: writes.set_field(store, "investment_project", project, "name", "Nytt namn"),
        lambda: writes.set_field(store, "investment_project", project, "status", "avslutat"),
        lambda: writes.set_field(store, "goal", goal, "followup", "Ny uppföljning"),
        lambda: writes.set_field(store, "goal_area", area, "name", "Nytt område"),
        lambda: writes.set_field(store, "goal_item", item, "followup", "Ny text"),
        lambda: writes.set_field(store, "indicator", indicator, "name", "Ny indikator"),
        lambda: writes.add_unit(store, committee.id, "Ny enhet"),
        lambda: writes.add_unit(store, hr, "Underenhet"),
        lambda: writes.add_project(store, category, "Nytt projekt", 2018),
        lambda: writes.add_goal(store, area, "Nytt mål"),
        lambda: writes.add_indicator(store, goal, "Ny indikator"),
        lambda: writes.delete_unit(store, hr),
        lambda: writes.delete_project(store, project),
        lambda: writes.delete_goal(store, goal),
        lambda: writes.set_comment(store, "investment_project", project, 2017, "Ny"),
        lambda: writes.set_investment(store, project, 2017, "spent", 1),
        lambda: writes.set_assessment(store, "goal", goal, 2017, "bokslut", Assessment.OK),
        lambda: frame(store),
    ]
    before = content(store)
    for number, edit in enumerate(edits):
        with pytest.raises(LockedError, match="bokslut 2017 är låst") as caught:
            edit()
        assert "`" not in str(caught.value), number
        assert "ksui unlock" in str(caught.value)
    assert content(store) == before


def test_figures_of_other_follow_ups_stay_open(locked: Store) -> None:
    store = locked
    hr = one(store, "SELECT id FROM unit WHERE name = 'HR'")
    project = one(store, "SELECT id FROM investment_project ORDER BY id LIMIT 1")
    goal = one(store, "SELECT id FROM goal ORDER BY id LIMIT 1")
    assert writes.set_drift(store, hr, 2018, "bokslut", "budget", 1)
    assert writes.set_drift(store, hr, 2018, "delar", "forecast", 1)
    assert writes.set_investment(store, project, 2018, "appropriation", 1)
    assert writes.set_comment(store, "unit", hr, 2018, "Nästa år")
    assert writes.set_assessment(store, "goal", goal, 2018, "bokslut", Assessment.OK)


def test_a_locked_bokslut_freezes_the_years_earlier_periods_it_shows(locked: Store) -> None:
    """Bokslut carries the budget in force from January and measures the delår forecast:
    a change to either after sign-off would rewrite the signed report."""
    store = locked
    hr = one(store, "SELECT id FROM unit WHERE name = 'HR'")
    project = one(store, "SELECT id FROM investment_project ORDER BY id LIMIT 1")
    before = content(store)
    for period, measure in (("delar", "forecast"), ("m01", "budget"), ("m03", "actual")):
        with pytest.raises(LockedError, match="bokslut 2017 är låst"):
            writes.set_drift(store, hr, 2017, period, measure, 1)
    with pytest.raises(LockedError, match="bokslut 2017 är låst"):
        writes.set_investment(store, project, 2017, "spent", 1, period="delar")
    assert content(store) == before


def test_another_committees_structure_stays_open(locked: Store) -> None:
    store = locked
    kommun = one(store, "SELECT id FROM unit WHERE kind = 'kommun'")
    with store.transaction("Ny nämnd") as tx:
        other = tx.insert("unit", {"parent_id": kommun, "kind": "namnd", "name": "Ny nämnd"})
    assert writes.add_unit(store, other, "Kansli")


def test_an_investment_import_cannot_pass_the_lock(locked: Store, tmp_path: Path) -> None:
    from ksui.importers.spreadsheet import import_table

    store = locked
    category, project = store.conn.execute(
        "SELECT c.name, p.name FROM investment_project p JOIN investment_category c"
        " ON c.id = p.category_id WHERE p.status = 'pagaende' ORDER BY p.id LIMIT 1"
    ).fetchone()
    before = content(store)
    for row in (f"{category};{project};2018;;;Avslutat", f"{category};Helt nytt;2018;1;;"):
        sheet = tmp_path / "inv.csv"
        sheet.write_text(
            f"Kategori;Projekt;År;Anslag (tkr);Utfall (tkr);Status\n{row}\n", encoding="utf-8"
        )
        committee = read.find_committee(store, None)
        with pytest.raises(LockedError):
            import_table(store, sheet, "investeringar", committee.id, period="bokslut")
    assert content(store) == before


def test_undo_cannot_write_into_a_locked_committee(store: Store) -> None:
    committee = read.find_committee(store, None)
    hr = one(store, "SELECT id FROM unit WHERE name = 'HR'")
    deleted = writes.delete_unit(store, hr)
    locks.lock(store, committee.id, 2017, "delar")
    with pytest.raises(LockedError, match="delår 2017 är låst"):
        revert(store, deleted, "Ångra")
    assert not store.conn.execute("SELECT 1 FROM unit WHERE id = ?", (hr,)).fetchone()


def test_the_lock_itself_is_undone_only_by_unlock(locked: Store) -> None:
    store = locked
    cs = one(store, "SELECT max(id) FROM changeset")
    impact = revert_impact(store, cs)
    assert impact.refused and "ksui unlock" in impact.refused
    with pytest.raises(UndoRefused):
        revert(store, cs, "Ångra")
    assert locks.locks(store)


def test_locks_are_read_once_per_transaction(locked: Store) -> None:
    store = locked
    hr = one(store, "SELECT id FROM unit WHERE name = 'HR'")
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        with store.transaction("Många") as tx:
            for year in range(2030, 2060):
                tx.upsert(
                    "drift_figure",
                    {"unit_id": hr, "year": year, "period": "bokslut", "measure": "budget"},
                    {"amount": 1},
                )
    finally:
        store.conn.set_trace_callback(None)
    assert sum("period_lock" in s for s in statements) == 1
    assert sum("WITH RECURSIVE" in s for s in statements) <= 1


def test_a_new_year_opens_the_structure_but_not_last_years_figures(locked: Store) -> None:
    """Last year's bokslut stays signed; the next year's work can add and rename units."""
    store = locked
    hr = one(store, "SELECT id FROM unit WHERE name = 'HR'")
    with pytest.raises(LockedError):
        writes.set_field(store, "unit", hr, "name", "Personal")
    assert writes.set_drift(store, hr, 2018, "bokslut", "budget", 1)
    assert writes.set_field(store, "unit", hr, "name", "Personal")
    with pytest.raises(LockedError):
        writes.delete_unit(store, hr)  # it holds figures of the locked bokslut 2017
    with pytest.raises(LockedError):
        writes.set_drift(store, hr, 2017, "bokslut", "budget", 2)
