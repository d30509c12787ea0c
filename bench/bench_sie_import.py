"""How long `import_sie` takes for a SIE file of 1 000 000 #PSALDO/#TRANS rows.

The reference is what SQLite itself needs to store the same rows: the file's
#PSALDO, #PBUDGET and #TRANS rows, split into their fields beforehand (not timed),
inserted with one ``executemany`` into a plain table of a fresh database file in one
transaction. The import does much more (reads and checks every field, sums, plans,
writes audited figures), so the goal is a ratio of at most 3.

    python -m bench.bench_sie_import            # 1 000 000 rows, 5 runs
    python -m bench.bench_sie_import --rows 200000 --runs 3

The generated file is kept under /tmp/ksui-bench and reused by later runs.
"""

from __future__ import annotations

import argparse
import gc
import re
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.gen_sie import generate
from ksui.importers.sie_import import describe, import_sie
from ksui.store.db import Store

FOLDER = Path("/tmp/ksui-bench")
_ROW = re.compile(
    r"^[ \t]*#(PSALDO|PBUDGET|TRANS) +(?:(-?\d+) +(\d{6}) +)?(\d+) +\{([^}]*)\} +(\S+)"
    r"(?: +(\d{8}))?",
    re.M,
)


def sample_file(rows: int) -> Path:
    """The generated file for ``rows`` rows, made once."""
    path = FOLDER / f"sie-{rows}.se"
    if not path.exists():
        print(f"skapar {path} …", flush=True)
        generate(path, rows)
    return path


def reference_rows(path: Path) -> list[tuple[str, ...]]:
    """The file's rows as field tuples (kind, year, period, account, objects, amount, date)."""
    text = path.read_bytes().decode("cp437")
    return [tuple(m.groups(default="")) for m in _ROW.finditer(text)]


def time_reference(rows: list[tuple[str, ...]], folder: Path, run: int) -> float:
    """Seconds for executemany of all rows into a plain table of a new file."""
    conn = sqlite3.connect(folder / f"reference-{run}.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE row (kind TEXT, year TEXT, period TEXT, account TEXT, objects TEXT,"
        " amount TEXT, date TEXT)"
    )
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO row VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def time_import(path: Path, folder: Path, run: int) -> tuple[float, list[str]]:
    """Seconds for import_sie into a new database, and its summary."""
    store = Store(folder / f"import-{run}.sqlite", create=True)
    gc.collect()
    start = time.perf_counter()
    result = import_sie(store, path)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed, describe(result)


def main() -> None:
    """Run both timings alternately and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = sample_file(args.rows)
    rows = reference_rows(path)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB), {len(rows)} rader")
    imports: list[float] = []
    references: list[float] = []
    summary: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ksui-bench-") as tmp:
        folder = Path(tmp)
        for run in range(args.runs):
            seconds, summary = time_import(path, folder, run)
            imports.append(seconds)
            references.append(time_reference(rows, folder, run))
            print(f"körning {run + 1}: import {imports[-1]:.2f} s, referens {references[-1]:.2f} s")
    imp, ref = statistics.median(imports), statistics.median(references)
    print("\n".join(summary))
    print(f"median import_sie: {imp:.2f} s")
    print(f"median sqlite3 executemany ({len(rows)} rader): {ref:.2f} s")
    print(f"kvot: {imp / ref:.2f} (mål ≤ 3)")


if __name__ == "__main__":
    main()
