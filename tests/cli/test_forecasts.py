"""`ksui forecasts`: every forecast of the year per unit against the outcome."""

from __future__ import annotations

import json

from tests.cli.conftest import Run


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
