"""A kommun's nämnd files for the consolidation benchmark: by default 20 files, each one
nämnd of 300 units × 5 years × 12 months, plus an empty kommun file to consolidate into.

Each file is what a nämnd's controller would keep: made through the store's audited
transaction API with bench/make_large_db.py's generator (the same seeded figures, so nämnd
3 here holds exactly the figures of nämnd 3 of a make_large_db kommun file), below a
kommun unit of its own as ``ksui init --demo`` makes it. About 1.5 s a file at the
default size; smaller with --units/--years for a quick run.

    uv run python -m bench.make_kommun /tmp/ksui-kommun
    uv run python -m bench.make_kommun --files 4 --units 60 --years 2 /tmp/ksui-kommun-small
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.make_large_db import LAST_YEAR, LIMITS, UNITS, YEARS, build_committee, committee_name
from ksui.store.db import Store
from ksui.store.demo import create_database

FILES = 20


def namnd_path(folder: Path, number: int) -> Path:
    """The file of nämnd ``number`` (0-based), named so that the files sort in order."""
    return folder / f"namnd{number + 1:02d}.sqlite"


def make_namnd(path: Path, number: int, units: int, years: tuple[int, ...]) -> None:
    """One nämnd's own file, built as a controller's file is (one audited change set)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = Store(path, create=True)
    try:
        with store.transaction(f"Nämnd {number + 1}: {committee_name(number)}") as tx:
            kommun = tx.insert("unit", {"kind": "kommun", "name": "Storkommun"})
            build_committee(tx, kommun, number, units, years)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Write the nämnd files and ``kommun-empty.sqlite`` into the folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=Path("/tmp/ksui-kommun"))
    parser.add_argument("--files", type=int, default=FILES, help="nämnd files (1–40)")
    parser.add_argument("--units", type=int, default=UNITS, help="units a nämnd (53–4 400)")
    parser.add_argument("--years", type=int, default=YEARS, help=f"years up to {LAST_YEAR}")
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    args = parser.parse_args(argv)
    if not 1 <= args.files <= LIMITS["committees"]:
        parser.error(f"--files: 1–{LIMITS['committees']}")
    if not 53 <= args.units <= LIMITS["units"]:
        parser.error(f"--units: 53–{LIMITS['units']}")
    if not 1 <= args.years <= LIMITS["years"]:
        parser.error(f"--years: 1–{LIMITS['years']}")
    years = tuple(range(LAST_YEAR - args.years + 1, LAST_YEAR + 1))
    args.folder.mkdir(parents=True, exist_ok=True)
    empty = args.folder / "kommun-empty.sqlite"
    targets = [namnd_path(args.folder, n) for n in range(args.files)]
    existing = [p for p in [empty, *targets] if p.exists()]
    if existing and not args.force:
        sys.stderr.write(f"{existing[0]} finns redan (använd --force)\n")
        return 2
    started = time.perf_counter()
    create_database(empty, demo=False, force=True).close()
    for number, path in enumerate(targets):
        make_namnd(path, number, args.units, years)
        print(f"{path.name} klar, {time.perf_counter() - started:.0f} s", flush=True)
    print(f"{args.folder}: {args.files} nämnder klara på {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
