"""One import path for `ksui import` and the TUI: lines, change set, refusals as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ksui.actions import ActionError, ImportRequest, history, imports, locks
from ksui.config import Config
from ksui.store import Store, read
from tests.actions.conftest import changeset_count


def _drift_csv(path: Path, amount: str = "1") -> Path:
    path.write_text(f"Enhet;År;Period;Budget\nHR;2018;bokslut;{amount}\n", encoding="utf-8")
    return path


def test_a_spreadsheet_import_returns_its_lines_and_change_set(
    store: Store, tmp_path: Path
) -> None:
    outcome = imports.run_import(
        store, ImportRequest("drift", _drift_csv(tmp_path / "d.csv"), period="bokslut"), Config()
    )
    assert outcome.error is None, outcome.error
    assert outcome.changeset_id == history.latest_changeset(store)
    assert outcome.lines and outcome.lines[0].startswith("Importerade 1 rad från d.csv")
    assert outcome.description == "Import av d.csv"
    again = imports.run_import(
        store, ImportRequest("drift", _drift_csv(tmp_path / "d.csv"), period="bokslut"), Config()
    )
    assert again.error is None and again.changeset_id is None  # nothing new to write


def test_a_bad_file_is_refused_as_a_bad_file_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    before = changeset_count(store)
    bad = imports.run_import(
        store,
        ImportRequest("drift", _drift_csv(tmp_path / "bad.csv", "12x"), period="bokslut"),
        Config(),
    )
    assert bad.bad_file and bad.error is not None and "bad.csv:2" in bad.error
    missing = imports.run_import(store, ImportRequest("personal", tmp_path / "nej.csv"), Config())
    assert missing.bad_file and missing.error is not None and "nej.csv" in missing.error
    assert changeset_count(store) == before


def test_other_refusals_are_not_bad_files(store: Store, tmp_path: Path) -> None:
    path = _drift_csv(tmp_path / "d.csv")
    unknown = imports.run_import(store, ImportRequest("drift", path, "Ingen nämnd"), Config())
    assert not unknown.bad_file and unknown.error is not None and "okänd nämnd" in unknown.error
    no_mapping = imports.run_import(store, ImportRequest("kolada", path), Config())
    assert not no_mapping.bad_file and no_mapping.error is not None
    assert "[kolada]" in no_mapping.error
    kind = imports.run_import(store, ImportRequest("excel", path), Config())
    assert kind.error is not None and "okänd sorts import" in kind.error


def test_a_locked_follow_up_refuses_the_import(store: Store, tmp_path: Path) -> None:
    committee = read.find_committee(store, None)
    locks.lock(store, committee.id, 2018, "bokslut")
    before = changeset_count(store)
    outcome = imports.run_import(
        store, ImportRequest("drift", _drift_csv(tmp_path / "d.csv"), period="bokslut"), Config()
    )
    assert outcome.error is not None and "låst" in outcome.error and not outcome.bad_file
    assert changeset_count(store) == before


def test_kolada_with_a_mapping_and_progress(store: Store, tmp_path: Path) -> None:
    data = tmp_path / "k.json"
    value = {"kpi": "U1", "municipality": "0181", "period": 2018, "values": [{"value": 45}]}
    data.write_text(json.dumps({"values": [value]}), encoding="utf-8")
    config = Config(kolada={"U1": "Nöjd-Region-Index (NRI), Trygghet"})
    seen: list[tuple[int, int]] = []
    outcome = imports.run_import(
        store,
        ImportRequest("kolada", data, municipality="0181"),
        config,
        lambda done, total: seen.append((done, total)),
    )
    assert outcome.error is None, outcome.error
    assert outcome.changeset_id is not None and seen == [(1, 1)]


def test_a_template_is_prefilled_and_an_unknown_kind_refused(store: Store) -> None:
    table = imports.template(store, "drift", None, 2018)
    assert table.title == "Drift" and table.rows
    assert table.rows[0][:4] == ["110", "Stadsdirektörens kansli", "2018", ""]
    # The period asked for, and without a year the nämnd's latest.
    at_t1 = imports.template(store, "drift", None, None, "t1")
    assert at_t1.rows[0][:4] == ["110", "Stadsdirektörens kansli", "2017", "Tertial 1 (april)"]
    projects = imports.template(store, "investeringar", None, 2018, "bokslut")
    assert ["KS/KF-investeringar", "Trådlösa nät kommunens verksamheter", "2018", "Bokslut"] in [
        r[:4] for r in projects.rows
    ]
    assert imports.template(None, "personal", None, None).rows == []
    with pytest.raises(ActionError, match="okänd sort"):
        imports.template(None, "budget", None, None)


def test_check_path_says_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ange filens sökväg"):
        imports.check_path("  ")
    with pytest.raises(ValueError, match="är en mapp"):
        imports.check_path(str(tmp_path))
    with pytest.raises(ValueError, match="finns inte"):
        imports.check_path(str(tmp_path / "nej.csv"))


def test_an_sie_file_names_its_own_committee_unless_one_is_named(
    store: Store, tmp_path: Path
) -> None:
    from bench.gen_sie import generate

    path = tmp_path / "liten.se"
    generate(path, rows=300, units=3, year=2017)
    # The screen's nämnd (committee) does not redirect an SIE file: #FNAMN decides.
    outcome = imports.run_import(store, ImportRequest("sie", path, "Kommunstyrelsen"), Config())
    assert outcome.error is None, outcome.error
    assert outcome.changeset_id is not None
    assert outcome.changeset_id == history.latest_changeset(store)
    assert "Socialnämnden i Bänkby" in {c.name for c in read.committees(store)}
    history.undo(store, outcome.changeset_id, confirmed=True)
    named = imports.run_import(
        store, ImportRequest("sie", path, sie_committee="Testnämnden"), Config()
    )
    assert named.error is None, named.error
    assert "Testnämnden" in {c.name for c in read.committees(store)}
