"""y and Y: a row or the whole table as tab-separated text, to the clipboard and to a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.tables.spec import Column, Row, Table
from ksui.tui.app import KsuiApp
from ksui.tui.clipboard import tsv
from tests.tui.conftest import AppFactory, drift_table, settle


def toasts(app: KsuiApp) -> list[str]:
    """The notifications shown so far, as text."""
    return [str(n.message) for n in app._notifications]


def lines(text: str) -> list[list[str]]:
    """The TSV's lines split into cells."""
    assert text.endswith("\r\n")
    return [line.split("\t") for line in text[: -len("\r\n")].split("\r\n")]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file y and Y write, under this test's own XDG_CACHE_HOME."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "ksui" / "urklipp.tsv"


async def test_y_copies_the_row_as_the_screen_shows_it(make_app: AppFactory, cache: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = drift_table(app)
        assert table.current_row is not None
        assert table.current_row.unit.name == "Kommunstyrelsen"
        await pilot.press("y")
        await settle(pilot)
        copied = app.clipboard
        header, *body = lines(copied)
        assert len(body) == 1
        row = body[0]
        assert row[0].strip() == "Kommunstyrelsen"
        spec = table._spec
        columns = spec.view("screen")
        assert header == [c.heading for c in columns]
        assert row == [spec.text(spec.rows[0], c) for c in columns]
        # Every figure the screen draws on the row is in the copy, in the same form.
        y = 1 + table.shown.index(0) - round(table.scroll_offset.y)
        drawn = "".join(segment.text for segment in table.render_line(y))
        shown = {c.key for c in table.columns}
        figures = [cell for c, cell in zip(columns, row, strict=True) if c.key in shown][1:]
        assert any(any(ch.isdigit() for ch in f) for f in figures)
        for figure in figures:
            assert figure in drawn
        assert cache.read_bytes().decode("utf-8-sig") == copied
        assert any("raden Kommunstyrelsen" in t and "urklipp.tsv" in t for t in toasts(app))


async def test_capital_y_copies_every_row(make_app: AppFactory, cache: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("Y")
        await settle(pilot)
        table = drift_table(app)
        header, *body = lines(app.clipboard)
        assert "Budget" in header
        assert [r[0].strip() for r in body] == [r.unit.name for r in table.rows]
        assert len(body) > 1
        assert cache.read_bytes().decode("utf-8-sig") == app.clipboard
        assert f"Kopierade {len(body)} rader (även till {cache})" in toasts(app)


async def test_other_screens_copy_their_table_and_overview_says_it_has_none(
    make_app: AppFactory, cache: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert any("ingen tabell att kopiera" in t for t in toasts(app))
        assert not cache.exists()
        for key, heading in (("3", "Anslag"), ("4", "KF-mål"), ("5", "Kommunen")):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("Y")
            await settle(pilot)
            header, *body = lines(app.clipboard)
            assert any(heading in h for h in header), header
            assert body
            assert cache.read_bytes().decode("utf-8-sig") == app.clipboard


def _no_home() -> Path:
    raise RuntimeError("Could not determine home directory.")


@pytest.mark.parametrize(
    ("where", "said"),
    [("a file", "kunde inte skriva"), ("no home", "ingen hemkatalog")],
)
async def test_a_file_that_cannot_be_written_still_copies_and_says_why(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, said: str
) -> None:
    """The cache folder is a file, or there is no home at all (no HOME and no passwd entry,
    as in a container: Path.home() raises): the terminal still gets the text, and the toast
    says why there is no file."""
    if where == "a file":
        blocker = tmp_path / "en-fil"
        blocker.write_text("", encoding="utf-8")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    else:
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setattr(Path, "home", staticmethod(_no_home))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Kommunstyrelsen" in app.clipboard
        assert any(said in t for t in toasts(app))


def test_every_cell_passes_the_sanitiser() -> None:
    hostile = "Ekonomi\x1b]52;c;aGFjaw==\x07\tflik\nrad\u202e"
    column: Column[str] = Column("name", "Namn\x1b[2J", "name", lambda s: s)
    table: Table[str] = Table("t", (column,), (Row(hostile, "x"),))
    text = tsv(table, table.rows, [column])
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\t" not in text  # one column: a tab inside a cell would make two
    assert text.count("\n") == 2  # the header and the row, nothing split
    assert "Ekonomi" in text and "flik" in text and "rad" in text
