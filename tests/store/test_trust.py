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
    # The year's earlier follow-ups are frozen with it; other years stay open.
    with pytest.raises(LockedError):
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


def test_schema4_puts_statements_and_investments_in_their_periods_and_undo_still_finds_them(
    tmp_path: Path,
) -> None:
    """An older file's figures were the year-end's: after migration they stand at bokslut
    (the budget and the anslag from January), and its audit trail names the moved rows."""
    import json

    path = tmp_path / "old.sqlite"
    shutil.copy(SCHEMA1, path)
    old = sqlite3.connect(path)
    pid, spent = old.execute(
        "SELECT p.id, f.spent FROM investment_project p JOIN investment_figure f"
        " ON f.project_id = p.id WHERE p.name = 'Bärbara datorer'"
    ).fetchone()
    # An edit as ksui wrote it before schema 4: the key has no period.
    old.execute(
        "INSERT INTO changeset (id, at, user, description) VALUES (2, '2025-01-01T00:00:00',"
        " 'ekonom', 'Investering')"
    )
    old.execute("UPDATE investment_figure SET spent = ? WHERE project_id = ?", (4_300_00000, pid))
    old.execute(
        "INSERT INTO audit (changeset_id, table_name, row_key, field, old_value, new_value)"
        " VALUES (2, 'investment_figure', ?, 'spent', ?, ?)",
        (json.dumps({"project_id": pid, "year": 2017}), str(spent), "430000000"),
    )
    old.commit()
    old.close()

    store = Store(path)
    assert store.version == latest_version()
    keys = [
        json.loads(k)
        for (k,) in store.conn.execute(
            "SELECT row_key FROM audit WHERE table_name IN ('investment_figure', 'statement_value')"
        )
    ]
    assert keys and all("period" in k for k in keys)
    for (text,) in store.conn.execute("SELECT row_key FROM audit WHERE changeset_id = 2"):
        assert text == json.dumps(
            {"period": "bokslut", "project_id": pid, "year": 2017}, sort_keys=True
        )
    committee = read.find_committee(store, None)

    def laptops(period: str) -> tuple[int | None, int | None]:
        data = read.load_report(store, committee, 2017, period)
        found = next(p for c in data.categories for p in c.projects if p.id == pid)
        return found.appropriation, found.spent

    assert laptops("bokslut") == (2_300_00000, 4_300_00000)
    assert laptops("delar") == (2_300_00000, None)
    bokslut = read.load_report(store, committee, 2017, "bokslut")
    assert bokslut.statement_period == "bokslut"
    assert bokslut.result_values[2017]["personal"] == {
        "budget": -140_888_00000,
        "actual": -143_017_00000,
    }
    assert read.load_report(store, committee, 2017, "delar").statement_period is None
    # Undo finds the moved row by its rewritten key.
    revert(store, 2, "Ångra", confirmed=True)
    assert laptops("bokslut") == (2_300_00000, spent)
