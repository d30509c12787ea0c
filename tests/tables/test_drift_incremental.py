"""The drift table patched after an edit (only the changed lines made and measured anew) is
the table, and the columns' measure, that making it afresh from the edited figures gives."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksui.core.drift import DriftRow
from ksui.core.report import ReportData
from ksui.store import Store, read
from ksui.tables.drift import DriftLine, drift_table, forecast_period, patch_drift_table
from ksui.tables.spec import Table
from ksui.tui.widgets.drift_columns import Measured, measure_columns, place_columns, remeasure

MEASURES = ("actual", "budget_ytd", "budget", "forecast")
#: Amounts from a few öre to more than any nämnd's total, of either sign: widths change.
AMOUNTS = st.one_of(
    st.integers(min_value=-(10**13), max_value=10**13),
    st.integers(min_value=-1000, max_value=1000),
    st.sampled_from([0, 10**12, -(10**12), 99_999_999_999]),
)


def table_of(data: ReportData, rows: list[DriftRow]) -> Table[DriftLine]:
    """The table the screen makes of a report's rows."""
    return drift_table(
        rows,
        data.year,
        "tkr",
        period=data.period,
        forecast_period=forecast_period(data),
        done=data.forecast_done,
    )


def changed_rows(before: list[DriftRow], after: list[DriftRow]) -> list[int]:
    """The positions whose row differs."""
    return [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]


def assert_same_table(patched: Table[DriftLine], fresh: Table[DriftLine]) -> None:
    """Same lines, same views and the same columns (by key, label and kind)."""
    assert patched.rows == fresh.rows
    assert patched.views == fresh.views
    assert [(c.key, c.label, c.kind, c.short) for c in patched.columns] == [
        (c.key, c.label, c.kind, c.short) for c in fresh.columns
    ]


def assert_same_measure(kept: Measured, fresh: Measured) -> None:
    """The same extremes, widths and name room."""
    assert kept.extents == fresh.extents
    assert kept.names == fresh.names
    for width in (60, 80, 120, 200):
        assert [(p.key, p.width, p.figures) for p in place_columns(kept, width)] == [
            (p.key, p.width, p.figures) for p in place_columns(fresh, width)
        ]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(
        st.tuples(st.integers(min_value=0, max_value=40), st.sampled_from(MEASURES), AMOUNTS),
        min_size=1,
        max_size=6,
    ),
    period=st.sampled_from(["bokslut", "delar", "m05", "m02"]),
)
def test_edits_patch_the_table_a_fresh_computation_gives(
    store: Store, picks: list[tuple[int, str, int]], period: str
) -> None:
    data = read.load_report(store, read.find_committee(store, None), 2017, period)
    units = sorted(data.tree.units)
    rows = data.drift()
    table = table_of(data, rows)
    lines = [r.item for r in table.rows]
    measured = measure_columns(table.view("screen"), lines, "tkr")
    for index, measure, amount in picks:
        unit = units[index % len(units)]
        data = data.with_figure(unit, period, measure, amount)
        after = data.drift()
        changed = changed_rows(rows, after)
        fresh = table_of(data, after)
        fresh_lines = [r.item for r in fresh.rows]
        fresh_measure = measure_columns(fresh.view("screen"), fresh_lines, "tkr")
        patched = patch_drift_table(table, rows, after, changed)
        if patched is None:
            # The columns change (a first periodiserad budget, say): made afresh, as the
            # screen does.
            table, lines, measured = fresh, fresh_lines, fresh_measure
        else:
            assert_same_table(patched, fresh)
            new_lines = [r.item for r in patched.rows]
            measured = remeasure(measured, lines, new_lines, changed)
            assert_same_measure(measured, fresh_measure)
            table, lines = patched, new_lines
        rows = after


@given(
    values=st.lists(
        st.lists(st.one_of(st.none(), AMOUNTS), min_size=6, max_size=6), min_size=1, max_size=8
    )
)
def test_a_column_remeasured_line_by_line_is_measured_as_a_whole(
    values: list[list[int | None]], report: ReportData
) -> None:
    """Any run of changes to a few lines, including the ones holding a column's extremes,
    leaves the same extremes as measuring every line again."""
    rows = report.drift()[:6]
    table = table_of(report, rows)
    lines = [r.item for r in table.rows]
    columns = table.view("screen")
    measured = measure_columns(columns, lines, "tkr")
    for actuals in values:
        new_lines = [
            replace(
                line,
                row=replace(
                    line.row,
                    figures=line.row.figures._replace(actual=actual),
                    net_cost={**line.row.net_cost, line.row.year: actual},
                ),
            )
            for line, actual in zip(lines, actuals, strict=True)
        ]
        changed = [i for i in range(len(lines)) if lines[i] != new_lines[i]]
        measured = remeasure(measured, lines, new_lines, changed)
        assert_same_measure(measured, measure_columns(columns, new_lines, "tkr"))
        lines = new_lines


def test_a_change_of_columns_is_left_to_a_fresh_table(store: Store) -> None:
    """A unit's first periodiserad budget brings the column: no patch."""
    data = read.load_report(store, read.find_committee(store, None), 2017, "bokslut")
    rows = data.drift()
    table = table_of(data, rows)
    leaf = next(r for r in rows if not r.has_children and r.figures.budget_ytd is None)
    edited = data.with_figure(leaf.unit.id, "bokslut", "budget_ytd", 100_000)
    after = edited.drift()
    assert patch_drift_table(table, rows, after, changed_rows(rows, after)) is None


def test_the_forecast_period_is_kept_with_the_rows(store: Store) -> None:
    """The follow-up the forecasts were made at is read once per recorded rows."""
    from ksui.core.narrative import latest_forecast_period

    for period in ("bokslut", "delar", "m02"):
        data = read.load_report(store, read.find_committee(store, None), 2017, period)
        assert forecast_period(data) == latest_forecast_period(data)
        assert forecast_period(data.at("m02")) == latest_forecast_period(data.at("m02"))
        assert forecast_period(data) == latest_forecast_period(data)
