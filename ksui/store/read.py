"""Reading the store into domain objects; no figure is computed here, only gathered."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ksui.core.drift import missing_before, rollup
from ksui.core.figures import FigureRow, figures_at, ranks, standing, standing_period
from ksui.core.goals import Area, Goal, Indicator, IndicatorValue, TextItem
from ksui.core.investments import Category, Project
from ksui.core.models import Assessment, DriftFigures, OrgTree, Unit
from ksui.core.peers import peer_of
from ksui.core.periods import BY_CODE
from ksui.core.personnel import SickLeave, SickLeaveTable
from ksui.core.report import Published, ReportData
from ksui.store.bridge import parts as bridge_parts
from ksui.store.db import Store, StoreError
from ksui.store.shares import for_committee as share_lines
from ksui.store.texts import read_texts

if TYPE_CHECKING:
    from ksui.core.kommun import KommunEntries


def _rows(store: Store, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    cur = store.conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


_SUBTREE = (
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
    " SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
)


_UNIT_COLUMNS = "id, parent_id, kind, name, code, position"


def _units(store: Store, sql: str, params: tuple[Any, ...] = ()) -> list[Unit]:
    return [Unit(*row) for row in store.conn.execute(sql, params).fetchall()]


def units(store: Store) -> list[Unit]:
    """Every unit of the organisation (the audit trail's names; a report reads its own)."""
    return _units(store, f"SELECT {_UNIT_COLUMNS} FROM unit ORDER BY position, id")


def org_tree(store: Store, committee_id: int | None = None) -> OrgTree:
    """The organisation as a tree: all of it, or one committee's part (its units and the
    units above it), so that a command on one nämnd reads nothing of the others."""
    if committee_id is None:
        return OrgTree.build(units(store))
    return OrgTree.build(
        _units(
            store,
            "WITH RECURSIVE up(id) AS (SELECT parent_id FROM unit WHERE id = ?"
            " UNION ALL SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id"
            " WHERE u.parent_id IS NOT NULL),"
            " down(id) AS (SELECT ? UNION ALL"
            " SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id)"
            f" SELECT {_UNIT_COLUMNS} FROM unit"
            " WHERE id IN (SELECT id FROM up) OR id IN (SELECT id FROM down)",
            (committee_id, committee_id),
        )
    )


def committee_of(store: Store, unit_id: int) -> int | None:
    """The nämnd a unit belongs to (itself for a nämnd), None outside any."""
    row = store.conn.execute(
        "WITH RECURSIVE up(id, parent_id, kind) AS ("
        " SELECT id, parent_id, kind FROM unit WHERE id = ?"
        " UNION ALL SELECT u.id, u.parent_id, u.kind FROM unit u JOIN up ON u.id = up.parent_id)"
        " SELECT id FROM up WHERE kind = 'namnd' LIMIT 1",
        (unit_id,),
    ).fetchone()
    return None if row is None else int(row[0])


def tree_of_unit(store: Store, unit_id: int) -> OrgTree:
    """The part of the organisation a unit's rules need: its nämnd's (or all, outside one)."""
    return org_tree(store, committee_of(store, unit_id))


def unit_is_leaf(store: Store, unit_id: int) -> bool | None:
    """Whether a unit has no units below it (None: no such unit), from the parent index:
    an edit of a leaf's figure needs nothing more of the tree."""
    row = store.conn.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM unit c WHERE c.parent_id = u.id) FROM unit u"
        " WHERE u.id = ?",
        (unit_id,),
    ).fetchone()
    return None if row is None else bool(row[0])


def committees(store: Store) -> list[Unit]:
    """The nämnder in the file, in order."""
    return _units(
        store,
        f"SELECT {_UNIT_COLUMNS} FROM unit WHERE kind = 'namnd' ORDER BY position, id",
    )


def years(store: Store, committee_id: int | None = None) -> list[int]:
    """Years with any drift figure (of one committee's units), or opened by ``ksui new-year``
    before their first figure, oldest first.

    Read by skipping along the (year, period) index to the file's years, a handful, and
    asking of each whether one of the committee's units has a figure then, along the
    primary key: the cost follows the years and the committee's units, not the number of
    figures in the file (one skip per unit and year, as before, was ten times slower).
    """
    file_years = (
        "y(v) AS (SELECT min(year) FROM drift_figure"
        " UNION ALL SELECT (SELECT min(year) FROM drift_figure WHERE year > v)"
        " FROM y WHERE v IS NOT NULL)"
    )
    if committee_id is None:
        sql = (
            f"WITH RECURSIVE {file_years} SELECT v FROM y WHERE v IS NOT NULL"
            " UNION SELECT year FROM committee_year ORDER BY 1"
        )
        return [r[0] for r in store.conn.execute(sql).fetchall()]
    sql = (
        f"{_SUBTREE}, {file_years}"
        " SELECT v FROM y WHERE v IS NOT NULL AND EXISTS (SELECT 1 FROM sub"
        " JOIN drift_figure f ON f.unit_id = sub.id AND f.year = y.v)"
        # A year opened before its first figure (``ksui new-year``).
        " UNION SELECT year FROM committee_year WHERE committee_id = ? ORDER BY 1"
    )
    return [r[0] for r in store.conn.execute(sql, (committee_id, committee_id)).fetchall()]


def _figure_rows(
    store: Store, year: int | None, root: int | None
) -> list[tuple[int, int, str, str, int]]:
    """Raw drift rows (unit, year, period, measure, amount), for one subtree and/or year."""
    sql = "SELECT unit_id, year, period, measure, amount FROM drift_figure"
    where, params = [], []
    if root is not None:
        sql = f"{_SUBTREE} {sql}"
        where.append("unit_id IN (SELECT id FROM sub)")
        params.append(root)
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return store.conn.execute(sql, params).fetchall()


def drift_figures(
    store: Store, year: int, period: str, root: int | None = None
) -> dict[int, DriftFigures]:
    """Each unit's own figures at a follow-up (below ``root`` when given)."""
    return figures_at(_figure_rows(store, year, root), period)


def net_cost_by_year(
    store: Store, period: str, exclude: int, root: int | None = None
) -> dict[int, dict[int, int]]:
    """Each unit's own net cost (actual) per year at the same follow-up, other years only."""
    # Only the actuals that can stand at the period (its own, its twin's, its month's), and
    # of those the one that does (``ranks``: the rule ``figures_at`` applies to an utfall).
    rank = ranks(period, "own")
    codes = sorted(rank)
    sql = "SELECT unit_id, year, period, amount FROM drift_figure"
    where = f"measure = 'actual' AND period IN ({', '.join('?' for _ in codes)}) AND year != ?"
    if root is None:
        rows = store.conn.execute(f"{sql} WHERE {where}", (*codes, exclude)).fetchall()
    else:
        rows = store.conn.execute(
            f"{_SUBTREE} {sql} WHERE unit_id IN (SELECT id FROM sub) AND {where}",
            (root, *codes, exclude),
        ).fetchall()
    best: dict[tuple[int, int], tuple[tuple[int, int, int], int]] = {}
    for uid, year, code, amount in rows:
        claim = rank[code]
        found = best.get((year, uid))
        if found is None or claim > found[0]:
            best[(year, uid)] = (claim, amount)
    out: dict[int, dict[int, int]] = {}
    for (year, uid), (_, amount) in sorted(best.items()):
        out.setdefault(year, {})[uid] = amount
    return out


def find_committee(store: Store, name: str | None) -> Unit:
    """The named committee, or the only one in the file; errors list what exists."""
    found = committees(store)
    if not found:
        raise StoreError(f"{store.path}: databasen innehåller ingen nämnd")
    if name is None:
        if len(found) == 1:
            return found[0]
        names = ", ".join(u.name for u in found)
        raise StoreError(f"databasen har flera nämnder; välj en med --committee: {names}")
    key = name.strip().lower()
    for unit in found:
        if key in (unit.name.lower(), (unit.code or "").lower()):
            return unit
    # The kommun above the nämnder (a consolidated file) is chosen by its whole name only,
    # so that »Kommun…« never stops finding »Kommunstyrelsen« by its beginning.
    for unit in _units(store, f"SELECT {_UNIT_COLUMNS} FROM unit WHERE kind = 'kommun'"):
        if key in (unit.name.lower(), (unit.code or "").lower()):
            return unit
    matches = [u for u in found if u.name.lower().startswith(key)]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(u.name for u in found)
    raise StoreError(f"okänd nämnd »{name}«; finns: {names}")


def default_year(store: Store) -> int | None:
    """The latest year with figures."""
    found = years(store)
    return found[-1] if found else None


def _comments(store: Store, committee_id: int, year: int) -> dict[tuple[str, int, str], str]:
    """The comments of one committee's rows for a year (and those tied to no year).

    One search per kind of row, each along the comment key (entity, entity_id), so the
    other nämnder' comments are never read.
    """
    units = (
        "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
        " SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub"
    )
    categories = "SELECT id FROM investment_category WHERE committee_id = ?"
    projects = f"SELECT id FROM investment_project WHERE category_id IN ({categories})"
    owners = {
        "unit": units,
        "future": units,
        "internal_control": units,
        "investment_category": categories,
        "investment_project": projects,
        "goal_area": _AREAS,
        "goal": _GOALS,
        "goal_item": f"SELECT id FROM goal_item WHERE goal_id IN ({_GOALS})"
        f" UNION ALL SELECT id FROM goal_item WHERE area_id IN ({_AREAS})",
        "indicator": f"SELECT id FROM indicator WHERE goal_id IN ({_GOALS})",
    }
    out: dict[tuple[str, int, str], str] = {}
    for entity, ids in owners.items():
        for e, i, f, t in store.conn.execute(
            "SELECT entity, entity_id, field, text FROM comment WHERE entity = ?"
            f" AND entity_id IN ({ids}) AND year IN (?, 0)",
            (entity, *([committee_id] * ids.count("?")), year),
        ):
            out[(e, i, f)] = t
    return out


#: The committee's goal areas and goals, for reads that start from them.
_AREAS = "SELECT id FROM goal_area WHERE committee_id = ?"
_GOALS = f"SELECT id FROM goal WHERE area_id IN ({_AREAS})"


def _assessments(
    store: Store, target: str, ids_sql: str, committee_id: int, year: int, period: str
) -> dict[int, Assessment]:
    """Lägesbedömning per goal or area of one committee: the latest at or before the period."""
    recorded = store.conn.execute(
        "SELECT target_id, period, value FROM assessment WHERE target = ?"
        f" AND target_id IN ({ids_sql}) AND year = ?",
        (target, committee_id, year),
    ).fetchall()
    return {tid: Assessment(v) for tid, v in standing(recorded, period, "stands").items()}


def kolada_municipalities(store: Store, committee_id: int) -> dict[str, bool]:
    """The Kolada kommuner a nämnd knows (schema 14), each with whether it is in the group."""
    return {
        m: bool(flag)
        for m, flag in store.conn.execute(
            "SELECT municipality, in_group FROM kolada_municipality WHERE committee_id = ?",
            (committee_id,),
        )
    }


def goal_areas(store: Store, committee_id: int, year: int, period: str) -> list[Area]:
    """KF-mål areas with goals, indicators, inriktningar and åtgärder, of one committee."""
    cid = (committee_id,)
    area_assess = _assessments(store, "area", _AREAS, committee_id, year, period)
    goal_assess = _assessments(store, "goal", _GOALS, committee_id, year, period)
    values: dict[int, list[IndicatorValue]] = defaultdict(list)
    # Other kommuners' Kolada values (series »kolada:KKKK«) are not series of ours: only the
    # comparison group's are read, into Indicator.group (schema 14).
    group: dict[int, list[IndicatorValue]] = defaultdict(list)
    members = {m for m, flag in kolada_municipalities(store, committee_id).items() if flag}
    for r in _rows(
        store,
        "SELECT * FROM indicator_value WHERE indicator_id IN"
        f" (SELECT id FROM indicator WHERE goal_id IN ({_GOALS})) ORDER BY year",
        cid,
    ):
        peer = peer_of(r["series"])
        if peer is None:
            values[r["indicator_id"]].append(
                IndicatorValue(r["year"], Decimal(r["value"]), r["series"])
            )
        elif peer in members:
            group[r["indicator_id"]].append(IndicatorValue(r["year"], Decimal(r["value"]), peer))
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for r in _rows(
        store,
        f"SELECT * FROM indicator WHERE goal_id IN ({_GOALS}) ORDER BY position, id",
        cid,
    ):
        indicators[r["goal_id"]].append(
            Indicator(
                r["id"],
                r["goal_id"],
                r["name"],
                r["source"],
                r["unit"],
                r["direction"],
                tuple(values.get(r["id"], ())),
                r["position"],
                tuple(group.get(r["id"], ())),
            )
        )
    goal_items: dict[int, list[TextItem]] = defaultdict(list)
    area_items: dict[int, list[TextItem]] = defaultdict(list)
    for r in _rows(
        store,
        f"SELECT * FROM goal_item WHERE goal_id IN ({_GOALS})"
        f" UNION ALL SELECT * FROM goal_item WHERE area_id IN ({_AREAS})"
        " ORDER BY position, id",
        (committee_id, committee_id),
    ):
        item = TextItem(r["id"], r["kind"], r["text"], r["followup"], r["position"])
        if r["goal_id"] is not None:
            goal_items[r["goal_id"]].append(item)
        else:
            area_items[r["area_id"]].append(item)
    goals: dict[int, list[Goal]] = defaultdict(list)
    for r in _rows(
        store, f"SELECT * FROM goal WHERE area_id IN ({_AREAS}) ORDER BY position, id", cid
    ):
        goals[r["area_id"]].append(
            Goal(
                r["id"],
                r["area_id"],
                r["number"],
                r["title"],
                goal_assess.get(r["id"]),
                r["followup"],
                tuple(indicators.get(r["id"], ())),
                tuple(goal_items.get(r["id"], ())),
                r["position"],
            )
        )
    return [
        Area(
            r["id"],
            r["name"],
            area_assess.get(r["id"]),
            r["summary"],
            tuple(goals.get(r["id"], ())),
            tuple(area_items.get(r["id"], ())),
            r["position"],
        )
        for r in _rows(
            store,
            "SELECT * FROM goal_area WHERE committee_id = ? ORDER BY position, id",
            cid,
        )
    ]


def investment_categories(
    store: Store, committee_id: int, year: int, period: str = "bokslut"
) -> list[Category]:
    """Investment categories with their projects' figures as they stand at a follow-up.

    The anslag is the one in force (carried from an earlier period, else the year's first);
    the utfall is the one reported for the period or its month, never the year-end's at
    delår (see ``standing_period``).
    """
    cats = _rows(
        store,
        "SELECT * FROM investment_category WHERE committee_id = ? ORDER BY position, id",
        (committee_id,),
    )
    recorded: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for project_id, code, appropriation, spent in store.conn.execute(
        "SELECT f.project_id, f.period, f.appropriation, f.spent FROM investment_figure f"
        " JOIN investment_project p ON p.id = f.project_id"
        " JOIN investment_category c ON c.id = p.category_id"
        " WHERE c.committee_id = ? AND f.year = ?",
        (committee_id, year),
    ):
        if appropriation is not None:
            recorded[project_id]["appropriation"][code] = appropriation
        if spent is not None:
            recorded[project_id]["spent"][code] = spent

    def standing(project_id: int, field: str) -> int | None:
        values = recorded.get(project_id, {}).get(field, {})
        code = standing_period(values, period, carried=field == "appropriation")
        return None if code is None else values[code]

    out = []
    for cat in cats:
        projects = tuple(
            Project(
                r["id"],
                r["category_id"],
                r["name"],
                r["status"],
                r["responsible"],
                standing(r["id"], "appropriation"),
                standing(r["id"], "spent"),
                r["position"],
            )
            for r in _rows(
                store,
                "SELECT * FROM investment_project WHERE category_id = ? ORDER BY position, id",
                (cat["id"],),
            )
        )
        # The published frame (ram) is the årsrapport's year-end figure: not a follow-up's.
        so_far = period != "bokslut"
        frame = store.conn.execute(
            "SELECT appropriation, spent FROM investment_frame WHERE category_id = ? AND year = ?",
            (cat["id"], year),
        ).fetchone()
        if so_far:
            frame = None
        out.append(
            Category(
                cat["id"],
                cat["kind"],
                cat["name"],
                projects,
                frame[0] if frame else None,
                frame[1] if frame else None,
                cat["position"],
                so_far=so_far,
            )
        )
    return out


def project_codes(store: Store, committee_id: int) -> dict[int, str]:
    """Each of the nämnd's projects that has a code, by project id: the finance system's
    project object (schema 8), for the templates that key projects by it."""
    return {
        int(project_id): str(code)
        for project_id, code in store.conn.execute(
            "SELECT p.id, p.code FROM investment_project p"
            " JOIN investment_category c ON c.id = p.category_id"
            " WHERE c.committee_id = ? AND p.code IS NOT NULL",
            (committee_id,),
        )
    }


def statements(
    store: Store, committee_id: int, year: int, period: str
) -> tuple[dict[int, dict[str, dict[str, int]]], dict[int, dict[str, int]], str | None]:
    """The resultaträkning and balansräkning values as they stand at a follow-up.

    For the report's year: the budget in force per line, and the actuals of one period
    (the follow-up's own or its month's), whose code is returned so that headings can say
    which; earlier years give their bokslut; later years are not shown. Per year:
    ``result[year][line][column]`` and ``balance[year][line]``.
    """
    recorded: dict[tuple[str, int, str, str], dict[str, int]] = defaultdict(dict)
    for statement, line, y, code, column, amount in store.conn.execute(
        "SELECT statement, line, year, period, column_name, amount FROM statement_value"
        " WHERE committee_id IN (SELECT id FROM unit WHERE id = ? OR parent_id = ?)"
        " AND year <= ?",
        (committee_id, committee_id, year),
    ):
        recorded[(statement, y, line, column)][code] = amount
    at = {y: (period if y == year else "bokslut") for (_, y, _, _) in recorded}
    actual_periods: dict[tuple[str, int], set[str]] = defaultdict(set)
    for (statement, y, _line, column), values in recorded.items():
        if column == "actual":
            actual_periods[(statement, y)].update(values)
    chosen = {
        key: standing_period(codes, at[key[1]], carried=False)
        for key, codes in actual_periods.items()
    }
    result: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    balance: dict[int, dict[str, int]] = defaultdict(dict)
    for (statement, y, line, column), values in recorded.items():
        if column == "actual":
            code = chosen.get((statement, y))
        else:
            code = standing_period(values, at[y], carried=True)
        if code is None or code not in values:
            continue
        if statement == "resultat":
            result[y][line][column] = values[code]
        elif column == "actual":
            balance[y][line] = values[code]
    return (
        {y: dict(v) for y, v in result.items()},
        dict(balance),
        chosen.get(("resultat", year)),
    )


def sick_leave(store: Store, committee_id: int) -> SickLeaveTable:
    """All sick-leave rates of a committee."""
    return SickLeaveTable(
        tuple(
            SickLeave(
                r["measure"],
                r["group_kind"],
                r["group_name"],
                r["year"],
                r["scope"],
                Decimal(r["rate"]),
                r["position"],
            )
            for r in _rows(
                store,
                "SELECT * FROM sick_leave WHERE committee_id = ? ORDER BY position",
                (committee_id,),
            )
        )
    )


def geh(store: Store, committee_id: int, year: int, period: str) -> dict[str, Assessment]:
    """The GEH-bedömning: per area, the latest made at or before the period."""
    recorded = store.conn.execute(
        "SELECT area, period, value FROM geh_assessment WHERE committee_id = ? AND year = ?",
        (committee_id, year),
    ).fetchall()
    return {area: Assessment(v) for area, v in standing(recorded, period, "stands").items()}


def figure_rows(store: Store, committee_id: int, year: int) -> list[FigureRow]:
    """One committee's recorded drift rows of a year, every period (``load_report`` takes
    them, so that a caller choosing the period from them reads them once)."""
    return _figure_rows(store, year, committee_id)


def report_rows(store: Store, committee_id: int, year: int, period: str) -> list[FigureRow]:
    """The committee's drift rows a report at ``period`` stands on, read when the caller
    has not read the whole year (``figure_rows``).

    Every budget and forecast of the year (budget changes, the forecasts made), and the
    utfall and periodiserad budget at the follow-ups a report is asked about: its own, each
    one a forecast was made at (the forecast as made), and bokslut (the forecasts' outcome,
    ``ReportData.at``). A whole year holds a row per unit, measure and month; this is about
    a quarter of it, the same figures at each of those follow-ups.
    """
    # Along the primary key, each unit's year one short range (``+`` keeps SQLite from
    # seeking the (year, period, measure) index once per unit, period and measure instead).
    sql = (
        f"{_SUBTREE} SELECT unit_id, year, period, measure, amount FROM drift_figure"
        " WHERE unit_id IN (SELECT id FROM sub) AND year = ? AND +measure IN "
    )
    made: list[FigureRow] = store.conn.execute(
        sql + "('budget', 'forecast')", (committee_id, year)
    ).fetchall()
    asked = {period, "bokslut"} | {row[2] for row in made if row[3] == "forecast"}
    codes = sorted({code for p in asked if p in BY_CODE for code in ranks(p, "own")})
    outcome = store.conn.execute(
        sql + f"('actual', 'budget_ytd') AND +period IN ({', '.join('?' for _ in codes)})",
        (committee_id, year, *codes),
    ).fetchall()
    return made + outcome


def load_report(
    store: Store,
    committee: Unit,
    year: int,
    period: str,
    rows: list[FigureRow] | None = None,
) -> ReportData:
    """Gather everything about one committee at one follow-up (``rows``: its drift rows of
    the year when the caller has read them already, see ``figure_rows``; else the ones
    the report stands on, ``report_rows``)."""
    cid = committee.id
    tree = org_tree(store, cid)
    result_values, balance_values, statement_period = statements(store, cid, year, period)
    if rows is None:
        rows = report_rows(store, cid, year, period)
    # Last year's kommunbidrag is all a report needs of last year's figures.
    prev_budgets = store.conn.execute(
        f"{_SUBTREE} SELECT unit_id, year, period, measure, amount FROM drift_figure"
        " WHERE unit_id IN (SELECT id FROM sub) AND year = ? AND measure = 'budget'",
        (cid, year - 1),
    ).fetchall()
    figures = figures_at(rows, period)
    sub = tree.subtree(cid)
    prev = rollup(sub, figures_at(prev_budgets, "bokslut"))
    previous_budget = prev.get(cid, DriftFigures()).budget
    if committee.kind == "kommun":  # only when every nämnd has last year's (missing_before)
        now = rollup(sub, figures)
        budgets = {uid: f.budget for uid, f in now.items()}
        earlier = {uid: f.budget for uid, f in prev.items()}
        if missing_before(sub, cid, budgets, earlier):
            previous_budget = None
    kommun = tree.path(cid)[0].name if tree.path(cid)[0].kind == "kommun" else ""
    return ReportData(
        committee=committee,
        year=year,
        period=period,
        tree=tree,
        figures=figures,
        exact={(r[0], r[3]): r[4] for r in rows if r[2] == period},
        net_cost_by_year=net_cost_by_year(store, period, exclude=year, root=cid),
        result_values=result_values,
        balance_values=balance_values,
        statement_period=statement_period,
        categories=investment_categories(store, cid, year, period),
        areas=goal_areas(store, cid, year, period),
        sick_leave=sick_leave(store, cid),
        geh=geh(store, cid, year, period),
        grants=[
            (r["name"], r["amount"])
            for r in _rows(
                store,
                "SELECT name, amount FROM state_grant WHERE committee_id = ? AND year = ?"
                " ORDER BY position",
                (cid, year),
            )
        ],
        internal_control=[
            (r["responsible"], r["process"])
            for r in _rows(
                store,
                "SELECT responsible, process FROM internal_control WHERE committee_id = ?"
                " AND year = ? ORDER BY position",
                (cid, year),
            )
        ],
        comments=_comments(store, cid, year),
        bridge=tuple(bridge_parts(store, cid, year)),
        shares=tuple(share_lines(store, cid, year)),
        texts=read_texts(store, cid, year, period),
        published=[
            Published(r["table_name"], r["row_name"], r["column_name"], r["value"])
            for r in _rows(
                store,
                # The printed report's figures belong to its own follow-up: a delårsrapport's
                # are checked at delår, the årsrapport's at bokslut, never one against another.
                "SELECT * FROM published_figure WHERE committee_id = ? AND year = ? AND period = ?",
                (cid, year, period),
            )
        ],
        previous_budget=previous_budget,
        kommun=kommun,
        rows=tuple(rows),
        forecast_done=forecast_done(store, year, period, cid),
        kommun_entries=_kommun_entries(store, committee, year),
    )


def _kommun_entries(store: Store, committee: Unit, year: int) -> KommunEntries | None:
    """A kommun's own lines of the year; None for a nämnd, whose commands (the quick
    `ksui summary`) then never load the kommun's modules."""
    if committee.kind != "kommun":
        return None
    from ksui.store.kommun import entries

    return entries(store, committee.id, year)


def forecast_done(
    store: Store, year: int, period: str, committee_id: int | None = None
) -> frozenset[int]:
    """The units (of one committee) whose forecast is marked klar at a follow-up."""
    params: tuple[int, ...] = ()
    if committee_id is None:
        sql = "SELECT unit_id FROM forecast_status WHERE year = ? AND period = ?"
    else:
        sql = (
            f"{_SUBTREE} SELECT unit_id FROM forecast_status"
            " WHERE unit_id IN (SELECT id FROM sub) AND year = ? AND period = ?"
        )
        params = (committee_id,)
    return frozenset(int(u) for (u,) in store.conn.execute(sql, (*params, year, period)))


def change_stamp(store: Store) -> tuple[int, int]:
    """Changes the file has seen, as far as this connection can tell: other connections'
    commits (``PRAGMA data_version``) and the rows this one has written (``total_changes``).
    Equal stamps mean nothing was written in between, by anyone."""
    return data_version(store), int(store.conn.total_changes)


def last_changeset(store: Store) -> int:
    """The newest change set's id (0 for none): every write leaves one, so two connections
    that see the same id have seen the same file (``data_version`` counts per connection)."""
    return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM changeset").fetchone()[0])


def data_version(store: Store) -> int:
    """SQLite's count of commits by other connections: a cheap "has anyone else written?"."""
    return int(store.conn.execute("PRAGMA data_version").fetchone()[0])


def cost_rows(
    store: Store, root: int, year: int, periods: Sequence[str]
) -> list[tuple[str, str, str, str, int]]:
    """A subtree's figures per kostnadsslag and account, summed over its units.

    (line, account, period, measure, amount) at the given periods of one year, for
    ``ksui drift UNIT --by kostnadsslag`` and the TUI's drill-down from a deviation
    (``ksui.core.costs.breakdown`` turns them into lines). Read along cost_figure's
    primary key, one unit of the subtree at a time: no other nämnd's rows are read.
    """
    if not periods:
        return []
    marks = ", ".join("?" for _ in periods)
    rows = store.conn.execute(
        f"{_SUBTREE} SELECT f.line, f.account, f.period, f.measure, sum(f.amount)"
        " FROM sub JOIN cost_figure f ON f.unit_id = sub.id"
        f" WHERE f.year = ? AND f.period IN ({marks})"
        " GROUP BY f.line, f.account, f.period, f.measure",
        (root, year, *periods),
    ).fetchall()
    return [(str(a), str(b), str(c), str(d), int(e)) for a, b, c, d, e in rows]
