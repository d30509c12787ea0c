"""The streamed CSV/XLSX import: memory that does not grow with the file, and every promise kept.

``import_table`` reads a row, checks it and writes it before it reads the next, all in one
transaction; these tests hold it to what the whole-file read promised (a bad last row
writes nothing, a re-import writes nothing, undo takes the import back) and measure the
import's peak with tracemalloc at two sizes, as tests/importers/test_sie_stream.py does
for SIE.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest

from ksui.actions import history
from ksui.importers import spreadsheet
from ksui.importers.errors import ImportFileError
from ksui.importers.spreadsheet import describe, import_table, open_table, read_table
from ksui.store import Store, read

#: The demo's units with a code, so every generated row names a real one.
UNITS = ("100", "110", "120", "130", "140", "150", "160", "190")
PERIODS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt")
HEADER = ("Enhet", "År", "Period", "Budget (tkr)")


def committee(store: Store) -> int:
    return read.find_committee(store, None).id


def drift_rows(count: int) -> list[tuple[str, int, str, int]]:
    """``count`` drift rows with distinct keys: 8 units × 100 years × 10 periods at most."""
    return [
        (UNITS[i % 8], 2000 + (i // 8) % 100, PERIODS[(i // 800) % 10], i + 1) for i in range(count)
    ]


def write_csv(path: Path, count: int, last: str | None = None) -> Path:
    """A drift CSV of ``count`` rows (Swedish numbers), the last one replaced by ``last``."""
    lines = [";".join(HEADER)]
    lines += [f"{u};{y};{p};{a} 000" for u, y, p, a in drift_rows(count)]
    if last is not None:
        lines[-1] = last
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, count: int) -> Path:
    """The same rows as an XLSX sheet, with Excel numbers (openpyxl's ordinary writer)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for unit, year, period, amount in drift_rows(count):
        sheet.append([unit, year, period, amount])
    book.save(path)
    return path


def counts(store: Store) -> tuple[int, ...]:
    """What an import writes: change sets, audit rows, drift figures."""
    return tuple(
        store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("changeset", "audit", "drift_figure")
    )


# --------------------------------------------------------------------------- memory


def _peak(store: Store, path: Path) -> int:
    """Bytes allocated at most while ``path`` is imported (read, checked and written)."""
    gc.collect()  # the same start for both sizes: no garbage of earlier work left to free
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = import_table(store, path, "drift", committee(store), period="bokslut")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.figures > 0 and result.changeset_id is not None
    return peak


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_memory_does_not_grow_with_the_file(store: Store, tmp_path: Path, suffix: str) -> None:
    """Four times the rows: the same peak, well under what the whole-file read needed.

    The whole-file read kept the text, its lines and every row: about 10 MB (CSV) and
    8 MB (XLSX) at 8 000 rows, four times its peak at 2 000.
    """
    write = write_csv if suffix == ".csv" else write_xlsx
    warm, small, large = (tmp_path / f"{name}{suffix}" for name in ("warm", "small", "large"))
    write(warm, 50)
    write(small, 2_000)
    write(large, 8_000)
    assert large.stat().st_size > 3.5 * small.stat().st_size
    # The first import loads modules and fills the store's caches: not the file's cost.
    import_table(store, warm, "drift", committee(store), period="bokslut")
    peak_small, peak_large = _peak(store, small), _peak(store, large)
    assert peak_large <= 1.3 * peak_small, (peak_small, peak_large)
    assert peak_large < 3_000_000, peak_large


# --------------------------------------------------------------------------- promises


def test_a_bad_last_line_of_a_large_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "stor.csv", 3_000, last="130;2018;bokslut;12x")
    before = list(store.conn.iterdump())
    with pytest.raises(ImportFileError) as info:
        import_table(store, path, "drift", committee(store), period="bokslut")
    assert str(info.value).startswith(f"{path}:3001: kolumnen »Budget (tkr)«")
    assert info.value.text == "130;2018;bokslut;12x"
    assert list(store.conn.iterdump()) == before


def test_a_broken_last_row_of_a_large_sheet_writes_nothing(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "stor.xlsx", 3_000)
    book = load_workbook(path)
    book.active.cell(3_001, 1).value = "Ingen sådan enhet"
    book.save(path)
    before = list(store.conn.iterdump())
    with pytest.raises(ImportFileError) as info:
        import_table(store, path, "drift", committee(store), period="bokslut")
    assert info.value.line == 3_001 and "okänd enhet »Ingen sådan enhet«" in str(info.value)
    assert list(store.conn.iterdump()) == before


def test_a_reimport_writes_nothing_and_undo_takes_the_import_back(
    store: Store, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", 1_200)
    before = counts(store)
    first = import_table(store, path, "drift", committee(store), period="bokslut")
    assert (first.rows, first.figures) == (1_200, 1_200)
    assert first.changeset_id == history.latest_changeset(store)
    written = counts(store)
    assert written[2] == before[2] + 1_200
    again = import_table(store, path, "drift", committee(store), period="bokslut")
    assert again.changeset_id is None and counts(store) == written
    history.undo(store, first.changeset_id, confirmed=True)
    assert counts(store)[2] == before[2]


Calls = list[tuple[int, int]]


def _progress(store: Store, path: Path) -> Calls:
    calls: Calls = []
    import_table(
        store,
        path,
        "drift",
        committee(store),
        period="bokslut",
        progress=lambda d, t: calls.append((d, t)),
    )
    return calls


@pytest.mark.parametrize(
    ("suffix", "total"),
    [(".csv", lambda path: path.stat().st_size), (".xlsx", lambda path: 1_201)],
)
def test_progress_moves_forward_and_ends_full(
    store: Store, tmp_path: Path, suffix: str, total: Callable[[Path], int]
) -> None:
    """CSV counts bytes of the file, XLSX rows of the sheet; the last call fills the bar."""
    path = tmp_path / f"d{suffix}"
    (write_csv if suffix == ".csv" else write_xlsx)(path, 1_200)
    calls = _progress(store, path)
    assert len(calls) == 3  # after rows 500 and 1 000, and at the end
    assert calls[-1] == (total(path), total(path))
    assert all(0 < done <= whole == total(path) for done, whole in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_new_projects_are_counted_beyond_the_names_shown(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "inv.csv"
    rows = [f"KS/KF-investeringar;Projekt {n};2018;{n}" for n in range(60)]
    path.write_text("Kategori;Projekt;År;Anslag (tkr)\n" + "\n".join(rows), encoding="utf-8")
    result = import_table(store, path, "investeringar", committee(store), period="bokslut")
    assert result.created_count == 60
    assert result.created == [f"Projekt {n}" for n in range(spreadsheet.CREATED_SHOWN)]
    assert describe(result, "inv.csv")[1].endswith("Projekt 49 och 10 till")


@pytest.mark.parametrize("lines_before", [1, 5_000])
def test_a_csv_that_changes_while_it_is_read_is_refused(tmp_path: Path, lines_before: int) -> None:
    """The encoding is decided in a first pass; bytes that no longer fit it are an error."""
    path = tmp_path / "d.csv"
    body = "Enhet;Kommentar\n" + "HR;ok\n" * lines_before + "HR;bl\xe5\n"
    path.write_bytes(body.encode("cp1252"))
    with (
        mock.patch.object(spreadsheet, "_csv_encoding", return_value="utf-8-sig"),
        pytest.raises(ImportFileError) as info,
    ):
        read_table(path)
    assert str(info.value) == f"{path}: filen ändrades medan den lästes"


def test_a_csv_in_windows_1252_is_read_after_an_utf8_start(tmp_path: Path) -> None:
    """One byte that is not UTF-8 far into the file makes the whole file Windows-1252."""
    path = tmp_path / "d.csv"
    body = "".join(f"HR;rad {n}\n" for n in range(20_000))
    path.write_bytes(("Enhet;Kommentar\n" + body + "HR;Bl\xe5bär\n").encode("cp1252"))
    header, rows = read_table(path)
    assert header == ["Enhet", "Kommentar"]
    assert rows[-1].cells["Kommentar"] == "Blåbär" and rows[-1].line == 20_002


# --------------------------------------------------------------------------- the XLSX loop


def _sheet(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The rows of the first sheet by openpyxl's iter_rows and by the import's own loop."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        expected = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        streamed = [tuple(row) for row in spreadsheet._sheet_values(book, sheet)]
    finally:
        book.close()
    return expected, streamed


def test_the_sheet_loop_reads_what_openpyxl_reads(tmp_path: Path) -> None:
    """Gaps, formatted rows, dates, booleans, shared strings: the same values."""
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Enhet", "År", "Budget (tkr)", "Kommentar"])
    sheet.append(["HR", 2018, 1.5, True])
    sheet.cell(5, 2).value = datetime.date(2018, 3, 1)
    sheet.cell(5, 6).value = "långt ut"
    sheet.row_dimensions[5].height = 30  # a formatted row: openpyxl keeps its attributes
    sheet.cell(9, 1).value = "=1+2"
    path = tmp_path / "a.xlsx"
    book.save(path)
    expected, streamed = _sheet(path)
    assert streamed == expected
    assert len(streamed) == 9 and streamed[2] == (None,) * 6

    from openpyxl import Workbook as Plain

    shared = Plain(write_only=True)  # no dimension, shared strings
    rows = shared.create_sheet("Drift")
    rows.append(["Enhet", "Kommentar"])
    rows.append(["HR", "delad"])
    rows.append(["HR", "delad"])
    path = tmp_path / "b.xlsx"
    shared.save(path)
    expected, streamed = _sheet(path)
    assert streamed == expected and streamed[2] == ("HR", "delad")


def test_open_table_reads_the_header_before_any_row(tmp_path: Path) -> None:
    """A wrong column is refused from the header alone, before a row is read."""
    path = write_csv(tmp_path / "d.csv", 10)
    with open_table(path) as table:
        assert table.header == list(HEADER)
        first = next(table.rows)
        assert (first.line, first.cells["Enhet"]) == (2, "100")
