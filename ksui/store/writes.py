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
    #: Something the user should know about a write that went through (one Swedish line).
    note: str | None = None


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


# --------------------------------------------------------------------------- structure
# Building a nämnd's structure by hand (``ksui add``/``rename``/``move``/``remove``): every
# rule that needs the file is checked inside the write's own transaction, so a refusal
# leaves the file as it was and two writers cannot slip a clash past each other.

#: The tables whose rows are figures: a removal that would take any along must be asked for.
FIGURE_TABLES: dict[str, str] = {
    "drift_figure": "driftsiffror",
    "investment_figure": "investeringssiffror",
    "investment_frame": "investeringsramar",
    "indicator_value": "indikatorvärden",
    "statement_value": "rader i resultat- och balansräkningen",
    "sick_leave": "sjuktal",
    "state_grant": "statsbidrag",
    "published_figure": "publicerade siffror",
}

#: How a refusal or a change set names a row of each structure table (and its name column).
STRUCTURE_TABLES: dict[str, tuple[str, str]] = {
    "unit": ("enheten", "name"),
    "investment_category": ("kategorin", "name"),
    "investment_project": ("projektet", "name"),
    "goal_area": ("målområdet", "name"),
    "goal": ("målet", "title"),
    "indicator": ("indikatorn", "name"),
}


class FiguresWouldBeLost(StoreError):
    """A removal that would take figures with it, asked for without saying so."""

    def __init__(self, message: str, counts: dict[str, int]) -> None:
        super().__init__(message)
        #: The figures that would go, per table.
        self.counts = counts


def _text(value: str, empty: str) -> str:
    """A name, title or code as stored: trimmed, on one line; ``empty`` is the refusal of
    a blank one. A line break or control character would break every table it is shown in."""
    value = value.strip()
    if not value:
        raise StoreError(empty)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise StoreError(
            f"»{value.encode('unicode_escape').decode('ascii')}« innehåller en radbrytning "
            "eller ett styrtecken; skriv det på en rad"
        )
    return value


def _code(value: str | None) -> str | None:
    """A code as stored (None when blank)."""
    return _text(value, "") if value and value.strip() else None


def _fold(text: str | None) -> str:
    """A name as compared for clashes: case and surrounding space do not make it another."""
    return " ".join((text or "").split()).casefold()


def _row(store: Store, table: str, row_id: int) -> dict[str, Any] | None:
    """One row with an id as the file holds it now."""
    cur = store.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (row_id,))
    found = cur.fetchone()
    return None if found is None else dict(zip([d[0] for d in cur.description], found, strict=True))


def _subtree(store: Store, unit_id: int) -> list[int]:
    """The unit and every unit below it."""
    rows = store.conn.execute(
        "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
        " SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub",
        (unit_id,),
    ).fetchall()
    return [int(r[0]) for r in rows]


def _committee_of(store: Store, unit_id: int) -> int | None:
    """The nämnd a unit belongs to (itself for a nämnd); None above or outside every nämnd."""
    row = store.conn.execute(
        "WITH RECURSIVE up(id, parent_id, kind) AS ("
        " SELECT id, parent_id, kind FROM unit WHERE id = ?"
        " UNION ALL SELECT u.id, u.parent_id, u.kind FROM unit u JOIN up ON u.id = up.parent_id)"
        " SELECT id FROM up WHERE kind = 'namnd' LIMIT 1",
        (unit_id,),
    ).fetchone()
    return None if row is None else int(row[0])


def _unit_label(row: dict[str, Any]) -> str:
    """»Ekonomi« (120): a unit as a refusal names it."""
    return f"»{row['name']}«" + (f" ({row['code']})" if row.get("code") else "")


def _refuse_sibling(store: Store, parent_id: int | None, name: str, own_id: int | None) -> None:
    """Refuse a unit name a sibling already has, whatever its case."""
    for sibling_id, sibling in store.conn.execute(
        "SELECT id, name FROM unit WHERE coalesce(parent_id, 0) = coalesce(?, 0)", (parent_id,)
    ):
        if sibling_id != own_id and _fold(sibling) == _fold(name):
            where = _row(store, "unit", parent_id) if parent_id is not None else None
            place = f"under »{where['name']}«" if where else "överst"
            raise StoreError(f"det finns redan en enhet som heter »{sibling}« {place}")


def _refuse_committee_clash(store: Store, name: str, code: str | None, own_id: int | None) -> None:
    """Refuse a nämnd name or code another nämnd answers to (``--committee`` picks by both)."""
    for other_id, other_name, other_code in store.conn.execute(
        "SELECT id, name, code FROM unit WHERE kind = 'namnd'"
    ):
        if other_id == own_id:
            continue
        taken = {_fold(other_name), _fold(other_code)} - {""}
        if _fold(name) in taken:
            raise StoreError(f"det finns redan en nämnd som heter eller har koden »{name}«")
        if code and _fold(code) in taken:
            raise StoreError(f"koden »{code}« används redan av nämnden »{other_name}«")


def _refuse_code(store: Store, committee_id: int, code: str, own_id: int | None) -> None:
    """Refuse a unit code already used in the nämnd: imports and lookups match units by code."""
    for unit_id in _subtree(store, committee_id):
        row = _row(store, "unit", unit_id)
        if row and unit_id != own_id and _fold(row["code"]) == _fold(code):
            raise StoreError(f"koden »{code}« används redan av enheten »{row['name']}«")


def _refuse_name(
    store: Store, what: str, name: str, sql: str, params: tuple[Any, ...], own_id: int | None
) -> None:
    """Refuse a name (or title) that a row of the same kind in the same place already has."""
    for row_id, existing, place in store.conn.execute(sql, params):
        if row_id != own_id and _fold(existing) == _fold(name):
            where = f" (i {place})" if place else ""
            raise StoreError(f"det finns redan {what} som heter »{existing}«{where}")


def _own_drift(store: Store, unit_ids: list[int]) -> set[tuple[int, str]]:
    """The (year, measure) pairs the units record drift figures for."""
    if not unit_ids:
        return set()
    marks = ", ".join("?" for _ in unit_ids)
    rows = store.conn.execute(
        f"SELECT DISTINCT year, measure FROM drift_figure WHERE unit_id IN ({marks})",
        tuple(unit_ids),
    ).fetchall()
    return {(int(y), str(m)) for y, m in rows}


def _years(pairs: set[tuple[int, str]]) -> str:
    """»2016–2017« or »2017«: the years of some figures, for a message."""
    years = sorted({year for year, _ in pairs})
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def add_committee(store: Store, name: str, code: str | None) -> Written:
    """Add a nämnd under the kommun (at the top of a file without one), last in order."""
    name = _text(name, "en nämnd måste ha ett namn")
    code = _code(code)
    with store.transaction(f"Ny nämnd {name}") as tx:
        _refuse_committee_clash(store, name, code, None)
        row = store.conn.execute(
            "SELECT id FROM unit WHERE kind = 'kommun' ORDER BY position, id LIMIT 1"
        ).fetchone()
        parent = None if row is None else int(row[0])
        _refuse_sibling(store, parent, name, None)
        position = store.conn.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM unit"
            " WHERE coalesce(parent_id, 0) = coalesce(?, 0)",
            (parent,),
        ).fetchone()[0]
        new_id = tx.insert(
            "unit",
            {
                "parent_id": parent,
                "kind": "namnd",
                "name": name,
                "code": code,
                "position": position,
            },
        )
        return Written(tx.changeset_id, new_id)


def create_unit(
    store: Store, parent_id: int, name: str, kind: str | None = None, code: str | None = None
) -> Written:
    """Add a unit inside a nämnd with every rule of the tree checked; ``kind`` None: one
    level below the parent's (``child_kind``).

    A parent that carries its own drift figures keeps them: they count until the units
    below record the same measure for the same year. The write says so in ``note``.
    """
    from ksui.core.models import UNIT_KIND_LABELS, child_kind

    name = _text(name, "en enhet måste ha ett namn")
    code = _code(code)
    with store.transaction(f"Ny enhet {name}") as tx:
        parent = _row(store, "unit", parent_id)
        if parent is None:
            raise StoreError(f"okänd enhet med id {parent_id}")
        committee = _committee_of(store, parent_id)
        if committee is None:
            raise StoreError(
                f"»{parent['name']}« hör inte till någon nämnd; en enhet läggs under en nämnd "
                "(skapa den med ksui add committee)"
            )
        kind = kind or child_kind(str(parent["kind"]))
        if kind in ("kommun", "namnd") or kind not in UNIT_KIND_LABELS:
            raise StoreError(f"en enhet kan inte vara av sorten »{kind}«")
        _refuse_sibling(store, parent_id, name, None)
        if code:
            _refuse_code(store, committee, code, None)
        leaf = not store.conn.execute(
            "SELECT 1 FROM unit WHERE parent_id = ? LIMIT 1", (parent_id,)
        ).fetchone()
        new_id = tx.insert(
            "unit",
            {
                "parent_id": parent_id,
                "kind": kind,
                "name": name,
                "code": code,
                "position": _next_position(store, "unit", "parent_id", parent_id),
            },
        )
        note = None
        own = _own_drift(store, [parent_id]) if leaf and parent["kind"] != "namnd" else set()
        if own:
            note = (
                f"»{parent['name']}« har egna driftsiffror ({_years(own)}); de räknas tills "
                "enheterna under den får siffror för samma år och mått"
            )
        return Written(tx.changeset_id, new_id, note)


def add_category(store: Store, committee_id: int, name: str, kind: str) -> Written:
    """Add an investment category to a nämnd, last in order."""
    name = _text(name, "en investeringskategori måste ha ett namn")
    with store.transaction(f"Ny investeringskategori {name}") as tx:
        _refuse_name(
            store,
            "en investeringskategori",
            name,
            "SELECT id, name, '' FROM investment_category WHERE committee_id = ?",
            (committee_id,),
            None,
        )
        new_id = tx.insert(
            "investment_category",
            {
                "committee_id": committee_id,
                "kind": kind,
                "name": name,
                "position": _next_position(
                    store, "investment_category", "committee_id", committee_id
                ),
            },
        )
        return Written(tx.changeset_id, new_id)


_COMMITTEE_PROJECTS = (
    "SELECT p.id, p.name, c.name FROM investment_project p"
    " JOIN investment_category c ON c.id = p.category_id"
    " WHERE c.committee_id = (SELECT committee_id FROM investment_category WHERE id = ?)"
)


def create_project(
    store: Store,
    category_id: int,
    name: str,
    *,
    responsible: str | None = None,
    year: int | None = None,
) -> Written:
    """Add a project (pågående) to a category; its name must be new in the nämnd, since
    ``ksui set investment`` finds a project by name. With a year its anslag starts at 0."""
    name = _text(name, "ett projekt måste ha ett namn")
    responsible = _code(responsible)
    with store.transaction(f"Nytt projekt {name}") as tx:
        if _row(store, "investment_category", category_id) is None:
            raise StoreError(f"okänd investeringskategori med id {category_id}")
        _refuse_name(store, "ett projekt", name, _COMMITTEE_PROJECTS, (category_id,), None)
        pid = tx.insert(
            "investment_project",
            {
                "category_id": category_id,
                "name": name,
                "responsible": responsible,
                "position": _next_position(store, "investment_project", "category_id", category_id),
            },
        )
        if year is not None:
            tx.upsert(
                "investment_figure",
                {"project_id": pid, "year": year, "period": "m01"},
                {"appropriation": 0},
            )
        return Written(tx.changeset_id, pid)


def add_area(store: Store, committee_id: int, name: str) -> Written:
    """Add a KF-mål area to a nämnd, last in order."""
    name = _text(name, "ett målområde måste ha ett namn")
    with store.transaction(f"Nytt målområde {name}") as tx:
        _refuse_name(
            store,
            "ett målområde",
            name,
            "SELECT id, name, '' FROM goal_area WHERE committee_id = ?",
            (committee_id,),
            None,
        )
        new_id = tx.insert(
            "goal_area",
            {
                "committee_id": committee_id,
                "name": name,
                "position": _next_position(store, "goal_area", "committee_id", committee_id),
            },
        )
        return Written(tx.changeset_id, new_id)


def create_goal(store: Store, area_id: int, title: str, number: int | None = None) -> Written:
    """Add a KF-mål to an area: numbered after the last unless a free number is given."""
    title = _text(title, "ett mål måste ha en titel")
    if number is not None and number < 1:
        raise StoreError(f"ett måls nummer är 1 eller mer, inte {number}")
    with store.transaction(f"Nytt mål {title[:40]}") as tx:
        area = _row(store, "goal_area", area_id)
        if area is None:
            raise StoreError(f"okänt målområde med id {area_id}")
        _refuse_name(
            store,
            "ett mål",
            title,
            "SELECT id, title, '' FROM goal WHERE area_id = ?",
            (area_id,),
            None,
        )
        taken = store.conn.execute(
            "SELECT title FROM goal WHERE area_id = ? AND number = ?", (area_id, number)
        ).fetchone()
        if taken is not None:
            raise StoreError(
                f"målområdet »{area['name']}« har redan ett mål nr {number} (»{taken[0]}«)"
            )
        last, position = store.conn.execute(
            "SELECT coalesce(max(number), 0) + 1, coalesce(max(position), -1) + 1 FROM goal"
            " WHERE area_id = ?",
            (area_id,),
        ).fetchone()
        new_id = tx.insert(
            "goal",
            {
                "area_id": area_id,
                "number": last if number is None else number,
                "title": title,
                "position": position,
            },
        )
        return Written(tx.changeset_id, new_id)


def create_indicator(
    store: Store, goal_id: int, name: str, unit: str = "", direction: str = "none"
) -> Written:
    """Add an indicator to a goal with its unit and the direction wanted."""
    name = _text(name, "en indikator måste ha ett namn")
    with store.transaction(f"Ny indikator {name[:40]}") as tx:
        if _row(store, "goal", goal_id) is None:
            raise StoreError(f"okänt mål med id {goal_id}")
        _refuse_name(
            store,
            "en indikator",
            name,
            "SELECT id, name, '' FROM indicator WHERE goal_id = ?",
            (goal_id,),
            None,
        )
        new_id = tx.insert(
            "indicator",
            {
                "goal_id": goal_id,
                "name": name,
                "unit": unit,
                "direction": direction,
                "position": _next_position(store, "indicator", "goal_id", goal_id),
            },
        )
        return Written(tx.changeset_id, new_id)


def rename(store: Store, table: str, row_id: int, new_name: str) -> Written:
    """Give a unit, nämnd, category, project, area, goal or indicator a new name (a goal a
    new title); a name its kind already has in the same place is refused."""
    if table not in STRUCTURE_TABLES:
        raise StoreError(f"{table} kan inte byta namn")
    word, column = STRUCTURE_TABLES[table]
    new_name = _text(new_name, "det nya namnet får inte vara tomt")
    row = _row(store, table, row_id)
    if row is None:
        raise StoreError(f"{table} med id {row_id} finns inte")
    if table == "unit" and row["kind"] == "namnd":
        word = "nämnden"
    with store.transaction(f"Bytte namn på {word} {row[column]} till {new_name}") as tx:
        if table == "unit":
            if row["kind"] == "namnd":
                _refuse_committee_clash(store, new_name, None, row_id)
            _refuse_sibling(store, row["parent_id"], new_name, row_id)
        elif table == "investment_project":
            _refuse_name(
                store, "ett projekt", new_name, _COMMITTEE_PROJECTS, (row["category_id"],), row_id
            )
        else:
            owner = {
                "investment_category": ("en investeringskategori", "committee_id"),
                "goal_area": ("ett målområde", "committee_id"),
                "goal": ("ett mål", "area_id"),
                "indicator": ("en indikator", "goal_id"),
            }[table]
            _refuse_name(
                store,
                owner[0],
                new_name,
                f"SELECT id, [{column}], '' FROM [{table}] WHERE [{owner[1]}] = ?",
                (row[owner[1]],),
                row_id,
            )
        tx.upsert(table, {"id": row_id}, {column: new_name})
        return Written(tx.changeset_id if tx.changes else None, row_id)


def move_unit(store: Store, unit_id: int, parent_id: int) -> Written:
    """Move a unit (with everything below it) under another unit of the same nämnd, last.

    Refused when the unit would end up below itself, when a sibling there has its name, and
    when the new parent's own drift figures would stop counting: a unit shows the sum of
    the units below for every year and measure they record.
    """
    unit = _row(store, "unit", unit_id)
    parent = _row(store, "unit", parent_id)
    if unit is None or parent is None:
        raise StoreError(f"okänd enhet med id {unit_id if unit is None else parent_id}")
    if unit["kind"] in ("kommun", "namnd"):
        raise StoreError(f"{_unit_label(unit)} är en nämnd och kan inte flyttas")
    with store.transaction(f"Flyttade enheten {unit['name']} till {parent['name']}") as tx:
        moved = _subtree(store, unit_id)
        if parent_id in moved:
            where = (
                "sig själv"
                if parent_id == unit_id
                else f"{_unit_label(parent)}, som ligger under den"
            )
            raise StoreError(f"{_unit_label(unit)} kan inte flyttas under {where}")
        if _committee_of(store, parent_id) != _committee_of(store, unit_id):
            raise StoreError(
                f"{_unit_label(unit)} kan bara flyttas inom sin nämnd, "
                f"inte under {_unit_label(parent)}"
            )
        if unit["parent_id"] == parent_id:
            return Written(None, unit_id)
        _refuse_sibling(store, parent_id, str(unit["name"]), unit_id)
        below = [u for u in _subtree(store, parent_id) if u != parent_id]
        hidden = (_own_drift(store, [parent_id]) & _own_drift(store, moved)) - _own_drift(
            store, below
        )
        if hidden:
            raise StoreError(
                f"{_unit_label(parent)} har egna driftsiffror {_years(hidden)} som inte längre "
                f"skulle räknas med {_unit_label(unit)} under sig (den visar då summan av "
                "enheterna under); välj en annan överordnad enhet eller ta bort dess siffror först"
            )
        tx.upsert(
            "unit",
            {"id": unit_id},
            {
                "parent_id": parent_id,
                "position": _next_position(store, "unit", "parent_id", parent_id),
            },
        )
        return Written(tx.changeset_id, unit_id)


def rows_below(store: Store, table: str, row_id: int) -> dict[str, int]:
    """How many rows of each table a removal would take along (the same walk ``Tx.delete``
    makes), so the user is asked, and figures are never removed by surprise."""
    counts: dict[str, int] = {}
    root = _row(store, table, row_id)
    if root is None:
        raise StoreError(f"{table} med id {row_id} finns inte")
    stack: list[tuple[str, dict[str, Any]]] = [(table, root)]
    while stack:
        parent_table, parent_row = stack.pop()
        for child, where, column in store.relations.children(parent_table):
            cur = store.conn.execute(
                f"SELECT * FROM [{child}] WHERE {where}", (parent_row[column],)
            )
            names = [d[0] for d in cur.description]
            for found in cur.fetchall():
                counts[child] = counts.get(child, 0) + 1
                if store.relations.children(child):
                    stack.append((child, dict(zip(names, found, strict=True))))
    return counts


def locked_refusal(store: Store, table: str, row_id: int, counts: dict[str, int]) -> str | None:
    """Why a removal that would take locks along is refused: a lock is lifted only by
    unlocking, never by undo, so such a removal could not be taken back."""
    if not counts.get("period_lock"):
        return None
    word, column = STRUCTURE_TABLES[table]
    row = _row(store, table, row_id) or {column: row_id}
    if table == "unit" and row.get("kind") == "namnd":
        word = "nämnden"
    return (
        f"{word} »{row[column]}« har attesterade (låsta) uppföljningar; lås upp dem först "
        "med ksui unlock"
    )


def figure_words(counts: dict[str, int]) -> str:
    """»120 driftsiffror och 3 indikatorvärden«: the figures among some rows, in words."""
    parts = [f"{counts[t]} {word}" for t, word in FIGURE_TABLES.items() if counts.get(t)]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " och " + parts[-1]
    return parts[0] if parts else ""


def remove(store: Store, table: str, row_id: int, *, with_figures: bool = False) -> Written:
    """Remove a row with everything below it, each row audited so undo restores all;
    refused (FiguresWouldBeLost) when figures would go along and ``with_figures`` is False."""
    if table not in STRUCTURE_TABLES:
        raise StoreError(f"{table} kan inte tas bort här")
    word, column = STRUCTURE_TABLES[table]
    row = _row(store, table, row_id)
    if row is None:
        raise StoreError(f"{table} med id {row_id} finns inte")
    if table == "unit" and row["kind"] == "namnd":
        word = "nämnden"
    if table == "unit" and row["kind"] == "kommun":
        raise StoreError(f"kommunen »{row['name']}« kan inte tas bort")
    with store.transaction(f"Tog bort {word} {row[column]}") as tx:
        counts = rows_below(store, table, row_id)
        refusal = locked_refusal(store, table, row_id, counts)
        if refusal:
            raise StoreError(refusal)
        figures = {t: n for t, n in counts.items() if t in FIGURE_TABLES}
        if figures and not with_figures:
            raise FiguresWouldBeLost(
                f"{word} »{row[column]}« har {figure_words(figures)} som också skulle tas bort",
                figures,
            )
        tx.delete(table, {"id": row_id})
        return Written(tx.changeset_id)
