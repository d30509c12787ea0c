"""CSV/XLSX import and templates: Swedish headers and numbers, all-or-nothing writes."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from ksui.exporters import templates
from ksui.importers.errors import ImportFileError
from ksui.importers.spreadsheet import import_table, read_table, template_rows, template_title
from ksui.store import Store, read


def write_template(
    path: Path,
    kind: str,
    store: Store | None = None,
    committee_id: int | None = None,
    year: int | None = None,
) -> int:
    """What `ksui template` does: the importer's columns, written by the exporter."""
    headers, rows = template_rows(store, kind, committee_id, year)
    return templates.write_template(path, template_title(kind), headers, rows)


def dump(store: Store) -> list[str]:
    return list(store.conn.iterdump())


def committee(store: Store) -> int:
    return read.find_committee(store, None).id


def test_drift_csv_with_swedish_numbers(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "drift.csv"
    path.write_text(
        "Enhet;År;Period;Budget (tkr);Prognos (tkr);Utfall (tkr);Kommentar\n"
        "120;2018;delår;46 000;45 500,5;;Ny prognos\n"
        'HR;2018;bokslut;\u221239 000;;"38 700";\n',
        encoding="utf-8",
    )
    result = import_table(store, path, "drift", committee(store), period="bokslut")
    assert (result.rows, result.figures, result.comments) == (2, 4, 1)
    figures = read.drift_figures(store, 2018, "delar")
    ekonomi = store.conn.execute("SELECT id FROM unit WHERE code = '120'").fetchone()[0]
    assert figures[ekonomi].forecast == 45_500_500 * 100
    hr = store.conn.execute("SELECT id FROM unit WHERE name = 'HR'").fetchone()[0]
    assert read.drift_figures(store, 2018, "bokslut")[hr].budget == -39_000 * 100_000


def test_importing_twice_updates_not_duplicates(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('Enhet,År,Budget (mkr)\nHR,2019,"4,5"\n', encoding="utf-8")
    import_table(store, path, "drift", committee(store), period="bokslut")
    import_table(store, path, "drift", committee(store), period="bokslut")
    count = store.conn.execute("SELECT count(*) FROM drift_figure WHERE year = 2019").fetchone()[0]
    assert count == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("Enhet;År;Budget\nHR;2018;1\nHR;2018;12x\n", "d.csv:3: kolumnen »Budget«"),
        ("Enhet;År;Budget\nHR;2018;1\nOkänd enhet;2018;1\n", "okänd enhet »Okänd enhet«"),
        ("Enhet;År;Budgett\nHR;2018;1\n", "d.csv:1: okänd kolumn"),
        ("År;Budget\n2018;1\n", "kolumn saknas: Enhet"),
        ("Enhet;År;Period;Budget\nHR;2018;bokslut;1\nHR;2018;q5;1\n", "okänd period"),
        ("Enhet;År;Budget\nHR;2018;1\nHR;tjugo;1\n", "är inget årtal"),
        ("Enhet;År;Budget\nHR;2018;1\nHR;2018;1;2;3\n", "celler"),
    ],
)
def test_bad_rows_name_file_line_and_text_and_write_nothing(
    store: Store, tmp_path: Path, content: str, needle: str
) -> None:
    path = tmp_path / "d.csv"
    path.write_text(content, encoding="utf-8")
    before = dump(store)
    with pytest.raises(ImportFileError) as info:
        import_table(store, path, "drift", committee(store), period="bokslut")
    assert needle in str(info.value)
    assert dump(store) == before


def test_xlsx_round_trip_through_template(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "mall.xlsx"
    rows = write_template(path, "drift", store, committee(store), 2018)
    assert rows == 8  # the demo's leaf units
    book = load_workbook(path)
    sheet = book.active
    assert sheet.cell(1, 1).value == "Enhet"
    for row in range(2, 2 + rows):
        sheet.cell(row, 5).value = 1000 + row  # Budget (tkr) as Excel numbers
    sheet.cell(2, 8).value = 12.5  # Utfall as a float
    book.save(path)
    result = import_table(store, path, "drift", committee(store), period="bokslut")
    assert result.figures == rows + 1
    unit = store.conn.execute(
        "SELECT id FROM unit WHERE code = ?", (sheet.cell(2, 1).value,)
    ).fetchone()[0]
    figures = read.drift_figures(store, 2018, "bokslut")[unit]
    assert figures.budget == 1002 * 100_000
    assert figures.actual == 12_500 * 100


def test_investments_and_personnel(store: Store, tmp_path: Path) -> None:
    inv = tmp_path / "inv.csv"
    inv.write_text(
        "Kategori;Projekt;År;Anslag (tkr);Utfall (tkr);Status\n"
        "KS/KF-investeringar;Nytt nät;2018;1 000;250;Pågående\n"
        "KS/KF-investeringar;Bärbara datorer;2018;2 000;1 999;Avslutat\n",
        encoding="utf-8",
    )
    result = import_table(store, inv, "investeringar", committee(store), period="bokslut")
    assert result.created == ["Nytt nät"]
    projects = {
        p.name: p
        for c in read.investment_categories(store, committee(store), 2018)
        for p in c.projects
    }
    assert projects["Nytt nät"].spent == 250 * 100_000
    assert projects["Bärbara datorer"].status == "avslutat"
    pers = tmp_path / "p.csv"
    pers.write_text(
        "Mått;Grupp;År;Omfattning;Procent\nSjuktal;Totalt;2018;Nämnden;3,5\n"
        "Korttidsfrånvaro;Kvinnor;2018;Kommunen;2,9\n",
        encoding="utf-8",
    )
    import_table(store, pers, "personal", committee(store), period="bokslut")
    table = read.sick_leave(store, committee(store))
    assert str(table.rate("total", "Totalt", 2018)) == "3.5"
    assert str(table.rate("short", "Kvinnor", 2018, "kommun")) == "2.9"


def test_csv_template_has_swedish_headers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_template(path, "personal")
    header, rows = read_table(path)
    assert header == ["Mått", "Grupp", "År", "Omfattning", "Procent"]
    assert rows == []


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hs.binary(max_size=300))
def test_random_bytes_never_crash_the_reader(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes("Enhet;År;Budget\n".encode() + data)
    with contextlib.suppress(ImportFileError):
        read_table(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hs.lists(hs.text(max_size=12), min_size=1, max_size=6))
def test_random_cells_are_refused_cleanly(store: Store, tmp_path: Path, cells: list[str]) -> None:
    path = tmp_path / "cells.csv"
    row = ";".join(c.replace(";", " ").replace("\n", " ").replace('"', "") for c in cells)
    path.write_text(f"Enhet;År;Budget;Utfall;Period;Kommentar\n{row}\n", encoding="utf-8")
    before = dump(store)
    try:
        import_table(store, path, "drift", committee(store), period="bokslut")
    except ImportFileError:
        assert dump(store) == before


@pytest.fixture(scope="module")
def xlsx_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("x") / "mall.xlsx"
    write_template(path, "personal")
    return path.read_bytes()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hs.data())
def test_mutated_xlsx_never_crashes_the_reader(
    tmp_path: Path, xlsx_bytes: bytes, data: hs.DataObject
) -> None:
    raw = bytearray(xlsx_bytes)
    for _ in range(data.draw(hs.integers(min_value=1, max_value=8))):
        index = data.draw(hs.integers(min_value=0, max_value=len(raw) - 1))
        raw[index] = data.draw(hs.integers(min_value=0, max_value=255))
    if data.draw(hs.booleans()):
        raw = raw[: data.draw(hs.integers(min_value=0, max_value=len(raw)))]
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(bytes(raw))
    with contextlib.suppress(ImportFileError):
        read_table(path)
