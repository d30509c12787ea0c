"""How long `ksui summary` takes against a bare `import rich.table`, in whole processes.

`ksui summary` is the quick check over SSH; its budget is 2.5 × the cost of starting Python
and importing rich.table. Both are run N times, alternating so that a busy machine slows
both alike, and the medians and their ratio are printed.

    uv run python bench/bench_summary.py [-n 20] [--db demo.sqlite] [--quick] [--no-bytecode]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 2.5


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds one process takes from start to exit; a failure stops the benchmark."""
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{proc.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    """Run both commands N times, alternating, and print the medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--db", type=Path, help="database to use (default: a fresh demo copy)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="call ksui.cli.commands.quick.fast_main directly (the typer-free path that "
        "`python -m ksui` takes once ksui/__main__.py tries it first)",
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="compile every module from source on each run (as with PYTHONDONTWRITEBYTECODE); "
        "by default both commands use a bytecode cache, as an installed ksui does",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from ksui.store.demo import create_database

            db = Path(tmp) / "demo.sqlite"
            create_database(db, demo=True).close()
        config = Path(tmp) / "empty-config.toml"
        config.write_text("", encoding="utf-8")
        env = {**os.environ, "KSUI_CONFIG": str(config), "COLUMNS": "120"}
        env.pop("KSUI_DB", None)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        else:
            # A private cache: the warm-up writes it, the measured runs read it, and no
            # __pycache__ folder appears in the checkout.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        summary = [sys.executable, "-m", "ksui", "--db", str(db), "summary"]
        if args.quick:
            quick = (
                "import sys; from ksui.cli.commands.quick import fast_main; "
                "sys.exit(fast_main(sys.argv[1:]))"
            )
            summary = [sys.executable, "-c", quick, "--db", str(db), "summary"]
        baseline = [sys.executable, "-c", "import rich.table"]

        timed(summary, env)  # warm the file cache and the bytecode of both
        timed(baseline, env)
        summary_times, baseline_times = [], []
        for _ in range(args.n):
            summary_times.append(timed(summary, env))
            baseline_times.append(timed(baseline, env))

    s = statistics.median(summary_times)
    b = statistics.median(baseline_times)
    ratio = s / b
    cache = "none (compiled from source each run)" if args.no_bytecode else "warm"
    print(f"runs:                    {args.n} each, alternating; bytecode cache: {cache}")
    print(f"command:                 {'fast_main (no typer)' if args.quick else 'python -m ksui'}")
    print(f"ksui summary (median):   {s * 1000:.0f} ms")
    print(f"import rich.table:       {b * 1000:.0f} ms")
    verdict = "within" if ratio <= GOAL else "over"
    print(f"ratio:                   {ratio:.2f}× ({verdict} the goal of {GOAL}×)")


if __name__ == "__main__":
    main()
