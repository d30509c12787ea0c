"""The Kommunen screen: the consolidated nämnder side by side, as `ksui drift -c KOMMUN`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual import events as events_module
from textual.pilot import Pilot
from textual.widgets import Static
from typer.testing import CliRunner

from ksui.actions.consolidate import consolidate
from ksui.cli.main import app as cli
from ksui.config import Config
from ksui.core.swedish import format_amount
from ksui.store.demo import create_database
from ksui.tui import KsuiApp
from ksui.tui.commands import KsuiCommands
from ksui.tui.screens.kommun import KommunScreen
from ksui.tui.screens.kommun_view import NO_KOMMUN, NO_LINES, source_line
from ksui.tui.widgets.figure_table import FigureTable
from tests.store.test_consolidate import build_namnd
from tests.tui.conftest import settle, text_of, until

KOMMUN = "Södertälje kommun"
KFN = "Kultur- och fritidsnämnden"
FIGURES = ("budget", "forecast", "actual", "deviation")


def kommun_app(path: Path, **config: Any) -> KsuiApp:
    return KsuiApp(Config(database=path, theme="textual-dark", **config))


def cli_drift(path: Path, period: str) -> dict[str, Any]:
    """What `ksui drift -c KOMMUN --format json` prints for the file."""
    result = CliRunner().invoke(
        cli,
        ["--db", str(path), "drift", "-c", KOMMUN, "--period", period, "--format", "json"],
        env={"KSUI_CONFIG": "/dev/null", "KSUI_DB": None, "COLUMNS": "120"},
    )
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


async def open_kommun(pilot: Pilot[Any]) -> KommunScreen:
    """Press 6 and wait until the screen shows the kommun's table (or its hint)."""
    await settle(pilot)
    await pilot.press("6")
    screen = pilot.app.screen
    assert isinstance(screen, KommunScreen)
    await until(
        pilot,
        "the kommun read",
        lambda: screen.view is not None or screen.has_class("-empty"),
    )
    await settle(pilot)
    return screen


def shown(screen: KommunScreen) -> dict[str, dict[str, str]]:
    """The table as the controller reads it: name → column key → cell text."""
    table = screen.query_one("#kommun-table", FigureTable)
    keys = [str(column.key.value) for column in table.columns.values()]
    out = {}
    for index in range(table.row_count):
        row = [str(getattr(cell, "plain", cell)) for cell in table.get_row_at(index)]
        out[row[0].strip()] = dict(zip(keys, row, strict=True))
    return out


def as_screen(measure: str, kronor: float | None, unit: str = "tkr") -> str:
    """A JSON amount (kr) as the screen prints it in tkr (or mkr)."""
    if kronor is None:
        return ""
    return format_amount(round(kronor * 100), unit, signed=measure == "deviation")


#: Follow-ups as the app names them and as ``ksui drift --period`` takes them. In August
#: and at delår only Kultur- och fritidsnämnden has an utfall (the demo's Kommunstyrelsen
#: reports at bokslut), in March and April neither; T1 and delår are the tertial reports.
PERIODS = [
    ("bokslut", "bokslut"),
    ("m08", "8"),
    ("m03", "3"),
    ("m04", "4"),
    ("t1", "t1"),
    ("delar", "delar"),
    ("m12", "12"),
]


@pytest.mark.parametrize(("code", "period"), PERIODS)
async def test_the_namnder_show_the_figures_of_ksui_drift(
    kommun_path: Path, code: str, period: str
) -> None:
    app = kommun_app(kommun_path)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        if code != "bokslut":
            app.select(period=code)
            await until(
                pilot, "the period", lambda: app.data is not None and app.data.period == code
            )
        screen = await open_kommun(pilot)
        assert screen.view is not None and not screen.has_class("-empty")
        assert screen.view.period == code
        document = cli_drift(kommun_path, period)
        namnder = [u for u in document["units"] if u["depth"] == 1]
        by_name = {u["name"]: u for u in namnder}
        if code in ("m08", "delar"):  # one nämnd without utfall: the total is the other's
            assert by_name["Kommunstyrelsen"]["actual"] is None
            assert by_name[KFN]["actual"] is not None
            assert document["total"]["actual"] == by_name[KFN]["actual"]
        if code in ("m03", "m04"):  # neither has an utfall yet: none in the total either
            assert document["total"]["actual"] is None
        table = shown(screen)
        assert list(table) == [KOMMUN, *(u["name"] for u in namnder)]
        assert [u["name"] for u in namnder] == ["Kommunstyrelsen", KFN]
        for record in [document["total"], *namnder]:
            for measure in FIGURES:
                assert table[record["name"]][measure] == as_screen(measure, record[measure])


async def test_the_kommun_total_is_the_sum_of_the_namnder(kommun_path: Path) -> None:
    app = kommun_app(kommun_path)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await open_kommun(pilot)
        view = screen.view
        assert view is not None
        total, *namnder = (row.item.row for row in view.table.rows)
        assert total.unit.kind == "kommun" and len(namnder) == view.namnder == 2
        assert total.budget == sum(n.budget or 0 for n in namnder)
        assert total.figures.actual == sum(n.figures.actual or 0 for n in namnder)
        assert total.figures.forecast == sum(n.figures.forecast or 0 for n in namnder)


async def test_each_namnd_says_where_it_came_from(kommun_path: Path, demo_path: Path) -> None:
    app = kommun_app(kommun_path)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await open_kommun(pilot)
        table = shown(screen)
        assert table["Kommunstyrelsen"]["source"] == demo_path.name
        assert table[KFN]["source"] == "kfn.sqlite"
        assert table[KOMMUN]["source"] == ""
        assert table[KFN]["changeset"] == "nr 1"  # the source file's last change set
        assert table[KFN]["at"][:2] == "20"
        await pilot.press("down")
        await pilot.pause()
        line = text_of(screen.query_one("#kommun-source", Static), width=300)
        assert f"Från {demo_path}" in line and "konsoliderad" in line


async def test_enter_opens_the_namnd(kommun_path: Path) -> None:
    app = kommun_app(kommun_path)
    async with app.run_test(size=(160, 30)) as pilot:
        await open_kommun(pilot)
        await pilot.press("down", "down", "enter")
        await until(
            pilot, "the nämnd", lambda: app.data is not None and app.data.committee.name == KFN
        )
        await settle(pilot)
        assert app.current_mode == "drift"
        assert app.data is not None and app.data.period == "bokslut"
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("up", "up", "enter")  # the kommun's own row: the whole kommun
        await until(
            pilot,
            "the kommun",
            lambda: app.data is not None and app.data.committee.kind == "kommun",
        )
        await settle(pilot)
        assert app.current_mode == "drift"


async def test_a_file_without_a_kommun_says_what_to_do(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_kommun(pilot)
        assert screen.view is None and screen.has_class("-empty")
        hint = text_of(screen.query_one("#placeholder", Static), width=300)
        assert "ksui consolidate KOMMUN.sqlite NÄMND.sqlite" in hint
        assert hint.split() == NO_KOMMUN.split()
        assert not screen.query_one("#kommun-table", FigureTable).display
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert app.current_mode == "kommun"
        assert app.kommun is None


async def test_an_empty_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "tom.sqlite"
    create_database(path, demo=False).close()
    app = kommun_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        while len(app.screen_stack) > 1:  # the walk-through that offers to make a nämnd
            app.pop_screen()
            await pilot.pause()
        screen = await open_kommun(pilot)
        assert "ksui consolidate" in text_of(screen.query_one("#placeholder", Static), width=300)


async def test_the_kommun_is_listed_first_among_the_committees(kommun_path: Path) -> None:
    app = kommun_app(kommun_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        provider = KsuiCommands(app.screen)
        titles = [title for title, _, _ in provider._commands(with_units=False)]
        committees = [t for t in titles if t.startswith(("Kommun ", "Nämnd "))]
        assert committees[0] == f"Kommun {KOMMUN}"
        assert f"Nämnd {KFN}" in committees[1:]
        await pilot.press("ctrl+p", *"Kommun Söder")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(
            pilot,
            "the kommun",
            lambda: app.data is not None and app.data.committee.kind == "kommun",
        )
        await settle(pilot)
        assert app.current_mode == "kommun"
        screen = app.screen
        assert isinstance(screen, KommunScreen)
        await until(pilot, "the table", lambda: screen.view is not None)
        assert list(shown(screen)) == [KOMMUN, "Kommunstyrelsen", KFN]


async def test_a_config_naming_the_kommun_opens_on_its_screen(kommun_path: Path) -> None:
    app = kommun_app(kommun_path, committee=KOMMUN)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.current_mode == "kommun"
        screen = app.screen
        assert isinstance(screen, KommunScreen)
        await until(pilot, "the table", lambda: screen.view is not None)
        assert list(shown(screen)) == [KOMMUN, "Kommunstyrelsen", KFN]
        # Its nämnder were painted from their totals; the kommun's report followed, and is
        # the app's report, as config.toml asks.
        await until(pilot, "the kommun's report", lambda: app.data is not None)
        await settle(pilot)
        assert app.data is not None and app.data.committee.name == KOMMUN
        assert list(shown(screen)) == [KOMMUN, "Kommunstyrelsen", KFN]


async def test_names_from_a_source_are_shown_cleaned(tmp_path: Path) -> None:
    hostile = build_namnd(tmp_path / "x\x1b[31m.sqlite", name="[bold]Ond\x1b[31m nämnd")
    path = tmp_path / "kommun.sqlite"
    create_database(path, demo=False).close()
    consolidate(path, [hostile], "Ond\x1b]0;titel\x07 kommun")
    app = kommun_app(path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_kommun(pilot)
        await pilot.press("down")
        await pilot.pause()
        texts = [
            *shown(screen),
            *(cell for row in shown(screen).values() for cell in row.values()),
            text_of(screen.query_one("#kommun-heading", Static)),
            text_of(screen.query_one("#kommun-source", Static), width=300),
        ]
        assert any("x" in t and ".sqlite" in t for t in texts[-1:])  # the source, cleaned
        assert not any("\x1b" in t or "\x07" in t for t in texts)
        assert any("[bold]Ond" in t for t in texts)  # markup shown literally, not read


def ksui_cli(path: Path, *args: str) -> str:
    """Run a ksui command on the file, as a controller at a terminal would."""
    result = CliRunner().invoke(
        cli,
        ["--db", str(path), *args],
        env={"KSUI_CONFIG": "/dev/null", "KSUI_DB": None, "COLUMNS": "120"},
    )
    assert result.exit_code == 0, result.output
    return str(result.output)


def add_kommun_lines(path: Path) -> Path:
    """Kommun lines (and one balanskrav adjustment) entered as the README says, in mkr."""
    for args in (
        ("skatteintäkter", "budget", "370"),
        ("skatteintäkter", "utfall", "372,5"),
        ("statsbidrag", "utfall", "1,5"),
        ("finansnetto", "utfall", "-2,25"),
        ("pensionskostnader", "utfall", "-10"),
    ):
        ksui_cli(path, "set", "kommunrad", *args)
    ksui_cli(path, "set", "balanskrav", "Samtliga realisationsvinster", "-4,2")
    return path


async def test_the_kommun_level_follows_the_namnder(kommun_path: Path) -> None:
    app = kommun_app(add_kommun_lines(kommun_path))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_kommun(pilot)
        result = screen.query_one("#kommun-result", FigureTable)
        balance = screen.query_one("#kommun-balance", FigureTable)
        assert result.display and balance.display
        rows = {
            str(result.get_row_at(i)[0]).strip(): [str(c) for c in result.get_row_at(i)]
            for i in range(result.row_count)
        }
        # The nämnder's net cost is the kommun total of the table above, as a cost.
        total = shown(screen)[KOMMUN]
        assert rows["Nämndernas nettokostnader"][1] == "-" + total["budget"]
        assert "Årets resultat" in rows
        names = [str(balance.get_row_at(i)[0]).strip() for i in range(balance.row_count)]
        assert names[0].startswith("Årets resultat") and names[-1] == "Balanskravsresultat"
        balance.focus()
        await pilot.press("enter")  # no nämnd to open from the kommun level
        await settle(pilot)
        assert app.current_mode == "kommun"


async def test_a_kommun_file_opens_on_the_kommun_unless_a_namnd_is_named(
    kommun_path: Path,
) -> None:
    app = kommun_app(kommun_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.current_mode == "kommun"
        assert app.data is not None and app.data.committee.kind == "namnd"
    app = kommun_app(kommun_path, committee=KFN)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.current_mode == "overview"
        assert app.data is not None and app.data.committee.name == KFN


async def test_capital_y_copies_the_namnder_as_shown(
    kommun_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    app = kommun_app(kommun_path)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await open_kommun(pilot)
        await pilot.press("Y")
        await settle(pilot)
        copied = (tmp_path / "cache" / "ksui" / "urklipp.tsv").read_text(encoding="utf-8-sig")
        lines = copied.splitlines()
        table = shown(screen)
        assert len(lines) == 4  # the header, the kommun and its two nämnder
        assert lines[1].split("\t")[1:3] == [table[KOMMUN]["budget"], table[KOMMUN]["forecast"]]
        assert lines[3].split("\t")[0].strip() == KFN


async def test_a_kommun_file_paints_the_namnder_before_any_namnds_report(
    kommun_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first read is the kommun's totals (SQL sums); the first nämnd's report, which the
    other screens need, is read only once the nämnder are on screen."""
    from ksui.store import read
    from ksui.tui.gateway import Gateway

    events: list[str] = []
    load_report, fill = read.load_report, KommunScreen._fill

    def reading(*args: Any, **kwargs: Any) -> Any:
        events.append("report")
        return load_report(*args, **kwargs)

    def filling(self: KommunScreen, view: Any) -> None:
        events.append("fill")
        fill(self, view)

    monkeypatch.setattr(read, "load_report", reading)
    monkeypatch.setattr(KommunScreen, "_fill", filling)
    app = KsuiApp(Config(database=kommun_path, theme="textual-dark"), gateway=Gateway(kommun_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, "the nämnd's report", lambda: app.data is not None)
        await settle(pilot)
        assert app.current_mode == "kommun"
        assert events[0] == "fill" and "report" in events
        assert app.data is not None and app.data.committee.kind == "namnd"
        assert app.data.period == "bokslut"  # the kommun's latest follow-up, as on screen
        screen = app.screen
        assert isinstance(screen, KommunScreen) and screen.view is not None
        assert screen.view.period == "bokslut"


async def test_the_first_frame_holds_the_namnder_and_no_more(
    kommun_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening on the kommun, the tables are fitted once for the size they are shown at (not
    again for each Resize Textual sends while starting), and the kommun level is mounted
    and read only after the first frame (read before it, its worker took turns with that
    very frame for the interpreter); it then stands under the source line, as composed."""
    from ksui.tui.gateway import Gateway, first_key

    events: list[str] = []
    fill, mount, read_level = (
        KommunScreen._fill,
        KommunScreen._mount_level,
        KommunScreen._read_level,
    )

    def filling(self: KommunScreen, view: Any) -> None:
        events.append("fill")
        fill(self, view)

    async def mounting(self: KommunScreen) -> None:
        events.append(f"mount level, frame out: {self.ksui.first_frame_shown}")
        await mount(self)

    def reading_level(self: KommunScreen, *args: Any) -> Any:
        events.append(f"read level, frame out: {self.ksui.first_frame_shown}")
        return read_level(self, *args)

    monkeypatch.setattr(KommunScreen, "_fill", filling)
    monkeypatch.setattr(KommunScreen, "_mount_level", mounting)
    monkeypatch.setattr(KommunScreen, "_read_level", reading_level)
    config = Config(database=kommun_path, theme="textual-dark")
    gateway = Gateway(kommun_path)
    gateway.prefetch(first_key(config))
    with gateway._lock:  # read: the app starts on the Kommunen screen, as ksui does
        pass
    app = KsuiApp(config, gateway=gateway)
    assert app.DEFAULT_MODE == "kommun"
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, "the kommun level", lambda: bool(app.screen.query("#kommun-hint")))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, KommunScreen) and screen.view is not None
        assert events[:2] == ["fill", "mount level, frame out: True"]
        assert "read level, frame out: True" in events
        assert "read level, frame out: False" not in events
        ids = [widget.id for widget in screen.query(".report-body")]
        assert ids == [
            "kommun-heading",
            "kommun-table",
            "kommun-source",
            "kommun-hint",
            "kommun-result",
            "kommun-balance",
        ]
        assert screen.query_one("#kommun-hint", Static).display  # no kommun lines yet
        # A resize to the same size leaves the tables as they are; another size fits them.
        fills = events.count("fill")
        screen.post_message(events_module.Resize(screen.size, screen.size))
        await settle(pilot)
        assert events.count("fill") == fills
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert events.count("fill") > fills
        table = screen.query_one("#kommun-table", FigureTable)
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= 100


def test_the_first_load_of_a_kommun_file_is_its_totals(kommun_path: Path) -> None:
    from ksui.tui.app import opens_on_kommun
    from ksui.tui.gateway import Gateway, first_key

    gateway = Gateway(kommun_path)
    try:
        loaded = gateway.load(first_key(Config(database=kommun_path)))
    finally:
        gateway.close()
    assert loaded.data is None and loaded.totals is not None
    assert loaded.kommun is not None and loaded.totals.kommun == loaded.kommun
    assert [row.unit.name for row in loaded.totals.rows] == [KOMMUN, "Kommunstyrelsen", KFN]
    assert loaded.follow is not None and loaded.follow.committee == "Kommunstyrelsen"
    assert (loaded.follow.year, loaded.follow.period) == (loaded.totals.year, "bokslut")
    named = Config(database=kommun_path, committee=KFN)
    gateway = Gateway(kommun_path)
    try:
        loaded = gateway.load(first_key(named))  # a nämnd named: its report, as before
    finally:
        gateway.close()
    assert loaded.data is not None and loaded.totals is None
    # The kommun named (as config.toml may spell it): its nämnder's totals first as well,
    # with the kommun's whole report (every unit of every nämnd rolled up) to follow.
    for asked in (KOMMUN, KOMMUN.upper()):
        gateway = Gateway(kommun_path)
        try:
            key = first_key(Config(database=kommun_path, committee=asked))
            assert gateway._kind_apart(key) == b"K"
            loaded = gateway.load(key)
        finally:
            gateway.close()
        assert loaded.data is None and loaded.totals is not None
        assert [row.unit.name for row in loaded.totals.rows] == [KOMMUN, "Kommunstyrelsen", KFN]
        assert loaded.follow is not None and loaded.follow.committee == KOMMUN
        assert opens_on_kommun(loaded, Config(database=kommun_path, committee=asked))


@pytest.fixture
def large_kommun(tmp_path: Path) -> Path:
    """A kommun of 20 nämnder whose figures are as wide as tkr gets (hundreds of billions
    of kronor at the kommun's own row), each nämnd with its own deviation."""
    sources = []
    for number in range(20):
        path = build_namnd(
            tmp_path / f"n{number}.sqlite",
            name=f"Barn- och utbildningsnämnden {number}",
            base=9_000_000 + number * 7919,
        )
        conn = sqlite3.connect(path)  # test data: deviations of every width and sign
        try:
            conn.execute(
                "UPDATE drift_figure SET amount = amount + (unit_id * 7 + ?) * 1234567 * "
                "(CASE measure WHEN 'actual' THEN 3 WHEN 'forecast' THEN -2 ELSE 0 END)",
                (number - 10,),
            )
            conn.commit()
        finally:
            conn.close()
        sources.append(path)
    path = tmp_path / "kommun.sqlite"
    create_database(path, demo=False).close()
    consolidate(path, sources, KOMMUN)
    return path


def terminal_lines(app: KsuiApp) -> list[str]:
    """The screen as the terminal gets it, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def visible_cells(app: KsuiApp, table: FigureTable, index: int) -> dict[str, str]:
    """Row ``index`` of the table as it stands on the terminal: column key → the text in
    that column's cells (padding stripped), cut where the terminal or the table's
    scrollbar cuts it."""
    region = table.scrollable_content_region  # the table's cells, less its scrollbar
    y = region.y + 1 + index - round(table.scroll_y)  # under the header line
    assert region.y < y < region.bottom, f"row {index} is not on screen"
    line = terminal_lines(app)[y]
    out, x = {}, region.x - round(table.scroll_x)
    for column in table.columns.values():
        end = x + column.get_render_width(table)
        out[str(column.key.value)] = line[max(x, region.x) : min(end, region.right)].strip()
        x = end
    return out


async def test_no_figure_is_cut_at_80_columns(large_kommun: Path) -> None:
    document = cli_drift(large_kommun, "bokslut")
    by_name = {u["name"]: u for u in [document["total"], *document["units"]]}
    app = kommun_app(large_kommun)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kommun(pilot)
        table = screen.query_one("#kommun-table", FigureTable)
        assert screen.view is not None and table.row_count == 21
        assert table.show_vertical_scrollbar  # 21 rows do not fit: the scrollbar takes a cell
        # Every figure fits beside names of 16 cells: none is dropped at 80 columns.
        assert [str(key.value) for key in table.columns][1:5] == list(FIGURES)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        for index, row in enumerate(screen.view.table.rows):
            if index:
                await pilot.press("down")  # as a reader goes down the table
                await pilot.pause()
            record = by_name[row.item.row.unit.name]
            cells = visible_cells(app, table, index)
            for measure in FIGURES:
                assert cells[measure] == as_screen(measure, record[measure]), (index, measure)
            # Only a name gives way, and then with an ellipsis after its first 15 cells.
            name = row.item.row.unit.name
            assert cells["name"] == name or (
                cells["name"].endswith("…") and name.startswith(cells["name"][:-1])
            ), cells["name"]
            assert len(cells["name"]) >= min(len(name), 16)


async def test_columns_that_do_not_fit_are_dropped_whole(large_kommun: Path) -> None:
    """Narrower than the figures: the least needed at the follow-up goes (at bokslut the
    forecast first, as on Drift), never part of a figure, and the figures are shown in mkr
    when tkr would drop more of them (the heading says so); the sources come
    only where there is room for them beside the names."""
    total = cli_drift(large_kommun, "bokslut")["total"]
    app = kommun_app(large_kommun)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_kommun(pilot)
        table = screen.query_one("#kommun-table", FigureTable)
        assert [str(k.value) for k in table.columns] == ["name", *FIGURES, "source", "changeset"]
        await pilot.resize_terminal(56, 24)
        await settle(pilot)
        assert [str(k.value) for k in table.columns] == ["name", "budget", "actual", "deviation"]
        assert table.virtual_size.width <= table.scrollable_content_region.width
        heading = text_of(screen.query_one("#kommun-heading", Static), width=300)
        assert "Bokslut 2017 · mkr" in heading
        shown_cells = visible_cells(app, table, 0)
        for measure in ("budget", "actual", "deviation"):
            assert shown_cells[measure] == as_screen(measure, total[measure], "mkr")
        await pilot.resize_terminal(80, 24)  # wide enough again: tkr, every figure
        await settle(pilot)
        assert [str(k.value) for k in table.columns] == ["name", *FIGURES]
        assert visible_cells(app, table, 0)["budget"] == as_screen("budget", total["budget"])


async def test_the_top_bar_names_the_kommun_and_the_note_says_it_is_one(
    kommun_path: Path,
) -> None:
    app = kommun_app(kommun_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_kommun(pilot)
        assert app.current_mode == "kommun"
        top = terminal_lines(app)[0]
        assert f"{KOMMUN} · 2017 · Bokslut · tkr" in top
        assert "Kommunstyrelsen" not in top
        said = [n.message for n in app._notifications]
        assert (
            "Kommunens fil: 2 nämnder. Enter öppnar en nämnd; 1–5 visar den valda nämnden." in said
        )
        assert not any("visar Kommunstyrelsen" in m for m in said), said
        await pilot.press("2")  # the other screens show the nämnd, and say so
        await settle(pilot)
        assert "Kommunstyrelsen · 2017 · Bokslut · tkr" in terminal_lines(app)[0]
        await pilot.press("6")
        await settle(pilot)
        assert screen.view is not None
        assert f"{KOMMUN} · 2017 · Bokslut · tkr" in terminal_lines(app)[0]


async def test_without_a_kommun_the_footer_offers_no_namnd_to_open(
    make_app: Any, kommun_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_kommun(pilot)
        assert screen.has_class("-empty")
        assert "Öppna nämnden" not in terminal_lines(app)[-1]
        assert not any(b.binding.action == "open_namnd" for b in screen.active_bindings.values())
        assert "Kommunstyrelsen · 2017" in terminal_lines(app)[0]  # the app's own nämnd
    # With a kommun, Enter is offered on its nämnder (not on the kommun level below).
    app = kommun_app(add_kommun_lines(kommun_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_kommun(pilot)
        assert "Öppna nämnden" in terminal_lines(app)[-1]
        await pilot.press("tab")  # on the kommun level there is no nämnd to open
        await pilot.pause()
        assert "Öppna nämnden" not in terminal_lines(app)[-1]


def columns_on_terminal(app: KsuiApp, table: FigureTable, y: int) -> dict[str, str]:
    """Line ``y`` of the terminal cut at the table's columns: column key → the cells' text
    as drawn, padding included (the table must not be scrolled sideways)."""
    region = table.scrollable_content_region
    line, x, out = terminal_lines(app)[y], region.x, {}
    for column in table.columns.values():
        end = x + column.get_render_width(table)
        out[str(column.key.value)] = line[x:end]
        x = end
    return out


def assert_right_aligned(app: KsuiApp, table: FigureTable, keys: set[str]) -> int:
    """Every figure column's heading and cells are right-aligned as built (the Text's
    justify) and as drawn (the text ends at the column's right edge, before its one cell of
    padding). Returns how many figures were seen, so a test cannot pass on none."""
    right = [str(c.key.value) for c in table.columns.values() if str(c.key.value) in keys]
    assert right, "no figure column"
    for column in table.columns.values():
        if str(column.key.value) in keys:
            assert isinstance(column.label, Text) and column.label.justify == "right"
        else:
            assert column.label.justify != "right"  # names and sources stay left
    seen = 0
    region = table.scrollable_content_region
    assert table.scroll_x == 0 and table.scroll_y == 0
    for index in range(-1, table.row_count):  # the heading, then every row
        if index >= 0:
            cells = dict(
                zip([str(k.value) for k in table.columns], table.get_row_at(index), strict=True)
            )
            assert all(cells[key].justify == "right" for key in right)
        drawn = columns_on_terminal(app, table, region.y + 1 + index)
        for key in right:
            text = drawn[key]
            if text.strip():
                seen += 1
                assert text.endswith(" ") and not text.endswith("  "), (index, key, text)
    return seen


async def test_figures_and_their_headings_are_right_aligned(kommun_path: Path) -> None:
    app = kommun_app(add_kommun_lines(kommun_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_kommun(pilot)
        namnder = screen.query_one("#kommun-table", FigureTable)
        result = screen.query_one("#kommun-result", FigureTable)
        balance = screen.query_one("#kommun-balance", FigureTable)
        assert result.display and balance.display and result.row_count > 2
        assert assert_right_aligned(app, namnder, set(FIGURES)) >= 4 * 4
        assert assert_right_aligned(app, result, set(FIGURES)) >= 4 * 3
        assert assert_right_aligned(app, balance, {"amount"}) >= 4
        # Short and long figures end in the same cell: "3 330" under "352 701".
        drawn = columns_on_terminal(app, namnder, namnder.scrollable_content_region.y + 3)
        assert drawn["budget"].endswith(" 3 330 ")


async def test_the_heading_names_the_kommun_then_its_namnder(kommun_path: Path) -> None:
    app = kommun_app(kommun_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_kommun(pilot)
        heading = screen.query_one("#kommun-heading", Static)
        said = f"{KOMMUN} · 2 nämnder · Bokslut 2017 · tkr   Enter öppnar nämnden"
        assert text_of(heading).strip() == said
        assert said in terminal_lines(app)[heading.region.y]


def short_sources(path: Path) -> Path:
    """The sources as one short folder (test data only): each source line is one line."""
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "UPDATE consolidation SET source_path = '/srv/n/' || committee_id || '.sqlite'"
        )
        conn.commit()
    finally:
        conn.close()
    return path


async def test_twenty_namnder_and_the_kommun_level_fit_at_120x40(large_kommun: Path) -> None:
    app = kommun_app(short_sources(large_kommun))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_kommun(pilot)
        await until(pilot, "the kommun level", lambda: screen.view and screen.view.level)
        await settle(pilot)
        table = screen.query_one("#kommun-table", FigureTable)
        source = screen.query_one("#kommun-source", Static)
        hint = screen.query_one("#kommun-hint", Static)
        assert table.row_count == 21 and not table.show_vertical_scrollbar
        assert table.max_scroll_y == 0 and screen.scroll_y == 0
        lines = terminal_lines(app)
        assert screen.view is not None
        for index, row in enumerate(screen.view.table.rows):
            y = table.region.y + 1 + index
            assert lines[y].strip().startswith(row.item.row.unit.name), (index, lines[y])
        # No blank band: the source line right under the table, then one empty line and
        # the kommun level (here: the hint, as the kommun has no kommun lines), all above
        # the footer.
        assert source.region.y == table.region.bottom and source.region.height == 1
        assert "summan av 20 nämnder" in lines[source.region.y]
        assert hint.display and hint.region.y == source.region.bottom + 1
        assert not lines[source.region.bottom].strip()
        assert hint.region.bottom < len(lines) - 1


async def test_the_cursor_row_stays_above_the_footer_at_80x24(large_kommun: Path) -> None:
    app = kommun_app(large_kommun)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kommun(pilot)
        table = screen.query_one("#kommun-table", FigureTable)
        source = screen.query_one("#kommun-source", Static)
        assert screen.view is not None and table.row_count == 21
        await pilot.press(*["down"] * 20)  # to the last nämnd
        await settle(pilot)
        assert table.cursor_row == 20
        y = table.region.y + 1 + 20 - round(table.scroll_y)
        assert table.region.y < y < table.region.bottom <= source.region.y
        assert source.region.bottom <= 24 - 1  # the footer's line
        name = screen.view.table.rows[20].item.row.unit.name
        drawn = terminal_lines(app)[y].strip()
        cut = drawn.split("…")[0]  # a long name is cut with "…" at 80 columns
        assert drawn.startswith(name) or (len(cut) >= 15 and name.startswith(cut)), drawn
        assert "Från " in terminal_lines(app)[source.region.y]  # its source, under it


async def test_without_kommun_lines_a_line_says_how_to_enter_them(kommun_path: Path) -> None:
    app = kommun_app(kommun_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_kommun(pilot)
        await until(pilot, "the kommun level", lambda: screen.view and screen.view.level)
        await settle(pilot)
        hint = screen.query_one("#kommun-hint", Static)
        assert hint.display
        assert text_of(hint, width=300).split() == NO_LINES.split()
        assert not screen.query_one("#kommun-result", FigureTable).display
        assert not screen.query_one("#kommun-balance", FigureTable).display
        assert "Inga kommunrader ännu" in "\n".join(terminal_lines(app))
    # The commands the line names are ksui's own.
    assert "ksui set kommunrad" in NO_LINES and "ksui import kommunrader" in NO_LINES
    assert "kommunrad" in ksui_cli(kommun_path, "set", "kommunrad", "--help")
    assert "SIE" in ksui_cli(kommun_path, "import", "kommunrader", "--help")
    app = kommun_app(add_kommun_lines(kommun_path))  # with them: the two tables
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_kommun(pilot)
        await until(pilot, "the kommun level", lambda: screen.view and screen.view.level)
        await settle(pilot)
        assert not screen.query_one("#kommun-hint", Static).display
        result = screen.query_one("#kommun-result", FigureTable)
        assert result.display and screen.query_one("#kommun-balance", FigureTable).display
        names = [str(result.get_row_at(i)[0]).strip() for i in range(result.row_count)]
        assert "Skatteintäkter" in names and "Pensionskostnader" in names


async def test_a_long_source_makes_the_source_line_as_high_as_it_needs(
    kommun_path: Path,
) -> None:
    """The source line is as high as the longest row's source wraps to at the width there
    is, whichever row the cursor is on (no line of it cut, nothing jumping)."""
    folder = "/srv/" + "ekonomiavdelningens-underlag/" * 4  # some 120 characters
    conn = sqlite3.connect(kommun_path)
    try:
        conn.execute(
            "UPDATE consolidation SET source_path = ? || committee_id || '.sqlite'", (folder,)
        )
        conn.commit()
    finally:
        conn.close()
    app = kommun_app(kommun_path)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await open_kommun(pilot)
        source = screen.query_one("#kommun-source", Static)
        assert "summan av" in text_of(source)  # the kommun's own row: one short line
        assert screen.view is not None
        width = screen.size.width - 3  # the gutter and the line's padding
        longest = max(
            len(Text(source_line(screen.view, row.item.row.unit.id)).wrap(app.console, width))
            for row in screen.view.table.rows
        )
        assert longest >= 2 and source.region.height == longest
        await pilot.press("down")  # a nämnd: its whole source fits the line
        await settle(pilot)
        assert folder in "".join(line.strip() for line in terminal_lines(app))
        assert source.region.height == longest


async def test_the_screen_is_made_with_the_breakpoint_class_of_the_terminal(
    kommun_path: Path,
) -> None:
    """Made while the app runs, the screen has the breakpoint class (``-narrow`` below 110
    columns, ``-wide`` from there) that Textual would give it on its first Resize, so that
    Resize changes no class and styles nothing again before the first frame."""
    for width, shown, other in ((100, "-narrow", "-wide"), (120, "-wide", "-narrow")):
        app = kommun_app(kommun_path)
        async with app.run_test(size=(width, 30)) as pilot:
            await settle(pilot)
            made = KommunScreen()  # as the registry makes it, before it is mounted
            assert shown in made.classes and other not in made.classes
            assert shown in app.screen.classes and other not in app.screen.classes
    assert not KommunScreen().classes  # no app running: the first Resize gives them
