"""Small reads the importers and templates need before any write, so they run no SQL."""

from __future__ import annotations

from ksui.store.db import Store


def leaf_units(store: Store, root_id: int) -> list[tuple[str | None, str]]:
    """(code, name) of the root's units that have none below them, by position, for templates."""
    rows = store.conn.execute(
        "WITH RECURSIVE sub(id, depth) AS (SELECT ?, 0 UNION ALL SELECT u.id, depth + 1"
        " FROM unit u JOIN sub ON u.parent_id = sub.id) SELECT u.code, u.name FROM unit u"
        " JOIN sub ON sub.id = u.id WHERE u.id NOT IN (SELECT parent_id FROM unit"
        " WHERE parent_id IS NOT NULL) ORDER BY u.position",
        (root_id,),
    ).fetchall()
    return [(code, str(name)) for code, name in rows]


def committee_indicators(store: Store, committee_id: int) -> list[tuple[int, str]]:
    """(id, name) of every indicator under the committee's goal areas, by id, to map KPIs to."""
    rows = store.conn.execute(
        "SELECT i.id, i.name FROM indicator i JOIN goal g ON g.id = i.goal_id"
        " JOIN goal_area a ON a.id = g.area_id WHERE a.committee_id = ? ORDER BY i.id",
        (committee_id,),
    ).fetchall()
    return [(int(ind_id), str(name)) for ind_id, name in rows]
