"""Killing ksui in the middle of a SIE import leaves the import wholly there or wholly absent."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.gen_sie import generate
from ksui.store import Store

REPO = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from pathlib import Path
from ksui.importers.sie_import import import_sie
from ksui.store import Store
store = Store(sys.argv[1])
print("ready", flush=True)
import_sie(store, Path(sys.argv[2]))
print("done", flush=True)
"""
TABLES = ("unit", "drift_figure", "statement_value", "changeset", "audit")


def state(path: Path) -> tuple[int, ...]:
    """Row counts of the tables an import writes, after checking the file is sound."""
    store = Store(path)
    try:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(
            store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES
        )
    finally:
        store.close()


def start(db: Path, sie: Path) -> subprocess.Popen[bytes]:
    """An import in a child process, once it has loaded ksui and opened the database."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(sie)], stdout=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    return proc


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_an_import(demo_path: Path, tmp_path: Path) -> None:
    sie = tmp_path / "stor.se"
    generate(sie, rows=60_000, units=600)  # ~15 600 figures to write after the read
    before = state(demo_path)

    full = tmp_path / "full.sqlite"
    shutil.copy(demo_path, full)
    began = time.perf_counter()
    proc = start(full, sie)
    assert proc.wait(timeout=120) == 0
    duration = time.perf_counter() - began
    after = state(full)
    assert after[1] > before[1] + 15_000

    rng = random.Random(20240101)
    seen = []
    for attempt in range(10):
        db = tmp_path / f"killed-{attempt}.sqlite"
        shutil.copy(demo_path, db)
        proc = start(db, sie)
        time.sleep(rng.uniform(0.0, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        found = state(db)
        assert found in (before, after), f"kill {attempt}: {found} is neither {before} nor {after}"
        seen.append(found == after)
    assert not all(seen), "every kill came too late to test anything"
