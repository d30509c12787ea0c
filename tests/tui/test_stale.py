"""Two ksui on one file never lose an edit: a stale or locked edit is refused, the screen re-read.

"Another process" is a second Store on the same file, writing through the same use cases
(``ksui.actions``) as `ksui set` does.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.widgets import Static

from ksui.actions import edits, history, locks
from ksui.store import Store
from ksui.tui import KsuiApp
from ksui.tui.widgets.figure_table import FigureTable
from tests.tui.conftest import (
    TKR,
    AppFactory,
    drift_table,
    put_cursor,
    row_of,
    sent,
    settle,
    text_of,
)


def behind_the_back(path: Path, app: KsuiApp) -> Store:
    """Another connection to the same file, as another ksui process would have.

    The app would notice that process's write at its next poll (half a second) and read
    the report again; these tests are of the edit made before it does, so its poll is
    stilled here: on a loaded machine the poll could otherwise come first.
    """
    app.gateway.data_version = lambda: None  # type: ignore[method-assign]
    return Store(path)


def stored_figure(path: Path, unit_id: int, measure: str) -> int | None:
    store = Store(path)
    try:
        row = store.conn.execute(
            "SELECT amount FROM drift_figure WHERE unit_id = ? AND year = 2017"
            " AND period = 'bokslut' AND measure = ?",
            (unit_id, measure),
        ).fetchone()
    finally:
        store.close()
    return row[0] if row else None


def shown_line(app: KsuiApp, unit: str) -> str:
    """The drift table's line of a unit, as painted."""
    table = drift_table(app)
    for y in range(1, table.size.height):
        line = table.render_line(y).text
        if line.strip().startswith(("▾ " + unit, "▸ " + unit, unit)):
            return line
    raise AssertionError(f"{unit} is not on screen")


def notes(app: KsuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_figure_changed_by_another_process_is_refused_and_shown(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        ekonomi = row_of(app, "Ekonomi").unit.id
        assert "42 857" in shown_line(app, "Ekonomi")
        other = behind_the_back(demo_path, app)
        try:
            edits.set_figure(other, ekonomi, 2017, "bokslut", "actual", 44_000 * TKR)
        finally:
            other.close()

        put_cursor(app, "Ekonomi", "actual")
        await pilot.press("enter", *"40 000", "enter")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1 and refused[0].stale
        assert sent(messages, KsuiApp.EditSaved) == []
        assert stored_figure(demo_path, ekonomi, "actual") == 44_000 * TKR
        message = notes(app)[-1]
        assert "Utfall Ekonomi" in message and "någon annan" in message
        assert "nu 44 000 tkr" in message
        # The screen was read again: the other process's figure is on it, totals too.
        assert row_of(app, "Ekonomi").figures.actual == 44_000 * TKR
        assert "44 000" in shown_line(app, "Ekonomi")
        assert row_of(app, "Ekonomi").deviation == (45_474 - 44_000) * TKR

        # Now based on what is stored, the edit goes through; and so does the next one,
        # based on the value the app patched in.
        await pilot.press("enter", *"40 000", "enter")
        await settle(pilot)
        await pilot.press("enter", *"41 000", "enter")
        await settle(pilot)
        assert len(sent(messages, KsuiApp.EditSaved)) == 2
        assert len(sent(messages, KsuiApp.EditRefused)) == 1
        assert stored_figure(demo_path, ekonomi, "actual") == 41_000 * TKR
        assert "41 000" in shown_line(app, "Ekonomi")


async def test_a_comment_changed_by_another_process_is_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        hr = row_of(app, "HR").unit.id
        other = behind_the_back(demo_path, app)
        try:
            edits.set_comment(other, "unit", hr, 2017, "Skrivet av en kollega.")
        finally:
            other.close()
        put_cursor(app, "HR", "actual")
        await pilot.press("c", *"Min text.", "ctrl+s")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1 and refused[0].stale
        assert "Kommentar HR" in notes(app)[-1]
        assert "Skrivet av en kollega." in text_of(app.screen.query_one("#comment", Static))


async def test_an_investment_changed_by_another_process_is_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert app.data is not None
        project = app.data.categories[0].projects[0]
        other = behind_the_back(demo_path, app)
        try:
            edits.set_investment(other, project.id, 2017, "spent", 1_234 * TKR)
        finally:
            other.close()
        table = app.screen.query_one("#investments", FigureTable)
        table.move_to_row_key(f"project:{project.id}", "spent")
        await pilot.press("enter", *"9 999", "enter")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1 and refused[0].stale
        assert "nu 1 234 tkr" in notes(app)[-1]
        shown = next(p for c in app.data.categories for p in c.projects if p.id == project.id)
        assert shown.spent == 1_234 * TKR


async def test_an_edit_to_a_locked_period_is_refused_and_nothing_is_written(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert app.data is not None
        hr = row_of(app, "HR").unit.id
        other = behind_the_back(demo_path, app)
        try:
            locks.lock(other, app.data.committee.id, 2017, "bokslut", note="Attesterat")
            before = history.latest_changeset(other)
        finally:
            other.close()

        put_cursor(app, "HR", "budget")
        await pilot.press("enter", *"40 000", "enter")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1 and not refused[0].stale
        message = notes(app)[-1]
        assert "Budget HR" in message and "bokslut 2017 är låst" in message
        assert sent(messages, KsuiApp.EditSaved) == []
        assert stored_figure(demo_path, hr, "budget") == 38_744 * TKR
        assert row_of(app, "HR").budget == 38_744 * TKR
        check = Store(demo_path)
        try:
            assert history.latest_changeset(check) == before
        finally:
            check.close()
