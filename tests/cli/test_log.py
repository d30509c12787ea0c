"""`ksui log`: the audit trail, newest first, as a table and as JSON."""

from __future__ import annotations

import json
from decimal import Decimal

from tests.cli.conftest import Run

WIDE: dict[str, str | None] = {"COLUMNS": "250"}


def test_log_of_the_demo_shows_its_creation(run: Run) -> None:
    result = run("log", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Demodatabas skapad från årsrapport 2017" in result.stdout
    assert "fält till" in result.stdout  # thousands of fields are cut short


def test_log_newest_first_with_limit_and_json(run: Run) -> None:
    run("set", "drift", "Ekonomi", "budget", "46 000", "-r", "Första")
    run("set", "drift", "HR", "utfall", "38 700")
    table = run("log", "-n", "2", env=WIDE).stdout
    assert table.index("Utfall för HR, 2017 bokslut") < table.index(
        "Budget för Ekonomi, 2017 bokslut"
    )
    assert "Demodatabas" not in table
    doc = json.loads(run("log", "--limit", "2", "--format", "json").stdout, parse_float=Decimal)
    first, second = doc["changesets"]
    assert first["id"] > second["id"]
    assert second["reason"] == "Första"
    amount = next(c for c in second["changes"] if c["field"] == "amount")
    assert (amount["old"], amount["new"]) == (Decimal("45474000.00"), Decimal("46000000.00"))
    assert amount["key"]["measure"] == "budget"


def test_log_filters_by_user(run: Run) -> None:
    run("set", "geh", "ekonomi", "ok")
    doc = json.loads(run("log", "--format", "json").stdout)
    user = doc["changesets"][0]["user"]
    mine = json.loads(run("log", "--user", user, "--format", "json").stdout)
    assert all(cs["user"] == user for cs in mine["changesets"])
    assert len(mine["changesets"]) == 2
    nobody = run("log", "--user", "ingen-sådan-användare")
    assert nobody.exit_code == 0
    assert "Inga ändringar av ingen-sådan-användare" in nobody.stdout


def test_log_rejects_a_bad_limit(run: Run) -> None:
    result = run("log", "--limit", "0")
    assert result.exit_code == 2


def test_log_reads_swedish_names_not_ids(run: Run) -> None:
    run("set", "geh", "ekonomi", "ok")
    run("set", "comment", "HR", "Första meningen. Andra meningen.")
    run("set", "comment", "HR", "Första meningen. Ny andra mening.")
    table = run("log", "-n", "3", env=WIDE).stdout
    assert "GEH-bedömning Ekonomi för Kommunstyrelsen, 2017 bokslut: Bra → Ok" in table
    assert "Kommentar på HR, 2017" in table
    assert "unit" not in table and "geh_assessment" not in table
    # A changed comment: where it changed, not the same first words twice.
    assert "[-Andra meningen.-] {+Ny andra mening.+}" in table
    doc = json.loads(run("log", "-n", "1", "--format", "json").stdout)
    (change,) = doc["changesets"][0]["changes"]
    assert change["text"].startswith("Kommentar på HR, 2017: ")
    assert doc["changesets"][0]["title"] == "Kommentar på HR, 2017"


def test_log_detail_shows_a_changed_text_word_for_word(run: Run) -> None:
    run("set", "comment", "HR", "Vakanser gav lägre kostnader.")
    run("set", "comment", "HR", "Flera vakanser gav lägre kostnader i år.")
    newest = json.loads(run("log", "-n", "1", "--format", "json").stdout)["changesets"][0]
    result = run("log", "--detail", str(newest["id"]), env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert f"Ändring nr {newest['id']}" in result.stdout
    assert "Kommentar på HR, 2017: texten ändrad, ord för ord:" in result.stdout
    assert (
        "[-Vakanser-] {+Flera vakanser+} gav lägre [-kostnader.-] {+kostnader i år.+}"
        in result.stdout
    )
    missing = run("log", "--detail", "999999")
    assert missing.exit_code == 2
    assert "ändring nr 999999 finns inte" in missing.stderr
