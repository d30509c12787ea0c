"""What a finding is, and the formatting every check shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from ksui.core.records import record
from ksui.core.report import Published
from ksui.core.swedish import (
    NumberError,
    format_amount,
    parse_amount,
    parse_decimal,
)

#: Tables in the order the report prints them; findings are sorted by it.
TABLES = ("Drift", "Resultaträkning", "Balansräkning", "Investeringar", "Personal", "KF-mål")

#: A claim in procentenheter may be this far from the recomputation before it is an error.
POINTS_TOLERANCE = Decimal("0.05")

FEL = "fel"
VARNING = "varning"


@record
class Finding:
    """One disagreement between a figure and its recomputation, in words a controller reads.

    ``computed`` is ksui's recomputation and ``reported`` the stored or published value:
    öre when ``kind`` is "amount", a Decimal for "percent" and "points" (procentenheter).
    Findings about lägesbedömningar have ``kind`` "assessment" and no values; their
    message says what was decided and what the rules suggest.
    """

    table: str
    row: str
    column: str
    computed: int | Decimal | None
    reported: int | Decimal | None
    kind: str
    message: str
    severity: str = FEL


# -- formatting helpers --------------------------------------------------------------------


def _decimals(*values: int | None) -> int:
    """Decimals of tkr needed to show every value exactly: whole tkr, kronor or öre."""
    present = [v for v in values if v is not None]
    if all(v % 100_000 == 0 for v in present):
        return 0
    if all(v % 100 == 0 for v in present):
        return 3
    return 5


def _tkr(ore: int | None, decimals: int = 0) -> str:
    """An amount in tkr as the report prints it; '–' when nothing is recorded."""
    return format_amount(ore, "tkr", decimals=decimals) if ore is not None else "–"


def _operand(ore: int, decimals: int = 0) -> str:
    """An amount inside a formula, bracketed when negative: '(-368)'."""
    text = _tkr(ore, decimals)
    return f"({text})" if ore < 0 else text


def _amount_finding(
    table: str,
    row: str,
    column: str,
    computed: int | None,
    reported: int | None,
    tolerance_ore: int,
    how: str,
    *,
    reported_as: str = "rapporten anger",
) -> list[Finding]:
    """A finding when two amounts differ by more than the tolerance; ``how`` explains ours.

    ``how`` is a phrase like "summan av underliggande enheter ger" that the computed
    amount follows in the message.
    """
    if computed is None or reported is None or abs(computed - reported) <= tolerance_ore:
        return []
    d = _decimals(computed, reported)
    message = (
        f"{table}, {row}, {column}: {reported_as} {_tkr(reported, d)} men {how} "
        f"{_tkr(computed, d)} (skillnad {_tkr(abs(computed - reported), d)} tkr)."
    )
    return [Finding(table, row, column, computed, reported, "amount", message)]


def _parse_tkr(value: str) -> int | None:
    """A published amount (tkr) in öre; None when it cannot be read."""
    try:
        return parse_amount(value, "tkr")
    except NumberError:
        return None


def _parse_decimal(value: str) -> Decimal | None:
    """A published percentage or procentenhet; None when it cannot be read."""
    try:
        return parse_decimal(value)
    except NumberError:
        return None


def _unreadable(table: str, pub: Published, column: str) -> Finding:
    """A warning for a published value that is not a number."""
    return Finding(
        table,
        pub.row,
        column,
        None,
        None,
        "amount",
        f"{table}, {pub.row}, {column}: det publicerade värdet »{pub.value}« är inget tal.",
        VARNING,
    )


def _in_order(
    pubs: Iterable[Published],
    row_position: Callable[[Published], int | None],
    columns: list[str],
) -> list[Published]:
    """Published figures in the order of the report's table: by row, then by column.

    Rows ksui does not know come last, in name order, so findings are always deterministic.
    """

    def key(pub: Published) -> tuple[int, int, str, int, str]:
        pos = row_position(pub)
        col = columns.index(pub.column) if pub.column in columns else len(columns)
        return (pos is None, pos or 0, pub.row if pos is None else "", col, pub.column)

    return sorted(pubs, key=key)


def _unknown_row(table: str, row: str, what: str) -> Finding:
    """A warning for a published row that ksui cannot match to its own data."""
    return Finding(
        table,
        row,
        "",
        None,
        None,
        "amount",
        f"{table}, {row}: rapporten anger en rad som inte finns bland ksui:s {what}.",
        VARNING,
    )


# -- 1. drift: parents against their children -----------------------------------------------
