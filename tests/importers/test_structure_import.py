"""`ksui import struktur`'s importer: a nämnd's whole structure from one CSV or XLSX file,
one change set, matched on a second import, every bad row refused with nothing written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from ksui.actions import structure
from ksui.exporters import templates
from ksui.importers.errors import ImportFileError
from ksui.importers.structure import (
    HEADERS,
    Vocabulary,
    describe,
    import_structure,
    template_rows,
)
from ksui.store import Store, read
from ksui.store.undo import revert

VOCABULARY = Vocabulary(
    unit_kind=structure.unit_kind,
    category_kind=structure.category_kind,
    indicator_unit=structure.indicator_unit,
    direction=structure.indicator_direction,
)

ROWS = [
    ["nämnd", "KS", "Kommunstyrelsen", "", "", "", "", ""],
    ["enhet", "KSK", "Kommunstyrelsens kontor", "KS", "", "", "", ""],
    ["enhet", "100", "Politisk ledning", "Kommunstyrelsen", "politisk ledning", "", "", ""],
    ["enhet", "120", "Ekonomi", "KSK", "", "", "", ""],
    ["enhet", "130", "HR", "Kommunstyrelsens kontor", "", "", "", ""],
    ["enhet", "121", "Redovisning", "120", "ansvar", "", "", ""],
    ["enhet", "122", "Budget och analys", "Ekonomi", "", "", "", ""],
    ["kategori", "", "Nämndsinvesteringar", "", "", "", "", ""],
    ["kategori", "", "Lokaler", "KS", "lokaler", "", "", ""],
    ["projekt", "", "Bärbara datorer", "Nämndsinvesteringar", "", "", "IT", ""],
    ["projekt", "", "Surfplattor", "nämndsinvesteringar", "", "", "", ""],
    ["projekt", "", "Ombyggnad entré", "Lokaler", "", "", "", ""],
    ["målområde", "", "Hållbara Södertälje", "", "", "", "", ""],
    ["mål", "", "Tryggheten ska öka", "Hållbara Södertälje", "", "", "", ""],
    ["mål", "", "Fler ska arbeta", "Hållbara Södertälje", "", "", "", "3"],
    ["indikator", "", "Andel trygga", "Tryggheten ska öka", "%", "upp", "", ""],
]


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Store]:
    """A database as `ksui init --empty` leaves it: the schema, no nämnd."""
    store = Store(tmp_path / "tom.sqlite", create=True)
    yield store
    store.close()


def write(path: Path, rows: list[list[str]], headers: list[str] | None = None) -> Path:
    """The file as `ksui template struktur` writes it (CSV or XLSX by the suffix)."""
    templates.write_template(path, "Struktur", headers or HEADERS, rows)
    return path


def dump(store: Store) -> list[str]:
    # The full-text index (schema 10) is derived by triggers; after an undo it holds the
    # same texts under new rowids, so it is left out of the comparison.
    return [s for s in store.conn.iterdump() if not s.startswith('INSERT INTO "search_')]


def structure_of(store: Store) -> list[list[str]]:
    """The nämnd's structure as the template writes it."""
    return template_rows(store, read.find_committee(store, None).id)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_whole_nämnd_from_one_file(empty: Store, tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"struktur{suffix}", ROWS)
    result = import_structure(empty, path, VOCABULARY)
    assert result.rows == 16 and result.found == 0 and result.changeset_id is not None
    assert result.created == {
        "committee": 1,
        "unit": 6,
        "category": 2,
        "project": 3,
        "area": 1,
        "goal": 2,
        "indicator": 1,
    }
    assert describe(result, path.name)[0] == (
        f"Importerade 16 rader från {path.name} till Kommunstyrelsen: lade till 1 nämnd, "
        "6 enheter, "
        "2 kategorier, 3 projekt, 1 målområde, 2 mål och 1 indikator."
    )
    committee = read.find_committee(empty, None)
    assert (committee.name, committee.code) == ("Kommunstyrelsen", "KS")
    tree = read.org_tree(empty, committee.id)
    by_code = {u.code: u for u in tree.units.values()}
    assert by_code["100"].kind == "politisk_ledning"
    assert by_code["KSK"].kind == "kontor" and by_code["120"].kind == "verksamhet"
    assert by_code["121"].kind == "ansvar" and by_code["121"].parent_id == by_code["120"].id
    assert by_code["122"].parent_id == by_code["120"].id
    categories = read.investment_categories(empty, committee.id, 0)
    assert [(c.name, c.kind, [p.name for p in c.projects]) for c in categories] == [
        ("Nämndsinvesteringar", "namnd", ["Bärbara datorer", "Surfplattor"]),
        ("Lokaler", "lokaler", ["Ombyggnad entré"]),
    ]
    assert categories[0].projects[0].responsible == "IT"
    (area,) = read.goal_areas(empty, committee.id, 0, "bokslut")
    assert [(g.number, g.title) for g in area.goals] == [
        (1, "Tryggheten ska öka"),
        (3, "Fler ska arbeta"),
    ]
    (indicator,) = area.goals[0].indicators
    assert (indicator.name, indicator.unit, indicator.direction) == (
        "Andel trygga",
        "procent",
        "up",
    )


def test_the_same_file_again_writes_nothing(empty: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "struktur.csv", ROWS)
    import_structure(empty, path, VOCABULARY)
    before = dump(empty)
    again = import_structure(empty, path, VOCABULARY)
    assert again.changeset_id is None and again.found == 16 and not again.created
    assert "inget nytt" in describe(again, path.name)[0]
    assert dump(empty) == before


def test_undo_takes_the_whole_import_back(empty: Store, tmp_path: Path) -> None:
    before = dump(empty)
    result = import_structure(empty, write(tmp_path / "s.csv", ROWS), VOCABULARY)
    assert result.changeset_id is not None
    revert(empty, result.changeset_id, "Ångra importen", confirmed=True)
    tables = ("unit", "investment_category", "investment_project", "goal_area", "goal")
    for table in (*tables, "indicator"):
        assert empty.conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    assert [line for line in dump(empty) if "changeset" not in line and "audit" not in line] == [
        line for line in before if "changeset" not in line and "audit" not in line
    ]


def test_a_file_adds_to_what_exists(empty: Store, tmp_path: Path) -> None:
    import_structure(empty, write(tmp_path / "a.csv", ROWS[:4]), VOCABULARY)
    more = [
        ["enhet", "KSK", "Kommunstyrelsens kontor", "KS", "", "", "", ""],
        ["enhet", "140", "Kommunikation", "KSK", "", "", "", ""],
    ]
    result = import_structure(empty, write(tmp_path / "b.csv", more), VOCABULARY)
    assert result.created == {"unit": 1} and result.found == 1


def test_committee_option_without_a_nämnd_row(empty: Store, tmp_path: Path) -> None:
    structure.add_committee(empty, "Kultur- och fritidsnämnden", "KFN")
    structure.add_committee(empty, "Kommunstyrelsen", "KS")
    rows = [["enhet", "K1", "Bibliotek", "KFN", "", "", "", ""]]
    path = write(tmp_path / "s.csv", rows)
    with pytest.raises(ImportFileError, match="flera nämnder"):
        import_structure(empty, path, VOCABULARY)
    result = import_structure(empty, path, VOCABULARY, committee="KFN")
    assert result.committee == "Kultur- och fritidsnämnden" and result.created == {"unit": 1}


def test_a_new_project_starts_at_nil_in_the_year(empty: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "s.csv", ROWS)
    import_structure(empty, path, VOCABULARY, year=2026)
    rows = empty.conn.execute(
        "SELECT year, period, appropriation FROM investment_figure ORDER BY project_id"
    ).fetchall()
    assert rows == [(2026, "m01", 0)] * 3


HEADER = ";".join(HEADERS)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("fel;;X;;;;;", "Typ", "okänd typ »fel«"),
        (";;X;;;;;", "Typ", "ange nämnd, enhet"),
        ("enhet;999;Nytt;XX;;;;", "Tillhör", "okänd enhet »XX«"),
        ("enhet;999;Nytt;;;;;", "Tillhör", "ange den överordnade enheten"),
        ("enhet;120;Ekonomiavd;KSK;;;;", "Namn", "koden »120« har enheten »Ekonomi«"),
        ("enhet;;Utan kod;KSK;;;;", "Kod", "en ny enhet måste ha en kod"),
        ("enhet;130;HR;120;;;;", "Tillhör", "ligger under »Kommunstyrelsens kontor«"),
        ("enhet;131;hr;KSK;;;;", "Namn", "det finns redan en enhet som heter »HR«"),
        ("enhet;131;Ny;KSK;kommun;;;", "Sort", "okänd sort av enhet »kommun«"),
        ("enhet;130;HR;KSK;ansvar;;;", "Sort", "är verksamhet, inte ansvar"),
        ("enhet;KS;Ny;KSK;;;;", "Kod", "nämnden"),
        ("enhet;131;Ny\u0007;KSK;;;;", "Namn", "styrtecken"),
        ('enhet;131;"Två\nrader";KSK;;;;', "Namn", "radbrytning"),
        ("kategori;;Ny;;konstig;;;", "Sort", "okänd sort av investeringskategori"),
        ("kategori;;Lokaler;;namnd;;;", "Sort", "är av sorten lokaler, inte namnd"),
        ("kategori;;K;;;upp;;", "Riktning", "används inte för Typ kategori"),
        ("kategori;;K;Ekonomi;;;;", "Tillhör", "är inte nämnden"),
        ("projekt;;P;Okänd;;;;", "Tillhör", "okänd investeringskategori »Okänd«"),
        ("projekt;;Bärbara datorer;Lokaler;;;;", "Tillhör", "hör till kategorin"),
        ("projekt;;Bärbara datorer;Nämndsinvesteringar;;;HR;", "Ansvarig", "har ansvarig »IT«"),
        ("målområde;;Hållbara södertälje;;;;;1", "Nummer", "används inte"),
        ("mål;;M;Okänt;;;;", "Tillhör", "okänt målområde »Okänt«"),
        ("mål;;M;Hållbara Södertälje;;;;x", "Nummer", "inget målnummer"),
        ("mål;;M;Hållbara Södertälje;;;;3", "Nummer", "har redan ett mål nr 3"),
        ("mål;;Tryggheten ska öka;Hållbara Södertälje;;;;2", "Nummer", "har nr 1, inte 2"),
        ("indikator;;I;Okänt mål;;;;", "Tillhör", "okänt mål »Okänt mål«"),
        ("indikator;;I;1;grader;;;", "Sort", "okänd enhet för indikatorn"),
        ("indikator;;I;1;;åt sidan;;", "Riktning", "okänd riktning"),
        ("indikator;;Andel trygga;1;antal;;;", "Sort", "har enheten »procent«"),
        ("nämnd;KS;Kommunstyrelsen;;;;;", "Typ", "ska stå först"),
        ("nämnd;KX;Kommunstyrelsen;;;;;", "Typ", "ska stå först"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_nothing_written(
    empty: Store, tmp_path: Path, row: str, column: str, message: str
) -> None:
    import_structure(empty, write(tmp_path / "s.csv", ROWS), VOCABULARY)
    path = tmp_path / "bad.csv"
    good = "enhet;140;Kommunikation;KSK;;;;"
    path.write_text(f"{HEADER}\n{good}\n{row}\n", encoding="utf-8")
    before = dump(empty)
    with pytest.raises(ImportFileError) as refused:
        import_structure(empty, path, VOCABULARY)
    text = str(refused.value)
    assert text.startswith(f"{path}:3: kolumnen »{column}«: "), text
    assert message in text
    assert dump(empty) == before


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["enhet", "120", "Ekonomi", "KSK", "", "", "", ""]], "ingen nämnd"),
        ([["nämnd", "", "Kommunstyrelsen", "", "", "", "", ""]], "en ny nämnd måste ha en kod"),
        (
            [ROWS[0], ["nämnd", "KF", "Kulturnämnden", "", "", "", "", ""]],
            "en andra rad med Typ nämnd",
        ),
        (
            [ROWS[0], ["enhet", "120", "Ekonomi", "KSK", "", "", "", ""], ROWS[1]],
            "en överordnad enhet ska stå på en rad före",
        ),
    ],
)
def test_order_and_nämnd_rows_in_an_empty_database(
    empty: Store, tmp_path: Path, rows: list[list[str]], message: str
) -> None:
    before = dump(empty)
    with pytest.raises(ImportFileError, match=message):
        import_structure(empty, write(tmp_path / "s.csv", rows), VOCABULARY)
    assert dump(empty) == before


def test_a_renamed_nämnd_code_is_refused_naming_both(empty: Store, tmp_path: Path) -> None:
    import_structure(empty, write(tmp_path / "s.csv", ROWS[:1]), VOCABULARY)
    rows = [["nämnd", "KS", "Kommunstyrelsen ny", "", "", "", "", ""]]
    with pytest.raises(ImportFileError, match="har nämnden »Kommunstyrelsen«, inte"):
        import_structure(empty, write(tmp_path / "t.csv", rows), VOCABULARY)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (["Typ", "Namn", "Färg"], "okänd kolumn"),
        (["Typ", "Kod"], "kolumn saknas: Namn"),
        (["Typ", "Namn", "namn"], "två gånger"),
    ],
)
def test_a_bad_header_is_refused(
    empty: Store, tmp_path: Path, headers: list[str], message: str
) -> None:
    path = write(tmp_path / "s.csv", [], headers)
    with pytest.raises(ImportFileError, match=message):
        import_structure(empty, path, VOCABULARY)


def test_a_header_only_file_is_refused(empty: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="inga rader"):
        import_structure(empty, write(tmp_path / "s.csv", []), VOCABULARY)


def test_template_round_trip_into_a_new_database(empty: Store, tmp_path: Path) -> None:
    import_structure(empty, write(tmp_path / "s.xlsx", ROWS), VOCABULARY)
    exported = structure_of(empty)
    assert exported[0] == ["nämnd", "KS", "Kommunstyrelsen", "", "", "", "", ""]
    assert ["indikator", "", "Andel trygga", "Tryggheten ska öka", "procent", "upp", "", ""] in (
        exported
    )
    again = import_structure(empty, write(tmp_path / "e.xlsx", exported), VOCABULARY)
    assert again.changeset_id is None
    other = Store(tmp_path / "annan.sqlite", create=True)
    try:
        import_structure(other, write(tmp_path / "e.csv", exported), VOCABULARY)
        assert structure_of(other) == exported
    finally:
        other.close()


def test_goals_of_the_same_title_in_two_areas(empty: Store, tmp_path: Path) -> None:
    rows = [
        ROWS[0],
        ["målområde", "", "A", "", "", "", "", ""],
        ["målområde", "", "B", "", "", "", "", ""],
        ["mål", "", "Nöjda invånare", "A", "", "", "", ""],
        ["mål", "", "Nöjda invånare", "B", "", "", "", ""],
        ["indikator", "", "NKI", "B / 1", "index", "", "", ""],
    ]
    import_structure(empty, write(tmp_path / "s.csv", rows), VOCABULARY)
    exported = structure_of(empty)
    assert exported[-1][:4] == ["indikator", "", "NKI", "B / 1"]
    bad = [*rows[:5], ["indikator", "", "NKI", "1", "", "", "", ""]]
    with pytest.raises(ImportFileError, match="flera mål passar »1«"):
        import_structure(empty, write(tmp_path / "t.csv", bad), VOCABULARY)


def test_an_existing_indicator_keeps_a_unit_outside_the_list(
    demo_path: Path, tmp_path: Path
) -> None:
    """The demo's »tkr/invånare« is no unit `ksui add indicator` takes, yet its own
    exported structure imports again without a change."""
    store = Store(demo_path)
    try:
        exported = structure_of(store)
        assert any(row[4] == "tkr/invånare" for row in exported)
        before = dump(store)
        result = import_structure(store, write(tmp_path / "demo.csv", exported), VOCABULARY)
        assert result.changeset_id is None and result.found == len(exported)
        assert dump(store) == before
    finally:
        store.close()


# --------------------------------------------------------------------------- property

NAME = hs.text(alphabet='abcxyzåäöÅÄÖ ;,"=-+1', min_size=1, max_size=8).map(str.strip).filter(bool)


@hs.composite
def trees(draw: hs.DrawFn) -> list[list[str]]:
    """A valid structure file: units on random levels, categories, projects, areas, goals
    and indicators with names unique in any case, every parent before its children."""
    count = draw(hs.integers(min_value=0, max_value=24))
    names = draw(hs.lists(NAME, min_size=count, max_size=count, unique_by=str.casefold))
    names = [n for n in names if " ".join(n.split()).casefold() == n.casefold()]
    rows = [["nämnd", "N", "Nämnden", "", "", "", "", ""]]
    unit_codes: list[str] = []
    take = iter(names)
    for name in take:
        kind = draw(hs.sampled_from(["kontor", "verksamhet", "ansvar", "politisk_ledning"]))
        parent = draw(hs.sampled_from(["N", *unit_codes]))
        code = f"{100 + len(unit_codes)}"
        rows.append(["enhet", code, name, parent, kind, "", "", ""])
        unit_codes.append(code)
        if draw(hs.booleans()):
            break
    categories: list[str] = []
    areas: dict[str, int] = {}
    goals: list[str] = []
    for name in take:
        what = draw(hs.sampled_from(["kategori", "projekt", "målområde", "mål", "indikator"]))
        if what == "kategori":
            kind = draw(hs.sampled_from(["ks_kf", "lokaler", "namnd", "special"]))
            rows.append(["kategori", "", name, "", kind, "", "", ""])
            categories.append(name)
        elif what == "projekt" and categories:
            responsible = draw(hs.sampled_from(["", "IT", "Fastighet"]))
            parent = draw(hs.sampled_from(categories))
            rows.append(["projekt", "", name, parent, "", "", responsible, ""])
        elif what == "målområde":
            rows.append(["målområde", "", name, "", "", "", "", ""])
            areas[name] = 0
        elif what == "mål" and areas:
            area = draw(hs.sampled_from(sorted(areas)))
            areas[area] += 1
            rows.append(["mål", "", name, area, "", "", "", str(areas[area])])
            goals.append(name)
        elif what == "indikator" and goals:
            unit = draw(hs.sampled_from(["", "procent", "antal", "index", "kr"]))
            direction = draw(hs.sampled_from(["", "upp", "ned"]))
            rows.append(["indikator", "", name, draw(hs.sampled_from(goals)), unit, direction])
            rows[-1] += ["", ""]
    return rows


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=trees())
def test_any_valid_tree_round_trips(tmp_path: Path, rows: list[list[str]]) -> None:
    """Import → template gives the same rows (parents still first), and importing the
    template again writes nothing."""
    store = Store(":memory:", create=True)
    try:
        path = write(tmp_path / "träd.csv", rows)
        import_structure(store, path, VOCABULARY)
        exported = structure_of(store)
        assert Counter(map(tuple, exported)) == Counter(map(tuple, rows))
        again = import_structure(store, write(tmp_path / "ut.csv", exported), VOCABULARY)
        assert again.changeset_id is None
    finally:
        store.close()


def test_run_import_reports_a_bad_file_as_any_import(empty: Store, tmp_path: Path) -> None:
    """Through the use case both front ends call: a refused row is a bad file (exit 1 in
    the CLI), a good file a change set the TUI's undo can take back."""
    from ksui.actions.imports import KIND_LABELS, ImportRequest, run_import
    from ksui.config import Config

    assert "struktur" in KIND_LABELS
    config = Config()
    good = run_import(empty, ImportRequest("struktur", write(tmp_path / "s.csv", ROWS)), config)
    assert good.error is None and good.changeset_id is not None
    assert good.lines[0].startswith("Importerade 16 rader från s.csv till Kommunstyrelsen")
    bad = tmp_path / "fel.csv"
    bad.write_text(f"{HEADER}\nenhet;120;Ekonomi;Okänd;;;;\n", encoding="utf-8")
    refused = run_import(empty, ImportRequest("struktur", bad), config)
    assert refused.bad_file and refused.changeset_id is None
    assert refused.error == (
        f"{bad}:2: kolumnen »Tillhör«: okänd enhet »Okänd« i Kommunstyrelsen (KS); en "
        "överordnad enhet ska stå på en rad före enheterna under den: enhet;120;Ekonomi;Okänd;;;;"
    )
