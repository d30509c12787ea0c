"""The month table, once: each month's periodised budget and utfall, year to date, and prognos."""

from __future__ import annotations

from ksui.core.months import Month, MonthSeries
from ksui.core.swedish import MONTHS
from ksui.tables.spec import Column, Row, Table

COLUMNS: tuple[Column[Month], ...] = (
    Column("month", "Månad nr", "count", lambda m: m.month),
    Column("month_label", "Månad", "name", lambda m: MONTHS[m.month - 1].capitalize()),
    Column(
        "budget",
        "Periodiserad budget",
        "amount",
        lambda m: m.budget,
        short="Per.budget",
        priority=4,
    ),
    Column("actual", "Utfall", "amount", lambda m: m.actual, priority=3),
    Column(
        "budget_ytd",
        "Periodiserad budget hittills",
        "amount",
        lambda m: m.budget_ytd,
        short="Budget ack.",
        priority=2,
    ),
    Column("actual_ytd", "Utfall hittills", "amount", lambda m: m.actual_ytd, short="Utfall ack."),
    Column(
        "deviation_ytd",
        "Avvikelse hittills",
        "deviation",
        lambda m: m.deviation_ytd,
        short="Avv. ack.",
        priority=1,
    ),
    Column(
        "forecast", "Helårsprognos", "amount", lambda m: m.forecast, short="Prognos", priority=5
    ),
)

#: The keys of ``ksui months --format json``'s months, in order.
JSON = ("month", "budget", "actual", "budget_ytd", "actual_ytd", "forecast")
PRINT = (
    "month_label",
    "budget",
    "actual",
    "budget_ytd",
    "actual_ytd",
    "deviation_ytd",
    "forecast",
)


def months_table(series: MonthSeries, unit: str = "tkr") -> Table[Month]:
    """The twelve months of a unit, January first."""
    rows = tuple(Row(m, key=f"month:{m.month}") for m in series.months)
    return Table("months", COLUMNS, rows, {"print": PRINT, "screen": PRINT, "json": JSON}, unit)
