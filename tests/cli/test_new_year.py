"""`ksui new-year`: the next year opens with the nämnd's structure and last year to compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ksui.store import Store, read
from tests.cli.conftest import Run, dump

TKR = 100_000


def test_the_next_year_carries_the_structure_and_starts_empty(run: Run, demo_path: Path) -> None:
    result = run("new-year", "2018")
    assert result.exit_code == 0, result.output
    assert "Öppnade 2018 efter 2017 för Kommunstyrelsen" in result.output
    store = Store(demo_path)
    try:
        ks = read.find_committee(store, None)
        assert read.years(store, ks.id) == [2015, 2016, 2017, 2018]
        old = read.load_report(store, ks, 2017, "bokslut")
        new = read.load_report(store, ks, 2018, "bokslut")
        # The same units, with nothing entered yet, and 2017's net cost as the year before.
        assert [r.unit.id for r in new.drift()] == [r.unit.id for r in old.drift()]
        assert all(r.figures.budget is None and r.figures.actual is None for r in new.drift())
        assert new.total().net_cost[2017] == old.total().figures.actual
        # Goals and indicators are there; their lägesbedömningar start over.
        assert [g.title for a in new.areas for g in a.goals] == [
            g.title for a in old.areas for g in a.goals
        ]
        assert all(g.assessment is None for a in new.areas for g in a.goals)
        # Every ongoing project starts with what was left of its anslag; closed ones none.
        before = {p.id: p for c in old.categories for p in c.projects}
        for project in (p for c in new.categories for p in c.projects):
            was = before[project.id]
            if was.status == "pagaende":
                left = (was.appropriation or 0) - (was.spent or 0)
                assert project.appropriation == max(left, 0), project.name
            else:
                assert project.appropriation is None, project.name
            assert project.spent is None
        assert any(p.appropriation for c in new.categories for p in c.projects)
    finally:
        store.close()


def test_the_new_year_is_what_commands_show_and_last_year_stays(run: Run) -> None:
    assert run("new-year", "2018").exit_code == 0
    shown = json.loads(run("drift", "--format", "json").output)
    assert shown["year"] == 2018
    old = json.loads(run("drift", "--format", "json", "--year", "2017").output)
    assert old["year"] == 2017 and old["units"][0]["actual"] is not None
    assert [u["name"] for u in shown["units"]] == [u["name"] for u in old["units"]]
    assert all(u["budget"] is None and u["actual"] is None for u in shown["units"])


def test_undo_closes_the_year_again(run: Run, demo_path: Path) -> None:
    before = dump(demo_path)
    assert run("new-year", "2018").exit_code == 0
    undone = run("undo")
    assert undone.exit_code == 0, undone.output
    store = Store(demo_path)
    try:
        assert read.years(store, read.find_committee(store, None).id) == [2015, 2016, 2017]
        assert store.conn.execute("SELECT count(*) FROM committee_year").fetchone()[0] == 0
        assert (
            store.conn.execute(
                "SELECT count(*) FROM investment_figure WHERE year = 2018"
            ).fetchone()[0]
            == 0
        )
    finally:
        store.close()
    assert dump(demo_path) != before  # the audit trail keeps both change sets


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["2019"], "nästa år för Kommunstyrelsen är 2018 (det senaste är 2017)"),
        (["2017"], "Kommunstyrelsen har redan år 2017"),
        (["2016"], "Kommunstyrelsen har redan år 2016"),
        (["2300"], "år 2300 ligger utanför 1900–2200"),
        (["2018", "--committee", "Okänd"], "okänd nämnd »Okänd«"),
    ],
)
def test_a_refused_year_is_one_line_and_changes_nothing(
    run: Run, demo_path: Path, args: list[str], said: str
) -> None:
    before = dump(demo_path)
    result = run("new-year", *args)
    assert result.exit_code == 2
    assert result.output.startswith(f"ksui: {said}") and result.output.count("\n") == 1
    assert dump(demo_path) == before


def test_a_year_given_twice_is_refused_the_second_time(run: Run, demo_path: Path) -> None:
    assert run("new-year", "2018").exit_code == 0
    before = dump(demo_path)
    again = run("new-year", "2018")
    assert again.exit_code == 2 and "har redan år 2018" in again.output
    assert dump(demo_path) == before


def test_a_signed_bokslut_does_not_stop_the_next_year(run: Run, demo_path: Path) -> None:
    """Årsskifte comes after the bokslut is signed: the new year opens and its structure can
    change, while last year's figures stay frozen."""
    assert run("lock", "--period", "bokslut").exit_code == 0
    opened = run("new-year", "2018")
    assert opened.exit_code == 0, opened.output
    added = run("add", "unit", "Lönecenter", "--code", "125", "--parent", "KSK")
    assert added.exit_code == 0, added.output
    refused = run("set", "drift", "Ekonomi", "budget", "5", "--period", "bokslut", "--year", "2017")
    assert refused.exit_code == 2 and "bokslut 2017 är låst" in refused.stderr
