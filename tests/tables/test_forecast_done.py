"""The klar mark of a unit's forecast: a JSON boolean, and on screen a ✔ after the forecast."""

from __future__ import annotations

from ksui.actions.forecasts import mark_done
from ksui.core.report import ReportData
from ksui.core.text import stand_in
from ksui.exporters import tabular
from ksui.store import Store, read
from ksui.tables.drift import report_drift_table
from ksui.tui.widgets.drift_columns import MARK, fit_columns


def load(store: Store, period: str) -> ReportData:
    """The demo committee's report of 2017 at a follow-up."""
    return read.load_report(store, read.find_committee(store, None), 2017, period)


def unit_id(data: ReportData, name: str) -> int:
    return next(u.id for u in data.tree.units.values() if u.name == name)


def test_json_says_per_unit_whether_the_forecast_is_klar(store: Store) -> None:
    data = load(store, "delar")
    mark_done(store, unit_id(data, "Politisk ledning"), 2017, "delar")
    document = tabular.drift_document(load(store, "delar"))
    done = {u["name"]: u["forecast_done"] for u in document["units"]}
    assert done["Politisk ledning"] is True
    assert done["Ekonomi"] is False and document["total"]["forecast_done"] is False
    keys = list(document["total"])
    assert keys.index("forecast_done") == keys.index("forecast_source") + 1
    # A klar mark belongs to its follow-up: bokslut does not show delår's.
    at_bokslut = tabular.drift_document(load(store, "bokslut"))
    assert not any(u["forecast_done"] for u in at_bokslut["units"])
    assert "forecast_done" not in tabular.drift_csv(data).split("\r\n")[0]


def test_the_screen_marks_the_forecast_and_keeps_the_columns_of_80_wide(store: Store) -> None:
    data = load(store, "delar")
    mark_done(store, unit_id(data, "Politisk ledning"), 2017, "delar")
    table = report_drift_table(load(store, "delar"))
    lines = [r.item for r in table.rows]
    placed = fit_columns(table.view("screen"), lines, "tkr", 78)
    keys = [p.key for p in placed]
    # No column of its own: the forecast deviation still fits beside it.
    assert "forecast_done" not in keys and "forecast_deviation" in keys
    forecast = placed[keys.index("forecast")]
    texts = {line.row.unit.name: forecast.text(line, "tkr") for line in lines}
    assert texts["Politisk ledning"] == f"73 481 {MARK}"
    assert texts["Kommunstyrelsen"] == "339 990  "  # room kept: the figures stay aligned
    assert texts["Ekonomi"] == "  "


def test_bokslut_keeps_its_width_until_a_unit_is_marked(store: Store) -> None:
    def marked(data: ReportData) -> list[str]:
        table = report_drift_table(data)
        lines = [r.item for r in table.rows]
        return [p.key for p in fit_columns(table.view("screen"), lines, "tkr", 200) if p.mark]

    data = load(store, "bokslut")
    assert marked(data) == []
    mark_done(store, unit_id(data, "HR"), 2017, "bokslut")
    assert marked(load(store, "bokslut")) == ["forecast"]


def test_the_mark_reads_without_colour_and_without_utf8() -> None:
    assert stand_in(MARK, one_cell=True) == "v"
