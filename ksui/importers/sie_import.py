"""Import a SIE file into the store: a committee, its units, drift figures and resultaträkning.

The file is read and planned first; then every database read and write happens in one
``store.transaction``, so a bad file, Ctrl-C or a killed process leaves the database
exactly as it was, and ``ksui undo`` takes the whole import back.

What is written, per unit (an object of the chosen dimension) and fiscal year, stored
under the calendar year the fiscal year ends in:

* at each month ``mMM`` the file covers from the fiscal year's first month:
  ``actual`` = year-to-date net cost and ``budget_ytd`` = year-to-date #PBUDGET;
* at ``m01`` ``budget`` = the year's #PBUDGET total (when the budget covers the whole
  year): the original budget, in force until a dated change (``ksui set drift … budget
  --period P``) replaces it;
* at ``bokslut`` the full-year ``actual``, when all twelve months are
  covered: the fiscal year had ended when the file was made (#GEN after its last day)
  or, without #GEN, the file has rows in its last month;
* the previous year (#RAR -1) the same way, actuals only.

With a project dimension (``--project-dimension N``, [import.sie] project_dimension), each
object of dimension N with utfall in year 0 whose code is a project's code in the nämnd
(``ksui add project --code``) gives that project's ``spent`` (investment_figure): the
year to date at each month the drift actuals are written for, and the year's at bokslut
when the year is complete (what counts as a project's utfall: ``sie_plan._Planner.
project_rows``). An object without such a project is named in a warning; a project whose
code has no object keeps its figures; the anslag is never touched.

The same figures per account, with the kostnadsslag (resultaträkning line) each account
maps to, in ``cost_figure`` (schema 7): the same measures at the same periods, summed
from the same rows, so per unit, period and measure they add up to the drift figure.
An account's rows start at its first month with a row; a re-import replaces a figure's
accounts (an account the file no longer has at it is removed).

The resultaträkning of the committee, per line (revenue positive):

* at each month ``mMM`` the file covers from the fiscal year's start (as for the drift
  figures) the year-to-date ``actual``, each account from the {} #PSALDO rows, else the
  vouchers, else the unit rows (year 0 only: the previous year is shown at its bokslut);
* at ``bokslut`` the year's ``actual`` (#RES first) when the year is complete;
* at ``m01`` the year's ``budget`` (year 0), in force from January.

A broken fiscal year (July–June, as a kommunal bolag keeps) is imported as one year
(issue 13, finding 4; SIE 4B, #RAR: a year runs from any start date): its months in
order, each labelled by its calendar month, so m07 is its first month and m06 its last.
Figures in the database that the file does not have are left alone, and those it has
with the same amount are not rewritten (a second import changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ksui.core.periods import BY_CODE
from ksui.core.swedish import MAX_ORE, MONTHS, TOO_LARGE, format_amount, group
from ksui.core.text import one_line
from ksui.importers.errors import ImportFileError
from ksui.importers.sie import SieError, read_sie_totals
from ksui.importers.sie_plan import (
    CrossCheck,
    FiscalYear,
    Measure,
    SieImportPlan,
    check_account_lines,
    plan_sie_import,
)
from ksui.store import costs as cost_store
from ksui.store import import_support as lookup
from ksui.store import read
from ksui.store.db import Store, Tx
from ksui.store.errors import ConstraintError

Progress = Callable[[int, int], None]

_SHOWN_CHECKS = 5


@dataclass(frozen=True)
class DriftValue:
    """One drift figure to write: a unit's measure at a follow-up, in öre."""

    unit_code: str
    year: int
    period: str
    measure: str
    amount_ore: int


class CostValue(NamedTuple):
    """One cost figure to write: a drift figure's share on one account, in öre."""

    unit_code: str
    year: int
    period: str
    measure: str
    account: str
    line: str
    amount_ore: int


class ProjectValue(NamedTuple):
    """One project object's utfall to write: year to date at a follow-up, in öre."""

    code: str
    year: int
    period: str
    amount_ore: int


@dataclass(frozen=True)
class StatementValue:
    """One resultaträkning line for a year, follow-up and column, with revenue positive."""

    year: int
    period: str
    column: str
    line: str
    amount_ore: int


@dataclass
class SieImportResult:
    """What an import did, for the summary the CLI prints (see ``describe``)."""

    source: str
    committee: str
    committee_id: int = 0
    committee_created: bool = False
    dimension: int = 1
    dimension_name: str = ""
    units_created: list[str] = field(default_factory=list)
    units_updated: list[str] = field(default_factory=list)
    units_unchanged: int = 0
    accounts: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    periods: dict[int, list[str]] = field(default_factory=dict)
    figures_new: int = 0
    figures_changed: int = 0
    figures_unchanged: int = 0
    figures_untouched: int = 0
    statement: dict[int, list[str]] = field(default_factory=dict)
    statement_periods: dict[int, list[str]] = field(default_factory=dict)  # of the actuals
    statement_values: int = 0
    statement_new: int = 0
    statement_changed: int = 0
    costs_new: int = 0
    costs_changed: int = 0
    costs_unchanged: int = 0
    costs_removed: int = 0
    checks: list[CrossCheck] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changeset_id: int | None = None
    #: With a project dimension: its number and name, the projects that got utfall, the
    #: objects no project has the code of (»"P9" Ny väg«), and the figures written.
    project_dimension: int | None = None
    project_dimension_name: str = ""
    projects_matched: list[str] = field(default_factory=list)
    projects_unmatched: list[str] = field(default_factory=list)
    projects_new: int = 0
    projects_changed: int = 0
    projects_unchanged: int = 0

    @property
    def rows_read(self) -> int:
        """#PSALDO, #PBUDGET and #TRANS rows in the file."""
        return sum(self.rows.get(k, 0) for k in ("psaldo", "pbudget", "trans"))

    @property
    def figures_written(self) -> int:
        """Drift figures the file gave, whether they were new, changed or already so."""
        return self.figures_new + self.figures_changed + self.figures_unchanged

    @property
    def failed_checks(self) -> list[CrossCheck]:
        """Cross-checks whose two sums differ."""
        return [check for check in self.checks if not check.ok]


# --------------------------------------------------------------------------- what to write


def _store_months(fiscal: FiscalYear) -> list[tuple[int, int]]:
    """The (calendar year, month) pairs of a fiscal year in order, at most twelve.

    Each is stored under the fiscal year's label (the year it ends in) and its calendar
    month's code: a July–June year is m07…m12, then m01…m06 (issue 13, finding 4).
    """
    return fiscal.months()[:12]


def _covered(months: list[tuple[int, int]], have: set[tuple[int, int]]) -> int:
    """How many of the fiscal year's first months, in order, are all in ``have``."""
    count = 0
    for month in months:
        if month not in have:
            break
        count += 1
    return count


def drift_values(plan: SieImportPlan) -> list[DriftValue]:
    """The follow-up figures of every unit, from the plan's monthly sums (see module doc)."""
    actual_months = plan.actual_months()
    budget_months = plan.budget_months()
    monthly: dict[tuple[str, str], dict[tuple[int, int], int]] = {}
    codes: dict[str, None] = {}  # an ordered set of unit codes
    for fig in plan.figures:
        sums = monthly.setdefault((fig.unit_code, fig.measure), {})
        key = (fig.year, fig.month)
        sums[key] = sums.get(key, 0) + fig.amount_ore
        codes[fig.unit_code] = None
    out: list[DriftValue] = []
    for _, fiscal in sorted(plan.fiscal_years.items(), reverse=True):
        months = _store_months(fiscal)
        year = fiscal.end.year  # the label the fiscal year is stored under
        last = _covered(months, actual_months)
        budget_to = _covered(months, budget_months)
        span = set(months)
        for code in codes:
            actual = monthly.get((code, "actual"), {})
            budget = monthly.get((code, "budget"), {})
            if not any(m in span for m in actual) and not any(m in span for m in budget):
                continue
            if last:
                running = 0
                for when in months[:last]:
                    running += actual.get(when, 0)
                    out.append(DriftValue(code, year, f"m{when[1]:02d}", "actual", running))
                if last == len(months) == 12:
                    out.append(DriftValue(code, year, "bokslut", "actual", running))
            if not any(m in span for m in budget):
                continue
            if budget_to == len(months) == 12:
                # Once, at January: "from m01 the budget is …". Written at every month it
                # would restate the original after a later change (a tilläggsanslag from
                # September would be undone in October; see "Budget in force").
                total = sum(budget.get(when, 0) for when in months)
                out.append(DriftValue(code, year, "m01", "budget", total))
            running = 0
            for when in months[: min(last, budget_to)]:
                running += budget.get(when, 0)
                out.append(DriftValue(code, year, f"m{when[1]:02d}", "budget_ytd", running))
    return out


def _running(
    sums: Mapping[tuple[int, int], int], months: list[tuple[int, int]]
) -> list[tuple[tuple[int, int], int]]:
    """Year-to-date sums per month, from the first month with a row (none before it)."""
    out = []
    running = 0
    started = False
    for when in months:
        amount = sums.get(when)
        if amount is not None:
            started = True
            running += amount
        if started:
            out.append((when, running))
    return out


def cost_values(plan: SieImportPlan) -> list[CostValue]:
    """The drift figures per account and kostnadsslag, written where ``drift_values`` writes.

    Per unit, year, period and measure they add up to the drift figure (the same rows,
    the same months), so the drill-down from a deviation always adds up.
    """
    actual_months = plan.actual_months()
    budget_months = plan.budget_months()
    monthly: dict[tuple[str, str, str], dict[tuple[int, int], int]] = {}
    line_of: dict[str, str] = {}
    for cost in plan.costs:
        sums = monthly.setdefault((cost.unit_code, cost.account, cost.measure), {})
        key = (cost.year, cost.month)
        sums[key] = sums.get(key, 0) + cost.amount_ore
        line_of[cost.account] = cost.line
    out: list[CostValue] = []
    for _, fiscal in sorted(plan.fiscal_years.items(), reverse=True):
        months = _store_months(fiscal)
        year = fiscal.end.year
        last = _covered(months, actual_months)
        budget_to = _covered(months, budget_months)
        span = set(months)
        for (code, account, measure), sums in monthly.items():
            if not any(m in span for m in sums):
                continue
            line = line_of[account]
            if measure == "actual":
                running = _running(sums, months[:last])
                for when, amount in running:
                    out.append(
                        CostValue(code, year, f"m{when[1]:02d}", "actual", account, line, amount)
                    )
                if running and last == len(months) == 12:
                    out.append(
                        CostValue(code, year, "bokslut", "actual", account, line, running[-1][1])
                    )
                continue
            if budget_to == len(months) == 12:
                total = sum(sums.get(when, 0) for when in months)
                out.append(CostValue(code, year, "m01", "budget", account, line, total))
            for when, amount in _running(sums, months[: min(last, budget_to)]):
                out.append(
                    CostValue(code, year, f"m{when[1]:02d}", "budget_ytd", account, line, amount)
                )
    return out


def project_values(plan: SieImportPlan) -> list[ProjectValue]:
    """Each project object's utfall of year 0, year to date at the months the file covers
    from the fiscal year's first month and at bokslut when the year is complete: the
    periods ``drift_values`` writes the units' actuals at, so both follow-ups agree."""
    fiscal = plan.fiscal_years.get(0)
    if fiscal is None or not plan.project_figures:
        return []
    monthly: dict[str, dict[tuple[int, int], int]] = {}
    for fig in plan.project_figures:
        sums = monthly.setdefault(fig.code, {})
        sums[(fig.year, fig.month)] = sums.get((fig.year, fig.month), 0) + fig.amount_ore
    months = _store_months(fiscal)
    year = fiscal.end.year
    last = _covered(months, plan.actual_months())
    span = set(months)
    out: list[ProjectValue] = []
    for project in plan.projects:
        sums = monthly.get(project.code, {})
        if not any(m in span for m in sums):
            continue
        running = 0
        for when in months[:last]:
            running += sums.get(when, 0)
            out.append(ProjectValue(project.code, year, f"m{when[1]:02d}", running))
        if last == len(months) == 12:
            out.append(ProjectValue(project.code, year, "bokslut", running))
    return out


def coverage_warnings(plan: SieImportPlan) -> list[str]:
    """What the import does with a broken fiscal year and months it cannot cover, in words."""
    out = []
    actual_months = plan.actual_months()
    for _, fiscal in sorted(plan.fiscal_years.items(), reverse=True):
        months = fiscal.months()
        if not fiscal.is_calendar_year:
            first = MONTHS[fiscal.start.month - 1]
            out.append(
                f"räkenskapsåret {fiscal.start.isoformat()}–{fiscal.end.isoformat()} är inget"
                f" kalenderår: det läggs in som år {fiscal.end.year}, från {first},"
                " med varje månads siffror under sin kalendermånad"
            )
        if len(months) > 12:
            out.append(
                f"räkenskapsåret {fiscal.start.isoformat()}–{fiscal.end.isoformat()} har"
                f" {len(months)} månader; bara de tolv första läggs in"
            )
        stored = _store_months(fiscal)
        covered = set(stored[: _covered(stored, actual_months)])
        skipped = sorted(
            {(f.year, f.month) for f in plan.figures if f.measure == "actual"}
            & set(stored) - covered
        )
        if skipped:
            first_year, first_month = skipped[0]
            last_year, last_month = skipped[-1]
            span = f"{MONTHS[first_month - 1]} {first_year}"
            if skipped[0] != skipped[-1]:
                span += f"–{MONTHS[last_month - 1]} {last_year}"
            out.append(
                f"utfall för {span} tas inte med: filen täcker inte räkenskapsåret"
                f" {fiscal.end.year} från dess första månad"
            )
    return out


def statement_values(plan: SieImportPlan) -> list[StatementValue]:
    """Resultaträkning lines per fiscal year, stored under the year it ends in.

    Year 0's actuals year to date at every month the file covers from the fiscal year's
    first month, so each follow-up shows its own utfall; the bokslut only for a complete
    year; the budget of year 0 at January whenever the file has one.
    """
    actual_months = plan.actual_months()
    out: list[StatementValue] = []
    for index, fiscal in sorted(plan.fiscal_years.items(), reverse=True):
        year = fiscal.end.year
        if index == 0:
            months = _store_months(fiscal)
            for when in months[: _covered(months, actual_months)]:
                to_date = plan.line_totals_to_date.get((index, *when), {})
                for line, amount in to_date.items():
                    out.append(StatementValue(year, f"m{when[1]:02d}", "actual", line, -amount))
        wanted: list[tuple[Measure, str]] = [("actual", "bokslut")] if fiscal.complete else []
        if index == 0:
            wanted.append(("budget", "m01"))
        for column, period in wanted:
            for line, amount in plan.line_totals.get((index, column), {}).items():
                out.append(StatementValue(year, period, column, line, -amount))
    return out


_MEASURE_WORDS = {"actual": "utfall", "budget": "budget"}


def _check_sums(
    source: str,
    drift: list[DriftValue],
    statement: list[StatementValue],
    costs: list[CostValue] | None = None,
    projects: list[ProjectValue] | None = None,
) -> None:
    """Refuse a sum the store cannot hold: each row is under 10^15 kr, but many add up."""
    for project in projects or ():
        if abs(project.amount_ore) >= MAX_ORE:
            period = BY_CODE[project.period].label.lower()
            raise SieError(
                source,
                0,
                "",
                f"summan för projektobjekt {project.code}, utfall {project.year} {period}, "
                f"är för stor; {TOO_LARGE}",
            )
    for value in drift:
        if abs(value.amount_ore) >= MAX_ORE:
            measure = _MEASURE_WORDS.get(value.measure, value.measure)
            period = BY_CODE[value.period].label.lower()
            raise SieError(
                source,
                0,
                "",
                f"summan för enhet {value.unit_code}, {measure} {value.year} {period}, "
                f"är för stor; {TOO_LARGE}",
            )
    for line in statement:
        if abs(line.amount_ore) >= MAX_ORE:
            when = f"{line.year} {BY_CODE[line.period].label.lower()}"
            if line.column == "budget":
                when = str(line.year)  # the year's budget, though stated from January
            raise SieError(
                source,
                0,
                "",
                f"summan för resultaträkningens rad {line.line}, "
                f"{_MEASURE_WORDS[line.column]} {when}, är för stor; {TOO_LARGE}",
            )

    for cost in costs or ():
        if abs(cost.amount_ore) >= MAX_ORE:
            measure = _MEASURE_WORDS.get(cost.measure, cost.measure)
            period = BY_CODE[cost.period].label.lower()
            raise SieError(
                source,
                0,
                "",
                f"summan för enhet {cost.unit_code}, konto {cost.account}, {measure}"
                f" {cost.year} {period}, är för stor; {TOO_LARGE}",
            )


def _nothing_to_import(plan: SieImportPlan) -> str:
    """Why the file gives nothing to write, in words for the error message."""
    reasons = []
    if not plan.units:
        reasons.append(f"inga enheter i dimension {plan.dimension}")
    if not reasons:
        reasons.append("inga månader med utfall eller budget och ingen avslutad resultaträkning")
    return "inget att importera: " + "; ".join(reasons)


# --------------------------------------------------------------------------- writing


def _committee(tx: Tx, name: str, source: str, result: SieImportResult) -> int:
    """The committee by name (case-insensitive), created under the kommun when missing."""
    for committee_id, committee_name in lookup.committee_names(tx):
        if committee_name.strip().lower() == name.strip().lower():
            return committee_id
    parent = lookup.first_unit_of_kind(tx, "kommun")
    clash = lookup.sibling_kind(tx, parent, name)
    if clash is not None:
        raise ImportFileError(
            source, None, name, f"det finns redan en enhet ({clash}) med nämndens namn"
        )
    position = lookup.next_sibling_position(tx, parent)
    result.committee_created = True
    return tx.insert(
        "unit", {"parent_id": parent, "kind": "namnd", "name": name, "position": position}
    )


def _free_name(name: str, code: str, taken: set[str]) -> str:
    """A name no sibling has: the object's name, else with its code, else numbered."""
    if name not in taken:
        return name
    candidate = f"{name} ({code})"
    number = 2
    while candidate in taken:
        candidate = f"{name} ({code}) {number}"
        number += 1
    return candidate


def _units(
    tx: Tx, committee_id: int, plan: SieImportPlan, result: SieImportResult
) -> dict[str, int]:
    """Create or update one unit per object, matched by code within the committee.

    A unit without a code that has the object's name directly under the committee is
    taken over (its code is set), so units made by hand are not duplicated.
    """
    existing = lookup.units_below(tx, committee_id)
    by_code = {row["code"]: row for row in existing if row["code"]}
    names: dict[int, set[str]] = {}
    for row in existing:
        names.setdefault(row["parent_id"], set()).add(row["name"])
    uncoded = {
        row["name"].lower(): row
        for row in existing
        if not row["code"] and row["parent_id"] == committee_id
    }
    position = lookup.next_position(tx, "unit", "parent_id", committee_id)
    ids: dict[str, int] = {}
    for unit in plan.units:
        wanted = " ".join(unit.name.split()) or f"Objekt {unit.code}"
        match = by_code.get(unit.code)
        updated = False
        if match is None and wanted.lower() in uncoded:
            match = uncoded.pop(wanted.lower())
            tx.upsert("unit", {"id": match["id"]}, {"code": unit.code})
            updated = True
        if match is None:
            taken = names.setdefault(committee_id, set())
            name = _free_name(wanted, unit.code, taken)
            taken.add(name)
            ids[unit.code] = tx.insert(
                "unit",
                {
                    "parent_id": committee_id,
                    "kind": "verksamhet",
                    "code": unit.code,
                    "name": name,
                    "position": position,
                },
            )
            position += 1
            result.units_created.append(name)
            continue
        ids[unit.code] = match["id"]
        name = match["name"]
        if name.split(f" ({unit.code})")[0] != wanted:  # a name made unique before stays
            taken = names.setdefault(match["parent_id"], set())
            taken.discard(name)
            name = _free_name(wanted, unit.code, taken)
            taken.add(name)
            tx.upsert("unit", {"id": match["id"]}, {"name": name})
            updated = True
        if updated:
            result.units_updated.append(name)
        else:
            result.units_unchanged += 1
    return ids


def _write_drift(
    tx: Tx,
    committee_id: int,
    ids: Mapping[str, int],
    values: list[DriftValue],
    result: SieImportResult,
) -> None:
    """Upsert the drift figures; count what was new, changed, the same or left alone."""
    existing = lookup.drift_amounts(tx, committee_id, sorted({v.year for v in values}))
    written: set[tuple[int, int, str, str]] = set()
    for value in values:
        unit_id = ids.get(value.unit_code)
        if unit_id is None:
            continue
        key = (unit_id, value.year, value.period, value.measure)
        written.add(key)
        periods = result.periods.setdefault(value.year, [])
        if value.period not in periods:
            periods.append(value.period)
        old = existing.get(key)
        if old == value.amount_ore:
            result.figures_unchanged += 1
            continue
        tx.upsert(
            "drift_figure",
            {
                "unit_id": unit_id,
                "year": value.year,
                "period": value.period,
                "measure": value.measure,
            },
            {"amount": value.amount_ore},
        )
        if old is None:
            result.figures_new += 1
        else:
            result.figures_changed += 1
    result.figures_untouched = len(set(existing) - written)
    for periods in result.periods.values():
        periods.sort(key=lambda code: BY_CODE[code].order)


def _write_costs(
    tx: Tx,
    committee_id: int,
    ids: Mapping[str, int],
    costs: list[CostValue],
    drift: list[DriftValue],
    result: SieImportResult,
) -> None:
    """Write the cost figures in bulk (see ``ksui.store.costs``), replacing each drift
    figure's accounts as the drift figure itself is replaced."""
    rows = [
        ((unit_id, c.year, c.period, c.account, c.measure), c.line, c.amount_ore)
        for c in costs
        if (unit_id := ids.get(c.unit_code)) is not None
    ]
    groups = [
        (unit_id, d.year, d.period, d.measure)
        for d in drift
        if (unit_id := ids.get(d.unit_code)) is not None
    ]
    new, changed, same, removed = cost_store.write_cost_figures(tx, committee_id, rows, groups)
    result.costs_new += new
    result.costs_changed += changed
    result.costs_unchanged += same
    result.costs_removed += removed


def _write_statement(
    tx: Tx, committee_id: int, values: list[StatementValue], result: SieImportResult
) -> None:
    """Upsert the resultaträkning lines, skipping unchanged ones so a re-import changes nothing."""
    existing = lookup.statement_amounts(
        tx, committee_id, "resultat", sorted({v.year for v in values})
    )
    for value in values:
        columns = result.statement.setdefault(value.year, [])
        if value.column not in columns:
            columns.append(value.column)
        if value.column == "actual":
            periods = result.statement_periods.setdefault(value.year, [])
            if value.period not in periods:
                periods.append(value.period)
        result.statement_values += 1
        old = existing.get((value.line, value.year, value.period, value.column))
        if old == value.amount_ore:
            continue
        tx.upsert(
            "statement_value",
            {
                "committee_id": committee_id,
                "statement": "resultat",
                "line": value.line,
                "year": value.year,
                "period": value.period,
                "column_name": value.column,
            },
            {"amount": value.amount_ore},
        )
        if old is None:
            result.statement_new += 1
        else:
            result.statement_changed += 1


#: Objects without a project named in the warning; more are counted.
_UNMATCHED_SHOWN = 10


def _write_projects(
    tx: Tx,
    committee_id: int,
    plan: SieImportPlan,
    values: list[ProjectValue],
    result: SieImportResult,
) -> None:
    """Write each matched project's utfall (``spent``), never a figure that is already so.

    Objects match projects by code within the nämnd (``writes.insert_project`` keeps a
    code to one project there). ``Tx.upsert`` refuses a locked follow-up's figure, as for
    the drift figures; an unchanged one is not written, so a lock on it does not matter.
    """
    by_code = {code: pid for pid, code in read.project_codes(tx.store, committee_id).items()}
    names = {
        p.id: p.name
        for c in read.investment_categories(tx.store, committee_id, 0)
        for p in c.projects
    }
    for project in plan.projects:
        pid = by_code.get(project.code)
        if pid is None:
            result.projects_unmatched.append(f'"{one_line(project.code, 40)}" {project.name}')
        else:
            result.projects_matched.append(names.get(pid, project.code))
    for value in values:
        pid = by_code.get(value.code)
        if pid is None:
            continue
        key = {"project_id": pid, "year": value.year, "period": value.period}
        old = tx.get("investment_figure", key)
        if old is not None and old["spent"] == value.amount_ore:
            result.projects_unchanged += 1
            continue
        tx.upsert("investment_figure", key, {"spent": value.amount_ore})
        if old is None or old["spent"] is None:
            result.projects_new += 1
        else:
            result.projects_changed += 1
    if result.projects_unmatched:
        shown = ", ".join(result.projects_unmatched[:_UNMATCHED_SHOWN])
        more = len(result.projects_unmatched) - _UNMATCHED_SHOWN
        if more > 0:
            shown += f" och {more} till"
        dim = f"dimension {plan.project_dimension}" + (
            f" »{plan.project_dimension_name}«" if plan.project_dimension_name else ""
        )
        result.warnings.append(
            f"{len(result.projects_unmatched)} objekt i {dim} har utfall men inget projekt"
            f" i {plan.committee} har deras kod, så utfallet läses inte in: {shown};"
            " ge projektet koden med ksui rename project NAMN --code KOD"
        )


def import_sie(
    store: Store,
    path: Path,
    *,
    dimension: int | None = None,
    account_lines: Mapping[str, str] | None = None,
    committee: str | None = None,
    progress: Progress | None = None,
    project_dimension: int | None = None,
) -> SieImportResult:
    """Import one SIE file: all of it in one transaction, or (on any error) nothing.

    ``dimension`` is the SIE dimension whose objects are the units (default 1);
    ``account_lines`` maps account prefixes to resultaträkning lines over the Kommun-Bas
    defaults (config.toml's [import.sie.accounts]); ``committee`` names the nämnd
    (default: the file's #FNAMN). ``project_dimension`` (None: none) feeds its objects'
    utfall to the projects with their codes (see the module doc). ``progress(done,
    total)`` is called with lines read while reading and once with (total, total) when
    the import is committed.
    Raises ImportFileError (SieError for the file itself) or StoreError.
    """
    path = Path(path)
    if account_lines:
        check_account_lines(account_lines, "config.toml [import.sie.accounts]")
    totals = read_sie_totals(
        path, progress, dimension=dimension or 1, project_dimension=project_dimension
    )
    plan = plan_sie_import(
        totals,
        dimension=dimension or 1,
        account_lines=account_lines,
        committee=committee.strip() if committee else None,
        project_dimension=project_dimension,
    )
    drift = drift_values(plan)
    statement = statement_values(plan)
    costs = cost_values(plan)
    projects = project_values(plan)
    _check_sums(path.name, drift, statement, costs, projects)
    if not drift and not statement and not projects:
        raise SieError(plan.source, 0, "", _nothing_to_import(plan))
    result = SieImportResult(
        source=path.name,
        committee=plan.committee,
        dimension=plan.dimension,
        dimension_name=plan.dimension_name,
        accounts=len(totals.header.accounts),
        rows=dict(totals.rows),
        checks=plan.cross_checks,
        warnings=[*plan.warnings, *coverage_warnings(plan)],
        project_dimension=plan.project_dimension,
        project_dimension_name=plan.project_dimension_name,
    )
    try:
        with store.transaction(f"Import av SIE-fil {path.name}") as tx:
            result.committee_id = _committee(tx, plan.committee, path.name, result)
            ids = _units(tx, result.committee_id, plan, result)
            _write_drift(tx, result.committee_id, ids, drift, result)
            _write_costs(tx, result.committee_id, ids, costs, drift, result)
            _write_statement(tx, result.committee_id, statement, result)
            if project_dimension is not None:
                _write_projects(tx, result.committee_id, plan, projects, result)
            result.changeset_id = tx.changeset_id if tx.changes else None
    except ConstraintError as exc:  # the store's word for an IntegrityError in its transaction
        message = f"databasen vägrade skrivningen ({exc})"
        raise ImportFileError(path.name, None, "", message) from exc
    if progress is not None:
        lines = max(totals.rows.get("lines", 0), 1)
        progress(lines, lines)
    return result


# --------------------------------------------------------------------------- summary


def _periods_text(codes: list[str]) -> str:
    """'januari–december och bokslut' for m01..m12 + bokslut."""
    months = [BY_CODE[c].month for c in codes if BY_CODE[c].is_month]
    parts = []
    if months:
        first, last = MONTHS[min(months) - 1], MONTHS[max(months) - 1]
        parts.append(first if first == last else f"{first}–{last}")
    if "bokslut" in codes:
        parts.append("bokslut")
    return " och ".join(parts)


def _statement_text(columns: list[str], periods: list[str]) -> str:
    """'utfall januari–augusti, budget' for one year of the resultaträkning."""
    parts = []
    for column in columns:
        if column == "actual":
            ordered = sorted(periods, key=lambda code: BY_CODE[code].order)
            parts.append(f"utfall {_periods_text(ordered)}".rstrip())
        else:
            parts.append(_MEASURE_WORDS.get(column, column))
    return ", ".join(parts)


def describe(result: SieImportResult) -> list[str]:
    """The Swedish summary lines the CLI prints after an import."""
    rows = result.rows
    kinds = [f"{group(rows[key])} #{key.upper()}" for key in ("psaldo", "pbudget") if rows.get(key)]
    if rows.get("trans"):
        kinds.append(
            f"{group(rows['trans'])} #TRANS i {group(rows.get('vouchers', 0))} verifikationer"
        )
    detail = f" ({', '.join(kinds)})" if kinds else ""
    lines = [
        f"Läste {result.source}: {group(result.rows_read)} rader{detail},"
        f" {group(result.accounts)} konton.",
        f"Nämnd: {result.committee} ({'ny' if result.committee_created else 'fanns redan'}).",
    ]
    dim = f"dimension {result.dimension}" + (
        f" »{result.dimension_name}«" if result.dimension_name else ""
    )
    lines.append(
        f"Enheter ({dim}): {len(result.units_created)} nya, {len(result.units_updated)}"
        f" uppdaterade, {result.units_unchanged} oförändrade."
    )
    lines.append(
        f"Driftsiffror: {group(result.figures_written)} från filen ({group(result.figures_new)}"
        f" nya, {group(result.figures_changed)} ändrade, {group(result.figures_unchanged)}"
        " oförändrade)."
    )
    costs = result.costs_new + result.costs_changed + result.costs_unchanged
    if costs or result.costs_removed:
        removed = f", {group(result.costs_removed)} borttagna" if result.costs_removed else ""
        lines.append(
            f"Per kostnadsslag och konto: {group(costs)} siffror ({group(result.costs_new)}"
            f" nya, {group(result.costs_changed)} ändrade, {group(result.costs_unchanged)}"
            f" oförändrade{removed})."
        )
    if result.periods:
        shown = "; ".join(
            f"{year}: {_periods_text(codes)}" for year, codes in sorted(result.periods.items())
        )
        lines.append(f"Perioder: {shown}.")
    if result.statement:
        shown = "; ".join(
            f"{year} ({_statement_text(cols, result.statement_periods.get(year, []))})"
            for year, cols in sorted(result.statement.items())
        )
        unchanged = result.statement_values - result.statement_new - result.statement_changed
        lines.append(
            f"Resultaträkning: {shown}; {group(result.statement_values)} rader"
            f" ({group(result.statement_new)} nya, {group(result.statement_changed)} ändrade,"
            f" {group(unchanged)} oförändrade)."
        )
    else:
        lines.append(
            "Resultaträkning: ingen (kräver ett kalenderår med utfall från januari eller en"
            " budget)."
        )
    if result.project_dimension is not None:
        dim = f"dimension {result.project_dimension}" + (
            f" »{result.project_dimension_name}«" if result.project_dimension_name else ""
        )
        found = len(result.projects_matched)
        total = found + len(result.projects_unmatched)
        written = result.projects_new + result.projects_changed + result.projects_unchanged
        lines.append(
            f"Investeringsprojekt ({dim}): {found} av {total} objekt med utfall har ett"
            f" projekt; {group(written)} utfall ({group(result.projects_new)} nya,"
            f" {group(result.projects_changed)} ändrade, {group(result.projects_unchanged)}"
            " oförändrade)."
        )
    failed = result.failed_checks
    if not result.checks:
        lines.append("Kontroller: inga (filen har inget att stämma av).")
    elif not failed:
        lines.append(f"Kontroller: alla {len(result.checks)} stämmer.")
    else:
        lines.append(f"Kontroller: {len(failed)} av {len(result.checks)} stämmer inte:")
        for check in failed[:_SHOWN_CHECKS]:
            diff = format_amount(check.difference_ore, "kr", decimals=2, signed=True)
            lines.append(f"  {check.name}: skiljer {diff} kr")
        if len(failed) > _SHOWN_CHECKS:
            lines.append(f"  … och {len(failed) - _SHOWN_CHECKS} till")
    for warning in result.warnings:
        lines.append(f"Varning: {warning}")
    if result.figures_untouched:
        lines.append(
            f"{group(result.figures_untouched)} driftsiffror i databasen finns inte i filen"
            " och lämnades orörda."
        )
    return lines
