"""Where a consolidated nämnd came from, and which kommun a file consolidates, on their own.

The TUI asks whether a file is a kommun's (``consolidated_kommun``) in its forked reader
before anything else, and unpickles ``Provenance`` with a kommun's totals before its first
frame: defined here rather than in ``ksui.store.consolidate`` (the consolidation itself,
with its undo log and writes), neither costs a nämnd's start that module's import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ksui.core.models import Unit
from ksui.core.records import record

if TYPE_CHECKING:
    from ksui.store.db import Store


@record
class Provenance:
    """Where a consolidated nämnd came from: its own file, that file's last change set, when."""

    committee_id: int
    source_path: str
    source_changeset: int | None
    consolidated_at: str


def consolidated_kommun(store: Store) -> Unit | None:
    """The kommun above the nämnder a consolidation brought in; None in a file without one
    (a nämnd's own file has a kommun unit too, above itself alone)."""
    row = store.conn.execute(
        "SELECT k.id, k.parent_id, k.kind, k.name, k.code, k.position FROM unit k"
        " WHERE k.kind = 'kommun' AND EXISTS (SELECT 1 FROM unit n JOIN consolidation c"
        " ON c.committee_id = n.id WHERE n.parent_id = k.id) ORDER BY k.position, k.id"
    ).fetchone()
    return None if row is None else Unit(*row)


def provenance(store: Store, kommun_id: int) -> dict[int, Provenance]:
    """Each consolidated nämnd below the kommun by its id, with where it came from."""
    return {
        int(row[0]): Provenance(int(row[0]), str(row[1]), row[2], str(row[3]))
        for row in store.conn.execute(
            "SELECT c.committee_id, c.source_path, c.source_changeset, c.consolidated_at"
            " FROM consolidation c JOIN unit n ON n.id = c.committee_id WHERE n.parent_id = ?",
            (kommun_id,),
        )
    }
