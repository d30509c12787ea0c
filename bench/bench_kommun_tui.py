"""How long until the Kommunen screen's nämnder are on the terminal, against a bare Textual app.

As ``bench/bench_paint.py`` (whose anchor and settings this reuses): both run as whole
processes in a real pseudo-terminal (100 × 30), alternating in one run, timed from the
spawn until the text that proves the paint is on the terminal. For ksui that is the
kommun's total and the first nämnd's row, each with its budget, on the Kommunen screen,
which the app opens on for a kommun's file (``ksui --db KOMMUN.sqlite``). ksui's output is
read into an emulated screen (pyte, as ``bench/bench_tui.py`` does) and the rows are
looked for on it: in the raw bytes a row drawn in two frames (its name, then its figures
with the cursor moved between) would never match, and a run could wait for a later frame
that happens to repeat the row whole. ``--named`` puts the kommun in config.toml
(``[organisation] committee``) instead, which makes the whole kommun the app's report as
``-c KOMMUN`` does. For the anchor, the label it paints. The kommun file is a
consolidation of 20 nämnd files (bench/make_kommun.py):

    uv run python -m bench.make_kommun /tmp/ksui-kommun            # once: 20 × 300 × 5 × 12
    uv run ksui init --empty /tmp/kommun20.sqlite
    uv run ksui consolidate /tmp/kommun20.sqlite /tmp/ksui-kommun/namnd*.sqlite --kommun Storkommun
    uv run python -m bench.bench_kommun_tui /tmp/kommun20.sqlite [-n 15]

A copy of the file is used, so the benchmark leaves it unchanged. Goal: ≤ 1.3× the anchor.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

from bench.bench_paint import BARE, GOAL, SIZE, bench_env, spawn_until, until_shown

#: A figure as the screen prints it (tkr, spaces between thousands, a sign on a deviation).
FIGURE = r"[-+−]?\d[\d\u00a0\u202f ]*\d"


def kommun_and_first_namnd(db: Path) -> tuple[str, str]:
    """The consolidated kommun's name and its first nämnd's (the screen's first two rows)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        found = conn.execute(
            "SELECT k.name, n.name FROM unit k JOIN unit n ON n.parent_id = k.id"
            " WHERE k.kind = 'kommun' AND n.kind = 'namnd'"
            " AND EXISTS (SELECT 1 FROM consolidation c WHERE c.committee_id = n.id)"
            " ORDER BY n.position, n.id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    if found is None:
        raise SystemExit(f"{db}: ingen konsoliderad kommun (kör ksui consolidate först)")
    return str(found[0]), str(found[1])


def until_on_screen(
    command: list[str], rows: list[re.Pattern[str]], env: dict[str, str], settle: float = 0.0
) -> float:
    """Seconds from spawning ``command`` in a pty until every one of ``rows`` matches a line
    of the emulated screen its output draws (``settle``: as ``bench_paint.spawn_until``)."""
    import pyte

    screen = pyte.Screen(*SIZE)
    stream = pyte.ByteStream(screen)

    def shown(chunk: bytes) -> bool:
        stream.feed(chunk)
        return all(any(row.search(line) for line in screen.display) for row in rows)

    def last() -> str:
        tail = "\n".join(line.rstrip() for line in screen.display if line.strip())
        return f"{[r.pattern for r in rows]} never shown:\n{tail}"

    return spawn_until(command, env, shown, last, settle)


def main() -> None:
    """Alternate the two N times and print medians, minimums and the ratio of medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("-n", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--named", action="store_true", help="config.toml names the kommun")
    args = parser.parse_args()
    kommun, first = kommun_and_first_namnd(args.db)
    ksui = Path(sys.executable).with_name("ksui")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        shutil.copy(args.db, db)
        name = kommun.replace("\\", "\\\\").replace('"', '\\"')
        env = bench_env(tmp, f'[organisation]\ncommittee = "{name}"\n' if args.named else "")
        bare = [sys.executable, "-c", BARE]
        app = [str(ksui), "--db", str(db)]
        anchor_pattern = re.compile(r"Kommunbidrag 1 234")
        # The kommun's total and the first nämnd's row, each with its budget.
        figures = [re.compile(rf"^\s*{re.escape(name)} +{FIGURE}") for name in (kommun, first)]
        # Warm the caches and bytecode of both (and ksui's health check of the copied file).
        until_shown(bare, anchor_pattern, env)
        until_on_screen(app, figures, env, settle=1.0)
        until_on_screen(app, figures, env, settle=1.0)
        anchor_times, ksui_times = [], []
        for _ in range(args.n):
            anchor_times.append(until_shown(bare, anchor_pattern, env))
            ksui_times.append(until_on_screen(app, figures, env))
    a, k = statistics.median(anchor_times), statistics.median(ksui_times)
    ratios = [kt / at for at, kt in zip(anchor_times, ksui_times, strict=True)]
    print(f"runs:                         {args.n} each, alternating; bytecode warm")
    how = "named in config.toml" if args.named else "the file's own start"
    print(f"database:                     {args.db} ({kommun}, {how})")
    print(f"bare Textual label (median):  {a * 1000:.0f} ms (min {min(anchor_times) * 1000:.0f})")
    print(f"Kommunen shown (median):      {k * 1000:.0f} ms (min {min(ksui_times) * 1000:.0f})")
    verdict = "within" if k / a <= GOAL else "over"
    print(f"ratio of medians:             {k / a:.2f}× ({verdict} the goal of {GOAL}×)")
    print(f"median of pair ratios:        {statistics.median(ratios):.2f}×")
    print(f"load average (1, 5, 15 min):  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
