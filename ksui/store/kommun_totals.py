"""The consolidated nämnder's drift totals at one follow-up, summed by SQLite, not in Python.

The Kommunen screen shows one row per nämnd; reading a kommun's 150 000 figure rows of a
year to roll 6 000 units up in Python took longer than Textual takes to start. Here each
unit's standing figure at the follow-up is chosen by the rule every reader shares
(``ksui.core.figures.ranks``, passed in as a table of ranks), looked up along the primary
key at the few period codes that can hold it, and summed per nämnd by SQLite.

The sums are the drift table's own totals where the nämnd is *regular*: only its leaf
units (those with no units below) hold figures of the year, as every consolidated nämnd
built from a ledger does. Then the roll-up (``ksui.core.drift.rollup``) is the plain sum
of the leaves, and the forecast (``ksui.core.drift.forecasts``) the sum over the leaves of
each one's forecast, else its budget in force. Where a unit above the leaves has a figure
of its own, ``regular`` is False and the use case (``ksui.actions.kommun_totals``) rolls
that nämnd up with the core's own functions instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ksui.core.models import Unit
from ksui.store.db import Store

#: One nämnd (?1) and every unit below it, as (unit id, whether no unit is below it).
_UNDER = (
    "WITH RECURSIVE sub(id, leaf) AS ("
    " SELECT id, NOT EXISTS (SELECT 1 FROM unit k WHERE k.parent_id = unit.id)"
    " FROM unit WHERE id = ?1"
    " UNION ALL SELECT u.id, NOT EXISTS (SELECT 1 FROM unit k WHERE k.parent_id = u.id)"
    " FROM unit u JOIN sub ON u.parent_id = sub.id)"
)


@dataclass(frozen=True)
class NamndSums:
    """One nämnd's figures at a follow-up, summed over its leaf units (None: none has one)."""

    namnd_id: int
    #: Units with no units below them (the nämnd itself when it has none).
    leaves: int
    budget: int | None
    budget_ytd: int | None
    actual: int | None
    #: The year's first recorded budget of each leaf, summed (Ursprunglig budget).
    budget_original: int | None
    #: Each leaf's standing forecast, else its budget in force, summed (the drift forecast).
    forecast: int | None
    #: Leaves with a standing forecast of their own (all of them: the nämnd is forecast).
    forecasting: int
    #: Whether only leaf units hold figures of the year, so the sums are the drift totals.
    regular: bool


@dataclass(frozen=True)
class KommunSums:
    """The kommun's nämnder in the drift table's order and their sums at one follow-up."""

    kommun: Unit
    namnder: tuple[Unit, ...]
    sums: Mapping[int, NamndSums]
    #: The kommun unit itself has figures of the year (then nothing here is its total).
    kommun_own: bool


def kommun_sums(
    store: Store,
    kommun: Unit,
    year: int,
    ranks: Mapping[str, Mapping[str, int]],
    original: Mapping[str, int],
) -> KommunSums:
    """Each nämnd's sums at a follow-up: ``ranks`` gives, per measure, each period code's
    claim to stand at it (higher wins, a code missing does not count; see
    ``ksui.core.figures.ranks``), ``original`` each budget code's place in the year (the
    lowest is the original budget). Codes without figures may be left out of both."""
    conn = store.conn
    namnder = tuple(
        Unit(*row)
        for row in conn.execute(
            "SELECT id, parent_id, kind, name, code, position FROM unit WHERE parent_id = ?"
            " ORDER BY position, id",
            (kommun.id,),
        )
    )
    # Each unit's figure as it stands, per measure: the highest-ranked code the unit has the
    # measure at, found by one seek along the primary key per code until one is there (the
    # latest at the follow-up is usually the first). Then the original budget (the budget
    # recorded first), which the sums need besides; a value asked for twice (the budget in
    # force is often the original) is looked up once.
    columns: dict[tuple[str, tuple[object, ...]], str] = {}
    at: dict[str, str] = {}  # each value's column in »per«
    params: list[object] = []
    for name, measure, codes in [
        *((measure, measure, codes) for measure, codes in ranks.items()),
        ("budget_original", "budget", {c: -place for c, place in original.items()}),
    ]:
        expression, values = _standing(measure, codes)
        key = (expression, tuple(values))
        if key not in columns:
            columns[key] = f"c{len(columns)}"
            params += values
        at[name] = columns[key]
    forecast = at.get("forecast", "NULL")
    budget = at.get("budget", "NULL")
    # Summed per nämnd: each measure; how many units forecast (all of them, or some); and
    # »budget_alone«, the budget in force of a unit with no forecast standing, which the
    # drift table assumes it lands on (ksui.core.drift.forecasts). Besides, the nämnd's
    # leaves, whether it is one itself, and whether a unit with units below it has a figure
    # at a period some measure can stand at (then the sums are not the drift table's).
    wanted = sorted({code for codes in (*ranks.values(), original) for code in codes})
    summed = [*(f"sum({column})" for column in at.values()), f"count({forecast})"]
    summed.append(f"sum(CASE WHEN {forecast} IS NULL THEN {budget} END)")
    names = [*at, "forecasting", "budget_alone"]
    sql = _numbered(
        f"{_UNDER}, per AS MATERIALIZED (SELECT sub.id AS id, sub.leaf AS leaf, "
        + ", ".join(f"{expression} AS {column}" for (expression, _), column in columns.items())
        + " FROM sub)"
        " SELECT sum(leaf), max(leaf AND id = ?1),"
        " max(CASE WHEN leaf THEN 0 ELSE EXISTS (SELECT 1 FROM drift_figure f"
        f" WHERE f.unit_id = per.id AND f.year = ?2 AND f.period IN ({_marks(wanted)})) END), "
        + ", ".join(summed)
        + " FROM per"
    )
    sums: dict[int, NamndSums] = {}
    # One nämnd at a time: summed over the whole kommun at once, SQLite sorted the units by
    # nämnd to group them.
    for namnd in namnder:
        leaves, itself, irregular, *values = conn.execute(
            sql, [namnd.id, year, *params, *wanted]
        ).fetchone()
        mine = dict(zip(names, values, strict=True))

        def total(*measures: str, of: dict[str, int | None] = mine) -> int | None:
            present = [int(v) for m in measures if (v := of.get(m)) is not None]
            return sum(present) if present else None

        sums[namnd.id] = NamndSums(
            namnd.id,
            int(leaves or 0),
            total("budget"),
            total("budget_ytd"),
            total("actual"),
            total("budget_original"),
            total("forecast", "budget_alone"),
            int(mine.get("forecasting") or 0),
            # A nämnd without units is its own leaf: its forecast's source (entered or
            # carried) needs when it was made, which the core's roll-up tells.
            regular=not irregular and not itself,
        )
    own = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM drift_figure WHERE unit_id = ? AND year = ?)",
        (kommun.id, year),
    ).fetchone()[0]
    return KommunSums(kommun, namnder, sums, bool(own))


def recorded(store: Store, kommun_id: int, year: int) -> frozenset[tuple[str, str]]:
    """The (period, measure) pairs of the year that the kommun or a unit below it has a
    figure of: the file's pairs, stepped through along the (year, period, measure) index one
    seek each, then each pair's rows looked at until one is the kommun's."""
    conn = store.conn
    pairs: list[tuple[str, str]] = []
    at = ("", "")
    while (row := conn.execute(_NEXT_PAIR, (year, *at)).fetchone()) is not None:
        at = (str(row[0]), str(row[1]))
        pairs.append(at)
    if not pairs:
        return frozenset()
    # A row is the kommun's when the kommun is the row's unit or above it: walking up from
    # the first rows of a pair is cheaper than listing the kommun's 6 000 units first.
    values = ", ".join("(?, ?)" for _ in pairs)
    sql = _numbered(
        f"WITH pairs(period, measure) AS (VALUES {values})"
        " SELECT period, measure FROM pairs WHERE EXISTS (SELECT 1 FROM drift_figure f"
        " INDEXED BY drift_year_period_measure WHERE f.year = ?2 AND f.period = pairs.period"
        " AND f.measure = pairs.measure AND ?1 IN (WITH RECURSIVE up(id) AS ("
        " SELECT f.unit_id UNION ALL SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id"
        " WHERE u.parent_id IS NOT NULL) SELECT id FROM up))"
    )
    flat = [value for pair in pairs for value in pair]
    return frozenset(
        (str(period), str(measure))
        for period, measure in conn.execute(sql, [kommun_id, year, *flat])
    )


#: The year's (?1) next (period, measure) pair after (?2, ?3) in the index's order: the
#: next measure at the same period, else the first at the next period.
_NEXT_PAIR = (
    "SELECT * FROM (SELECT period, measure FROM drift_figure INDEXED BY drift_year_period_measure"
    " WHERE year = ?1 AND period = ?2 AND measure > ?3 ORDER BY measure LIMIT 1)"
    " UNION ALL SELECT * FROM (SELECT period, measure FROM drift_figure"
    " INDEXED BY drift_year_period_measure WHERE year = ?1 AND period > ?2"
    " ORDER BY period, measure LIMIT 1) LIMIT 1"
)


def _standing(measure: str, codes: Mapping[str, int]) -> tuple[str, list[object]]:
    """The SQL value of the unit ``sub``'s ``measure`` as it stands (``codes``: each period
    code's rank, the highest wins), and its parameters: the amount at the top code, else
    at the next, and so on (NULL when the unit has the measure at none of them)."""
    if not codes:
        return "NULL", []
    order = sorted(codes, key=lambda code: codes[code], reverse=True)
    point = (
        "(SELECT g.amount FROM drift_figure g WHERE g.unit_id = sub.id AND g.year = ?2"
        " AND g.period = ? AND g.measure = ?)"
    )
    values: list[object] = [value for code in order for value in (code, measure)]
    if len(order) == 1:
        return point, values
    return f"coalesce({', '.join(point for _ in order)})", values


def _marks(values: list[str]) -> str:
    """As many ``?`` as ``values``, comma-separated (an SQL IN list's)."""
    return ", ".join("?" for _ in values)


def _numbered(sql: str) -> str:
    """The query with its plain ``?`` numbered from ?3 on (?1 the kommun, ?2 the year)."""
    pieces = sql.split("?")
    out = [pieces[0]]
    number = 3
    for piece in pieces[1:]:
        if piece[:1].isdigit():
            out.append("?" + piece)
        else:
            out.append(f"?{number}{piece}")
            number += 1
    return "".join(out)
