"""The messages worker threads post to the app: a report read, an edit saved or refused.

Kept apart from the app so that it stays readable; the app re-exports each as
``KsuiApp.EditSaved`` and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ksui.actions import RevertImpact
    from ksui.tui.analysis import Analysis
    from ksui.tui.edits import Edit
    from ksui.tui.gateway import Loaded, RevertJob


@dataclass(eq=False, repr=False)
class ReportLoaded(Message):
    """A report was read from the database (at start, or after a new selection)."""

    loaded: Loaded
    request: int = 0


@dataclass(eq=False, repr=False)
class LoadFailed(Message):
    """The database could not be read; the reason is for the controller."""

    reason: str


@dataclass(eq=False, repr=False)
class EditSaved(Message):
    """An edit was written; ``loaded`` is the report read again when it needed that, and
    ``note`` what the user should know about a write that went through (one line)."""

    edit: Edit
    changeset_id: int | None
    loaded: Loaded | None
    note: str | None = None


@dataclass(eq=False, repr=False)
class EditRefused(Message):
    """An edit was not written (a stale value, a locked period, a duplicate name).

    ``stale`` says that someone else changed the value since the screen showed it; the
    report has been read again (``loaded``) so the screen shows what the file holds now.
    """

    edit: Edit
    reason: str
    loaded: Loaded | None
    stale: bool = False


@dataclass(eq=False, repr=False)
class Reverted(Message):
    """An undo or redo was written and the report read again."""

    kind: str
    description: str
    changeset_id: int | None
    loaded: Loaded | None
    reason: str | None = None


@dataclass(eq=False, repr=False)
class RevertNeedsConfirmation(Message):
    """An undo would remove units or many figures: nothing was written, the controller is asked."""

    job: RevertJob
    impact: RevertImpact


@dataclass(eq=False, repr=False)
class Analysed(Message):
    """Summary, narrative and checks are ready for a version of the report."""

    analysis: Analysis


@dataclass(eq=False, repr=False)
class Exported(Message):
    """The report was written as Markdown (or could not be)."""

    path: Path | None
    reason: str | None = None
