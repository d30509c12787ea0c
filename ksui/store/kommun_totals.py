"""The consolidated nämnder's drift totals at one follow-up, summed by SQLite, not in Python.

The Kommunen screen shows one row per nämnd; reading a kommun's 150 000 figure rows of a
year to roll 6 000 units up in Python took longer than Textual takes to start. Here each
unit's standing figure at the follow-up is chosen by the rule every reader shares
(``ksui.core.figures.ranks``, passed in as a table of ranks) and summed per nämnd with
GROUP BY, reading only the year's rows of the kommun's units along the primary key.

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

#: Every unit below the kommun (?1) as (unit id, its nämnd's id, whether no unit is below it).
_BELOW = (
    "WITH RECURSIVE sub(id, namnd, leaf) AS ("
    " SELECT id, id, NOT EXISTS (SELECT 1 FROM unit k WHERE k.parent_id = unit.id)"
    " FROM unit WHERE parent_id = ?1"
    " UNION ALL SELECT u.id, sub.namnd,"
    " NOT EXISTS (SELECT 1 FROM unit k WHERE k.parent_id = u.id)"
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
    # What is summed: each measure as it stands, the original budget (the budget recorded
    # first) and »budget_alone«, the budget in force of a unit with no forecast standing,
    # which the drift table assumes it lands on (ksui.core.drift.forecasts).
    summed: list[tuple[str, str, Mapping[str, int]]] = [
        (measure, measure, codes) for measure, codes in ranks.items()
    ]
    summed.append(("budget_original", "budget", {c: -place for c, place in original.items()}))
    summed.append(("budget_alone", "budget", ranks.get("budget", {})))
    forecasts = sorted(ranks.get("forecast", {}))
    columns, params = [], []
    for name, source, codes in summed:
        condition, values = _standing(source, codes)
        if name == "budget_alone" and forecasts:
            condition = f"({condition}) AND NOT EXISTS (SELECT 1 FROM drift_figure g" + (
                " WHERE g.unit_id = f.unit_id AND g.year = f.year AND g.measure = 'forecast'"
                f" AND g.period IN ({', '.join('?' for _ in forecasts)}))"
            )
            values = [*values, *forecasts]
        columns.append((f"sum(CASE WHEN {condition} THEN f.amount END)", name))
        params += values
        if name == "forecast":  # how many units forecast: all of them, or some
            columns.append((f"count(CASE WHEN {condition} THEN 1 END)", "forecasting"))
            params += values
    # Only the rows of a period some measure can stand at are looked at further.
    wanted = sorted({code for _, _, codes in summed for code in codes})
    found: dict[int, dict[str, int | None]] = {}
    #: Nämnder where a unit with units below it has a figure at one of the periods.
    irregular: set[int] = set()
    # Every row of the year of every unit below the kommun, read in the primary key's order
    # (one seek per unit, then its rows side by side): cheaper than looking each standing
    # row up. A row stands unless the unit has the measure at a period ranked higher, a
    # look-up along the primary key made only for rows that have one to fear.
    sql = (
        f"{_BELOW} SELECT sub.namnd, max(NOT sub.leaf), "
        + ", ".join(column for column, _ in columns)
        + " FROM sub CROSS JOIN drift_figure f ON f.unit_id = sub.id AND f.year = ?2"
        f" WHERE +f.period IN ({', '.join('?' for _ in wanted)})"
        " GROUP BY sub.namnd"
    )
    for row in conn.execute(_numbered(sql), [kommun.id, year, *params, *wanted]):
        found[int(row[0])] = {
            name: value for (_, name), value in zip(columns, row[2:], strict=True)
        }
        if row[1]:
            irregular.add(int(row[0]))
    # Per nämnd: its leaf units, and whether it is itself one (it has no units).
    shape = conn.execute(
        f"{_BELOW} SELECT namnd, sum(leaf), max(leaf AND id = namnd) FROM sub GROUP BY namnd",
        (kommun.id,),
    ).fetchall()
    sums: dict[int, NamndSums] = {}
    for namnd, leaves, itself in shape:
        mine = found.get(int(namnd), {})

        def total(*measures: str, of: dict[str, int | None] = mine) -> int | None:
            present = [int(v) for m in measures if (v := of.get(m)) is not None]
            return sum(present) if present else None

        forecasting = int(mine.get("forecasting") or 0)
        sums[int(namnd)] = NamndSums(
            int(namnd),
            int(leaves),
            total("budget"),
            total("budget_ytd"),
            total("actual"),
            total("budget_original"),
            total("forecast", "budget_alone"),
            forecasting,
            # A nämnd without units is its own leaf: its forecast's source (entered or
            # carried) needs when it was made, which the core's roll-up tells.
            regular=int(namnd) not in irregular and not itself,
        )
    own = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM drift_figure WHERE unit_id = ? AND year = ?)",
        (kommun.id, year),
    ).fetchone()[0]
    return KommunSums(kommun, namnder, sums, bool(own))


def recorded(store: Store, kommun_id: int, year: int) -> frozenset[tuple[str, str]]:
    """The (period, measure) pairs of the year that the kommun or a unit below it has a
    figure of: the file's pairs, read from the (year, period) index, each then looked for among
    the kommun's units until the first is found."""
    return frozenset(
        (str(period), str(measure))
        for period, measure in store.conn.execute(
            f"{_BELOW}, pairs(period, measure) AS ("
            " SELECT DISTINCT period, measure FROM drift_figure INDEXED BY drift_year_period"
            " WHERE year = ?2)"
            " SELECT period, measure FROM pairs WHERE EXISTS (SELECT 1 FROM drift_figure f"
            " INDEXED BY drift_year_period WHERE f.year = ?2 AND f.period = pairs.period"
            " AND f.measure = pairs.measure"
            " AND (+f.unit_id IN (SELECT id FROM sub) OR +f.unit_id = ?1))",
            (kommun_id, year),
        )
    )


def _standing(measure: str, codes: Mapping[str, int]) -> tuple[str, list[object]]:
    """The SQL condition that a row ``f`` holds ``measure`` as it stands (``codes``: each
    period code's rank, the highest wins), and its parameters: the top code stands
    outright, any other only where the unit has the measure at no code ranked higher."""
    if not codes:
        return "0", []
    order = sorted(codes, key=lambda code: codes[code], reverse=True)
    parts = ["f.measure = ? AND (f.period = ?"]
    values: list[object] = [measure, order[0]]
    for at, code in enumerate(order[1:], 1):
        higher = order[:at]
        parts.append(
            " OR f.period = ? AND NOT EXISTS (SELECT 1 FROM drift_figure g"
            " WHERE g.unit_id = f.unit_id AND g.year = f.year AND g.measure = f.measure"
            f" AND g.period IN ({', '.join('?' for _ in higher)}))"
        )
        values += [code, *higher]
    return "".join(parts) + ")", values


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
