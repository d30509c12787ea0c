"""`ksui summary`: the quick check over SSH, which must never load Textual."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import Run


def test_summary_shows_the_committee_at_a_glance(run: Run) -> None:
    result = run("summary")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Kommunstyrelsen — Bokslut 2017" in out
    assert "överskott på 5,0 mkr" in out  # the narrative
    assert "+5 031" in out and "+1,4" in out  # result and share of the allocation
    assert "Administration och utredning" in out  # largest deviation
    assert "+1 076" in out  # investment overrun
    assert "Hållbara Södertälje" in out and "◐ Ok" in out  # goals per area
    assert "-1,07" in out and "-2,64" in out  # sick leave against last year and kommun
    assert "Nämndens sammanfattande bedömning" in out  # GEH
    assert re.search(r"Kontroller: [1-9]\d* fel", out)  # the findings
    assert "220,1" in out


def test_summary_accepts_year_period_and_committee(run: Run) -> None:
    result = run("summary", "--year", "2017", "--period", "delår", "--committee", "KS")
    assert result.exit_code == 0, result.output
    assert "Delår (augusti) 2017" in result.stdout


def test_summary_does_not_import_textual(demo_path: Path, tmp_path: Path) -> None:
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    env = {**os.environ, "KSUI_CONFIG": str(config), "COLUMNS": "100"}
    env.pop("KSUI_DB", None)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ksui", "--db", str(demo_path), "summary"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Kommunstyrelsen" in proc.stdout
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert "rich.table" in imported  # the measurement itself works
    assert not [m for m in imported if m == "textual" or m.startswith("textual.")]


def test_a_summary_at_bokslut_says_when_its_utfall_is_decembers(
    run: Run, tmp_path: Path, demo_path: Path
) -> None:
    """A nämnd with December's utfall and no bokslut yet: the summary at bokslut shows
    December's figures (the utfall's own rule), and its title says so."""
    result = run(
        "set", "drift", "Ekonomi", "utfall", "12", "--year", "2018", "--period", "m12", db=demo_path
    )
    assert result.exit_code == 0, result.stderr
    early = run("summary", "--year", "2018", "--period", "bokslut", db=demo_path)
    assert "(utfall från december: bokslut saknas ännu)" in " ".join(early.stdout.split())
    done = run("summary", "--year", "2017", "--period", "bokslut", db=demo_path)
    assert "utfall från december" not in done.stdout  # 2017 has its bokslut


def test_drift_says_it_too_in_its_title_and_json(run: Run, demo_path: Path) -> None:
    """`ksui drift` at bokslut before it is entered: the title says whose utfall it is, and
    the JSON names the month (``actual_from``, only then: other documents keep their bytes)."""
    result = run(
        "set",
        "drift",
        "Ekonomi",
        "utfall",
        "12",
        "--year",
        "2018",
        "--period",
        "m12",
        db=demo_path,
    )
    assert result.exit_code == 0, result.stderr
    table = run("drift", "--year", "2018", "--period", "bokslut", db=demo_path)
    assert "(utfall från december: bokslut saknas ännu)" in " ".join(table.stdout.split())
    early = json.loads(
        run(
            "drift", "--year", "2018", "--period", "bokslut", "--format", "json", db=demo_path
        ).stdout
    )
    assert early["actual_from"] == "m12"
    done = json.loads(run("drift", "--year", "2017", "--format", "json", db=demo_path).stdout)
    assert "actual_from" not in done
