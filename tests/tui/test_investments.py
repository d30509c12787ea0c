"""Investeringar by keys: anslag and utfall, status, projects added and removed."""

from __future__ import annotations

from textual.message import Message

from ksui.tui import KsuiApp
from ksui.tui.dialogs import ConfirmDialog, ValueDialog
from ksui.tui.edits import AddRow, DeleteRow, FieldEdit, InvestmentEdit
from ksui.tui.widgets.figure_table import FigureTable
from tests.tui.conftest import TKR, AppFactory, sent, settle


def table(app: KsuiApp) -> FigureTable:
    return app.screen.query_one("#investments", FigureTable)


def category(app: KsuiApp, name: str):  # type: ignore[no-untyped-def]
    assert app.data is not None
    return next(c for c in app.data.categories if c.name == name)


async def test_appropriation_edit_moves_the_category_total(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("3")
        await settle(pilot)
        before = category(app, "KS/KF-investeringar").appropriation
        project = category(app, "KS/KF-investeringar").projects[0]
        table(app).move_to_row_key(f"project:{project.id}", "appropriation")
        await pilot.press("enter")
        assert isinstance(app.screen, ValueDialog)
        await pilot.press(*"8 000", "enter")
        await settle(pilot)
        edit = sent(messages, KsuiApp.EditSaved)[-1].edit
        assert edit == InvestmentEdit(
            project.id,
            project.name,
            2017,
            "bokslut",
            "appropriation",
            8_000 * TKR,
            expect=project.appropriation,
        )
        after = category(app, "KS/KF-investeringar").appropriation
        assert after - before == 8_000 * TKR - (project.appropriation or 0)
        assert table(app).row_key_value == f"project:{project.id}"


async def test_status_toggles_and_a_bad_amount_is_refused(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(message_hook=messages.append) as pilot:
        await pilot.press("3")
        await settle(pilot)
        project = category(app, "KS/KF-investeringar").projects[0]
        table(app).move_to_row_key(f"project:{project.id}", "status")
        await pilot.press("enter")
        await settle(pilot)
        edit = sent(messages, KsuiApp.EditSaved)[-1].edit
        assert isinstance(edit, FieldEdit) and edit.value == "avslutat"
        assert category(app, "KS/KF-investeringar").projects[0].status == "avslutat"
        table(app).move_to_row_key(f"project:{project.id}", "spent")
        await pilot.press("enter", *"12 tusen", "enter")
        await pilot.pause()
        assert sent(messages, ValueDialog.Refused)
        await pilot.press("escape")


async def test_add_and_delete_a_project(make_app: AppFactory, messages: list[Message]) -> None:
    app = make_app()
    async with app.run_test(message_hook=messages.append) as pilot:
        await pilot.press("3")
        await settle(pilot)
        cat = category(app, "Lokaler")
        table(app).move_to_row_key(f"cat:{cat.id}", "name")
        await pilot.press("a", *"Ny reception", "enter")
        await settle(pilot)
        assert isinstance(sent(messages, KsuiApp.EditSaved)[-1].edit, AddRow)
        added = category(app, "Lokaler").projects
        assert [p.name for p in added] == ["Ny reception"]
        table(app).move_to_row_key(f"project:{added[0].id}", "name")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(sent(messages, KsuiApp.EditSaved)[-1].edit, DeleteRow)
        assert category(app, "Lokaler").projects == ()


async def test_filter_keeps_matching_projects(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("slash", *"dator")
        await pilot.pause()
        keys = [
            table(app).coordinate_to_cell_key((i, 0)).row_key.value
            for i in range(table(app).row_count)
        ]
        assert len(keys) == 2 and keys[0].startswith("cat:") and keys[1].startswith("project:")
