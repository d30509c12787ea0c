"""The app opens on the latest follow-up with figures, unless config.toml names a period."""

from __future__ import annotations

from pathlib import Path

from ksui.actions.edits import set_figure
from ksui.config import load_config
from ksui.store import Store
from tests.tui.conftest import TKR, AppFactory, settle


def add_may(path: Path) -> None:
    """Give the demo a 2018 with an utfall in May and nothing later."""
    store = Store(path)
    try:
        set_figure(store, 5, 2018, "m05", "actual", 15_000 * TKR)
    finally:
        store.close()


async def test_the_demo_opens_on_bokslut(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.data is not None
        assert (app.data.year, app.data.period) == (2017, "bokslut")


async def test_a_year_without_bokslut_opens_on_its_latest_period(
    make_app: AppFactory, demo_path: Path
) -> None:
    store = Store(demo_path)
    try:
        # 2018 has an utfall at T1 and in May, and a budget change in June: May it is.
        set_figure(store, 5, 2018, "t1", "actual", 12_000 * TKR)
        set_figure(store, 5, 2018, "m05", "actual", 15_000 * TKR)
        set_figure(store, 5, 2018, "m06", "budget", 46_000 * TKR)
    finally:
        store.close()
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.data is not None
        assert (app.data.year, app.data.period) == (2018, "m05")
        assert app.report_key.period == "m05"
        # Another period chosen afterwards is shown as chosen.
        app.select(period="t1")
        await settle(pilot)
        assert app.data.period == "t1"


async def test_a_period_in_the_config_is_where_it_opens(
    make_app: AppFactory, demo_path: Path
) -> None:
    add_may(demo_path)
    app = make_app(start_period="t1")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.data is not None
        assert (app.data.year, app.data.period) == (2018, "t1")


def test_the_config_names_a_period_only_when_set(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[defaults]\nyear = 2017\n", encoding="utf-8")
    config = load_config(path)
    # The CLI reads bokslut without --period; the app opens on the latest with figures.
    assert (config.period, config.start_period) == ("bokslut", None)
    path.write_text('[defaults]\nperiod = "delår"\n', encoding="utf-8")
    config = load_config(path)
    assert (config.period, config.start_period) == ("delar", "delar")
