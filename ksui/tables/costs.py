"""The kostnadsslag table, once: a unit's budget, utfall and avvikelse per line (and account).

``ksui drift UNIT --by kostnadsslag`` draws it in every format, and the TUI's drill-down
from a unit's deviation is meant to show the same table.
"""

from __future__ import annotations

from ksui.core.costs import CostBreakdown, CostLine
from ksui.tables.spec import Column, Row, Table


def _columns(to_date: bool) -> tuple[Column[CostLine], ...]:
    """The columns; before bokslut they say they hold the year so far."""
    so_far = " hittills" if to_date else ""
    return (
        Column("line", "Kostnadsslag", "code", lambda c: c.line or None),
        Column("name", "Kostnadsslag", "name", lambda c: c.label),
        Column("account", "Konto", "code", lambda c: c.account),
        Column(
            "budget",
            "Periodiserad budget hittills" if to_date else "Budget",
            "amount",
            lambda c: c.budget,
            short="Budget ack." if to_date else None,
            priority=1,
        ),
        Column(
            "actual",
            f"Utfall{so_far}",
            "amount",
            lambda c: c.actual,
            short="Utfall ack." if to_date else None,
        ),
        Column(
            "deviation",
            f"Avvikelse{so_far}",
            "deviation",
            lambda c: c.deviation,
            short="Avv. ack." if to_date else None,
        ),
        Column(
            "budget_year",
            "Budget helår",
            "amount",
            lambda c: c.budget_year,
            short="Budget år",
            priority=2,
        ),
    )


def costs_table(data: CostBreakdown, unit: str = "tkr") -> Table[CostLine]:
    """The lines in the resultaträkning's order, each line's accounts under it, then the sum."""
    rows = tuple(
        Row(
            item,
            key=f"account:{item.line}:{item.account}"
            if item.account is not None
            else f"line:{item.line or 'summa'}",
            depth=1 if item.account is not None else 0,
            strong=item.is_total,
        )
        for item in data.rows
    )
    money = ("budget", "actual", "deviation")
    printed = ("name", *money, "budget_year") if data.to_date else ("name", *money)
    data_keys = ("line", "account", *money, "budget_year")
    views = {"print": printed, "screen": printed, "json": data_keys, "csv": ("name", *data_keys)}
    return Table("costs", _columns(data.to_date), rows, views, unit)
