"""Trust: an untouched box writes nothing, typed-ahead keys arrive, undo asks, locks refuse.

Each test here failed on the code before it: an edit box held the rounded figure (so
Enter, Enter rounded the stored öre away), keys typed right after Enter went to the table,
an undo of a unit's creation removed it without a word, the app kept showing figures
another process had changed, and a [keys] table with a typo started silently.
"""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.message import Message
from textual.widgets import Input

from ksui.actions import edits, locks
from ksui.config import Config, ConfigError, load_config
from ksui.core.swedish import MAX_ORE, parse_amount, parse_decimal
from ksui.store import Store, read
from ksui.tui import KsuiApp
from ksui.tui.adding import AddUnit
from ksui.tui.amounts import exact_amount, exact_decimal
from ksui.tui.charset import fit_output
from ksui.tui.dialogs import ConfirmDialog, LongTextDialog, ValueDialog
from ksui.tui.dialogs.confirm import TypedConfirmDialog
from ksui.tui.keys import check_keymap
from ksui.tui.screens.overview import OverviewScreen
from ksui.tui.widgets.figure_table import FigureTable
from tests.tui.conftest import (
    TKR,
    AppFactory,
    drift_table,
    put_cursor,
    row_of,
    sent,
    settle,
    until,
)
from tests.tui.test_goals import goal_list, goals

EXACT = 5_001_340_000  # 50 013,4 tkr


# -- helpers ----------------------------------------------------------------------------------
def burst(app: KsuiApp, *keys: str) -> None:
    """Send keys the way a terminal does: all at once, nobody waiting in between."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        char: str | None
        try:
            char = unicodedata.lookup(key.replace("_", " ").upper()) if len(key) > 1 else key
        except KeyError:
            char = None
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


def write_behind(path: Path, action: Callable[[Store], object]) -> None:
    """Write through another connection to the file, as another ksui process would."""
    store = Store(path)
    try:
        action(store)
    finally:
        store.close()


def changesets(path: Path) -> int:
    store = Store(path)
    try:
        return int(store.conn.execute("SELECT count(*) FROM changeset").fetchone()[0])
    finally:
        store.close()


def unit_id(path: Path, name: str) -> int:
    store = Store(path)
    try:
        data = read.load_report(store, read.find_committee(store, None), 2017, "bokslut")
    finally:
        store.close()
    return next(u.id for u in data.tree.units.values() if u.name == name)


def stored_actual(path: Path, name: str) -> int | None:
    store = Store(path)
    try:
        data = read.load_report(store, read.find_committee(store, None), 2017, "bokslut")
    finally:
        store.close()
    return data.figures[next(u.id for u in data.tree.units.values() if u.name == name)].actual


def box(app: KsuiApp) -> str:
    """The text in the open edit box."""
    assert isinstance(app.screen, ValueDialog)
    return app.screen.query_one("#value", Input).value


def notes(app: KsuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- 1. the edit box holds the exact value; an untouched box writes nothing ---------------------
@given(
    st.integers(min_value=-(MAX_ORE - 1), max_value=MAX_ORE - 1),
    st.sampled_from(["tkr", "mkr", "kr"]),
)
def test_exact_amount_parses_back_to_the_same_ore(ore: int, unit: str) -> None:
    assert parse_amount(exact_amount(ore, unit), unit) == ore


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9
    )
)
def test_exact_decimal_parses_back_to_the_same_value(value: Decimal) -> None:
    assert parse_decimal(exact_decimal(value)) == value


def test_exact_amount_examples() -> None:
    assert exact_amount(EXACT, "tkr") == "50 013,4"
    assert exact_amount(EXACT, "mkr") == "50,0134"
    assert exact_amount(5_000_000_000, "mkr") == "50"
    assert exact_amount(-107_600_000, "tkr") == "-1 076"
    assert exact_amount(None) == ""


@pytest.mark.parametrize(("unit", "shown"), [("tkr", "50 013,4"), ("mkr", "50,0134")])
async def test_enter_enter_keeps_the_exact_figure_and_writes_nothing(
    make_app: AppFactory, demo_path: Path, messages: list[Message], unit: str, shown: str
) -> None:
    ekonomi = unit_id(demo_path, "Ekonomi")
    write_behind(
        demo_path, lambda s: edits.set_figure(s, ekonomi, 2017, "bokslut", "actual", EXACT)
    )
    before = changesets(demo_path)
    app = make_app(unit=unit)
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "actual")
        await pilot.press("enter")
        assert box(app) == shown
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ValueDialog)
        assert sent(messages, KsuiApp.EditSaved) == []
    assert stored_actual(demo_path, "Ekonomi") == EXACT
    assert changesets(demo_path) == before


async def test_untouched_boxes_write_nothing_on_every_screen(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        assert app.data is not None
        project = app.data.categories[0].projects[0]
        committee = app.data.committee.id
        indicator = goals(app)[0].indicators[0]

        def exact_values(store: Store) -> None:
            edits.set_investment(store, project.id, 2017, "appropriation", 123_456_789)
            edits.set_sick_rate(store, committee, "total", "kon", "Kvinnor", 2017, "namnd", "4.485")
            edits.set_indicator_value(store, indicator.id, 2017, "57.25")

        write_behind(demo_path, exact_values)
        app.select(period="bokslut")  # read the report again
        await settle(pilot)
        before = changesets(demo_path)

        await pilot.press("3")
        await settle(pilot)
        app.screen.query_one("#investments", FigureTable).move_to_row_key(
            f"project:{project.id}", "appropriation"
        )
        await pilot.press("enter")
        assert box(app) == "1 234,56789"
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#investments", FigureTable).move_to_row_key(
            f"project:{project.id}", "name"
        )
        await pilot.press("enter")
        assert box(app) == project.name
        await pilot.press("enter")
        await settle(pilot)

        await pilot.press("5")
        await settle(pilot)
        app.screen.query_one("#sick-total", FigureTable).move_to_row_key(
            "total:kon:Kvinnor", "y2017"
        )
        await pilot.press("enter")
        assert box(app) == "4,485"
        await pilot.press("enter")
        await settle(pilot)

        await pilot.press("4")
        await settle(pilot)
        goal = goals(app)[0]
        goal_list(app).move_to_row_key(f"goal:{goal.id}", "title")
        await pilot.pause()
        indicators = app.screen.query_one("#indicators", FigureTable)
        indicators.focus()
        indicators.move_to_row_key(f"ind:{indicator.id}:", "y2017")
        await pilot.press("enter")
        assert box(app) == "57,25"
        await pilot.press("enter")
        await settle(pilot)
        goal_list(app).focus()
        await pilot.press("c")
        assert isinstance(app.screen, LongTextDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)

        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "HR", "name")
        await pilot.press("enter")
        assert box(app) == "HR"
        await pilot.press("enter")
        await settle(pilot)

        assert sent(messages, KsuiApp.EditSaved) == []
        assert sent(messages, KsuiApp.EditRefused) == []
    assert changesets(demo_path) == before


# -- 2. keys typed right after Enter reach the edit box, in order -----------------------------
@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (("enter", "4", "9", "0", "0", "1", "enter"), 49_001),
        (("enter", "ctrl+u", "4", "7", "space", "0", "0", "0", "enter"), 47_000),
        (("enter", "end", "backspace", "backspace", "backspace", "1", "2", "3", "enter"), 42_123),
    ],
)
async def test_keys_in_one_burst_reach_the_box_in_order(
    make_app: AppFactory, demo_path: Path, keys: tuple[str, ...], expected: int
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "actual")
        burst(app, *keys)
        await until(pilot, "the edit to be saved", lambda: bool(app.undo_stack))
        await settle(pilot)
        assert not isinstance(app.screen, ValueDialog)
        assert row_of(app, "Ekonomi").figures.actual == expected * TKR
    assert stored_actual(demo_path, "Ekonomi") == expected * TKR


async def test_pilot_press_without_pause(make_app: AppFactory, demo_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "actual")
        await pilot.press("enter", "4", "9", "0", "0", "1", "enter")
        await settle(pilot)
    assert stored_actual(demo_path, "Ekonomi") == 49_001 * TKR


async def test_a_burst_of_digits_does_not_switch_screens(make_app: AppFactory) -> None:
    """'1' is Översikt: typed ahead into the box it is a digit, not a key of the app."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        put_cursor(app, "Ekonomi", "actual")
        burst(app, "enter", "1", "1", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert app.undo_stack == []


# -- 3. undo: refused with the reason, a big one asked first ----------------------------------
async def test_undo_of_a_new_unit_asks_first_and_says_what_goes(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Kommunstyrelsens kontor", "name")
        await pilot.press("a", *"Lönecenter", "enter")
        await settle(pilot)
        assert isinstance(sent(messages, KsuiApp.EditSaved)[-1].edit, AddUnit)
        before = changesets(demo_path)

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert isinstance(app.screen, TypedConfirmDialog)  # a unit goes: »ja« must be typed
        assert "tar bort 1 enhet" in app.screen.question
        assert app.screen.focused is not None and app.screen.focused.id == "typed-word"
        await pilot.press("enter", "escape")  # Enter on nothing typed, then Escape
        await settle(pilot)
        assert changesets(demo_path) == before
        assert row_of(app, "Lönecenter")
        assert len(app.undo_stack) == 1  # still there to undo

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert isinstance(app.screen, TypedConfirmDialog)
        await pilot.press("j", "a", "enter")
        await settle(pilot)
        assert changesets(demo_path) == before + 1
        assert "Lönecenter" not in [r.unit.name for r in drift_table(app).rows]


async def test_an_undo_later_work_builds_on_is_refused_with_the_reason(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "HR", "actual")
        await pilot.press("enter", *"50 000", "enter")
        await settle(pilot)
        hr = row_of(app, "HR").unit.id
        write_behind(
            demo_path, lambda s: edits.set_figure(s, hr, 2017, "bokslut", "actual", 51_000 * TKR)
        )
        before = changesets(demo_path)
        await pilot.press("ctrl+z")
        await settle(pilot)
        reverted = sent(messages, KsuiApp.Reverted)
        assert reverted and reverted[-1].reason is not None
        assert "senare ändringar" in notes(app)[-1]
        assert "\n" not in notes(app)[-1]
        assert not isinstance(app.screen, ConfirmDialog)
    assert changesets(demo_path) == before
    assert stored_actual(demo_path, "HR") == 51_000 * TKR


async def test_the_logs_u_on_an_already_undone_change_set_is_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "HR", "actual")
        await pilot.press("enter", *"50 000", "enter")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        before = changesets(demo_path)
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "AuditDialog"
        dialog.query_one(FigureTable).move_cursor(row=1)  # the edit, below its undo
        await pilot.pause()
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert "redan ångrad" in notes(app)[-1]
        assert "\n" not in notes(app)[-1]
    assert changesets(demo_path) == before
    assert stored_actual(demo_path, "HR") == 38_698 * TKR


# -- 4. a locked follow-up refuses every edit, in one line, and the screen is read again ------
def lock_bokslut(path: Path) -> int:
    def do(store: Store) -> None:
        locks.lock(store, read.find_committee(store, None).id, 2017, "bokslut", note="Attesterat")

    write_behind(path, do)
    return changesets(path)


def assert_refused(app: KsuiApp, messages: list[Message], path: Path, before: int) -> None:
    refused = sent(messages, KsuiApp.EditRefused)
    assert len(refused) == 1, "the store should refuse the edit"
    assert sent(messages, KsuiApp.EditSaved) == []
    note = notes(app)[-1]
    assert "låst" in note and "\n" not in note and "Traceback" not in note
    assert changesets(path) == before


async def test_locked_rename_is_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        before = lock_bokslut(demo_path)
        put_cursor(app, "HR", "name")
        await pilot.press("enter", "ctrl+u", *"Personal", "enter")
        await settle(pilot)
        assert_refused(app, messages, demo_path, before)
        assert row_of(app, "HR")


async def test_locked_status_switch_is_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert app.data is not None
        project = app.data.categories[0].projects[0]
        before = lock_bokslut(demo_path)
        app.screen.query_one("#investments", FigureTable).move_to_row_key(
            f"project:{project.id}", "status"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert_refused(app, messages, demo_path, before)
        shown = next(p for c in app.data.categories for p in c.projects if p.id == project.id)
        assert shown.status == project.status


async def test_locked_add_unit_is_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("2")
        await settle(pilot)
        before = lock_bokslut(demo_path)
        put_cursor(app, "Kommunstyrelsens kontor", "name")
        await pilot.press("a", *"Lönecenter", "enter")
        await settle(pilot)
        assert_refused(app, messages, demo_path, before)
        assert "Lönecenter" not in [r.unit.name for r in drift_table(app).rows]


async def test_locked_followup_is_refused(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await pilot.press("4")
        await settle(pilot)
        goal = goals(app)[1]
        before = lock_bokslut(demo_path)
        goal_list(app).move_to_row_key(f"goal:{goal.id}", "title")
        await pilot.press("c", *" Uppdaterat i mars.", "ctrl+s")
        await settle(pilot)
        assert_refused(app, messages, demo_path, before)
        assert goals(app)[1].followup == goal.followup


# -- 12. another process's writes show within a second; [keys] is checked before the start ----
async def test_a_write_by_another_process_shows_without_a_key(
    make_app: AppFactory, demo_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "actual")
        ekonomi = row_of(app, "Ekonomi").unit.id
        write_behind(
            demo_path,
            lambda s: edits.set_figure(s, ekonomi, 2017, "bokslut", "actual", 40_000 * TKR),
        )
        await until(
            pilot,
            "the new figure on screen",
            lambda: row_of(app, "Ekonomi").figures.actual == 40_000 * TKR,
            deadline=5,
        )
        row = drift_table(app).current_row
        assert row is not None and row.unit.name == "Ekonomi"
        assert "40 000" in drift_table(app).render_line(drift_table(app).cursor + 1).text


def keys_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[display]\nunit = "tkr"\n\n[keys]\n' + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (
            '"screen.drift" = "f2"\nfoo = "x"\n',
            6,
            'keys."foo": okänd åtgärd; finns: screen.oversikt',
        ),
        ('"undo" = "ctrl+"\n', 5, 'keys."undo": »ctrl+« är ingen tangent'),
        ('"undo" = "banan"\n', 5, 'keys."undo": »banan« är ingen tangent'),
        ('"comment" = "a"\n', 5, 'keys."comment": »a« gör redan »add«'),
        ('"geh" = "2"\n', 5, 'keys."geh": »2« gör redan »screen.drift«'),
    ],
)
def test_a_bad_keys_table_is_refused_with_file_and_line(
    tmp_path: Path, demo_path: Path, body: str, line: int, words: str
) -> None:
    path = keys_config(tmp_path, body)
    config = load_config(path, db_override=str(demo_path))
    with pytest.raises(ConfigError) as caught:
        KsuiApp(config)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert words in str(caught.value)


def test_a_good_keys_table_passes() -> None:
    check_keymap(Config(keys={"screen.drift": "f2", "edit": "e", "log.period": "P", "geh": "G"}))


def test_the_app_does_not_start_on_a_bad_keys_table(tmp_path: Path, demo_path: Path) -> None:
    path = keys_config(tmp_path, 'foo = "x"\n')
    done = subprocess.run(
        [sys.executable, "-m", "ksui", "--config", str(path), "--db", str(demo_path)],
        capture_output=True,
        encoding="utf-8",  # the child runs under the UTF-8 locale tests/conftest.py pins
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f'ksui: {path}:5: keys."foo": okänd åtgärd; finns: ')


# -- 10. a Latin-1 terminal gets one ASCII character per character it lacks ------------------
def test_a_latin1_stream_gets_ascii_one_cell_a_character() -> None:
    """A Latin-1 locale mostly fronts a UTF-8 terminal: plain ASCII reads right on both."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1", errors="backslashreplace")
    assert fit_output(stream)
    stream.write("╭─ Översikt ●✎▾ │╰ … →")
    stream.flush()
    assert raw.getvalue().decode("ascii") == "+- Oversikt **v |+ ~ -"
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert not fit_output(utf8)


async def test_a_burst_that_closes_a_box_and_switches_screen_ends_where_it_should(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        put_cursor(app, "Ekonomi", "actual")
        burst(app, "enter", "9", "escape", "3", "2", "enter", "escape", "1")
        await settle(pilot)
        await until(pilot, "Översikt", lambda: isinstance(app.screen, OverviewScreen))
        assert not app.undo_stack
        assert app.gateway.pending() == 0
