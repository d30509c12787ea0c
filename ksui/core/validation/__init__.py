"""Checks that a report's figures agree with each other and with ksui's own arithmetic.

Published reports contain errors: sums that do not add up, percentages copied from an
older draft, claims in the text that the tables contradict. ``validate`` recomputes every
figure it can and reports each disagreement as a ``Finding`` a controller can act on.

Amounts are compared in öre within ``tolerance_ore`` (1 tkr by default, because published
tables are rounded to whole tkr); percentages and procentenheter are compared at the
precision the report prints them with.
"""

from __future__ import annotations

from collections.abc import Callable

from ksui.core.assessment import AssessmentRules
from ksui.core.report import ReportData
from ksui.core.validation.base import FEL, TABLES, VARNING, Finding
from ksui.core.validation.drift import (
    change_pct_bounds,
    check_bridge,
    check_kommun_history,
    check_published_drift,
    check_rollups,
    percent_agrees,
)
from ksui.core.validation.investments import check_investments, check_published_investments
from ksui.core.validation.people import check_goals, check_personnel
from ksui.core.validation.statements import (
    check_balance,
    check_published_result,
    check_result_sums,
)
from ksui.core.validation.texts import (
    check_area_summaries,
    check_goal_followups,
    check_references,
    check_report_texts,
    check_unit_comments,
)

__all__ = [
    "FEL",
    "TABLES",
    "VARNING",
    "Finding",
    "change_pct_bounds",
    "check_balance",
    "check_bridge",
    "check_goals",
    "check_investments",
    "check_kommun_history",
    "check_personnel",
    "check_published_drift",
    "check_published_investments",
    "check_published_result",
    "check_result_sums",
    "check_rollups",
    "percent_agrees",
    "validate",
]


def validate(
    data: ReportData,
    tolerance_ore: int = 100_000,
    *,
    rules: AssessmentRules | None = None,
) -> list[Finding]:
    """Run every check on one committee's report so that its errors are found before print.

    Findings come in the report's table order (Drift, Resultaträkning, Balansräkning,
    Investeringar, Personal, KF-mål) and, within a table, in the order of the checks.
    """
    rules = rules or AssessmentRules()
    checks: list[Callable[[], list[Finding]]] = [
        lambda: check_rollups(data, tolerance_ore),
        lambda: check_published_drift(data, tolerance_ore),
        lambda: check_bridge(data),
        lambda: check_kommun_history(data),
        lambda: check_result_sums(data, tolerance_ore),
        lambda: check_published_result(data, tolerance_ore),
        lambda: check_balance(data, tolerance_ore),
        lambda: check_investments(data, tolerance_ore),
        lambda: check_published_investments(data, tolerance_ore),
        lambda: check_personnel(data),
        lambda: check_goals(data, rules),
        lambda: check_unit_comments(data),
        lambda: check_report_texts(data),
        lambda: check_area_summaries(data),
        lambda: check_goal_followups(data),
        lambda: check_references(data),
    ]
    findings = [f for check in checks for f in check()]
    order = {name: i for i, name in enumerate(TABLES)}
    return sorted(findings, key=lambda f: order.get(f.table, len(TABLES)))
