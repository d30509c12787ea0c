"""The rules of building a nämnd's structure, at the use-case layer both front ends call.

A refusal writes nothing (no change set, the dump unchanged); every write is one change set
that undo takes back completely.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ksui.actions import ActionError, LockedError, StoreError, history, locks, structure
from ksui.store import Store, read
from ksui.store.demo import create_database
from tests.actions.conftest import changeset_count, unit_id
from tests.cli.conftest import dump


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Store]:
    """A file as `ksui init --empty` makes it."""
    store = create_database(tmp_path / "tom.sqlite", demo=False)
    yield store
    store.close()


def _refused(store: Store, match: str, call: object, *args: object, **kwargs: object) -> None:
    """The call is refused with a message matching ``match``, and the file is unchanged."""
    before, count = dump(store.path), changeset_count(store)
    with pytest.raises(StoreError, match=match):
        call(*args, **kwargs)  # type: ignore[operator]
    assert changeset_count(store) == count
    assert dump(store.path) == before


def _committee(store: Store) -> int:
    return read.find_committee(store, None).id


# --------------------------------------------------------------------------- nämnd


def test_a_committee_goes_at_the_top_of_an_empty_file_and_is_found(empty: Store) -> None:
    written = structure.add_committee(empty, " Kommunstyrelsen ", "KS")
    assert written.changeset is not None and written.row_id is not None
    found = read.find_committee(empty, "ks")
    assert (found.id, found.name, found.kind, found.parent_id) == (
        written.row_id,
        "Kommunstyrelsen",
        "namnd",
        None,
    )


def test_a_committee_goes_under_the_kommun_when_there_is_one(store: Store) -> None:
    written = structure.add_committee(store, "Barn- och utbildningsnämnden", "BUN")
    kommun = unit_id(store, "Södertälje kommun")
    assert read.org_tree(store).units[written.row_id or 0].parent_id == kommun


@pytest.mark.parametrize(
    ("name", "code", "match"),
    [
        ("kommunstyrelsen", "X", "redan en nämnd"),
        ("Ny nämnd", "ks", "koden »ks« används redan av nämnden »Kommunstyrelsen«"),
        ("KS", "NY", "redan en nämnd"),
        ("  ", "NY", "namn"),
    ],
)
def test_a_committee_name_or_code_another_answers_to_is_refused(
    store: Store, name: str, code: str, match: str
) -> None:
    _refused(store, match, structure.add_committee, store, name, code)


# --------------------------------------------------------------------------- units


def test_a_unit_gets_the_kind_one_level_below_its_parent_unless_told(empty: Store) -> None:
    ks = structure.add_committee(empty, "Kommunstyrelsen", "KS").row_id or 0
    office = structure.add_unit(empty, ks, "Kontoret", code="KSK").row_id or 0
    team = structure.add_unit(empty, office, "Ekonomi", code="120").row_id or 0
    politics = structure.add_unit(empty, ks, "Politisk ledning", kind="politisk ledning").row_id
    tree = read.org_tree(empty)
    assert [tree.units[u].kind for u in (office, team, politics or 0)] == [
        "kontor",
        "verksamhet",
        "politisk_ledning",
    ]
    assert tree.units[team].code == "120"


def test_unit_refusals_name_the_offending_value(store: Store) -> None:
    office = unit_id(store, "Kommunstyrelsens kontor")
    kommun = unit_id(store, "Södertälje kommun")
    _refused(store, "»HR« under »Kommunstyrelsens kontor«", structure.add_unit, store, office, "hr")
    _refused(
        store,
        "koden »120« används redan av enheten »Ekonomi«",
        structure.add_unit,
        store,
        office,
        "Ny",
        code="120",
    )
    _refused(
        store, "okänd sort av enhet »nämnd«", structure.add_unit, store, office, "Ny", kind="nämnd"
    )
    _refused(store, "hör inte till någon nämnd", structure.add_unit, store, kommun, "Ny")
    _refused(store, "namn", structure.add_unit, store, office, " ")


def test_a_unit_under_a_leaf_with_figures_is_added_with_a_note(store: Store) -> None:
    ekonomi = unit_id(store, "Ekonomi")
    written = structure.add_unit(store, ekonomi, "Redovisning", code="121")
    assert written.note is not None
    assert "»Ekonomi« har egna driftsiffror" in written.note
    calm = structure.add_unit(store, ekonomi, "Budget", code="122")
    assert calm.note is None  # no longer a leaf: its own figures were noted once


def test_a_move_refuses_a_place_below_itself_and_a_taken_name(store: Store) -> None:
    office = unit_id(store, "Kommunstyrelsens kontor")
    hr = unit_id(store, "HR")
    committee = _committee(store)
    _refused(store, "under sig själv", structure.move_unit, store, hr, hr)
    _refused(store, "som ligger under den", structure.move_unit, store, office, hr)
    _refused(store, "är en nämnd", structure.move_unit, store, committee, office)
    structure.add_unit(store, committee, "HR", code="999")
    _refused(store, "»HR« under »Kommunstyrelsen«", structure.move_unit, store, hr, committee)


def test_a_move_that_would_hide_the_new_parents_own_figures_is_refused(store: Store) -> None:
    hr = unit_id(store, "HR")
    politics = unit_id(store, "Politisk ledning")
    _refused(
        store,
        "»Politisk ledning« \\(100\\) har egna driftsiffror .* inte längre",
        structure.move_unit,
        store,
        hr,
        politics,
    )


def test_a_move_without_figures_in_the_way_and_its_undo(store: Store) -> None:
    committee = _committee(store)
    hr = unit_id(store, "HR")
    office = unit_id(store, "Kommunstyrelsens kontor")
    before = dump(store.path)
    moved = structure.move_unit(store, hr, committee)
    assert moved.changeset is not None
    assert read.org_tree(store).units[hr].parent_id == committee
    assert structure.move_unit(store, hr, committee).changeset is None  # already there
    history.undo(store, moved.changeset)
    assert read.org_tree(store).units[hr].parent_id == office
    assert _data(dump(store.path)) == _data(before)


# --------------------------------------------------------------------------- the rest


def test_categories_projects_areas_goals_and_indicators(empty: Store) -> None:
    ks = structure.add_committee(empty, "Kommunstyrelsen", "KS").row_id or 0
    lokaler = structure.add_category(empty, ks, "Lokaler", kind="lokaler").row_id or 0
    project = structure.add_project(empty, lokaler, "Stadshuset", None, responsible=" Anna ")
    area = structure.add_area(empty, ks, "Hållbara Södertälje").row_id or 0
    first = structure.add_goal(empty, area, "Tryggheten ska öka").row_id or 0
    fifth = structure.add_goal(empty, area, "Valdeltagandet ska öka", number=5).row_id or 0
    sixth = structure.add_goal(empty, area, "Fossilfritt").row_id or 0
    structure.add_indicator(empty, first, "Andel trygga", unit="%", direction="upp")
    found = structure.load(empty, None)
    assert [(c.name, c.kind) for c in found.categories] == [("Lokaler", "lokaler")]
    assert [(p.id, p.responsible, p.appropriation) for p in found.categories[0].projects] == [
        (project.row_id, "Anna", None)
    ]
    goals = {g.id: g for g in found.areas[0].goals}
    assert (goals[first].number, goals[fifth].number, goals[sixth].number) == (1, 5, 6)
    indicator = goals[first].indicators[0]
    assert (indicator.name, indicator.unit, indicator.direction) == (
        "Andel trygga",
        "procent",
        "up",
    )


def test_a_project_with_a_year_starts_at_zero_anslag(store: Store) -> None:
    category = structure.load(store, None).categories[0]
    written = structure.add_project(store, category.id, "Nytt system", 2017)
    row = store.conn.execute(
        "SELECT year, period, appropriation FROM investment_figure WHERE project_id = ?",
        (written.row_id,),
    ).fetchall()
    assert row == [(2017, "m01", 0)]


def test_refusals_of_categories_projects_areas_goals_and_indicators(store: Store) -> None:
    found = structure.load(store, None)
    committee = found.committee.id
    area = found.areas[0]
    goal = area.goals[0]
    lokaler = next(c for c in found.categories if c.name == "Lokaler")
    _refused(
        store, "redan en investeringskategori", structure.add_category, store, committee, "lokaler"
    )
    _refused(
        store,
        "okänd sort av investeringskategori »fastighet«",
        structure.add_category,
        store,
        committee,
        "Ny",
        kind="fastighet",
    )
    _refused(
        store,
        "projekt som heter »Bärbara datorer« \\(i KS/KF-investeringar\\)",
        structure.add_project,
        store,
        lokaler.id,
        "bärbara datorer",
        2017,
    )
    _refused(store, "redan ett målområde", structure.add_area, store, committee, area.name.upper())
    _refused(
        store,
        f"redan ett mål nr {goal.number}",
        structure.add_goal,
        store,
        area.id,
        "Nytt",
        number=goal.number,
    )
    _refused(store, "1 eller mer", structure.add_goal, store, area.id, "Nytt", number=0)
    _refused(
        store,
        "okänd enhet för indikatorn »meter«",
        structure.add_indicator,
        store,
        goal.id,
        "Ny",
        unit="meter",
    )
    _refused(
        store,
        "okänd riktning »sidled«",
        structure.add_indicator,
        store,
        goal.id,
        "Ny",
        direction="sidled",
    )


# --------------------------------------------------------------------------- rename


@pytest.mark.parametrize(
    ("kind", "table", "column"),
    [
        ("unit", "unit", "name"),
        ("category", "investment_category", "name"),
        ("project", "investment_project", "name"),
        ("area", "goal_area", "name"),
        ("goal", "goal", "title"),
        ("indicator", "indicator", "name"),
    ],
)
def test_a_rename_and_its_undo(
    store: Store, kind: structure.StructureKind, table: str, column: str
) -> None:
    row_id, old = store.conn.execute(f"SELECT id, [{column}] FROM [{table}] LIMIT 1").fetchone()
    before = dump(store.path)
    written = structure.rename(store, kind, row_id, "  Nytt namn ")
    assert written.changeset is not None
    new = store.conn.execute(f"SELECT [{column}] FROM [{table}] WHERE id = ?", (row_id,))
    assert new.fetchone()[0] == "Nytt namn"
    history.undo(store, written.changeset)
    assert _data(dump(store.path)) == _data(before)
    assert old


def test_a_rename_to_a_taken_name_is_refused_but_a_change_of_case_is_not(store: Store) -> None:
    ekonomi = unit_id(store, "Ekonomi")
    _refused(store, "»HR«", structure.rename, store, "unit", ekonomi, "hr")
    _refused(store, "tomt", structure.rename, store, "unit", ekonomi, " ")
    assert structure.rename(store, "unit", ekonomi, "Ekonomi").changeset is None
    assert structure.rename(store, "unit", ekonomi, "EKONOMI").changeset is not None


def test_a_committee_cannot_be_renamed_to_another_committees_code(store: Store) -> None:
    other = structure.add_committee(store, "Barn- och utbildningsnämnden", "BUN").row_id or 0
    _refused(store, "redan en nämnd", structure.rename, store, "committee", other, "ks")


# --------------------------------------------------------------------------- remove


def test_a_removal_that_takes_figures_is_refused_unless_asked_for(store: Store) -> None:
    hr = unit_id(store, "HR")
    going = structure.removal(store, "unit", hr)
    assert going.figures > 0 and "driftsiffror" in going.words()
    _refused(
        store,
        "enheten »HR« har .* driftsiffror som också skulle tas bort",
        structure.remove,
        store,
        "unit",
        hr,
    )
    before = dump(store.path)
    written = structure.remove(store, "unit", hr, with_figures=True)
    assert written.changeset is not None
    assert "HR" not in {u.name for u in read.units(store)}
    history.undo(store, written.changeset)
    assert _data(dump(store.path)) == _data(before)


def test_a_removal_without_figures_and_its_undo(store: Store) -> None:
    office = unit_id(store, "Kommunstyrelsens kontor")
    added = structure.add_unit(store, office, "Lönecenter", code="170").row_id or 0
    structure.add_unit(store, added, "Lön", code="171")
    assert structure.removal(store, "unit", added).words() == "1 enhet"
    before = dump(store.path)
    written = structure.remove(store, "unit", added)
    assert written.changeset is not None
    history.undo(store, written.changeset)
    assert _data(dump(store.path)) == _data(before)


def test_a_whole_committee_goes_only_with_its_figures_and_comes_back(store: Store) -> None:
    committee = _committee(store)
    _refused(store, "det är en nämnd", structure.remove, store, "unit", committee)
    _refused(
        store, "det är ingen nämnd", structure.removal, store, "committee", unit_id(store, "HR")
    )
    _refused(
        store, "nämnden »Kommunstyrelsen« har", structure.remove, store, "committee", committee
    )
    before = dump(store.path)
    written = structure.remove(store, "committee", committee, with_figures=True)
    assert read.committees(store) == []
    history.undo(store, written.changeset or 0)
    assert _data(dump(store.path)) == _data(before)


def test_every_add_is_taken_back_by_undo(empty: Store) -> None:
    before = dump(empty.path)
    ks = structure.add_committee(empty, "Kommunstyrelsen", "KS")
    unit = structure.add_unit(empty, ks.row_id or 0, "Kontoret", code="KSK")
    category = structure.add_category(empty, ks.row_id or 0, "Lokaler")
    project = structure.add_project(empty, category.row_id or 0, "Stadshuset", 2024)
    area = structure.add_area(empty, ks.row_id or 0, "Hållbara")
    goal = structure.add_goal(empty, area.row_id or 0, "Trygghet")
    indicator = structure.add_indicator(empty, goal.row_id or 0, "Andel trygga")
    for written in (indicator, goal, area, project, category, unit, ks):
        history.undo(empty, written.changeset or 0, confirmed=True)
    assert read.committees(empty) == []
    assert _data(dump(empty.path)) == _data(before)


def test_a_locked_year_refuses_structure_changes(store: Store) -> None:
    committee = _committee(store)
    locks.lock(store, committee, 2017, "bokslut")
    _refused(store, "låst", structure.add_unit, store, committee, "Ny", code="999")
    with pytest.raises(LockedError):
        structure.rename(store, "unit", unit_id(store, "HR"), "Personal")


def test_a_committee_with_a_lock_of_an_earlier_year_is_not_removed(store: Store) -> None:
    committee = _committee(store)
    locks.lock(store, committee, 2016, "bokslut")  # last year's: the structure stays open
    _refused(
        store,
        "attesterade \\(låsta\\) uppföljningar",
        structure.removal,
        store,
        "committee",
        committee,
    )
    _refused(
        store,
        "nämnden »Kommunstyrelsen« har attesterade",
        structure.remove,
        store,
        "committee",
        committee,
        with_figures=True,
    )


@pytest.mark.parametrize("name", ["Rad ett\nRad två", "Tab\there", "Nul\x00"])
def test_a_name_on_more_than_one_line_or_with_control_characters_is_refused(
    store: Store, name: str
) -> None:
    office = unit_id(store, "Kommunstyrelsens kontor")
    _refused(store, "radbrytning eller ett styrtecken", structure.add_unit, store, office, name)
    _refused(
        store, "radbrytning eller ett styrtecken", structure.rename, store, "unit", office, name
    )


def test_an_unknown_kind_word_is_refused() -> None:
    assert structure.structure_kind("Enhet") == "unit"
    assert structure.structure_kind("mål") == "goal"
    with pytest.raises(ActionError, match="okänd sort »avdelning«"):
        structure.structure_kind("avdelning")


def _data(text: str) -> list[str]:
    """A dump without the audit trail, which an undo adds to by design."""
    return [
        line
        for line in text.splitlines()
        if not line.startswith(('INSERT INTO "changeset"', 'INSERT INTO "audit"'))
        and "sqlite_sequence" not in line
    ]
