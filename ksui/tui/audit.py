"""What the Ändringslogg shows: change sets newest first, each in the CLI's words.

Read on a worker thread through the gateway. An import can hold a hundred thousand audited
fields, so each change set brings only its first fields and a count of the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ksui.core.periods import BY_CODE
from ksui.render.audit import change_line, when

if TYPE_CHECKING:
    from ksui.store import Change, Store

PAGE = 200  # change sets per page; "visa fler" asks for one more page
FIELDS = 40  # fields listed per change set


@dataclass(frozen=True)
class AuditQuery:
    """Which change sets to list: how many, and the filters that are switched on."""

    limit: int = PAGE
    user: str | None = None
    unit_id: int | None = None
    unit_name: str = ""
    year: int | None = None
    period: str | None = None

    def more(self) -> AuditQuery:
        """The same filters, one more page."""
        return replace(self, limit=self.limit + PAGE)

    def describe(self) -> str:
        """The filters in words: 'Ekonomi · Bokslut 2017 · av anna'."""
        parts = []
        if self.unit_id is not None:
            parts.append(self.unit_name or f"enhet {self.unit_id}")
        if self.period is not None:
            parts.append(f"{BY_CODE[self.period].label} {self.year}")
        if self.user is not None:
            parts.append(f"av {self.user}")
        return " · ".join(parts) or "alla ändringar"


@dataclass(frozen=True)
class AuditEntry:
    """One change set: nr, när, vem, vad och varför, and its fields old → new."""

    id: int
    at: str
    user: str
    description: str
    reason: str | None
    undoes: int | None
    lines: tuple[str, ...]
    more: int  # fields not in ``lines``

    @property
    def first(self) -> str:
        """The first field, with how many follow: for the one-line list."""
        if not self.lines:
            return "–"
        rest = len(self.lines) - 1 + self.more
        return self.lines[0] + (f"  (+{rest} fält)" if rest else "")


@dataclass(frozen=True)
class AuditPage:
    """The change sets read for a query, the people in the log, and whether there is more."""

    query: AuditQuery
    entries: tuple[AuditEntry, ...]
    users: tuple[str, ...]
    has_more: bool


def read_audit(store: Store, query: AuditQuery) -> AuditPage:
    """The change sets a query asks for, newest first, with their first fields in words."""
    from ksui.store import read

    rows = store.changesets(
        query.limit + 1,
        user=query.user,
        unit_id=query.unit_id,
        year=query.year,
        period=query.period,
    )
    names = {u.id: u.name for u in read.units(store)}
    entries = tuple(_entry(store, row, names) for row in rows[: query.limit])
    users = tuple(
        r[0] for r in store.conn.execute("SELECT DISTINCT user FROM changeset ORDER BY user")
    )
    return AuditPage(query, entries, users, len(rows) > query.limit)


def _entry(store: Store, row: dict[str, Any], names: dict[int, str]) -> AuditEntry:
    changeset = int(row["id"])
    changes, total = _head(store, row, FIELDS)
    return AuditEntry(
        id=changeset,
        at=when(str(row["at"])),
        user=str(row["user"]),
        description=str(row["description"]),
        reason=row["reason"] if isinstance(row["reason"], str) and row["reason"] else None,
        undoes=row["undoes"] if isinstance(row["undoes"], int) else None,
        lines=tuple(change_line(c, names) for c in changes),
        more=total - len(changes),
    )


def _head(store: Store, row: dict[str, Any], limit: int) -> tuple[list[Change], int]:
    """The first fields of a change set (changed values, else the bare rows) and their count.

    Like ``Store.changes`` but bounded, so a whole import is never read into memory.
    """
    from ksui.store import Change

    for test in ("field != '*'", "field = '*'"):
        total = store.conn.execute(
            f"SELECT count(*) FROM audit WHERE changeset_id = ? AND {test}", (row["id"],)
        ).fetchone()[0]
        if not total:
            continue
        found = store.conn.execute(
            "SELECT table_name, row_key, field, old_value, new_value FROM audit"
            f" WHERE changeset_id = ? AND {test} ORDER BY id LIMIT ?",
            (row["id"], limit),
        ).fetchall()
        changes = [
            Change(
                int(row["id"]),
                str(row["at"]),
                str(row["user"]),
                str(row["description"]),
                row["reason"],
                table,
                json.loads(key),
                field,
                _decode(old),
                _decode(new),
            )
            for table, key, field, old, new in found
        ]
        return changes, int(total)
    return [], 0


def _decode(text: str | None) -> object:
    """Audit values are stored as JSON (None stays None)."""
    return None if text is None else json.loads(text)
