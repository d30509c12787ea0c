"""SIE amounts beyond what the store can hold are refused with their line, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.importers.errors import ImportFileError
from ksui.importers.sie import SieError, parse_sie
from ksui.importers.sie_import import import_sie
from ksui.store import Store

HEAD = (
    '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 3\n#FNAMN "Testnämnd"\n#RAR 0 20240101 20241231\n'
    '#DIM 1 "Kostnadsställe"\n#OBJEKT 1 "100" "Ekonomi"\n#KONTO 5010 "Lön"\n'
)


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "f.se"
    path.write_bytes((HEAD + body).encode("cp437"))
    return path


@pytest.mark.parametrize(
    "row",
    [
        '#PSALDO 0 202401 5010 {1 "100"} 999999999999999999.00',
        '#PSALDO 0 202401 5010 {1 "100"} -1000000000000000',
        '#PSALDO\t0\t202401\t5010\t{1 "100"}\t9999999999999999',
        '#PBUDGET 0 202401 5010 {1 "100"} 1000000000000000.5',
    ],
)
def test_reader_refuses_a_huge_amount_on_its_line(row: str) -> None:
    with pytest.raises(SieError) as info:
        parse_sie((HEAD + '#PSALDO 0 202401 5010 {1 "100"} 1.00\n' + row + "\n").encode(), "f.se")
    assert info.value.line == 10
    assert "för stort" in str(info.value)


def test_reader_refuses_a_huge_transaction() -> None:
    body = '#VER A 1 20240105 "x"\n{\n#TRANS 5010 {1 "100"} 1000000000000000.00\n}\n'
    with pytest.raises(SieError) as info:
        parse_sie((HEAD + body).encode(), "f.se")
    assert info.value.line == 11 and "för stort" in str(info.value)


def test_import_refuses_a_huge_amount_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, '#PSALDO 0 202401 5010 {1 "100"} 99999999999999999999.00\n')
    before = list(store.conn.iterdump())
    with pytest.raises(ImportFileError) as info:
        import_sie(store, path)
    assert "f.se:9:" in str(info.value) and "för stort" in str(info.value)
    assert list(store.conn.iterdump()) == before


def test_import_refuses_a_sum_beyond_the_bound(store: Store, tmp_path: Path) -> None:
    rows = "".join(
        f'#PSALDO 0 2024{month:02d} 5010 {{1 "100"}} 999999999999999.00\n' for month in (1, 1, 1)
    )
    path = write(tmp_path, rows * 40)
    before = list(store.conn.iterdump())
    with pytest.raises(ImportFileError) as info:
        import_sie(store, path)
    assert "f.se: summan för enhet 100, utfall 2024" in str(info.value)
    assert "för stor;" in str(info.value) and "\n" not in str(info.value)
    assert list(store.conn.iterdump()) == before
