"""Investments at a follow-up before bokslut: the period's utfall, never the year-end's."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import Run


def document(run: Run, *args: str) -> dict[str, Any]:
    result = run("investments", "-p", "delår", "--year", "2017", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_nothing_reported_at_delar_is_no_avvikelse(run: Run) -> None:
    doc = document(run)
    assert doc["total"] == {
        "appropriation": 18501000.0,
        "spent": None,
        "deviation": None,
        "overrun": None,
    }
    # The published frame is the årsrapport's year-end figure: not shown at delår.
    assert all(c["frame_spent"] is None for c in doc["categories"])
    check = run("check", "-p", "delår", "--year", "2017", "--format", "json")
    assert "ramen anger" not in check.stdout


def test_the_total_counts_the_projects_that_reported(run: Run) -> None:
    set_ = run("set", "investment", "Bärbara datorer", "utfall", "2 500", "-p", "delår")
    assert set_.exit_code == 0, set_.stderr
    doc = document(run)
    total = doc["total"]
    assert total == {  # 2 500 against Bärbara datorer's own anslag of 2 300
        "appropriation": 18501000.0,
        "spent": 2500000.0,
        "deviation": -200000.0,
        "overrun": 200000.0,
    }
    table = run("investments", "-p", "delår", "--year", "2017").stdout
    assert "Investeringar Kommunstyrelsen delår (augusti) 2017" in table
