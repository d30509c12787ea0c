"""How long `ksui import drift` of a CSV file takes and how much memory, against a Python anchor.

Both sides are fresh processes timed from outside (start to exit, interpreter start and
imports included), run alternately A B A B … in one run; each run's peak RSS is that very
process's (GNU ``time -f %M``, else ``os.wait4`` in a tiny runner; see
``bench.bench_sie_import.measure``). The two sides do the same job on a fresh copy of the
same database (one nämnd of ``bench.make_large_db``: 300 units, 271 of them ansvar with a
code, and a year of figures):

* ksui: ``python -m ksui --db COPY import drift FILE``; the import commits, which is checked.
* anchor: a short script (written to a temp file) that reads the same CSV with the csv
  module row by row, reads its Swedish amounts (``12 345`` and ``1 234,5`` tkr) with
  ``Decimal`` into öre, finds each unit by its code and the period by its Swedish month,
  and writes the figures with ``executemany`` in batches of 3 000, in one transaction,
  with one audit row per figure (ksui writes two: the new row and its amount).

The file holds Enhet, År, Period, Budget, Prognos and Utfall (tkr), a row per unit and
month from 2020 on, every key distinct. The benchmark checks that both sides leave the
same drift figures, figure by figure. With ``--scale 4`` a third side runs ksui on a file
with 4× the rows, to compare its peak RSS with the 1× file's.

    uv run python -m bench.bench_csv_import --runs 3              # 100 000 rows
    uv run python -m bench.bench_csv_import --runs 3 --scale 4    # and 400 000 rows

Goal: peak RSS of the 4× file ≤ 1.3× the 1× file (the import streams; before it read the
whole file, its rows and their cells into memory). The time ratio is reported, not a goal:
ksui writes each figure through its audited, lock-checked write path.
Generated files are kept under /tmp/ksui-bench and reused by later runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.bench_sie_import import FOLDER, Side, environment, figures, fresh, measure
from bench.make_large_db import build_committee
from ksui.store.db import Store

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
FIRST_YEAR = 2020  # after the database's own figures (2017), so every row is new

# The anchor: what a plain script needs to do the import's core job on the same file.
ANCHOR = r"""
import csv, json, sqlite3, sys
from datetime import datetime, timezone
from decimal import Decimal

COLUMNS = {"Budget (tkr)": "budget", "Prognos (tkr)": "forecast", "Utfall (tkr)": "actual"}
MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
PERIODS = {name: "m%02d" % (n + 1) for n, name in enumerate(MONTHS)}
BATCH = 3000


def ore(text):
    return int(Decimal(text.replace(" ", "").replace(",", ".")) * 100_000)


def main(path, db):
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    changeset = conn.execute(
        "INSERT INTO changeset (at, user, description) VALUES (?, 'ankare', ?)",
        (datetime.now(timezone.utc).isoformat(timespec="seconds"), "Import " + path),
    ).lastrowid
    units = dict(conn.execute("SELECT code, id FROM unit WHERE code IS NOT NULL"))
    written = 0

    def flush(batch):
        conn.executemany(
            "INSERT INTO drift_figure (unit_id, year, period, measure, amount)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET amount = excluded.amount",
            batch,
        )
        conn.executemany(
            "INSERT INTO audit (changeset_id, table_name, row_key, field, old_value, new_value)"
            " VALUES (?, 'drift_figure', ?, 'amount', NULL, ?)",
            [
                (
                    changeset,
                    json.dumps(
                        {"measure": m, "period": p, "unit_id": u, "year": y}, sort_keys=True
                    ),
                    json.dumps(a),
                )
                for u, y, p, m, a in batch
            ],
        )
        batch.clear()

    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        measures = [(i, COLUMNS[h]) for i, h in enumerate(header) if h in COLUMNS]
        batch = []
        for record in reader:
            unit, year, period = units[record[0]], int(record[1]), PERIODS[record[2].lower()]
            for i, measure in measures:
                if record[i]:
                    batch.append((unit, year, period, measure, ore(record[i])))
                    written += 1
            if len(batch) >= BATCH:
                flush(batch)
        flush(batch)
    conn.execute("COMMIT")
    conn.close()
    print(written)


main(sys.argv[1], sys.argv[2])
"""


def leaf_codes(db: Path) -> list[str]:
    """The codes of the database's ansvar, in order: the units the CSV rows name."""
    store = Store(db)
    try:
        rows = store.conn.execute(
            "SELECT code FROM unit WHERE kind = 'ansvar' AND code IS NOT NULL ORDER BY code"
        )
        return [str(code) for (code,) in rows]
    finally:
        store.close()


def base_database(path: Path) -> Path:
    """One nämnd of the large benchmark kommun (300 units, figures for 2017), made once."""
    if not path.exists():
        print(f"skapar {path} …", flush=True)
        partial = path.with_suffix(".tmp")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        store = Store(partial, create=True)
        with store.transaction("Testkommun: organisation") as tx:
            kommun = tx.insert("unit", {"kind": "kommun", "name": "Storkommun"})
        with store.transaction("Testkommun: nämnd 1") as tx:
            build_committee(tx, kommun, 0, 300, (2017,))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        partial.replace(path)
    return path


def swedish(amount: int, tenths: int = 0) -> str:
    """An amount in tkr as a controller types it: ``12 345`` or ``12 345,6``."""
    whole = f"{amount:,}".replace(",", " ")
    return f"{whole},{tenths}" if tenths else whole


def sample_file(rows: int, codes: list[str]) -> Path:
    """The drift CSV of ``rows`` rows over ``codes``, made once (atomically)."""
    path = FOLDER / f"drift-{rows}.csv"
    if not path.exists():
        print(f"skapar {path} …", flush=True)
        partial = path.with_suffix(".tmp")
        with partial.open("w", encoding="utf-8", newline="") as out:
            out.write("Enhet;År;Period;Budget (tkr);Prognos (tkr);Utfall (tkr)\n")
            for i in range(rows):
                step = i // len(codes)
                year, month = FIRST_YEAR + step // 12, MONTHS[step % 12]
                budget = 2_000 + (i * 7_919) % 58_000
                forecast = swedish(budget - 1_000 + i % 2_000, i % 10)
                actual = swedish(budget - i % 3_000)
                unit = codes[i % len(codes)]
                out.write(f"{unit};{year};{month};{swedish(budget)};{forecast};{actual}\n")
        partial.replace(path)
    return path


def main() -> None:
    """Run the sides alternately and print medians, minimums, ratios and peak RSS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1, help="also ksui on a file N× larger")
    parser.add_argument("--source", type=Path, help="folder whose ksui package is measured")
    args = parser.parse_args()
    source = args.source.resolve() if args.source else None
    FOLDER.mkdir(parents=True, exist_ok=True)
    base = base_database(FOLDER / "csv-base.sqlite")
    codes = leaf_codes(base)
    largest = (args.rows * max(args.scale, 1)) // len(codes) // 12
    if FIRST_YEAR + largest > 2199:
        sys.exit(f"för många rader för {len(codes)} enheter: år över 2199")
    path = sample_file(args.rows, codes)
    big = sample_file(args.rows * args.scale, codes) if args.scale > 1 else None
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="ksui-bench-") as tmp:
        folder = Path(tmp)
        (folder / "config").mkdir()
        env = environment(folder, source, None)
        where = subprocess.run(
            [python, "-c", "import ksui; print(ksui.__file__)"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        anchor_script = folder / "anchor.py"
        anchor_script.write_text(ANCHOR)

        def ksui_run(file: Path) -> tuple[list[str], Path]:
            db = fresh(base, folder / "run.sqlite")
            return [python, "-m", "ksui", "--db", str(db), "import", "drift", str(file)], db

        def anchor_run(file: Path) -> tuple[list[str], Path]:
            db = fresh(base, folder / "anchor.sqlite")
            return [python, str(anchor_script), str(file), str(db)], db

        sides = [
            Side("ksui import drift", path, ksui_run),
            Side("ankare (csv + executemany)", path, anchor_run),
        ]
        if big is not None:
            sides.append(Side(f"ksui import drift {args.scale}×", big, ksui_run))
        print(f"ksui från {where}")
        for file in dict.fromkeys(side.file for side in sides):
            print(f"{file} ({file.stat().st_size / 1e6:.1f} MB)")
        for run in range(args.runs + 1):
            timed = run >= 1  # the first round only fills the bytecode and page caches
            for number, side in enumerate(sides):
                argv, db = side.start(side.file)
                log = folder / f"log-{number}.txt"
                seconds, rss = measure(argv, folder, env, log)
                side.figures = figures(db)
                if timed:
                    side.seconds.append(seconds)
                    side.rss_kib.append(rss)
                    print(f"körning {run} {side.name}: {seconds:.2f} s", flush=True)
        print((folder / "log-0.txt").read_text().strip())
    print(f"\nkörningar: {args.runs} per sida, växelvis, efter en uppvärmningsrunda")
    print("driftsiffror efter importen: " + ", ".join(f"{s.name} {len(s.figures)}" for s in sides))
    same = sides[0].figures == sides[1].figures
    print(f"ankarets driftsiffror {'=' if same else '≠'} ksui:s, siffra för siffra")
    for side in sides:
        print(side.line())
    ksui_side, anchor_side = sides[0], sides[1]
    ratio = statistics.median(ksui_side.seconds) / statistics.median(anchor_side.seconds)
    print(f"kvot import/ankare (medianer): {ratio:.2f}")
    rss = max(ksui_side.rss_kib) / max(anchor_side.rss_kib)
    print(f"topp-RSS import/ankare: {rss:.2f}")
    if big is not None:
        big_side = sides[2]
        rss_ratio = max(big_side.rss_kib) / max(ksui_side.rss_kib)
        time_ratio = statistics.median(big_side.seconds) / statistics.median(ksui_side.seconds)
        print(f"topp-RSS {args.scale}×/1×: {rss_ratio:.2f} (mål ≤ 1.3); tid {time_ratio:.2f}×")


if __name__ == "__main__":
    main()
