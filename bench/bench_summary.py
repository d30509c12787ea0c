"""ksui's batch commands as whole processes, each paired with an anchor in one run.

Two pairings, alternating A B A B so that a busy machine slows both alike, medians and
minimums reported:

* against ``python -c "import rich.table"`` (the cost of starting Python and Rich, which
  any Rich command pays): how much ksui adds to the quick check over SSH;
* with ``--vs-db ALONE``: the same nämnd in a kommun-sized file against a file that holds
  it alone (``bench/make_large_db.py --committees 32`` and ``--committees 1`` give the
  same nämnd N01 in both), so what the other nämnder cost is what is measured.

    uv run python bench/bench_summary.py                                   # demo, summary
    uv run python bench/bench_summary.py --db /tmp/ksui-large.sqlite --committee N01
    uv run python bench/bench_summary.py --db /tmp/ksui-32.sqlite --committee N01 \\
        --vs-db /tmp/ksui-1.sqlite --command summary --command drift-json

Every command's output is read (to a pipe) and thrown away; a failure stops the run. The
bytecode cache is warm (a private one; ``--no-bytecode`` compiles from source each run).
The databases are copied first, so the benchmark leaves them unchanged. ksui runs as the
installed ``ksui`` script beside this Python (what a user types), else as ``python -m ksui``
(which also pays for ``runpy``, ~2 ms); the first line says which.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"anchor": 2.0, "alone": 1.2}
COMMANDS = {
    "summary": ["summary"],
    "drift-json": ["drift", "--format", "json"],
    "check": ["check"],
    "export": ["export", "markdown"],
}


def ksui_command() -> list[str]:
    """The installed ``ksui`` script of this Python's environment, else ``python -m ksui``."""
    script = Path(sys.executable).parent / "ksui"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "ksui"]


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds one process takes from start to exit; a failure stops the benchmark."""
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: `check` found something, which is fine here
        sys.exit(f"{' '.join(command)} failed:\n{proc.stderr.decode(errors='replace')}")
    return elapsed


def pair(a: list[str], b: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    """Run A and B alternately ``runs`` times each (after one warm-up of each)."""
    timed(a, env)
    timed(b, env)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(timed(a, env))
        times_b.append(timed(b, env))
    return {
        "a_median": statistics.median(times_a),
        "a_min": min(times_a),
        "b_median": statistics.median(times_b),
        "b_min": min(times_b),
    }


def main() -> None:
    """Parse the options, copy the files, run each pairing and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--db", type=Path, help="database to use (default: a fresh demo)")
    parser.add_argument("--committee", help="the nämnd (code or name) in a multi-nämnd file")
    parser.add_argument("--vs-db", type=Path, help="pair against the same nämnd in this file")
    parser.add_argument(
        "--command",
        action="append",
        choices=sorted(COMMANDS),
        help="command(s) to time (default: summary)",
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="compile every module from source on each run (as with PYTHONDONTWRITEBYTECODE)",
    )
    args = parser.parse_args()
    commands = args.command or ["summary"]

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "a.sqlite"
        if args.db is None:
            from ksui.store.demo import create_database

            create_database(db, demo=True).close()
        else:
            shutil.copy(args.db, db)
        other = None
        if args.vs_db is not None:
            other = Path(tmp) / "b.sqlite"
            shutil.copy(args.vs_db, other)
        config = Path(tmp) / "config.toml"
        config.write_text("", encoding="utf-8")
        env = {
            **os.environ,
            "KSUI_CONFIG": str(config),
            "COLUMNS": "120",
            "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
            "XDG_STATE_HOME": str(Path(tmp) / "state"),
        }
        env.pop("KSUI_DB", None)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        chosen = ["--committee", args.committee] if args.committee else []
        cache = "none (compiled from source each run)" if args.no_bytecode else "warm"
        program = ksui_command()
        print(f"runs: {args.n} each, alternating; bytecode cache: {cache}; ksui: {program[-1]}")
        for name in commands:
            ksui = [*program, "--db", str(db), *COMMANDS[name], *chosen]
            if other is not None:
                anchor = [*program, "--db", str(other), *COMMANDS[name]]
                anchor += chosen
                label, goal = f"same nämnd alone ({args.vs_db.name})", GOALS["alone"]
            else:
                anchor = [sys.executable, "-c", "import rich.table"]
                label, goal = "python -c 'import rich.table'", GOALS["anchor"]
            found = pair(ksui, anchor, env, args.n)
            ratio = found["a_median"] / found["b_median"]
            verdict = "within" if ratio <= goal else "over"
            print(f"\nksui {' '.join(COMMANDS[name])} on {args.db or 'the demo'}")
            a_ms, b_ms = found["a_median"] * 1000, found["b_median"] * 1000
            print(f"  ksui:    median {a_ms:6.0f} ms, min {found['a_min'] * 1000:6.0f}")
            print(f"  anchor:  median {b_ms:6.0f} ms, min {found['b_min'] * 1000:6.0f}  ({label})")
            print(f"  ratio of medians {ratio:.2f}× ({verdict} the goal of {goal}×)")


if __name__ == "__main__":
    main()
