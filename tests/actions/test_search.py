"""The search use case: where each hit is, in Swedish, and which screen and row it opens."""

from __future__ import annotations

import pytest

from ksui.actions import StoreError, edits, structure
from ksui.actions import search as use_case
from ksui.store import Store
from tests.actions.conftest import unit_id


def test_a_unit_comment_opens_the_unit_on_drift(store: Store) -> None:
    hit = use_case.search(store, "arvodesbudget")[0]
    assert (hit.committee, hit.place, hit.field, hit.year) == (
        "Kommunstyrelsen",
        "Enhet Politisk ledning",
        "Kommentar",
        2017,
    )
    assert hit.target.screen == "drift"
    assert hit.target.unit_id == unit_id(store, "Politisk ledning")
    assert "⟦arvodesbudget⟧" in hit.snippet


def test_goals_projects_and_reasons_open_their_own_screens(store: Store) -> None:
    area = int(store.conn.execute("SELECT id FROM goal_area ORDER BY id").fetchone()[0])
    goal = structure.add_goal(store, area, "Giraffhagen ska byggas").row_id
    hits = use_case.search(store, "giraffhagen")
    assert [(h.field, h.target.screen, h.target.row_key) for h in hits] == [
        ("Målets titel", "goals", f"goal:{goal}")
    ]
    assert hits[0].place.startswith("Mål ") and hits[0].place.endswith("Giraffhagen ska byggas")

    project = use_case.search(store, "överklagats")[0]
    assert project.place == "Projekt Infartsskyltar"
    assert project.target.screen == "investments"
    assert project.target.row_key and project.target.row_key.startswith("project:")

    edits.set_comment(
        store, "unit", unit_id(store, "HR"), 2017, "ok", reason="Okapiutredningen kom"
    )
    reason = use_case.search(store, "okapiutredningen")[0]
    assert (reason.field, reason.target.screen) == ("Skäl till ändring", "log")
    assert reason.committee == "Kommunstyrelsen"  # found through the unit the change named


def test_json_shape(store: Store) -> None:
    doc = use_case.search(store, "arvodesbudget")[0].as_json()
    assert set(doc) == {
        "committee",
        "place",
        "field",
        "year",
        "period",
        "snippet",
        "segments",
        "rank",
        "target",
    }
    assert {"text": "arvodesbudget", "hit": True} in doc["segments"]  # type: ignore[operator]
    assert doc["target"] == {
        "screen": "drift",
        "unit_id": unit_id(store, "Politisk ledning"),
        "row": None,
    }


def test_a_committee_by_name_and_an_unknown_one(store: Store) -> None:
    assert use_case.search(store, "arvodesbudget", committee="Kommunstyrelsen")
    with pytest.raises(StoreError, match="okänd nämnd"):
        use_case.search(store, "arvodesbudget", committee="Ingen sådan")


def test_searchable() -> None:
    assert use_case.searchable("budget") and use_case.searchable("å")
    assert not use_case.searchable('" * ( ) ^') and not use_case.searchable("\x00\x1b")
