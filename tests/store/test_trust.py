"""Sign-off locks and migrations of older files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from ksui.store import Store, locks, read, writes
from ksui.store.db import latest_version
from ksui.store.locks import LockedError
from ksui.store.undo import revert

SCHEMA1 = Path(__file__).resolve().parents[1] / "data" / "ksui-schema1.sqlite"


def test_file_of_the_first_schema_is_backed_up_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(SCHEMA1, path)
    store = Store(path)
    assert store.version == latest_version() > 1
    assert store.backup_path is not None and store.backup_path.exists()
    backup = sqlite3.connect(store.backup_path)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    backup.close()
    # The data came through: the demo's figures still compute.
    committee = read.find_committee(store, None)
    data = read.load_report(store, committee, 2017, "bokslut")
    assert data.total().budget == 352_701 * 100_000
    assert locks.locks(store) == []


def test_locked_period_refuses_edits_and_locking_is_audited(store: Store) -> None:
    committee = read.find_committee(store, None)
    hr = store.conn.execute("SELECT id FROM unit WHERE name = 'HR'").fetchone()[0]
    assert locks.lock(store, committee.id, 2017, "bokslut", "Attesterad av nämnden")
    last = store.changesets(1)[0]
    assert last["description"].startswith("Låste")
    with pytest.raises(LockedError, match="låst"):
        writes.set_drift(store, hr, 2017, "bokslut", "actual", 1)
    with pytest.raises(LockedError):
        writes.set_comment(store, "unit", hr, 2017, "ny kommentar")
    # Other periods and years stay open.
    writes.set_drift(store, hr, 2017, "delar", "forecast", 1)
    writes.set_drift(store, hr, 2018, "bokslut", "budget", 1)
    assert locks.unlock(store, committee.id, 2017, "bokslut")
    writes.set_drift(store, hr, 2017, "bokslut", "actual", 1)


def test_undo_into_a_locked_period_is_refused(store: Store) -> None:
    committee = read.find_committee(store, None)
    hr = store.conn.execute("SELECT id FROM unit WHERE name = 'HR'").fetchone()[0]
    cs = writes.set_drift(store, hr, 2017, "delar", "forecast", 5)
    locks.lock(store, committee.id, 2017, "delar")
    with pytest.raises(LockedError):
        revert(store, cs, "Ångra")
