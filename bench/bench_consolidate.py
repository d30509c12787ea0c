"""How long `ksui consolidate` of a kommun's nämnd files takes, against a bare SQLite copy.

Both sides are fresh processes timed from outside (start to exit, interpreter start and
imports included), run alternately A B A B … so that a machine that speeds up or slows
down during the run moves both alike; the ratio is taken pair by pair and its median is
the figure. Each run starts from its own fresh copy of the same empty kommun file
(``ksui init --empty``, made by bench/make_kommun.py), so nothing carries over:

* ksui: ``python -m ksui consolidate COPY namnd01.sqlite … --kommun Storkommun`` — reads
  each source read-only, checks it sound (``PRAGMA quick_check``: the cache of files
  found sound is a fresh, empty folder each run, as for sources that changed since the
  last consolidation), maps every id through natural keys, writes every row and its
  audit rows (one change set), the search triggers indexing the texts. The run is
  checked: the kommun file must hold every drift figure of every source.
* bare: a short Python script that ATTACHes the sources (at most 9 at a time, SQLite's
  limit is 10) and copies the same rows of the same tables with ``INSERT … SELECT`` into
  a copy of the same empty file (same schema, indexes and triggers, WAL and
  synchronous=NORMAL as ksui), offsetting every id per source so they cannot collide.
  No mapping, no diff, no audit trail: the floor for moving those rows at all.

    uv run python -m bench.make_kommun /tmp/ksui-kommun          # once: 20 × 300 × 5 × 12
    uv run python -m bench.bench_consolidate --runs 5 /tmp/ksui-kommun

Goal: ksui ≤ 3× the bare copy (median of the pair ratios). Each process's peak RSS is
read from ``wait4``. A folder made by an older ksui (files at an older schema) is noted:
ksui then migrates the kommun file and each source in memory, and the bare copy does not.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from ksui.store.consolidate import ID_TABLES, PLAIN_TABLES
from ksui.store.db import latest_version

#: Every id (and every column holding one) moves by this much per source in the bare copy.
OFFSET = 10_000_000

BARE = textwrap.dedent(
    """
    import sqlite3, sys
    target, sources = sys.argv[1], sys.argv[2:]
    ID_TABLES = {id_tables!r}
    PLAIN = {plain!r}
    OFFSET = {offset}
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    kommun = conn.execute(
        "INSERT INTO unit (kind, name) VALUES ('kommun', 'Storkommun')"
    ).lastrowid
    conn.execute("COMMIT")
    def columns(table):
        return [r[1] for r in conn.execute(f"PRAGMA main.table_info([{{table}}])")]
    for start in range(0, len(sources), 9):
        batch = sources[start:start + 9]
        for n, path in enumerate(batch):
            conn.execute(f"ATTACH DATABASE ? AS s{{n}}", (f"file:{{path}}?mode=ro",))
        conn.execute("BEGIN")
        for n, path in enumerate(batch):
            off = (start + n + 1) * OFFSET
            for table, links in ID_TABLES + PLAIN:
                cols = columns(table)
                moved = set(links) | ({{"id"}} if (table, links) in ID_TABLES else set())
                if table == "comment":
                    moved.add("entity_id")
                if table == "assessment":
                    moved.add("target_id")
                picks = []
                for c in cols:
                    if table == "unit" and c == "parent_id":
                        picks.append(f"CASE WHEN kind = 'namnd' THEN {{kommun}}"
                                     f" ELSE parent_id + {{off}} END")
                    elif c in moved:
                        picks.append(f"[{{c}}] + {{off}}")
                    else:
                        picks.append(f"[{{c}}]")
                where = " WHERE kind <> 'kommun' ORDER BY id" if table == "unit" else ""
                names = ", ".join(f"[{{c}}]" for c in cols)
                conn.execute(
                    f"INSERT INTO main.[{{table}}] ({{names}}) SELECT {{', '.join(picks)}}"
                    f" FROM s{{n}}.[{{table}}]{{where}}"
                )
        conn.execute("COMMIT")
        for n in range(len(batch)):
            conn.execute(f"DETACH DATABASE s{{n}}")
    conn.close()
    """
)


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole process; a failure stops the benchmark."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace").strip()
            raise SystemExit(f"{command[:4]} … failed ({child.returncode}): {message}")
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def _version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _figures(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM drift_figure").fetchone()[0])


def main(argv: list[str] | None = None) -> int:
    """Run the pairs and print each side's median and the median ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=Path("/tmp/ksui-kommun"))
    parser.add_argument("--runs", type=int, default=5, help="pairs timed (after one warm-up)")
    args = parser.parse_args(argv)
    empty = args.folder / "kommun-empty.sqlite"
    sources = sorted(args.folder.glob("namnd*.sqlite"))
    if not empty.exists() or not sources:
        sys.stderr.write(f"{args.folder}: kör först python -m bench.make_kommun {args.folder}\n")
        return 2
    expected = sum(_figures(p) for p in sources)
    old = sorted({_version(p) for p in [empty, *sources]} - {latest_version()})
    if old:
        # ksui then migrates the kommun file (with its .bak) and each source in memory,
        # which the bare copy does not: the ratio is not the one the README states.
        print(
            f"note: {args.folder} was made at schema {old}, this ksui writes "
            f"{latest_version()}; run bench.make_kommun again for a like-for-like figure",
            flush=True,
        )
    work = Path(tempfile.mkdtemp(prefix="ksui-bench-consolidate-"))
    script = work / "bare.py"
    script.write_text(
        BARE.format(
            id_tables=[(t, links) for t, links, _k in ID_TABLES],
            plain=list(PLAIN_TABLES),
            offset=OFFSET,
        ),
        encoding="utf-8",
    )
    base_env = {**os.environ, "KSUI_CONFIG": str(work / "none.toml")}
    (work / "none.toml").write_text("", encoding="utf-8")
    ksui_times: list[float] = []
    bare_times: list[float] = []
    ksui_rss: list[float] = []
    try:
        for number in range(args.runs + 1):
            target = work / f"kommun-{number}.sqlite"
            shutil.copy(empty, target)
            cache = work / f"cache-{number}"
            env = {**base_env, "XDG_CACHE_HOME": str(cache)}
            a, a_rss = _run(
                [
                    sys.executable,
                    "-m",
                    "ksui",
                    "consolidate",
                    str(target),
                    *map(str, sources),
                    "--kommun",
                    "Storkommun",
                ],
                env,
            )
            got = _figures(target)
            if got != expected:
                raise SystemExit(f"ksui consolidate wrote {got} drift figures, not {expected}")
            bare_target = work / f"bare-{number}.sqlite"
            shutil.copy(empty, bare_target)
            b, b_rss = _run(
                [sys.executable, str(script), str(bare_target), *map(str, sources)], env
            )
            if _figures(bare_target) != expected:
                raise SystemExit("the bare copy did not copy every drift figure")
            for path in (target, bare_target):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            label = "warm-up" if number == 0 else f"run {number}"
            print(
                f"{label}: ksui {a:.2f} s ({a_rss:.0f} MiB), bare {b:.2f} s ({b_rss:.0f} MiB),"
                f" ratio {a / b:.2f}",
                flush=True,
            )
            if number:
                ksui_times.append(a)
                bare_times.append(b)
                ksui_rss.append(a_rss)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratios = [a / b for a, b in zip(ksui_times, bare_times, strict=True)]
    print(
        f"{len(sources)} nämnder, {expected} drift figures: ksui consolidate median "
        f"{statistics.median(ksui_times):.2f} s (min {min(ksui_times):.2f}, max "
        f"{max(ksui_times):.2f}); bare ATTACH + INSERT … SELECT median "
        f"{statistics.median(bare_times):.2f} s (min {min(bare_times):.2f}, max "
        f"{max(bare_times):.2f}); ratio median {statistics.median(ratios):.2f} "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}); goal ≤ 3; ksui peak RSS "
        f"{max(ksui_rss):.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
