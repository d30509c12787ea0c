"""Two ksui on one file never lose an edit: a stale or locked edit is refused, the screen re-read.

"Another process" is a second Store on the same file, writing through the same use cases
(``ksui.actions``) as `ksui set` does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from ksui.actions import edits, history, locks
from ksui.store import Store
from ksui.tui import KsuiApp
from ksui.tui.dialogs import ConfirmDialog
from ksui.tui.dialogs.audit import AuditDialog
from ksui.tui.dialogs.confirm import TypedConfirmDialog
from ksui.tui.dialogs.importing import ImportDialog
from ksui.tui.screens.base import ReportScreen
from ksui.tui.widgets.figure_table import FigureTable
from tests.swedish_words import svg_text
from tests.tui.conftest import (
    TKR,
    AppFactory,
    drift_table,
    put_cursor,
    row_of,
    sent,
    settle,
    text_of,
    until,
)


def behind_the_back(path: Path, app: KsuiApp) -> Store:
    """Another connection to the same file, as another ksui process would have.

    The app would notice that process's write at its next poll (half a second) and read
    the report again; these tests are of the edit made before it does, so its poll is
    stilled here: on a loaded machine the poll could otherwise come first.
    """
    app.gateway.data_version = lambda: None  # type: ignore[method-assign]
    return Store(path)


def stored_figure(path: Path, unit_id: int, measure: str) -> int | None:
    store = Store(path)
    try:
        row = store.conn.execute(
            "SELECT amount FROM drift_figure WHERE unit_id = ? AND year = 2017"
            " AND period = 'bokslut' AND measure = ?",
            (unit_id, measure),
        ).fetchone()
    finally:
        store.close()
    return row[0] if row else None


def shown_line(app: KsuiApp, unit: str) -> str:
    """The drift table's line of a unit, as painted."""
    table = drift_table(app)
    for y in range(1, table.size.height):
        line = table.render_line(y).text
        if line.strip().startswith(("▾ " + unit, "▸ " + unit, unit)):
            return line
    raise AssertionError(f"{unit} is not on screen")


def notes(app: KsuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_figure_changed_by_another_process_is_refused_and_shown(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        ekonomi = row_of(app, "Ekonomi").unit.id
        assert "42 857" in shown_line(app, "Ekonomi")
        other = behind_the_back(demo_path, app)
        try:
            edits.set_figure(other, ekonomi, 2017, "bokslut", "actual", 44_000 * TKR)
        finally:
            other.close()

        put_cursor(app, "Ekonomi", "actual")
        await pilot.press("enter", *"40 000", "enter")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1 and refused[0].stale
        assert sent(messages, KsuiApp.EditSaved) == []
        assert stored_figure(demo_path, ekonomi, "actual") == 44_000 * TKR
        message = notes(app)[-1]
        assert "Utfall Ekonomi" in message and "någon annan" in message
        assert "nu 44 000 tkr" in message
        # The screen was read again: the other process's figure is on it, totals too.
        assert row_of(app, "Ekonomi").figures.actual == 44_000 * TKR
        assert "44 000" in shown_line(app, "Ekonomi")
        assert row_of(app, "Ekonomi").deviation == (45_474 - 44_000) * TKR

        # Now based on what is stored, the edit goes through; and so does the next one,
        # based on the value the app patched in.
        await pilot.press("enter", *"40 000", "enter")
        await settle(pilot)
        await pilot.press("enter", *"41 000", "enter")
        await settle(pilot)
        assert len(sent(messages, KsuiApp.EditSaved)) == 2
        assert len(sent(messages, KsuiApp.EditRefused)) == 1
        assert stored_figure(demo_path, ekonomi, "actual") == 41_000 * TKR
        assert "41 000" in shown_line(app, "Ekonomi")


async def test_a_comment_changed_by_another_process_is_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        hr = row_of(app, "HR").unit.id
        other = behind_the_back(demo_path, app)
        try:
            edits.set_comment(other, "unit", hr, 2017, "Skrivet av en kollega.")
        finally:
            other.close()
        put_cursor(app, "HR", "actual")
        await pilot.press("c", *"Min text.", "ctrl+s")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1 and refused[0].stale
        assert "Kommentar HR" in notes(app)[-1]
        assert "Skrivet av en kollega." in text_of(app.screen.query_one("#comment", Static))


async def test_an_investment_changed_by_another_process_is_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert app.data is not None
        project = app.data.categories[0].projects[0]
        other = behind_the_back(demo_path, app)
        try:
            edits.set_investment(other, project.id, 2017, "spent", 1_234 * TKR)
        finally:
            other.close()
        table = app.screen.query_one("#investments", FigureTable)
        table.move_to_row_key(f"project:{project.id}", "spent")
        await pilot.press("enter", *"9 999", "enter")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1 and refused[0].stale
        assert "nu 1 234 tkr" in notes(app)[-1]
        shown = next(p for c in app.data.categories for p in c.projects if p.id == project.id)
        assert shown.spent == 1_234 * TKR


async def test_an_edit_to_a_locked_period_is_refused_and_nothing_is_written(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert app.data is not None
        hr = row_of(app, "HR").unit.id
        other = behind_the_back(demo_path, app)
        try:
            locks.lock(other, app.data.committee.id, 2017, "bokslut", note="Attesterat")
            before = history.latest_changeset(other)
        finally:
            other.close()

        put_cursor(app, "HR", "budget")
        await pilot.press("enter", *"40 000", "enter")
        await settle(pilot)
        refused = sent(messages, KsuiApp.EditRefused)
        assert len(refused) == 1 and not refused[0].stale
        message = notes(app)[-1]
        assert "Budget HR" in message and "bokslut 2017 är låst" in message
        assert sent(messages, KsuiApp.EditSaved) == []
        assert stored_figure(demo_path, hr, "budget") == 38_744 * TKR
        assert row_of(app, "HR").budget == 38_744 * TKR
        check = Store(demo_path)
        try:
            assert history.latest_changeset(check) == before
        finally:
            check.close()


# -- every screen follows an undo from the Ändringslogg and an import from its dialog --------
# (issue 15, item 7). The screen under the dialog and the screens shown before it must show
# what the file holds afterwards: the same as a ksui started afresh on that file shows.

SCREENS = {"1": "Översikt", "2": "Drift", "3": "Investeringar", "4": "KF-mål", "5": "Personal"}


def _ids(path: Path) -> dict[str, int]:
    store = Store(path)
    try:
        return {name: uid for uid, name in store.conn.execute("SELECT id, name FROM unit")}
    finally:
        store.close()


def seed_one_change_set(path: Path) -> None:
    """One change set touching every screen: a budget (Översikt, Drift), a project's utfall,
    a goal's title and the nämnd's sjuktal."""
    committee = _ids(path)["Kommunstyrelsen"]
    store = Store(path)
    try:
        with store.transaction("Rättelser inför bokslutet") as tx:
            key = {"year": 2017, "period": "bokslut"}
            tx.upsert(
                "drift_figure",
                {"unit_id": _ids(path)["Ekonomi"], **key, "measure": "budget"},
                {"amount": 46_474 * TKR},
            )
            tx.upsert("investment_figure", {"project_id": 1, **key}, {"spent": 9_161 * TKR})
            tx.upsert("goal", {"id": 1}, {"title": "Ett omskrivet finansiellt mål"})
            sick = {"committee_id": committee, "measure": "total", "group_name": "Totalt"}
            tx.upsert("sick_leave", {**sick, "year": 2017, "scope": "namnd"}, {"rate": "7.77"})
    finally:
        store.close()


def import_files(tmp_path: Path) -> dict[str, tuple[str, Path]]:
    """For each screen, the kind and a file whose import changes what it shows."""
    drift = tmp_path / "drift.csv"
    drift.write_text(
        "Enhet;År;Period;Budget (tkr);Utfall (tkr)\nHR;2017;bokslut;40 000;39 500\n",
        encoding="utf-8",
    )
    investments = tmp_path / "investeringar.csv"
    investments.write_text(
        "Kategori;Projekt;År;Period;Utfall (tkr)\n"
        "KS/KF-investeringar;Trådlösa nät kommunens verksamheter;2017;bokslut;9 161\n",
        encoding="utf-8",
    )
    personnel = tmp_path / "personal.csv"
    personnel.write_text(
        "Mått;Grupp;År;Omfattning;Procent\nSjuktal;Totalt;2017;Nämnden;7,77\n", encoding="utf-8"
    )
    kolada = tmp_path / "kolada.json"
    kpi = {"kpi": "N00000", "municipality": "0181", "period": 2017}
    values = [{**kpi, "values": [{"gender": "T", "value": 123}]}]
    kolada.write_text(json.dumps({"values": values}), encoding="utf-8")
    return {
        "1": ("drift", drift),
        "2": ("drift", drift),
        "3": ("investeringar", investments),
        "4": ("kolada", kolada),
        "5": ("personal", personnel),
    }


#: The indicator the Kolada file fills (KF-mål), by its name in the demo.
KOLADA = {"N00000": "Resultat mot balanskravet"}


async def body(pilot: Pilot[Any]) -> str:
    """What the screen in front shows below its top bar, toasts cleared."""
    pilot.app.clear_notifications()
    await settle(pilot)
    await pilot.pause()
    lines = svg_text(pilot.app.export_screenshot()).splitlines()
    return "\n".join(line.rstrip() for line in lines[2:])


async def visit_all(pilot: Pilot[Any]) -> None:
    """Show every screen once, so each holds a picture that can go stale."""
    for key in SCREENS:
        await pilot.press(key)
        await settle(pilot)


async def fresh_bodies(make_app: AppFactory) -> dict[str, str]:
    """Every screen as a ksui started afresh on the file shows it."""
    app = make_app(kolada=KOLADA)
    shown = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in SCREENS:
            await pilot.press(key)
            shown[key] = await body(pilot)
    return shown


async def undo_newest_from_the_log(pilot: Pilot[Any]) -> None:
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AuditDialog)
    await pilot.press("u")
    assert isinstance(pilot.app.screen, ConfirmDialog)
    await pilot.press("j")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AuditDialog)
    assert_caught_up_under_the_dialog(pilot)
    await pilot.press("escape")


def assert_caught_up_under_the_dialog(pilot: Pilot[Any]) -> None:
    """The screen around the dialog already shows the report the dialog's work left."""
    app = pilot.app
    assert isinstance(app, KsuiApp)
    under = app.screen_stack[-2]
    assert isinstance(under, ReportScreen)
    assert under._shown_version == app.version


async def import_from_the_dialog(pilot: Pilot[Any], kind: str, path: Path) -> None:
    await pilot.press("i")
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    dialog.query_one("#import-kind", Select).value = kind
    dialog.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)
    result = text_of(dialog.query_one("#import-result", Static))
    assert "mporterade" in result, result  # »Importerade …« or »… importerade«
    assert_caught_up_under_the_dialog(pilot)
    await pilot.press("escape")


@pytest.mark.parametrize("screen", list(SCREENS), ids=list(SCREENS.values()))
async def test_every_screen_shows_an_undo_from_the_log(
    make_app: AppFactory, demo_path: Path, screen: str
) -> None:
    seed_one_change_set(demo_path)
    app = make_app(kolada=KOLADA)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await visit_all(pilot)
        await pilot.press(screen)
        before = await body(pilot)
        await undo_newest_from_the_log(pilot)
        shown = {screen: await body(pilot)}  # the screen that was under the log
        for key in SCREENS:
            await pilot.press(key)
            shown[key] = await body(pilot)
    assert shown[screen] != before, "the undone change set did not show on this screen"
    fresh = await fresh_bodies(make_app)
    for key, name in SCREENS.items():
        assert shown[key] == fresh[key], f"{name} is stale after the undo"


@pytest.mark.parametrize("screen", list(SCREENS), ids=list(SCREENS.values()))
async def test_every_screen_shows_an_import_from_the_dialog(
    make_app: AppFactory, tmp_path: Path, screen: str
) -> None:
    kind, path = import_files(tmp_path)[screen]
    app = make_app(kolada=KOLADA)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await visit_all(pilot)
        await pilot.press(screen)
        before = await body(pilot)
        await import_from_the_dialog(pilot, kind, path)
        shown = {screen: await body(pilot)}
        for key in SCREENS:
            await pilot.press(key)
            shown[key] = await body(pilot)
    assert shown[screen] != before, "the import did not show on this screen"
    fresh = await fresh_bodies(make_app)
    for key, name in SCREENS.items():
        assert shown[key] == fresh[key], f"{name} is stale after the import"


async def test_after_undoing_everything_no_screen_keeps_old_figures(
    make_app: AppFactory,
) -> None:
    """Undoing the demo's creation leaves no nämnd: every screen says so, and only that."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await visit_all(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        table = app.screen.query_one("#audit-list", DataTable)
        table.move_cursor(row=table.get_row_index("1"))
        await settle(pilot)
        await pilot.press("u")
        await until(pilot, "the typed question", lambda: isinstance(app.screen, TypedConfirmDialog))
        await pilot.press("j", "a", "enter")
        await settle(pilot)
        assert app.data is None
        while not isinstance(app.screen, ReportScreen):  # the log, the walk-through's question
            await pilot.press("escape")
            await settle(pilot)
        for key, name in SCREENS.items():
            await pilot.press(key)
            shown = await body(pilot)
            assert "ingen nämnd" in shown, (name, shown)
            for old in ("352 701", "Kommunstyrelsens kontor", "Ekonomi", "Bärbara datorer"):
                assert old not in shown, (name, old, shown)
