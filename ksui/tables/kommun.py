"""The kommun level as two tables: årets resultat and the balanskravsutredning.

Rich, the TUI's Kommunen screen, Markdown, Word, CSV and JSON all iterate these, so a
label or a sign is decided here once. Amounts are signed as they move the result: the
nämnder's net cost and every kostnad count negatively.
"""

from __future__ import annotations

from dataclasses import dataclass

from ksui.core.kommun import Amounts, KommunResult
from ksui.tables.spec import Column, Row, Table


@dataclass(frozen=True)
class ResultLine:
    """One row of the result table: the nämnder, a kommun line, or årets resultat."""

    name: str
    amounts: Amounts
    deviation: int | None
    kind: str


RESULT_COLUMNS: tuple[Column[ResultLine], ...] = (
    Column("name", "Resultatpost", "name", lambda r: r.name),
    Column("kind", "Typ", "code", lambda r: r.kind),
    Column("budget", "Budget", "amount", lambda r: r.amounts.budget, priority=2),
    Column("forecast", "Prognos", "amount", lambda r: r.amounts.forecast, priority=3),
    Column("actual", "Utfall", "amount", lambda r: r.amounts.actual, priority=4),
    Column(
        "deviation", "Avvikelse", "deviation", lambda r: r.deviation, short="Avvik.", priority=1
    ),
)
_RESULT_VIEWS = {
    "print": ("name", "budget", "forecast", "actual", "deviation"),
    "screen": ("name", "budget", "forecast", "actual", "deviation"),
    "csv": ("name", "kind", "budget", "forecast", "actual", "deviation"),
    "json": ("name", "kind", "budget", "forecast", "actual", "deviation"),
}


def result_table(result: KommunResult, unit: str = "mkr") -> Table[ResultLine]:
    """The nämnder's net cost, every kommun line, and årets resultat as their sum."""
    rows = [
        Row(
            ResultLine(
                "Nämndernas nettokostnader",
                result.namnder_result,
                result.namnder_deviation,
                "namnder",
            ),
            key="namnder",
        )
    ]
    rows += [
        Row(ResultLine(line.name, line.amounts, line.deviation, line.kind), key=f"line:{i}")
        for i, line in enumerate(result.lines)
    ]
    rows.append(
        Row(
            ResultLine("Årets resultat", result.result, result.result_deviation, "resultat"),
            key="result",
            strong=True,
            result=True,
        )
    )
    return Table("kommun_result", RESULT_COLUMNS, tuple(rows), views=_RESULT_VIEWS, unit=unit)


@dataclass(frozen=True)
class BalanceLine:
    """One row of the balanskravsutredning: a sum or an adjustment."""

    name: str
    amount: int | None
    kind: str


BALANCE_COLUMNS: tuple[Column[BalanceLine], ...] = (
    Column("name", "Balanskravsutredning", "name", lambda r: r.name),
    Column("kind", "Typ", "code", lambda r: r.kind),
    Column("amount", "Belopp", "amount", lambda r: r.amount),
)
_BALANCE_VIEWS = {
    "print": ("name", "amount"),
    "screen": ("name", "amount"),
    "csv": ("name", "kind", "amount"),
    "json": ("name", "kind", "amount"),
}


def balance_table(result: KommunResult, unit: str = "mkr") -> Table[BalanceLine]:
    """Årets resultat (utfall at bokslut, else prognos), the adjustments, årets resultat
    efter balanskravsjusteringar, the resultatutjämningsreserv and the balanskravsresultat."""
    start = "Årets resultat" + ("" if result.basis == "actual" else " (prognos)")
    rows = [
        Row(BalanceLine(start, result.start, "resultat"), key="start", strong=True, result=True)
    ]
    before = [a for a in result.adjustments if a.kind != "rur"]
    after = [a for a in result.adjustments if a.kind == "rur"]
    rows += [
        Row(BalanceLine(a.name, a.amount, a.kind), key=f"adjustment:{i}")
        for i, a in enumerate(before)
    ]
    rows.append(
        Row(
            BalanceLine(
                "Årets resultat efter balanskravsjusteringar", result.after_adjustments, "justerat"
            ),
            key="after",
            strong=True,
            result=True,
        )
    )
    rows += [
        Row(BalanceLine(a.name, a.amount, a.kind), key=f"rur:{i}") for i, a in enumerate(after)
    ]
    rows.append(
        Row(
            BalanceLine("Balanskravsresultat", result.balance_result, "balanskravsresultat"),
            key="balance",
            strong=True,
            result=True,
        )
    )
    return Table(
        "balance_requirement", BALANCE_COLUMNS, tuple(rows), views=_BALANCE_VIEWS, unit=unit
    )
