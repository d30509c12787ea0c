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


def test_a_result_reads_as_a_surplus_or_a_deficit_on_screen() -> None:
    """Årets resultat and the balanskrav sums are signed on a screen (red for a loss in Rich);
    a document prints them as the report does, and the adjustments stay plain amounts."""
    from ksui.render.cells import DEFICIT, SURPLUS
    from ksui.render.tables import cells

    tkr = 100_000
    loss = KommunResult(
        committee="K",
        year=2017,
        period="bokslut",
        namnder=Amounts(1_000 * tkr, 1_100 * tkr, 1_300 * tkr),
        lines=(
            KommunLine(
                "Skatteintäkter", "skatteintakter", Amounts(1_200 * tkr, 1_200 * tkr, 1_210 * tkr)
            ),
        ),
        adjustments=(Adjustment("Samtliga realisationsvinster", "justering", -30 * tkr),),
    )
    results = result_table(loss, unit="tkr")
    assert [r.result for r in results.rows] == [False, False, True]
    last = results.rows[-1]
    budget, actual = results.column("budget"), results.column("actual")
    assert (budget.value(last.item), actual.value(last.item)) == (200 * tkr, -90 * tkr)
    assert results.text(last, actual, "screen") == "-90"
    assert results.text(last, actual, "document") == "-90"
    assert results.text(last, budget, "screen") == "+200"
    assert results.text(last, budget, "document") == "200"
    assert results.text(results.rows[1], budget, "screen") == "1 200"  # a line, not a result
    shown = cells(results, last, results.view("screen"))
    assert [str(c) for c in shown[1:4]] == ["+200", "+100", "-90"]
    assert shown[1].style == SURPLUS and shown[3].style == DEFICIT
    balance = balance_table(loss, unit="tkr")
    assert {r.key for r in balance.rows if r.result} == {"start", "after", "balance"}
    adjustment = next(r for r in balance.rows if r.key.startswith("adjustment"))
    assert balance.text(adjustment, balance.column("amount"), "screen") == "-30"
