"""The table specifications: one definition per report table that every writer iterates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ksui.core.goals import Goal
from ksui.core.models import Assessment
from ksui.core.report import ReportData
from ksui.tables.drift import report_drift_table
from ksui.tables.geh import geh_table
from ksui.tables.goals import every_indicator_table, goals_table, indicators_table
from ksui.tables.investments import category_table, report_investments_table
from ksui.tables.personnel import SICK_MEASURES, sick_leave_table, sick_rates_table
from ksui.tables.spec import Table, format_value, history_years
from ksui.tables.statements import (
    balance_table,
    grants_table,
    internal_control_table,
    result_table,
)


def every_table(report: ReportData) -> list[Table[Any]]:
    """Each report table of the demo, built from its specification."""
    return [
        report_drift_table(report),
        report_investments_table(report),
        category_table(report.categories[0]),
        goals_table(report.areas),
        *(sick_leave_table(report.sick_leave, report.year, m) for m in SICK_MEASURES),
        sick_rates_table(report.sick_leave),
        result_table(report),
        balance_table(report),
        grants_table(report),
        geh_table(report.geh),
        internal_control_table(report.internal_control),
        *(t for a in report.areas for g in a.goals if (t := indicators_table(g)) is not None),
    ]


def test_the_demo_has_every_kind_of_table(report: ReportData) -> None:
    names = {t.name for t in every_table(report)}
    assert {"drift", "investments", "goals", "indicators", "result", "balance"} <= names
    assert {"grants", "geh", "internal_control", "sick_leave.total", "sick_leave.short"} <= names


def test_every_view_names_columns_that_exist_once(report: ReportData) -> None:
    for table in every_table(report):
        keys = [c.key for c in table.columns]
        assert len(keys) == len(set(keys)), table.name
        for name, view in table.views.items():
            assert len(view) == len(set(view)), (table.name, name)
            assert [c.key for c in table.view(name)] == list(view)


def test_a_generic_writer_needs_nothing_but_the_spec(report: ReportData) -> None:
    """What a Word or Excel writer does: headers, then per row raw values and display text."""
    for table in every_table(report):
        cols = table.view("print")
        headers = [c.label for c in cols]
        assert all(headers), table.name
        for row, cells in table.cells("print"):
            assert [c for c, _ in cells] == cols
            for col, raw in cells:
                text = table.text(row, col)
                assert isinstance(text, str)
                assert (text == "") == (raw is None) or col.kind in ("text", "name", "badge")


def test_drift_history_is_the_years_just_before_the_report_year_newest_first(
    report: ReportData,
) -> None:
    table = report_drift_table(report)
    shown = [c.year for c in table.view("print") if c.key.startswith("y")]
    assert shown == [2016, 2015]
    assert [c.year for c in table.view("screen") if c.key.startswith("y")] == shown
    assert [c.heading for c in table.view("screen") if c.year] == ["NK 2016", "NK 2015"]
    assert history_years([2013, 2017, 2015, 2016, 2018], 2017, 2) == [2016, 2015]
    assert history_years([2014], 2017, 2) == [2014]


def test_drift_narrow_screens_drop_the_oldest_year_first_and_the_deviation_last(
    report: ReportData,
) -> None:
    table = report_drift_table(report)
    order = [c.key for c in table.hide_order("screen")]
    assert order[0] == "y2015"
    assert order.index("forecast_deviation") < order.index("net_cost_change_pct")
    assert order.index("net_cost_change_pct") < order.index("forecast")
    assert "name" not in order


def test_drift_columns_say_what_enter_edits(report: ReportData) -> None:
    table = report_drift_table(report)
    edits = {c.key: c.edits for c in table.view("screen")}
    assert edits["budget"] == "budget" and edits["actual"] == "actual"
    assert edits["deviation"] is None and edits["net_cost_change_pct"] is None


def test_one_label_per_column_and_its_abbreviation(report: ReportData) -> None:
    drift = report_drift_table(report)
    pct = drift.column("net_cost_change_pct")
    assert (pct.label, pct.heading) == ("Nettokostnadsutveckling %", "NK-utv %")
    investments = report_investments_table(report)
    assert investments.column("spent").heading == "Ack. utfall"
    overrun = investments.column("overrun")
    assert (overrun.label, overrun.heading) == ("Överskjutande medel", "Överskj.")
    sick = sick_leave_table(report.sick_leave, report.year)
    change = sick.column("change_points")
    assert (change.label, change.heading) == ("Förändring mot 2016 (pe)", "Förändring")


def test_a_status_is_a_code_for_scripts_and_a_word_for_readers(report: ReportData) -> None:
    table = report_investments_table(report)
    col = table.column("status")
    row = next(r for r in table.rows if not r.group)
    assert table.raw(row, col) == "pagaende"
    assert table.text(row, col) == "Pågående"


def test_a_category_without_projects_has_no_figures(report: ReportData) -> None:
    table = report_investments_table(report)
    empty = next(r for r in table.rows if r.group and not r.item.category.projects)
    assert all(table.raw(empty, c) is None for c in table.view("print")[1:])


def test_goal_rows_and_area_headings(report: ReportData) -> None:
    table = goals_table(report.areas)
    goals = list(table.body(groups=False))
    assert len(goals) == sum(len(a.goals) for a in report.areas)
    heading = next(table.body())
    assert heading.group and heading.strong
    assert table.text(heading, table.column("number")) == ""


def test_sick_leave_years_are_the_last_three_up_to_the_report_year(report: ReportData) -> None:
    table = sick_leave_table(report.sick_leave, report.year)
    assert [c.year for c in table.view("print") if c.edits == "namnd"] == [2015, 2016, 2017]
    kommun = table.column("kommun")
    assert (kommun.edits, kommun.year) == ("kommun", 2017)
    empty = sick_leave_table(report.sick_leave, report.year, "nothing")
    assert [c.key for c in empty.view("print") if c.edits == "namnd"] == ["y2017"]


@pytest.mark.parametrize(
    ("kind", "value", "screen", "document"),
    [
        ("amount", 4_547_400_000, "45 474", "45 474"),
        ("deviation", 261_700_000, "+2 617", "+2 617"),
        ("overrun", -140_000_000, "-1 400", "-1 400"),
        ("change", Decimal("22.01"), "+22,0", "22,0"),
        ("change", Decimal("-34.94"), "-34,9", "-34,9"),
        ("rate", Decimal("4.485"), "4,49", "4,49"),
        ("points", Decimal("-1.07"), "-1,07", "-1,07"),
        ("badge", Assessment.BRISTER, "Har brister", "Har brister"),
        ("badge", None, "", ""),
        ("count", 3, "3", "3"),
        ("number", Decimal("57.25"), "57,25", "57,25"),
        ("number", Decimal("12"), "12", "12"),
    ],
)
def test_cells_are_formatted_the_swedish_way(
    kind: str, value: object, screen: str, document: str
) -> None:
    assert format_value(kind, value, "tkr") == screen
    assert format_value(kind, value, "tkr", "document") == document


def test_an_indicator_has_a_row_per_series_and_a_column_per_year(report: ReportData) -> None:
    goal = next(g for a in report.areas for g in a.goals if g.indicators)
    table = indicators_table(goal)
    assert table is not None
    years = [c.year for c in table.view("print") if c.year is not None]
    assert years == sorted(years) and all(c.edits == "value" for c in table.columns if c.year)
    own = [r for r in table.rows if r.item.series == ""]
    assert own and all(table.raw(r, table.column("direction")) for r in own)


def test_the_screen_gets_every_indicator_and_the_report_only_those_with_values(
    report: ReportData,
) -> None:
    goal = next(g for a in report.areas for g in a.goals if any(not i.values for i in g.indicators))
    printed, screen = indicators_table(goal), every_indicator_table(goal)
    assert printed is not None
    empty = [f"ind:{i.id}:" for i in goal.indicators if not i.values]
    assert [r.key for r in screen.rows if r.key not in empty] == [r.key for r in printed.rows]
    assert all(key in [r.key for r in screen.rows] for key in empty)
    assert [c.key for c in screen.view("print")] == [c.key for c in printed.view("print")]
    assert [c.key for c in screen.view("screen")] == [*printed.views["print"], "trend"]


def test_an_indicator_table_says_what_enter_edits(report: ReportData) -> None:
    goal = next(g for a in report.areas for g in a.goals if g.indicators)
    table = every_indicator_table(goal)
    edits = {c.key: c.edits for c in table.view("screen") if c.year is None}
    assert edits == {"name": "name", "direction": "direction", "trend": None}
    assert table.column("direction").heading == "↑↓"
    assert table.column("direction").label == "Önskad riktning"


def test_a_goal_without_indicators_still_has_the_screens_columns() -> None:
    goal = Goal(1, 1, 1, "Nytt mål")
    assert indicators_table(goal) is None
    table = every_indicator_table(goal)
    assert not table.rows
    assert [c.key for c in table.view("screen")] == ["name", "direction", "trend"]
