"""A damaged, empty, read-only or full file: refused in one line, never written, never shown."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ksui.store import Store, StoreError, writes
from ksui.store.backup import backup
from ksui.store.health import is_remembered, verify
from tests.cli.conftest import Run

PAGE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path, seed: int = 0) -> None:
    """Flip 100 bytes in the first leaf page of drift_figure, as the attack did."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'drift_figure' ORDER BY pageno LIMIT 1"
    ).fetchone()[0]
    conn.close()
    rnd = random.Random(seed)
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * PAGE)
        data = bytearray(handle.read(PAGE))
        for offset in rnd.sample(range(PAGE), 100):
            data[offset] ^= 0xFF
        handle.seek((page - 1) * PAGE)
        handle.write(data)


@pytest.fixture
def damaged(demo_path: Path) -> Path:
    damage(demo_path)
    return demo_path


@pytest.mark.parametrize(
    "args",
    [
        ["drift"],
        ["drift", "--format", "json"],
        ["summary"],
        ["check"],
        ["export", "markdown"],
        ["set", "drift", "Ekonomi", "budget", "1"],
        ["undo"],
        ["lock"],
    ],
)
def test_a_damaged_file_is_never_shown_or_written(damaged: Path, run: Run, args: list[str]) -> None:
    before = digest(damaged)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "skadad" in result.stderr and str(damaged) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "45 474" not in result.stdout and "Ekonomi" not in result.stdout
    assert digest(damaged) == before


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_damage_is_found_whatever_bytes_flip(demo_path: Path, seed: int) -> None:
    damage(demo_path, seed)
    with pytest.raises(StoreError, match="skadad"):
        store = Store(demo_path)
        try:
            verify(store)
        finally:
            store.close()


def test_a_sound_file_is_checked_once_then_remembered(demo_path: Path) -> None:
    store = Store(demo_path)
    try:
        verify(store)
        assert is_remembered(demo_path)
        writes.set_drift(store, 1, 2017, "bokslut", "budget", 1)
        assert is_remembered(demo_path), "ksui's own commit keeps the file known sound"
    finally:
        store.close()
    damage(demo_path)
    assert not is_remembered(demo_path), "anyone else's change makes it checked again"


def test_backup_is_a_verified_copy(demo_path: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "kopia.sqlite"
    result = run("backup", str(target))
    assert result.exit_code == 0, result.output
    assert "kontrollerad" in result.stdout
    copy = sqlite3.connect(target)
    original = sqlite3.connect(demo_path)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        query = (
            "SELECT unit_id, year, period, measure, amount FROM drift_figure ORDER BY 1, 2, 3, 4"
        )
        assert copy.execute(query).fetchall() == original.execute(query).fetchall()
    finally:
        copy.close()
        original.close()
    assert not list(tmp_path.glob(".kopia.sqlite.*.tmp"))


def test_backup_never_overwrites_without_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "kopia.sqlite"
    target.write_bytes(b"an earlier backup")
    result = run("backup", str(target))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert target.read_bytes() == b"an earlier backup"
    assert run("backup", str(target), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"SQLite format 3")


def test_backup_of_a_damaged_file_is_refused(damaged: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "kopia.sqlite"
    result = run("backup", str(target))
    assert result.exit_code == 2 and "skadad" in result.stderr
    assert not target.exists()


def test_backup_while_another_process_writes(demo_path: Path, tmp_path: Path) -> None:
    """The online backup copies a consistent snapshot even with a writer open."""
    writer = Store(demo_path)
    reader = Store(demo_path)
    try:
        writes.set_drift(writer, 1, 2017, "bokslut", "budget", 123)
        result = backup(reader, tmp_path / "k.sqlite")
        assert result.changesets >= 2
    finally:
        writer.close()
        reader.close()


def test_an_empty_file_is_not_turned_into_a_database(tmp_path: Path, run: Run) -> None:
    empty = tmp_path / "tom.sqlite"
    empty.touch()
    result = run("summary", db=empty)
    assert result.exit_code == 2 and "tom (0 byte)" in result.stderr
    assert empty.stat().st_size == 0


def test_a_full_disk_changes_nothing(store: Store, demo_path: Path) -> None:
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    before = store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(StoreError, match="disken är full"), store.transaction("Import") as tx:
        for n in range(5000):
            tx.upsert(
                "comment",
                {"entity": "unit", "entity_id": 1, "field": f"f{n}", "year": 2017},
                {"text": "x" * 200},
            )
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def _chattr(flag: str, *paths: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True)
    return done.returncode == 0


@pytest.fixture
def read_only_folder(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A database in a folder nobody may write to (immutable, so it holds for root too)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "ksui.sqlite"
    shutil.copy(demo_template, path)
    if not _chattr("+i", folder, path):
        pytest.skip("chattr +i is not available here")
    yield path
    _chattr("-i", folder, path)


def test_a_read_only_folder_can_be_read(read_only_folder: Path, run: Run) -> None:
    result = run("drift", "--format", "json", db=read_only_folder)
    assert result.exit_code == 0, result.stderr
    assert "Ekonomi" in result.stdout


def test_a_write_to_a_read_only_file_is_refused_in_one_line(
    read_only_folder: Path, run: Run
) -> None:
    before = digest(read_only_folder)
    result = run("set", "drift", "Ekonomi", "budget", "1", db=read_only_folder)
    assert result.exit_code == 2
    assert "skrivskyddad" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert digest(read_only_folder) == before


def test_the_cache_is_replaced_whole_and_leaves_no_temporary_file(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ksui.store import health

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    health.remember(demo_path)
    assert health.is_remembered(demo_path)
    health.forget(demo_path)
    assert not health.is_remembered(demo_path)
    folder = tmp_path / "cache" / "ksui"
    assert [p.name for p in folder.iterdir()] == ["verified.json"]
