"""KF-mål by keys: lägesbedömning cycles, uppföljning in a text area, goals and indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.message import Message

from ksui.core.models import Assessment
from ksui.tables import goals as spec_goals
from ksui.tables.goals import every_indicator_table, goals_table
from ksui.tui import KsuiApp
from ksui.tui.dialogs import ConfirmDialog, LongTextDialog
from ksui.tui.edits import AddRow, AssessmentEdit, DeleteRow, FieldEdit, IndicatorValueEdit
from ksui.tui.widgets.figure_table import FigureTable
from tests.tui.conftest import AppFactory, sent, settle


def goal_list(app: KsuiApp) -> FigureTable:
    return app.screen.query_one("#goal-list", FigureTable)


def goals(app: KsuiApp):  # type: ignore[no-untyped-def]
    assert app.data is not None
    return [g for a in app.data.areas for g in a.goals]


async def test_assessment_cycles_and_the_overview_counts_follow(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("4")
        await settle(pilot)
        goal = goals(app)[0]
        assert goal.assessment is Assessment.BRA
        goal_list(app).move_to_row_key(f"goal:{goal.id}", "assessment")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        edits = [m.edit for m in sent(messages, KsuiApp.EditSaved)]
        assert all(isinstance(e, AssessmentEdit) for e in edits)
        assert [e.value for e in edits] == [Assessment.OK, Assessment.BRISTER]
        assert goals(app)[0].assessment is Assessment.BRISTER
        assert app.analysis is not None
        assert app.analysis.summary.counts[Assessment.BRISTER] >= 1


async def test_followup_is_written_in_a_text_area(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(message_hook=messages.append) as pilot:
        await pilot.press("4")
        await settle(pilot)
        goal = goals(app)[1]
        goal_list(app).move_to_row_key(f"goal:{goal.id}", "title")
        await pilot.press("c")
        assert isinstance(app.screen, LongTextDialog)
        await pilot.press(*" Uppdaterat i mars.", "ctrl+s")
        await settle(pilot)
        edit = sent(messages, KsuiApp.EditSaved)[-1].edit
        assert isinstance(edit, FieldEdit) and edit.field == "followup"
        assert goals(app)[1].followup.endswith("Uppdaterat i mars.")
        await pilot.press("c", "escape")
        await settle(pilot)
        assert len(sent(messages, KsuiApp.EditSaved)) == 1


async def test_indicator_value_is_edited_by_key(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("4")
        await settle(pilot)
        goal = goals(app)[0]
        indicator = goal.indicators[0]
        goal_list(app).move_to_row_key(f"goal:{goal.id}", "title")
        await pilot.pause()
        indicators = app.screen.query_one("#indicators", FigureTable)
        indicators.focus()
        indicators.move_to_row_key(f"ind:{indicator.id}:", "y2017")
        await pilot.press("enter", *"400,5", "enter")
        await settle(pilot)
        edit = sent(messages, KsuiApp.EditSaved)[-1].edit
        assert edit == IndicatorValueEdit(indicator.id, 2017, "400.5", indicator.name, "")
        value = next(v for v in goals(app)[0].indicators[0].values if v.year == 2017)
        assert value.value == Decimal("400.5")


async def test_add_and_delete_goal_and_indicator(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("4")
        await settle(pilot)
        count = len(goals(app))
        await pilot.press("a", *"Nöjdare medborgare", "enter")
        await settle(pilot)
        assert isinstance(sent(messages, KsuiApp.EditSaved)[-1].edit, AddRow)
        new = next(g for g in goals(app) if g.title == "Nöjdare medborgare")
        assert len(goals(app)) == count + 1

        goal_list(app).move_to_row_key(f"goal:{new.id}", "title")
        await pilot.pause()
        app.screen.query_one("#indicators", FigureTable).focus()
        await pilot.press("a", *"Andel nöjda", "enter")
        await settle(pilot)
        new = next(g for g in goals(app) if g.title == "Nöjdare medborgare")
        assert [i.name for i in new.indicators] == ["Andel nöjda"]

        goal_list(app).focus()
        goal_list(app).move_to_row_key(f"goal:{new.id}", "title")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(sent(messages, KsuiApp.EditSaved)[-1].edit, DeleteRow)
        assert len(goals(app)) == count


def column_keys(table: FigureTable) -> list[str]:
    return [str(key.value) for key in table.columns]


def headers(table: FigureTable) -> list[str]:
    return [str(column.label) for column in table.columns.values()]


async def test_the_tables_are_the_specs_columns(make_app: AppFactory) -> None:
    """The goal list and the indicators show the specification's columns and headings."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert app.data is not None
        spec = goals_table(app.data.areas)
        assert column_keys(goal_list(app)) == [c.key for c in spec.view("screen")]
        assert headers(goal_list(app)) == [c.heading for c in spec.view("screen")]
        goal = goals(app)[0]
        goal_list(app).move_to_row_key(f"goal:{goal.id}", "title")
        await pilot.pause()
        indicators = app.screen.query_one("#indicators", FigureTable)
        ind_spec = every_indicator_table(goal)
        years = [c.key for c in ind_spec.view("screen") if c.year is not None][-3:]
        assert column_keys(indicators) == ["name", *years, "direction", "trend"]
        assert headers(indicators)[-2:] == ["↑↓", "Trend"]
        assert [str(k.value) for k in indicators.rows] == [r.key for r in ind_spec.rows]


async def test_a_column_added_to_the_spec_appears_on_screen(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = (*spec_goals.VIEWS["print"], "assessment_label")
    monkeypatch.setitem(spec_goals.VIEWS, "screen", view)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert column_keys(goal_list(app)) == list(view)
        goal = goals(app)[0]
        table = goal_list(app)
        row = table.get_row(f"goal:{goal.id}")
        assert str(row[-1]) == "Bra"


async def test_an_indicator_without_values_has_a_row_to_type_them_in(
    make_app: AppFactory, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("4")
        await settle(pilot)
        goal = next(g for g in goals(app) if any(not i.values for i in g.indicators))
        empty = next(i for i in goal.indicators if not i.values)
        goal_list(app).move_to_row_key(f"goal:{goal.id}", "title")
        await pilot.pause()
        indicators = app.screen.query_one("#indicators", FigureTable)
        indicators.focus()
        indicators.move_to_row_key(f"ind:{empty.id}:", "direction")
        assert indicators.row_key_value == f"ind:{empty.id}:"
        await pilot.press("enter")
        await settle(pilot)
        edit = sent(messages, KsuiApp.EditSaved)[-1].edit
        step = {"up": "down", "down": "none", "none": "up"}[empty.direction]
        assert edit == FieldEdit("indicator", empty.id, "direction", step, f"Riktning {empty.name}")
        indicators.move_to_row_key(f"ind:{empty.id}:", "trend")
        await pilot.press("enter")
        await settle(pilot)
        assert len(sent(messages, KsuiApp.EditSaved)) == 1, "the trend is computed"
