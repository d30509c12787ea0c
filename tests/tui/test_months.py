"""The month view: `m` in Drift opens the selected unit's year as a chart and a table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ksui.core.months import MonthSeries
from ksui.store import Store
from ksui.tui.dialogs.months import MonthDialog
from ksui.tui.keys import BY_ID
from ksui.tui.widgets.figure_table import FigureTable
from ksui.tui.widgets.month_chart import ASCII, UNICODE, MonthChart, draw
from tests.core.test_months import seed_months
from tests.tui.conftest import AppFactory, put_cursor, settle


@pytest.fixture
def seeded(demo_path: Path) -> Path:
    """The demo with three months of Ekonomi and HR."""
    store = Store(demo_path)
    try:
        seed_months(store)
    finally:
        store.close()
    return demo_path


async def open_months(pilot: Pilot[Any], unit: str) -> MonthDialog:
    """Go to Drift, put the cursor on ``unit`` and press m; wait for the months."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    put_cursor(pilot.app, unit, "actual")  # type: ignore[arg-type]
    await pilot.press("m")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, MonthDialog)
    return dialog


def chart_text(dialog: MonthDialog) -> str:
    chart = dialog.query_one(MonthChart)
    return chart.render().plain


def test_the_key_has_an_id_in_the_drift_group() -> None:
    key = BY_ID["months"]
    assert (key.key, key.group, key.action) == ("m", "drift", "months")


async def test_m_shows_the_selected_units_months(seeded: Path, make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_months(pilot, "Ekonomi")
        assert dialog.series is not None and dialog.series.unit.name == "Ekonomi"
        table = dialog.query_one(FigureTable)
        assert table.row_count == 12
        assert table.row_key_value == "month:12"  # the latest month with an utfall
        text = chart_text(dialog)
        assert "█" in text and "░" in text and "━" in text
        assert "utfall ack." in text and "periodiserad budget ack." in text
        assert "helårsprognos" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MonthDialog)


async def test_on_the_namnd_the_months_are_its_sum(seeded: Path, make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_months(pilot, "Kommunstyrelsen")
        series = dialog.series
        assert isinstance(series, MonthSeries)
        assert series.unit.name == "Kommunstyrelsen"
        assert series.months[0].actual == (3001 + 2001) * 100_000


async def test_an_edit_shows_in_the_open_view(seeded: Path, make_app: AppFactory) -> None:
    from ksui.tui.edits import DriftEdit

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_months(pilot, "Ekonomi")
        app.submit(DriftEdit(5, "Ekonomi", 2017, "m04", "actual", 12_500 * 100_000, expect=None))
        await settle(pilot)
        assert dialog.series is not None
        april = dialog.series.months[3]
        assert april.actual_ytd == 12_500 * 100_000
        assert april.actual == (12_500 - 9003) * 100_000


def test_without_unicode_the_glyphs_still_differ() -> None:
    from ksui.core.models import Unit
    from ksui.core.months import Month

    months = tuple(
        Month(m, budget_ytd=m * 10, actual_ytd=m * 11 if m < 4 else None, forecast=130)
        for m in range(1, 13)
    )
    series = MonthSeries(Unit(1, None, "verksamhet", "X", None, 0), 2024, months)
    text = draw(series, 76, 12, ASCII).plain
    assert set("#:=") <= set(text)
    assert not set(text) & set("█░━─")
    assert "## utfall ack." in text and ":: periodiserad budget ack." in text
    assert "== helårsprognos" in text
    lines = text.splitlines()
    assert len(lines) == 12 and all(len(line) <= 76 for line in lines)
    assert "jan" in lines[-2] and "dec" in lines[-2]
    assert "#" not in draw(series, 76, 12, UNICODE).plain


def test_empty_and_loading_say_so() -> None:
    from ksui.core.models import Unit
    from ksui.core.months import Month

    empty = MonthSeries(
        Unit(1, None, "verksamhet", "X", None, 0), 2024, tuple(Month(m) for m in range(1, 13))
    )
    assert "Inga månadssiffror" in draw(empty, 76, 12, UNICODE).plain
    assert "Läser" in draw(None, 76, 12, UNICODE).plain


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no_color"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot(
    snap_compare: Any,
    seeded: Path,
    make_app: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    no_color: bool,
) -> None:
    # Without colour, a parent unit: its sum of months, bars and line told apart by shape.
    unit = "Kommunstyrelsens kontor" if no_color else "Ekonomi"
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_months(pilot, unit)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


async def test_an_ascii_terminal_gets_ascii_glyphs(seeded: Path, make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_months(pilot, "Ekonomi")
        app.ascii_only = True
        text = chart_text(dialog)
        assert "## utfall ack." in text and "==" in text
        assert not set(text) & set("█░━")


@pytest.mark.parametrize(("width", "shown"), [(80, False), (120, True)])
async def test_avvikelse_hittills_shows_where_there_is_room(
    seeded: Path, make_app: AppFactory, width: int, shown: bool
) -> None:
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        dialog = await open_months(pilot, "Ekonomi")
        keys = [str(key.value) for key in dialog.query_one(FigureTable).columns]
        assert keys[:2] == ["month_label", "budget"] and "forecast" in keys
        assert ("deviation_ytd" in keys) is shown
