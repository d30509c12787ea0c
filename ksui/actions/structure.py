"""Adding and removing rows: units, investment projects, KF-mål and indicators.

Every function returns ``Written`` — the change set (what undo takes back) and, for an
addition, the new row's id — so no caller looks for its own change set afterwards. A
removal takes everything below the row with it, each row audited, so undo restores all.
"""

from __future__ import annotations

from typing import Literal

from ksui.actions.errors import ActionError
from ksui.store import Store, writes
from ksui.store.writes import Written

#: The kinds of row the front ends add and remove.
RowKind = Literal["unit", "project", "goal", "indicator"]
ROW_KINDS: tuple[RowKind, ...] = ("unit", "project", "goal", "indicator")


def add_unit(
    store: Store,
    parent_id: int,
    name: str,
    *,
    kind: str = "verksamhet",
    code: str | None = None,
) -> Written:
    """Add a unit below a parent, last among its siblings (a name taken there is refused)."""
    return writes.add_unit(store, parent_id, name, kind, code)


def delete_unit(store: Store, unit_id: int) -> Written:
    """Remove a unit with the units, figures and comments below it."""
    return Written(writes.delete_unit(store, unit_id))


def add_project(store: Store, category_id: int, name: str, year: int) -> Written:
    """Add an investment project to a category, pågående, with zero anslag and utfall for a year."""
    return writes.add_project(store, category_id, name, year)


def delete_project(store: Store, project_id: int) -> Written:
    """Remove a project with its figures and comments."""
    return Written(writes.delete_project(store, project_id))


def add_goal(store: Store, area_id: int, title: str) -> Written:
    """Add a KF-mål to an area, numbered after the last one."""
    return writes.add_goal(store, area_id, title)


def delete_goal(store: Store, goal_id: int) -> Written:
    """Remove a goal with its indicators, texts and lägesbedömningar."""
    return Written(writes.delete_goal(store, goal_id))


def add_indicator(store: Store, goal_id: int, name: str) -> Written:
    """Add an indicator to a goal."""
    return writes.add_indicator(store, goal_id, name)


def delete_indicator(store: Store, indicator_id: int) -> Written:
    """Remove an indicator with its values."""
    return Written(writes.delete_indicator(store, indicator_id))


def add_row(
    store: Store,
    kind: RowKind,
    parent_id: int,
    name: str,
    *,
    year: int = 0,
    unit_kind: str = "verksamhet",
) -> Written:
    """Add a row of a kind under its parent (a unit, a category, an area, a goal by kind)."""
    if kind == "unit":
        return add_unit(store, parent_id, name, kind=unit_kind)
    if kind == "project":
        return add_project(store, parent_id, name, year)
    if kind == "goal":
        return add_goal(store, parent_id, name)
    if kind == "indicator":
        return add_indicator(store, parent_id, name)
    raise ActionError(f"okänd sorts rad »{kind}«; använd {', '.join(ROW_KINDS)}")


def delete_row(store: Store, kind: RowKind, row_id: int) -> Written:
    """Remove a row of a kind with everything that belongs to it."""
    if kind == "unit":
        return delete_unit(store, row_id)
    if kind == "project":
        return delete_project(store, row_id)
    if kind == "goal":
        return delete_goal(store, row_id)
    if kind == "indicator":
        return delete_indicator(store, row_id)
    raise ActionError(f"okänd sorts rad »{kind}«; använd {', '.join(ROW_KINDS)}")
