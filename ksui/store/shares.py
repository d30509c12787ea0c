"""Reading and writing an inriktning's table of shares: one audited change set per edit."""

from __future__ import annotations

from ksui.core.periods import BY_CODE
from ksui.core.shares import Share, ShareValue, share_text
from ksui.store.db import Store
from ksui.store.errors import StoreError

TABLE = "goal_share"

#: An inriktning's text is cut to this in a change set's description.
_ITEM_WIDTH = 40


def for_committee(store: Store, committee_id: int, year: int) -> list[Share]:
    """Every line of shares under the nämnd's goals and areas in the year, each with its
    values at every follow-up of the year, in the report's order."""
    # From the nämnd's areas down (their indexes), so a kommun's file of many nämnder is
    # never scanned whole; CROSS JOIN keeps that order.
    rows = store.conn.execute(
        "SELECT s.item_id, s.label, s.period, s.tenths, s.position FROM goal_area a"
        " CROSS JOIN goal_item i ON i.area_id = a.id"
        " CROSS JOIN goal_share s ON s.item_id = i.id"
        " WHERE a.committee_id = ? AND s.year = ?"
        " UNION ALL "
        "SELECT s.item_id, s.label, s.period, s.tenths, s.position FROM goal_area a"
        " CROSS JOIN goal g ON g.area_id = a.id"
        " CROSS JOIN goal_item i ON i.goal_id = g.id"
        " CROSS JOIN goal_share s ON s.item_id = i.id"
        " WHERE a.committee_id = ? AND s.year = ?"
        " ORDER BY 1, 5, 2",
        (committee_id, year, committee_id, year),
    ).fetchall()
    found: dict[tuple[int, str], Share] = {}
    for item_id, label, period, tenths, position in rows:
        key = (int(item_id), str(label))
        value = ShareValue(year, str(period), int(tenths))
        share = found.get(key)
        if share is None:
            found[key] = Share(key[0], key[1], int(position), (value,))
        else:
            found[key] = Share(key[0], key[1], share.position, (*share.values, value))
    return list(found.values())


def item_name(store: Store, item_id: int) -> str:
    """An inriktning's text as a description names it (cut), or a refusal if it is gone."""
    row = store.conn.execute("SELECT text FROM goal_item WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise StoreError(f"det finns ingen inriktning eller åtgärd nr {item_id}")
    text = " ".join(str(row[0]).split())
    return text if len(text) <= _ITEM_WIDTH else text[: _ITEM_WIDTH - 1] + "…"


def set_share(
    store: Store,
    item_id: int,
    label: str,
    year: int,
    period: str,
    tenths: int | None,
    *,
    reason: str | None = None,
) -> int | None:
    """Write one line's share at one follow-up (None removes it); the change set's id, or
    None when the share was already that (no change set, no audit row).

    A new line goes last; a line the inriktning already has (at any follow-up of the
    year) keeps its place.
    """
    label = " ".join(label.split())
    if not label:
        raise StoreError("en andel behöver en rad att stå på (t.ex. Totalt)")
    if period not in BY_CODE:
        raise StoreError(f"okänd period »{period}«")
    if tenths is not None and not 0 <= tenths <= 1000:
        raise StoreError("en andel ligger mellan 0 och 100 %")
    name = item_name(store, item_id)
    key = {"item_id": item_id, "label": label, "year": year, "period": period}
    when = f"{year} {BY_CODE[period].label.lower()}"
    what = f"Andel {label} för {name}, {when}: " + (
        f"{share_text(tenths)} %" if tenths is not None else "tas bort"
    )
    with store.transaction(what, reason) as tx:
        existing = tx.get(TABLE, key)
        if tenths is None:
            if existing is None:
                raise StoreError(f"{name} har ingen andel »{label}« för {when}")
            tx.delete(TABLE, key)
            return tx.changeset_id
        if existing is not None and existing["tenths"] == tenths:
            return None
        if existing is not None:
            position = int(existing["position"])
        else:
            placed = store.conn.execute(
                "SELECT min(position) FROM goal_share WHERE item_id = ? AND label = ? AND year = ?",
                (item_id, label, year),
            ).fetchone()[0]
            position = (
                int(placed)
                if placed is not None
                else store.conn.execute(
                    "SELECT coalesce(max(position), -1) + 1 FROM goal_share"
                    " WHERE item_id = ? AND year = ?",
                    (item_id, year),
                ).fetchone()[0]
            )
        tx.upsert(TABLE, key, {"tenths": tenths, "position": position})
        return tx.changeset_id if tx.changes else None
