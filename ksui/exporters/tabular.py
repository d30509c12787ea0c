"""The report's tables as data: JSON documents, CSV rows and plain text tables.

Scripts get amounts as exact kronor (öre / 100 through Decimal, never a float),
percentages rounded to one decimal, procentenheter and sjuktal to two, and lägesbedömningar
as a stable code (bra, ok, brister) beside the Swedish label. Documents get ``TextTable``s
whose cells are already in Swedish number format; ``ksui.exporters.markdown`` turns them
into Markdown. Every table's columns come from its specification in ``ksui.tables``; this
module only writes them. Nothing here knows Markdown, Rich or the terminal.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ksui.core.figures import stands_in
from ksui.core.goals import Area, Goal, Indicator, TextItem
from ksui.core.investments import Category, total_overrun
from ksui.core.kommun import KommunResult
from ksui.core.kommun import from_report as kommun_from_report
from ksui.core.models import Assessment
from ksui.core.peers import RIKET_SERIES
from ksui.core.periods import BY_CODE
from ksui.core.personnel import SickLeaveTable
from ksui.core.report import ReportData
from ksui.core.shares import of_item
from ksui.core.spreadsheet import guard_cell
from ksui.core.swedish import format_amount, ore_to_kronor, round_decimal
from ksui.tables.drift import report_drift_table
from ksui.tables.geh import geh_table
from ksui.tables.goals import goals_table, indicators_table
from ksui.tables.investments import category_table, investments_table, report_investments_table
from ksui.tables.kommun import balance_table as kommun_balance_table
from ksui.tables.kommun import result_table as kommun_result_table
from ksui.tables.personnel import SICK_MEASURES, sick_leave_table, sick_rates_table
from ksui.tables.shares import shares_table
from ksui.tables.spec import MONEY, Column, Row, Table, Value
from ksui.tables.statements import (
    balance_table,
    grants_table,
    internal_control_table,
    result_table,
)

# -- serialisation ---------------------------------------------------------------------------


def to_json(document: Any, indent: int = 2) -> str:
    """JSON text in which Decimals are written as exact numbers (no float artefacts)."""
    return _encode(document, indent, 0) + "\n"


def _encode(value: Any, indent: int, level: int) -> str:
    """Encode one value; dicts and lists are laid out ``indent`` spaces per level."""
    if value is None or isinstance(value, bool | int | float | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return "null" if not value.is_finite() else _decimal_text(value)
    pad = "\n" + " " * (indent * (level + 1))
    end = "\n" + " " * (indent * level)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = [
            f"{json.dumps(str(k), ensure_ascii=False)}: {_encode(v, indent, level + 1)}"
            for k, v in value.items()
        ]
        return "{" + pad + ("," + pad).join(items) + end + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [_encode(v, indent, level + 1) for v in value]
        return "[" + pad + ("," + pad).join(items) + end + "]"
    raise TypeError(f"kan inte skriva {type(value).__name__} som JSON")


def _decimal_text(value: Decimal) -> str:
    """A Decimal in plain notation, never '-0.0' (rounding can leave a negative zero)."""
    return format(abs(value) if value == 0 else value, "f")


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """RFC 4180 CSV: comma-separated, '.' as decimal point, CRLF line ends, empty for null.

    Text that a spreadsheet would run as a formula gets a leading ' (see guard_cell).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    """One CSV cell: numbers as numbers, text guarded against formulas, None as empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, str):
        return guard_cell(value)
    return value


def kronor(ore: int | None) -> Decimal | None:
    """Öre as exact kronor for scripts; None stays None."""
    return ore_to_kronor(ore)


def pct(value: Decimal | None, decimals: int = 1) -> Decimal | None:
    """A percentage rounded the way the report prints it (one decimal by default)."""
    return round_decimal(value, decimals)


def assessment_code(value: Assessment | None) -> str | None:
    """The stable code of a lägesbedömning (bra, ok, brister), or None."""
    return None if value is None else value.value


def assessment_label(value: Assessment | None) -> str | None:
    """The Swedish label of a lägesbedömning (Bra, Ok, Har brister), or None."""
    return None if value is None else value.label


def _head(data: ReportData) -> dict[str, Any]:
    """The keys every document starts with: which committee, year and follow-up."""
    return {
        "committee": data.committee.name,
        "year": data.year,
        "period": data.period,
        "period_label": data.period_info.label,
    }


# -- any table of ksui.tables -------------------------------------------------------------


def json_value(col: Column[Any], value: Value) -> Any:
    """A cell's value for scripts: kronor, rounded percentages, assessment codes, maps by year."""
    if col.per_year:
        return {str(y): _scalar(col.kind, v) for y, v in value.items()}
    return _scalar(col.kind, value)


def _scalar(kind: str, value: Value) -> Any:
    """One value by its kind: money in exact kronor, percent to one decimal, rates to two."""
    if value is None:
        return None
    if kind in MONEY:
        return kronor(int(value))
    if kind == "change":
        return pct(value, 1)
    if kind in ("rate", "points"):
        return pct(value, 2)
    if kind == "badge":
        return assessment_code(value)
    return value


def record(table: Table[Any], row: Row[Any], view: str = "json") -> dict[str, Any]:
    """One row as a JSON object: the view's keys in order, values as scripts get them."""
    return {c.key: json_value(c, c.value(row.item)) for c in table.view(view)}


def table_csv(table: Table[Any], view: str = "csv", *, groups: bool = False) -> str:
    """A table as CSV: the view's keys as the header, one line per row (group rows only if
    ``groups``)."""
    cols = table.view(view)
    rows = [[json_value(c, c.value(r.item)) for c in cols] for r in table.body(groups=groups)]
    return to_csv([c.key for c in cols], rows)


# -- drift -----------------------------------------------------------------------------------


def drift_document(data: ReportData) -> dict[str, Any]:
    """`ksui drift --format json`: every unit below the committee in tree order, and the total
    (a kommun's also its årets resultat and balanskravsutredning, ``kommun_document``)."""
    table = report_drift_table(data)
    total, *units = (record(table, r) for r in table.rows)
    document: dict[str, Any] = _head(data)
    # The month whose utfall the figures are, only when the period has none of its own yet
    # (December's at bokslut before the bokslut is entered): other documents keep their bytes.
    actual_from = stands_in(data.rows, data.period)
    if actual_from is not None:
        document["actual_from"] = actual_from
    document.update(currency="kr", units=units, total=total)
    found = kommun_from_report(data)
    if found is not None:
        document["kommun_result"] = kommun_document(found)
    return document


def kommun_document(result: KommunResult) -> dict[str, Any]:
    """Årets resultat per column, its lines, and the balanskravsutredning (kronor, signed as
    they move the result; ``basis`` is the column the balanskrav starts from)."""
    lines = kommun_result_table(result)
    balance = kommun_balance_table(result)
    annual = lines.rows[-1]
    return {
        "lines": [record(lines, r) for r in lines.rows],
        "annual_result": {
            k: v for k, v in record(lines, annual).items() if k not in ("name", "kind")
        },
        "basis": result.basis,
        "balance_requirement": [record(balance, r) for r in balance.rows],
        "after_adjustments": kronor(result.after_adjustments),
        "balance_result": kronor(result.balance_result),
    }


def drift_csv(data: ReportData) -> str:
    """The drift table as CSV: the committee first (depth 0), then every unit in tree order;
    a kommun with lines of its own adds them, årets resultat and the balanskravsutredning
    (each amount in the basis column), told apart by ``kind``."""
    table = report_drift_table(data)
    found = kommun_from_report(data)
    if found is None or found.empty:
        return table_csv(table, groups=True)
    cols = table.view("csv")
    rows = [[json_value(c, c.value(r.item)) for c in cols] for r in table.body(groups=True)]
    keys = [c.key for c in cols]
    lines = kommun_result_table(found)
    rows += [[record(lines, r).get(k) for k in keys] for r in lines.rows]
    balance = kommun_balance_table(found)
    for item in (record(balance, r) for r in balance.rows):
        cells = {"name": item["name"], "kind": item["kind"], found.basis: item["amount"]}
        rows.append([cells.get(k) for k in keys])
    return to_csv(keys, rows)


# -- investments ------------------------------------------------------------------------------


def investments_document(data: ReportData) -> dict[str, Any]:
    """`ksui investments --format json`: categories with their projects, and the total."""
    table = report_investments_table(data)
    categories: list[dict[str, Any]] = []
    for row in table.rows:
        if row.group:
            categories.append({**record(table, row, "json_category"), "projects": []})
        else:
            categories[-1]["projects"].append(record(table, row))
    appropriation = sum(c.appropriation for c in data.categories)
    reported = any(c.reported for c in data.categories)
    # Before bokslut the utfall and avvikelse cover the projects that reported (Category).
    total = {
        "appropriation": kronor(appropriation),
        "spent": kronor(sum(c.spent for c in data.categories)) if reported else None,
        "deviation": kronor(sum(c.deviation for c in data.categories)) if reported else None,
        "overrun": kronor(total_overrun(data.categories)) if reported else None,
    }
    return {**_head(data), "currency": "kr", "categories": categories, "total": total}


def investments_csv(data: ReportData) -> str:
    """One row per project, with its category's name."""
    return table_csv(report_investments_table(data))


# -- goals ------------------------------------------------------------------------------------


def _counts(counts: Mapping[Assessment, int]) -> dict[str, int]:
    """Goal counts keyed by the stable codes."""
    return {a.value: counts.get(a, 0) for a in Assessment}


def indicator_record(indicator: Indicator) -> dict[str, Any]:
    """An indicator with its values per year and series ('' is the kommun's own).

    Each of the own series' values has beside it the comparison group's median that year
    (``group_median``, over the members with a value) and riket's value (``riket``, the
    series Riket); both are None where there is none, and on the comparisons' own values.
    """
    medians = indicator.group_medians()
    riket = {v.year: v.value for v in indicator.series(RIKET_SERIES)}
    return {
        "name": indicator.name,
        "source": indicator.source or None,
        "unit": indicator.unit or None,
        "direction": indicator.direction,
        "trend": indicator.trend() or None,
        "values": [
            {
                "year": v.year,
                "series": v.series,
                "value": v.value,
                "group_median": None if name else medians.get(v.year),
                "riket": None if name else riket.get(v.year),
            }
            for name in indicator.series_names()
            for v in indicator.series(name)
        ],
    }


def item_record(
    item: TextItem, shown: Callable[[str], str] = str, data: ReportData | None = None
) -> dict[str, Any]:
    """An inriktning or åtgärd with its uppföljning, and its table of shares (``shares``,
    a line per share: its label and the share in percent per follow-up) where it has one."""
    out: dict[str, Any] = {
        "kind": item.kind,
        "text": shown(item.text),
        "followup": shown(item.followup) or None,
    }
    lines = of_item(data.shares, item.id) if data is not None else []
    if data is not None and lines:
        table = shares_table(lines, data.year, data.period)
        out["shares"] = [record(table, row) for row in table.rows]
    return out


def goal_record(
    goal: Goal, shown: Callable[[str], str] = str, data: ReportData | None = None
) -> dict[str, Any]:
    """A KF-mål with its lägesbedömning, uppföljning, indicators and texts (``shown``
    reads the texts' live references; ``data`` gives the inriktningar their shares)."""
    return {
        "number": goal.number,
        "title": goal.title,
        "assessment": assessment_code(goal.assessment),
        "assessment_label": assessment_label(goal.assessment),
        "followup": shown(goal.followup) or None,
        "indicators": [indicator_record(i) for i in goal.indicators],
        "items": [item_record(i, shown, data) for i in goal.items],
    }


def goals_document(
    data: ReportData, suggested: Mapping[int, Assessment | None] | None = None
) -> dict[str, Any]:
    """`ksui goals --format json`: areas with their goals and the counts per assessment."""
    suggested = suggested or {}
    areas = []
    total: dict[str, int] = {a.value: 0 for a in Assessment}
    for area in data.areas:
        counts = _counts(area.counts())
        for key, n in counts.items():
            total[key] += n
        hint = suggested.get(area.id)
        areas.append(
            {
                "name": area.name,
                "assessment": assessment_code(area.assessment),
                "assessment_label": assessment_label(area.assessment),
                "suggested": assessment_code(hint),
                "suggested_label": assessment_label(hint),
                "counts": counts,
                "unassessed": area.unassessed,
                "summary": data.rendered(area.summary) or None,
                "goals": [goal_record(g, data.rendered, data) for g in area.goals],
                # The area's own inriktningar and uppdrag (Övrig inriktning 4 …), where it has any.
                **(
                    {"items": [item_record(i, data.rendered, data) for i in area.items]}
                    if area.items
                    else {}
                ),
            }
        )
    return {**_head(data), "counts": total, "areas": areas}


def goals_csv(data: ReportData) -> str:
    """One row per KF-mål with its area and both assessments (codes, and the label)."""
    return table_csv(goals_table(data.areas))


# -- personnel --------------------------------------------------------------------------------


def personnel_document(data: ReportData) -> dict[str, Any]:
    """`ksui personnel --format json`: sjuktal per group, with changes in procentenheter."""
    groups = []
    for measure in SICK_MEASURES:
        table = sick_leave_table(data.sick_leave, data.year, measure)
        groups += [record(table, row) for row in table.rows]
    return {**_head(data), "sick_leave": groups}


def personnel_csv(data: ReportData) -> str:
    """Every sick-leave rate in long form: one row per measure, group, scope and year."""
    return table_csv(sick_rates_table(data.sick_leave))


# -- text tables for documents ---------------------------------------------------------------


@dataclass(frozen=True)
class TextRow:
    """One row of a document table: cells as a reader sees them, and its place in a tree."""

    cells: tuple[str, ...]
    depth: int = 0
    strong: bool = False


@dataclass(frozen=True)
class TextTable:
    """A table of display text; ``align`` holds 'l' or 'r' per column."""

    headers: tuple[str, ...]
    rows: tuple[TextRow, ...]
    align: tuple[str, ...]

    def __post_init__(self) -> None:
        width = len(self.headers)
        if len(self.align) != width or any(len(r.cells) != width for r in self.rows):
            raise ValueError("every row of a table needs one cell per column")


def text_table(table: Table[Any], view: str = "print") -> TextTable:
    """Any table of ksui.tables as display text: the report's labels, Swedish numbers."""
    cols = table.view(view)
    rows = tuple(
        TextRow(tuple(table.text(r, c, "document") for c in cols), depth=r.depth, strong=r.strong)
        for r in table.rows
    )
    return TextTable(tuple(c.label for c in cols), rows, tuple(c.align for c in cols))


def drift_text(data: ReportData, unit: str = "tkr", history: int | None = None) -> TextTable:
    """The drift table: budget, prognos, utfall, avvikelse, net cost per year and its change."""
    return text_table(report_drift_table(data, unit, history))


def budget_changes_text(data: ReportData, unit: str = "tkr") -> TextTable:
    """Budgetförändringar under året: when each unit's budget changed, by how much and why."""
    rows = tuple(
        TextRow(
            (
                c.unit.name,
                BY_CODE[c.period].label,
                format_amount(c.before, unit),
                format_amount(c.change, unit, signed=True),
                format_amount(c.after, unit),
                c.reason,
            )
        )
        for c in data.budget_changes()
    )
    headers = ("Enhet", "Från och med", "Budget före", "Förändring", "Budget efter", "Anledning")
    return TextTable(headers, rows, ("l", "l", "r", "r", "r", "l"))


def grants_text(data: ReportData, unit: str = "tkr") -> TextTable:
    """Statsbidrag och återsökningar."""
    return text_table(grants_table(data, unit))


def result_text(data: ReportData, unit: str = "tkr") -> TextTable:
    """The resultaträkning with last year's bokslut, budget, bokslut and budgetavvikelse."""
    return text_table(result_table(data, unit))


def balance_text(data: ReportData, unit: str = "tkr") -> TextTable:
    """The balansräkning per year-end, with its sums."""
    return text_table(balance_table(data, unit))


def category_text(cat: Category, unit: str = "tkr", period: str = "bokslut") -> TextTable:
    """One category's projects with a sum row, as the report's section per category."""
    return text_table(category_table(cat, unit, period=period))


def investments_overview_text(
    categories: Sequence[Category], unit: str = "tkr", period: str = "bokslut"
) -> TextTable:
    """Every category with its projects below it, as `ksui investments` shows them."""
    return text_table(investments_table(categories, unit, period=period))


def goals_text(areas: Sequence[Area]) -> TextTable:
    """KF-mål per area with each goal's and each area's lägesbedömning."""
    return text_table(goals_table(areas))


def area_goals_text(area: Area) -> TextTable:
    """One area's goals with their lägesbedömning."""
    return text_table(goals_table([area], headings=False))


def indicators_text(goal: Goal) -> TextTable | None:
    """A goal's indicators with their values per year, one row per series; None if none."""
    table = indicators_table(goal)
    return None if table is None else text_table(table)


def sick_text(sick: SickLeaveTable, year: int, measure: str = "total") -> TextTable:
    """Sjuktal (or korttidsfrånvaro) by kön and ålder over the years, against the kommun."""
    return text_table(sick_leave_table(sick, year, measure))


def geh_text(geh: Mapping[str, Assessment]) -> TextTable:
    """The GEH-bedömning per area."""
    return text_table(geh_table(geh))


def internal_control_text(rows: Sequence[tuple[str, str]]) -> TextTable:
    """Väsentliga processer per ansvar, one row per ansvar."""
    return text_table(internal_control_table(rows))
