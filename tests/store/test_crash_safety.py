"""Killing ksui in the middle of writing never leaves half a transaction or a broken file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ksui.store import Store

BURST = """
import sys
from ksui.store import Store
store = Store(sys.argv[1])
units = [int(u) for u in sys.argv[2].split(",")]
print("ready", flush=True)
k = 0
while True:
    k += 1
    with store.transaction(f"burst {k}") as tx:
        for unit in units:
            tx.upsert("drift_figure", {"unit_id": unit, "year": 2030, "period": "bokslut",
                                       "measure": "budget"}, {"amount": k})
"""


def leaf_units(store: Store) -> list[int]:
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT id FROM unit WHERE id NOT IN (SELECT parent_id FROM unit WHERE parent_id"
            " IS NOT NULL)"
        ).fetchall()
    ]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_a_burst_of_edits(demo_path: Path) -> None:
    store = Store(demo_path)
    units = leaf_units(store)
    store.close()
    rng = random.Random(20171231)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for _ in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", BURST, str(demo_path), ",".join(map(str, units))],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.02, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()

        check = Store(demo_path)
        assert check.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        values = {
            r[0]
            for r in check.conn.execute(
                "SELECT amount FROM drift_figure WHERE year = 2030"
            ).fetchall()
        }
        last = check.conn.execute(
            "SELECT description FROM changeset WHERE description LIKE 'burst %'"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if last is None:
            assert values == set()
        else:
            # Every figure carries the last committed burst's number: no torn transaction.
            assert values == {int(last[0].split()[1])}
            audit = check.conn.execute(
                "SELECT count(*) FROM audit a JOIN changeset c ON c.id = a.changeset_id"
                " WHERE c.description = ?",
                (last[0],),
            ).fetchone()[0]
            assert audit >= len(units)
        check.close()


def test_two_writers_never_lose_an_edit(demo_path: Path) -> None:
    """Two processes writing at once: every change set lands (busy waits, no error)."""
    script = """
import sys
from ksui.store import Store
store = Store(sys.argv[1])
for k in range(40):
    with store.transaction(f"{sys.argv[2]} {k}") as tx:
        tx.upsert("drift_figure", {"unit_id": int(sys.argv[3]), "year": 2031,
                  "period": "bokslut", "measure": "budget"}, {"amount": k})
"""
    store = Store(demo_path)
    a, b = leaf_units(store)[:2]
    store.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(demo_path), name, str(unit)],
            env=env,
            stderr=subprocess.PIPE,
        )
        for name, unit in (("A", a), ("B", b))
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    check = Store(demo_path)
    for name in ("A", "B"):
        count = check.conn.execute(
            "SELECT count(*) FROM changeset WHERE description LIKE ?", (f"{name} %",)
        ).fetchone()[0]
        assert count == 40
