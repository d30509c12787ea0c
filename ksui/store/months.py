"""Reading the recorded figures a month view needs: one subtree, one year, three measures."""

from __future__ import annotations

from ksui.core.figures import FigureRow
from ksui.core.months import MONTH_MEASURES
from ksui.store.db import Store

_SQL = (
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
    " SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
    " SELECT unit_id, year, period, measure, amount FROM drift_figure"
    " WHERE unit_id IN (SELECT id FROM sub) AND year = ?"
    f" AND measure IN ({', '.join('?' for _ in MONTH_MEASURES)})"
)


def month_rows(store: Store, root: int, year: int) -> list[FigureRow]:
    """The drift rows of ``root`` and every unit below it in ``year`` that months are made of."""
    return [
        (int(u), int(y), str(p), str(m), int(a))
        for u, y, p, m, a in store.conn.execute(_SQL, (root, year, *MONTH_MEASURES)).fetchall()
    ]
