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
    """Add a unit below a parent, last among its siblings; the change set and the unit's id
    (``create_unit`` with the kind given: the same rules, in ``insert_unit``)."""
    return create_unit(store, parent_id, name, kind, code)


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
    """Add an investment project (pågående, anslag 0 from the year's start); the change set
    and its id (``create_project``: the same rules, in ``insert_project``)."""
    return create_project(store, category_id, name, year=year)


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
    """Add a KF-mål to an area, numbered after the last one; the change set and its id
    (``create_goal``: the same rules, in ``insert_goal``)."""
    return create_goal(store, area_id, title)


def delete_goal(store: Store, goal_id: int) -> int:
    """Delete a goal with its indicators, texts and assessments."""
    return _delete(store, "goal", goal_id, f"Tog bort mål {goal_id}", f"mål {goal_id} finns inte")


def add_indicator(store: Store, goal_id: int, name: str) -> Written:
    """Add an indicator to a goal; the change set and its id (``create_indicator``: the
    same rules, in ``insert_indicator``)."""
    return create_indicator(store, goal_id, name)


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


class RuleError(StoreError):
    """A rule of the tree refused a value; ``field`` names which one (name, code, kind,
    parent, number, responsible, direction), so an import can point at the column."""

    def __init__(self, message: str, field: str = "name") -> None:
        super().__init__(message)
        self.field = field


#: The kinds an investment category can have (the schema's list).
CATEGORY_KINDS = ("ks_kf", "lokaler", "namnd", "special")
#: The directions an indicator can be wanted to go (none: neither).
DIRECTIONS = ("up", "down", "none")


def _text(value: str, empty: str, field: str = "name") -> str:
    """A name, title or code as stored: trimmed, on one line; ``empty`` is the refusal of
    a blank one. A line break or control character would break every table it is shown in."""
    value = value.strip()
    if not value:
        raise RuleError(empty, field)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise RuleError(
            f"»{value.encode('unicode_escape').decode('ascii')}« innehåller en radbrytning "
            "eller ett styrtecken; skriv det på en rad",
            field,
        )
    return value


def _code(value: str | None, field: str = "code") -> str | None:
    """A code as stored (None when blank)."""
    return _text(value, "", field) if value and value.strip() else None


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
            raise RuleError(f"det finns redan en enhet som heter »{sibling}« {place}")


def _refuse_committee_clash(store: Store, name: str, code: str | None, own_id: int | None) -> None:
    """Refuse a nämnd name or code another nämnd answers to (``--committee`` picks by both)."""
    for other_id, other_name, other_code in store.conn.execute(
        "SELECT id, name, code FROM unit WHERE kind = 'namnd'"
    ):
        if other_id == own_id:
            continue
        taken = {_fold(other_name), _fold(other_code)} - {""}
        if _fold(name) in taken:
            raise RuleError(f"det finns redan en nämnd som heter eller har koden »{name}«")
        if code and _fold(code) in taken:
            raise RuleError(f"koden »{code}« används redan av nämnden »{other_name}«", "code")


def _refuse_code(store: Store, committee_id: int, code: str, own_id: int | None) -> None:
    """Refuse a unit code already used in the nämnd: imports and lookups match units by code."""
    found = _unit_by_code(store, committee_id, code)
    if found is not None and found["id"] != own_id:
        raise RuleError(f"koden »{code}« används redan av enheten »{found['name']}«", "code")


def _unit_by_code(store: Store, committee_id: int, code: str) -> dict[str, Any] | None:
    """The unit of the nämnd (the nämnd itself included) with the code, in any case."""
    for unit_id in _subtree(store, committee_id):
        row = _row(store, "unit", unit_id)
        if row and _fold(row["code"]) == _fold(code):
            return row
    return None


def _refuse_name(
    store: Store, what: str, name: str, sql: str, params: tuple[Any, ...], own_id: int | None
) -> None:
    """Refuse a name (or title) that a row of the same kind in the same place already has."""
    found = _named(store, name, sql, params)
    if found is not None and found[0] != own_id:
        where = f" (i {found[2]})" if found[2] else ""
        raise RuleError(f"det finns redan {what} som heter »{found[1]}«{where}")


def _named(store: Store, name: str, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The first row of ``sql`` (id, name, place) whose name is ``name`` in any case."""
    for found in store.conn.execute(sql, params):
        if _fold(found[1]) == _fold(name):
            return tuple(found)
    return None


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


# The insert_* functions below are the one place each kind of row is added: the single
# commands (add_committee, create_unit …) wrap one in a change set of its own, and the
# structure import calls them (through ensure_*) inside the one change set of its file.


def insert_committee(tx: Tx, name: str, code: str | None) -> int:
    """Add a nämnd under the kommun (at the top of a file without one), last in order."""
    store = tx.store
    name = _text(name, "en nämnd måste ha ett namn")
    code = _code(code)
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
    return tx.insert(
        "unit",
        {"parent_id": parent, "kind": "namnd", "name": name, "code": code, "position": position},
    )


def add_committee(store: Store, name: str, code: str | None) -> Written:
    """Add a nämnd under the kommun (at the top of a file without one), last in order."""
    with store.transaction(f"Ny nämnd {name.strip()}") as tx:
        return Written(tx.changeset_id, insert_committee(tx, name, code))


def insert_unit(
    tx: Tx, parent_id: int, name: str, kind: str | None = None, code: str | None = None
) -> tuple[int, str | None]:
    """Add a unit inside a nämnd with every rule of the tree checked; the new id and a
    note when the parent has drift figures of its own (they count until the units below
    record the same measure for the same year)."""
    from ksui.core.models import UNIT_KIND_LABELS, child_kind

    store = tx.store
    name = _text(name, "en enhet måste ha ett namn")
    code = _code(code)
    parent = _row(store, "unit", parent_id)
    if parent is None:
        raise RuleError(f"okänd enhet med id {parent_id}", "parent")
    committee = _committee_of(store, parent_id)
    if committee is None:
        raise RuleError(
            f"»{parent['name']}« hör inte till någon nämnd; en enhet läggs under en nämnd "
            "(skapa den med ksui add committee)",
            "parent",
        )
    kind = kind or child_kind(str(parent["kind"]))
    if kind in ("kommun", "namnd") or kind not in UNIT_KIND_LABELS:
        raise RuleError(f"en enhet kan inte vara av sorten »{kind}«", "kind")
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
    return new_id, note


def create_unit(
    store: Store, parent_id: int, name: str, kind: str | None = None, code: str | None = None
) -> Written:
    """Add a unit inside a nämnd with every rule of the tree checked; ``kind`` None: one
    level below the parent's (``child_kind``).

    A parent that carries its own drift figures keeps them: they count until the units
    below record the same measure for the same year. The write says so in ``note``.
    """
    with store.transaction(f"Ny enhet {name.strip()}") as tx:
        new_id, note = insert_unit(tx, parent_id, name, kind, code)
        return Written(tx.changeset_id, new_id, note)


def insert_category(tx: Tx, committee_id: int, name: str, kind: str) -> int:
    """Add an investment category to a nämnd, last in order."""
    store = tx.store
    name = _text(name, "en investeringskategori måste ha ett namn")
    if kind not in CATEGORY_KINDS:
        raise RuleError(
            f"en investeringskategori kan inte vara av sorten »{kind}«; "
            f"använd {', '.join(CATEGORY_KINDS)}",
            "kind",
        )
    _refuse_name(
        store,
        "en investeringskategori",
        name,
        "SELECT id, name, '' FROM investment_category WHERE committee_id = ?",
        (committee_id,),
        None,
    )
    return tx.insert(
        "investment_category",
        {
            "committee_id": committee_id,
            "kind": kind,
            "name": name,
            "position": _next_position(store, "investment_category", "committee_id", committee_id),
        },
    )


def add_category(store: Store, committee_id: int, name: str, kind: str) -> Written:
    """Add an investment category to a nämnd, last in order."""
    with store.transaction(f"Ny investeringskategori {name.strip()}") as tx:
        return Written(tx.changeset_id, insert_category(tx, committee_id, name, kind))


_COMMITTEE_PROJECTS = (
    "SELECT p.id, p.name, c.name FROM investment_project p"
    " JOIN investment_category c ON c.id = p.category_id"
    " WHERE c.committee_id = (SELECT committee_id FROM investment_category WHERE id = ?)"
)


def project_by_code(store: Store, committee_id: int, code: str) -> dict[str, Any] | None:
    """The nämnd's project with the code, in any case (None: no project has it).

    A code is how the finance system names the project object (a SIE dimension's object
    code); the SIE import matches objects to projects by it within the chosen nämnd.
    """
    for row in store.conn.execute(
        "SELECT p.id, p.code FROM investment_project p"
        " JOIN investment_category c ON c.id = p.category_id"
        " WHERE c.committee_id = ? AND p.code IS NOT NULL",
        (committee_id,),
    ).fetchall():
        if _fold(row[1]) == _fold(code):
            return _row(store, "investment_project", int(row[0]))
    return None


def _category_committee(store: Store, category_id: int) -> int | None:
    """The nämnd a category belongs to (None: no such category)."""
    row = store.conn.execute(
        "SELECT committee_id FROM investment_category WHERE id = ?", (category_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def _refuse_project_code(store: Store, category_id: int, code: str, own_id: int | None) -> None:
    """Refuse a project code another project of the nämnd has, in any case: one code names
    one project object in the finance system, and the SIE import matches by it."""
    committee = _category_committee(store, category_id)
    found = None if committee is None else project_by_code(store, committee, code)
    if found is not None and found["id"] != own_id:
        raise RuleError(f"koden »{code}« används redan av projektet »{found['name']}«", "code")


def insert_project(
    tx: Tx,
    category_id: int,
    name: str,
    *,
    responsible: str | None = None,
    year: int | None = None,
    code: str | None = None,
) -> int:
    """Add a project (pågående) to a category; its name must be new in the nämnd, since
    ``ksui set investment`` finds a project by name, and so must its code (optional: the
    finance system's project object). With a year its anslag starts at 0."""
    store = tx.store
    name = _text(name, "ett projekt måste ha ett namn")
    responsible = _code(responsible, "responsible")
    code = _code(code)
    if _row(store, "investment_category", category_id) is None:
        raise RuleError(f"okänd investeringskategori med id {category_id}", "parent")
    _refuse_name(store, "ett projekt", name, _COMMITTEE_PROJECTS, (category_id,), None)
    if code is not None:
        _refuse_project_code(store, category_id, code, None)
    pid = tx.insert(
        "investment_project",
        {
            "category_id": category_id,
            "name": name,
            "responsible": responsible,
            "code": code,
            "position": _next_position(store, "investment_project", "category_id", category_id),
        },
    )
    if year is not None:
        tx.upsert(
            "investment_figure",
            {"project_id": pid, "year": year, "period": "m01"},
            {"appropriation": 0},
        )
    return pid


def create_project(
    store: Store,
    category_id: int,
    name: str,
    *,
    responsible: str | None = None,
    year: int | None = None,
    code: str | None = None,
) -> Written:
    """Add a project (pågående) to a category; its name must be new in the nämnd, since
    ``ksui set investment`` finds a project by name, and so must its code (optional).
    With a year its anslag starts at 0."""
    with store.transaction(f"Nytt projekt {name.strip()}") as tx:
        pid = insert_project(tx, category_id, name, responsible=responsible, year=year, code=code)
        return Written(tx.changeset_id, pid)


def apply_project_code(tx: Tx, project_id: int, code: str | None) -> bool:
    """Give a project a code (None or blank: take it away) inside a write; True when it
    changed. A code another project of the nämnd has is refused."""
    row = _row(tx.store, "investment_project", project_id)
    if row is None:
        raise RuleError(f"okänt projekt med id {project_id}", "parent")
    code = _code(code)
    if code is not None:
        _refuse_project_code(tx.store, int(row["category_id"]), code, project_id)
    if row["code"] == code:
        return False
    tx.upsert("investment_project", {"id": project_id}, {"code": code})
    return True


def set_project_code(store: Store, project_id: int, code: str | None) -> Written:
    """Set, change or (with None) remove a project's code: the finance system's project
    object that the SIE import feeds its utfall from."""
    row = _row(store, "investment_project", project_id)
    if row is None:
        raise StoreError(f"projekt {project_id} finns inte")
    shown = (code or "").strip()
    what = f"koden {shown}" if shown else "ingen kod"
    with store.transaction(f"Projektet {row['name']} fick {what}") as tx:
        apply_project_code(tx, project_id, code)
        return Written(tx.changeset_id if tx.changes else None, project_id)


def insert_area(tx: Tx, committee_id: int, name: str) -> int:
    """Add a KF-mål area to a nämnd, last in order."""
    store = tx.store
    name = _text(name, "ett målområde måste ha ett namn")
    _refuse_name(
        store,
        "ett målområde",
        name,
        "SELECT id, name, '' FROM goal_area WHERE committee_id = ?",
        (committee_id,),
        None,
    )
    return tx.insert(
        "goal_area",
        {
            "committee_id": committee_id,
            "name": name,
            "position": _next_position(store, "goal_area", "committee_id", committee_id),
        },
    )


def add_area(store: Store, committee_id: int, name: str) -> Written:
    """Add a KF-mål area to a nämnd, last in order."""
    with store.transaction(f"Nytt målområde {name.strip()}") as tx:
        return Written(tx.changeset_id, insert_area(tx, committee_id, name))


def insert_goal(tx: Tx, area_id: int, title: str, number: int | None = None) -> int:
    """Add a KF-mål to an area: numbered after the last unless a free number is given."""
    store = tx.store
    title = _text(title, "ett mål måste ha en titel")
    if number is not None and number < 1:
        raise RuleError(f"ett måls nummer är 1 eller mer, inte {number}", "number")
    area = _row(store, "goal_area", area_id)
    if area is None:
        raise RuleError(f"okänt målområde med id {area_id}", "parent")
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
        raise RuleError(
            f"målområdet »{area['name']}« har redan ett mål nr {number} (»{taken[0]}«)", "number"
        )
    last, position = store.conn.execute(
        "SELECT coalesce(max(number), 0) + 1, coalesce(max(position), -1) + 1 FROM goal"
        " WHERE area_id = ?",
        (area_id,),
    ).fetchone()
    return tx.insert(
        "goal",
        {
            "area_id": area_id,
            "number": last if number is None else number,
            "title": title,
            "position": position,
        },
    )


def create_goal(store: Store, area_id: int, title: str, number: int | None = None) -> Written:
    """Add a KF-mål to an area: numbered after the last unless a free number is given."""
    with store.transaction(f"Nytt mål {title.strip()[:40]}") as tx:
        return Written(tx.changeset_id, insert_goal(tx, area_id, title, number))


def insert_indicator(
    tx: Tx, goal_id: int, name: str, unit: str = "", direction: str = "none"
) -> int:
    """Add an indicator to a goal with its unit and the direction wanted."""
    store = tx.store
    name = _text(name, "en indikator måste ha ett namn")
    if direction not in DIRECTIONS:
        raise RuleError(
            f"okänd riktning »{direction}«; använd {', '.join(DIRECTIONS)}", "direction"
        )
    if _row(store, "goal", goal_id) is None:
        raise RuleError(f"okänt mål med id {goal_id}", "parent")
    _refuse_name(
        store,
        "en indikator",
        name,
        "SELECT id, name, '' FROM indicator WHERE goal_id = ?",
        (goal_id,),
        None,
    )
    return tx.insert(
        "indicator",
        {
            "goal_id": goal_id,
            "name": name,
            "unit": unit,
            "direction": direction,
            "position": _next_position(store, "indicator", "goal_id", goal_id),
        },
    )


def create_indicator(
    store: Store, goal_id: int, name: str, unit: str = "", direction: str = "none"
) -> Written:
    """Add an indicator to a goal with its unit and the direction wanted."""
    with store.transaction(f"Ny indikator {name.strip()[:40]}") as tx:
        return Written(tx.changeset_id, insert_indicator(tx, goal_id, name, unit, direction))


# --------------------------------------------------------------------------- ensure
# A structure file describes what should exist: each ensure_* finds the row the file
# names (a unit or nämnd by its code, anything else by its name in its place, in any
# case) or adds it through insert_*. A row found with another name, place or kind is
# refused, naming both, rather than changed: the file never renames or moves by surprise.


@dataclass(frozen=True)
class Placed:
    """The row a structure line stands for: its id, whether it was added, and a note."""

    row_id: int
    created: bool
    note: str | None = None


def _differs(stored: Any, wanted: Any) -> bool:
    """A value the file gives (None: left empty) that is not the stored one, in any case."""
    return wanted is not None and _fold(str(stored or "")) != _fold(str(wanted))


def ensure_committee(tx: Tx, name: str, code: str | None) -> Placed:
    """The nämnd with the code (else, without a code, the name), or a new one."""
    name = _text(name, "en nämnd måste ha ett namn")
    code = _code(code)
    for other_id, other_name, other_code in tx.conn.execute(
        "SELECT id, name, code FROM unit WHERE kind = 'namnd' ORDER BY position, id"
    ).fetchall():
        same_code = code is not None and _fold(other_code) == _fold(code)
        if same_code and _fold(other_name) != _fold(name):
            raise RuleError(
                f"koden »{code}« har nämnden »{other_name}«, inte »{name}«; "
                "byt namn med ksui rename committee"
            )
        if same_code or (code is None and _fold(other_name) == _fold(name)):
            return Placed(int(other_id), False)
    return Placed(insert_committee(tx, name, code), True)


def ensure_unit(
    tx: Tx, parent_id: int, name: str, kind: str | None = None, code: str | None = None
) -> Placed:
    """The unit with the code in the parent's nämnd (without a code: the parent's child of
    that name), or a new one; one found under another parent, with another name or of
    another kind is refused."""
    from ksui.core.models import UNIT_KIND_LABELS

    store = tx.store
    name = _text(name, "en enhet måste ha ett namn")
    code = _code(code)
    committee = _committee_of(store, parent_id)
    found: dict[str, Any] | None = None
    if code is not None and committee is not None:
        found = _unit_by_code(store, committee, code)
        if found is not None and found["kind"] == "namnd":
            raise RuleError(f"koden »{code}« är nämnden »{found['name']}«s egen", "code")
        if found is not None and _fold(found["name"]) != _fold(name):
            raise RuleError(
                f"koden »{code}« har enheten »{found['name']}«, inte »{name}«; "
                "byt namn med ksui rename unit"
            )
    elif code is None:
        for sibling_id, sibling in store.conn.execute(
            "SELECT id, name FROM unit WHERE parent_id = ? ORDER BY position, id", (parent_id,)
        ).fetchall():
            if _fold(sibling) == _fold(name):
                found = _row(store, "unit", int(sibling_id))
    if found is None:
        new_id, note = insert_unit(tx, parent_id, name, kind, code)
        return Placed(new_id, True, note)
    if found["parent_id"] != parent_id:
        now = _row(store, "unit", found["parent_id"]) or {"name": "?"}
        there = _row(store, "unit", parent_id) or {"name": "?"}
        raise RuleError(
            f"enheten {_unit_label(found)} ligger under »{now['name']}«, inte under "
            f"»{there['name']}«; flytta den med ksui move unit",
            "parent",
        )
    if kind is not None and kind != found["kind"]:
        labels = UNIT_KIND_LABELS
        raise RuleError(
            f"enheten {_unit_label(found)} är {labels.get(found['kind'], found['kind']).lower()}"
            f", inte {labels.get(kind, kind).lower()}",
            "kind",
        )
    return Placed(int(found["id"]), False)


def ensure_category(tx: Tx, committee_id: int, name: str, kind: str | None = None) -> Placed:
    """The nämnd's category of that name, or a new one (of ``kind``, else namnd)."""
    name = _text(name, "en investeringskategori måste ha ett namn")
    found = _named(
        tx.store,
        name,
        "SELECT id, name, kind FROM investment_category WHERE committee_id = ?",
        (committee_id,),
    )
    if found is None:
        return Placed(insert_category(tx, committee_id, name, kind or "namnd"), True)
    if _differs(found[2], kind):
        raise RuleError(f"kategorin »{found[1]}« är av sorten {found[2]}, inte {kind}", "kind")
    return Placed(int(found[0]), False)


def ensure_project(
    tx: Tx,
    category_id: int,
    name: str,
    *,
    responsible: str | None = None,
    year: int | None = None,
    code: str | None = None,
) -> Placed:
    """The nämnd's project of that name, or a new one in the category; one found in
    another category, with another responsible or another code is refused, and a code
    another project has too. A project found without a code gets the one given (the
    finance system's name for it is added, never changed)."""
    name = _text(name, "ett projekt måste ha ett namn")
    responsible = _code(responsible, "responsible")
    code = _code(code)
    committee = _category_committee(tx.store, category_id)
    if code is not None and committee is not None:
        owner = project_by_code(tx.store, committee, code)
        if owner is not None and _fold(owner["name"]) != _fold(name):
            raise RuleError(
                f"koden »{code}« har projektet »{owner['name']}«, inte »{name}«; "
                "byt namn med ksui rename project",
                "code",
            )
    found = _named(
        tx.store,
        name,
        "SELECT p.id, p.name, c.name, p.category_id, p.responsible, p.code"
        " FROM investment_project p JOIN investment_category c ON c.id = p.category_id"
        " WHERE c.committee_id = (SELECT committee_id FROM investment_category WHERE id = ?)",
        (category_id,),
    )
    if found is None:
        pid = insert_project(tx, category_id, name, responsible=responsible, year=year, code=code)
        return Placed(pid, True)
    if found[3] != category_id:
        there = _row(tx.store, "investment_category", category_id) or {"name": "?"}
        raise RuleError(
            f"projektet »{found[1]}« hör till kategorin »{found[2]}«, inte »{there['name']}«",
            "parent",
        )
    if _differs(found[4], responsible):
        raise RuleError(
            f"projektet »{found[1]}« har ansvarig »{found[4] or ''}«, inte »{responsible}«",
            "responsible",
        )
    if found[5] is not None and _differs(found[5], code):
        raise RuleError(
            f"projektet »{found[1]}« har koden »{found[5]}«, inte »{code}«; "
            "ändra den med ksui rename project --code",
            "code",
        )
    if code is not None and found[5] is None:
        apply_project_code(tx, int(found[0]), code)
        return Placed(int(found[0]), False, f"projektet »{found[1]}« fick koden »{code}«")
    return Placed(int(found[0]), False)


def ensure_area(tx: Tx, committee_id: int, name: str) -> Placed:
    """The nämnd's KF-mål area of that name, or a new one."""
    name = _text(name, "ett målområde måste ha ett namn")
    found = _named(
        tx.store,
        name,
        "SELECT id, name FROM goal_area WHERE committee_id = ?",
        (committee_id,),
    )
    if found is None:
        return Placed(insert_area(tx, committee_id, name), True)
    return Placed(int(found[0]), False)


def ensure_goal(tx: Tx, area_id: int, title: str, number: int | None = None) -> Placed:
    """The area's goal with that title, or a new one; one found with another number is
    refused (a number taken by another goal is refused by ``insert_goal``)."""
    title = _text(title, "ett mål måste ha en titel")
    found = _named(
        tx.store, title, "SELECT id, title, number FROM goal WHERE area_id = ?", (area_id,)
    )
    if found is None:
        return Placed(insert_goal(tx, area_id, title, number), True)
    if number is not None and found[2] != number:
        raise RuleError(f"målet »{found[1]}« har nr {found[2]}, inte {number}", "number")
    return Placed(int(found[0]), False)


def ensure_indicator(
    tx: Tx,
    goal_id: int,
    name: str,
    unit: str | None = None,
    direction: str | None = None,
    *,
    unit_refusal: str | None = None,
) -> Placed:
    """The goal's indicator of that name, or a new one; one found with another unit or
    direction is refused. ``unit_refusal`` says why ``unit`` cannot be a new indicator's
    (a unit outside the fixed list still matches an indicator that already has it)."""
    name = _text(name, "en indikator måste ha ett namn")
    found = _named(
        tx.store,
        name,
        "SELECT id, name, unit, direction FROM indicator WHERE goal_id = ?",
        (goal_id,),
    )
    if found is None:
        if unit_refusal is not None:
            raise RuleError(unit_refusal, "kind")
        return Placed(insert_indicator(tx, goal_id, name, unit or "", direction or "none"), True)
    if _differs(found[2], unit):
        raise RuleError(f"indikatorn »{found[1]}« har enheten »{found[2]}«, inte »{unit}«", "kind")
    if _differs(found[3], direction):
        raise RuleError(
            f"indikatorn »{found[1]}« har riktningen {found[3]}, inte {direction}", "direction"
        )
    return Placed(int(found[0]), False)


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
