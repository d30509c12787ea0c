"""The kommun and its nämnder at one follow-up, as the drift table's rows, read by SQL sums.

``ksui drift -c KOMMUN`` rolls every unit of every nämnd up in Python; the Kommunen
screen needs only the nämnder and the kommun, so here SQLite sums each nämnd's leaf units
(``ksui.store.kommun_totals``) and the rows are built from those sums with the drift
table's own rules: the same budget in force, prognos, utfall and avvikelse to the öre. A
nämnd whose units above the leaves hold figures of their own (which the sums cannot
tell apart) is rolled up with the core's ``drift_rows`` over its own rows, and a kommun
with figures of its own over the whole kommun, so every answer is the drift table's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from ksui.core.drift import DriftRow, drift_rows
from ksui.core.figures import RULES, budget_original, figures_at, forecast_made, ranks, standing
from ksui.core.models import DriftFigures, Unit
from ksui.core.periods import BY_CODE, PERIODS, TWINS
from ksui.core.records import record

# The store (its readers, its errors) is imported where it is used: the TUI unpickles
# ``KommunTotals`` (read by a forked child) while Textual starts, and needs this module for
# that, not the store, whose package (the connection, sqlite3, json, the lock guard) would
# be imported before the first frame for nothing.
if TYPE_CHECKING:
    from ksui.store import Store
    from ksui.store import kommun_totals as sums_of


@record
class Source:
    """Where a consolidated nämnd came from: its own file, that file's last change set, when
    (``ksui.store.provenance.Provenance``, as this use case hands it on: a class of the
    store's would make whoever receives the totals import the store)."""

    committee_id: int
    source_path: str
    source_changeset: int | None
    consolidated_at: str


def sources(store: Store, kommun: Unit) -> dict[int, Source]:
    """Each consolidated nämnd below the kommun by its id, with where it came from."""
    from ksui.store.provenance import provenance

    return {
        key: Source(p.committee_id, p.source_path, p.source_changeset, p.consolidated_at)
        for key, p in provenance(store, kommun.id).items()
    }


@record
class KommunTotals:
    """The kommun's row and its nämnder's at a follow-up, in the drift table's order."""

    kommun: Unit
    year: int
    period: str
    #: The kommun first (depth 0), then each nämnd (depth 1), as ``ksui drift`` lists them.
    rows: tuple[DriftRow, ...]
    #: The follow-up the standing helårsprognos was made at (the forecast column's label).
    forecast_period: str | None
    #: The units whose forecast is marked klar at the follow-up.
    done: frozenset[int]
    #: The follow-ups of the year with figures, in calendar order (the period selector's).
    periods: tuple[str, ...]
    #: Each consolidated nämnd's source by its id (``ksui consolidate``).
    sources: Mapping[int, Source]


def latest_year(store: Store, kommun: Unit) -> int | None:
    """The kommun's latest year with figures; None when it has none."""
    from ksui.store import read

    years = read.years(store, kommun.id)
    return years[-1] if years else None


def recorded(store: Store, kommun: Unit, year: int) -> frozenset[tuple[str, str]]:
    """The (period, measure) pairs the kommun's units have figures of in the year."""
    from ksui.store import kommun_totals as sums_of

    return sums_of.recorded(store, kommun.id, year)


def kommun_totals(
    store: Store,
    kommun: Unit,
    year: int,
    period: str,
    pairs: Iterable[tuple[str, str]] | None = None,
) -> KommunTotals:
    """The kommun and its nämnder at ``period`` of ``year`` (``pairs``: ``recorded`` when
    the caller has them already)."""
    from ksui.actions.errors import ActionError
    from ksui.store import kommun_totals as sums_of
    from ksui.store import read

    if period not in BY_CODE:
        raise ActionError(f"okänd period »{period}«")
    found = frozenset(pairs) if pairs is not None else recorded(store, kommun, year)
    claims = {measure: _claims(period, rule, measure, found) for measure, rule in RULES.items()}
    order = {code: p.order for code, p in BY_CODE.items() if (code, "budget") in found}
    sums = sums_of.kommun_sums(store, kommun, year, claims, order)
    made = ((0, code, code) for code, measure in found if measure == "forecast")
    forecast_period = standing(made, period, "stands").get(0)
    done = read.forecast_done(store, year, period, kommun.id)
    if sums.kommun_own:
        rows = _rolled(store, kommun, year, period, kommun.id, depth=1)
    else:
        namnder = [
            _namnd_row(store, kommun, year, period, unit, sums.sums.get(unit.id))
            for unit in sums.namnder
        ]
        rows = [_kommun_row(kommun, year, period, namnder), *namnder]
    periods = tuple(_calendar(found))
    found_sources = sources(store, kommun)
    return KommunTotals(
        kommun, year, period, tuple(rows), forecast_period, done, periods, found_sources
    )


def _claims(
    period: str, rule: str, measure: str, found: frozenset[tuple[str, str]]
) -> dict[str, int]:
    """Each recorded period code's claim to hold ``measure`` at ``period``, as a rank the
    SQL can compare (the order of ``ranks``' tuples); codes without figures are left out."""
    table = ranks(period, rule)
    places = {rank: place for place, rank in enumerate(sorted(set(table.values())))}
    return {code: places[rank] for code, rank in table.items() if (code, measure) in found}


def _calendar(found: frozenset[tuple[str, str]]) -> list[str]:
    """The follow-ups with figures in calendar order, twins included (``periods_of``)."""
    codes = {code for code, _ in found}
    codes |= {TWINS[code] for code in codes if code in TWINS}
    return [p.code for p in PERIODS if p.code in codes]


def _namnd_row(
    store: Store,
    kommun: Unit,
    year: int,
    period: str,
    unit: Unit,
    sums: sums_of.NamndSums | None,
) -> DriftRow:
    """A nämnd's drift row from its sums, or rolled up by the core when it is irregular."""
    if sums is None or not sums.regular:
        return _rolled(store, kommun, year, period, unit.id, depth=0)[0]
    if sums.forecasting == sums.leaves:
        source: str | None = "children"  # every leaf forecast: their sum replaces the rest
    elif sums.forecast is None:
        source = None
    elif sums.forecasting == 0:
        source = "budget"  # no leaf forecast: assumed to land on the budget in force
    else:
        source = "children"
    figures = DriftFigures(sums.budget, sums.budget_ytd, sums.forecast, sums.actual)
    return _row(unit, 1, year, period, figures, sums.budget_original, source)


def _kommun_row(kommun: Unit, year: int, period: str, namnder: list[DriftRow]) -> DriftRow:
    """The kommun's row: the sum of its nämnder, measure by measure (``rollup``)."""

    def total(values: Iterable[int | None]) -> int | None:
        present = [v for v in values if v is not None]
        return sum(present) if present else None

    figures = DriftFigures(
        total(n.figures.budget for n in namnder),
        total(n.figures.budget_ytd for n in namnder),
        total(n.figures.forecast for n in namnder),
        total(n.figures.actual for n in namnder),
    )
    sources = [n.forecast_source for n in namnder if n.figures.forecast is not None]
    if not sources:
        source: str | None = None
    elif all(s == "budget" for s in sources):
        source = "budget"
    else:
        source = "children"
    original = total(n.budget_original for n in namnder)
    return _row(kommun, 0, year, period, figures, original, source)


def _row(
    unit: Unit,
    depth: int,
    year: int,
    period: str,
    figures: DriftFigures,
    original: int | None,
    source: str | None,
) -> DriftRow:
    return DriftRow(
        unit=unit,
        depth=depth,
        figures=figures,
        net_cost={year: figures.actual},
        year=year,
        has_children=True,
        budget_original=original,
        forecast_source=source,
        year_end=period == "bokslut",
    )


def _rolled(
    store: Store, kommun: Unit, year: int, period: str, root: int, *, depth: int
) -> list[DriftRow]:
    """The drift rows of ``root`` and (``depth``) the levels below it, rolled up by the
    core from the unit's recorded rows, as ``ksui drift`` does; the kommun's nämnder keep
    their depth below it (a nämnd's own row is depth 1 in the kommun's table)."""
    from ksui.store import read

    tree = read.org_tree(store, root)
    rows = read.figure_rows(store, root, year)
    found = drift_rows(
        tree,
        root,
        year,
        figures_at(rows, period),
        {},
        period=period,
        forecast_made=forecast_made(rows, period),
        budget_original=budget_original(rows),
    )
    shift = 0 if root == kommun.id else 1
    return [_at_depth(r, r.depth + shift) for r in found if r.depth <= depth]


def _at_depth(row: DriftRow, depth: int) -> DriftRow:
    """The row at another depth (a nämnd's own root is the kommun's depth 1)."""
    return row if row.depth == depth else replace(row, depth=depth)
