"""The Kommunen screen: the consolidated nämnder side by side, as `ksui drift -c KOMMUN`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
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
from ksui.tui.screens.kommun import NO_KOMMUN, KommunScreen
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


def as_screen(measure: str, kronor: float | None) -> str:
    """A JSON amount (kr) as the screen prints it in tkr."""
    if kronor is None:
        return ""
    return format_amount(round(kronor * 100), "tkr", signed=measure == "deviation")


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


async def test_the_kommun_level_follows_the_namnder(kommun_path: Path) -> None:
    app = kommun_app(kommun_path)
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


def test_the_first_load_of_a_kommun_file_is_its_totals(kommun_path: Path) -> None:
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
