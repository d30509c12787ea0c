"""`ksui lock`/`unlock` and the audit trail's filters by unit, period and person."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run, dump

WIDE: dict[str, str | None] = {"COLUMNS": "250"}


def test_locked_period_refuses_edits_until_unlocked(run: Run, demo_path: Path) -> None:
    assert run("lock", "-m", "Attesterad").exit_code == 0
    listing = run("lock", "--list").stdout
    assert "Kommunstyrelsen: Bokslut 2017 låst" in listing and "Attesterad" in listing
    before = dump(demo_path)
    refused = run("set", "drift", "HR", "budget", "1")
    assert refused.exit_code == 2
    assert "bokslut 2017 är låst" in refused.stderr
    assert dump(demo_path) == before
    # The delår forecast the bokslut is measured against is frozen with it; the next
    # year stays open.
    earlier = run("set", "drift", "HR", "prognos", "38 000", "--period", "delår")
    assert earlier.exit_code == 2 and "bokslut 2017 är låst" in earlier.stderr
    next_year = ("--period", "delår", "--year", "2018")
    assert run("set", "drift", "HR", "prognos", "38 000", *next_year).exit_code == 0
    # The next year's figures make 2018 the default year: 2017 is named from here on.
    assert run("unlock", "-r", "Rättelse av HR", "--year", "2017").exit_code == 0
    assert run("set", "drift", "HR", "budget", "1", "--year", "2017").exit_code == 0
    log = json.loads(run("log", "-n", "5", "-f", "json").stdout)["changesets"]
    descriptions = [cs["description"] for cs in log]
    assert any(d.startswith("Låste upp Bokslut 2017") for d in descriptions)
    assert any(cs["reason"] == "Rättelse av HR" for cs in log)


def test_lock_twice_and_unlock_unlocked(run: Run) -> None:
    run("lock")
    assert "var redan låst" in run("lock").stdout
    run("unlock")
    assert "var inte låst" in run("unlock").stdout


def test_log_filters_by_unit_period_and_user(run: Run) -> None:
    run("set", "drift", "Ekonomi", "budget", "46 000")
    run("set", "drift", "HR", "prognos", "38 000", "--period", "delår")
    run("set", "comment", "HR", "Ny förklaring")
    by_unit = json.loads(run("log", "--unit", "HR", "-f", "json").stdout)["changesets"]
    assert len(by_unit) >= 2
    assert all(
        "HR" in cs["description"]
        or "Kommentar" in cs["description"]
        or "Demodatabas" in cs["description"]
        for cs in by_unit
    )
    assert not any("Ekonomi" in cs["description"] for cs in by_unit)
    by_period = json.loads(run("log", "--period", "delår", "-f", "json").stdout)["changesets"]
    assert next(cs["description"] for cs in by_period).startswith("Ändrade Prognos HR")
    nobody = run("log", "--user", "ingen-sådan")
    assert "Inga ändringar av ingen-sådan" in nobody.stdout
    unknown = run("log", "--unit", "Finns inte")
    assert unknown.exit_code == 2 and "Finns inte" in unknown.stderr


def test_undo_of_the_lock_is_refused_and_unlock_is_the_way(run: Run, demo_path: Path) -> None:
    assert run("lock").exit_code == 0
    locked = json.loads(run("log", "-n", "1", "-f", "json").stdout)["changesets"][0]["id"]
    before = dump(demo_path)
    for args in (("undo",), ("undo", str(locked), "--yes")):
        result = run(*args)
        assert result.exit_code == 2 and "ksui unlock" in result.stderr
    assert dump(demo_path) == before


def test_an_investment_import_cannot_change_a_locked_committee(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    assert run("lock").exit_code == 0
    before = dump(demo_path)
    sheet = tmp_path / "inv.csv"
    for row in (
        "KS/KF-investeringar;Bärbara datorer;2018;;;Avslutat",
        "KS/KF-investeringar;Helt nytt projekt;2018;1;;",
    ):
        sheet.write_text(
            f"Kategori;Projekt;År;Anslag (tkr);Utfall (tkr);Status\n{row}\n", encoding="utf-8"
        )
        result = run("import", "investeringar", str(sheet), "--period", "bokslut")
        assert result.exit_code == 2 and "bokslut 2017 är låst" in result.stderr
    assert dump(demo_path) == before


def test_a_note_that_is_not_utf8_is_refused(run: Run, demo_path: Path) -> None:
    """Bytes that are not UTF-8 arrive as lone surrogates; they never reach the audit trail."""
    before = dump(demo_path)
    result = run("lock", "--note", "Attesterad \udcff")
    assert result.exit_code == 2 and "ogiltig UTF-8" in result.stderr
    assert dump(demo_path) == before
