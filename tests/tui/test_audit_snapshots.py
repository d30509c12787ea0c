"""Snapshots of the Ändringslogg at 80×24 and 120×40, in colour and under NO_COLOR.

The change sets get a fixed time and person first, so the pictures do not depend on when
or by whom the suite runs. Update with ``uv run pytest tests/tui/test_audit_snapshots.py
--snapshot-update`` and look at the SVGs before accepting them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ksui.actions import edits, structure
from ksui.core.models import Assessment
from ksui.store import Store
from tests.tui.conftest import AppFactory, settle


@pytest.fixture
def edited(demo_path: Path) -> Path:
    """The demo with a comment changed, a unit moved and a lägesbedömning set, at fixed times."""
    store = Store(demo_path)
    try:
        ids = {name: uid for uid, name in store.conn.execute("SELECT id, name FROM unit")}
        stab = structure.add_unit(store, ids["Kommunstyrelsens kontor"], "Stab").row_id
        assert stab is not None
        structure.move_unit(store, ids["Ekonomi"], stab)
        goal = store.conn.execute(
            "SELECT id FROM goal WHERE title LIKE 'Människors upplevda trygghet%'"
        ).fetchone()[0]
        edits.set_assessment(store, "goal", goal, 2017, "bokslut", Assessment.BRA)
        old = store.conn.execute(
            "SELECT text FROM comment WHERE entity = 'unit' AND entity_id = ? AND field = ''",
            (ids["HR"],),
        ).fetchone()[0]
        new = old.replace("behövdes inte fullt ut", "behövdes bara till hälften") + " Klart."
        edits.set_comment(store, "unit", ids["HR"], 2017, new, reason="Rättat efter delåret")
        # Naive local times: the same picture in every time zone.
        with store.conn:
            store.conn.execute(
                "UPDATE changeset SET user = 'anna',"
                " at = printf('2018-02-%02dT10:%02d:00', 10 + id, 30 + id)"
            )
    finally:
        store.close()
    return demo_path


async def _open_log(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no_color"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_log(
    snap_compare: Any,
    edited: Path,
    make_app: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    no_color: bool,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=size, run_before=_open_log)


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no_color"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_changed_comment_word_for_word(
    snap_compare: Any,
    edited: Path,
    make_app: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    no_color: bool,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot[Any]) -> None:
        await _open_log(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
