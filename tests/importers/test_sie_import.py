"""Importing SIE files into the store, checked through the report against the file's own text."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from ksui.core.drift import DriftRow
from ksui.core.report import ReportData, result_statement
from ksui.importers.errors import ImportFileError
from ksui.importers.sie import SieError
from ksui.importers.sie_import import SieImportResult, describe, import_sie
from ksui.store import Store, read
from ksui.store.db import StoreError
from ksui.store.locks import LockedError, lock

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "sie-samples"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"SIE sample files not found in {SAMPLES}"
)

# ---------------------------------------------------------------- the file, read by hand
# A few regexes of the test's own, so that expected figures never pass through ksui.

_ROW = re.compile(
    r"^#(PSALDO|PBUDGET)\s+(-?\d+)\s+(\d{4})(\d{2})\s+(\d+)\s+\{([^}]*)\}\s+(\S+)", re.M
)
_OBJEKT = re.compile(r'^#OBJEKT\s+1\s+"([^"]*)"\s+"([^"]*)"', re.M)
_RES = re.compile(r"^#RES\s+(-?\d+)\s+(\d+)\s+(\S+)", re.M)


def text_of(name: str) -> str:
    data = (SAMPLES / name).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp437")


def monthly(name: str) -> dict[tuple[str, str, int, int], int]:
    """(object code, measure, year, month) -> öre, over result accounts (class 3-8)."""
    sums: dict[tuple[str, str, int, int], int] = defaultdict(int)
    for label, index, year, month, account, objects, amount in _ROW.findall(text_of(name)):
        pair = re.fullmatch(r'\s*1\s+"?([^"\s]*)"?\s*', objects)
        if pair is None or account[0] not in "345678":
            continue
        if label == "PBUDGET" and index != "0":
            continue
        measure = "budget" if label == "PBUDGET" else "actual"
        sums[(pair.group(1), measure, int(year), int(month))] += int(Decimal(amount) * 100)
    return dict(sums)


def ytd(sums: dict, code: str, measure: str, year: int, month: int) -> int | None:
    """Year-to-date sum through ``month``; None when the object has no row that year."""
    if not any(k[0] == code and k[1] == measure and k[2] == year for k in sums):
        return None
    return sum(sums.get((code, measure, year, m), 0) for m in range(1, month + 1))


def _kind(account: str) -> str:
    """The account's class, or "A" for Kommun-Bas 79 Avskrivningar (below summa kostnader)."""
    return "A" if account.startswith("79") else account[0]


def units_by_code(rows: list[DriftRow]) -> dict[str, DriftRow]:
    return {row.unit.code: row for row in rows if row.unit.code}


def load(store: Store, year: int, period: str, committee: str | None = None) -> ReportData:
    return read.load_report(store, read.find_committee(store, committee), year, period)


def imported(tmp_path: Path, name: str, **options: object) -> tuple[Store, SieImportResult]:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    return store, import_sie(store, SAMPLES / name, **options)  # type: ignore[arg-type]


# ---------------------------------------------------------------- samples into an empty file


@needs_samples
@pytest.mark.parametrize("period", ["bokslut", "m03", "t1", "delar"])
def test_test3_units_match_the_file(tmp_path: Path, period: str) -> None:
    store, result = imported(tmp_path, "Test3.SE")
    sums = monthly("Test3.SE")
    month = {"bokslut": 12, "m03": 3, "t1": 4, "delar": 8}[period]
    rows = units_by_code(load(store, 1997, period).drift())
    declared = _OBJEKT.findall(text_of("Test3.SE"))
    assert {code for code, _ in declared} | {"0"} == set(rows)
    for code, name in declared:
        assert rows[code].unit.name == name
    for code, row in rows.items():
        actual = ytd(sums, code, "actual", 1997, month)
        budget_ytd = ytd(sums, code, "budget", 1997, month)
        budget = ytd(sums, code, "budget", 1997, 12)
        if actual is None and budget is not None:
            actual = 0  # a budgeted unit without bookings has spent nothing
        assert row.figures.actual == actual, code
        assert row.figures.budget == budget, code
        expected_deviation = None if budget is None or actual is None else budget_ytd - actual
        assert row.deviation == expected_deviation, code
        assert row.previous_net_cost == ytd(sums, code, "actual", 1996, month), code
    assert rows["11"].figures.budget == 21_060_000  # Norrköping, summed by hand (awk)
    assert result.failed_checks == [] and result.checks


@needs_samples
def test_test3_committee_total_and_statement(tmp_path: Path) -> None:
    store, _ = imported(tmp_path, "Test3.SE")
    data = load(store, 1997, "bokslut")
    assert data.committee.name == "Testföretaget" and data.committee.parent_id is None
    total = data.total()
    units = [r for r in data.drift() if r.depth == 1]
    assert total.figures.actual == sum(r.figures.actual or 0 for r in units)
    # The resultaträkning: revenue positive, costs negative, from #RES.
    res: dict[tuple[int, str], int] = defaultdict(int)
    for index, account, amount in _RES.findall(text_of("Test3.SE")):
        if account[0] in "345678":
            res[(int(index), _kind(account))] += -int(Decimal(amount) * 100)
    statement = result_statement(data)
    assert statement["summa_intakter"]["actual"] == res[(0, "3")]
    assert statement["summa_intakter"]["actual_prev"] == res[(-1, "3")]
    assert statement["summa_kostnader"]["actual"] == sum(
        v for (i, c), v in res.items() if i == 0 and c in "4567"
    )
    assert statement["summa_intakter"]["budget"] is not None


@needs_samples
def test_test3_statement_per_month_from_the_company_rows(tmp_path: Path) -> None:
    """Test3.SE has {} #PSALDO rows every month that add up to its #RES (all checks agree):
    a follow-up shows the months' sum so far, and December's is the bokslut."""
    store, result = imported(tmp_path, "Test3.SE")
    assert result.failed_checks == []
    company: dict[tuple[str, int], int] = defaultdict(int)  # (account class, month) -> öre
    for label, index, year, month, account, objects, amount in _ROW.findall(text_of("Test3.SE")):
        mine = (label, index, year) == ("PSALDO", "0", "1997") and not objects.strip()
        if mine and account[0] in "345678":
            company[(_kind(account), int(month))] -= int(Decimal(amount) * 100)
    assert {month for _, month in company} == set(range(1, 13))  # a row in every month

    def so_far(classes: str, month: int) -> int:
        return sum(v for (c, m), v in company.items() if c in classes and m <= month)

    for period, month in (("m03", 3), ("t1", 4), ("delar", 8), ("m12", 12)):
        data = load(store, 1997, period)
        assert data.statement_period == f"m{month:02d}", period
        statement = result_statement(data)
        assert statement["summa_intakter"]["actual"] == so_far("3", month), period
        assert statement["summa_kostnader"]["actual"] == so_far("4567", month), period
    december, bokslut = load(store, 1997, "m12"), load(store, 1997, "bokslut")
    assert bokslut.statement_period == "bokslut"
    assert december.result_values[1997] == bokslut.result_values[1997]
    assert result_statement(december) == result_statement(bokslut)


@needs_samples
def test_bl0001_broken_year_is_imported_as_one_year(tmp_path: Path) -> None:
    """Issue 13, finding 4: July 2009 – June 2010 is year 2010, all twelve months of it."""
    store, result = imported(tmp_path, "BL0001_typ3.SE")
    sums = monthly("BL0001_typ3.SE")
    fiscal = [(2009, m) for m in range(7, 13)] + [(2010, m) for m in range(1, 7)]
    months = [f"m{m:02d}" for m in range(1, 13)]
    assert result.periods[2010] == [*months, "bokslut"]
    assert any("inget kalenderår" in w and "år 2010" in w for w in result.warnings)
    assert not any("tas inte med" in w for w in result.warnings)
    assert 2010 in result.statement  # the resultaträkning is written too
    rows = units_by_code(load(store, 2010, "bokslut").drift())
    assert len(rows) == len(_OBJEKT.findall(text_of("BL0001_typ3.SE")))

    def to(code: str, last: tuple[int, int]) -> int | None:
        if not any((code, "actual", y, m) in sums for y, m in fiscal):
            return None  # no row in the year: nothing written
        return sum(sums.get((code, "actual", y, m), 0) for y, m in fiscal if (y, m) <= last)

    december = units_by_code(load(store, 2010, "m12").drift())
    for code, row in rows.items():
        assert row.figures.actual == to(code, (2010, 6)), code  # the whole fiscal year
        assert code != "1" or row.figures.actual is not None
        assert december[code].figures.actual == to(code, (2009, 12)), code  # July–December
        assert row.figures.budget is None  # the file budgets the company only ({} rows)


@needs_samples
def test_reimport_updates_and_never_duplicates(tmp_path: Path) -> None:
    store, first = imported(tmp_path, "Test3.SE")

    def snapshot() -> tuple[object, ...]:
        conn = store.conn
        return tuple(
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3, 4").fetchall()
            for table in ("unit", "drift_figure", "statement_value")
        )

    before = snapshot()
    second = import_sie(store, SAMPLES / "Test3.SE")
    assert snapshot() == before
    assert (second.figures_new, second.figures_changed) == (0, 0)
    assert second.figures_unchanged == first.figures_new
    assert second.units_created == [] and second.units_unchanged == len(first.units_created)
    assert not second.committee_created
    assert second.changeset_id is None  # nothing changed, so no empty change set is kept


@needs_samples
def test_reimport_of_a_changed_file(tmp_path: Path) -> None:
    store, first = imported(tmp_path, "Test3.SE")
    norr = store.conn.execute("SELECT id FROM unit WHERE code = '11'").fetchone()[0]
    store.conn.execute("INSERT INTO drift_figure VALUES (?, 1997, 't1', 'forecast', 123)", (norr,))
    text = text_of("Test3.SE").replace('"Norrköping"', '"Norrköping C"')
    text = text.replace('199701 3010 {1 "11"} -9680.00', '199701 3010 {1 "11"} -9000')
    changed = tmp_path / "Test3-ändrad.SE"
    changed.write_bytes(text.encode("cp437"))
    result = import_sie(store, changed, committee="Testföretaget")
    assert result.units_updated == ["Norrköping C"] and result.units_created == []
    assert result.figures_changed > 0 and result.figures_new == 0
    assert result.figures_untouched == 1  # the forecast the file does not have
    assert any("lämnades orörda" in line for line in describe(result))
    rows = units_by_code(load(store, 1997, "t1").drift())
    assert rows["11"].unit.name == "Norrköping C"
    assert rows["11"].figures.forecast == 123
    assert store.conn.execute("SELECT count(*) FROM unit WHERE code = '11'").fetchone()[0] == 1
    assert first.committee == result.committee


# ---------------------------------------------------------------- every sample, and errors

EXPECTED = {
    "BL0001_typ2.SE": "ok",  # no objects: the nämnd's resultaträkning, with a warning
    "BL0001_typ3.SE": "ok",
    "Test3.SE": "ok",
    "SIE4_Exempelfil_med_underdim.SE": "ok",
    "SIE-fil_fran_Visma_Eget_Aktiebolag_2010.se": "ok",
}


@needs_samples
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sample_imports_or_is_refused_clearly(tmp_path: Path, name: str) -> None:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    before = list(store.conn.iterdump())
    try:
        result = import_sie(store, SAMPLES / name)
    except ImportFileError as exc:
        assert EXPECTED[name] != "ok", str(exc)
        assert str(exc).startswith(f"{name}: {EXPECTED[name]}")
        assert list(store.conn.iterdump()) == before
        return
    assert EXPECTED[name] == "ok"
    lines = describe(result)
    assert lines[0].startswith(f"Läste {name}:")
    assert all(isinstance(line, str) and line for line in lines)


@needs_samples
def test_sie4_vouchers_and_another_dimension(tmp_path: Path) -> None:
    store, result = imported(tmp_path, "SIE4_Exempelfil_med_underdim.SE", dimension=6)
    assert result.dimension_name == "Projekt"
    names = {row.unit.name for row in load(store, 2021, "bokslut").drift()}
    assert "Scrum master tjafs" in names
    assert result.statement == {2020: ["actual"], 2021: ["actual"]}


def corrupt_copy(tmp_path: Path) -> tuple[Path, int]:
    """Test3.SE with a bad amount on its last #PSALDO/#PBUDGET line; returns its line number."""
    lines = text_of("Test3.SE").split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith(("#PSALDO", "#PBUDGET")))
    lines[last] = lines[last].rsplit(" ", 1)[0] + " 12,50"
    path = tmp_path / "Test3-trasig.SE"
    path.write_bytes("\n".join(lines).encode("cp437"))
    return path, last + 1


@needs_samples
def test_a_corrupt_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    import_sie(store, SAMPLES / "BL0001_typ3.SE")
    before = list(store.conn.iterdump())
    path, line_no = corrupt_copy(tmp_path)
    with pytest.raises(SieError) as info:
        import_sie(store, path)
    assert info.value.line_no == line_no
    assert str(info.value).startswith(f'Test3-trasig.SE:{line_no}: belopp "12,50" är inget tal')
    assert list(store.conn.iterdump()) == before


@needs_samples
def test_a_failure_inside_the_transaction_writes_nothing(tmp_path: Path) -> None:
    """A locked bokslut refuses the import's last writes: the first ones are undone too."""
    store, result = imported(tmp_path, "Test3.SE")
    assert lock(store, result.committee_id, 1997, "bokslut")
    text = text_of("Test3.SE").replace('"Norrköping"', '"Norrköping C"')
    text = text.replace('199701 3010 {1 "11"} -9680.00', '199701 3010 {1 "11"} -9000')
    path = tmp_path / "Test3-låst.SE"
    path.write_bytes(text.encode("cp437"))
    before = list(store.conn.iterdump())
    with pytest.raises(LockedError):
        import_sie(store, path)
    assert list(store.conn.iterdump()) == before
    assert issubclass(LockedError, StoreError)  # the CLI catches StoreError as well


@needs_samples
def test_import_into_the_demo_keeps_kommunstyrelsen(store: Store) -> None:
    ks = read.find_committee(store, "Kommunstyrelsen")
    report = read.load_report(store, ks, 2017, "bokslut")
    before = [(r.unit.id, r.figures, r.net_cost) for r in report.drift()]
    statement = result_statement(report)
    result = import_sie(store, SAMPLES / "Test3.SE")
    kommun = store.conn.execute("SELECT id FROM unit WHERE kind = 'kommun'").fetchone()[0]
    new = read.find_committee(store, "Testföretaget")
    assert new.parent_id == kommun and new.id == result.committee_id
    after = read.load_report(store, read.find_committee(store, "Kommunstyrelsen"), 2017, "bokslut")
    assert [(r.unit.id, r.figures, r.net_cost) for r in after.drift()] == before
    assert result_statement(after) == statement
    assert read.years(store)[0] == 1996  # the new years sit beside the demo's


def test_bad_account_mapping_is_refused_before_reading(tmp_path: Path) -> None:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    with pytest.raises(ImportFileError, match="okänd resultaträkningsrad"):
        import_sie(store, tmp_path / "finns-inte.se", account_lines={"4": "varor"})
    with pytest.raises(SieError, match="kan inte läsa filen"):
        import_sie(store, tmp_path / "finns-inte.se")


@needs_samples
def test_progress_and_summary(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    store = Store(tmp_path / "ksui.sqlite", create=True)
    result = import_sie(store, SAMPLES / "Test3.SE", progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1] > 0
    lines = describe(result)
    assert lines[:2] == [
        "Läste Test3.SE: 601 rader (456 #PSALDO, 145 #PBUDGET), 117 konton.",
        "Nämnd: Testföretaget (ny).",
    ]
    assert "Enheter (dimension 1 »Avdelning«): 18 nya, 0 uppdaterade, 0 oförändrade." in lines
    assert "Perioder: 1996: januari–december och bokslut; 1997: januari–december och bokslut." in (
        lines
    )
    assert (
        "Resultaträkning: 1996 (utfall bokslut); 1997 (utfall januari–december och bokslut,"
        " budget); 76 rader (76 nya, 0 ändrade, 0 oförändrade)."  # 79 Avskrivningar: own line
    ) in lines
    assert "Kontroller: alla 14 stämmer." in lines
    assert any(line.startswith("Varning: dimension 1 har belopp på objekt") for line in lines)
