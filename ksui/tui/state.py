"""Small records the app and its screens share: what changed, and what can be undone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ksui.core.periods import BY_CODE
from ksui.core.records import record
from ksui.render.cells import clean

if TYPE_CHECKING:
    from ksui.core.report import ReportData
    from ksui.tui.analysis import Analysis

ALL = frozenset({"all"})


@record
class Repaint:
    """What changed at ``version`` of the report: parts such as 'figures' or 'comments'."""

    version: int
    parts: frozenset[str] = ALL


@record
class Done:
    """A change set on the undo (or redo) stack, with the words the controller saw."""

    changeset_id: int
    description: str


def context_line(data: ReportData, unit: str) -> str:
    """Where the controller is: 'Kommunstyrelsen · 2017 · Bokslut · tkr'."""
    name = clean(data.committee.name, 80)
    return f"{name} · {data.year} · {BY_CODE[data.period].label} · {unit}"


#: The top bar's mark for a signed-off follow-up (``ksui lock``); ASCII where it cannot show.
LOCKED = "🔒 Låst"
LOCKED_ASCII = "[L] Låst"


def status_line(analysis: Analysis | None, undoable: int, locked: bool = False) -> str:
    """What needs attention: findings of the checks, whether the follow-up is locked, and
    how many edits can be undone (in that order of priority, for a narrow top bar)."""
    parts = []
    if analysis is not None:
        if analysis.errors:
            parts.append(f"✖ {analysis.errors} fel")
        if analysis.warnings:
            noun = "varning" if analysis.warnings == 1 else "varningar"
            parts.append(f"! {analysis.warnings} {noun}")
        if not analysis.findings:
            parts.append("✓ kontrollerna stämmer")
    if locked:
        parts.append(LOCKED)
    if undoable:
        parts.append(f"↶ {undoable}")
    return " · ".join(parts)
