"""The floor under `ksui summary`: the same libraries, the same reads, no ksui code.

A whole process that does only what any summary of one nämnd must: start Python, load
Rich's console, tables and columns, sqlite3, and tomllib and pathlib for config.toml; read
the nämnd's units and the same drift rows `ksui summary` reads (``report_rows`` and the
earlier years' utfall of ``net_cost_by_year``, along the same indexes); and print three
small Rich tables and a paragraph. What it leaves out is ksui's own work: the org tree and
roll-up, the summary's figures, the checks, the narrative, the goals, investments and
personnel, and the real layout. Timed against the issue's anchor, it tells how much of
the goal (≤ 2.0× ``python -c "import rich.table"``) is left for that work:

    farm-bench -n 21 --vs ".venv/bin/python -c 'import rich.table'" -- \\
        .venv/bin/python bench/summary_floor.py /tmp/ksui-large.sqlite N01
"""

import sqlite3
import sys
import tomllib
from pathlib import Path

from rich.columns import Columns
from rich.console import Console
from rich.table import Table

SUB = (
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
    " SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
)


def main() -> None:
    """Read and print as described above."""
    db, code = sys.argv[1], sys.argv[2]
    config = Path(__file__).resolve().parent.parent / "config.toml"
    tomllib.loads(config.read_text(encoding="utf-8"))
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cid = conn.execute("SELECT id FROM unit WHERE code = ? OR name = ?", (code, code)).fetchone()[0]
    year = conn.execute(
        f"{SUB} SELECT max(year) FROM drift_figure WHERE unit_id IN (SELECT id FROM sub)", (cid,)
    ).fetchone()[0]
    units = conn.execute(
        f"{SUB} SELECT id, parent_id, kind, name FROM unit WHERE id IN (SELECT id FROM sub)", (cid,)
    ).fetchall()
    rows = f"{SUB} SELECT unit_id, year, period, measure, amount FROM drift_figure"
    rows += " WHERE unit_id IN (SELECT id FROM sub) AND year = ? AND +measure IN "
    made = conn.execute(rows + "('budget', 'forecast')", (cid, year)).fetchall()
    codes = ("bokslut", "m12", "m04", "t1", "m08", "delar")
    outcome = conn.execute(
        rows + f"('actual', 'budget_ytd') AND +period IN ({', '.join('?' for _ in codes)})",
        (cid, year, *codes),
    ).fetchall()
    conn.execute(
        f"{SUB} SELECT unit_id, year, period, amount FROM drift_figure WHERE unit_id IN"
        " (SELECT id FROM sub) AND measure = 'actual' AND period IN ('bokslut', 'm12')"
        " AND year != ?",
        (cid, year),
    ).fetchall()
    sums: dict[str, int] = {}
    for _unit, _year, _period, measure, amount in made + outcome:
        sums[measure] = sums.get(measure, 0) + amount
    figures = Table(title="Nyckeltal")
    for heading in ("", "tkr", "%"):
        figures.add_column(heading)
    for measure, amount in sums.items():
        figures.add_row(measure, f"{amount // 100_000:,}".replace(",", " "), "1,0")
    largest = Table(title="Största avvikelser")
    for heading in ("", "tkr"):
        largest.add_column(heading)
    for unit in units[:3]:
        largest.add_row(unit[3], "+1 234")
    checks = Table(title="Kontroller")
    checks.add_column("")
    for unit in units[:8]:
        checks.add_row(f"{unit[3]} stämmer")
    Console().print(Columns([figures, largest]), checks, "Sammanfattning i text. " * 40)


if __name__ == "__main__":
    main()
