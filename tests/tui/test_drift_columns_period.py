"""Drift at 80 columns shows what the period needs, heads the forecast with its follow-up
('Prognos aug') and marks the figures of a locked follow-up (🔒, [L] without UTF-8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from ksui.actions import locks
from ksui.actions.edits import set_figure
from ksui.store import Store, read
from ksui.store.db import current_user
from ksui.tables.drift import report_drift_table
from ksui.tui.app import KsuiApp
from ksui.tui.locking import LockEdit
from ksui.tui.widgets.drift_columns import LOCK, LOCK_ASCII
from tests.tui.conftest import TKR, AppFactory, drift_table, settle, text_of, until


def keys(app: KsuiApp) -> list[str]:
    """The columns the drift table shows, by key, left to right."""
    return [c.key for c in drift_table(app).columns]


def heading(app: KsuiApp) -> str:
    """The drift table's header line as drawn."""
    return "".join(segment.text for segment in drift_table(app).render_line(0))


def detail(app: KsuiApp) -> str:
    return text_of(app.screen.query_one("#comment", Static))


async def open_drift(pilot: Pilot[Any], period: str | None = None) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, KsuiApp)
    if period is not None:
        app.select(period=period)
        await settle(pilot)


def write(path: Path, period: str, figures: dict[str, dict[str, int]]) -> None:
    """Figures of named units at a follow-up of 2017, written as `ksui set` writes them."""
    store = Store(path)
    try:
        committee = read.find_committee(store, None)
        tree = read.load_report(store, committee, 2017, "bokslut").tree
        ids = {u.name: u.id for u in tree.units.values()}
        for name, measures in figures.items():
            for measure, amount in measures.items():
                set_figure(store, ids[name], 2017, period, measure, amount)
    finally:
        store.close()


def lock(path: Path, period: str, note: str) -> None:
    """Lock a follow-up of 2017 through the use case `ksui lock` calls."""
    store = Store(path)
    try:
        committee = read.find_committee(store, None)
        locks.lock(store, committee.id, 2017, period, note=note)
    finally:
        store.close()


async def test_bokslut_at_80_columns_shows_budget_utfall_and_both_deviations(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drift(pilot, "bokslut")
        shown = keys(app)
        for needed in ("budget", "actual", "deviation", "forecast_deviation"):
            assert needed in shown, shown
        # The names keep the room they need rather than giving it to a year's net cost.
        table = drift_table(app)
        assert table.columns[0].width >= len("    Politisk ledning ✎ ")
        assert not any(k.startswith("y") for k in shown)
    wide = make_app()
    async with wide.run_test(size=(120, 40)) as pilot:
        await open_drift(pilot, "bokslut")
        assert {"forecast_deviation", "net_cost_change_pct"} <= set(keys(wide))


async def test_a_month_at_80_columns_keeps_both_deviations_before_the_periodised_budget(
    make_app: AppFactory, demo_path: Path
) -> None:
    write(demo_path, "m08", {"Ekonomi": {"budget_ytd": 30_000 * TKR, "actual": 28_500 * TKR}})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drift(pilot, "m08")
        shown = keys(app)
        # The helårsprognos against the budget and utfall hittills against the periodiserad
        # budget; the periodiserad budget itself is what gives way at 80 columns.
        for needed in ("forecast", "forecast_deviation", "actual", "deviation", "budget"):
            assert needed in shown, shown
        assert "budget_ytd" not in shown
    wide = make_app()
    async with wide.run_test(size=(120, 40)) as pilot:
        await open_drift(pilot, "m08")
        assert "budget_ytd" in keys(wide)


async def test_the_forecast_is_headed_with_its_follow_up(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drift(pilot, "bokslut")
        forecast = next(c for c in drift_table(app).columns if c.key == "forecast")
        assert forecast.label == "Prognos aug"  # the delårsrapport's forecast stands
        assert "Prognos aug" in heading(app)
        # Exports keep the specification's labels and keys.
        data = app.data
        assert data is not None
        assert report_drift_table(data).column("forecast").heading == "Prognos"
        app.select(period="t1")
        await settle(pilot)
        assert "Prognos apr" in heading(app)


async def test_a_locked_follow_up_marks_its_figures_and_says_who_locked_it(
    make_app: AppFactory, demo_path: Path
) -> None:
    lock(demo_path, "bokslut", "Attesterat av KS-chefen")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drift(pilot, "bokslut")
        table = drift_table(app)
        await until(pilot, "the lock mark", lambda: table.locked == LOCK)
        marked = {c.key for c in table.columns if c.label.startswith(LOCK)}
        assert marked == {c.key for c in table.columns if c.edits is not None}
        assert {"budget", "actual", "forecast"} <= marked
        assert f"{LOCK}Budget" in heading(app)
        # Still the columns bokslut needs, with the marks.
        assert {"budget", "actual", "deviation", "forecast_deviation"} <= set(keys(app))
        await until(pilot, "who locked it", lambda: current_user() in detail(app))
        shown = detail(app)
        assert f"{LOCK} Låst" in shown and "Attesterat av KS-chefen" in shown
        # Another follow-up, not locked: no marks.
        app.select(period="delar")
        await settle(pilot)
        await until(pilot, "the marks gone", lambda: table.locked is None)
        assert LOCK not in heading(app) and "Låst" not in detail(app)


async def test_a_lock_taken_while_drift_is_open_shows_at_once(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_drift(pilot, "bokslut")
        table = drift_table(app)
        assert table.locked is None and LOCK not in heading(app)
        data = app.data
        assert data is not None
        app.submit(LockEdit(data.committee.id, data.year, data.period, note="", label="bokslut"))
        await settle(pilot)
        await until(pilot, "the lock mark", lambda: f"{LOCK}Utfall" in heading(app))


async def test_an_ascii_terminal_marks_locked_figures_with_the_stand_in(
    make_app: AppFactory, demo_path: Path
) -> None:
    lock(demo_path, "bokslut", "")
    app = make_app()
    app.ascii_only = True
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drift(pilot, "bokslut")
        await until(pilot, "the stand-in", lambda: f"{LOCK_ASCII}Budget" in heading(app))
        assert LOCK not in heading(app)
        await until(pilot, "the panel", lambda: f"{LOCK_ASCII} Låst" in detail(app))


async def test_at_bokslut_before_it_is_entered_the_note_says_whose_utfall_stands(
    make_app: AppFactory, demo_path: Path
) -> None:
    """A year with December's utfall and no bokslut: Drift at bokslut shows December's
    figures (the ``own`` rule), so the line beside the period says so instead of »no figures«."""
    store = Store(demo_path)
    try:
        committee = read.find_committee(store, None)
        tree = read.load_report(store, committee, 2017, "bokslut").tree
        leaf = next(u for u in tree.units.values() if not tree.children.get(u.id))
        set_figure(store, leaf.id, 2018, "m12", "actual", 123 * TKR)
    finally:
        store.close()
    app = make_app(year=2018, start_period="bokslut")
    async with app.run_test(size=(120, 30)) as pilot:
        await open_drift(pilot)
        note = app.screen.query_one("#drift-note")

        def said() -> str:
            return str(note.render()).strip()

        assert app.data is not None and (app.data.year, app.data.period) == (2018, "bokslut")
        assert said() == "(utfall från december: bokslut saknas ännu)"
        app.select(period="m12")
        await settle(pilot)
        assert said() == ""
        app.select(period="m11")
        await settle(pilot)
        assert said() == "(inga siffror för perioden ännu)"
