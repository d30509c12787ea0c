"""`ksui import struktur` and `ksui template struktur`: a nämnd's whole structure from one
file into a file made by `ksui init --empty`, one change set that `ksui undo` takes back,
a bad row refused as any import's (file:line: kolumnen »X«: …, exit 1) with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.cli.conftest import Run, dump

HEADER = "Typ;Kod;Namn;Tillhör;Sort;Riktning;Ansvarig;Nummer"
LINES = [
    "nämnd;KS;Kommunstyrelsen;;;;;",
    "enhet;KSK;Kommunstyrelsens kontor;KS;;;;",
    "enhet;100;Politisk ledning;KS;politisk ledning;;;",
    "enhet;120;Ekonomi;KSK;;;;",
    "enhet;130;HR;Kommunstyrelsens kontor;;;;",
    "enhet;121;Redovisning;120;ansvar;;;",
    "enhet;122;Budget och analys;Ekonomi;;;;",
    "kategori;;Nämndsinvesteringar;;;;;",
    "kategori;;Lokaler;;lokaler;;;",
    "projekt;;Bärbara datorer;Nämndsinvesteringar;;;IT;",
    "projekt;;Surfplattor;Nämndsinvesteringar;;;;",
    "projekt;;Ombyggnad entré;Lokaler;;;;",
    "målområde;;Hållbara Södertälje;;;;;",
    "mål;;Tryggheten ska öka;Hållbara Södertälje;;;;",
    "mål;;Fler ska arbeta;Hållbara Södertälje;;;;",
    "indikator;;Andel trygga;Tryggheten ska öka;procent;upp;;",
]


def _ok(run: Run, *args: str, db: Path) -> str:
    result = run(*args, db=db)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


def _data(path: Path) -> list[str]:
    """The file's rows without the audit trail (which an undo adds to by design)."""
    return [
        line
        for line in dump(path).splitlines()
        if not line.startswith(('INSERT INTO "changeset"', 'INSERT INTO "audit"'))
        and "sqlite_sequence" not in line
    ]


@pytest.fixture
def empty(run: Run, tmp_path: Path) -> Path:
    path = tmp_path / "ny.sqlite"
    _ok(run, "init", "--empty", str(path), db=path)
    return path


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "struktur.csv"
    path.write_text("\n".join([HEADER, *LINES]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Path:
    """The same rows as a workbook saved by Excel would hold them (codes as numbers)."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    for line in LINES:
        cells: list[object] = [c if not c.isdigit() else int(c) for c in line.split(";")]
        sheet.append([c if c != "" else None for c in cells])
    path = tmp_path / "struktur.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("which", ["csv_file", "xlsx_file"])
def test_a_nämnd_built_from_one_file(
    run: Run, empty: Path, which: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(which)
    out = _ok(run, "import", "struktur", str(path), db=empty)
    assert out.splitlines()[0] == (
        f"Importerade 16 rader från {path.name} till Kommunstyrelsen: lade till 1 nämnd, "
        "6 enheter, "
        "2 kategorier, 3 projekt, 1 målområde, 2 mål och 1 indikator."
    )
    drift = json.loads(_ok(run, "drift", "--year", "2026", "--format", "json", db=empty))
    assert drift["committee"] == "Kommunstyrelsen"
    units = {u["code"]: (u["name"], u["parent"], u["kind"]) for u in drift["units"]}
    assert units == {
        "KSK": ("Kommunstyrelsens kontor", "Kommunstyrelsen", "kontor"),
        "100": ("Politisk ledning", "Kommunstyrelsen", "politisk_ledning"),
        "120": ("Ekonomi", "Kommunstyrelsens kontor", "verksamhet"),
        "121": ("Redovisning", "Ekonomi", "ansvar"),
        "122": ("Budget och analys", "Ekonomi", "ansvar"),
        "130": ("HR", "Kommunstyrelsens kontor", "verksamhet"),
    }
    summary = _ok(run, "summary", "--year", "2026", db=empty)
    assert "Kommunstyrelsen" in summary and "Hållbara Södertälje" in summary
    investments = _ok(run, "investments", "--year", "2026", db=empty)
    for name in ("Nämndsinvesteringar", "Bärbara datorer", "Surfplattor", "Ombyggnad entré"):
        assert name in investments
    goals = json.loads(_ok(run, "goals", "--year", "2026", "--format", "json", db=empty))
    text = json.dumps(goals, ensure_ascii=False)
    assert "Tryggheten ska öka" in text and "Fler ska arbeta" in text and "Andel trygga" in text


def test_again_writes_nothing_and_undo_takes_all_back(
    run: Run, empty: Path, csv_file: Path, xlsx_file: Path
) -> None:
    before = _data(empty)
    _ok(run, "import", "struktur", str(csv_file), db=empty)
    after = dump(empty)
    again = _ok(run, "import", "struktur", str(xlsx_file), db=empty)
    assert "inget nytt" in again and "16 av raderna fanns redan" in again
    assert dump(empty) == after
    log = _ok(run, "log", "-n", "5", "--format", "json", db=empty)
    assert "Import av struktur från struktur.csv" in log
    _ok(run, "undo", "--yes", db=empty)
    assert _data(empty) == before
    assert run("summary", db=empty).exit_code == 2


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("fel;;X;;;;;", "Typ", "okänd typ »fel«"),
        ("enhet;999;Nytt;XX;;;;", "Tillhör", "okänd enhet »XX«"),
        ("enhet;120;Ekonomiavdelningen;KSK;;;;", "Namn", "koden »120« har enheten »Ekonomi«"),
        ("enhet;131;hr;KSK;;;;", "Namn", "det finns redan en enhet som heter »HR«"),
        ("enhet;131;Ny;KSK;nämnd;;;", "Sort", "okänd sort av enhet"),
        ("kategori;;Ny;;konstig;;;", "Sort", "okänd sort av investeringskategori"),
        ("projekt;;P;Okänd;;;;", "Tillhör", "okänd investeringskategori"),
        ("mål;;M;Hållbara Södertälje;;;;noll", "Nummer", "inget målnummer"),
        ("indikator;;I;Okänt mål;;;;", "Tillhör", "okänt mål"),
        ("indikator;;I;1;;snett;;", "Riktning", "okänd riktning"),
        ("kategori;;K;;;;Kalle;", "Ansvarig", "används inte för Typ kategori"),
        ("nämnd;KS;Kommunstyrelsen;;;;;", "Typ", "ska stå först"),
    ],
)
def test_a_bad_row_is_refused_and_nothing_written(
    run: Run,
    empty: Path,
    csv_file: Path,
    tmp_path: Path,
    line: str,
    column: str,
    message: str,
) -> None:
    _ok(run, "import", "struktur", str(csv_file), db=empty)
    bad = tmp_path / "fel.csv"
    bad.write_text(f"{HEADER}\nenhet;140;Kommunikation;KSK;;;;\n{line}\n", encoding="utf-8")
    before = dump(empty)
    result = run("import", "struktur", str(bad), db=empty)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"ksui: {bad}:3: kolumnen »{column}«: "), lines[0]
    assert message in lines[0]
    assert dump(empty) == before


def test_a_refused_file_into_an_empty_database(run: Run, empty: Path, tmp_path: Path) -> None:
    bad = tmp_path / "fel.csv"
    bad.write_text(f"{HEADER}\nenhet;120;Ekonomi;KS;;;;\n", encoding="utf-8")
    before = dump(empty)
    result = run("import", "struktur", str(bad), db=empty)
    assert result.exit_code == 1
    assert "fel.csv:2: kolumnen »Typ«: databasen innehåller ingen nämnd" in result.stderr
    missing = run("import", "struktur", str(tmp_path / "finns-inte.csv"), db=empty)
    assert missing.exit_code == 1 and len(missing.stderr.strip().splitlines()) == 1
    assert dump(empty) == before


def test_committee_picks_the_nämnd_of_a_file_without_one(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    _ok(run, "add", "committee", "Kommunstyrelsen", "--code", "KS", db=empty)
    _ok(run, "add", "committee", "Kulturnämnden", "--code", "KN", db=empty)
    path = tmp_path / "kultur.csv"
    path.write_text(f"{HEADER}\nenhet;K1;Bibliotek;KN;;;;\n", encoding="utf-8")
    refused = run("import", "struktur", str(path), db=empty)
    assert refused.exit_code == 1 and "flera nämnder" in refused.stderr
    out = _ok(run, "import", "struktur", str(path), "-c", "Kulturnämnden", db=empty)
    assert "till Kulturnämnden: lade till 1 enhet." in out


def test_template_round_trip(run: Run, empty: Path, csv_file: Path, tmp_path: Path) -> None:
    headers_only = tmp_path / "tom.csv"
    out = _ok(run, "template", "struktur", str(headers_only), db=empty)
    assert "0 förifyllda rader" in out
    assert headers_only.read_text(encoding="utf-8-sig").strip() == HEADER
    _ok(run, "import", "struktur", str(csv_file), db=empty)
    for suffix in (".csv", ".xlsx"):
        exported = tmp_path / f"ut{suffix}"
        assert "16 förifyllda rader" in _ok(run, "template", "struktur", str(exported), db=empty)
        before = dump(empty)
        assert "inget nytt" in _ok(run, "import", "struktur", str(exported), db=empty)
        assert dump(empty) == before
    text = (tmp_path / "ut.csv").read_text(encoding="utf-8-sig")
    assert "enhet;122;Budget och analys;120;ansvar;;;" in text
    assert "indikator;;Andel trygga;Tryggheten ska öka;procent;upp;;" in text
    # An edited export adds what the controller added, and nothing else changes.
    (tmp_path / "ut.csv").write_text(text + "enhet;123;Upphandling;120;;;;\n", encoding="utf-8")
    out = _ok(run, "import", "struktur", str(tmp_path / "ut.csv"), db=empty)
    assert "lade till 1 enhet." in out and "16 av raderna fanns redan" in out
    # Into a second empty database the export builds the same nämnd.
    other = tmp_path / "annan.sqlite"
    _ok(run, "init", "--empty", str(other), db=other)
    _ok(run, "import", "struktur", str(tmp_path / "ut.xlsx"), db=other)
    copy = tmp_path / "kopia.csv"
    _ok(run, "template", "struktur", str(copy), db=other)
    assert copy.read_text(encoding="utf-8-sig") == (tmp_path / "ut.csv").read_text(
        encoding="utf-8-sig"
    ).replace("enhet;123;Upphandling;120;;;;\n", "")


def test_template_of_an_unknown_nämnd_is_refused(
    run: Run, empty: Path, csv_file: Path, tmp_path: Path
) -> None:
    _ok(run, "import", "struktur", str(csv_file), db=empty)
    result = run("template", "struktur", str(tmp_path / "x.csv"), "-c", "Okänd", db=empty)
    assert result.exit_code == 2 and "okänd nämnd »Okänd«" in result.stderr
    assert not (tmp_path / "x.csv").exists()
