"""Small reads the importers and templates need before any write, so they run no SQL."""

from __future__ import annotations

from ksui.store.db import Store


def leaf_units(store: Store, root_id: int) -> list[tuple[str | None, str]]:
    """(code, name) of the root's units that have none below them, in the tree's order (as
    the drift table lists them), for templates."""
    rows = store.conn.execute(
        "WITH RECURSIVE sub(id, path) AS (SELECT ?, ''"
        " UNION ALL SELECT u.id, sub.path || printf('%08d.%08d/', u.position, u.id)"
        " FROM unit u JOIN sub ON u.parent_id = sub.id)"
        " SELECT u.code, u.name FROM unit u JOIN sub ON sub.id = u.id"
        " WHERE NOT EXISTS (SELECT 1 FROM unit c WHERE c.parent_id = u.id)"
        " ORDER BY sub.path",
        (root_id,),
    ).fetchall()
    return [(code, str(name)) for code, name in rows]


def committee_projects(store: Store, committee_id: int) -> list[tuple[str, str, str]]:
    """(category, project, status) of the committee's investment projects, in report order."""
    rows = store.conn.execute(
        "SELECT c.name, p.name, p.status FROM investment_project p"
        " JOIN investment_category c ON c.id = p.category_id WHERE c.committee_id = ?"
        " ORDER BY c.position, c.id, p.position, p.id",
        (committee_id,),
    ).fetchall()
    return [(str(c), str(p), str(st)) for c, p, st in rows]


def committee_indicators(store: Store, committee_id: int) -> list[tuple[int, str]]:
    """(id, name) of every indicator under the committee's goal areas, by id, to map KPIs to."""
    rows = store.conn.execute(
        "SELECT i.id, i.name FROM indicator i JOIN goal g ON g.id = i.goal_id"
        " JOIN goal_area a ON a.id = g.area_id WHERE a.committee_id = ? ORDER BY i.id",
        (committee_id,),
    ).fetchall()
    return [(int(ind_id), str(name)) for ind_id, name in rows]
