"""Rich, the TUI, Markdown, CSV and JSON draw their headers and keys from the same spec."""

from __future__ import annotations

from typing import Any

from rich.table import Table as RichTable

from ksui.core.report import ReportData
from ksui.exporters import tabular
from ksui.render import tables as rich_tables
from ksui.tables.drift import report_drift_table
from ksui.tables.goals import goals_table
from ksui.tables.investments import report_investments_table
from ksui.tables.personnel import sick_leave_table
from ksui.tables.spec import Table


def rich_headers(table: RichTable) -> list[str]:
    return [str(c.header) for c in table.columns]


def headings(spec: Table[Any], view: str = "print") -> list[str]:
    return [c.heading for c in spec.view(view)]


def labels(spec: Table[Any], view: str = "print") -> list[str]:
    return [c.label for c in spec.view(view)]


def test_rich_shows_the_specs_headings(report: ReportData) -> None:
    drift = rich_tables.drift_table(report.drift(), report.year)
    assert rich_headers(drift) == headings(report_drift_table(report))
    invest = rich_tables.investments_table(report.categories)
    assert rich_headers(invest) == headings(report_investments_table(report))
    sick = rich_tables.personnel_table(report.sick_leave, report.year)
    assert rich_headers(sick) == headings(sick_leave_table(report.sick_leave, report.year))
    goals = rich_tables.goals_table(report.areas)
    assert rich_headers(goals) == headings(goals_table(report.areas))


def test_markdown_shows_the_specs_labels(report: ReportData) -> None:
    assert list(tabular.drift_text(report).headers) == labels(report_drift_table(report))
    overview = tabular.investments_overview_text(report.categories)
    assert list(overview.headers) == labels(report_investments_table(report))
    sick = tabular.sick_text(report.sick_leave, report.year)
    assert list(sick.headers) == labels(sick_leave_table(report.sick_leave, report.year))


def test_csv_header_and_json_keys_are_the_specs_keys(report: ReportData) -> None:
    drift = report_drift_table(report)
    assert tabular.drift_csv(report).split("\r\n")[0] == ",".join(drift.views["csv"])
    assert list(tabular.drift_document(report)["total"]) == list(drift.views["json"])
    invest = report_investments_table(report)
    doc = tabular.investments_document(report)
    project = doc["categories"][0]["projects"][0]
    assert list(project) == list(invest.views["json"])
    assert tabular.investments_csv(report).split("\r\n")[0] == ",".join(invest.views["csv"])


def test_the_deviation_keeps_its_sign_and_colour_in_rich(report: ReportData) -> None:
    spec = report_drift_table(report)
    col = spec.column("deviation")
    cell = rich_tables.cell(col, spec.raw(spec.rows[0], col), "tkr")
    assert cell.plain == "+5 031" and str(cell.style) == "green"
