"""The nettokostnadsbrygga as a table: its parts, their sum and the change it explains."""

from __future__ import annotations

from dataclasses import dataclass

from ksui.core.bridge import total
from ksui.core.report import ReportData
from ksui.tables.spec import Column, Row, Table


@dataclass(frozen=True)
class BridgeLine:
    """One line of the bridge table: a part, the sum, or the change from the drift table."""

    name: str
    amount: int | None


COLUMNS: tuple[Column[BridgeLine], ...] = (
    Column("name", "Förklaring", "name", lambda d: d.name),
    Column("amount", "Belopp", "deviation", lambda d: d.amount),
)


def bridge_table(data: ReportData, unit: str = "mkr") -> Table[BridgeLine]:
    """The parts in the order the text reads them, their sum, and the change in net cost
    the drift table computes, so that a reader sees at once whether they agree."""
    # The text reads the parts mid-sentence; a table's line starts with a capital.
    rows = [
        Row(BridgeLine(p.name[:1].upper() + p.name[1:], p.amount), key=f"part:{i}")
        for i, p in enumerate(data.bridge)
    ]
    rows.append(Row(BridgeLine("Summa", total(data.bridge)), key="sum", strong=True))
    drift = data.drift()
    change = drift[0].net_cost_change if drift else None
    rows.append(
        Row(BridgeLine("Nettokostnadsförändring enligt driftredovisningen", change), key="change")
    )
    return Table("net_cost_bridge", COLUMNS, tuple(rows), unit=unit)
