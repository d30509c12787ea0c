"""`ksui add`, `rename`, `move unit` and `remove`: a nämnd built from the shell, every step
audited and taken back by `ksui undo`, every mistake one line, exit 2, the file unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Run, dump


def _data(path: Path) -> list[str]:
    """The file's rows without the audit trail (which an undo adds to by design)."""
    return [
        line
        for line in dump(path).splitlines()
        if not line.startswith(('INSERT INTO "changeset"', 'INSERT INTO "audit"'))
        and "sqlite_sequence" not in line
    ]


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _ok(run: Run, *args: str, db: Path | None = None, input: str | None = None) -> str:
    result = run(*args, db=db, input=input)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def empty(run: Run, tmp_path: Path) -> Path:
    """A file made by `ksui init --empty`."""
    path = tmp_path / "ny.sqlite"
    _ok(run, "init", "--empty", str(path), db=path)
    return path


def test_walkthrough_from_an_empty_file(run: Run, empty: Path) -> None:
    none = run("summary", db=empty)
    assert none.exit_code == 2 and "ingen nämnd" in none.stderr
    steps = [
        ("add", "committee", "Kommunstyrelsen", "--code", "KS"),
        ("add", "unit", "Kommunstyrelsens kontor", "--code", "KSK", "--parent", "KS"),
        (
            "add",
            "unit",
            "Politisk ledning",
            "--code",
            "100",
            "--parent",
            "Kommunstyrelsen",
            "--kind",
            "politisk_ledning",
        ),
        ("add", "unit", "Ekonomi", "--code", "120", "--parent", "KSK"),
        ("add", "unit", "HR", "--code", "130", "--parent", "Kommunstyrelsens kontor"),
        ("add", "unit", "Kommunikation", "--code", "160", "--parent", "KSK"),
        ("add", "unit", "Nämndens eget ansvar", "--code", "190", "--parent", "KSK"),
        ("add", "category", "KS/KF-investeringar", "--kind", "ks_kf"),
        ("add", "category", "Nämndsinvesteringar"),
        ("add", "project", "Trådlösa nät", "--category", "KS/KF"),
        ("add", "project", "Bärbara datorer", "--category", "Nämnds", "--responsible", "IT"),
        ("add", "project", "Surfplattor", "--category", "Nämndsinvesteringar"),
        ("add", "area", "Hållbara Södertälje"),
        ("add", "goal", "Människors upplevda trygghet ska öka.", "--area", "Hållbara"),
        ("add", "goal", "Valdeltagandet ska öka", "--area", "Hållbara", "--number", "5"),
        (
            "add",
            "indicator",
            "Andel trygga",
            "--goal",
            "1",
            "--unit",
            "procent",
            "--direction",
            "up",
        ),
    ]
    for number, step in enumerate(steps, start=1):
        assert f"(ändring nr {number})" in _ok(run, *step, db=empty)
    units = _rows(empty, "SELECT kind, code, name FROM unit ORDER BY id")
    assert units == [
        ("namnd", "KS", "Kommunstyrelsen"),
        ("kontor", "KSK", "Kommunstyrelsens kontor"),
        ("politisk_ledning", "100", "Politisk ledning"),
        ("verksamhet", "120", "Ekonomi"),
        ("verksamhet", "130", "HR"),
        ("verksamhet", "160", "Kommunikation"),
        ("verksamhet", "190", "Nämndens eget ansvar"),
    ]
    assert _rows(
        empty,
        "SELECT c.name, p.name, p.responsible FROM investment_project p"
        " JOIN investment_category c ON c.id = p.category_id ORDER BY p.id",
    ) == [
        ("KS/KF-investeringar", "Trådlösa nät", None),
        ("Nämndsinvesteringar", "Bärbara datorer", "IT"),
        ("Nämndsinvesteringar", "Surfplattor", None),
    ]
    assert _rows(empty, "SELECT number, title FROM goal ORDER BY id") == [
        (1, "Människors upplevda trygghet ska öka."),
        (5, "Valdeltagandet ska öka"),
    ]
    assert _rows(empty, "SELECT name, unit, direction FROM indicator") == [
        ("Andel trygga", "procent", "up")
    ]
    # No figures yet: the summary says so in one line, and works once a year is named.
    summary = run("summary", db=empty)
    assert summary.exit_code == 2
    assert summary.stderr.count("\n") == 1 and "inga siffror" in summary.stderr
    shown = run("summary", "--year", "2025", db=empty)
    assert shown.exit_code == 0 and "Kommunstyrelsen" in shown.stdout
    template = empty.with_name("mall.csv")
    _ok(run, "template", "drift", str(template), db=empty)
    assert "120;" in template.read_text(encoding="utf-8-sig")


def test_each_add_prints_what_it_added(run: Run) -> None:
    assert _ok(run, "add", "committee", "Barn- och utbildningsnämnden", "--code", "BUN") == (
        "Lade till nämnden Barn- och utbildningsnämnden (BUN) (ändring nr 2)\n"
    )
    # Two nämnder now: --committee picks one.
    out = _ok(run, "add", "unit", "Lönecenter", "--code", "170", "--parent", "KSK", "-c", "KS")
    assert out == (
        "Lade till enheten Lönecenter (170), verksamhet, under Kommunstyrelsens kontor "
        "(ändring nr 3)\n"
    )
    out = _ok(run, "add", "unit", "Redovisning", "--code", "121", "--parent", "120", "-c", "KS")
    assert "ansvar, under Ekonomi" in out
    assert "Obs: »Ekonomi« har egna driftsiffror (2015–2017)" in out
    out = _ok(run, "add", "category", "Skolor", "--kind", "lokaler", "-c", "BUN")
    assert out.startswith("Lade till investeringskategorin Skolor i Barn- och utbildningsnämnden")
    out = _ok(run, "add", "project", "Ny skola", "--category", "Skolor", "-c", "BUN")
    assert out.startswith("Lade till projektet Ny skola i Skolor")
    assert _ok(run, "add", "area", "Lärande", "-c", "BUN").startswith("Lade till målområdet")
    out = _ok(run, "add", "goal", "Fler ska klara skolan", "--area", "Lärande", "-c", "BUN")
    assert out.startswith("Lade till mål nr 1 i Lärande")
    out = _ok(run, "add", "indicator", "Behöriga", "--goal", "Fler ska", "-c", "BUN", "--unit", "%")
    assert out.startswith("Lade till indikatorn Behöriga till mål nr 1 i Lärande")
    out = _ok(run, "add", "indicator", "Trygga", "--goal", "1", "--area", "Hållbara", "-c", "KS")
    assert "mål nr 1 i Hållbara Södertälje" in out


def test_rename_move_and_remove_print_old_and_new(run: Run) -> None:
    out = _ok(run, "rename", "unit", "120", "Ekonomiavdelningen")
    assert out == ("Enheten Ekonomi (120): namn »Ekonomi« → »Ekonomiavdelningen« (ändring nr 2)\n")
    out = _ok(run, "rename", "goal", "3", "Ny titel", "--area", "Hållbara")
    assert out.startswith("Mål nr 3 i Hållbara Södertälje: titel »Barn och ungas")
    assert "(oförändrat)" in _ok(run, "rename", "area", "Hållbara", "Hållbara Södertälje")
    out = _ok(run, "move", "unit", "HR", "--parent", "Kommunstyrelsen")
    assert (
        out == "Enheten HR (130): Kommunstyrelsens kontor → under Kommunstyrelsen (ändring nr 4)\n"
    )
    assert "(oförändrat)" in _ok(run, "move", "unit", "HR", "--parent", "KS")
    out = _ok(run, "remove", "unit", "HR", "--yes", "--with-figures")
    assert out.startswith("Tog bort enheten HR (130) med ") and "driftsiffror" in out


@pytest.mark.parametrize(
    "args",
    [
        ("add", "committee", "Kommunstyrelsen", "--code", "X"),
        ("add", "committee", "Ny nämnd"),
        ("add", "unit", "HR", "--code", "999", "--parent", "KSK"),
        ("add", "unit", "Ny", "--code", "120", "--parent", "KSK"),
        ("add", "unit", "Ny", "--code", "999", "--parent", "Finns inte"),
        ("add", "unit", "Ny", "--code", "999", "--parent", "KSK", "--kind", "byrå"),
        ("add", "unit", "Ny", "--code", "999"),
        ("add", "unit", "Ny", "--code", "999", "--parent", "KSK", "-c", "Okänd"),
        ("add", "category", "Lokaler"),
        ("add", "category", "Ny", "--kind", "fastighet"),
        ("add", "project", "Ny", "--category", "Finns inte"),
        ("add", "project", "Bärbara datorer", "--category", "Lokaler"),
        ("add", "project", "Ny"),
        ("add", "area", " "),
        ("add", "goal", "Ny", "--area", "Hållbara", "--number", "3"),
        ("add", "goal", "Ny", "--area", "Okänt"),
        ("add", "indicator", "Ny", "--goal", "3"),
        ("add", "indicator", "Ny", "--goal", "3", "--area", "Hållbara", "--direction", "sned"),
        ("add", "indicator", "Ny", "--goal", "3", "--area", "Hållbara", "--unit", "meter"),
        ("rename", "unit", "Ekonomi", "HR"),
        ("rename", "unit", "Ekonomi", ""),
        ("rename", "enhet", "Finns inte", "Ny"),
        ("rename", "avdelning", "Ekonomi", "Ny"),
        ("move", "unit", "KSK", "--parent", "HR"),
        ("move", "unit", "HR", "--parent", "HR"),
        ("move", "unit", "HR", "--parent", "Politisk ledning"),
        ("move", "unit", "KS", "--parent", "HR"),
        ("move", "unit", "HR"),
        ("remove", "unit", "HR", "--yes"),
        ("remove", "unit", "KS", "--yes", "--with-figures"),
        ("remove", "committee", "KS", "--yes"),
        ("remove", "goal", "1", "--yes"),
        ("remove", "project", "Finns inte", "--yes"),
    ],
)
def test_a_refusal_is_one_line_exit_2_and_changes_nothing(
    run: Run, demo_path: Path, args: tuple[str, ...]
) -> None:
    before = dump(demo_path)
    result = run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("ksui: ") and result.stderr.count("\n") == 1
    assert dump(demo_path) == before


def test_remove_asks_first(run: Run, demo_path: Path) -> None:
    before = dump(demo_path)
    declined = run("remove", "indicator", "Soliditet exkl", "--with-figures", input="n\n")
    assert declined.exit_code == 0 and declined.stdout == "Inget togs bort.\n"
    assert "Ta bort indikatorn" in declined.stderr and "[j/N]" in declined.stderr
    unanswered = run("remove", "indicator", "Soliditet exkl", "--with-figures", input="")
    assert unanswered.exit_code == 2 and "--yes" in unanswered.stderr
    assert dump(demo_path) == before
    values = _rows(demo_path, "SELECT count(*) FROM indicator_value")[0][0]
    kept = run("remove", "indicator", "Soliditet exkl", input="j\n")
    assert kept.exit_code == 2 and "--with-figures" in kept.stderr
    gone = run("remove", "indicator", "Soliditet exkl", "--with-figures", input="j\n")
    assert gone.exit_code == 0 and "indikatorvärden" in gone.stdout
    assert _rows(demo_path, "SELECT count(*) FROM indicator_value")[0][0] < values


@pytest.mark.parametrize(
    "args",
    [
        ("add", "committee", "Barn- och utbildningsnämnden", "--code", "BUN"),
        ("add", "unit", "Lönecenter", "--code", "170", "--parent", "KSK"),
        ("add", "category", "Skolor"),
        ("add", "project", "Ny skola", "--category", "Lokaler"),
        ("add", "area", "Lärande"),
        ("add", "goal", "Fler ska klara skolan", "--area", "Hållbara"),
        ("add", "indicator", "Behöriga", "--goal", "3", "--area", "Hållbara"),
        ("rename", "committee", "KS", "Kommunstyrelsen i Södertälje"),
        ("rename", "unit", "HR", "Personal"),
        ("rename", "category", "Lokaler", "Lokalinvesteringar"),
        ("rename", "project", "Bärbara datorer", "Datorer"),
        ("rename", "area", "Hållbara", "Hållbarhet"),
        ("rename", "goal", "Valdeltagandet", "Fler ska rösta"),
        ("rename", "indicator", "Soliditet exkl", "Soliditet i koncernen"),
        ("move", "unit", "HR", "--parent", "KS"),
        ("remove", "unit", "HR", "--yes", "--with-figures"),
        ("remove", "committee", "KS", "--yes", "--with-figures"),
        ("remove", "category", "Lokaler", "--yes", "--with-figures"),
        ("remove", "project", "Bärbara datorer", "--yes", "--with-figures"),
        ("remove", "area", "Hållbara", "--yes", "--with-figures"),
        ("remove", "goal", "Valdeltagandet", "--yes", "--with-figures"),
        ("remove", "indicator", "Soliditet exkl", "--yes", "--with-figures"),
    ],
)
def test_undo_takes_each_change_back_completely(
    run: Run, demo_path: Path, args: tuple[str, ...]
) -> None:
    before = _data(demo_path)
    _ok(run, *args)
    assert _data(demo_path) != before
    assert _ok(run, "undo", "--yes").startswith("Ångrade nr ")
    assert _data(demo_path) == before


def test_a_new_project_starts_at_zero_anslag_in_the_latest_year(run: Run, demo_path: Path) -> None:
    _ok(run, "add", "project", "Nytt system", "--category", "Lokaler")
    _ok(run, "add", "project", "Nästa system", "--category", "Lokaler", "--year", "2018")
    assert _rows(
        demo_path,
        "SELECT p.name, f.year, f.period, f.appropriation FROM investment_figure f"
        " JOIN investment_project p ON p.id = f.project_id WHERE p.name LIKE 'N% system'"
        " ORDER BY f.year",
    ) == [("Nytt system", 2017, "m01", 0), ("Nästa system", 2018, "m01", 0)]
