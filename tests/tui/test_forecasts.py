"""The forecast workflow by keys on Drift: f suggests, F accepts for all, k marks klar."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Static

from ksui.tui.app import KsuiApp
from ksui.tui.dialogs import ConfirmDialog
from ksui.tui.edits import AcceptAllForecasts, DriftEdit, ForecastDoneEdit
from ksui.tui.widgets.drift_columns import MARK
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


async def test_f_offers_the_units_suggestion_and_j_accepts_it(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        app.select(period="delar")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "name")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "45 474" in app.screen.question and "Ekonomi" in app.screen.question
        await pilot.press("j")
        await settle(pilot)
        [saved] = sent(messages, KsuiApp.EditSaved)
        assert isinstance(saved.edit, DriftEdit) and saved.edit.measure == "forecast"
        assert saved.edit.amount == 45_474 * TKR
        assert app.data is not None
        assert app.data.exact[(row_of(app, "Ekonomi").unit.id, "forecast")] == 45_474 * TKR


async def test_f_on_a_parent_says_why_not(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Kommunstyrelsens kontor", "name")
        await pilot.press("f")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("enheter under sig" in str(n.message) for n in app._notifications)


async def test_shift_f_asks_how_many_and_writes_one_change_set(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        app.select(period="delar")
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "7 enheter" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert sent(messages, KsuiApp.EditSaved) == []
        await pilot.press("F", "j")
        await settle(pilot)
        [saved] = sent(messages, KsuiApp.EditSaved)
        assert isinstance(saved.edit, AcceptAllForecasts)
        assert row_of(app, "HR").figures.forecast == 38_744 * TKR
        assert app.data is not None
        assert app.data.exact[(row_of(app, "HR").unit.id, "forecast")] == 38_744 * TKR
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert (row_of(app, "HR").unit.id, "forecast") not in app.data.exact


async def test_k_marks_klar_and_the_overview_counts_it(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        summary = text_of(app.screen.query_one("#summary", Static))
        assert "Prognos klar" not in summary  # not at bokslut
        await pilot.press("2")
        await settle(pilot)
        app.select(period="delar")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "name")
        await pilot.press("k")
        await settle(pilot)
        [saved] = sent(messages, KsuiApp.EditSaved)
        assert saved.edit == ForecastDoneEdit(
            row_of(app, "Ekonomi").unit.id, "Ekonomi", 2017, "delar", True
        )
        await pilot.press("1")
        await settle(pilot)
        summary = text_of(app.screen.query_one("#summary", Static))
        assert "Prognos klar: 1 av 8 enheter" in summary
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "name")
        await pilot.press("k")
        await settle(pilot)
        assert app.data is not None and app.data.forecast_done == frozenset()


async def test_k_shows_the_klar_mark_after_the_forecast_without_a_reload(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        app.select(period="delar")
        await settle(pilot)
        put_cursor(app, "Politisk ledning", "name")
        table = drift_table(app)

        def forecast_cell() -> str:
            """The forecast cell of the row under the cursor, as the screen draws it."""
            line = table.render_line(table.cursor + 1 - round(table.scroll_offset.y)).text
            assert "Politisk ledning" in line
            keys = [c.key for c in table.columns]
            start = sum(c.width + 1 for c in table.columns[: keys.index("forecast")])
            return line[start : start + table.columns[keys.index("forecast")].width]

        assert forecast_cell().strip() == "73 481"
        loads = len(sent(messages, KsuiApp.ReportLoaded))
        await pilot.press("k")
        await settle(pilot)
        [saved] = sent(messages, KsuiApp.EditSaved)
        assert isinstance(saved.edit, ForecastDoneEdit) and saved.loaded is None
        assert len(sent(messages, KsuiApp.ReportLoaded)) == loads  # patched, not reloaded
        assert forecast_cell().strip() == f"73 481 {MARK}"
        # The figures of the column stay aligned: the mark has room kept for it.
        assert forecast_cell().endswith(f"73 481 {MARK}")
        await pilot.press("k")
        await settle(pilot)
        assert forecast_cell().endswith("73 481  ")
