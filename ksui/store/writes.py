"""The edits a controller makes, each one audited change set through ``Store.transaction``.

``ksui.actions`` calls these (the front ends never do: an import-linter contract says so)
and adds the rules the store cannot see; none of them computes a figure. Set and delete
return the change set's id (None: nothing changed), an addition returns ``Written`` with
the new row's id as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ksui.core.figures import standing_period
from ksui.core.models import MEASURE_LABELS, Assessment
from ksui.core.periods import BY_CODE
from ksui.core.report import budget_reason_field
from ksui.store.db import StaleValueError, Store, StoreError, Tx

#: The default of ``expect``: the caller read no value, so no stale-value check is made.
NOT_READ: Any = object()


@dataclass(frozen=True)
class Written:
    """What a write did, so no caller has to look for its own change afterwards."""

    #: The audited change set (what ``ksui undo`` takes back); None when nothing changed.
    changeset: int | None
    #: The id of the row the write created (a new unit, project, goal or indicator).
    row_id: int | None = None


def set_drift(
    store: Store,
    unit_id: int,
    year: int,
    period: str,
    measure: str,
    amount: int | None,
    *,
    expect: Any = NOT_READ,
    reason: str | None = None,
) -> int | None:
    """Set (or with None clear) one drift figure; returns the change set id.

    ``expect`` is the amount the edit was based on; if the stored one differs, someone else
    changed it and StaleValueError is raised instead of overwriting their edit.
    """
    if measure not in MEASURE_LABELS:
        raise StoreError(f"okänt mått »{measure}«; använd {', '.join(MEASURE_LABELS)}")
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    key = {"unit_id": unit_id, "year": year, "period": period, "measure": measure}
    name = _unit_name(store, unit_id)
    label = f"{MEASURE_LABELS[measure]} {name} {year} {BY_CODE[period].label.lower()}"
    with store.transaction(f"Ändrade {label}", reason) as tx:
        _check_expect(tx, "drift_figure", key, "amount", expect)
        if amount is None:
            tx.delete("drift_figure", key)
        else:
            tx.upsert("drift_figure", key, {"amount": amount})
        if measure == "budget" and tx.changes:
            # A budget change is dated and has a reason (tilläggsanslag, omfördelning …),
            # kept beside the figure so the report can explain the budget in force.
            note = {"entity": "unit", "entity_id": unit_id, "year": year}
            note["field"] = budget_reason_field(period)
            if amount is not None and reason and reason.strip():
                tx.upsert("comment", note, {"text": reason.strip()})
            elif amount is None:
                tx.delete("comment", note)
        return tx.changeset_id if tx.changes else None


def _check_expect(tx: Tx, table: str, key: dict[str, Any], field: str, expect: Any) -> None:
    if expect is NOT_READ:
        return
    row = tx.get(table, key)
    _refuse_stale(None if row is None else row.get(field), expect)


def _refuse_stale(stored: Any, expect: Any) -> None:
    """Refuse a write based on a value that is no longer the stored one."""
    if stored != expect:
        raise StaleValueError(
            "värdet har ändrats av någon annan sedan du läste det "
            f"(nu {stored!r}, du utgick från {expect!r}); skärmen laddas om"
        )


def _unit_name(store: Store, unit_id: int) -> str:
    row = store.conn.execute("SELECT name FROM unit WHERE id = ?", (unit_id,)).fetchone()
    if row is None:
        raise StoreError(f"okänd enhet med id {unit_id}")
    return str(row[0])


def set_comment(
    store: Store,
    entity: str,
    entity_id: int,
    year: int,
    text: str,
    field: str = "",
    *,
    expect: Any = NOT_READ,
    reason: str | None = None,
) -> int | None:
    """Write (or with empty text remove) the controller's comment on a row or figure."""
    key = {"entity": entity, "entity_id": entity_id, "field": field, "year": year}
    with store.transaction(f"Kommentar på {entity} {entity_id} {year}", reason) as tx:
        _check_expect(tx, "comment", key, "text", expect)
        if text.strip():
            tx.upsert("comment", key, {"text": text})
        else:
            tx.delete("comment", key)
        return tx.changeset_id if tx.changes else None


def set_assessment(
    store: Store,
    target: str,
    target_id: int,
    year: int,
    period: str,
    value: Assessment | None,
    *,
    reason: str | None = None,
) -> int | None:
    """Set a goal's or an area's lägesbedömning for a follow-up."""
    if target not in ("goal", "area"):
        raise StoreError(f"okänt mål »{target}«")
    key = {"target": target, "target_id": target_id, "year": year, "period": period}
    label = value.label if value else "ingen"
    with store.transaction(f"Lägesbedömning {target} {target_id}: {label}", reason) as tx:
        if value is None:
            tx.delete("assessment", key)
        else:
            tx.upsert("assessment", key, {"value": value.value})
        return tx.changeset_id if tx.changes else None


def set_geh(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    area: str,
    value: Assessment,
    *,
    reason: str | None = None,
) -> int | None:
    """Set one area of the GEH-bedömning."""
    key = {"committee_id": committee_id, "year": year, "period": period, "area": area}
    with store.transaction(f"GEH-bedömning {area}: {value.label}", reason) as tx:
        tx.upsert("geh_assessment", key, {"value": value.value})
        return tx.changeset_id if tx.changes else None


def set_investment(
    store: Store,
    project_id: int,
    year: int,
    field: str,
    amount: int | None,
    *,
    period: str = "bokslut",
    expect: Any = NOT_READ,
    reason: str | None = None,
) -> int | None:
    """Set a project's anslag or ack. utfall as it stands from a follow-up of a year.

    ``expect`` is the figure as it stood at the follow-up when the user read it (maybe
    carried from an earlier period, see ``read.investment_categories``).
    """
    if field not in ("appropriation", "spent"):
        raise StoreError(
            f"okänt fält »{field}«; använd appropriation (anslag) eller spent (utfall)"
        )
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    key = {"project_id": project_id, "year": year, "period": period}
    label = BY_CODE[period].label.lower()
    with store.transaction(f"Investering {project_id} {year} {label}: {field}", reason) as tx:
        if expect is not NOT_READ:
            recorded = {
                code: value
                for code, value in tx.conn.execute(
                    f"SELECT period, {field} FROM investment_figure"
                    f" WHERE project_id = ? AND year = ? AND {field} IS NOT NULL",
                    (project_id, year),
                )
            }
            code = standing_period(recorded, period, carried=field == "appropriation")
            _refuse_stale(None if code is None else recorded[code], expect)
        tx.upsert("investment_figure", key, {field: amount})
        return tx.changeset_id if tx.changes else None


def set_field(
    store: Store,
    table: str,
    row_id: int,
    field: str,
    value: Any,
    *,
    reason: str | None = None,
) -> int | None:
    """Change one column of a row with an id (a name, a title, a status, a follow-up text)."""
    editable = {
        "unit": {"name", "code"},
        "investment_project": {"name", "status", "responsible"},
        "goal": {"title", "followup", "number"},
        "goal_area": {"name", "summary"},
        "goal_item": {"text", "followup"},
        "indicator": {"name", "source", "unit", "direction"},
    }
    if field not in editable.get(table, set()):
        raise StoreError(f"{table}.{field} kan inte ändras här")
    with store.transaction(f"Ändrade {table} {row_id}: {field}", reason) as tx:
        if tx.get(table, {"id": row_id}) is None:
            raise StoreError(f"{table} med id {row_id} finns inte")
        tx.upsert(table, {"id": row_id}, {field: value})
        return tx.changeset_id if tx.changes else None


def set_indicator_value(
    store: Store,
    indicator_id: int,
    year: int,
    value: str | None,
    series: str = "",
    *,
    reason: str | None = None,
) -> int | None:
    """Set (or clear) an indicator's value for a year."""
    key = {"indicator_id": indicator_id, "series": series, "year": year}
    with store.transaction(f"Indikator {indicator_id} {year}", reason) as tx:
        if value is None:
            tx.delete("indicator_value", key)
        else:
            tx.upsert("indicator_value", key, {"value": value})
        return tx.changeset_id if tx.changes else None


def _next_position(store: Store, table: str, column: str, parent_id: int) -> int:
    """The position after the last row under the same parent, so a new row comes last."""
    row = store.conn.execute(
        f"SELECT coalesce(max(position), -1) + 1 FROM [{table}] WHERE [{column}] = ?",
        (parent_id,),
    ).fetchone()
    return int(row[0])


def add_unit(
    store: Store,
    parent_id: int,
    name: str,
    kind: str = "verksamhet",
    code: str | None = None,
) -> Written:
    """Add a unit below a parent, last among its siblings; the change set and the unit's id."""
    if not name.strip():
        raise StoreError("en enhet måste ha ett namn")
    with store.transaction(f"Ny enhet {name}") as tx:
        position = _next_position(store, "unit", "parent_id", parent_id)
        if store.conn.execute(
            "SELECT 1 FROM unit WHERE parent_id = ? AND name = ?", (parent_id, name.strip())
        ).fetchone():
            raise StoreError(f"det finns redan en enhet som heter »{name.strip()}« här")
        new_id = tx.insert(
            "unit",
            {
                "parent_id": parent_id,
                "kind": kind,
                "name": name.strip(),
                "code": code,
                "position": position,
            },
        )
        return Written(tx.changeset_id, new_id)


def _delete(store: Store, table: str, row_id: int, description: str, missing: str) -> int:
    """Delete one row; ``Tx.delete`` takes everything below it along, each row audited."""
    with store.transaction(description) as tx:
        if not tx.delete(table, {"id": row_id}):
            raise StoreError(missing)
        return tx.changeset_id


def delete_unit(store: Store, unit_id: int) -> int:
    """Delete a unit with everything below it, audited row by row so undo restores it."""
    name = _unit_name(store, unit_id)
    return _delete(
        store, "unit", unit_id, f"Tog bort enheten {name}", f"enhet {unit_id} finns inte"
    )


def add_project(store: Store, category_id: int, name: str, year: int) -> Written:
    """Add an investment project (pågående, no figures yet); the change set and its id."""
    if not name.strip():
        raise StoreError("ett projekt måste ha ett namn")
    with store.transaction(f"Nytt projekt {name}") as tx:
        position = _next_position(store, "investment_project", "category_id", category_id)
        pid = tx.insert(
            "investment_project",
            {"category_id": category_id, "name": name.strip(), "position": position},
        )
        # A new project's anslag is nil from the start of the year until one is set.
        tx.upsert(
            "investment_figure",
            {"project_id": pid, "year": year, "period": "m01"},
            {"appropriation": 0},
        )
        return Written(tx.changeset_id, pid)


def delete_project(store: Store, project_id: int) -> int:
    """Delete a project with its figures and comments."""
    return _delete(
        store,
        "investment_project",
        project_id,
        f"Tog bort projekt {project_id}",
        f"projekt {project_id} finns inte",
    )


def add_goal(store: Store, area_id: int, title: str) -> Written:
    """Add a KF-mål to an area, numbered after the last one; the change set and its id."""
    if not title.strip():
        raise StoreError("ett mål måste ha en titel")
    with store.transaction(f"Nytt mål {title[:40]}") as tx:
        number, position = store.conn.execute(
            "SELECT coalesce(max(number), 0) + 1, coalesce(max(position), -1) + 1 FROM goal"
            " WHERE area_id = ?",
            (area_id,),
        ).fetchone()
        new_id = tx.insert(
            "goal",
            {"area_id": area_id, "number": number, "title": title.strip(), "position": position},
        )
        return Written(tx.changeset_id, new_id)


def delete_goal(store: Store, goal_id: int) -> int:
    """Delete a goal with its indicators, texts and assessments."""
    return _delete(store, "goal", goal_id, f"Tog bort mål {goal_id}", f"mål {goal_id} finns inte")


def add_indicator(store: Store, goal_id: int, name: str) -> Written:
    """Add an indicator to a goal; the change set and its id."""
    if not name.strip():
        raise StoreError("en indikator måste ha ett namn")
    with store.transaction(f"Ny indikator {name[:40]}") as tx:
        position = _next_position(store, "indicator", "goal_id", goal_id)
        new_id = tx.insert(
            "indicator", {"goal_id": goal_id, "name": name.strip(), "position": position}
        )
        return Written(tx.changeset_id, new_id)


def delete_indicator(store: Store, indicator_id: int) -> int:
    """Delete an indicator with its values."""
    return _delete(
        store,
        "indicator",
        indicator_id,
        f"Tog bort indikator {indicator_id}",
        f"indikator {indicator_id} finns inte",
    )


def set_sick_rate(
    store: Store,
    committee_id: int,
    measure: str,
    group_kind: str,
    group: str,
    year: int,
    scope: str,
    rate: str,
    *,
    reason: str | None = None,
) -> int | None:
    """Set one sick-leave rate (percent as an exact decimal string)."""
    key = {
        "committee_id": committee_id,
        "measure": measure,
        "group_name": group,
        "year": year,
        "scope": scope,
    }
    with store.transaction(f"Sjuktal {group} {year} ({scope})", reason) as tx:
        existing = tx.get("sick_leave", key)
        position = (
            existing["position"]
            if existing
            else store.conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM sick_leave WHERE committee_id = ?",
                (committee_id,),
            ).fetchone()[0]
        )
        tx.upsert("sick_leave", key, {"group_kind": group_kind, "rate": rate, "position": position})
        return tx.changeset_id if tx.changes else None
