"""`ksui set`: round trips through the audit trail, and refusals that change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.core.models import Assessment
from ksui.core.report import ReportData
from ksui.store import Store, read, texts
from tests.cli.conftest import Run, dump
from tests.conftest import tkr

#: A terminal wide enough that no log line wraps.
WIDE: dict[str, str | None] = {"COLUMNS": "250"}


def load(path: Path, year: int = 2017, period: str = "bokslut") -> ReportData:
    store = Store(path)
    try:
        return read.load_report(store, read.find_committee(store, None), year, period)
    finally:
        store.close()


def unit_id(path: Path, name: str) -> int:
    data = load(path)
    return next(u.id for u in data.tree.units.values() if u.name == name)


def test_set_drift_round_trip(run: Run, demo_path: Path) -> None:
    result = run("set", "drift", "Ekonomi", "budget", "46 000", "--reason", "Tilläggsanslag KF")
    assert result.exit_code == 0, result.output
    assert "Ekonomi, budget 2017, bokslut: 45 474 → 46 000 tkr" in result.stdout
    assert load(demo_path).figures[unit_id(demo_path, "Ekonomi")].budget == tkr(46_000)
    log = run("log", "--limit", "1", env=WIDE)
    assert "Budget för Ekonomi, 2017 bokslut: 45 474 tkr → 46 000 tkr" in log.stdout
    assert "Tilläggsanslag KF" in log.stdout


@pytest.mark.parametrize(
    ("typed", "ore"),
    [
        ("43 000", tkr(43_000)),
        ("43000,5", 4_300_050_000),
        ("-1 076", -tkr(1_076)),
        ("−1 076", -tkr(1_076)),
        ("43 000 tkr", tkr(43_000)),
        ("4,3 mkr", tkr(4_300)),
        ("1 500 kr", 150_000),
    ],
)
def test_set_drift_accepts_swedish_numbers(run: Run, demo_path: Path, typed: str, ore: int) -> None:
    result = run("set", "drift", "120", "utfall", typed)
    assert result.exit_code == 0, result.output
    assert load(demo_path).figures[unit_id(demo_path, "Ekonomi")].actual == ore


def test_set_drift_by_unique_prefix_and_period(run: Run, demo_path: Path) -> None:
    result = run("set", "drift", "Admin", "prognos", "130 000", "--period", "delår")
    assert result.exit_code == 0, result.output
    data = load(demo_path, period="delar")
    assert data.figures[unit_id(demo_path, "Administration och utredning")].forecast == tkr(130_000)


def test_set_unchanged_value_writes_nothing(run: Run, demo_path: Path) -> None:
    before = dump(demo_path)
    result = run("set", "drift", "Ekonomi", "budget", "45 474")
    assert result.exit_code == 0
    assert "oförändrat" in result.stdout
    assert dump(demo_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("drift", "Xyz", "budget", "1"), "okänd enhet »Xyz«; finns: Kommunstyrelsen (KS)"),
        (("drift", "Kommunstyrelse", "budget", "1"), "passar flera"),
        (("drift", "Ekonomi", "bud", "1"), "okänt mått »bud«"),
        (("drift", "Ekonomi", "budget", "4.300"), "tvetydigt"),
        (("drift", "Ekonomi", "budget", "12abc"), "ogiltigt belopp"),
        (("drift", "Ekonomi", "budget", ""), "tomt värde"),
        (("drift", "Ekonomi", "budget", "1,234567"), "mer exakt än ett öre"),
        (("drift", "Ekonomi", "budget", "1", "--year", "1999"), "inga siffror för år 1999"),
        (("drift", "Ekonomi", "budget", "1", "--period", "sommar"), "okänd period »sommar«"),
        (("drift", "Ekonomi", "budget", "1", "--committee", "Fritid"), "okänd nämnd »Fritid«"),
        (("drift", "Kommunstyrelsens kontor", "budget", "1"), "är summan av enheterna"),
        (("comment", "Nowhere", "text"), "okänd enhet »Nowhere«"),
        (("comment", "Ingen sådan", "text", "--project"), "okänt projekt »Ingen sådan«"),
        (("assessment", "goal", "Hållbara", "99", "ok"), "okänt KF-mål i Hållbara Södertälje"),
        (("assessment", "goal", "Hållbara", "3", "nja"), "okänd lägesbedömning »nja«"),
        (("assessment", "area", "Okänt område", "ok"), "okänt målområde"),
        (("investment", "Bärbara", "kostnad", "1"), "okänt fält »kostnad«"),
        (("investment", "Bärbara", "utfall", "x"), "ogiltigt belopp"),
        (("geh", "miljö", "bra"), "okänt GEH-område »miljö«"),
        (("geh", "ekonomi", "ingen"), "okänd lägesbedömning »ingen«"),
    ],
)
def test_refusals_leave_the_database_unchanged(
    run: Run, demo_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = dump(demo_path)
    result = run("set", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ksui: ")
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert dump(demo_path) == before


def test_set_comment_round_trip(run: Run, demo_path: Path) -> None:
    result = run("set", "comment", "Ekonomi", "Ny kommentar | med *stjärnor*")
    assert result.exit_code == 0, result.output
    assert "→ »Ny kommentar | med *stjärnor*«" in result.stdout
    data = load(demo_path)
    assert data.comment("unit", unit_id(demo_path, "Ekonomi")) == "Ny kommentar | med *stjärnor*"
    assert "Kommentar på Ekonomi, 2017:" in run("log", "-n", "1", env=WIDE).stdout


def test_set_comment_from_stdin_and_on_a_project(run: Run, demo_path: Path) -> None:
    result = run("set", "comment", "--project", "Bärbara", "-", input="Rad ett\nRad två\n")
    assert result.exit_code == 0, result.output
    data = load(demo_path)
    project = next(p for c in data.categories for p in c.projects if p.name == "Bärbara datorer")
    assert data.comment("investment_project", project.id) == "Rad ett\nRad två"


def test_set_comment_empty_removes_it(run: Run, demo_path: Path) -> None:
    result = run("set", "comment", "Ekonomi", "")
    assert result.exit_code == 0, result.output
    assert "→ (ingen)" in result.stdout
    assert load(demo_path).comment("unit", unit_id(demo_path, "Ekonomi")) == ""


def test_set_goal_and_area_assessment(run: Run, demo_path: Path) -> None:
    result = run("set", "assessment", "goal", "Hållbara Södertälje", "1", "Har brister")
    assert result.exit_code == 0, result.output
    assert "Hållbara Södertälje, KF-mål 1" in result.stdout and "→ Har brister" in result.stdout
    area = next(a for a in load(demo_path).areas if a.name == "Hållbara Södertälje")
    assert area.goals[0].assessment is Assessment.BRISTER
    result = run("set", "assessment", "area", "Hållbara Södertälje", "brister")
    assert result.exit_code == 0, result.output
    assert "Ok → Har brister" in result.stdout
    area = next(a for a in load(demo_path).areas if a.name == "Hållbara Södertälje")
    assert area.assessment is Assessment.BRISTER
    assert "Hållbara Södertälje" in run("goals").stdout


def test_set_investment_and_geh(run: Run, demo_path: Path) -> None:
    result = run("set", "investment", "Bärbara datorer", "utfall", "4 300", "-r", "Ny faktura")
    assert result.exit_code == 0, result.output
    assert "Bärbara datorer, ack. utfall bokslut 2017: 4 270 → 4 300 tkr" in result.stdout
    data = load(demo_path)
    project = next(p for c in data.categories for p in c.projects if p.name == "Bärbara datorer")
    assert project.spent == tkr(4_300)
    result = run("set", "geh", "ekonomi", "ok")
    assert result.exit_code == 0, result.output
    assert "GEH Ekonomi 2017, bokslut: Bra → Ok" in result.stdout
    assert load(demo_path).geh["ekonomi"] is Assessment.OK
    log = run("log", "-n", "2", env=WIDE).stdout
    assert "GEH-bedömning Ekonomi för Kommunstyrelsen, 2017 bokslut: Bra → Ok" in log
    assert "Ny faktura" in log


def test_set_next_year_is_allowed(run: Run, demo_path: Path) -> None:
    result = run("set", "drift", "Ekonomi", "budget", "47 000", "--year", "2018")
    assert result.exit_code == 0, result.output
    assert load(demo_path, year=2018).figures[unit_id(demo_path, "Ekonomi")].budget == tkr(47_000)


# -- ksui set text: the tjänsteskrivelse -----------------------------------------------------


def letter_texts(path: Path, period: str = "bokslut") -> dict[str, str]:
    """The demo nämnd's stored tjänsteskrivelse for 2017 at ``period``."""
    store = Store(path)
    try:
        committee = read.find_committee(store, None)
        return texts.read_texts(store, committee.id, 2017, period)
    finally:
        store.close()


def test_the_demo_has_a_tjansteskrivelse(demo_path: Path) -> None:
    letter = letter_texts(demo_path)
    assert {"reference", "matter", "summary", "proposal", "basis"} <= set(letter)
    assert letter["reference"] == "KS 18/98"
    assert "1 076 tkr" in letter["proposal"]


def test_set_text_round_trip_log_and_undo(run: Run, demo_path: Path) -> None:
    before = letter_texts(demo_path)["summary"]
    result = run("set", "text", "sammanfattning", "Ny sammanfattning.", "--reason", "Ny ton")
    assert result.exit_code == 0, result.output
    assert "Sammanfattning, Kommunstyrelsen 2017, bokslut:" in result.stdout
    assert "→ »Ny sammanfattning.«" in result.stdout
    assert letter_texts(demo_path)["summary"] == "Ny sammanfattning."
    log = run("log", "-n", "1", env=WIDE).stdout
    assert "Tjänsteskrivelse 2017 bokslut: sammanfattning" in log and "Ny ton" in log
    assert run("undo").exit_code == 0
    assert letter_texts(demo_path)["summary"] == before


def test_set_text_per_period_and_from_stdin(run: Run, demo_path: Path) -> None:
    points = "Delårsrapporten godkänns.\nPrognosen noteras.\n"
    result = run("set", "text", "förslag", "-", "--period", "delår", input=points)
    assert result.exit_code == 0, result.output
    assert letter_texts(demo_path, "delar") == {
        "proposal": "Delårsrapporten godkänns.\nPrognosen noteras."
    }
    exported = run("export", "markdown", "--period", "delår").stdout
    assert "### Förslag till beslut\n\n1. Delårsrapporten godkänns.\n2. Prognosen noteras." in (
        exported
    )
    assert "Diarienummer" not in exported  # the bokslut's texts stay with the bokslut


def test_set_text_unchanged_writes_nothing(run: Run, demo_path: Path) -> None:
    current = letter_texts(demo_path)["basis"]
    before = dump(demo_path)
    result = run("set", "text", "beslutsunderlag", current + "\n")
    assert result.exit_code == 0, result.output
    assert "(oförändrat)" in result.stdout
    assert dump(demo_path) == before


def test_set_text_empty_removes_it(run: Run, demo_path: Path) -> None:
    result = run("set", "text", "dnr", "")
    assert result.exit_code == 0, result.output
    assert "→ (ingen)" in result.stdout
    assert "reference" not in letter_texts(demo_path)
    assert "Diarienummer" not in run("export", "markdown").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("text", "rubrik", "x"), "okänt fält »rubrik«; använd diarienummer, ärende"),
        (("text", "ärende", "x", "--period", "sommar"), "okänd period »sommar«"),
        (("text", "ärende", "x", "--committee", "Fritid"), "okänd nämnd »Fritid«"),
        (("text", "ärende", "x", "--year", "1999"), "inga siffror för år 1999"),
    ],
)
def test_set_text_refusals_leave_the_database_unchanged(
    run: Run, demo_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = dump(demo_path)
    result = run("set", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ksui: ")
    assert message in lines[0]
    assert dump(demo_path) == before
