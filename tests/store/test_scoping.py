"""A command on one nämnd reads that nämnd only: no query walks another nämnd's rows.

Each read the CLI and the TUI make for a report is traced and its plan asked of SQLite
(EXPLAIN QUERY PLAN): a full scan of a stored table would cost in proportion to the whole
kommun's file, so none may appear; searches along an index are what a read should do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ksui.store import Store, read
from ksui.tui.gateway import Gateway, ReportKey
from tests.conftest import tkr

#: A plan step that walks a whole stored table (a CTE's own rows are not stored tables).
SCAN = re.compile(r"^SCAN (?!CONSTANT ROW)(?!(sub|up|down|y)\b)(\w+)")


def add_other_committee(store: Store) -> int:
    """A second nämnd beside the demo's, with figures, goals and comments of its own."""
    kommun = read.committees(store)[0].parent_id
    with store.transaction("Andra nämnden") as tx:
        other = tx.insert("unit", {"parent_id": kommun, "kind": "namnd", "name": "Miljönämnden"})
        kontor = tx.insert("unit", {"parent_id": other, "kind": "kontor", "name": "Miljökontoret"})
        for year in (2016, 2017):
            for period, measure in (("m01", "budget"), ("m08", "actual"), ("bokslut", "actual")):
                key = {"unit_id": kontor, "year": year, "period": period, "measure": measure}
                tx.upsert("drift_figure", key, {"amount": tkr(1_000)})
        area = tx.insert("goal_area", {"committee_id": other, "name": "Miljö"})
        goal = tx.insert("goal", {"area_id": area, "title": "Renare luft", "number": 1})
        tx.upsert(
            "comment",
            {"entity": "goal", "entity_id": goal, "field": "", "year": 2017},
            {"text": "Mätningar pågår."},
        )
        tx.upsert(
            "comment",
            {"entity": "unit", "entity_id": kontor, "field": "", "year": 2017},
            {"text": "Inget att tillägga."},
        )
    return other


@pytest.fixture
def two(store: Store) -> Iterator[Store]:
    add_other_committee(store)
    yield store


def full_scans(store: Store, run: Callable[[], object]) -> list[str]:
    """The plan steps that scan a whole stored table, over every SELECT ``run`` makes."""
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        store.conn.set_trace_callback(None)
    found = []
    for sql in seen:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        for step in store.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall():
            if SCAN.match(step[3]):
                found.append(f"{step[3]}  ←  {' '.join(sql.split())[:160]}")
    return found


@pytest.mark.parametrize("period", ["bokslut", "delar", "m05"])
def test_a_report_reads_its_own_committee_only(two: Store, period: str) -> None:
    committee = read.find_committee(two, "Kommunstyrelsen")

    def report() -> None:
        years = read.years(two, committee.id)
        read.figure_rows(two, committee.id, years[-1])
        read.load_report(two, committee, years[-1], period)

    assert full_scans(two, report) == []


def test_the_tuis_load_reads_its_own_committee_only(two: Store, demo_path: Path) -> None:
    gateway = Gateway(demo_path)
    key = ReportKey("Kommunstyrelsen", None, "bokslut", latest=True)
    try:
        assert full_scans(gateway.store, lambda: gateway.load(key)) == []
        assert gateway.load(key).data is not None
    finally:
        gateway.close()


def test_the_other_committee_changes_nothing_in_the_report(
    store: Store, demo_template: Path
) -> None:
    committee = read.find_committee(store, "Kommunstyrelsen")
    alone = read.load_report(store, committee, 2017, "bokslut")
    add_other_committee(store)
    beside = read.load_report(store, committee, 2017, "bokslut")
    assert read.years(store, committee.id) == [2015, 2016, 2017]
    assert beside.figures == alone.figures
    assert beside.net_cost_by_year == alone.net_cost_by_year
    assert beside.comments == alone.comments
    assert [a.name for a in beside.areas] == [a.name for a in alone.areas]
    assert set(beside.tree.units) == set(alone.tree.units)
