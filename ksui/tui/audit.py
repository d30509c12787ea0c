"""What the Ändringslogg shows: change sets newest first, each in the CLI's words.

Read on a worker thread through the gateway, by ``ksui log``'s own query
(``ksui.actions.history.audit_log``). An import can hold a hundred thousand audited
fields, so each change set brings only its first fields and a count of the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ksui.core.periods import BY_CODE
from ksui.render.audit import when

if TYPE_CHECKING:
    from ksui.actions import ChangeSet
    from ksui.actions.audit_words import ChangeWords
    from ksui.store import Store

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
    #: What it did, in words (``ChangeSet.title``).
    description: str
    reason: str | None
    undoes: int | None
    lines: tuple[str, ...]
    more: int  # fields not in ``lines``
    #: The fields of ``lines`` as parts (place, field, old, new, whole texts), for a detail.
    words: tuple[ChangeWords, ...] = ()

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
    from ksui.actions import history

    # One more than a page: whether it came says if "visa fler" has anything to show.
    found = history.audit_log(
        store,
        user=query.user,
        unit_id=query.unit_id,
        year=query.year,
        period=query.period,
        limit=query.limit + 1,
        fields=FIELDS,
    )
    entries = tuple(_entry(changeset) for changeset in found[: query.limit])
    users = tuple(history.audit_users(store))
    return AuditPage(query, entries, users, len(found) > query.limit)


def _entry(changeset: ChangeSet) -> AuditEntry:
    """A change set in the CLI's words (``ksui log`` writes each field with the same line)."""
    return AuditEntry(
        id=changeset.id,
        at=when(changeset.at),
        user=changeset.user,
        description=changeset.title or changeset.description,
        reason=changeset.reason or None,
        undoes=changeset.undoes,
        lines=tuple(w.line for w in changeset.words),
        more=changeset.field_count - len(changeset.changes),
        words=changeset.words,
    )
