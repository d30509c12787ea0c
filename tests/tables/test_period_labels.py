"""Column labels at a follow-up: what the figures are before bokslut, keys never changed."""

from __future__ import annotations

from typing import Any

from ksui.actions.edits import set_figure
from ksui.core.report import ReportData
from ksui.exporters import tabular
from ksui.render.tables import drift_table as rich_drift_table
from ksui.store import Store, read
from ksui.tables.drift import JSON, period_labels, report_drift_table
from ksui.tables.investments import VIEWS, report_investments_table
from ksui.tables.spec import Table
from ksui.tables.statements import result_table
from tests.conftest import TKR, statement_at, tkr


def load(store: Store, period: str) -> ReportData:
    """The demo committee's report of 2017 at a follow-up."""
    return read.load_report(store, read.find_committee(store, None), 2017, period)


def labels(table: Table[Any], view: str = "print") -> list[str]:
    """The labels of a table's view."""
    return [c.label for c in table.view(view)]


def test_bokslut_labels_are_the_years() -> None:
    got = period_labels("bokslut", "delar")
    assert (got.actual, got.forecast, got.deviation) == ("Utfall", "Prognos", "Budgetavvikelse")


def test_drift_at_delar_says_what_the_figures_are(store: Store) -> None:
    table = report_drift_table(load(store, "delar"))
    assert labels(table)[:6] == [
        "tkr",
        "Kommunbidrag",
        "Utfall hittills",
        "Avvikelse hittills",
        "Helårsprognos aug",
        "Prognosavvikelse",
    ]
    assert "Nettokostnadsutveckling %" not in labels(table)
    assert table.column("forecast").heading == "Prognos aug"
    assert table.column("actual").heading == "Utfall ack."
    # Scripts read the same keys at every period.
    assert [c.key for c in table.view("json")] == list(JSON)


def test_drift_at_a_month_shows_the_periodised_budget_and_the_forecasts_month(
    store: Store,
) -> None:
    set_figure(store, 5, 2017, "m05", "actual", tkr(14_000))
    set_figure(store, 5, 2017, "m05", "budget_ytd", tkr(15_000))
    set_figure(store, 3, 2017, "t1", "forecast", tkr(270_000))
    data = load(store, "m05")
    table = report_drift_table(data)
    assert labels(table)[1:6] == [
        "Kommunbidrag",
        "Periodiserad budget",
        "Utfall hittills",
        "Avvikelse hittills",
        "Helårsprognos apr",
    ]
    assert "NK-utv %" not in [c.heading for c in table.view("screen")]
    # The document says it in full; the terminal in the controller's abbreviation.
    assert tabular.drift_text(data).headers[3] == "Utfall hittills"
    rich = rich_drift_table(data.drift(), 2017, period="m05", forecast_period="t1")
    assert [str(c.header) for c in rich.columns][3] == "Utfall ack."


def test_drift_at_bokslut_is_as_before(report: ReportData) -> None:
    table = report_drift_table(report)
    # The document in the report's words, the terminal in the controller's.
    assert labels(table)[1:5] == ["Kommunbidrag", "Prognos", "Utfall", "Budgetavvikelse"]
    assert [c.heading for c in table.view("print")][1:5] == [
        "Budget",
        "Prognos",
        "Utfall",
        "Avvikelse",
    ]


def test_result_statement_at_a_month_is_no_bokslut(store: Store) -> None:
    # No utfall imported for May: the year-end's is not shown in its place.
    before = load(store, "m05")
    assert before.statement_period is None
    assert labels(result_table(before))[1:] == ["Bokslut 2016", "Årsbudget 2017"]
    statement_at(store, 2017, "m05", {"ovriga_intakter": 12_000, "personal": -55_000})
    may = load(store, "m05")
    assert may.statement_period == "m05"
    assert labels(result_table(may))[1:] == [
        "Bokslut 2016",
        "Årsbudget 2017",
        "Utfall hittills 2017",
        "Avvikelse mot årsbudget",
    ]
    assert may.result_values[2017]["personal"] == {
        "budget": -140_888 * TKR,
        "actual": -55_000 * TKR,
    }
    # June has no utfall of its own: May's is not carried into it.
    assert load(store, "m06").statement_period is None
    assert labels(result_table(load(store, "bokslut")))[1:] == [
        "Bokslut 2016",
        "Budget 2017",
        "Bokslut 2017",
        "Budgetavvikelse",
    ]


def test_investments_at_a_follow_up_show_its_utfall_and_the_anslag_in_force(
    store: Store,
) -> None:
    from ksui.actions.edits import set_investment

    def project(period: str, name: str = "Bärbara datorer") -> tuple[int | None, int | None]:
        data = load(store, period)
        found = next(p for c in data.categories for p in c.projects if p.name == name)
        return found.appropriation, found.spent

    # Only the årsrapport's figures: at delår the anslag stands, the year-end utfall does not.
    assert project("delar") == (tkr(2_300), None)
    assert project("bokslut") == (tkr(2_300), tkr(4_270))
    pid = next(
        p.id
        for c in load(store, "t1").categories
        for p in c.projects
        if p.name == "Bärbara datorer"
    )
    set_investment(store, pid, 2017, "spent", tkr(1_200), period="t1")
    set_investment(store, pid, 2017, "spent", tkr(3_100), period="delar")
    set_investment(store, pid, 2017, "appropriation", tkr(4_000), period="m09")
    assert project("t1") == (tkr(2_300), tkr(1_200))
    assert project("m04") == (tkr(2_300), tkr(1_200))  # a figure set at T1 is April's
    assert project("m05") == (tkr(2_300), None)  # an utfall is not carried to May
    assert project("m08") == (tkr(2_300), tkr(3_100))
    assert project("delar") == (tkr(2_300), tkr(3_100))
    assert project("m10") == (tkr(4_000), None)
    # The anslag raised in September stands at bokslut beside the year-end utfall.
    assert project("bokslut") == (tkr(4_000), tkr(4_270))


def test_investments_before_bokslut_are_spent_so_far(store: Store) -> None:
    table = report_investments_table(load(store, "delar"))
    assert labels(table)[2:5] == ["Ack. utfall hittills", "Avvikelse", "Över anslaget hittills"]
    assert [c.key for c in table.view("json")] == list(VIEWS["json"])
    assert labels(report_investments_table(load(store, "bokslut")))[2:5] == [
        "Ack. utfall",
        "Avvikelse",
        "Överskjutande medel",
    ]


def test_investments_without_utfall_for_the_period_show_no_avvikelse(store: Store) -> None:
    """At delår nothing is reported yet: no utfall, no avvikelse of the whole anslag; at
    bokslut a project without utfall spent nothing (Infartsskyltar: 2 600 unspent)."""
    from ksui.actions.edits import set_investment

    def values(period: str) -> dict[str, dict[str, object]]:
        table = report_investments_table(load(store, period))
        return {
            row.item.name: {c.key: v for c, v in cells if c.key in ("spent", "deviation")}
            for row, cells in table.cells("json")
        }

    delar = values("delar")
    assert delar["KS/KF-investeringar"] == {"spent": None, "deviation": None}
    assert delar["Bärbara datorer"] == {"spent": None, "deviation": None}
    assert values("bokslut")["Infartsskyltar"] == {"spent": None, "deviation": tkr(2_600)}
    laptops = next(
        p.id
        for c in load(store, "delar").categories
        for p in c.projects
        if p.name == "Bärbara datorer"
    )
    set_investment(store, laptops, 2017, "spent", tkr(1_000), period="delar")
    delar = values("delar")
    assert delar["Bärbara datorer"] == {"spent": tkr(1_000), "deviation": tkr(1_300)}
    # The category counts the projects that reported: not the others' whole anslag.
    assert delar["KS/KF-investeringar"] == {"spent": tkr(1_000), "deviation": tkr(1_300)}
    assert delar["Trådlösa nät kommunens verksamheter"] == {"spent": None, "deviation": None}


def test_at_80_columns_the_forecast_stands_beside_the_figures_so_far(store: Store) -> None:
    """A narrow screen at delår keeps the helårsprognos, not only its deviation."""
    from ksui.tui.widgets.drift_columns import fit_columns

    data = load(store, "delar")
    table = report_drift_table(data)
    placed = fit_columns(table.view("screen"), [r.item for r in table.rows], "tkr", 80)
    keys = [p.key for p in placed]
    for key in ("budget", "actual", "deviation", "forecast"):
        assert key in keys
    assert keys.index("forecast") < keys.index("forecast_deviation")
