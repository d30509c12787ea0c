"""Everything about one committee at one follow-up, as the store hands it to the domain.

Screens, commands, validation, narrative and export all read a ``ReportData``; the
figures they show are computed here or in the calculation modules it calls.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from ksui.core import statements as st
from ksui.core.assessment import AssessmentRules, GehSuggestion, suggest_areas, suggest_geh
from ksui.core.bridge import BridgePart
from ksui.core.drift import (
    DriftRow,
    change_pct,
    drift_rows,
    largest_deviations,
    net_cost_trend,
    repatch_measure,
    share_pct,
)
from ksui.core.figures import (
    FigureRow,
    budget_records,
    figures_at,
    forecast_made,
    ranks,
    standing,
)
from ksui.core.goals import Area, total_counts
from ksui.core.investments import Category
from ksui.core.models import Assessment, DriftFigures, OrgTree, Unit
from ksui.core.periods import BY_CODE, Period
from ksui.core.personnel import SickLeaveTable
from ksui.core.records import record
from ksui.core.references import References
from ksui.core.shares import Share

if TYPE_CHECKING:  # a nämnd's report never loads the kommun's module
    from ksui.core.kommun import KommunEntries


@record
class Published:
    """One figure as printed in the report, kept to check it against ksui's own arithmetic."""

    table: str
    row: str
    column: str
    value: str


@dataclass
class ReportData:
    """The raw figures of one committee, year and period, read in one go from the store."""

    committee: Unit
    year: int
    period: str
    tree: OrgTree
    figures: dict[int, DriftFigures]
    net_cost_by_year: dict[int, dict[int, int]]
    result_values: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)
    balance_values: dict[int, dict[str, int]] = field(default_factory=dict)
    #: The follow-up the year's resultaträkning actuals were reported at (None: none yet).
    statement_period: str | None = None
    categories: list[Category] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    sick_leave: SickLeaveTable = field(default_factory=lambda: SickLeaveTable(()))
    geh: dict[str, Assessment] = field(default_factory=dict)
    grants: list[tuple[str, int]] = field(default_factory=list)
    internal_control: list[tuple[str, str]] = field(default_factory=list)
    #: The nettokostnadsbrygga: the year's change in net cost explained in parts.
    bridge: tuple[BridgePart, ...] = ()
    #: Shares followed up under the goals' and areas' inriktningar, every follow-up of the
    #: year (``ksui.core.shares``: "Andel ekologiska livsmedel … Totalt 58 % (61 %)").
    shares: tuple[Share, ...] = ()
    #: The report's texts at this follow-up by field (the tjänsteskrivelse's and the
    #: sections': ``ksui.store.texts.FIELDS``), as stored.
    texts: dict[str, str] = field(default_factory=dict)
    comments: dict[tuple[str, int, str], str] = field(default_factory=dict)
    published: list[Published] = field(default_factory=list)
    previous_budget: int | None = None
    kommun: str = ""
    #: Figures stored at exactly this year and period, by (unit id, measure): what an edit
    #: at this follow-up replaces, so that it can be refused if someone changed it since.
    exact: dict[tuple[int, str], int] = field(default_factory=dict)
    #: The committee's recorded drift rows of the year: every budget and forecast, and the
    #: utfall at least at ``period``, at each follow-up a forecast was made and at bokslut
    #: (``ksui.store.read.report_rows``; the app holds every period's). Budget changes and
    #: forecasts are read from them, and ``at`` (``figures`` is what stands at ``period``).
    rows: tuple[FigureRow, ...] = ()
    #: Results derived from fields that an edit leaves alone (last years' trend, the
    #: budget records), kept with the object they came from; ``dataclasses.replace`` hands
    #: the same dict on, so a patched report does not derive them again (see ``_derived``).
    memo: dict[str, tuple[object, Any]] = field(default_factory=dict, compare=False, repr=False)
    #: Units whose forecast is marked klar at this follow-up (the forecast workflow).
    forecast_done: frozenset[int] = frozenset()
    #: A kommun's own lines and balanskrav adjustments of the year (None for a nämnd).
    kommun_entries: KommunEntries | None = None

    @property
    def period_info(self) -> Period:
        """The follow-up period as an object (label, order)."""
        return BY_CODE[self.period]

    def namnd_of(self, unit_id: int) -> Unit | None:
        """In a kommun's report, the nämnd a unit below it belongs to; None for the kommun
        and a nämnd themselves, and in a nämnd's own report (its units need no owner).

        Two nämnder may each have an »Ansvar 1.4.4«: among the kommun's largest deviations
        a unit is told apart by its nämnd (``unit_label``, and »… inom nämnden« in text).
        """
        if self.committee.kind != "kommun" or unit_id not in self.tree.units:
            return None
        ids = [u.id for u in self.tree.path(unit_id)]
        if self.committee.id not in ids:
            return None
        below = ids[ids.index(self.committee.id) + 1 :]  # the nämnd, then the unit's own chain
        return self.tree.units[below[0]] if len(below) > 1 else None

    def unit_label(self, unit: Unit) -> str:
        """A unit's name in a table of this report: with its nämnd in a kommun's report."""
        namnd = self.namnd_of(unit.id)
        return unit.name if namnd is None else f"{unit.name} ({namnd.name})"

    def comment(self, entity: str, entity_id: int, field: str = "", *, raw: bool = False) -> str:
        """The controller's comment on a row or figure, '' when none.

        Shown with its live references read (``{resultat:Ekonomi}`` → the figure); ``raw``
        gives the text as stored, which is what an edit box must hold.
        """
        text = self.comments.get((entity, entity_id, field), "")
        return text if raw or not text else self.rendered(text)

    def rendered(self, text: str) -> str:
        """A stored text with its live references read against this report's figures."""
        if "{" not in text and "}" not in text:
            return text
        return self.references().render(text)

    def references(self) -> References:
        """The reader of live references, over this report's drift table."""
        if self.committee.id not in self.tree.units:
            return References([], self.committee)
        rows = self.drift()
        return self._derived("references", rows, lambda: References(rows, self.committee))  # type: ignore[no-any-return]

    # -- drift ---------------------------------------------------------------------------
    def _derived(self, name: str, source: object, make: Callable[[], Any]) -> Any:
        """``make()``, or its result from an earlier call on the very same ``source``
        object (held in the memo, so its id cannot be reused by another)."""
        found = self.memo.get(name)
        if found is not None and found[0] is source:
            return found[1]
        value = make()
        self.memo[name] = (source, value)
        return value

    def _budget_records(self) -> dict[int, list[tuple[str, int]]]:
        """Each unit's recorded budgets of the year (see ``budget_records``), derived once."""
        return cast(
            "dict[int, list[tuple[str, int]]]",
            self._derived("budget_records", self.rows, lambda: budget_records(self.rows)),
        )

    def _drift_inputs(self) -> tuple[object, ...]:
        """What the drift table is computed from, compared by identity (see ``drift``)."""
        return (self.figures, self.rows, self.tree, self.net_cost_by_year, self.period)

    def _same_inputs(self, stored: object) -> bool:
        """Whether a kept drift table was computed from this report's very inputs."""
        inputs = cast("tuple[object, ...]", stored)
        return all(a is b for a, b in zip(inputs, self._drift_inputs(), strict=True))

    def drift(self) -> list[DriftRow]:
        """The drift table, every level rolled up (see ksui.core.drift).

        Kept in the memo with the objects it came from, so the screens, the checks and the
        summary of one report compute it once; ``with_figure`` hands an edited report the
        table updated along the edited unit's path.
        """
        found = self.memo.get(self._drift_key())
        if found is not None and self._same_inputs(found[0]):
            return list(found[1])
        rows = self._compute_drift()
        self.memo[self._drift_key()] = (self._drift_inputs(), tuple(rows))
        return list(rows)

    def _drift_key(self) -> str:
        """The memo's key for this follow-up's table: the reports ``at`` hands out share the
        memo, and one period's table must not push out another's."""
        return f"drift:{self.period}"

    def _subtree(self) -> OrgTree:
        cid = self.committee.id
        return cast(
            "OrgTree", self._derived(f"subtree:{cid}", self.tree, lambda: self.tree.subtree(cid))
        )

    def with_figure(self, unit_id: int, period: str, measure: str, amount: int) -> ReportData:
        """The report after one own figure of a unit was written at the report's own period:
        its figures, exact values and recorded rows, and (for an utfall or a periodiserad
        budget, which only the unit's parents sum) its drift table along that path only."""
        figures = dict(self.figures)
        figures[unit_id] = figures.get(unit_id, DriftFigures())._replace(**{measure: amount})
        exact = {**self.exact, (unit_id, measure): amount}
        key = (unit_id, period, measure)
        # Where each recorded row is, kept with the rows: an edit replaces its row in place
        # instead of walking every row of the year (100 000 in a large nämnd).
        index = cast(
            "dict[tuple[int, str, str], int]",
            self._derived(
                "row_index",
                self.rows,
                lambda: {(r[0], r[2], r[3]): i for i, r in enumerate(self.rows)},
            ),
        )
        new: FigureRow = (unit_id, self.year, period, measure, amount)
        at = index.get(key)
        if at is None:
            rows = (*self.rows, new)
            # The memo holds one index, for the newest rows (it moves on with them below).
            index[key] = len(self.rows)
        else:
            rows = (*self.rows[:at], new, *self.rows[at + 1 :])
        before = self.memo.get(self._drift_key())
        fresh = before is not None and self._same_inputs(before[0])
        edited = dataclasses.replace(self, figures=figures, exact=exact, rows=rows)
        edited.memo["row_index"] = (rows, index)
        if fresh and before is not None and measure in ("actual", "budget_ytd"):
            table = repatch_measure(list(before[1]), self._subtree(), figures, unit_id, measure)
            edited.memo[edited._drift_key()] = (edited._drift_inputs(), tuple(table))
        return edited

    def committee_tree(self) -> OrgTree:
        """The tree below the committee, made once per tree (the table and the checks)."""
        return self._subtree()

    def trend(self) -> dict[int, dict[int, int | None]]:
        """Each unit's net cost per earlier year rolled up its tree (``net_cost_trend``),
        made once per tree and years: the table's trend columns and the checks read it."""
        sub = self._subtree()
        key = f"trend:{self.committee.id}"
        found = self.memo.get(key)
        if found is not None:
            made_from = cast("tuple[object, object]", found[0])
            if made_from[0] is sub and made_from[1] is self.net_cost_by_year:
                return cast("dict[int, dict[int, int | None]]", found[1])
        trend = net_cost_trend(sub, self.net_cost_by_year)
        self.memo[key] = ((sub, self.net_cost_by_year), trend)
        return trend

    def _compute_drift(self) -> list[DriftRow]:
        sub = self._subtree()
        trend = self.trend()
        original = {uid: recs[0][1] for uid, recs in self._budget_records().items() if recs}
        return drift_rows(
            self.tree,
            self.committee.id,
            self.year,
            self.figures,
            self.net_cost_by_year,
            period=self.period,
            forecast_made=forecast_made(self.rows, self.period),
            budget_original=original,
            subtree=sub,
            trend=trend,
        )

    def total(self) -> DriftRow:
        """The committee's own row: totals for the whole nämnd."""
        return self.drift()[0]

    def at(self, period: str) -> ReportData:
        """The same committee's drift at another follow-up of the year, from the same rows.

        A report read without the whole year (``ksui.store.read.report_rows``) holds the
        utfall at its own follow-up, at each one a forecast was made at and at bokslut:
        the follow-ups asked about here (the forecast as made, the forecasts' history).

        Made once per period and recorded rows (the checks ask for the forecast as made of
        every unit with a published figure, and each would otherwise roll up the whole tree).
        """
        return cast(
            "ReportData",
            self._derived(
                f"at:{period}",
                self.rows,
                lambda: dataclasses.replace(
                    self, period=period, figures=figures_at(self.rows, period), exact={}
                ),
            ),
        )

    def forecast_as_made(self, unit_id: int) -> DriftRow | None:
        """The unit's row at the follow-up its latest forecast was made, against the budget
        then in force; None when nobody has forecast it (or a unit below it) this year."""
        if unit_id not in self.tree.units:
            return None
        if not self.rows:
            # Figures handed over for one follow-up only: the forecast as it stands is all.
            row = next((r for r in self.drift() if r.unit.id == unit_id), None)
            return row if row is not None and row.has_forecast else None
        below = {uid for uid, _ in self.tree.walk(unit_id)}
        made = (
            (0, code, code)
            for uid, _y, code, measure, _a in self.rows
            if measure == "forecast" and uid in below
        )
        latest = standing(made, self.period, "stands").get(0)
        if latest is None:
            return None
        then = self.at(latest)
        row = next((r for r in then.drift() if r.unit.id == unit_id), None)
        return row if row is not None and row.has_forecast else None

    def budget_changes(self, unit_id: int | None = None) -> list[BudgetChange]:
        """Budget changes at or before the period (not the original budgets), in date order,
        of one unit and the units below it, or of the whole committee."""
        root = self.committee.id if unit_id is None else unit_id
        if root not in self.tree.units:
            return []
        order = {uid: i for i, (uid, _) in enumerate(self.tree.walk(root))}
        in_force = ranks(self.period, "stands")  # changes made at or before the period
        out = []
        for uid, records in self._budget_records().items():
            if uid not in order:
                continue
            previous: int | None = None
            for code, amount in records:
                if previous is not None and amount != previous and code in in_force:
                    reason = self.comment("unit", uid, budget_reason_field(code))
                    out.append(
                        BudgetChange(
                            self.tree.units[uid], code, previous, amount, amount - previous, reason
                        )
                    )
                previous = amount
        out.sort(key=lambda c: (BY_CODE[c.period].order, order[c.unit.id]))
        return out


def budget_reason_field(period: str) -> str:
    """The comment field a budget change's reason is kept in: one per unit, year and period."""
    return f"budget {period}"


@record
class BudgetChange:
    """One change of a unit's budget during the year: from which follow-up, how much, why."""

    unit: Unit
    period: str
    before: int
    after: int
    change: int
    reason: str


@record
class Summary:
    """The figures of `ksui summary` and of the narrative, computed once."""

    total: DriftRow
    result: int | None
    allocation: int | None
    share_pct: Decimal | None
    net_cost: int | None
    net_cost_prev: int | None
    net_cost_change: int | None
    net_cost_change_pct: Decimal | None
    allocation_prev: int | None
    allocation_change: int | None
    allocation_change_pct: Decimal | None
    top_units: list[DriftRow]
    sub_results: list[DriftRow]
    categories: list[Category]
    overrun: int
    areas: list[Area]
    counts: dict[Assessment, int]
    suggested_areas: dict[int, Assessment | None]
    sick_total: Decimal | None
    sick_change: Decimal | None
    sick_against_kommun: Decimal | None
    short_against_kommun: Decimal | None
    geh: dict[str, Assessment]
    geh_suggested: GehSuggestion


def summarise(data: ReportData, rules: AssessmentRules | None = None) -> Summary:
    """Compute the committee at a glance from its figures."""
    rules = rules or AssessmentRules()
    rows = data.drift()
    total = rows[0]
    allocation = total.budget
    allocation_prev = data.previous_budget
    year = data.year
    sick = data.sick_leave
    sick_total = sick.rate("total", "Totalt", year)
    suggested = suggest_areas(data.areas, rules)
    overrun_categories = [c for c in data.categories if c.projects and c.overrun > 0]
    return Summary(
        total=total,
        result=total.deviation,
        allocation=allocation,
        share_pct=share_pct(total.deviation, allocation),
        net_cost=total.figures.actual,
        net_cost_prev=total.previous_net_cost,
        net_cost_change=total.net_cost_change,
        net_cost_change_pct=total.net_cost_change_pct,
        allocation_prev=allocation_prev,
        allocation_change=None
        if allocation is None or allocation_prev is None
        else allocation - allocation_prev,
        allocation_change_pct=change_pct(allocation, allocation_prev),
        top_units=largest_deviations(rows, 3),
        sub_results=[r for r in rows if r.depth == 1],
        categories=data.categories,
        overrun=sum(c.overrun for c in overrun_categories),
        areas=data.areas,
        counts=total_counts(data.areas),
        suggested_areas=suggested,
        sick_total=sick_total,
        sick_change=sick.change("total", "Totalt", year),
        sick_against_kommun=sick.against_kommun("total", "Totalt", year),
        short_against_kommun=sick.against_kommun("short", "Totalt", year),
        geh=data.geh,
        geh_suggested=suggest_geh(
            share_pct(total.deviation, allocation),
            (a.assessment for a in data.areas),
            sick.change("total", "Totalt", year),
            sick.against_kommun("total", "Totalt", year),
            rules,
        ),
    )


def result_statement(data: ReportData) -> dict[str, dict[str, int | None]]:
    """The resultaträkning with sums, derived lines and deviations, per column.

    Columns: ``actual_prev`` (bokslut last year), ``budget``, ``actual`` and ``deviation``.
    """
    this = data.result_values.get(data.year, {})
    prev = data.result_values.get(data.year - 1, {})
    budget = st.compute_result({k: v.get("budget") for k, v in this.items()})
    actual = st.compute_result({k: v.get("actual") for k, v in this.items()})
    actual_prev = st.compute_result({k: v.get("actual") for k, v in prev.items()})
    out: dict[str, dict[str, int | None]] = {}
    for line in st.RESULT_LINES:
        out[line.key] = {
            "actual_prev": actual_prev[line.key],
            "budget": budget[line.key],
            "actual": actual[line.key],
            "deviation": st.budget_deviation(actual[line.key], budget[line.key]),
        }
    return out


def balance_statement(data: ReportData) -> dict[str, dict[int, int | None]]:
    """The balansräkning with its sums, per year-end."""
    out: dict[str, dict[int, int | None]] = {line.key: {} for line in st.BALANCE_LINES}
    for year in sorted(data.balance_values):
        computed = st.compute_balance(data.balance_values[year])
        for key, value in computed.items():
            out[key][year] = value
    return out
