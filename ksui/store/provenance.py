"""``Provenance``: where a consolidated nämnd came from, on its own.

The TUI unpickles it with a kommun's totals before its first frame: defined here rather
than in ``ksui.store.consolidate``, receiving it does not import the consolidation itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provenance:
    """Where a consolidated nämnd came from: its own file, that file's last change set, when."""

    committee_id: int
    source_path: str
    source_changeset: int | None
    consolidated_at: str
