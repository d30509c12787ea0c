"""How long `ksui import sie` takes, as a whole process, against a small Python anchor.

Both sides are fresh processes timed from outside (start to exit, interpreter start and
imports included), run alternately A B A B … in one run; each run's peak RSS is that
very process's (GNU ``time -f %M``, else ``os.wait4`` in a tiny runner; see ``measure``).
The two sides do the same job:

* ksui: ``python -m ksui --db COPY import sie FILE`` on a fresh copy of an empty
  database (made once with ``ksui init --empty``); the import commits, which is checked.
* anchor: a short script (written to a temp file) that reads the same file line by
  line, parses #PSALDO/#PBUDGET/#TRANS (and #VER) rows with regexes, sums them per
  (measure, unit, year, month, account) with ``Decimal`` as the import must, rolls the
  units' result accounts up to the figures the import writes (actual and budget to
  date per month, actual at bokslut, budget for the year; the benchmark checks that
  they equal ksui's, figure by figure) and inserts them with ``executemany`` in one
  transaction into a table with drift_figure's primary key, WAL mode, plus one audit
  row per figure; and the same per account with its kostnadsslag (each account's year
  to date from its first month) into cost_figure's equivalent, one audit row each.

With ``--scale 4`` a third side runs ksui on a file with 4× the rows (same units,
accounts and months, so the same distinct keys) to compare its peak RSS with the 1× file.

    uv run python -m bench.bench_sie_import --runs 5              # 1 000 000 rows
    uv run python -m bench.bench_sie_import --runs 5 --scale 4    # and 4 000 000 rows
    uv run python -m bench.bench_sie_import --cold                # no cached bytecode
    uv run python -m bench.bench_sie_import --source /tmp/old     # another checkout's ksui

Goals: import ≤ 2.0× the anchor (medians); peak RSS of the 4× file ≤ 1.3× the 1× file.
Generated files are kept under /tmp/ksui-bench and reused by later runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.gen_sie import generate

FOLDER = Path("/tmp/ksui-bench")
TIME = "/usr/bin/time"
# Without GNU time: start the process from a fresh, small interpreter and ask wait4.
RUNNER = (
    "import os, sys\n"
    "pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)

# The anchor: what a plain script needs to do the import's core job on the same file.
ANCHOR = r"""
import json, re, sqlite3, sys
from decimal import Decimal

PERIOD = re.compile(r'#(PSALDO|PBUDGET) +(-?\d+) +(\d{4})(\d\d) +(\d+) +\{([^}]*)\} +(-?[\d.]+)')
TRANS = re.compile(r'[ \t]*#TRANS +(\d+) +\{([^}]*)\} +(-?[\d.]+)(?: +(\d{4})(\d\d))?')
VER = re.compile(r'#VER +\S+ +\S+ +(\d{4})(\d\d)')
UNIT = re.compile(r'(?:^| )1 +"?([^" ]*)"?')
MEASURES = {"PSALDO": "actual", "PBUDGET": "budget"}
LINES = {
    "30": "avgifter", "31": "avgifter", "34": "hyror", "35": "driftbidrag", "36": "ovriga_intakter",
    "37": "ovriga_intakter", "38": "ovriga_intakter", "39": "ovriga_intakter", "4": "material",
    "45": "bidrag", "46": "kop_prim", "5": "personal", "6": "material", "60": "lokaler",
    "61": "lokaler", "62": "lokaler", "7": "material", "78": "ovriga_kostnader",
    "79": "avskrivningar", "8": "rantenetto",
}


def main(sie, db):
    units = {}  # object list text -> unit code ("" for none)

    def unit_of(objects):
        code = units.get(objects)
        if code is None:
            m = UNIT.search(objects)
            code = units[objects] = m.group(1) if m else ""
        return code

    period_sums = {}  # (measure, unit, year, month, account) -> Decimal
    trans_sums = {}  # (year, month, account) -> Decimal: vouchers per account
    ver = ("", "")
    with open(sie, encoding="cp437") as handle:
        for line in handle:
            if line.startswith("#P"):
                m = PERIOD.match(line)
                if m:
                    label, _, year, month, account, objects, amount = m.groups()
                    key = (MEASURES[label], unit_of(objects), year, month, account)
                    period_sums[key] = period_sums.get(key, 0) + Decimal(amount)
            elif line.startswith("#VER"):
                m = VER.match(line)
                if m:
                    ver = m.groups()
            else:
                m = TRANS.match(line)
                if m:
                    account, objects, amount, year, month = m.groups()
                    key = (year or ver[0], month or ver[1], account)
                    trans_sums[key] = trans_sums.get(key, 0) + Decimal(amount)
    # The units' result accounts per month, then the figures drift_figure holds: the
    # actual to date per month and at bokslut, the budget to date and for the year.
    months = {}  # (unit, year, measure) -> {month: Decimal}
    for (measure, unit, year, month, account), amount in period_sums.items():
        if unit and account[0] in "345678":
            sums = months.setdefault((unit, int(year), measure), {})
            sums[int(month)] = sums.get(int(month), 0) + amount
    figures = {}  # (unit, year, period, measure) -> Decimal
    for (unit, year, measure), sums in months.items():
        total = 0
        for month in range(1, 13):
            total += sums.get(month, 0)
            to_date = "actual" if measure == "actual" else "budget_ytd"
            figures[(unit, year, "m%02d" % month, to_date)] = total
        if measure == "actual":
            figures[(unit, year, "bokslut", "actual")] = total
        else:
            figures[(unit, year, "m01", "budget")] = total
    # The same per account, with its kostnadsslag (longest prefix), as cost_figure holds
    # them: each account's year to date from its first month with a row.
    accounts = {}  # (unit, year, measure, account) -> {month: Decimal}
    for (measure, unit, year, month, account), amount in period_sums.items():
        if unit and account[0] in "345678":
            sums = accounts.setdefault((unit, int(year), measure, account), {})
            sums[int(month)] = sums.get(int(month), 0) + amount
    costs = {}  # (unit, year, period, account, measure) -> (line, Decimal)
    for (unit, year, measure, account), sums in accounts.items():
        line = LINES.get(account[:2]) or LINES.get(account[:1], "ovriga_kostnader")
        total, started = 0, False
        to_date = "actual" if measure == "actual" else "budget_ytd"
        for month in range(1, 13):
            if month in sums:
                started = True
                total += sums[month]
            if started:
                costs[(unit, year, "m%02d" % month, account, to_date)] = (line, total)
        if measure == "actual":
            costs[(unit, year, "bokslut", account, "actual")] = (line, total)
        else:
            costs[(unit, year, "m01", account, "budget")] = (line, total)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    cur = conn.execute("INSERT INTO changeset (description) VALUES (?)", ("Import " + sie,))
    changeset = cur.lastrowid
    codes = sorted({unit for unit, _, _, _ in figures})
    conn.executemany("INSERT INTO unit (code) VALUES (?)", [(c,) for c in codes])
    ids = dict(conn.execute("SELECT code, id FROM unit"))
    rows = [
        (ids[unit], year, period, measure, int(amount * 100))
        for (unit, year, period, measure), amount in sorted(figures.items())
    ]
    conn.executemany("INSERT INTO drift_figure VALUES (?, ?, ?, ?, ?)", rows)
    audit = [
        (
            changeset,
            "drift_figure",
            json.dumps(
                {"measure": m, "period": p, "unit_id": u, "year": y}, sort_keys=True
            ),
            "amount",
            None,
            json.dumps(a),
        )
        for u, y, p, m, a in rows
    ]
    conn.executemany(
        "INSERT INTO audit (changeset_id, table_name, row_key, field, old_value, new_value)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        audit,
    )
    cost_rows = [
        (ids[unit], year, period, account, measure, line, int(amount * 100))
        for (unit, year, period, account, measure), (line, amount) in sorted(costs.items())
    ]
    conn.executemany("INSERT INTO cost_figure VALUES (?, ?, ?, ?, ?, ?, ?)", cost_rows)
    audit = [
        (
            changeset,
            "cost_figure",
            json.dumps(
                {"account": c, "measure": m, "period": p, "unit_id": u, "year": y},
                sort_keys=True,
            ),
            "amount",
            None,
            json.dumps(a),
        )
        for u, y, p, c, m, _, a in cost_rows
    ]
    conn.executemany(
        "INSERT INTO audit (changeset_id, table_name, row_key, field, old_value, new_value)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        audit,
    )
    conn.execute("COMMIT")
    conn.close()
    print(len(rows), len(trans_sums), len(cost_rows))


main(sys.argv[1], sys.argv[2])
"""

ANCHOR_SCHEMA = """
CREATE TABLE changeset (id INTEGER PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE unit (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE drift_figure (
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    period TEXT NOT NULL,
    measure TEXT NOT NULL CHECK (measure IN ('budget', 'budget_ytd', 'forecast', 'actual')),
    amount INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, period, measure)
) WITHOUT ROWID;
CREATE INDEX drift_year_period ON drift_figure(year, period);
CREATE TABLE cost_figure (
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    period TEXT NOT NULL,
    account TEXT NOT NULL,
    measure TEXT NOT NULL CHECK (measure IN ('budget', 'budget_ytd', 'actual')),
    line TEXT NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, period, account, measure)
) WITHOUT ROWID;
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    changeset_id INTEGER NOT NULL REFERENCES changeset(id),
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_changeset ON audit(changeset_id);
"""


@dataclass
class Side:
    """One side of the comparison: how to start a run, and what its runs measured."""

    name: str
    file: Path
    start: Callable[[Path], tuple[list[str], Path]]  # argv and the database it writes
    figures: dict[tuple[str, int, str, str], int] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    def line(self) -> str:
        """Median, minimum and peak RSS, for the report."""
        return (
            f"{self.name}: median {statistics.median(self.seconds):.2f} s, "
            f"min {min(self.seconds):.2f} s, topp-RSS {max(self.rss_kib) / 1024:.0f} MiB"
        )


def sample_file(rows: int) -> Path:
    """The generated file for ``rows`` rows, made once (atomically, so a break leaves none)."""
    path = FOLDER / f"sie-{rows}.se"
    if not path.exists():
        print(f"skapar {path} …", flush=True)
        partial = path.with_suffix(".tmp")
        generate(partial, rows)
        partial.replace(path)
    return path


def environment(folder: Path, source: Path | None, cache: Path | None) -> dict[str, str]:
    """The children's environment: no ksui settings of the caller, the chosen code."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KSUI_", "PYTHON"))}
    env["XDG_CONFIG_HOME"] = str(folder / "config")  # no user config.toml
    if source is not None:
        env["PYTHONPATH"] = str(source)
    if cache is not None:
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def measure(argv: list[str], folder: Path, env: dict[str, str], log: Path) -> tuple[float, int]:
    """Seconds from start to exit and peak RSS (KiB) of one fresh process; it must succeed.

    The RSS comes from a small parent (GNU time, else a tiny Python runner) that starts
    the process: a child forked from this big benchmark process would count this
    process's own pages in its peak, so ``wait4`` here would report at least our size.
    """
    rss_file = folder / "rss.txt"
    if Path(TIME).exists():
        wrapped = [TIME, "-f", "%M", "-o", str(rss_file), *argv]
    else:
        wrapped = [sys.executable, "-c", RUNNER, str(rss_file), *argv]
    with log.open("wb") as out:
        start = time.perf_counter()
        code = subprocess.run(wrapped, cwd=folder, env=env, stdout=out, stderr=out).returncode
        elapsed = time.perf_counter() - start
    if code != 0:
        sys.exit(f"{' '.join(argv)} misslyckades ({code}):\n{log.read_text()[-2000:]}")
    return elapsed, int(rss_file.read_text().split()[-1])


def figures(db: Path) -> dict[tuple[str, int, str, str], int]:
    """The drift figures a run wrote, by unit code: proof that it committed, and what."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT u.code, f.year, f.period, f.measure, f.amount"
            " FROM drift_figure f JOIN unit u ON u.id = f.unit_id"
        )
        found = {
            (code, year, period, measure): amount for code, year, period, measure, amount in rows
        }
        # The figures per account and kostnadsslag, under keys no drift figure has.
        costs = conn.execute(
            "SELECT u.code, f.year, f.period || ' ' || f.account, f.measure || ' ' || f.line,"
            " f.amount FROM cost_figure f JOIN unit u ON u.id = f.unit_id"
        )
        found.update(
            ((code, year, period, measure), amount) for code, year, period, measure, amount in costs
        )
        return found
    finally:
        conn.close()


def fresh(base: Path, target: Path) -> Path:
    """A copy of an empty database for one run (earlier runs' copies are removed)."""
    for old in target.parent.glob(target.name + "*"):
        old.unlink()
    shutil.copyfile(base, target)
    return target


def main() -> None:
    """Run the sides alternately and print medians, minimums, ratios and peak RSS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=1, help="also ksui on a file N× larger")
    parser.add_argument("--cold", action="store_true", help="every run compiles its bytecode")
    parser.add_argument("--source", type=Path, help="folder whose ksui package is measured")
    args = parser.parse_args()
    source = args.source.resolve() if args.source else None
    path = sample_file(args.rows)
    big = sample_file(args.rows * args.scale) if args.scale > 1 else None
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
        empty = folder / "empty.sqlite"
        subprocess.run(
            [python, "-m", "ksui", "init", "--empty", str(empty)], cwd=folder, env=env, check=True
        )
        anchor_script = folder / "anchor.py"
        anchor_script.write_text(ANCHOR)
        anchor_empty = folder / "anchor-empty.sqlite"
        conn = sqlite3.connect(anchor_empty)
        conn.executescript(ANCHOR_SCHEMA)
        conn.close()

        def ksui_run(file: Path) -> tuple[list[str], Path]:
            db = fresh(empty, folder / "run.sqlite")
            return [python, "-m", "ksui", "--db", str(db), "import", "sie", str(file)], db

        def anchor_run(file: Path) -> tuple[list[str], Path]:
            db = fresh(anchor_empty, folder / "anchor.sqlite")
            return [python, str(anchor_script), str(file), str(db)], db

        sides = [
            Side("ksui import sie", path, ksui_run),
            Side("ankare (Python + sqlite3)", path, anchor_run),
        ]
        if big is not None:
            sides.append(Side(f"ksui import sie {args.scale}×", big, ksui_run))
        print(f"ksui från {where}")
        for file in dict.fromkeys(side.file for side in sides):
            print(f"{file} ({file.stat().st_size / 1e6:.1f} MB)")
        warm = not args.cold
        for run in range(args.runs + warm):
            timed = run >= warm  # the first round only fills the bytecode and page caches
            for number, side in enumerate(sides):
                argv, db = side.start(side.file)
                cache = folder / f"pycache-{run}-{number}" if args.cold else None
                log = folder / f"log-{number}.txt"
                seconds, rss = measure(argv, folder, environment(folder, source, cache), log)
                side.figures = figures(db)
                if timed:
                    side.seconds.append(seconds)
                    side.rss_kib.append(rss)
                    print(f"körning {run + 1 - warm} {side.name}: {seconds:.2f} s", flush=True)
        print((folder / "log-0.txt").read_text().strip())
    bytecode = "kall (kompileras i varje körning)" if args.cold else "varm (en uppvärmningsrunda)"
    print(f"\nkörningar: {args.runs} per sida, växelvis; bytekod: {bytecode}")
    print(
        "siffror skrivna (drift och per kostnadsslag): "
        + ", ".join(f"{s.name} {len(s.figures)}" for s in sides)
    )
    same = sides[0].figures == sides[1].figures
    print(f"ankarets siffror {'=' if same else '≠'} ksui:s, siffra för siffra")
    for side in sides:
        print(side.line())
    ksui_side, anchor_side = sides[0], sides[1]
    ratio = statistics.median(ksui_side.seconds) / statistics.median(anchor_side.seconds)
    print(f"kvot import/ankare (medianer): {ratio:.2f} (mål ≤ 2.0)")
    if big is not None:
        big_side = sides[2]
        rss_ratio = max(big_side.rss_kib) / max(ksui_side.rss_kib)
        time_ratio = statistics.median(big_side.seconds) / statistics.median(ksui_side.seconds)
        print(f"topp-RSS {args.scale}×/1×: {rss_ratio:.2f} (mål ≤ 1.3); tid {time_ratio:.2f}×")


if __name__ == "__main__":
    main()
