"""The edits a controller makes, each one audited change set through ``Store.transaction``.

CLI `ksui set` and the TUI call these; none of them computes a figure.
"""

from __future__ import annotations

from typing import Any

from ksui.core.models import MEASURE_LABELS, Assessment
from ksui.core.periods import BY_CODE
from ksui.store.db import Store, StoreError, Tx

_MISSING: Any = object()


def set_drift(
    store: Store,
    unit_id: int,
    year: int,
    period: str,
    measure: str,
    amount: int | None,
    *,
    expect: Any = _MISSING,
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
        return tx.changeset_id if tx.changes else None


def _check_expect(tx: Tx, table: str, key: dict[str, Any], field: str, expect: Any) -> None:
    from ksui.store.db import StaleValueError

    if expect is _MISSING:
        return
    row = tx.get(table, key)
    stored = None if row is None else row.get(field)
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
    expect: Any = _MISSING,
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
    expect: Any = _MISSING,
    reason: str | None = None,
) -> int | None:
    """Set a project's anslag or ack. utfall for a year."""
    if field not in ("appropriation", "spent"):
        raise StoreError(
            f"okänt fält »{field}«; använd appropriation (anslag) eller spent (utfall)"
        )
    key = {"project_id": project_id, "year": year}
    with store.transaction(f"Investering {project_id} {year}: {field}", reason) as tx:
        _check_expect(tx, "investment_figure", key, field, expect)
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


def add_unit(
    store: Store,
    parent_id: int,
    name: str,
    kind: str = "verksamhet",
    code: str | None = None,
) -> int:
    """Add a unit below a parent, last among its siblings."""
    if not name.strip():
        raise StoreError("en enhet måste ha ett namn")
    with store.transaction(f"Ny enhet {name}") as tx:
        position = store.conn.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM unit WHERE parent_id = ?", (parent_id,)
        ).fetchone()[0]
        if store.conn.execute(
            "SELECT 1 FROM unit WHERE parent_id = ? AND name = ?", (parent_id, name.strip())
        ).fetchone():
            raise StoreError(f"det finns redan en enhet som heter »{name.strip()}« här")
        return tx.insert(
            "unit",
            {
                "parent_id": parent_id,
                "kind": kind,
                "name": name.strip(),
                "code": code,
                "position": position,
            },
        )


def delete_unit(store: Store, unit_id: int) -> int:
    """Delete a unit with everything below it, audited row by row so undo restores it."""
    name = _unit_name(store, unit_id)
    ids = [unit_id]
    index = 0
    while index < len(ids):
        ids.extend(
            r[0]
            for r in store.conn.execute(
                "SELECT id FROM unit WHERE parent_id = ?", (ids[index],)
            ).fetchall()
        )
        index += 1
    with store.transaction(f"Tog bort enheten {name}") as tx:
        for uid in reversed(ids):
            tx.delete_where("drift_figure", "unit_id = ?", (uid,))
            tx.delete_where("comment", "entity = 'unit' AND entity_id = ?", (uid,))
            tx.delete("unit", {"id": uid})
        return tx.changeset_id


def add_project(store: Store, category_id: int, name: str, year: int) -> int:
    """Add an investment project (pågående, no figures yet)."""
    if not name.strip():
        raise StoreError("ett projekt måste ha ett namn")
    with store.transaction(f"Nytt projekt {name}") as tx:
        position = store.conn.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM investment_project WHERE category_id = ?",
            (category_id,),
        ).fetchone()[0]
        pid = tx.insert(
            "investment_project",
            {"category_id": category_id, "name": name.strip(), "position": position},
        )
        tx.upsert(
            "investment_figure", {"project_id": pid, "year": year}, {"appropriation": 0, "spent": 0}
        )
        return pid


def delete_project(store: Store, project_id: int) -> int:
    """Delete a project with its figures and comments."""
    with store.transaction(f"Tog bort projekt {project_id}") as tx:
        tx.delete_where("investment_figure", "project_id = ?", (project_id,))
        tx.delete_where("comment", "entity = 'investment_project' AND entity_id = ?", (project_id,))
        if not tx.delete("investment_project", {"id": project_id}):
            raise StoreError(f"projekt {project_id} finns inte")
        return tx.changeset_id


def add_goal(store: Store, area_id: int, title: str) -> int:
    """Add a KF-mål to an area, numbered after the last one."""
    if not title.strip():
        raise StoreError("ett mål måste ha en titel")
    with store.transaction(f"Nytt mål {title[:40]}") as tx:
        number, position = store.conn.execute(
            "SELECT coalesce(max(number), 0) + 1, coalesce(max(position), -1) + 1 FROM goal"
            " WHERE area_id = ?",
            (area_id,),
        ).fetchone()
        return tx.insert(
            "goal",
            {"area_id": area_id, "number": number, "title": title.strip(), "position": position},
        )


def delete_goal(store: Store, goal_id: int) -> int:
    """Delete a goal with its indicators, texts and assessments."""
    with store.transaction(f"Tog bort mål {goal_id}") as tx:
        for (ind_id,) in store.conn.execute(
            "SELECT id FROM indicator WHERE goal_id = ?", (goal_id,)
        ).fetchall():
            tx.delete_where("indicator_value", "indicator_id = ?", (ind_id,))
            tx.delete("indicator", {"id": ind_id})
        tx.delete_where("goal_item", "goal_id = ?", (goal_id,))
        tx.delete_where("assessment", "target = 'goal' AND target_id = ?", (goal_id,))
        if not tx.delete("goal", {"id": goal_id}):
            raise StoreError(f"mål {goal_id} finns inte")
        return tx.changeset_id


def add_indicator(store: Store, goal_id: int, name: str) -> int:
    """Add an indicator to a goal."""
    if not name.strip():
        raise StoreError("en indikator måste ha ett namn")
    with store.transaction(f"Ny indikator {name[:40]}") as tx:
        position = store.conn.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM indicator WHERE goal_id = ?", (goal_id,)
        ).fetchone()[0]
        return tx.insert(
            "indicator", {"goal_id": goal_id, "name": name.strip(), "position": position}
        )


def delete_indicator(store: Store, indicator_id: int) -> int:
    """Delete an indicator with its values."""
    with store.transaction(f"Tog bort indikator {indicator_id}") as tx:
        tx.delete_where("indicator_value", "indicator_id = ?", (indicator_id,))
        if not tx.delete("indicator", {"id": indicator_id}):
            raise StoreError(f"indikator {indicator_id} finns inte")
        return tx.changeset_id


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
