"""Issue 13, findings 1–7: the SIE reader on what ~80 real exports showed, one small file each.

Every test builds a small file that reproduces one finding and checks the import (the
streaming read that ``ksui import sie`` uses) and, where it matters, the whole-file parse.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from ksui.importers.errors import ImportFileError
from ksui.importers.sie import SieError, parse_sie, read_sie_totals, sum_sie
from ksui.importers.sie_import import SieImportResult, describe, import_sie
from ksui.importers.sie_plan import plan_sie_import
from ksui.store.db import Store

HEAD = (
    "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#GEN 20250115\n"
    '#FNAMN "Kultur AB"\n#RAR 0 20240101 20241231\n'
    '#DIM 1 "Resultatenhet"\n#OBJEKT 1 "10" "Bibliotek"\n#OBJEKT 1 "20" "Museum"\n'
)


def write(tmp_path: Path, body: str, head: str = HEAD, name: str = "f.se") -> Path:
    path = tmp_path / name
    path.write_bytes((head + body).encode("cp437"))
    return path


def run_import(tmp_path: Path, body: str, head: str = HEAD, **options: object) -> SieImportResult:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    return import_sie(store, write(tmp_path, body, head), **options)  # type: ignore[arg-type]


def refused(tmp_path: Path, body: str, head: str = HEAD) -> ImportFileError:
    """Import a bad file: it must be refused and leave the database exactly as it was."""
    db = tmp_path / "ksui.sqlite"
    store = Store(db, create=True)
    before = list(store.conn.iterdump())
    with pytest.raises(ImportFileError) as info:
        import_sie(store, write(tmp_path, body, head))
    assert list(store.conn.iterdump()) == before
    return info.value


def unit_actuals(tmp_path: Path, year: int, period: str) -> dict[str, int]:
    conn = sqlite3.connect(tmp_path / "ksui.sqlite")
    try:
        rows = conn.execute(
            "SELECT u.code, f.amount FROM drift_figure f JOIN unit u ON u.id = f.unit_id"
            " WHERE f.year = ? AND f.period = ? AND f.measure = 'actual'",
            (year, period),
        ).fetchall()
    finally:
        conn.close()
    return dict(rows)


# ---------------------------------------------------------------- 1: #RTRANS and its copy


def test_rtrans_copy_with_another_date_is_counted_once(tmp_path: Path) -> None:
    """SIE 4B #RTRANS: the #TRANS copy after it is ignored even when its date differs."""
    body = (
        '#VER A 1 20240310 "Lön"\n{\n'
        '   #TRANS 5010 {1 "10"} 1000.00\n'
        "   #TRANS 1930 {} -1000.00\n"
        "}\n"
        '#VER A 2 20240315 "Rättelse"\n{\n'
        '   #RTRANS 5010 {1 "10"} 500.00 20240320 "tillagd"\n'
        '   #TRANS 5010 {1 "10"} 500.00 20240315 "tillagd"\n'  # the copy, voucher date
        "   #TRANS 1930 {} -500.00\n"
        "}\n"
    )
    run_import(tmp_path, body)
    assert unit_actuals(tmp_path, 2024, "m03")["10"] == 150_000  # not 200 000
    sie = parse_sie((HEAD + body).encode())
    assert sie.dropped_rtrans_copies == 1
    totals = sum_sie((HEAD + body).encode(), dimension=1)
    assert sum(v for k, v in totals.trans_sums.items() if k[2] == "5010") == 1500


# ---------------------------------------------------------------- 2: several dimensions


def test_multi_dimension_rows_are_summed_once_per_unit(tmp_path: Path) -> None:
    body = (
        # January: only a three-dimension split for unit 10 (must all count).
        '#PSALDO 0 202401 5010 {1 "10" 6 "0001" 7 "4"} 100\n'
        '#PSALDO 0 202401 5010 {1 "10" 6 "0002" 7 "4"} 50\n'
        # February: the unit total and its split by project (the split is the same money).
        '#PSALDO 0 202402 5010 {1 "10"} 70\n'
        '#PSALDO 0 202402 5010 {6 "0001" 1 "10"} 30\n'
        '#PSALDO 0 202402 5010 {1 "10" 6 "0002"} 40\n'
        # March: a project split and a split by employee, two cuts of the same money.
        '#PSALDO 0 202403 5010 {1 "20" 6 "0001"} 9\n'
        '#PSALDO 0 202403 5010 {1 "20" 7 "4"} 9\n'
        # A list naming dimension 1 twice cannot be placed.
        '#PSALDO 0 202403 5010 {1 "10" 1 "20"} 5\n'
    )
    result = run_import(tmp_path, body)
    assert unit_actuals(tmp_path, 2024, "m01")["10"] == 15_000
    assert unit_actuals(tmp_path, 2024, "m02")["10"] == 22_000  # 150 + 70, not + 70 more
    assert unit_actuals(tmp_path, 2024, "m03") == {"10": 22_000, "20": 900}
    assert any("flera gånger" in w and '{1 "10" 1 "20"}' in w for w in result.warnings)
    assert any("andra dimensioner" in w for w in result.warnings)


# ---------------------------------------------------------------- 3: #KSUMMA


def _spec_crc(records: list[str], encoding: str = "cp437") -> int:
    """SIE 4B "Kontrollsummering", written from its description independently of ksui.

    CRC-32, polynomial 0xEDB88320, start 0xFFFFFFFF, result inverted; over the label
    and the field contents of each record, without blanks, quotes, braces and line ends.
    """
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    crc = 0xFFFFFFFF
    for record in records:
        parts = re.findall(r'"([^"]*)"|([^\s"{}]+)', record)
        text = "".join(quoted or bare for quoted, bare in parts)
        for byte in text.encode(encoding):
            crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFFFFFF


KSUMMA_RECORDS = [
    "#FORMAT PC8",
    "#SIETYP 3",
    "#GEN 20250115",
    '#FNAMN "Kultur AB"',
    "#RAR 0 20240101 20241231",
    '#DIM 1 "Resultatenhet"',
    '#OBJEKT 1 "10" "Bibliotek"',
    '#KONTO 5010 "Löner"',
    "#RES 0 5010 300.00",
    '#PSALDO 0 202401 5010 {1 "10"} 100.00',
    '#PSALDO 0 202402 5010 {1 "10"} 200.00',
]


def _ksumma_file(records: list[str], declared: int | None) -> str:
    tail = f"#KSUMMA {declared}\n" if declared is not None else ""
    return "#FLAGGA 0\n#KSUMMA\n" + "".join(r + "\n" for r in records) + tail


def test_ksumma_is_verified(tmp_path: Path) -> None:
    crc = _spec_crc(KSUMMA_RECORDS)
    result = run_import(tmp_path, "", head=_ksumma_file(KSUMMA_RECORDS, crc))
    assert unit_actuals(tmp_path, 2024, "m02") == {"10": 30_000}
    assert result.warnings == []
    # The declared sum may be written as a signed 32-bit number too.
    signed = crc - (1 << 32) if crc >= 1 << 31 else crc
    parse_sie(_ksumma_file(KSUMMA_RECORDS, signed).encode("cp437"))
    # A DOS end-of-file mark or blank lines after the closing #KSUMMA are no records.
    parse_sie((_ksumma_file(KSUMMA_RECORDS, crc) + "\n\x1a").encode("cp437"))


def test_a_changed_file_fails_its_checksum(tmp_path: Path) -> None:
    crc = _spec_crc(KSUMMA_RECORDS)
    text = _ksumma_file(KSUMMA_RECORDS, crc).replace("200.00", "900.00")
    error = refused(tmp_path, "", head=text)
    assert "kontrollsumman stämmer inte" in error.message
    assert error.line == len(KSUMMA_RECORDS) + 3  # the closing #KSUMMA


def test_a_file_cut_before_its_closing_ksumma_is_refused(tmp_path: Path) -> None:
    """The issue's case: no closing #KSUMMA, no #RES, exit 0 before; now refused."""
    cut = [r for r in KSUMMA_RECORDS if not r.startswith("#RES")][:-1]
    error = refused(tmp_path, "", head=_ksumma_file(cut, None))
    assert "avslutande #KSUMMA" in error.message and error.line == 2
    with pytest.raises(SieError, match="avkortad"):
        parse_sie(_ksumma_file(cut, None).encode())


def test_a_record_after_the_closing_ksumma_is_refused(tmp_path: Path) -> None:
    text = _ksumma_file(KSUMMA_RECORDS, _spec_crc(KSUMMA_RECORDS))
    error = refused(tmp_path, "", head=text + '#PSALDO 0 202403 5010 {1 "10"} 1.00\n')
    assert "efter den avslutande #KSUMMA" in error.message


# ---------------------------------------------------------------- 4: lenient, broken year, 4I


def test_fields_ksui_never_reads_are_warnings(tmp_path: Path) -> None:
    head = (
        "#FLAGGA 0\n#ORGNR\n#SIETYP 3\n#RAR 0 20240101 20241231\n"
        '#KONTO 5010 "Löner "kommunal" 12" personal"\n#SRU 5010\n#KTYP 5010\n'
        '#DIM 1 "Enhet"\n#OBJEKT 1 "10" "Bibliotek"\n'
    )
    result = run_import(tmp_path, '#PSALDO 0 202401 5010 {1 "10"} 10\n', head=head)
    assert unit_actuals(tmp_path, 2024, "m01") == {"10": 1000}
    shown = [w for w in result.warnings if "ignoreras" in w]
    assert [w.split(" ignoreras")[0] for w in shown] == [
        "f.se:2: #ORGNR",
        "f.se:5: #KONTO",
        "f.se:6: #SRU",
        "f.se:7: #KTYP",
    ]
    assert all(f"Varning: {w}" in describe(result) for w in shown)


def test_a_july_june_year_is_imported_whole(tmp_path: Path) -> None:
    head = HEAD.replace("#RAR 0 20240101 20241231", "#RAR 0 20230701 20240630").replace(
        "#GEN 20250115", "#GEN 20240815"
    )
    body = "".join(
        f'#PSALDO 0 {y}{m:02d} 5010 {{1 "10"}} {m}\n#PSALDO 0 {y}{m:02d} 5010 {{}} {m}\n'
        for y, m in [(2023, m) for m in range(7, 13)] + [(2024, m) for m in range(1, 7)]
    )
    result = run_import(tmp_path, body + "#RES 0 5010 78\n", head=head)
    assert result.periods[2024] == [f"m{m:02d}" for m in range(1, 13)] + ["bokslut"]
    assert unit_actuals(tmp_path, 2024, "m07") == {"10": 700}  # the first month
    assert unit_actuals(tmp_path, 2024, "m12") == {"10": 700 + 800 + 900 + 1000 + 1100 + 1200}
    assert unit_actuals(tmp_path, 2024, "m06") == {"10": 7800}  # the whole year
    assert unit_actuals(tmp_path, 2024, "bokslut") == {"10": 7800}
    assert 2024 in result.statement
    assert any("läggs in som år 2024" in w for w in result.warnings)


def test_a_file_without_objects_imports_the_statement(tmp_path: Path) -> None:
    head = "#FLAGGA 0\n#SIETYP 2\n#GEN 20250115\n#RAR 0 20240101 20241231\n"
    result = run_import(tmp_path, "#RES 0 5010 300\n#PSALDO 0 202401 5010 {} 300\n", head=head)
    assert result.units_created == [] and 2024 in result.statement
    assert any("bara nämndens siffror och resultaträkning" in w for w in result.warnings)


def test_a_type_4i_file_takes_its_year_from_the_vouchers(tmp_path: Path) -> None:
    head = '#FLAGGA 0\n#SIETYP 4\n#DIM 1 "Enhet"\n#OBJEKT 1 "10" "Bibliotek"\n'
    body = (
        '#VER A 1 20240205 "Faktura"\n{\n'
        '   #TRANS 5010 {1 "10"} 250.00\n'
        "   #TRANS 2440 {} -250.00\n"
        "}\n"
    )
    result = run_import(tmp_path, body, head=head)
    assert unit_actuals(tmp_path, 2024, "m02") == {"10": 25_000}
    assert any("saknar #RAR" in w and "2024" in w for w in result.warnings)


# ---------------------------------------------------------------- 5: no longer silent


def test_pbudget_under_another_year_index_counts_by_its_period(tmp_path: Path) -> None:
    body = "".join(f'#PBUDGET -1 2024{m:02d} 5010 {{1 "10"}} 100\n' for m in range(1, 13))
    result = run_import(tmp_path, body + '#PSALDO 0 202412 5010 {1 "10"} 1\n')
    plan = plan_sie_import(read_sie_totals(write(tmp_path, body)))
    assert sum(f.amount_ore for f in plan.figures if f.measure == "budget") == 120_000
    assert any("12 #PBUDGET-rader har ett årsnummer" in w for w in result.warnings)


def test_an_empty_dimension_1_says_which_dimension_holds_the_objects(tmp_path: Path) -> None:
    head = (
        "#FLAGGA 0\n#SIETYP 3\n#GEN 20250115\n#RAR 0 20240101 20241231\n"
        '#DIM 1 "Kostnadsställe"\n#DIM 6 "Projekt"\n'
        + "".join(f'#OBJEKT 6 "P{n}" "Projekt {n}"\n' for n in range(6))
    )
    body = '#RES 0 5010 5\n#PSALDO 0 202401 5010 {6 "P1"} 5\n#PSALDO 0 202401 5010 {} 5\n'
    result = run_import(tmp_path, body, head=head)
    assert any(
        "dimension 1 »Kostnadsställe« har inga objekt" in w
        and "dimension 6 »Projekt« har 6 objekt; använd --dimension 6" in w
        for w in result.warnings
    ), result.warnings


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.se"
        path.write_bytes((HEAD + "#RES 0 5010 1\n").encode(codec))
        with pytest.raises(SieError, match="UTF-16") as info:
            read_sie_totals(path)
        assert "binära" not in str(info.value)
        with pytest.raises(SieError, match="UTF-16"):
            parse_sie(path.read_bytes())


@pytest.mark.parametrize("amount", ["111517.", "-3."])
def test_a_truncated_amount_is_refused(tmp_path: Path, amount: str) -> None:
    error = refused(tmp_path, f'#PSALDO 0 202401 5010 {{1 "10"}} {amount}\n')
    assert error.line == 10 and amount in error.message


# ---------------------------------------------------------------- 6: escape codes


def test_escape_codes_never_reach_the_terminal(tmp_path: Path) -> None:
    esc = "\x1b[2J\x1b]0;pwned\x07"
    head = HEAD.replace('"Kultur AB"', f'"Kultur{esc}AB"').replace(
        '"Bibliotek"', f'"Bib{esc}liotek"'
    )
    result = run_import(tmp_path, '#PSALDO 0 202401 5010 {1 "10"} 1\n', head=head)
    text = "\n".join(describe(result))
    assert "\x1b" not in text and "\x07" not in text
    assert "\x1b" not in result.committee and "␛" in result.committee
    conn = sqlite3.connect(tmp_path / "ksui.sqlite")
    try:
        names = [row[0] for row in conn.execute("SELECT name FROM unit")]
    finally:
        conn.close()
    assert names and not any("\x1b" in name for name in names)
    error = refused(tmp_path, f'#PSALDO 0 202401 5010 {{1 "10"}} 1{esc}x\n')
    assert "\x1b" not in str(error) and "\x07" not in str(error) and "␛" in str(error)


# ---------------------------------------------------------------- 7: Kommun-Bas


def test_kommun_bas_groups_land_on_their_lines(tmp_path: Path) -> None:
    """Kommun-Bas: 34 Hyror och arrenden, 35 Bidrag, 36 Försäljning av verksamhet."""
    body = (
        "#RES 0 3411 -100\n#RES 0 3510 -200\n#RES 0 3611 -300\n#RES 0 3111 -400\n"
        "#RES 0 4511 50\n#RES 0 4611 60\n#RES 0 6011 70\n#RES 0 7911 80\n"
    )
    plan = plan_sie_import(parse_sie((HEAD + body).encode()))
    assert plan.line_totals[(0, "actual")] == {
        "hyror": -10000,  # 3411 Lokalhyror
        "driftbidrag": -20000,
        "ovriga_intakter": -30000,
        "avgifter": -40000,
        "bidrag": 5000,  # 45 Lämnade bidrag
        "kop_prim": 6000,  # 46 Köp av huvudverksamhet
        "lokaler": 7000,  # 60 Lokal- och markhyror
        "avskrivningar": 8000,  # 79 Avskrivningar
    }
