"""The drift table, once: budget, prognos, utfall, avvikelse and the net-cost trend per unit."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import cast

from ksui.core.drift import DriftRow
from ksui.core.models import UNIT_KIND_LABELS
from ksui.core.narrative import latest_forecast_period
from ksui.core.periods import BY_CODE
from ksui.core.records import record
from ksui.core.report import ReportData
from ksui.core.swedish import MONTHS
from ksui.tables.spec import Column, Row, Table, history_years, none_if_empty, per_year

#: How many years of net cost before the report year the drift table shows at most.
HISTORY = 2


#: The figures a narrow screen keeps first at bokslut: the year's result against the budget,
#: and how far the last forecast was from it (``drift_table``'s other columns follow).
YEAR_END_FIRST = ("deviation", "actual", "budget", "forecast_deviation", "forecast")
#: … and at a month, T1 or delår: the helårsprognos against the budget first (what the
#: nämnd will end the year at), then utfall hittills against the periodiserad budget.
FOLLOW_UP_FIRST = (
    "forecast_deviation",
    "deviation",
    "forecast",
    "actual",
    "budget",
    "budget_ytd",
)


def period_first(period: str) -> tuple[str, ...]:
    """The columns a follow-up needs most, most needed first: which a narrow screen keeps
    (Drift and Kommunen), so it is decided here, with the columns themselves."""
    return YEAR_END_FIRST if period == "bokslut" else FOLLOW_UP_FIRST


@record
class DriftLine:
    """One unit of the drift table with what its row needs beyond the figures."""

    row: DriftRow
    parent: str | None = None
    comment: str = ""
    #: The unit's forecast is marked klar at the follow-up (``ksui forecasts klar``, k).
    done: bool = False


def _net_cost(line: DriftLine) -> dict[int, int | None]:
    """Net cost by year, newest first (the report year's is this year's utfall)."""
    return dict(sorted(line.row.net_cost.items(), reverse=True))


@record
class Labels:
    """What the figure columns are called: at bokslut the year's, before it what they hold."""

    actual: str = "Utfall"
    actual_short: str | None = None
    forecast: str = "Prognos"
    forecast_short: str | None = None
    deviation: str = "Budgetavvikelse"
    deviation_short: str | None = "Avvikelse"


def period_labels(period: str = "bokslut", forecast_period: str | None = None) -> Labels:
    """Labels saying what the figures are at a follow-up before bokslut (utfall hittills …).

    ``forecast_period`` is the follow-up the standing helårsprognos was made at, named by its
    month ('Helårsprognos aug') so that a carried forecast is not read as a fresh one.
    """
    if period == "bokslut":
        return Labels()
    made = BY_CODE.get(forecast_period or period, BY_CODE[period])
    month = MONTHS[made.month - 1][:3]
    # On a terminal the controller's own abbreviations (ack. = ackumulerat, hittills i år),
    # so that the helårsprognos still fits beside them at 80 columns.
    return Labels(
        actual="Utfall hittills",
        actual_short="Utfall ack.",
        forecast=f"Helårsprognos {month}",
        forecast_short=f"Prognos {month}",
        deviation="Avvikelse hittills",
        deviation_short="Avv. ack.",
    )


def columns(
    unit: str, year: int, history: Sequence[int], labels: Labels | None = None
) -> tuple[Column[DriftLine], ...]:
    """Every column of the drift table; ``history`` are the earlier years it shows."""
    labels = labels or Labels()
    nk = [
        Column[DriftLine](
            f"y{y}",
            f"Nettokostnad {y}",
            "amount",
            per_year(_net_cost, y),
            short=f"NK {y}",
            year=y,
            # The oldest year goes first on a narrow screen, the year before last.
            priority=9 if index else 6,
        )
        for index, y in enumerate(history)
    ]
    return (
        Column("code", "Kod", "code", lambda d: d.row.unit.code),
        Column("name", unit, "name", lambda d: d.row.unit.name),
        Column("parent", "Överordnad enhet", "text", lambda d: d.parent),
        Column("kind", "Typ", "code", lambda d: d.row.unit.kind),
        Column(
            "kind_label",
            "Typ",
            "text",
            lambda d: UNIT_KIND_LABELS.get(d.row.unit.kind, d.row.unit.kind),
        ),
        Column("depth", "Nivå", "count", lambda d: d.row.depth),
        Column("has_children", "Summerad", "flag", lambda d: d.row.has_children),
        Column(
            "budget",
            "Kommunbidrag",
            "amount",
            lambda d: d.row.budget,
            short="Budget",
            edits="budget",
            priority=3,
        ),
        Column(
            "budget_original",
            "Ursprunglig budget",
            "amount",
            lambda d: d.row.budget_original,
            short="Urspr. budget",
        ),
        Column(
            "budget_ytd",
            "Periodiserad budget",
            "amount",
            lambda d: d.row.figures.budget_ytd,
            short="Per.budget",
            edits="budget_ytd",
            priority=7,
        ),
        Column(
            "forecast",
            labels.forecast,
            "amount",
            lambda d: d.row.figures.forecast,
            short=labels.forecast_short,
            edits="forecast",
            priority=4,
        ),
        Column("forecast_source", "Prognoskälla", "code", lambda d: d.row.forecast_source),
        # The part of a parent's own forecast its forecasting units do not cover.
        Column("forecast_unallocated", "Ej fördelat", "amount", lambda d: d.row.unallocated),
        # The screen draws it as a mark after the forecast (``ksui.tui.widgets.drift_columns``).
        Column("forecast_done", "Prognos klar", "flag", lambda d: d.done),
        Column(
            "actual",
            labels.actual,
            "amount",
            lambda d: d.row.figures.actual,
            short=labels.actual_short,
            edits="actual",
            priority=1,
        ),
        Column(
            "deviation",
            labels.deviation,
            "deviation",
            lambda d: d.row.deviation,
            short=labels.deviation_short,
            priority=2,
        ),
        Column(
            "forecast_deviation",
            "Prognosavvikelse",
            "deviation",
            lambda d: d.row.forecast_deviation,
            short="Prog.avv.",
            priority=8,
        ),
        Column(
            "net_cost_prev",
            f"Nettokostnad {year - 1}",
            "amount",
            lambda d: d.row.previous_net_cost,
            short=f"NK {year - 1}",
            year=year - 1,
        ),
        Column(
            "net_cost_change",
            "Nettokostnadsförändring",
            "deviation",
            lambda d: d.row.net_cost_change,
            short="NK-förändring",
        ),
        *nk,
        Column(
            "net_cost_change_pct",
            "Nettokostnadsutveckling %",
            "change",
            lambda d: d.row.net_cost_change_pct,
            short="NK-utv %",
            priority=5,
        ),
        Column("net_cost_by_year", "NK per år", "amount", _net_cost, per_year=True),
        Column("comment", "Kommentar", "text", lambda d: none_if_empty(d.comment)),
    )


_AMOUNTS = ("budget", "budget_ytd", "forecast", "actual", "deviation", "forecast_deviation")
CSV = (
    "code",
    "name",
    "parent",
    "kind",
    "depth",
    *_AMOUNTS,
    "net_cost_prev",
    "net_cost_change",
    "net_cost_change_pct",
)
JSON = (
    "code",
    "name",
    "parent",
    "kind",
    "kind_label",
    "depth",
    "has_children",
    "budget",
    "budget_original",
    "budget_ytd",
    "forecast",
    "forecast_source",
    "forecast_done",
    "forecast_unallocated",
    "actual",
    "deviation",
    "forecast_deviation",
    "net_cost_prev",
    "net_cost_change",
    "net_cost_change_pct",
    "net_cost_by_year",
    "comment",
)


def drift_table(
    rows: Sequence[DriftRow],
    year: int,
    unit: str = "tkr",
    history: int | None = None,
    comments: dict[int, str] | None = None,
    *,
    period: str = "bokslut",
    forecast_period: str | None = None,
    done: frozenset[int] = frozenset(),
) -> Table[DriftLine]:
    """The drift table of ``rows`` (the committee first, then its units in tree order).

    ``history``: how many earlier years of net cost it shows (None: ``HISTORY``). Before
    bokslut (``period``) the columns say what they hold (see ``period_labels``), the
    printed table adds the periodiserad budget and the helårsprognos, and no
    nettokostnadsutveckling is shown, since part of a year is no year's net cost.
    ``done`` are the units whose forecast is marked klar at the follow-up; the screen
    marks them after the forecast before bokslut (at bokslut only when one is marked).
    """
    names = {r.unit.id: r.unit.name for r in rows}
    comments = comments or {}
    lines = tuple(
        Row(
            DriftLine(
                r,
                names.get(r.unit.parent_id or -1),
                comments.get(r.unit.id, ""),
                r.unit.id in done,
            ),
            key=f"unit:{r.unit.id}",
            depth=r.depth,
            strong=r.has_children,
        )
        for r in rows
    )
    count = HISTORY if history is None else history
    years = history_years([y for r in rows for y in r.net_cost], year, count)
    nk = tuple(f"y{y}" for y in years)
    with_ytd = any(r.figures.budget_ytd is not None for r in rows)
    # The forecast workflow (k marks klar) is a follow-up's before bokslut; at bokslut the
    # forecasts keep their figures' width unless a unit is marked.
    with_done = period != "bokslut" or any(r.unit.id in done for r in rows)
    screen = (
        "name",
        "budget",
        *(("budget_ytd",) if with_ytd else ()),
        "forecast",
        *(("forecast_done",) if with_done else ()),
        "actual",
        "deviation",
        "forecast_deviation",
        *nk,
        "net_cost_change_pct",
    )
    printed: tuple[str, ...] = (
        "name",
        "budget",
        "forecast",
        "actual",
        "deviation",
        *nk,
        "net_cost_change_pct",
    )
    if period != "bokslut":
        ytd = ("budget_ytd",) if with_ytd else ()
        printed = ("name", "budget", *ytd, "actual", "deviation", "forecast")
        printed += ("forecast_deviation", *nk)
        screen = tuple(k for k in screen if k != "net_cost_change_pct")
    views = {
        "print": printed,
        "screen": screen,
        "csv": CSV,
        "json": JSON,
    }
    labels = period_labels(period, forecast_period)
    return Table("drift", columns(unit, year, years, labels), lines, views, unit)


def patch_drift_table(
    table: Table[DriftLine],
    before: Sequence[DriftRow],
    rows: Sequence[DriftRow],
    changed: Collection[int],
) -> Table[DriftLine] | None:
    """The drift table of ``rows`` made from ``table`` (the table of ``before``) by making
    only the ``changed`` lines anew, since after an edit of one unit the rest of the
    thousands of lines are as they were; None when the change reaches the columns.

    ``rows`` must be ``before`` with only the figures of the ``changed`` rows changed: the
    same units in the same order, at the same period, with the same marks and comments.
    The columns a table shows depend on every row (the earlier years of net cost, whether
    any unit has a periodiserad budget), so a change of those in a changed row gives None
    and the caller makes the whole table again with ``drift_table``.
    """
    if len(rows) != len(before) or len(table.rows) != len(rows):
        return None
    lines = list(table.rows)
    for index in changed:
        old, new = before[index], rows[index]
        if (
            old.unit != new.unit
            or old.depth != new.depth
            or old.has_children != new.has_children
            or old.year != new.year
            or old.net_cost.keys() != new.net_cost.keys()
            or (old.figures.budget_ytd is None) != (new.figures.budget_ytd is None)
        ):
            return None
        line = lines[index]
        lines[index] = replace(line, item=replace(line.item, row=new))
    return replace(table, rows=tuple(lines))


#: Where ``forecast_period`` keeps its answer in a report's memo (one per follow-up).
FORECAST_PERIOD_MEMO = "forecast_period:"


def forecast_period(data: ReportData) -> str | None:
    """``latest_forecast_period`` of a report, kept in its memo with the recorded rows it was
    read from: the screen asks after every edit, and the answer reads every recorded row of
    the year (some 100 000 at 4 000 units)."""
    key = FORECAST_PERIOD_MEMO + data.period
    found = data.memo.get(key)
    if found is not None and found[0] is data.rows:
        return cast("str | None", found[1])
    value = latest_forecast_period(data)
    data.memo[key] = (data.rows, value)
    return value


def report_drift_table(
    data: ReportData, unit: str = "tkr", history: int | None = None
) -> Table[DriftLine]:
    """The drift table of a report, with each unit's parent and comment."""
    rows = data.drift()
    comments = {r.unit.id: data.comment("unit", r.unit.id) for r in rows}
    return drift_table(
        rows,
        data.year,
        unit,
        history,
        comments,
        period=data.period,
        forecast_period=forecast_period(data),
        done=data.forecast_done,
    )
