"""Drift by keys: s sorts by the column under the cursor (the tree stays a tree), n jumps to
the next deviation beyond config.toml's threshold."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Label

from ksui.core.drift import DriftRow
from ksui.tui.app import KsuiApp
from ksui.tui.dialogs import ValueDialog
from ksui.tui.widgets.drift_columns import name_order
from tests.tui.conftest import TKR, AppFactory, drift_table, put_cursor, row_of, settle, until


def shown(app: KsuiApp) -> list[DriftRow]:
    """The rows as the table shows them, top to bottom."""
    table = drift_table(app)
    return [table.rows[i] for i in table.shown]


def sort_note(app: KsuiApp) -> str:
    return str(app.screen.query_one("#drift-sort", Label).content)


def assert_tree(rows: list[DriftRow]) -> None:
    """Every row comes after its parent, within the parent's block (a pre-order walk)."""
    open_path: list[int] = []
    for row in rows:
        del open_path[row.depth :]
        if row.depth:
            assert row.unit.parent_id == open_path[-1], row.unit.name
        open_path.append(row.unit.id)


def siblings(rows: list[DriftRow], parent: str) -> list[DriftRow]:
    """The units right under ``parent``, in the order shown."""
    pid = next(r.unit.id for r in rows if r.unit.name == parent)
    return [r for r in rows if r.unit.parent_id == pid]


async def open_drift(app: KsuiApp, pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)


async def test_s_sorts_by_the_column_then_reverses_then_restores(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_drift(app, pilot)
        tree = [r.unit.id for r in shown(app)]
        assert sort_note(app) == ""
        put_cursor(app, "Kommunstyrelsen", "deviation")

        await pilot.press("s")
        rows = shown(app)
        assert sort_note(app) == "Sorterad efter budgetavvikelse, störst först"
        assert rows[0].depth == 0  # the nämnd stays first
        assert_tree(rows)
        kids = [r.deviation or 0 for r in siblings(rows, "Kommunstyrelsens kontor")]
        assert kids == sorted(kids, reverse=True) and len(set(kids)) > 2
        assert [r.unit.id for r in rows] != tree
        # The cursor stays on the unit it was on, and on the column sorted by.
        assert drift_table(app).current_row == row_of(app, "Kommunstyrelsen")
        assert drift_table(app).current_column.key == "deviation"  # type: ignore[union-attr]

        await pilot.press("s")
        rows = shown(app)
        assert sort_note(app) == "Sorterad efter budgetavvikelse, minst först"
        assert_tree(rows)
        kids = [r.deviation or 0 for r in siblings(rows, "Kommunstyrelsens kontor")]
        assert kids == sorted(kids)

        await pilot.press("s")
        assert sort_note(app) == ""
        assert [r.unit.id for r in shown(app)] == tree


async def test_a_sort_by_name_is_swedish_and_another_column_starts_afresh(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_drift(app, pilot)
        put_cursor(app, "Ekonomi", "name")
        await pilot.press("s")
        assert sort_note(app) == "Sorterad efter namn, A–Ö"
        names = [r.unit.name for r in siblings(shown(app), "Kommunstyrelsens kontor")]
        assert names == sorted(names, key=name_order)
        # s on another column sorts by that one, largest first.
        put_cursor(app, "Ekonomi", "actual")
        await pilot.press("s")
        assert sort_note(app) == "Sorterad efter utfall, störst först"
        actuals = [r.figures.actual for r in siblings(shown(app), "Kommunstyrelsens kontor")]
        assert actuals == sorted(actuals, key=lambda a: a or 0, reverse=True)


def test_swedish_name_order() -> None:
    names = ["Örebro", "ängen", "Åsen", "Zakrisson", "ekonomi", "Adm"]
    assert sorted(names, key=name_order) == [
        "Adm",
        "ekonomi",
        "Zakrisson",
        "Åsen",
        "ängen",
        "Örebro",
    ]


async def test_the_sort_survives_an_edit_and_follows_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_drift(app, pilot)
        put_cursor(app, "Ekonomi", "actual")
        await pilot.press("s")
        first = siblings(shown(app), "Kommunstyrelsens kontor")[0]
        assert first.unit.name != "Ekonomi"
        # Ekonomi's utfall becomes the largest of the kontor's: it moves to the top.
        largest = max(
            r.figures.actual or 0 for r in siblings(shown(app), "Kommunstyrelsens kontor")
        )
        await pilot.press("enter")
        assert isinstance(app.screen, ValueDialog)
        amount = largest // TKR + 1_000
        await pilot.press(*f"{amount}", "enter")
        await settle(pilot)
        assert row_of(app, "Ekonomi").figures.actual == amount * TKR
        rows = shown(app)
        assert_tree(rows)
        assert siblings(rows, "Kommunstyrelsens kontor")[0].unit.name == "Ekonomi"
        assert sort_note(app) == "Sorterad efter utfall, störst först"
        assert drift_table(app).current_row == row_of(app, "Ekonomi")
        # Another period keeps the sort, named as the period names the column.
        app.select(period="delar")
        await settle(pilot)
        assert sort_note(app) == "Sorterad efter utfall hittills, störst först"
        assert_tree(shown(app))


async def test_n_jumps_to_the_next_deviation_beyond_the_threshold_and_wraps(
    make_app: AppFactory,
) -> None:
    limit = 2_000 * TKR
    app = make_app(deviation_threshold_ore=limit)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_drift(app, pilot)
        rows = shown(app)
        beyond = [r.unit.name for r in rows if r.deviation is not None and abs(r.deviation) > limit]
        below = [r for r in rows if r.deviation is not None and abs(r.deviation) <= limit]
        assert len(beyond) >= 3 and below  # the demo has both
        assert drift_table(app).current_row == rows[0] and rows[0].unit.name == beyond[0]
        visited = []
        for _ in beyond:
            await pilot.press("n")
            visited.append(drift_table(app).current_row.unit.name)  # type: ignore[union-attr]
        # Each in the order shown, then round to the top again.
        assert visited == [*beyond[1:], beyond[0]]


async def test_n_follows_the_order_shown_and_opens_a_folded_parent(make_app: AppFactory) -> None:
    limit = 2_000 * TKR
    app = make_app(deviation_threshold_ore=limit)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_drift(app, pilot)
        table = drift_table(app)
        kontor = row_of(app, "Kommunstyrelsens kontor")
        put_cursor(app, "Kommunstyrelsen", "deviation")
        await pilot.press("s", "s")  # smallest first: the deficits lead
        await pilot.press("minus")  # fold everything below the nämnd's own units
        assert kontor.unit.id in table.collapsed
        assert all(r.depth < 2 for r in shown(app))
        await pilot.press("n")
        assert table.current_row == kontor
        await pilot.press("n")
        # The kontor is opened and the cursor is on its first unit beyond the threshold in the
        # order shown (the smaller of Ekonomi and Administration och utredning).
        found = table.current_row
        assert found is not None and found.unit.parent_id == kontor.unit.id
        assert abs(found.deviation or 0) > limit
        assert kontor.unit.id not in table.collapsed
        others = [
            r.deviation or 0
            for r in siblings(shown(app), "Kommunstyrelsens kontor")
            if abs(r.deviation or 0) > limit
        ]
        assert found.deviation == min(others)


async def test_n_says_so_when_no_unit_is_beyond_the_threshold(make_app: AppFactory) -> None:
    app = make_app(deviation_threshold_ore=100_000 * TKR)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_drift(app, pilot)
        before = drift_table(app).current_row
        await pilot.press("n")
        await until(
            pilot,
            "the message",
            lambda: any("Ingen enhet" in str(n.message) for n in app._notifications),
        )
        said = next(str(n.message) for n in app._notifications if "Ingen enhet" in n.message)
        assert "budgetavvikelse" in said and "100 000 tkr" in said and "[drift]" in said
        assert drift_table(app).current_row == before


async def test_n_at_a_follow_up_uses_the_forecast_deviation(make_app: AppFactory) -> None:
    limit = 1_000 * TKR
    app = make_app(deviation_threshold_ore=limit)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_drift(app, pilot)
        app.select(period="delar")
        await settle(pilot)
        rows = shown(app)
        beyond = [r for r in rows if abs(r.forecast_deviation or 0) > limit]
        # At delår the budgetavvikelse is not what n looks at (no utfall in the demo yet).
        assert beyond and all(r.deviation is None for r in beyond)
        drift_table(app).action_edge(1)  # from the last row, round to the first beyond
        await pilot.press("n")
        assert drift_table(app).current_row == beyond[0]


async def test_n_says_so_when_only_the_row_under_the_cursor_is_beyond(
    make_app: AppFactory,
) -> None:
    limit = 5_000 * TKR
    app = make_app(deviation_threshold_ore=limit)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_drift(app, pilot)
        rows = shown(app)
        beyond = [r for r in rows if abs(r.deviation or 0) > limit]
        assert beyond == [rows[0]]  # the demo's nämnd alone
        await pilot.press("n")
        await until(
            pilot,
            "the message",
            lambda: any("Ingen annan enhet" in str(n.message) for n in app._notifications),
        )
        assert drift_table(app).current_row == rows[0]
