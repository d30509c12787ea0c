"""The resultaträkning, the balansräkning, the statsbidrag and the intern kontroll, once."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ksui.core import statements as st
from ksui.core.report import ReportData, balance_statement, result_statement
from ksui.tables.spec import Column, Row, Table, Value


@dataclass(frozen=True)
class StatementLine:
    """One line of a statement with its values by column key (or by year)."""

    name: str
    values: Mapping[str, int | None]
    text: str = ""


def result_table(data: ReportData, unit: str = "tkr") -> Table[StatementLine]:
    """The resultaträkning: last year's bokslut, budget, bokslut and budgetavvikelse.

    Lines without any figure are left out; sums and derived lines are strong. Before
    bokslut the year's column holds the utfall so far (the follow-up's own, see
    ``read.statements``) and is headed so, against the year's budget, never as a bokslut;
    without an utfall for the follow-up the column is left out.
    """
    rs = result_statement(data)
    year = data.year
    early = data.period != "bokslut"
    actual = f"Utfall hittills {year}" if early else f"Bokslut {year}"
    budget = f"Årsbudget {year}" if early else f"Budget {year}"
    against = "Avvikelse mot årsbudget" if early else "Budgetavvikelse"
    cols: tuple[Column[StatementLine], ...] = (
        Column("line", unit, "name", lambda d: d.name),
        Column(
            "actual_prev", f"Bokslut {year - 1}", "amount", _getter("actual_prev"), year=year - 1
        ),
        Column("budget", budget, "amount", _getter("budget"), year=year),
    )
    if not early or data.statement_period is not None:
        # No utfall for the period: no column pretending one (the year-end's is not it).
        cols += (
            Column("actual", actual, "amount", _getter("actual"), year=year),
            # The report prints the budgetavvikelse unsigned, as the statement's own figure.
            Column("deviation", against, "amount", _getter("deviation"), year=year),
        )
    shown = [line for line in st.RESULT_LINES if any(v is not None for v in rs[line.key].values())]
    rows = _with_sections(
        shown, lambda line: StatementLine(line.name, rs[line.key]), ("sum", "derived")
    )
    return Table("result", cols, rows, unit=unit)


#: The report's headings over a statement's sections (INTÄKTER, KOSTNADER, TILLGÅNGAR …).
SECTION_TITLES = {
    "intakter": "INTÄKTER",
    "kostnader": "KOSTNADER",
    "tillgangar": "TILLGÅNGAR",
    "eget_kapital": "EGET KAPITAL",
    "skulder": "SKULDER",
}

#: Subtotals the printed balansräkning does not have: the report sums the assets and the
#: equity and liabilities together, and a "Summa skulder" that an internbank claim makes
#: negative reads as nonsense (the lines and the checks keep them: ``core.statements``).
UNPRINTED = frozenset({"summa_eget_kapital", "summa_skulder"})


def _with_sections(
    lines: list[st.LineDef],
    line_of: Callable[[st.LineDef], StatementLine],
    strong: tuple[str, ...],
) -> tuple[Row[StatementLine], ...]:
    """The statement's rows, each section opened by its heading row (a group row, which
    a flat CSV leaves out) as the report prints it."""
    rows: list[Row[StatementLine]] = []
    current: str | None = None
    for line in lines:
        if line.section != current and line.section in SECTION_TITLES:
            heading = StatementLine(SECTION_TITLES[line.section], {})
            rows.append(Row(heading, key=f"section:{line.section}", strong=True, group=True))
        current = line.section
        rows.append(Row(line_of(line), key=line.key, strong=line.kind in strong))
    return tuple(rows)


def balance_table(data: ReportData, unit: str = "tkr") -> Table[StatementLine]:
    """The balansräkning per year-end, with its sums; lines without figures left out."""
    bs = balance_statement(data)
    years = sorted({y for v in bs.values() for y in v})
    cols: tuple[Column[StatementLine], ...] = (
        Column("line", unit, "name", lambda d: d.name),
        *(Column(str(y), f"31/12 {y}", "amount", _getter(str(y)), year=y) for y in years),
    )
    shown = [
        line
        for line in st.BALANCE_LINES
        if line.key not in UNPRINTED and any(bs[line.key].get(y) is not None for y in years)
    ]
    rows = _with_sections(
        shown,
        lambda line: StatementLine(line.name, {str(y): v for y, v in bs[line.key].items()}),
        ("derived",),
    )
    return Table("balance", cols, rows, unit=unit)


def grants_table(data: ReportData, unit: str = "tkr") -> Table[StatementLine]:
    """Statsbidrag och återsökningar, with their sum."""
    cols: tuple[Column[StatementLine], ...] = (
        Column("name", "Bidrag", "name", lambda d: d.name),
        Column("amount", unit, "amount", _getter("amount")),
    )
    rows = [
        Row(StatementLine(name, {"amount": amount}), key=f"grant:{i}")
        for i, (name, amount) in enumerate(data.grants)
    ]
    total = sum(a for _, a in data.grants)
    rows.append(Row(StatementLine("Summa", {"amount": total}), key="sum", strong=True))
    return Table("grants", cols, tuple(rows), unit=unit)


def _getter(key: str) -> Callable[[StatementLine], Value]:
    """A getter of one of the line's values by key."""

    def get(line: StatementLine) -> Value:
        return line.values.get(key)

    return get


def internal_control_table(rows: Sequence[tuple[str, str]]) -> Table[StatementLine]:
    """Väsentliga processer per ansvar, one row per ansvar in the order first given."""
    grouped: dict[str, list[str]] = {}
    for responsible, process in rows:
        grouped.setdefault(responsible, []).append(process)
    cols: tuple[Column[StatementLine], ...] = (
        Column("responsible", "Ansvar", "name", lambda d: d.name),
        Column("processes", "Väsentliga processer", "text", lambda d: d.text),
    )
    lines = tuple(
        Row(StatementLine(r, {}, ", ".join(p)), key=f"ansvar:{i}")
        for i, (r, p) in enumerate(grouped.items())
    )
    return Table("internal_control", cols, lines)
