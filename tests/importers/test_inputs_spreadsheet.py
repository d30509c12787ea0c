"""CSV/XLSX import of hostile files: line numbers after multi-line cells, huge amounts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from ksui.core.spreadsheet import FORMULA_START, guard_cell, unguard_cell
from ksui.importers.errors import ImportFileError
from ksui.importers.spreadsheet import import_table, read_table
from ksui.store import Store, read


def committee(store: Store) -> int:
    return read.find_committee(store, None).id


def refusal(store: Store, path: Path) -> ImportFileError:
    before = list(store.conn.iterdump())
    with pytest.raises(ImportFileError) as info:
        import_table(store, path, "drift", committee(store), period="bokslut")
    assert list(store.conn.iterdump()) == before
    assert "\n" not in str(info.value) and "\r" not in str(info.value)
    return info.value


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_bad_record_after_a_multi_line_cell_names_its_physical_line(
    store: Store, tmp_path: Path, newline: str
) -> None:
    path = tmp_path / "d.csv"
    lines = [
        "Enhet;År;Budget;Kommentar",
        'HR;2018;1;"rad ett',
        "rad två",
        'rad tre"',
        "HR;2018;12x;",
    ]
    path.write_bytes(newline.join(lines).encode() + newline.encode())
    error = refusal(store, path)
    assert error.line == 5
    assert str(error).startswith(f"{path}:5: kolumnen »Budget«")


def test_bad_cell_in_a_multi_line_record_names_the_line_it_starts_on(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "d.csv"
    path.write_text(
        'Enhet;År;Budget;Kommentar\nHR;2018;1;"a\nb"\nHR;2018;1;ok\nHR;2018;12x;"c\nd\ne"\n',
        encoding="utf-8",
    )
    error = refusal(store, path)
    assert error.line == 5
    assert "12x" in error.text


def test_line_numbers_ignore_unicode_line_separators_inside_cells(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "d.csv"
    path.write_text(
        "Enhet;År;Budget;Kommentar\nHR;2018;1;a\u2028b\x0cc\nHR;2018;12x;\n", encoding="utf-8"
    )
    assert refusal(store, path).line == 3


def test_rows_keep_their_physical_line(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('Enhet;Kommentar\nHR;"x\ny"\n\nEkonomi;z\n', encoding="utf-8")
    _, rows = read_table(path)
    assert [row.line for row in rows] == [2, 5]


@pytest.mark.parametrize(
    "cell", ["99999999999999999999", "-1 000 000 000 000 tkr", "1 000 000 000 mkr"]
)
def test_csv_refuses_a_huge_amount(store: Store, tmp_path: Path, cell: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(f"Enhet;År;Budget (tkr)\nHR;2018;1\nHR;2018;{cell}\n", encoding="utf-8")
    error = refusal(store, path)
    assert error.line == 3 and "för stort" in str(error)


@pytest.mark.parametrize("value", [99999999999999999999, 1e20, -1e16, -(10**30)])
def test_xlsx_refuses_a_huge_amount(store: Store, tmp_path: Path, value: float) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Enhet", "År", "Budget (tkr)"])
    sheet.append(["HR", 2018, 1])
    sheet.append(["HR", 2018, value])
    path = tmp_path / "d.xlsx"
    book.save(path)
    error = refusal(store, path)
    assert error.line == 3
    assert "för stort" in str(error) or "inget tal" in str(error)


def test_xlsx_float_with_exponent_is_read_exactly(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Enhet", "År", "Budget (kr)"])
    sheet.append(["HR", 2018, 1e14])
    path = tmp_path / "d.xlsx"
    book.save(path)
    import_table(store, path, "drift", committee(store), period="bokslut")
    hr = store.conn.execute("SELECT id FROM unit WHERE name = 'HR'").fetchone()[0]
    assert read.drift_figures(store, 2018, "bokslut")[hr].budget == 10**16


def test_csv_restores_a_neutralised_cell(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Grupp;Namn\n'-29 år;'=1+2\n'vanlig;'\n", encoding="utf-8")
    _, rows = read_table(path)
    assert rows[0].cells == {"Grupp": "-29 år", "Namn": "=1+2"}
    assert rows[1].cells == {"Grupp": "'vanlig", "Namn": "'"}


cell_text = hs.text(alphabet="ab ;\"'=+-@1.\n\r\u2028\x0cå", max_size=8)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hs.lists(hs.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=6))
def test_csv_rows_keep_their_cells_and_physical_lines(
    tmp_path: Path, records: list[list[str]]
) -> None:
    """Whatever the cells hold, each row reads back as written, on the line it starts."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["A", "B", "C"])
    expected = []
    for record in records:
        line = len(io.StringIO(out.getvalue(), newline="").readlines()) + 1
        writer.writerow([guard_cell(cell) for cell in record])
        cells = [cell.strip() for cell in record]
        if any(cells):
            expected.append((line, dict(zip(["A", "B", "C"], cells, strict=True))))
    path = tmp_path / "rows.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    _, rows = read_table(path)
    assert [(row.line, row.cells) for row in rows] == expected


@given(hs.text(alphabet="'=+-@\t\r1.a ", max_size=8) | hs.text(max_size=8))
def test_guard_cell_round_trips_and_never_starts_a_formula(text: str) -> None:
    guarded = guard_cell(text)
    assert unguard_cell(guarded) == text
    if guarded.startswith(FORMULA_START):
        assert guarded.lstrip("+-").replace(".", "", 1).isdigit()
