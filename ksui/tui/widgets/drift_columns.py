"""The drift table's columns: what each shows, how it is formatted, which fit the width.

On a narrow terminal columns are dropped, least needed first, rather than cutting a
figure; the unit names take the room that is left, but never more than they need.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from rich.cells import cell_len

from ksui.core.drift import DriftRow
from ksui.core.swedish import format_amount, format_decimal
from ksui.render.cells import clean

Value = int | Decimal | None


@dataclass(frozen=True)
class Column:
    """One column: what it shows, how wide it is and which measure it edits."""

    key: str
    label: str
    kind: str  # "name", "amount", "deviation" or "percent"
    get: Callable[[DriftRow], Value]
    measure: str | None = None
    width: int = 0


def _net_cost(year: int) -> Callable[[DriftRow], Value]:
    """A getter for one year's net cost."""

    def get(row: DriftRow) -> Value:
        return row.net_cost.get(year)

    return get


def all_columns(history: Sequence[int], with_ytd: bool) -> list[Column]:
    """Every column the table can show, in display order."""
    cols = [
        Column("name", "Enhet", "name", lambda r: None),
        Column("budget", "Budget", "amount", lambda r: r.budget, "budget"),
    ]
    if with_ytd:
        cols.append(
            Column(
                "budget_ytd", "Per.budget", "amount", lambda r: r.figures.budget_ytd, "budget_ytd"
            )
        )
    cols += [
        Column("forecast", "Prognos", "amount", lambda r: r.figures.forecast, "forecast"),
        Column("actual", "Utfall", "amount", lambda r: r.figures.actual, "actual"),
        Column("deviation", "Avvikelse", "deviation", lambda r: r.deviation),
        Column("fdev", "Prog.avv.", "deviation", lambda r: r.forecast_deviation),
    ]
    for y in history:
        cols.append(Column(f"nk{y}", f"NK {y}", "amount", _net_cost(y)))
    cols.append(Column("nkpct", "NK-utv %", "percent", lambda r: r.net_cost_change_pct))
    return cols


# Columns are dropped from the right of this list first when the terminal is narrow.
PRIORITY = (
    "name",
    "budget",
    "actual",
    "deviation",
    "forecast",
    "nkpct",
    "nk-1",
    "budget_ytd",
    "fdev",
    "nk-2",
)
NAME_MIN = 24


def format_value(kind: str, value: Value, unit: str) -> str:
    """A cell's text, formatted the Swedish way."""
    if value is None:
        return ""
    if kind == "percent":
        return format_decimal(Decimal(value), 1, signed=True)
    return format_amount(int(value), unit, signed=kind == "deviation")


def fit_columns(
    columns: Sequence[Column], rows: Sequence[DriftRow], unit: str, width: int
) -> list[Column]:
    """The columns that fit ``width``, sized to their widest figure, in display order."""
    sized = []
    for col in columns:
        if col.kind == "name":
            sized.append(col)
            continue
        # A formatted figure is widest at the extremes: format those two only.
        values = [v for v in (col.get(row) for row in rows) if v is not None]
        extremes = (min(values), max(values)) if values else ()
        widest = max((len(format_value(col.kind, v, unit)) for v in extremes), default=0)
        sized.append(replace(col, width=max(widest, len(col.label))))
    history = [c.key for c in sized if c.key.startswith("nk2")]
    aliases = {"nk-1": history[-1] if history else "", "nk-2": history[0] if history else ""}
    order = [aliases.get(k, k) for k in PRIORITY]
    order += [c.key for c in sized if c.key not in order]
    chosen: set[str] = {"name"}
    used = min(NAME_MIN, width // 3)  # the narrowest the unit names may become
    for key in order:
        candidate = next((c for c in sized if c.key == key), None)
        if candidate is None or candidate.kind == "name":
            continue
        if used + candidate.width + 1 <= width:
            chosen.add(key)
            used += candidate.width + 1
    kept = [c for c in sized if c.key in chosen]
    name_width = max(10, width - sum(c.width + 1 for c in kept if c.kind != "name"))
    # No wider than the longest name needs: figures stay next to the names they belong to.
    needed = max(
        (2 * r.depth + 2 + cell_len(clean(r.unit.name, 400)) + 3 for r in rows), default=NAME_MIN
    )
    name_width = min(name_width, max(needed, NAME_MIN))
    return [replace(c, width=name_width) if c.kind == "name" else c for c in kept]
