"""The app writes, undoes and reads the log through ``ksui.actions``, as the CLI does.

The rules themselves are tested once, under tests/actions; these tests only show that the
app hands its requests to the use cases and presents what they return: a refusal as a
notification with the screen read again, the change set the write returned on the undo
stack, the log as ``ksui log`` reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.message import Message

from ksui.actions import edits, history, structure
from ksui.actions.edits import parent_sum_refusal
from ksui.render.cells import clean
from ksui.store import Store, read
from ksui.tui import KsuiApp
from ksui.tui.adding import AddUnit
from ksui.tui.audit import PAGE
from ksui.tui.dialogs.audit import AuditDialog
from ksui.tui.edits import DriftEdit
from tests.tui.conftest import TKR, AppFactory, drift_table, put_cursor, row_of, sent, settle

TUI = Path(__file__).resolve().parents[2] / "ksui" / "tui"
#: A unit name a notification must show as text, never read as markup.
MARKUP_NAME = "Lönecenter [b]x[/b]"


def notes(app: KsuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_sum_refused_by_the_write_is_shown_and_the_screen_read_again(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        ekonomi = row_of(app, "Ekonomi").unit.id
        put_cursor(app, "Ekonomi", "budget")
        await pilot.press("enter", *"40 000")  # the box is open: Ekonomi has no units below

        # Meanwhile another process gives Ekonomi a unit below it, with a budget.
        other = Store(demo_path)
        try:
            child = structure.add_unit(other, ekonomi, MARKUP_NAME, kind="ansvar").row_id
            assert child is not None
            edits.set_figure(other, child, 2017, "bokslut", "budget", 1_000 * TKR)
            tree = read.org_tree(other)
            figures = read.drift_figures(other, 2017, "bokslut")
            expected = parent_sum_refusal(tree, figures, ekonomi, "budget")
        finally:
            other.close()
        assert expected is not None

        await pilot.press("enter")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1 and not refused[0].stale
        assert isinstance(refused[0].edit, DriftEdit) and refused[0].reason == expected
        assert sent(messages, KsuiApp.EditSaved) == []
        # The action's own line, after the figure's name, shown as text.
        assert notes(app)[-1] == clean(f"Budget Ekonomi: {expected}")
        assert MARKUP_NAME in notes(app)[-1]
        # Read again: the new unit is on screen, and the cursor is where it was.
        assert row_of(app, "Ekonomi").has_children
        assert row_of(app, MARKUP_NAME).budget == 1_000 * TKR
        current = drift_table(app).current_row
        assert current is not None and current.unit.id == ekonomi


async def test_the_undo_stack_holds_the_change_set_the_write_returned(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Kommunstyrelsens kontor", "name")
        await pilot.press("a", *"Lönecenter", "enter")
        await settle(pilot)
        saved = sent(messages, KsuiApp.EditSaved)[-1]
        assert isinstance(saved.edit, AddUnit) and saved.changeset_id is not None
        assert app.undo_stack[-1].changeset_id == saved.changeset_id

        await pilot.press("ctrl+z")  # it removes a unit: the history's impact asks first
        await settle(pilot)
        assert len(sent(messages, KsuiApp.RevertNeedsConfirmation)) == 1
        await pilot.press("j", "a", "enter")  # a unit goes: »ja« typed
        await settle(pilot)
        undone = sent(messages, KsuiApp.Reverted)[-1]
        store = Store(demo_path)
        try:
            written = history.changeset(store, saved.changeset_id)
            undo = history.changeset(store, undone.changeset_id)
        finally:
            store.close()
        assert written is not None and undo is not None
        assert any(c.table == "unit" and c.new == "Lönecenter" for c in written.changes)
        assert undo.undoes == saved.changeset_id
        assert undo.description == "Ångra: Ny enhet Lönecenter"
        assert not any(r.unit.name == "Lönecenter" for r in drift_table(app).rows)


async def test_the_log_lists_what_ksui_log_reads(make_app: AppFactory, demo_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "HR", "actual")
        await pilot.press("enter", *"50 000", "enter")
        await settle(pilot)
        await pilot.press("ctrl+p", *"Ändringslogg")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AuditDialog) and dialog.page is not None
        store = Store(demo_path)
        try:
            found = history.audit_log(store, limit=PAGE)
            users = history.audit_users(store)
        finally:
            store.close()
        assert [e.id for e in dialog.page.entries] == [c.id for c in found]
        assert [e.description for e in dialog.page.entries] == [c.description for c in found]
        assert list(dialog.page.users) == users


def test_no_sql_is_written_in_the_tui() -> None:
    """Every query lives below the app; only SQLite's commit counter is still read here."""
    found = [
        f"{path.relative_to(TUI)}:{number}: {line.strip()}"
        for path in sorted(TUI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.conn\b|\.execute\(|\bSELECT\b|\bINSERT\b|\bUPDATE\b", line)
    ]
    assert found == []
