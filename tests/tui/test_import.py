"""The import dialog: a CSV lands on the Drift screen, a bad file writes nothing, a big SIE
file moves the progress bar."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Select, Static

from ksui.actions.imports import PROGRESS_FROM_BYTES
from ksui.store import Store
from ksui.tui import KsuiApp
from ksui.tui.dialogs.importing import ImportDialog
from tests.tui.conftest import TKR, AppFactory, row_of, settle, text_of


async def import_file(pilot: Pilot[None], kind: str, path: Path) -> ImportDialog:
    """Open the dialog with i, choose the kind, give the path and press Enter."""
    await pilot.press("i")
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    dialog.query_one("#import-kind", Select).value = kind
    dialog.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)
    return dialog


def changesets(path: Path) -> int:
    store = Store(path)
    try:
        return int(store.conn.execute("SELECT count(*) FROM changeset").fetchone()[0])
    finally:
        store.close()


async def test_a_csv_import_shows_on_the_drift_screen(make_app: AppFactory, tmp_path: Path) -> None:
    source = tmp_path / "drift.csv"
    source.write_text(
        "Enhet;År;Period;Budget (tkr);Utfall (tkr)\nHR;2017;bokslut;40 000;39 500\n",
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        dialog = await import_file(pilot, "drift", source)
        result = text_of(dialog.query_one("#import-result", Static))
        assert "Importerade 1 rad från drift.csv: 2 värden" in result
        assert not dialog.query_one(ProgressBar).display  # a small file needs no bar
        await pilot.press("escape")
        await settle(pilot)
        assert row_of(app, "HR").budget == 40_000 * TKR
        assert row_of(app, "HR").figures.actual == 39_500 * TKR
        assert app.undo_stack[-1].description == "Import av drift.csv"
        await pilot.press("ctrl+z")  # the whole import is one change set
        await settle(pilot)
        assert row_of(app, "HR").budget == 38_744 * TKR


async def test_a_bad_file_shows_its_error_and_writes_nothing(
    make_app: AppFactory, demo_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "d.csv"
    source.write_text("Enhet;År;Budget\nHR;2017;1\nHR;2017;12x\n", encoding="utf-8")
    before = changesets(demo_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await import_file(pilot, "drift", source)
        error = text_of(dialog.query_one("#import-error", Static), width=200)
        assert f"{source}:3: kolumnen »Budget«" in error
        assert "oförändrad" in text_of(dialog.query_one("#import-result", Static))
        # A path that is not there is refused before anything runs.
        dialog.query_one("#import-path", Input).value = str(tmp_path / "saknas.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert "finns inte" in text_of(dialog.query_one("#import-error", Static), width=200)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportDialog)
        assert app.undo_stack == []
    assert changesets(demo_path) == before


async def test_kolada_uses_the_config_mapping(make_app: AppFactory, tmp_path: Path) -> None:
    source = tmp_path / "kolada.json"
    kpi = {"kpi": "U07414", "municipality": "0181", "period": 2019}
    values = [{**kpi, "values": [{"gender": "T", "value": 47.5}]}]
    source.write_text(json.dumps({"values": values}), encoding="utf-8")
    app = make_app()  # no [kolada] in config.toml: said so, nothing read
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await import_file(pilot, "kolada", source)
        assert "saknar [kolada]" in text_of(dialog.query_one("#import-error", Static), 200)
    app = make_app(kolada={"U07414": "Nöjd-Region-Index (NRI), Trygghet"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await import_file(pilot, "kolada", source)
        result = text_of(dialog.query_one("#import-result", Static))
        assert "1 värden importerade" in result and "Trygghet: 1" in result
        assert app.undo_stack[-1].description == "Import av kolada.json"


def big_sie(path: Path) -> None:
    """A SIE file of more than 1 MB and 2**16 lines: monthly #PSALDO rows for ten units."""
    lines = [
        "#FLAGGA 0",
        "#SIETYP 4",
        '#FNAMN "Testnämnden"',
        "#RAR 0 20170101 20171231",
        '#DIM 1 "Ansvar"',
        '#KONTO 5010 "Löner"',
    ]
    lines += [f'#OBJEKT 1 "{100 + u}" "Enhet {100 + u}"' for u in range(10)]
    row = 0
    while len(lines) < 70_000:
        for month in range(1, 13):
            for unit in range(10):
                lines.append(f'#PSALDO 0 2017{month:02d} 5010 {{1 "{100 + unit}"}} {row % 7}.00')
        row += 1
    path.write_text("\n".join(lines) + "\n", encoding="cp437")
    assert path.stat().st_size > PROGRESS_FROM_BYTES


async def test_a_large_sie_file_moves_the_progress_bar(
    make_app: AppFactory, tmp_path: Path
) -> None:
    source = tmp_path / "stor.se"
    big_sie(source)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Importera")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportDialog)
        await pilot.press("escape")
        await pilot.pause()
        dialog = await import_file(pilot, "sie", source)
        bar = dialog.query_one(ProgressBar)
        assert bar.display
        done = [d for d, _ in dialog.reported]
        assert len(done) >= 2 and done == sorted(done)  # it advanced, never back
        assert dialog.reported[-1][0] == dialog.reported[-1][1]
        assert bar.total is not None and bar.progress == bar.total
        result = text_of(dialog.query_one("#import-result", Static))
        assert "Nämnd: Testnämnden (ny)." in result
        assert isinstance(app, KsuiApp)
        assert "Testnämnden" in [c.name for c in app.committees]


async def test_the_dialog_gives_a_template_its_missing_year_and_period(
    make_app: AppFactory, tmp_path: Path
) -> None:
    source = tmp_path / "t1.csv"
    source.write_text("Enhet;Utfall (tkr)\nHR;9 000\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        dialog = pilot.app.screen
        assert isinstance(dialog, ImportDialog)
        when = dialog.query_one("#import-when-row")
        assert not when.display  # SIE names its own year and periods
        dialog.query_one("#import-kind", Select).value = "drift"
        await pilot.pause()
        assert when.display
        assert dialog.query_one("#import-year", Input).value == "2017"  # the screen's
        dialog.query_one("#import-period", Select).value = "t1"
        dialog.query_one("#import-path", Input).value = str(source)
        await pilot.press("enter")
        await settle(pilot)
        assert "Importerade 1 rad" in text_of(dialog.query_one("#import-result", Static))
    store = Store(app.config.database)
    try:
        hr = store.conn.execute("SELECT id FROM unit WHERE name = 'HR'").fetchone()[0]
        row = store.conn.execute(
            "SELECT year, period, amount FROM drift_figure WHERE unit_id = ?"
            " AND measure = 'actual' AND period = 't1'",
            (hr,),
        ).fetchone()
    finally:
        store.close()
    assert tuple(row) == (2017, "t1", 9_000 * TKR)


async def test_a_sheet_given_with_sort_left_at_sie_is_read_as_what_it_is(
    make_app: AppFactory, tmp_path: Path
) -> None:
    source = tmp_path / "drift.csv"
    source.write_text("Enhet;År;Period;Utfall (tkr)\nHR;2017;t1;9 000\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await import_file(pilot, "sie", source)
        assert dialog.query_one("#import-kind", Select).value == "drift"
        assert "Importerade 1 rad" in text_of(dialog.query_one("#import-result", Static))


def test_the_kind_is_guessed_from_the_name_and_the_header(tmp_path: Path) -> None:
    from ksui.actions.imports import guess_kind

    sheets = {
        "a.csv": "Typ;Kod;Namn\n",
        "b.csv": "Kategori;Projekt;År\n",
        "c.csv": "Mått;Grupp;År;Procent\n",
        "d.csv": "Enhet;Budget (tkr)\n",
        "e.csv": "Något;Annat\n",
    }
    for name, header in sheets.items():
        (tmp_path / name).write_text(header, encoding="utf-8")
    guesses = {name: guess_kind(tmp_path / name) for name in sheets}
    assert guesses == {
        "a.csv": "struktur",
        "b.csv": "investeringar",
        "c.csv": "personal",
        "d.csv": "drift",
        "e.csv": None,
    }
    assert guess_kind(tmp_path / "x.se") == "sie" and guess_kind(tmp_path / "k.json") == "kolada"
