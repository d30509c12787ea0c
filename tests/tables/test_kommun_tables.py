"""The kommun tables' specification: rows, sums and views every front end iterates."""

from __future__ import annotations

from ksui.core.kommun import Adjustment, Amounts, KommunLine, KommunResult
from ksui.exporters.tabular import record
from ksui.tables.kommun import balance_table, result_table

RESULT = KommunResult(
    committee="K",
    year=2017,
    period="bokslut",
    namnder=Amounts(1_000, 1_100, 1_050),
    lines=(
        KommunLine("Skatteintäkter", "skatteintakter", Amounts(1_200, 1_200, 1_210)),
        KommunLine("Pensionskostnader", "pensioner", Amounts(-50, -50, -60)),
    ),
    adjustments=(
        Adjustment("Samtliga realisationsvinster", "justering", -30),
        Adjustment("Reservation till resultatutjämningsreserv", "rur", -20),
    ),
)


def test_the_result_table_ends_with_the_sum_of_its_rows() -> None:
    table = result_table(RESULT)
    assert [r.key for r in table.rows] == ["namnder", "line:0", "line:1", "result"]
    assert [r.strong for r in table.rows] == [False, False, False, True]
    for column in ("budget", "forecast", "actual", "deviation"):
        col = table.column(column)
        values = [col.value(r.item) for r in table.rows]
        assert values[-1] == sum(values[:-1]), column
    assert [c.key for c in table.view("print")] == [
        "name",
        "budget",
        "forecast",
        "actual",
        "deviation",
    ]
    assert record(table, table.rows[0])["kind"] == "namnder"


def test_the_balance_table_runs_from_the_result_to_the_balanskravsresultat() -> None:
    table = balance_table(RESULT)
    amounts = [(r.item.name, r.item.amount) for r in table.rows]
    # Utfall: 1 210 − 60 − 1 050 = 100; less 30 = 70; less 20 = 50.
    assert amounts == [
        ("Årets resultat", 100),
        ("Samtliga realisationsvinster", -30),
        ("Årets resultat efter balanskravsjusteringar", 70),
        ("Reservation till resultatutjämningsreserv", -20),
        ("Balanskravsresultat", 50),
    ]
    assert [r.key for r in table.rows if r.strong] == ["start", "after", "balance"]
    assert table.unit == "mkr"
