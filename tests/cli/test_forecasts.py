"""`ksui forecasts`: every forecast of the year per unit against the outcome."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run, dump


def test_json_lists_the_forecasts_against_the_outcome_in_kronor(run: Run) -> None:
    result = run("forecasts", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["committee", "year", "currency", "units"]
    assert document["year"] == 2017
    nämnd, kontor, politik = document["units"]
    assert nämnd == {
        "code": "KS",
        "name": "Kommunstyrelsen",
        "forecasts": [{"period": "delar", "forecast": 339990000.0}],
        "outcome": 347670000.0,
    }
    assert kontor["name"] == "Kommunstyrelsens kontor"
    assert politik["forecasts"] == [{"period": "delar", "forecast": 73481000.0}]


def test_one_unit_and_a_month_code(run: Run) -> None:
    assert run("set", "drift", "Ekonomi", "prognos", "45 000", "--period", "10").exit_code == 0
    result = run("forecasts", "--unit", "Ekonomi", "--format", "json")
    assert result.exit_code == 0, result.output
    [ekonomi] = json.loads(result.stdout)["units"]
    assert ekonomi["forecasts"] == [{"period": "10", "forecast": 45000000.0}]
    assert ekonomi["outcome"] == 42857000.0


def test_the_table_shows_the_miss_of_the_last_forecast(run: Run) -> None:
    result = run("forecasts")
    assert result.exit_code == 0, result.output
    assert "Prognoser mot utfall Kommunstyrelsen 2017" in result.stdout
    line = next(ln for ln in result.stdout.splitlines() if "Politisk ledning" in ln)
    assert "73 481" in line and "73 442" in line and "+39" in line
    assert "-7 680" in result.stdout  # the nämnd: 7,7 mkr worse than forecast at delår


def test_an_unknown_unit_is_exit_2(run: Run) -> None:
    result = run("forecasts", "--unit", "Finns inte")
    assert result.exit_code == 2


# -- the forecast workflow: suggest, accept, klar ------------------------------------------


def drift_units(run: Run, period: str = "delår") -> dict[str, dict[str, Any]]:
    """`ksui drift --format json` at a follow-up, each unit's record by name."""
    result = run("drift", "-p", period, "--format", "json")
    assert result.exit_code == 0, result.output
    return {u["name"]: u for u in json.loads(result.stdout)["units"]}


def test_suggest_json_gives_each_leaf_its_suggestion_and_how_it_was_made(run: Run) -> None:
    result = run("forecasts", "suggest", "-p", "delår", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["committee", "year", "period", "period_label", "currency", "units"]
    assert (document["year"], document["period"]) == (2017, "delar")
    units = {u["name"]: u for u in document["units"]}
    # The leaves only: a parent's forecast is the sum of its units'.
    assert "Kommunstyrelsens kontor" not in units and "Kommunstyrelsen" not in units
    assert len(units) == 8
    assert units["Ekonomi"] == {
        "code": "120",
        "name": "Ekonomi",
        "budget": 45474000.0,
        "actual": None,
        "suggestion": 45474000.0,
        "method": "budget",
        "method_label": "budget (inget utfall än)",
        "forecast": None,
        "forecast_done": False,
    }
    assert units["Politisk ledning"]["forecast"] == 73481000.0  # entered at delår


def test_suggest_table_shows_the_method_and_the_klar_mark(run: Run) -> None:
    assert run("forecasts", "klar", "HR", "-p", "delår").exit_code == 0
    result = run("forecasts", "suggest", "-p", "bokslut", "--unit", "Ekonomi")
    assert result.exit_code == 0, result.output
    assert "Prognosförslag Kommunstyrelsen bokslut 2017" in result.stdout
    line = next(ln for ln in result.stdout.splitlines() if "Ekonomi" in ln)
    assert "45 474" in line and "42 857" in line and "utfall (året är slut)" in line
    marked = run("forecasts", "suggest", "-p", "delår")
    assert marked.exit_code == 0, marked.output
    assert "✔" in next(ln for ln in marked.stdout.splitlines() if ln.startswith(" HR "))
    assert "✔" not in next(ln for ln in marked.stdout.splitlines() if "Ekonomi" in ln)


def test_accept_one_writes_the_suggestion_as_the_forecast(run: Run) -> None:
    assert drift_units(run)["Ekonomi"]["forecast_source"] is None
    result = run("forecasts", "accept", "Ekonomi", "-p", "delår", "--reason", "Förslaget")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Ekonomi, prognos delår 2017: – → 45 474 tkr (ändring nr ")
    ekonomi = drift_units(run)["Ekonomi"]
    assert (ekonomi["forecast"], ekonomi["forecast_source"]) == (45474000.0, "entered")
    log = json.loads(run("log", "-n", "1", "--format", "json").stdout)
    assert "Förslaget" in json.dumps(log, ensure_ascii=False)
    again = run("forecasts", "accept", "Ekonomi", "-p", "delår")
    assert again.exit_code == 0, again.output
    assert again.stdout == "Ekonomi, prognos delår 2017: 45 474 tkr (oförändrat)\n"


def test_accept_all_fills_every_leaf_without_a_forecast_in_one_change_set(
    run: Run, demo_path: Path
) -> None:
    result = run("forecasts", "accept", "--all", "-p", "delår")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "HR: – → 38 744 tkr" in lines
    assert not any(ln.startswith("Politisk ledning") for ln in lines)  # has one already
    assert lines[-1].startswith("Prognosförslaget inlagt för 7 enheter, delår 2017 (ändring nr ")
    units = drift_units(run)
    for name in ("HR", "Ekonomi", "Kommunikation", "Nämndens eget ansvar"):
        assert units[name]["forecast_source"] == "entered", name
    assert units["HR"]["forecast"] == 38744000.0
    before = dump(demo_path)
    again = run("forecasts", "accept", "--all", "-p", "delår")
    assert again.exit_code == 0, again.output
    assert again.stdout == "Alla enheter har redan en prognos för delår 2017; inget skrevs.\n"
    assert dump(demo_path) == before


def test_klar_marks_and_undo_takes_the_mark_back(run: Run) -> None:
    result = run("forecasts", "klar", "Ekonomi", "-p", "delår")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Ekonomi: prognosen för delår 2017 markerad klar (1 av 8 enheter klara, ändring nr "
    )
    assert drift_units(run)["Ekonomi"]["forecast_done"] is True
    assert drift_units(run)["HR"]["forecast_done"] is False
    assert drift_units(run, "bokslut")["Ekonomi"]["forecast_done"] is False  # per follow-up
    twice = run("forecasts", "klar", "Ekonomi", "-p", "delår")
    assert "är redan markerad klar (1 av 8 enheter klara)" in twice.stdout
    undone = run("forecasts", "klar", "Ekonomi", "-p", "delår", "--undo")
    assert undone.exit_code == 0, undone.output
    assert undone.stdout.startswith(
        "Ekonomi: klar-markeringen för prognosen delår 2017 borttagen (0 av 8 enheter klara"
    )
    assert drift_units(run)["Ekonomi"]["forecast_done"] is False
    month = run("forecasts", "klar", "Ekonomi", "-p", "8", "--inte")
    assert month.stdout.startswith("Ekonomi: prognosen för augusti 2017 var inte markerad klar")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("accept", "Finns inte"), "okänd enhet »Finns inte«"),
        (("accept", "Kommunstyrelsens kontor"), "har enheter under sig"),
        (("accept", "Kommunstyrelsen"), "inte för nämnden"),
        (("accept",), "ange en enhet eller --all"),
        (("accept", "HR", "--all"), "ange en enhet eller --all"),
        (("klar", "Finns inte"), "okänd enhet »Finns inte«"),
        (("klar", "Kommunstyrelsens kontor"), "har enheter under sig"),
        (("klar", "Kommunstyrelsen"), "inte för nämnden"),
        (("suggest", "--unit", "Kommunstyrelsens kontor"), "har enheter under sig"),
    ],
)
def test_refusals_are_one_line_exit_2_and_change_nothing(
    run: Run, demo_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = dump(demo_path)
    result = run("forecasts", *args, "-p", "delår")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ksui: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert dump(demo_path) == before


def test_a_locked_follow_up_refuses_accept_and_klar(run: Run, demo_path: Path) -> None:
    assert run("lock", "-p", "delår").exit_code == 0
    before = dump(demo_path)
    for args in (("accept", "Ekonomi"), ("accept", "--all"), ("klar", "Ekonomi")):
        result = run("forecasts", *args, "-p", "delår")
        assert result.exit_code == 2, (args, result.output)
        assert "låst" in result.stderr
    assert dump(demo_path) == before
    assert run("forecasts", "klar", "Ekonomi", "-p", "bokslut").exit_code == 0  # still open


def test_options_before_a_subcommand_are_refused_not_ignored(run: Run) -> None:
    result = run("forecasts", "--unit", "HR", "suggest")
    assert result.exit_code == 2
    assert "efter underkommandot" in result.stderr


def test_a_reason_that_is_not_utf8_is_refused_before_the_audit_trail(
    run: Run, demo_path: Path
) -> None:
    before = dump(demo_path)
    result = run("forecasts", "accept", "Ekonomi", "-p", "delår", "--reason", "bad \udcff")
    assert result.exit_code == 2
    assert "ogiltig UTF-8" in result.stderr
    assert dump(demo_path) == before
