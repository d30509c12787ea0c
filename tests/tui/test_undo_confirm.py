"""A large undo states what it removes and needs »ja« typed; a small one keeps one key.

Large is the store's ``RevertImpact.needs_confirmation``, the same rule behind
``ksui undo --yes``: the last test moves its threshold and both front ends follow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label
from typer.testing import CliRunner

from ksui.cli.main import app as cli
from ksui.store import undo as store_undo
from ksui.tui import KsuiApp
from ksui.tui.dialogs import ConfirmDialog
from ksui.tui.dialogs.audit import AuditDialog
from ksui.tui.dialogs.confirm import TypedConfirmDialog
from tests.tui.conftest import AppFactory, put_cursor, settle, text_of, until


def units(app: KsuiApp) -> int:
    assert app.data is not None
    return len(app.data.drift())


async def open_log_at(pilot: Pilot[Any], changeset: int | None) -> None:
    """Open the Ändringslogg over every unit and put the cursor on a change set (None: newest)."""
    app = pilot.app
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(app.screen, AuditDialog)
    await pilot.press("e")
    await settle(pilot)
    if changeset is not None:
        table = app.screen.query_one("#audit-list", DataTable)
        table.move_cursor(row=table.get_row_index(str(changeset)))
        await pilot.pause()
    selected = app.screen.selected()
    assert selected is not None and (changeset is None or selected.id == changeset)


async def ask_undo(pilot: Pilot[Any]) -> TypedConfirmDialog:
    """u in the log: the store finds it large, so the typed question is the only one."""
    app = pilot.app
    await pilot.press("u")
    assert not isinstance(app.screen, ConfirmDialog)  # no j/n first
    await until(pilot, "the typed question", lambda: isinstance(app.screen, TypedConfirmDialog))
    assert isinstance(app.screen, TypedConfirmDialog)
    return app.screen


async def test_undoing_the_demo_needs_ja(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        before = units(app)
        await open_log_at(pilot, 1)

        dialog = await ask_undo(pilot)
        title = text_of(dialog.query_one(".dialog-title", Label))
        assert title.startswith("Ångra nr 1 tar bort ")
        assert " enheter " in title and " siffror" in title
        await pilot.press("escape")  # Escape: nothing
        await settle(pilot)
        assert isinstance(app.screen, AuditDialog) and units(app) == before

        dialog = await ask_undo(pilot)
        await pilot.press("j", "enter")  # one key is not the word
        await pilot.press("n", "e", "j", "enter")  # neither is another word
        await settle(pilot)
        assert app.screen is dialog and units(app) == before
        assert "inget har ändrats" in text_of(dialog.query_one("#typed-hint"))
        await pilot.press("escape")
        await settle(pilot)
        assert units(app) == before

        dialog = await ask_undo(pilot)
        await pilot.press("j", "a")
        assert dialog.query_one(Input).value == "ja"
        await pilot.press("enter")
        await settle(pilot)
        # Everything the demo had is gone: no report left (the app offers to start a year).
        assert not isinstance(app.screen, TypedConfirmDialog)
        assert app.data is None


async def test_a_small_undo_keeps_one_key(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "budget")
        await pilot.press("enter", *"46 000", "enter")
        await settle(pilot)
        await open_log_at(pilot, None)
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, AuditDialog)  # undone at once, nothing typed
        assert app.redo_stack


def cli_undo(path: Path, tmp_path: Path, *args: str) -> int:
    config = tmp_path / "empty-config.toml"
    config.write_text("", encoding="utf-8")
    env = {"COLUMNS": "120", "KSUI_CONFIG": str(config), "KSUI_DB": None}
    return CliRunner().invoke(cli, ["--db", str(path), "undo", *args], env=env).exit_code


async def test_the_cli_and_the_tui_share_one_rule(
    make_app: AppFactory, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every removed figure counts as many: a one-figure undo is now large for both.
    monkeypatch.setattr(store_undo, "CONFIRM_FIGURES", -1)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "budget")
        await pilot.press("enter", *"46 000", "enter")
        await settle(pilot)
        newest = app.undo_stack[-1].changeset_id
        await open_log_at(pilot, newest)
        dialog = await ask_undo(pilot)
        assert text_of(dialog.query_one(".dialog-title", Label)).startswith(
            f"Ångra nr {newest} tar bort"
        )
        await pilot.press("escape")
        await settle(pilot)
    assert cli_undo(demo_path, tmp_path, str(newest)) == 2  # refused without --yes
    assert cli_undo(demo_path, tmp_path, str(newest), "--yes") == 0
