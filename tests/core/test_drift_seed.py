"""The seed's drift table (1.1.1 and 1.1.2), recomputed from the demo database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ksui.core.drift import DriftRow
from ksui.core.report import ReportData
from ksui.core.swedish import round_decimal
from tests.conftest import tkr

# name: (nämndbidrag, resultat, NK 2017, NK 2016, NK 2015, nettokostnadsutveckling %)
UNITS = {
    "Stadsdirektörens kansli": (11964, 1883, 10081, 15480, 9304, "-34.9"),
    "Ekonomi": (45474, 2617, 42857, 35126, 29507, "22.0"),
    "HR": (38744, 46, 38698, 39875, 35208, "-3.0"),
    "Administration och utredning": (133239, 2925, 130314, 119630, 128121, "8.9"),
    "Destination Södertälje": (30320, -519, 30839, 29329, 24652, "5.1"),
    "Kommunikation": (19479, -1359, 20838, 18542, 18170, "12.4"),
    "Politisk ledning": (73481, 39, 73442, 71611, 70753, "2.6"),
}


def rows_by_name(report: ReportData) -> dict[str, DriftRow]:
    return {row.unit.name: row for row in report.drift()}


@pytest.mark.parametrize("name", list(UNITS))
def test_each_unit_line(report: ReportData, name: str) -> None:
    budget, result, nk, nk_prev, nk_prev2, pct = UNITS[name]
    row = rows_by_name(report)[name]
    assert row.budget == tkr(budget)
    assert row.deviation == tkr(result)
    assert row.figures.actual == tkr(nk)
    assert row.net_cost[2016] == tkr(nk_prev)
    assert row.net_cost[2015] == tkr(nk_prev2)
    assert round_decimal(row.net_cost_change_pct) == Decimal(pct)


def test_namndens_eget_ansvar_recomputed(report: ReportData) -> None:
    row = rows_by_name(report)["Nämndens eget ansvar"]
    assert row.deviation == tkr(-601)
    assert row.figures.actual == tkr(601)
    # The report prints 220,1 %; (601 − 442) / 442 is 36,0 %. We assert the recomputation.
    assert round_decimal(row.net_cost_change_pct) == Decimal("36.0")


def test_kontor_total(report: ReportData) -> None:
    row = rows_by_name(report)["Kommunstyrelsens kontor"]
    assert row.budget == tkr(279220)
    assert row.deviation == tkr(4992)
    # Printed 274 229 and 258 425: the published lines sum to 274 228 and 258 424 (rounding).
    assert row.figures.actual == tkr(274228)
    assert row.net_cost[2016] == tkr(258424)
    assert row.net_cost[2015] == tkr(244594)
    assert round_decimal(row.net_cost_change_pct) == Decimal("6.1")
    assert row.figures.forecast == tkr(266509)


def test_namnd_total(report: ReportData) -> None:
    row = report.total()
    assert row.unit.name == "Kommunstyrelsen"
    assert row.budget == tkr(352701)
    assert row.figures.forecast == tkr(339990)
    # Printed 5 030 and 347 671; the recomputed lines give 5 031 and 347 670 (1 tkr rounding).
    assert row.deviation == tkr(5031)
    assert row.figures.actual == tkr(347670)
    assert row.net_cost[2016] == tkr(330035)  # printed 330 036
    assert row.net_cost[2015] == tkr(315347)
    assert round_decimal(row.net_cost_change_pct) == Decimal("5.3")


def test_forecast_deviation_at_delar(report: ReportData) -> None:
    row = rows_by_name(report)["Politisk ledning"]
    # Prognos augusti equals the allocation: no forecast deviation.
    assert row.forecast_deviation == 0
    kontor = rows_by_name(report)["Kommunstyrelsens kontor"]
    assert kontor.forecast_deviation == tkr(279220 - 266509)


def test_rows_come_in_report_order(report: ReportData) -> None:
    names = [r.unit.name for r in report.drift()]
    assert names[:3] == ["Kommunstyrelsen", "Kommunstyrelsens kontor", "Stadsdirektörens kansli"]
    assert names[-1] == "Politisk ledning"
