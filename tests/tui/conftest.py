"""Fixtures for driving the app by keys: a fresh demo copy per test, a fixed theme, settled state.

The app is built from an explicit Config so that no config.toml on the machine decides what
a test sees; the theme is fixed and no input blinks, so snapshots are deterministic.
"""

from __future__ import annotations

import asyncio
import inspect
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Static

from ksui.config import Config
from ksui.tui import KsuiApp
from ksui.tui.widgets.drift_table import DriftTable

TKR = 100_000

AppFactory = Callable[..., KsuiApp]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no async plugin is needed for Pilot)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def make_app(demo_path: Path) -> AppFactory:
    """Build the app on this test's copy of the demo database (config fields may be given)."""

    def make(**config: Any) -> KsuiApp:
        return KsuiApp(Config(database=demo_path, theme="textual-dark", **config))

    return make


@pytest.fixture
def messages() -> list[Message]:
    """Every message posted while the app runs (pass ``messages.append`` as message_hook)."""
    return []


async def settle(pilot: Pilot[Any], timeout: float = 10.0) -> None:
    """Wait until every worker is done and the checks have caught up with the figures."""
    app = pilot.app
    assert isinstance(app, KsuiApp)
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        busy = app.gateway.pending() or any(not w.is_finished for w in app.workers)
        stale = app.data is not None and (
            app.analysis is None or app.analysis.version != app.version
        )
        if not busy and not stale:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the app did not settle")
        await asyncio.sleep(0.01)


async def until(
    pilot: Pilot[Any], what: str, probe: Callable[[], bool], deadline: float = 10
) -> None:
    """Wait (condition-based, with a deadline) until ``probe`` holds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    while not probe():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def sent(messages: list[Message], kind: type[Message]) -> list[Any]:
    """The messages of one type, each once (a bubbling message is seen at every hop)."""
    seen: dict[int, Any] = {}
    for message in messages:
        if isinstance(message, kind):
            seen.setdefault(id(message), message)
    return list(seen.values())


def drift_table(app: KsuiApp) -> DriftTable:
    """The drift table of the screen in front."""
    return app.screen.query_one(DriftTable)


def put_cursor(app: KsuiApp, unit: str, column: str) -> None:
    """Place the drift cursor on a unit's cell (by unit name and column key)."""
    table = drift_table(app)
    row = next(r for r in table.rows if r.unit.name == unit)
    assert table.go_to(row.unit.id)
    table.cursor_col = [c.key for c in table.columns].index(column)
    table.refresh()


def row_of(app: KsuiApp, unit: str) -> Any:
    """The drift row of a unit as the table shows it now."""
    return next(r for r in drift_table(app).rows if r.unit.name == unit)


def text_of(widget: Static, width: int = 120) -> str:
    """A Static's content as plain text, as a reader would see it."""
    console = Console(width=width, no_color=True, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


@pytest.fixture
def kommun_path(demo_path: Path, tmp_path: Path) -> Path:
    """A kommun file: the demo's Kommunstyrelsen and a second nämnd consolidated into it."""
    from ksui.actions.consolidate import consolidate
    from ksui.store.demo import create_database
    from tests.store.test_consolidate import build_namnd

    namnd = build_namnd(tmp_path / "kfn.sqlite")
    path = tmp_path / "kommun.sqlite"
    create_database(path, demo=False).close()
    consolidate(path, [demo_path, namnd], "Södertälje kommun")
    return path
