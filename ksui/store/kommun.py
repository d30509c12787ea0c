"""Reading and writing the kommun's own lines and balanskrav adjustments, audited.

Each write is one change set through the store's one transaction path, so `ksui undo`
takes it back and a locked follow-up refuses it (the lock guard knows both tables); a
figure written as it already stands writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Mapping

from ksui.core.kommun import (
    ADJUSTMENT_KINDS,
    LINE_KINDS,
    MEASURE_WORDS,
    MEASURES,
    AdjustmentEntry,
    KommunEntries,
    LineEntry,
)
from ksui.core.periods import BY_CODE
from ksui.store.db import Store
from ksui.store.errors import StoreError

LINES = "kommun_line"
ADJUSTMENTS = "balance_adjustment"


def entries(store: Store, committee_id: int, year: int) -> KommunEntries:
    """Every kommun line and adjustment of the kommun's year, every follow-up."""
    lines = store.conn.execute(
        "SELECT name, kind, period, budget, forecast, actual, position FROM kommun_line"
        " WHERE committee_id = ? AND year = ? ORDER BY position, name",
        (committee_id, year),
    ).fetchall()
    adjustments = store.conn.execute(
        "SELECT name, kind, period, amount, position FROM balance_adjustment"
        " WHERE committee_id = ? AND year = ? ORDER BY position, name",
        (committee_id, year),
    ).fetchall()
    return KommunEntries(
        tuple(
            LineEntry(str(r[0]), str(r[1]), str(r[2]), r[3], r[4], r[5], int(r[6])) for r in lines
        ),
        tuple(
            AdjustmentEntry(str(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4]))
            for r in adjustments
        ),
    )


def _label(year: int, period: str) -> str:
    """»bokslut 2017« for a change set's description."""
    return f"{BY_CODE[period].label.lower()} {year}" if period in BY_CODE else f"{period} {year}"


def _clean(name: str, what: str) -> str:
    """The name with its spaces tidied; refused when empty."""
    clean = " ".join(name.split())
    if not clean:
        raise StoreError(f"{what} behöver ett namn")
    return clean


def _existing_name(store: Store, table: str, committee_id: int, year: int, name: str) -> str:
    """The name as the year already spells it (any follow-up), else as given: »skatteintäkter«
    and »Skatteintäkter« are one line."""
    for (stored,) in store.conn.execute(
        f"SELECT DISTINCT name FROM [{table}] WHERE committee_id = ? AND year = ?",
        (committee_id, year),
    ):
        if str(stored).casefold() == name.casefold():
            return str(stored)
    return name


def _position(store: Store, table: str, committee_id: int, year: int, name: str) -> int:
    """The line's place: the one it has in the year already, else after every other."""
    row = store.conn.execute(
        f"SELECT min(position) FROM [{table}] WHERE committee_id = ? AND year = ? AND name = ?",
        (committee_id, year, name),
    ).fetchone()
    if row and row[0] is not None:
        return int(row[0])
    row = store.conn.execute(
        f"SELECT coalesce(max(position), -1) + 1 FROM [{table}]"
        " WHERE committee_id = ? AND year = ?",
        (committee_id, year),
    ).fetchone()
    return int(row[0])


def set_line(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    name: str,
    measure: str,
    amount: int | None,
    *,
    kind: str,
    reason: str | None = None,
) -> int | None:
    """Write one measure of a kommun line at a follow-up (None clears it); the change set's
    id, None when unchanged. A line left with no measure at the follow-up is removed."""
    if measure not in MEASURES:
        raise StoreError(f"okänt mått »{measure}«; använd budget, prognos eller utfall")
    if kind not in LINE_KINDS:
        raise StoreError(f"okänd typ av kommunrad »{kind}«")
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    name = _existing_name(store, LINES, committee_id, year, _clean(name, "en kommunrad"))
    key = {"committee_id": committee_id, "year": year, "period": period, "name": name}
    what = f"Kommunrad {_label(year, period)}: {name}, {MEASURE_WORDS[measure]}"
    with store.transaction(what, reason) as tx:
        existing = tx.get(LINES, key)
        if amount is None:
            if existing is None or existing[measure] is None:
                raise StoreError(
                    f"kommunraden »{name}« har ingen {MEASURE_WORDS[measure]} vid"
                    f" {_label(year, period)}"
                )
            if all(existing[m] is None for m in MEASURES if m != measure):
                tx.delete(LINES, key)
            else:
                tx.upsert(LINES, key, {measure: None})
            return tx.changeset_id
        values: dict[str, object] = {measure: amount}
        if existing is None:
            values = {
                "kind": kind,
                **values,
                "position": _position(store, LINES, committee_id, year, name),
            }
        tx.upsert(LINES, key, values)
        return tx.changeset_id if tx.changes else None


def remove_line(
    store: Store, committee_id: int, year: int, period: str, name: str, *, reason: str | None = None
) -> int:
    """Remove a kommun line at one follow-up, every measure; the change set's id."""
    name = _existing_name(store, LINES, committee_id, year, _clean(name, "en kommunrad"))
    key = {"committee_id": committee_id, "year": year, "period": period, "name": name}
    with store.transaction(f"Tog bort kommunrad {_label(year, period)}: {name}", reason) as tx:
        if not tx.delete(LINES, key):
            raise StoreError(f"det finns ingen kommunrad »{name}« vid {_label(year, period)}")
        return tx.changeset_id


def set_adjustment(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    name: str,
    amount: int | None,
    *,
    kind: str,
    reason: str | None = None,
) -> int | None:
    """Write one balanskrav adjustment (None removes it); the change set's id, None when
    unchanged."""
    if kind not in ADJUSTMENT_KINDS:
        raise StoreError(f"okänd typ av balanskravsjustering »{kind}«; använd justering eller rur")
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    name = _existing_name(
        store, ADJUSTMENTS, committee_id, year, _clean(name, "en balanskravsjustering")
    )
    key = {"committee_id": committee_id, "year": year, "period": period, "name": name}
    with store.transaction(f"Balanskravsutredning {_label(year, period)}: {name}", reason) as tx:
        existing = tx.get(ADJUSTMENTS, key)
        if amount is None:
            if existing is None:
                raise StoreError(
                    f"balanskravsutredningen {_label(year, period)} har ingen rad »{name}«"
                )
            tx.delete(ADJUSTMENTS, key)
            return tx.changeset_id
        values: dict[str, object] = {"kind": kind, "amount": amount}
        if existing is None:
            values["position"] = _position(store, ADJUSTMENTS, committee_id, year, name)
        tx.upsert(ADJUSTMENTS, key, values)
        return tx.changeset_id if tx.changes else None


def set_lines(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    lines: Mapping[str, tuple[str, Mapping[str, int]]],
    *,
    description: str,
    reason: str | None = None,
) -> int | None:
    """Write several lines' measures at one follow-up in one change set (an import): name →
    (kind, measure → öre). Measures not given are left as they stand; an unchanged figure
    writes nothing. The change set's id, None when nothing changed."""
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    with store.transaction(description, reason) as tx:
        for typed, (kind, values) in lines.items():
            if kind not in LINE_KINDS:
                raise StoreError(f"okänd typ av kommunrad »{kind}«")
            unknown = [m for m in values if m not in MEASURES]
            if unknown:
                raise StoreError(f"okänt mått »{unknown[0]}«")
            name = _existing_name(store, LINES, committee_id, year, _clean(typed, "en kommunrad"))
            key = {"committee_id": committee_id, "year": year, "period": period, "name": name}
            row: dict[str, object] = dict(values)
            if tx.get(LINES, key) is None:
                row = {
                    "kind": kind,
                    **row,
                    "position": _position(store, LINES, committee_id, year, name),
                }
            tx.upsert(LINES, key, row)
        return tx.changeset_id if tx.changes else None
