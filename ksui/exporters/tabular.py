"""The report's tables as data: JSON documents, CSV rows and plain text tables.

Scripts get amounts as exact kronor (öre / 100 through Decimal, never a float),
percentages rounded to one decimal, procentenheter and sjuktal to two, and lägesbedömningar
as a stable code (bra, ok, brister) beside the Swedish label. Documents get ``TextTable``s
whose cells are already in Swedish number format; ``ksui.exporters.markdown`` turns them
into Markdown. Nothing here knows Markdown, Rich or the terminal.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ksui.core import statements as st
from ksui.core.assessment import GEH_AREAS, GEH_LABELS
from ksui.core.drift import DriftRow
from ksui.core.goals import DIRECTIONS, Area, Goal, Indicator
from ksui.core.investments import (
    CATEGORY_KIND_LABELS,
    STATUS_LABELS,
    Category,
    Project,
    total_overrun,
)
from ksui.core.models import UNIT_KIND_LABELS, Assessment
from ksui.core.personnel import GROUP_KIND_LABELS, MEASURE_LABELS, SickLeaveTable
from ksui.core.report import ReportData, balance_statement, result_statement
from ksui.core.spreadsheet import guard_cell
from ksui.core.swedish import (
    format_amount,
    format_decimal,
    ore_to_kronor,
    percent_points,
    round_decimal,
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


# -- drift -----------------------------------------------------------------------------------

DRIFT_AMOUNTS = (
    "budget",
    "budget_ytd",
    "forecast",
    "actual",
    "deviation",
    "forecast_deviation",
    "net_cost_prev",
    "net_cost_change",
)


def _drift_amounts(row: DriftRow) -> dict[str, int | None]:
    """The row's amounts in öre, by their JSON key."""
    return {
        "budget": row.budget,
        "budget_ytd": row.figures.budget_ytd,
        "forecast": row.figures.forecast,
        "actual": row.figures.actual,
        "deviation": row.deviation,
        "forecast_deviation": row.forecast_deviation,
        "net_cost_prev": row.previous_net_cost,
        "net_cost_change": row.net_cost_change,
    }


def drift_record(row: DriftRow, parent: str | None, comment: str = "") -> dict[str, Any]:
    """One unit of the drift table for scripts: amounts in kronor, the change in percent."""
    record: dict[str, Any] = {
        "code": row.unit.code,
        "name": row.unit.name,
        "parent": parent,
        "kind": row.unit.kind,
        "kind_label": UNIT_KIND_LABELS.get(row.unit.kind, row.unit.kind),
        "depth": row.depth,
        "has_children": row.has_children,
    }
    record.update({k: kronor(v) for k, v in _drift_amounts(row).items()})
    record["net_cost_change_pct"] = pct(row.net_cost_change_pct)
    record["net_cost_by_year"] = {
        str(y): kronor(v) for y, v in sorted(row.net_cost.items(), reverse=True)
    }
    record["comment"] = comment or None
    return record


def drift_document(data: ReportData) -> dict[str, Any]:
    """`ksui drift --format json`: every unit below the committee in tree order, and the total."""
    rows = data.drift()
    names = {r.unit.id: r.unit.name for r in rows}
    units = [
        drift_record(r, names.get(r.unit.parent_id or -1), data.comment("unit", r.unit.id))
        for r in rows[1:]
    ]
    total = drift_record(rows[0], None, data.comment("unit", rows[0].unit.id))
    return {**_head(data), "currency": "kr", "units": units, "total": total}


DRIFT_CSV_HEADER = (
    "code",
    "name",
    "parent",
    "kind",
    "depth",
    *DRIFT_AMOUNTS,
    "net_cost_change_pct",
)


def drift_csv(data: ReportData) -> str:
    """The drift table as CSV: the committee first (depth 0), then every unit in tree order."""
    doc = drift_document(data)
    rows = [[rec[k] for k in DRIFT_CSV_HEADER] for rec in (doc["total"], *doc["units"])]
    return to_csv(DRIFT_CSV_HEADER, rows)


# -- investments ------------------------------------------------------------------------------


def investments_document(data: ReportData) -> dict[str, Any]:
    """`ksui investments --format json`: categories with their projects, and the total."""
    categories = []
    for cat in data.categories:
        has = bool(cat.projects)
        categories.append(
            {
                "name": cat.name,
                "kind": cat.kind,
                "kind_label": CATEGORY_KIND_LABELS.get(cat.kind, cat.kind),
                "appropriation": kronor(cat.appropriation) if has else None,
                "spent": kronor(cat.spent) if has else None,
                "deviation": kronor(cat.deviation) if has else None,
                "overrun": kronor(cat.overrun) if has else None,
                "frame_appropriation": kronor(cat.frame_appropriation),
                "frame_spent": kronor(cat.frame_spent),
                "projects": [
                    {
                        "name": p.name,
                        "status": p.status,
                        "status_label": STATUS_LABELS.get(p.status, p.status),
                        "responsible": p.responsible,
                        "appropriation": kronor(p.appropriation),
                        "spent": kronor(p.spent),
                        "deviation": kronor(p.deviation),
                        "overrun": kronor(p.overrun),
                        "comment": data.comment("investment_project", p.id) or None,
                    }
                    for p in cat.projects
                ],
            }
        )
    appropriation = sum(c.appropriation for c in data.categories)
    spent = sum(c.spent for c in data.categories)
    total = {
        "appropriation": kronor(appropriation),
        "spent": kronor(spent),
        "deviation": kronor(appropriation - spent),
        "overrun": kronor(total_overrun(data.categories)),
    }
    return {**_head(data), "currency": "kr", "categories": categories, "total": total}


INVESTMENTS_CSV_HEADER = (
    "category",
    "project",
    "status",
    "responsible",
    "appropriation",
    "spent",
    "deviation",
    "overrun",
)


def investments_csv(data: ReportData) -> str:
    """One row per project, with its category's name."""
    doc = investments_document(data)
    rows = [
        [cat["name"], p["name"], *(p[k] for k in INVESTMENTS_CSV_HEADER[2:])]
        for cat in doc["categories"]
        for p in cat["projects"]
    ]
    return to_csv(INVESTMENTS_CSV_HEADER, rows)


# -- goals ------------------------------------------------------------------------------------


def _counts(counts: Mapping[Assessment, int]) -> dict[str, int]:
    """Goal counts keyed by the stable codes."""
    return {a.value: counts.get(a, 0) for a in Assessment}


def indicator_record(indicator: Indicator) -> dict[str, Any]:
    """An indicator with its values per year and series ('' is the kommun's own)."""
    return {
        "name": indicator.name,
        "source": indicator.source or None,
        "unit": indicator.unit or None,
        "direction": indicator.direction,
        "trend": indicator.trend() or None,
        "values": [
            {"year": v.year, "series": v.series, "value": v.value}
            for name in indicator.series_names()
            for v in indicator.series(name)
        ],
    }


def goal_record(goal: Goal) -> dict[str, Any]:
    """A KF-mål with its lägesbedömning, uppföljning, indicators and texts."""
    return {
        "number": goal.number,
        "title": goal.title,
        "assessment": assessment_code(goal.assessment),
        "assessment_label": assessment_label(goal.assessment),
        "followup": goal.followup or None,
        "indicators": [indicator_record(i) for i in goal.indicators],
        "items": [
            {"kind": i.kind, "text": i.text, "followup": i.followup or None} for i in goal.items
        ],
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
                "summary": area.summary or None,
                "goals": [goal_record(g) for g in area.goals],
            }
        )
    return {**_head(data), "counts": total, "areas": areas}


GOALS_CSV_HEADER = (
    "area",
    "area_assessment",
    "number",
    "title",
    "assessment",
    "assessment_label",
)


def goals_csv(data: ReportData) -> str:
    """One row per KF-mål with its area and both assessments (codes, and the label)."""
    rows = [
        [
            area.name,
            assessment_code(area.assessment),
            goal.number,
            goal.title,
            assessment_code(goal.assessment),
            assessment_label(goal.assessment),
        ]
        for area in data.areas
        for goal in area.goals
    ]
    return to_csv(GOALS_CSV_HEADER, rows)


# -- personnel --------------------------------------------------------------------------------


def personnel_document(data: ReportData) -> dict[str, Any]:
    """`ksui personnel --format json`: sjuktal per group, with changes in procentenheter."""
    sick, year = data.sick_leave, data.year
    groups = []
    for measure in MEASURE_LABELS:
        years = [y for y in sick.years(measure) if y <= year]
        for kind, group in sick.groups(measure):
            groups.append(
                {
                    "measure": measure,
                    "measure_label": MEASURE_LABELS[measure],
                    "group_kind": kind,
                    "group_kind_label": GROUP_KIND_LABELS.get(kind, kind),
                    "group": group,
                    "rates": {
                        str(y): pct(sick.rate(measure, group, y), 2)
                        for y in years
                        if sick.rate(measure, group, y) is not None
                    },
                    "kommun": pct(sick.rate(measure, group, year, "kommun"), 2),
                    "change_points": pct(sick.change(measure, group, year), 2),
                    "against_kommun_points": pct(sick.against_kommun(measure, group, year), 2),
                }
            )
    return {**_head(data), "sick_leave": groups}


PERSONNEL_CSV_HEADER = ("measure", "group_kind", "group", "scope", "year", "rate")


def personnel_csv(data: ReportData) -> str:
    """Every sick-leave rate in long form: one row per measure, group, scope and year."""
    rows = [
        [r.measure, r.group_kind, r.group, r.scope, r.year, pct(r.rate, 2)]
        for r in sorted(
            data.sick_leave.rows,
            key=lambda r: (list(MEASURE_LABELS).index(r.measure), r.position, r.scope, r.year),
        )
    ]
    return to_csv(PERSONNEL_CSV_HEADER, rows)


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


def _table(headers: Sequence[str], rows: Sequence[TextRow], right_from: int = 1) -> TextTable:
    """A table whose first ``right_from`` columns are text and the rest figures."""
    align = tuple("l" if i < right_from else "r" for i in range(len(headers)))
    return TextTable(tuple(headers), tuple(rows), align)


def _amount(ore: int | None, unit: str) -> str:
    return format_amount(ore, unit)


def _signed(ore: int | None, unit: str) -> str:
    return format_amount(ore, unit, signed=True)


def drift_text(data: ReportData, unit: str = "tkr", history: int = 2) -> TextTable:
    """The drift table: budget, prognos, utfall, avvikelse, net cost per year and its change."""
    rows = data.drift()
    years = sorted({y for r in rows for y in r.net_cost if y < data.year}, reverse=True)
    years = years[:history]
    body = [
        TextRow(
            (
                r.unit.name,
                _amount(r.budget, unit),
                _amount(r.figures.forecast, unit),
                _amount(r.figures.actual, unit),
                _signed(r.deviation, unit),
                *(_amount(r.net_cost.get(y), unit) for y in years),
                format_decimal(r.net_cost_change_pct, 1),
            ),
            depth=r.depth,
            strong=r.has_children,
        )
        for r in rows
    ]
    headers = (
        unit,
        "Budget",
        "Prognos",
        "Utfall",
        "Avvikelse",
        *(f"NK {y}" for y in years),
        "NK-utveckling %",
    )
    return _table(headers, body)


def grants_text(data: ReportData, unit: str = "tkr") -> TextTable:
    """Statsbidrag och återsökningar."""
    body = [TextRow((name, _amount(amount, unit))) for name, amount in data.grants]
    body.append(TextRow(("Summa", _amount(sum(a for _, a in data.grants), unit)), strong=True))
    return _table(("Bidrag", unit), body)


def result_text(data: ReportData, unit: str = "tkr") -> TextTable:
    """The resultaträkning with last year's bokslut, budget, bokslut and budgetavvikelse."""
    rs = result_statement(data)
    body = []
    for line in st.RESULT_LINES:
        values = rs[line.key]
        if all(v is None for v in values.values()):
            continue
        body.append(
            TextRow(
                (
                    line.name,
                    _amount(values["actual_prev"], unit),
                    _amount(values["budget"], unit),
                    _amount(values["actual"], unit),
                    _amount(values["deviation"], unit),
                ),
                strong=line.kind in ("sum", "derived"),
            )
        )
    headers = (
        unit,
        f"Bokslut {data.year - 1}",
        f"Budget {data.year}",
        f"Bokslut {data.year}",
        "Budgetavvikelse",
    )
    return _table(headers, body)


def balance_text(data: ReportData, unit: str = "tkr") -> TextTable:
    """The balansräkning per year-end, with its sums."""
    bs = balance_statement(data)
    years = sorted({y for v in bs.values() for y in v})
    body = [
        TextRow(
            (line.name, *(_amount(bs[line.key].get(y), unit) for y in years)),
            strong=line.kind == "derived",
        )
        for line in st.BALANCE_LINES
        if any(bs[line.key].get(y) is not None for y in years)
    ]
    return _table((unit, *(f"31/12 {y}" for y in years)), body)


INVESTMENT_HEADERS = (
    "Projekt",
    "Anslag",
    "Ack. utfall",
    "Avvikelse",
    "Överskjutande medel",
    "Status",
)
INVESTMENT_ALIGN = ("l", "r", "r", "r", "r", "l")


def _project_cells(p: Project, unit: str) -> tuple[str, ...]:
    """A project's figures as the report prints them."""
    return (
        p.name,
        _amount(p.appropriation, unit),
        _amount(p.spent, unit),
        _signed(p.deviation, unit),
        _signed(p.overrun, unit),
        STATUS_LABELS.get(p.status, p.status),
    )


def _category_cells(cat: Category, name: str, unit: str) -> tuple[str, ...]:
    """A category's totals; empty figures when it has no projects."""
    if not cat.projects:
        return (name, "", "", "", "", "")
    return (
        name,
        _amount(cat.appropriation, unit),
        _amount(cat.spent, unit),
        _signed(cat.deviation, unit),
        _signed(cat.overrun, unit),
        "",
    )


def category_text(cat: Category, unit: str = "tkr") -> TextTable:
    """One category's projects with a sum row, as the report's section per category."""
    body = [TextRow(_project_cells(p, unit)) for p in cat.projects]
    if cat.projects:
        body.append(TextRow(_category_cells(cat, "Summa", unit), strong=True))
    return TextTable(INVESTMENT_HEADERS, tuple(body), INVESTMENT_ALIGN)


def investments_overview_text(categories: Sequence[Category], unit: str = "tkr") -> TextTable:
    """Every category with its projects below it, as `ksui investments` shows them."""
    body = []
    for cat in categories:
        body.append(TextRow(_category_cells(cat, cat.name, unit), strong=True))
        body += [TextRow(_project_cells(p, unit), depth=1) for p in cat.projects]
    return TextTable(INVESTMENT_HEADERS, tuple(body), INVESTMENT_ALIGN)


def goals_text(areas: Sequence[Area]) -> TextTable:
    """KF-mål per area with each goal's and each area's lägesbedömning."""
    body = []
    for area in areas:
        body.append(TextRow(("", area.name, _label(area.assessment)), strong=True))
        for goal in area.goals:
            body.append(TextRow((str(goal.number), goal.title, _label(goal.assessment))))
    return TextTable(("Nr", "KF-mål", "Lägesbedömning"), tuple(body), ("r", "l", "l"))


def area_goals_text(area: Area) -> TextTable:
    """One area's goals with their lägesbedömning."""
    body = [TextRow((str(goal.number), goal.title, _label(goal.assessment))) for goal in area.goals]
    return TextTable(("Nr", "KF-mål", "Lägesbedömning"), tuple(body), ("r", "l", "l"))


def _label(value: Assessment | None) -> str:
    return value.label if value is not None else "Ej bedömd"


def indicators_text(goal: Goal) -> TextTable | None:
    """A goal's indicators with their values per year, one row per series; None if none."""
    series = [(ind, name) for ind in goal.indicators for name in ind.series_names()]
    years = sorted({v.year for ind in goal.indicators for v in ind.values})
    if not series or not years:
        return None
    body = []
    for ind, name in series:
        values = {v.year: v.value for v in ind.series(name)}
        label = ind.name + (f" ({name})" if name else "")
        if ind.unit:
            label += f", {ind.unit}"
        body.append(
            TextRow(
                (
                    label,
                    *(_indicator_value(values.get(y)) for y in years),
                    DIRECTIONS.get(ind.direction, "") if not name else "",
                )
            )
        )
    headers = ("Indikator", *(str(y) for y in years), "Önskad riktning")
    align = ("l", *("r" for _ in years), "l")
    return TextTable(headers, tuple(body), align)


def _indicator_value(value: Decimal | None) -> str:
    """An indicator value with as many decimals as it was recorded with."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 1
    return format_decimal(value, decimals)


def sick_text(sick: SickLeaveTable, year: int, measure: str = "total") -> TextTable:
    """Sjuktal (or korttidsfrånvaro) by kön and ålder over the years, against the kommun."""
    years = [y for y in sick.years(measure) if y <= year][-3:]
    body = [
        TextRow(
            (
                group,
                *(format_decimal(sick.rate(measure, group, y), 2) for y in years),
                format_decimal(sick.rate(measure, group, year, "kommun"), 2),
                percent_points(sick.change(measure, group, year)),
                percent_points(sick.against_kommun(measure, group, year)),
            ),
            strong=group == "Totalt",
        )
        for _kind, group in sick.groups(measure)
    ]
    headers = (
        "%",
        *(str(y) for y in years),
        f"Kommunen {year}",
        f"Förändring mot {year - 1} (pe)",
        "Mot kommunen (pe)",
    )
    return _table(headers, body)


def geh_text(geh: Mapping[str, Assessment]) -> TextTable:
    """The GEH-bedömning per area."""
    body = [TextRow((GEH_LABELS[a], _label(geh.get(a)))) for a in GEH_AREAS]
    return TextTable(("Område", "Lägesbedömning"), tuple(body), ("l", "l"))


def internal_control_text(rows: Sequence[tuple[str, str]]) -> TextTable:
    """Väsentliga processer per ansvar, one row per ansvar."""
    grouped: dict[str, list[str]] = {}
    for responsible, process in rows:
        grouped.setdefault(responsible, []).append(process)
    body = [TextRow((r, ", ".join(p))) for r, p in grouped.items()]
    return TextTable(("Ansvar", "Väsentliga processer"), tuple(body), ("l", "l"))
