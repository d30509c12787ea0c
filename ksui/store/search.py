"""Full-text search over every text a person wrote: the query against schema 10's index.

The index (``search_doc`` and its external-content FTS5 table ``search_fts``) is kept
current by triggers (db/migrations/0010_search.sql), so nothing here writes. What the user
typed never reaches FTS5's query language: each word is quoted as a prefix term, so
``"``, ``*``, ``AND (`` or ``NEAR(`` are searched as text (or dropped) and never raise.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ksui.store.db import Store
from ksui.store.read import committee_of

#: Private-use marks around a hit in FTS5's snippet; user text never carries them shown.
HIT_START = "\ue000"
HIT_END = "\ue001"
#: Words of a snippet around the hits.
SNIPPET_TOKENS = 14
#: Terms of one query (a pasted paragraph is cut rather than sent whole).
MAX_TERMS = 16
#: Matches read before filtering by nämnd, so the first ``limit`` of a nämnd are found.
SCAN_LIMIT = 2000

#: Letters and digits as FTS5's unicode61 tokenizer sees them; all else separates words.
_WORD = re.compile(r"[^\W_]+")


def match_expression(words: str) -> str | None:
    """An FTS5 query for what the user typed: every word as a quoted prefix, all required.

    None when nothing searchable is left (only punctuation, control characters …).
    """
    text = unicodedata.normalize("NFC", words)
    terms = _WORD.findall(text)[:MAX_TERMS]
    if not terms:
        return None
    # Quoted strings are literal to FTS5 (no operators, no column filters); a word holds
    # no double quote after the regex, and ``*`` after the quote makes it a prefix.
    return " ".join(f'"{term}"*' for term in terms)


@dataclass(frozen=True)
class StoredHit:
    """One text that matched, with what it belongs to, as the store can tell it."""

    doc_id: int
    source: str  # the table the text lives in: comment, goal, goal_area, goal_item …
    owner: str  # what it is about: a comment's entity, goal, goal_item, unit, changeset
    owner_id: int
    field: str
    year: int | None
    period: str | None
    rank: float
    #: The snippet as (text, is_hit) pieces, in order.
    segments: tuple[tuple[str, bool], ...]
    committee_id: int | None = None
    committee: str | None = None
    #: The row a screen shows: unit, project, goal …, as (kind, id, name).
    row_kind: str | None = None
    row_id: int | None = None
    row_name: str | None = None
    #: A goal's number, an item's kind (action/direction), a change set's description.
    detail: str | None = None
    extra: dict[str, object] = dataclasses.field(default_factory=dict)


def split_snippet(snippet: str) -> tuple[tuple[str, bool], ...]:
    """The snippet's text as (piece, is_hit) pairs, the marks taken out."""
    pieces: list[tuple[str, bool]] = []
    for chunk in re.split(f"({HIT_START}[^{HIT_END}]*{HIT_END})", snippet):
        if not chunk:
            continue
        if chunk.startswith(HIT_START) and chunk.endswith(HIT_END):
            pieces.append((chunk[1:-1], True))
        else:
            pieces.append((chunk.replace(HIT_START, "").replace(HIT_END, ""), False))
    return tuple(pieces)


def search(
    store: Store, words: str, *, committee_id: int | None = None, limit: int = 50
) -> list[StoredHit]:
    """The best ``limit`` matches (bm25, best first), in one nämnd when given.

    An empty or unsearchable query finds nothing; it never raises on what was typed.
    """
    expression = match_expression(words)
    if expression is None or limit <= 0:
        return []
    try:
        rows = store.conn.execute(
            "SELECT d.id, d.source, d.owner, d.owner_id, d.field, d.year, d.period,"
            " bm25(search_fts) AS score,"
            " snippet(search_fts, 0, ?, ?, '…', ?)"
            " FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid"
            " WHERE search_fts MATCH ? ORDER BY score, d.id LIMIT ?",
            (HIT_START, HIT_END, SNIPPET_TOKENS, expression, SCAN_LIMIT),
        ).fetchall()
    except sqlite3.OperationalError:
        # Only a term FTS5 still could not parse lands here; treat it as no match.
        return []
    hits: list[StoredHit] = []
    names: dict[int, str | None] = {}
    for doc_id, source, owner, owner_id, fld, year, period, score, snippet in rows:
        hit = _locate(
            store,
            StoredHit(
                doc_id=doc_id,
                source=source,
                owner=owner,
                owner_id=owner_id,
                field=fld,
                year=year or None,
                period=period or None,
                rank=float(score),
                segments=split_snippet(snippet or ""),
            ),
        )
        if committee_id is not None and hit.committee_id != committee_id:
            continue
        if hit.committee_id is not None and hit.committee_id not in names:
            names[hit.committee_id] = _unit_name(store, hit.committee_id)
        hits.append(_with(hit, committee=names.get(hit.committee_id or -1)))
        if len(hits) >= limit:
            break
    return hits


def index_size(store: Store) -> int:
    """How many texts the index holds (for tests and `ksui search`'s empty answer)."""
    return int(store.conn.execute("SELECT count(*) FROM search_doc").fetchone()[0])


# -- where a text belongs ----------------------------------------------------------------------
def _with(hit: StoredHit, **changes: object) -> StoredHit:
    values = {**hit.__dict__, **changes}
    return StoredHit(**values)


def _one(store: Store, sql: str, params: tuple[object, ...]) -> tuple[object, ...] | None:
    row = store.conn.execute(sql, params).fetchone()
    return None if row is None else tuple(row)


def _unit_name(store: Store, unit_id: int) -> str | None:
    row = _one(store, "SELECT name FROM unit WHERE id = ?", (unit_id,))
    return None if row is None else str(row[0])


def _unit(store: Store, hit: StoredHit, unit_id: int) -> StoredHit:
    return _with(
        hit,
        committee_id=committee_of(store, unit_id),
        row_kind="unit",
        row_id=unit_id,
        row_name=_unit_name(store, unit_id),
    )


def _area(store: Store, hit: StoredHit, area_id: int) -> StoredHit:
    row = _one(store, "SELECT committee_id, name FROM goal_area WHERE id = ?", (area_id,))
    if row is None:
        return hit
    return _with(
        hit, committee_id=row[0], row_kind="goal_area", row_id=area_id, row_name=str(row[1])
    )


def _goal(store: Store, hit: StoredHit, goal_id: int) -> StoredHit:
    row = _one(
        store,
        "SELECT a.committee_id, g.title, g.number FROM goal g JOIN goal_area a"
        " ON a.id = g.area_id WHERE g.id = ?",
        (goal_id,),
    )
    if row is None:
        return hit
    return _with(
        hit,
        committee_id=row[0],
        row_kind="goal",
        row_id=goal_id,
        row_name=str(row[1]),
        extra={**hit.extra, "number": row[2]},
    )


def _goal_item(store: Store, hit: StoredHit, item_id: int) -> StoredHit:
    row = _one(store, "SELECT goal_id, area_id, kind FROM goal_item WHERE id = ?", (item_id,))
    if row is None:
        return hit
    goal_id, area_id, kind = row
    hit = _with(hit, detail=str(kind))
    if goal_id is not None:
        return _goal(store, hit, int(str(goal_id)))
    return _area(store, hit, int(str(area_id)))


def _project(store: Store, hit: StoredHit, project_id: int) -> StoredHit:
    row = _one(
        store,
        "SELECT c.committee_id, p.name FROM investment_project p JOIN investment_category c"
        " ON c.id = p.category_id WHERE p.id = ?",
        (project_id,),
    )
    if row is None:
        return hit
    return _with(
        hit,
        committee_id=row[0],
        row_kind="investment_project",
        row_id=project_id,
        row_name=str(row[1]),
    )


def _category(store: Store, hit: StoredHit, category_id: int) -> StoredHit:
    row = _one(
        store, "SELECT committee_id, name FROM investment_category WHERE id = ?", (category_id,)
    )
    if row is None:
        return hit
    return _with(
        hit,
        committee_id=row[0],
        row_kind="investment_category",
        row_id=category_id,
        row_name=str(row[1]),
    )


def _indicator(store: Store, hit: StoredHit, indicator_id: int) -> StoredHit:
    row = _one(store, "SELECT goal_id, name FROM indicator WHERE id = ?", (indicator_id,))
    if row is None:
        return hit
    return _with(_goal(store, hit, int(str(row[0]))), detail=str(row[1]))


def _changeset(store: Store, hit: StoredHit, changeset_id: int) -> StoredHit:
    """A change's reason belongs to the first unit its rows name (else to no row)."""
    row = _one(store, "SELECT description FROM changeset WHERE id = ?", (changeset_id,))
    hit = _with(hit, detail=None if row is None else str(row[0]), row_kind="changeset")
    hit = _with(hit, row_id=changeset_id)
    for table, key in store.conn.execute(
        "SELECT table_name, row_key FROM audit WHERE changeset_id = ? ORDER BY id LIMIT 50",
        (changeset_id,),
    ):
        try:
            values = json.loads(key)
        except ValueError:
            continue
        owner, owner_id = _row_owner(table, values)
        locate = _LOCATORS.get(owner or "")
        if locate is None or not isinstance(owner_id, int):
            continue
        committee = locate(store, hit, owner_id).committee_id
        if committee is not None:
            return _with(hit, committee_id=committee)
    return hit


def _row_owner(table: str, key: dict[str, object]) -> tuple[str | None, object]:
    """The row an audited row belongs to, as (locator kind, id): a comment's entity …"""
    if table == "comment":
        return str(key.get("entity")), key.get("entity_id")
    if table in _LOCATORS and "id" in key:
        return table, key.get("id")
    if "project_id" in key:
        return "investment_project", key.get("project_id")
    for column in ("unit_id", "committee_id"):
        if column in key:
            return "unit", key.get(column)
    if "goal_id" in key:
        return "goal", key.get("goal_id")
    return None, None


def _locate(store: Store, hit: StoredHit) -> StoredHit:
    """The nämnd and the row (unit, goal, project …) a matched text belongs to."""
    owner, owner_id = hit.owner, hit.owner_id
    if hit.source == "changeset":
        return _changeset(store, hit, owner_id)
    locate = _LOCATORS.get(owner)
    return hit if locate is None else locate(store, hit, owner_id)


#: Per kind of row (a comment's entity or a table), how to find its nämnd and name.
_LOCATORS: dict[str, Callable[[Store, StoredHit, int], StoredHit]] = {
    "unit": _unit,
    "future": _unit,
    "internal_control": _unit,
    "goal_area": _area,
    "goal": _goal,
    "goal_item": _goal_item,
    "investment_project": _project,
    "investment_category": _category,
    "indicator": _indicator,
}


__all__ = ["StoredHit", "index_size", "match_expression", "search", "split_snippet"]
