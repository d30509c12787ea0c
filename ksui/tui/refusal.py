"""Why an edit was not saved, in a sentence that names the figure and what it holds now.

Another ksui on the same file may have changed the figure since the screen showed it, or
the follow-up may be locked; the controller reads which figure, why, and the stored value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ksui.core.swedish import format_amount
from ksui.render.audit import value_text
from ksui.render.cells import clean
from ksui.tui.edits import CommentEdit, DriftEdit, InvestmentEdit

if TYPE_CHECKING:
    from ksui.core.report import ReportData
    from ksui.tui.edits import Edit

STALE = (
    "någon annan har ändrat värdet sedan du läste det, så din ändring sparades inte. "
    "Skärmen visar nu det sparade värdet"
)


def refusal(edit: Edit, reason: str, stale: bool, data: ReportData | None, unit: str) -> str:
    """The notification's text: the figure, then why (and, when stale, its value now)."""
    what = edit.describe()
    if not stale:
        return clean(f"{what}: {reason}")
    now = stored(edit, data, unit) if data is not None else None
    return clean(f"{what}: {STALE}" + (f" ({now})." if now else "."))


def stored(edit: Edit, data: ReportData, unit: str) -> str | None:
    """What the file holds now for the edited figure, as the screen would show it."""
    if isinstance(edit, DriftEdit) and (data.year, data.period) == (edit.year, edit.period):
        return "nu " + _amount(data.exact.get((edit.unit_id, edit.measure)), unit)
    if isinstance(edit, CommentEdit) and data.year == edit.year:
        text = data.comment(edit.entity, edit.entity_id, raw=True)
        return "nu " + (value_text("text", text) if text else "ingen kommentar")
    if isinstance(edit, InvestmentEdit) and data.year == edit.year:
        for category in data.categories:
            for project in category.projects:
                if project.id == edit.project_id:
                    return "nu " + _amount(getattr(project, edit.field), unit)
    return None


def _amount(ore: int | None, unit: str) -> str:
    return "ingen siffra" if ore is None else f"{format_amount(ore, unit)} {unit}"
