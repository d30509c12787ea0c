"""Building a nämnd in the app: from an empty file to a nämnd with units, a category, a goal
area, and on to the next year — each addition saying what it adds, each undoable."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from ksui.config import Config
from ksui.store.demo import create_database
from ksui.tui import KsuiApp, adding
from ksui.tui.dialogs import ConfirmDialog, ValueDialog
from ksui.tui.dialogs.choice import ChoiceDialog
from tests.tui.conftest import AppFactory, drift_table, settle


async def answer(pilot: Pilot[None], title: str, text: str) -> None:
    """The dialog in front asks for ``title``: type ``text`` and press Enter."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ValueDialog), dialog
    assert str(dialog.query_one(".dialog-title", Label).content) == title
    dialog.query_one("#value", Input).value = text
    await pilot.press("enter")
    await settle(pilot)


@pytest.fixture
def empty_app(tmp_path: Path) -> KsuiApp:
    path = tmp_path / "tom.sqlite"
    create_database(path, demo=False).close()
    return KsuiApp(Config(database=path, theme="textual-dark"))


async def test_from_an_empty_file_to_a_namnd_with_units_categories_and_areas(
    empty_app: KsuiApp,
) -> None:
    app = empty_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.data is None
        # An empty file walks the controller through the nämnd and its units.
        await answer(pilot, "Välkommen! Vad heter din nämnd?", "Kommunstyrelsen; KS")
        await answer(pilot, "Enhet 1 under Kommunstyrelsen (Esc när du är klar)", "Ekonomi; 120")
        await answer(pilot, "Enhet 2 under Kommunstyrelsen (Esc när du är klar)", "HR; 130")
        await pilot.press("escape")
        await settle(pilot)
        said = [n.title for n in app._notifications]
        assert "Nämnden är skapad" in said
        data = app.data
        assert data is not None and data.committee.name == "Kommunstyrelsen"
        assert data.committee.code == "KS"
        assert data.year == datetime.date.today().year  # no figures yet: this year
        # Översikt's a says what it can add; e picks a unit under the nämnd.
        await pilot.press("a")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("e")
        await answer(pilot, "Ny enhet under Kommunstyrelsen", "Kommunikation; 160")
        await pilot.press("2")
        await settle(pilot)
        names = [row.unit.name for row in drift_table(app).rows]
        assert names == ["Kommunstyrelsen", "Ekonomi", "HR", "Kommunikation"]
        assert app.data is not None
        assert next(u for u in app.data.tree.units.values() if u.name == "HR").code == "130"
        # An empty Investeringar screen: a adds the first category.
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("a")
        await answer(pilot, "Ny investeringskategori för Kommunstyrelsen", "Lokaler")
        assert [c.name for c in app.data.categories] == ["Lokaler"]
        # An empty KF-mål screen: a adds the first goal area.
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        await answer(pilot, "Nytt målområde för Kommunstyrelsen", "Hållbara Södertälje")
        assert [a.name for a in app.data.areas] == ["Hållbara Södertälje"]
        # Each addition is one change set: Ctrl+Z takes the last one back.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.data.areas == []


async def test_a_refused_addition_says_why_and_changes_nothing(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = app.data
        adding.add_committee(app)
        await settle(pilot)
        await answer(pilot, "Ny nämnd", "kommunstyrelsen")
        said = [n.message for n in app._notifications]
        assert any("finns redan en nämnd" in m for m in said), said
        assert app.data is not None and before is not None
        assert app.data.committee.name == "Kommunstyrelsen"
        assert len(app.committees) == 1
        # A name is needed: the dialog stays open and says so.
        adding.add_unit(app)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ValueDialog)
        dialog.query_one("#value", Input).value = "  ; 120"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog


async def test_the_palette_opens_the_next_year(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert adding.next_year(app) == 2018
        adding.open_year(app)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert app.data is not None and app.data.year == 2018
        assert app.data.total().figures.budget is None
        assert app.data.total().net_cost[2017] is not None  # last year to compare with
        assert 2018 in app.years
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert 2018 not in app.years


def test_name_and_code_are_read_from_one_line() -> None:
    assert adding.name_and_code("Ekonomi; 120") == ("Ekonomi", "120")
    assert adding.name_and_code("  Ekonomi  ") == ("Ekonomi", None)
    for bad in ("", " ; 120", "A; B; C"):
        with pytest.raises(ValueError):
            adding.name_and_code(bad)


async def test_a_unit_under_one_with_figures_of_its_own_is_added_with_a_note(
    make_app: AppFactory,
) -> None:
    """The rule's note (the parent's own figures count until units below it have some)
    reaches the app as it reaches `ksui add unit`."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.data is not None
        hr = next(u for u in app.data.tree.units.values() if u.name == "HR")
        adding.add_unit(app, hr)
        await settle(pilot)
        await answer(pilot, "Ny enhet under HR", "Lönecenter; 131")
        notes = [n for n in app._notifications if n.title == "Obs"]
        assert notes and "HR" in notes[0].message
        assert any(u.name == "Lönecenter" for u in app.data.tree.units.values())


async def test_an_undone_year_is_left_for_the_one_before(empty_app: KsuiApp) -> None:
    """A nämnd without figures opens a new year, and the year is undone: the app goes back
    to this year instead of staying on the undone one (where an import would then write)."""
    app = empty_app
    this_year = datetime.date.today().year
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await answer(pilot, "Välkommen! Vad heter din nämnd?", "Kultur; KN")
        await pilot.press("escape")
        await settle(pilot)
        assert adding.next_year(app) == this_year + 1
        adding.open_year(app)
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert app.data is not None and app.data.year == this_year + 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.data is not None and app.data.year == this_year
