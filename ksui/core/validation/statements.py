"""Resultaträkning and balansräkning checks: sums, derived lines, the balance identity."""

from __future__ import annotations

from collections.abc import Mapping

from ksui.core import statements as st
from ksui.core.report import ReportData, balance_statement, result_statement
from ksui.core.validation.base import (
    Finding,
    _amount_finding,
    _decimals,
    _in_order,
    _operand,
    _parse_tkr,
    _tkr,
    _unknown_row,
    _unreadable,
)

_RESULT_SUMS = (("intakter", "summa_intakter"), ("kostnader", "summa_kostnader"))
_RESULT_COLUMN_NAMES = {"budget": "Budget", "actual": "Bokslut"}


def check_result_sums(data: ReportData, tolerance_ore: int = 100_000) -> list[Finding]:
    """Compare the stored Summa intäkter / Summa kostnader with their detail lines.

    ksui keeps a printed sum as the record of the total (reports leave detail lines blank),
    so a gap between the sum and its lines would otherwise go unnoticed.
    """
    findings: list[Finding] = []
    for year in sorted(data.result_values):
        lines = data.result_values[year]
        for column in ("budget", "actual"):
            values = {key: col.get(column) for key, col in lines.items()}
            label = f"{_RESULT_COLUMN_NAMES[column]} {year}"
            for section, key in _RESULT_SUMS:
                name = st.RESULT_BY_KEY[key].name
                findings += _amount_finding(
                    "Resultaträkning",
                    name,
                    label,
                    st.detail_sum(values, section),
                    values.get(key),
                    tolerance_ore,
                    "detaljraderna summerar till",
                    reported_as="raden anger",
                )
    return findings


def _result_columns(year: int) -> dict[str, str]:
    """The resultaträkning's published columns and their printed names."""
    return {
        "actual_prev": f"Bokslut {year - 1}",
        "budget": f"Budget {year}",
        "actual": f"Bokslut {year}",
        "deviation": "Budgetavvikelse",
    }


def _result_how(key: str, column: str, line: Mapping[str, int | None]) -> str:
    """How a resultaträkning figure is obtained, for the message."""
    if column == "deviation":
        actual, budget = line.get("actual"), line.get("budget")
        if actual is not None and budget is not None:
            d = _decimals(actual, budget)
            return f"bokslut − budget, {_tkr(actual, d)} − {_operand(budget, d)}, ger"
        return "bokslut − budget ger"
    if key == "verksamhetens_nettokostnad":
        return "summa intäkter + summa kostnader + avskrivningar ger"
    if key == "resultat":
        return "nettokostnad + kommunbidrag + förmedlingsbidrag + räntenetto ger"
    return "ksui har"


def check_published_result(data: ReportData, tolerance_ore: int = 100_000) -> list[Finding]:
    """Compare the printed resultaträkning with the recomputed one, so derived lines agree."""
    pubs = [p for p in data.published if p.table == "resultat"]
    if not pubs:
        return []
    statement = result_statement(data)
    columns = _result_columns(data.year)
    findings: list[Finding] = []
    lines = [line.key for line in st.RESULT_LINES]
    for pub in _in_order(
        pubs, lambda p: lines.index(p.row) if p.row in lines else None, list(columns)
    ):
        line_def = st.RESULT_BY_KEY.get(pub.row)
        if line_def is None:
            findings.append(_unknown_row("Resultaträkning", pub.row, "rader"))
            continue
        column = columns.get(pub.column, pub.column)
        reported = _parse_tkr(pub.value)
        if reported is None:
            findings.append(_unreadable("Resultaträkning", pub, column))
            continue
        line = statement[pub.row]
        findings += _amount_finding(
            "Resultaträkning",
            line_def.name,
            column,
            line.get(pub.column),
            reported,
            tolerance_ore,
            _result_how(pub.row, pub.column, line),
        )
    return findings


# -- 4. balansräkning -----------------------------------------------------------------------


def check_balance(data: ReportData, tolerance_ore: int = 100_000) -> list[Finding]:
    """Check that tillgångar equal eget kapital och skulder, as every balansräkning must."""
    statement = balance_statement(data)
    findings = []
    for year in sorted(data.balance_values):
        assets = statement["summa_tillgangar"].get(year)
        claims = statement["summa_eget_kapital_och_skulder"].get(year)
        if assets is None or claims is None or abs(assets - claims) <= tolerance_ore:
            continue
        d = _decimals(assets, claims)
        column = f"31/12 {year}"
        row = st.BALANCE_BY_KEY["summa_eget_kapital_och_skulder"].name
        message = (
            f"Balansräkning, {row}, {column}: eget kapital och skulder summerar till "
            f"{_tkr(claims, d)} men tillgångarna till {_tkr(assets, d)} "
            f"(skillnad {_tkr(abs(assets - claims), d)} tkr)."
        )
        findings.append(Finding("Balansräkning", row, column, assets, claims, "amount", message))
    return findings


# -- 5. investeringar -----------------------------------------------------------------------
