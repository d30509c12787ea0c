"""The nämnder's totals summed by SQL are the drift table's, to the öre, at every follow-up.

The reference is the core's own roll-up of the kommun's recorded rows (what ``ksui drift -c
KOMMUN`` prints): every nämnd's and the kommun's budget in force, periodiserad budget,
prognos, utfall, avvikelse, ursprunglig budget and where the forecast comes from. The
kommuner are drawn at random, with leaves that lack figures, units above the leaves with
figures of their own (which the sums cannot tell and hand to the core), a nämnd without
units, a kommun with figures of its own and months where some nämnder have no utfall.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksui.actions.kommun_totals import kommun_totals, recorded
from ksui.core.figures import figures_at
from ksui.core.models import Unit
from ksui.core.periods import PERIODS
from ksui.core.report import ReportData
from ksui.store import Store, read
from ksui.store.demo import create_database
from tests.store.test_scoping import full_scans

YEAR = 2017
CODES = [p.code for p in PERIODS]
MEASURES = ("budget", "budget_ytd", "forecast", "actual")

#: A figure: (which unit, by its place in the list of units; period code; measure; öre).
FIGURE = st.tuples(
    st.integers(0, 40),
    st.sampled_from(CODES),
    st.sampled_from(MEASURES),
    st.integers(-(10**12), 10**12),
)

#: A kommun: per nämnd, per kontor, how many leaves (a nämnd of no kontor has no units).
SHAPE = st.lists(st.lists(st.integers(0, 3), max_size=3), min_size=1, max_size=4)


@contextmanager
def kommun_file(
    shape: list[list[int]], figures: list[tuple[int, str, str, int]], *, own: bool
) -> Iterator[tuple[Store, Unit]]:
    """A file with a kommun of ``shape`` and ``figures`` on its units (the kommun itself
    among them when ``own``), written through the store's transaction."""
    with tempfile.TemporaryDirectory() as tmp:
        store = create_database(Path(tmp) / "k.sqlite", demo=False)
        try:
            leaves: list[int] = []
            above: list[int] = []  # the nämnder and kontor: units that may have units below
            with store.transaction("Bygg kommunen") as tx:
                kommun = tx.insert("unit", {"kind": "kommun", "name": "Provkommun"})
                for n, kontor in enumerate(shape):
                    namnd = tx.insert(
                        "unit",
                        {"parent_id": kommun, "kind": "namnd", "name": f"N{n}", "position": n},
                    )
                    above.append(namnd)
                    for k, count in enumerate(kontor):
                        office = tx.insert(
                            "unit", {"parent_id": namnd, "kind": "kontor", "name": f"K{k}"}
                        )
                        above.append(office)
                        for leaf in range(count):
                            leaves.append(
                                tx.insert(
                                    "unit",
                                    {"parent_id": office, "kind": "ansvar", "name": f"A{leaf}"},
                                )
                            )
                # Mostly leaves, as a ledger gives them; now and then a unit above them.
                units = leaves * 4 + above + ([kommun] if own else [])
                for place, code, measure, amount in figures:
                    if units:
                        key = {
                            "unit_id": units[place % len(units)],
                            "year": YEAR,
                            "period": code,
                            "measure": measure,
                        }
                        tx.upsert("drift_figure", key, {"amount": amount})
            yield store, read.org_tree(store).units[kommun]
        finally:
            store.close()


def drift_of(store: Store, kommun: Unit, period: str) -> list[tuple[object, ...]]:
    """The kommun's and its nämnder's rows as the core rolls the whole kommun up."""
    rows = read.figure_rows(store, kommun.id, YEAR)
    data = ReportData(
        committee=kommun,
        year=YEAR,
        period=period,
        tree=read.org_tree(store, kommun.id),
        figures=figures_at(rows, period),
        net_cost_by_year={},
        rows=tuple(rows),
    )
    return [_shown(row) for row in data.drift() if row.depth <= 1]


def _shown(row: object) -> tuple[object, ...]:
    return tuple(
        getattr(row, name)
        for name in (
            "unit",
            "depth",
            "figures",
            "deviation",
            "forecast_deviation",
            "budget_original",
            "forecast_source",
            "has_children",
        )
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(shape=SHAPE, figures=st.lists(FIGURE, max_size=60), own=st.booleans())
def test_the_sums_are_the_drift_tables_at_every_follow_up(
    shape: list[list[int]], figures: list[tuple[int, str, str, int]], own: bool
) -> None:
    with kommun_file(shape, figures, own=own) as (store, kommun):
        pairs = recorded(store, kommun, YEAR)
        assert pairs == {(r[2], r[3]) for r in read.figure_rows(store, kommun.id, YEAR)}
        for period in CODES:
            found = kommun_totals(store, kommun, YEAR, period, pairs)
            assert [_shown(row) for row in found.rows] == drift_of(store, kommun, period)


def test_a_month_where_one_namnd_has_no_utfall() -> None:
    """March: N0's leaves have an utfall, N1 has only its budget; the kommun sums N0."""
    figures = [
        (0, "m01", "budget", 100_000),
        (1, "m01", "budget", 50_000),
        (2, "m01", "budget", 70_000),
        (0, "m03", "actual", 30_000),
        (1, "m03", "actual", 10_000),
        (2, "m08", "actual", 40_000),  # N1's utfall comes in August only
        (0, "m04", "forecast", 110_000),
    ]
    with kommun_file([[2], [1]], figures, own=False) as (store, kommun):
        found = kommun_totals(store, kommun, YEAR, "m03")
        total, first, second = found.rows
        assert first.figures.actual == 40_000 and second.figures.actual is None
        assert total.figures.actual == 40_000
        assert total.figures.budget == 220_000
        assert second.deviation is None  # no utfall, no avvikelse
        assert [_shown(row) for row in found.rows] == drift_of(store, kommun, "m03")
        # In April the forecast of one leaf stands; the other leaves are assumed on budget.
        april = kommun_totals(store, kommun, YEAR, "m04")
        assert april.rows[1].figures.forecast == 110_000 + 50_000
        assert april.rows[1].forecast_source == "children"
        assert april.rows[2].forecast_source == "budget"
        assert april.forecast_period == "m04"


@pytest.mark.parametrize("period", ["bokslut", "delar", "m05"])
def test_the_sums_read_along_indexes(period: str) -> None:
    figures = [(place, code, "actual", 1_000) for place in range(6) for code in CODES[::3]]
    figures += [(place, "m01", "budget", 5_000) for place in range(6)]
    with kommun_file([[2, 1], [3]], figures, own=False) as (store, kommun):
        scans = full_scans(store, lambda: kommun_totals(store, kommun, YEAR, period))
        # »pairs« is the query's own list of the year's (period, measure), not a table, and
        # so are its VALUES (»SCAN 6 CONSTANT ROWS«) and »per«, a nämnd's units' figures.
        own = re.compile(r"SCAN (pairs|per|\d+ CONSTANT ROWS) ")
        assert [step for step in scans if not own.match(step)] == []


def test_recorded_counts_the_kommuns_own_units_only() -> None:
    """A pair only a nämnd outside the kommun has is not the kommun's; one only the kommun's
    own row or a deep leaf has is (the walk up from a row reaches the kommun)."""
    figures = [(0, "m01", "budget", 5_000), (0, "m03", "actual", 1_000)]
    with kommun_file([[2], [1]], figures, own=False) as (store, kommun):
        with store.transaction("Annan nämnd") as tx:
            other = tx.insert("unit", {"kind": "namnd", "name": "Fristående"})
            for code, measure in (("m02", "actual"), ("m03", "actual"), ("m05", "forecast")):
                key = {"unit_id": other, "year": YEAR, "period": code, "measure": measure}
                tx.upsert("drift_figure", key, {"amount": 7})
            key = {"unit_id": kommun.id, "year": YEAR, "period": "m06", "measure": "budget"}
            tx.upsert("drift_figure", key, {"amount": 9})
        assert recorded(store, kommun, YEAR) == {
            ("m01", "budget"),
            ("m03", "actual"),
            ("m06", "budget"),
        }
        assert recorded(store, kommun, YEAR + 1) == frozenset()
