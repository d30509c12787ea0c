"""Signing off from the palette: lock and unlock the follow-up on screen, the top bar says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.console import Group
from rich.text import Text
from textual.command import CommandList
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input

from ksui.actions import locks
from ksui.store import Store
from ksui.tui import KsuiApp
from ksui.tui.dialogs import ValueDialog
from ksui.tui.state import LOCKED, LOCKED_ASCII
from ksui.tui.widgets.top_bar import TopBar, fit
from tests.tui.conftest import TKR, AppFactory, put_cursor, row_of, sent, settle, until


def top_line(app: KsuiApp) -> str:
    """The first line of the top bar, as the controller reads it."""
    shown = app.screen.query_one(TopBar).render()
    assert isinstance(shown, Group)
    line = shown.renderables[0]
    assert isinstance(line, Text)
    return line.plain


def stored_locks(path: Path) -> list[locks.LockInfo]:
    store = Store(path)
    try:
        return locks.list_locks(store)
    finally:
        store.close()


def prompts(app: KsuiApp) -> list[str]:
    found = app.screen.query(CommandList)
    if not found:
        return []
    options = found.first()
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def run_command(pilot: Pilot[Any], app: KsuiApp, typed: str, title: str, answer: str) -> None:
    """Type in the palette, pick the command titled ``title``, answer its dialog."""
    await pilot.press("ctrl+p", *typed)
    await until(pilot, title, lambda: any(p.startswith(title) for p in prompts(app)))
    index = next(i for i, p in enumerate(prompts(app)) if p.startswith(title))
    app.screen.query_one(CommandList).highlighted = index
    await pilot.press("enter")
    await until(pilot, "the dialog", lambda: isinstance(app.screen, ValueDialog))
    app.screen.query_one("#value", Input).value = answer
    await pilot.press("enter")
    await settle(pilot)


async def test_lock_and_unlock_from_the_palette(make_app: AppFactory, demo_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert LOCKED not in top_line(app)
        undo_before = len(app.undo_stack)
        await run_command(pilot, app, "Lås", "Lås uppföljningen", "Attesterat av KS-chefen")
        await until(pilot, "the lock mark", lambda: LOCKED in top_line(app))
        found = stored_locks(demo_path)
        assert [(f.year, f.period, f.note) for f in found] == [
            (2017, "bokslut", "Attesterat av KS-chefen")
        ]
        # As with `ksui lock`, undo does not take a lock back: it is not on the stack.
        assert len(app.undo_stack) == undo_before

        await run_command(pilot, app, "Lås upp", "Lås upp", "Rättelse av HR:s budget")
        await until(pilot, "the lock mark gone", lambda: LOCKED not in top_line(app))
        assert stored_locks(demo_path) == []
    store = Store(demo_path)
    try:
        # Both audited as `ksui lock -m` and `ksui unlock -r` would be (`ksui log` shows them).
        audited = store.conn.execute(
            "SELECT description, reason FROM changeset WHERE id IN "
            "(SELECT changeset_id FROM audit WHERE table_name = 'period_lock') ORDER BY id"
        ).fetchall()
    finally:
        store.close()
    assert [tuple(row) for row in audited] == [
        ("Låste Bokslut 2017", "Attesterat av KS-chefen"),
        ("Låste upp Bokslut 2017", "Rättelse av HR:s budget"),
    ]


async def test_at_60_columns_the_checks_and_the_lock_stay(
    make_app: AppFactory, demo_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        await run_command(pilot, app, "Lås", "Lås uppföljningen", "")
        await until(pilot, "the lock mark", lambda: LOCKED in top_line(app))
        line = top_line(app)
        assert app.analysis is not None and app.analysis.errors
        assert f"✖ {app.analysis.errors} fel" in line
        assert line.startswith(" ksui  Kommunstyrelsen · 2017")
        assert len(stored_locks(demo_path)) == 1


async def test_an_edit_of_a_locked_figure_is_still_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await run_command(pilot, app, "Lås", "Lås uppföljningen", "Attesterat")
        await until(pilot, "the lock mark", lambda: LOCKED in top_line(app))
        put_cursor(app, "HR", "budget")
        await pilot.press("enter", *"40 000", "enter")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1
        assert "bokslut 2017 är låst" in refused[0].reason
        assert row_of(app, "HR").budget == 38_744 * TKR


@pytest.mark.parametrize(
    ("room", "context", "status"),
    [
        (80, "Kommunstyrelsen · 2017 · Bokslut · tkr", f"✖ 9 fel · ! 2 varningar · {LOCKED} · ↶ 3"),
        (72, "Kommunstyrelsen · 2017 · Bokslut", f"✖ 9 fel · ! 2 varningar · {LOCKED} · ↶ 3"),
        (66, "Kommunstyrelsen · 2017", f"✖ 9 fel · ! 2 varningar · {LOCKED} · ↶ 3"),
        (60, "Kommunstyrelsen · 2017", f"✖ 9 fel · ! 2 varningar · {LOCKED}"),
        (52, "Kommunstyrelsen · 2017", f"✖ 9 fel · {LOCKED}"),
        (34, "Kommunstyrelsen · 2017", "✖ 9 fel"),
        (24, "Kommunstyrelsen…", "✖ 9 fel"),
        (16, "Kommuns…", "✖ 9 fel"),
    ],
)
def test_what_gives_way_as_the_bar_narrows(room: int, context: str, status: str) -> None:
    shown = fit(
        "Kommunstyrelsen · 2017 · Bokslut · tkr",
        f"✖ 9 fel · ! 2 varningar · {LOCKED} · ↶ 3",
        room,
    )
    assert shown == (context, status)


def test_a_name_with_the_separator_stays_whole() -> None:
    shown = fit("Bygg · Miljö · 2017 · Bokslut · tkr", f"✖ 9 fel · {LOCKED}", 40)
    assert shown == ("Bygg · Miljö · 2017", f"✖ 9 fel · {LOCKED}")


def test_the_lock_mark_has_an_ascii_stand_in() -> None:
    # »Låst« is left to the frame's own stand-ins (»Last«); the padlock is not in them.
    assert LOCKED_ASCII.replace("å", "a").isascii()
    shown = fit("Kommunstyrelsen · 2017", f"✖ 9 fel · {LOCKED_ASCII}", 41)
    assert shown == ("Kommunstyrelsen · 2017", f"✖ 9 fel · {LOCKED_ASCII}")


async def test_an_ascii_terminal_shows_the_stand_in(make_app: AppFactory) -> None:
    app = make_app()
    app.ascii_only = True
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_command(pilot, app, "Lås", "Lås uppföljningen", "")
        await until(pilot, "the lock mark", lambda: LOCKED_ASCII in top_line(app))
        assert "🔒" not in top_line(app)
