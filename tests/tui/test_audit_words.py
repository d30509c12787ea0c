"""The Ändringslogg in Swedish: rows by their names, Swedish words for every field and value,
a changed text word for word (Enter), and the width given to »Vad och varför« at 80 columns."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Static

from ksui.actions import edits, structure
from ksui.core.models import Assessment
from ksui.store import Store
from ksui.tui.dialogs import LongTextDialog
from ksui.tui.dialogs.audit import AuditChangeDialog, AuditDialog
from ksui.tui.widgets.figure_table import FigureTable
from tests.tui.conftest import AppFactory, put_cursor, settle, text_of

GOAL = "Människors upplevda trygghet ska öka."
#: Table and column names and stored codes that must never reach the reader.
INTERNAL = re.compile(
    r"\b(unit|goal|area|parent_id|entity|namnd|kind|None|comment|assessment|drift_figure)\b"
)


def _prepare(path: Path) -> None:
    """A unit move and a lägesbedömning, written as another ksui on the same file would."""
    store = Store(path)
    try:
        ids = {name: uid for uid, name in store.conn.execute("SELECT id, name FROM unit")}
        stab = structure.add_unit(store, ids["Kommunstyrelsens kontor"], "Stab").row_id
        assert stab is not None
        assert structure.move_unit(store, ids["Ekonomi"], stab).changeset is not None
        goal = store.conn.execute("SELECT id FROM goal WHERE title = ?", (GOAL,)).fetchone()[0]
        edits.set_assessment(store, "goal", goal, 2017, "bokslut", Assessment.BRA)
    finally:
        store.close()


async def test_log_reads_swedish_and_shows_a_changed_text_word_for_word(
    make_app: AppFactory, demo_path: Path
) -> None:
    _prepare(demo_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "HR", "actual")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, LongTextDialog)
        await pilot.press(*" Mer text här.", "ctrl+s")
        await settle(pilot)

        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AuditDialog)
        await pilot.press("e")  # every unit, not only HR
        await settle(pilot)
        assert dialog.page is not None
        comment, assessment, move, added = dialog.page.entries[:4]

        assert comment.description == "Kommentar på HR, 2017"
        assert comment.lines[0].startswith("Kommentar på HR, 2017: ")
        assert comment.lines[0].endswith("{+Mer text här.+}")
        assert assessment.lines == (f"Lägesbedömning för {GOAL}, 2017 bokslut: Ok → Bra",)
        assert "Enhet Ekonomi: förälder Kommunstyrelsens kontor → Stab" in move.lines
        assert "Enhet Stab: slag – → verksamhet" in added.lines
        for entry in (comment, assessment, move, added):
            for line in (entry.description, *entry.lines):
                assert not INTERNAL.search(line), line

        # At 80 columns »Vad och varför« takes the width the fixed columns leave.
        table = dialog.query_one(FigureTable)
        widths = {str(c.key.value): c.width for c in table.columns.values()}
        assert "changed" not in widths
        assert widths["what"] >= 80 - 4 - sum(widths[k] for k in ("nr", "at", "user")) - 10

        # The panel under the list and Enter both show the comment word for word.
        assert "{+Mer text här.+}" in text_of(dialog.query_one("#audit-detail", Static))
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, AuditChangeDialog)
        shown = text_of(detail.query_one("#audit-change", Static))
        assert "Kommentar på HR, 2017: texten ändrad, ord för ord:" in shown
        assert "{+Mer text här.+}" in shown
        assert shown.count("Omställningsanslaget") == 1  # the text once, not old and new
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog
