"""`ksui search`: grep's exit codes, a table with the hit marked by shape, and JSON."""

from __future__ import annotations

import json

from tests.cli.conftest import Run


def test_found_is_0_and_the_hit_is_marked(run: Run) -> None:
    result = run("search", "arvodesbudg")
    assert result.exit_code == 0, result.output
    assert "⟦arvodesbudget⟧" in result.output
    assert "Enhet Politisk ledning" in result.output and "Kommentar" in result.output


def test_nothing_found_is_1(run: Run) -> None:
    result = run("search", "zzqxv")
    assert result.exit_code == 1
    assert "Inga träffar för »zzqxv«." in result.output


def test_nothing_to_search_for_is_2_without_a_traceback(run: Run) -> None:
    for query in ('"', "*", "( )", "\x1b"):
        result = run("search", query)
        assert result.exit_code == 2, (query, result.output)
        assert "inget att söka efter" in result.stderr
        assert "Traceback" not in result.output + result.stderr


def test_fts_syntax_does_not_raise(run: Run) -> None:
    for query in ("AND (", "NEAR(", 'budget"', "budget*", "-budget", "text:budget"):
        result = run("search", "--", query)
        assert result.exit_code in (0, 1), (query, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unknown_committee_is_2(run: Run) -> None:
    result = run("search", "budget", "-c", "Ingen sådan")
    assert result.exit_code == 2
    assert "okänd nämnd" in result.stderr


def test_json(run: Run) -> None:
    result = run("search", "arvodesbudget", "--format", "json", "-c", "Kommunstyrelsen")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["query"] == "arvodesbudget" and doc["committee"] == "Kommunstyrelsen"
    [hit] = doc["hits"]
    assert hit["place"] == "Enhet Politisk ledning" and hit["year"] == 2017
    assert hit["target"]["screen"] == "drift" and isinstance(hit["target"]["unit_id"], int)
    assert "⟦arvodesbudget⟧" in hit["snippet"]
    empty = run("search", "zzqxv", "--format", "json")
    assert empty.exit_code == 1 and json.loads(empty.stdout)["hits"] == []


def test_several_words_must_all_be_there_and_limit(run: Run) -> None:
    both = json.loads(run("search", "budgeten", "höll", "-f", "json").stdout)["hits"]
    assert both and all("höll" in h["snippet"] for h in both)
    limited = json.loads(run("search", "budget", "-n", "2", "-f", "json").stdout)["hits"]
    assert len(limited) == 2
