"""The drill-down from a deviation (`b` on Drift): per kostnadsslag, then per account."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ksui.config import Config
from ksui.importers.sie_import import import_sie
from ksui.store import Store
from ksui.tui import KsuiApp
from ksui.tui.dialogs.costs import CostDialog
from ksui.tui.widgets.figure_table import FigureTable
from tests.cli.test_drift_costs import sie_rows
from tests.tui.conftest import AppFactory, put_cursor, settle, text_of


def _lines(dialog: CostDialog) -> list[str]:
    table = dialog.query_one(FigureTable)
    return [str(table.get_row_at(i)[0]).strip() for i in range(table.row_count)]


async def test_b_shows_why_a_unit_deviates_line_by_line_and_account_by_account(
    tmp_path: Path,
) -> None:
    path = tmp_path / "soc.sqlite"
    source = tmp_path / "soc.se"
    source.write_text(sie_rows(), encoding="utf-8")
    store = Store(path, create=True)
    try:
        import_sie(store, source)
    finally:
        store.close()
    app = KsuiApp(Config(database=path, theme="textual-dark"))
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Hemtjänst", "actual")
        await pilot.press("b")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CostDialog)
        lines = _lines(dialog)
        assert lines[0] == "Avgifter och taxor" and lines[-1].startswith("Summa")
        assert "Personal" in lines and "5010" not in lines
        await pilot.press("k")  # the accounts under each line
        await settle(pilot)
        assert "5010" in _lines(dialog) and "6110" in _lines(dialog)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CostDialog)


async def test_without_figures_per_account_it_says_where_they_come_from(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CostDialog)
        assert "SIE-fil" in text_of(dialog.query_one("#costs-note", Static))
