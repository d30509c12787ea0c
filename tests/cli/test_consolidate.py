"""`ksui consolidate` and the kommun level: `drift`/`summary -c KOMMUN` over the nämnder."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from ksui.store.demo import create_database
from tests.cli.conftest import Run, dump
from tests.store.test_consolidate import build_namnd

KFN = "Kultur- och fritidsnämnden"


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    path = tmp_path / "kommun.sqlite"
    create_database(path, demo=False).close()
    return path


@pytest.fixture
def kfn(tmp_path: Path) -> Path:
    return build_namnd(tmp_path / "kfn.sqlite")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def drift(run: Run, db: Path, committee: str, period: str = "bokslut") -> dict[str, Any]:
    result = run("drift", "-c", committee, "--period", period, "--format", "json", db=db)
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_consolidate_into_an_empty_kommun_file(
    run: Run, kommun: Path, demo_path: Path, kfn: Path
) -> None:
    result = run("consolidate", str(kommun), str(demo_path), str(kfn), db=kommun)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Skapade kommunen Södertälje kommun."  # [organisation] name's default
    assert lines[1].startswith("Kommunstyrelsen: konsoliderad (")
    assert lines[2].startswith(f"{KFN}: konsoliderad (")
    assert lines[3] == "Ändring nr 1 (ångra med ksui undo 1)."
    log = run("log", "-n", "1", "-f", "json", db=kommun)
    entry = json.loads(log.stdout)["changesets"][0]
    assert entry["description"] == "Konsolidering: 2 nämnder från ksui.sqlite, kfn.sqlite"
    again = run("consolidate", str(kommun), str(demo_path), str(kfn), db=kommun)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == "Inget ändrades."
    assert (
        json.loads(run("log", "-n", "5", "-f", "json", db=kommun).stdout)["changesets"][0]["id"]
        == 1
    )


@pytest.mark.parametrize("period", ["bokslut", "8"])
def test_the_kommun_drift_adds_up_the_namnder(
    run: Run, kommun: Path, demo_path: Path, kfn: Path, period: str
) -> None:
    assert run("consolidate", str(kommun), str(demo_path), str(kfn), db=kommun).exit_code == 0
    whole = drift(run, kommun, "Södertälje kommun", period)
    assert whole["total"]["kind"] == "kommun"
    assert whole["total"]["name"] == "Södertälje kommun"
    namnder = [u for u in whole["units"] if u["depth"] == 1]
    assert [u["name"] for u in namnder] == ["Kommunstyrelsen", KFN]
    assert all(u["kind"] == "namnd" for u in namnder)
    # Every nämnd reports its actual at bokslut; at August only one of them does, and a
    # parent's deviation then counts the silent nämnd's whole budget (core.drift's rule for
    # any parent unit), so the deviation is compared where every nämnd has one.
    measures = ["budget", "forecast", "actual"] + (["deviation"] if period == "bokslut" else [])
    for measure in measures:
        values = [u[measure] for u in namnder if u[measure] is not None]
        assert values, measure
        assert whole["total"][measure] == pytest.approx(sum(values), abs=0.001), measure
    # Each nämnd in the kommun file shows what its own file shows.
    for source, name in ((demo_path, "Kommunstyrelsen"), (kfn, KFN)):
        own = drift(run, source, name, period)["total"]
        row = next(u for u in namnder if u["name"] == name)
        for measure in ("budget", "forecast", "actual", "deviation"):
            assert row[measure] == own[measure], (name, measure)


def test_summary_and_table_of_the_kommun(
    run: Run, kommun: Path, demo_path: Path, kfn: Path
) -> None:
    assert run("consolidate", str(kommun), str(demo_path), str(kfn), db=kommun).exit_code == 0
    summary = run("summary", "-c", "södertälje kommun", db=kommun)
    assert summary.exit_code == 0, summary.stderr
    assert summary.stdout.startswith("Södertälje kommun — Bokslut 2017")
    # The nämnders' goals and GEH stay under each nämnd: the kommun shows no empty tables of
    # them and no "Nämndens sammanfattande bedömning"; the nämnd itself still has both.
    assert "KF-mål per område" not in summary.stdout
    assert "sammanfattande bedömning" not in summary.stdout
    namnd = run("summary", "-c", "Kommunstyrelsen", db=kommun)
    assert "KF-mål per område" in namnd.stdout and "sammanfattande bedömning" in namnd.stdout
    table = run("drift", "-c", "Södertälje kommun", "--format", "table", db=kommun)
    assert table.exit_code == 0, table.stderr
    assert "Kommunstyrelsen" in table.stdout and KFN in table.stdout
    # A nämnd is still found by the beginning of its name: »Kommun« is not the kommun.
    assert run("summary", "-c", "Kommunstyr", db=kommun).exit_code == 0


def test_the_kommun_can_be_named(run: Run, kommun: Path, kfn: Path) -> None:
    result = run("consolidate", str(kommun), str(kfn), "--kommun", "Nykvarn", db=kommun)
    assert result.exit_code == 0, result.stderr
    assert drift(run, kommun, "Nykvarn")["total"]["kind"] == "kommun"


@pytest.mark.parametrize("damage", ["missing", "garbage", "twice"])
def test_a_bad_source_is_one_line_and_exit_2(
    run: Run, kommun: Path, demo_path: Path, kfn: Path, tmp_path: Path, damage: str
) -> None:
    assert run("consolidate", str(kommun), str(kfn), db=kommun).exit_code == 0
    bad = tmp_path / "bad.sqlite"
    if damage == "garbage":
        bad.write_bytes(b"\x00garbage" * 512)
    elif damage == "twice":
        build_namnd(bad, name=KFN.upper())
    before = digest(kommun)
    result = run("consolidate", str(kommun), str(demo_path), str(kfn), str(bad), db=kommun)
    assert result.exit_code == 2
    assert result.stderr.startswith("ksui: ") and len(result.stderr.strip().splitlines()) == 1
    assert str(bad) in result.stderr
    if damage == "twice":
        assert str(kfn) in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(kommun) == before


def test_a_kommun_side_edit_is_reported_and_kept_until_forced(
    run: Run, kommun: Path, kfn: Path
) -> None:
    assert run("consolidate", str(kommun), str(kfn), db=kommun).exit_code == 0
    edit = run("set", "drift", "Idrott", "budget", "1", "-c", KFN, db=kommun)
    assert edit.exit_code == 0, edit.stderr
    before = dump(kommun)
    kept = run("consolidate", str(kommun), str(kfn), db=kommun)
    assert kept.exit_code == 1
    assert f"{KFN}: ändrad i kommunfilen sedan förra konsolideringen (nr 2)" in kept.stdout
    assert "--force" in kept.stdout
    assert dump(kommun) == before
    forced = run("consolidate", str(kommun), str(kfn), "--force", db=kommun)
    assert forced.exit_code == 0
    idrott = next(u for u in drift(run, kommun, KFN)["units"] if u["name"] == "Idrott")
    assert idrott["budget"] != 1000


def data_rows(path: Path) -> list[str]:
    """The file's data rows: not the audit trail, which the undo itself adds to."""
    return [
        line
        for line in dump(path).splitlines()
        if not line.startswith(('INSERT INTO "audit"', 'INSERT INTO "changeset"'))
    ]


def test_undo_takes_the_consolidation_back(run: Run, kommun: Path, kfn: Path) -> None:
    before = data_rows(kommun)
    assert run("consolidate", str(kommun), str(kfn), db=kommun).exit_code == 0
    assert data_rows(kommun) != before
    undone = run("undo", "1", "--yes", db=kommun)
    assert undone.exit_code == 0, undone.stderr
    assert data_rows(kommun) == before
