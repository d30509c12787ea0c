"""Personnel claims in procentenheter, and KF-mål assessments against the rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ksui.core.assessment import AssessmentRules, suggest_area
from ksui.core.models import Assessment
from ksui.core.report import Published, ReportData
from ksui.core.swedish import (
    format_decimal,
    percent_points,
)
from ksui.core.validation.base import (
    POINTS_TOLERANCE,
    VARNING,
    Finding,
    _parse_decimal,
    _unknown_row,
    _unreadable,
)


def _group_claims(pubs: Iterable[Published]) -> dict[str, dict[str, str]]:
    """Published personnel claims: each row's columns gathered into one mapping."""
    claims: dict[str, dict[str, str]] = {}
    for pub in pubs:
        if pub.table == "personnel":
            claims.setdefault(pub.row, {})[pub.column] = pub.value
    return claims


def check_personnel(data: ReportData) -> list[Finding]:
    """Check the text's procentenheter against the sjuktal table, which the text often misquotes."""
    findings: list[Finding] = []
    table, year = data.sick_leave, data.year
    claims = _group_claims(data.published)
    kinds = ("change", "against_kommun")
    order = sorted(
        claims,
        key=lambda c: (
            claims[c].get("measure") != "total",
            kinds.index(claims[c]["kind"]) if claims[c].get("kind") in kinds else 2,
            c,
        ),
    )
    for claim in order:
        values = claims[claim]
        measure, group, kind = values.get("measure"), values.get("group"), values.get("kind")
        reported = _parse_decimal(values.get("points", ""))
        if measure is None or group is None or kind not in ("change", "against_kommun"):
            findings.append(_unknown_row("Personal", claim, "sjuktal"))
            continue
        current = table.rate(measure, group, year)
        if kind == "change":
            column = f"Förändring mot {year - 1} (procentenheter)"
            reference = table.rate(measure, group, year - 1)
        else:
            column = f"Mot kommunen {year} (procentenheter)"
            reference = table.rate(measure, group, year, "kommun")
        if reported is None:
            pub = Published("personnel", claim, "points", values.get("points", ""))
            findings.append(_unreadable("Personal", pub, column))
            continue
        exponent = reported.as_tuple().exponent
        shown = format_decimal(
            reported, max(1, -exponent) if isinstance(exponent, int) else 2, signed=True
        )
        if current is None or reference is None:
            message = (
                f"Personal, {claim}, {column}: rapporten anger {shown} men ksui saknar "
                "sjuktalen att pröva det mot."
            )
            findings.append(
                Finding("Personal", claim, column, None, reported, "points", message, VARNING)
            )
            continue
        computed = current - reference
        if abs(computed - reported) <= POINTS_TOLERANCE:
            continue
        message = (
            f"Personal, {claim}, {column}: rapporten anger {shown} men "
            f"{format_decimal(current, 2)} − {format_decimal(reference, 2)} ger "
            f"{percent_points(computed)}."
        )
        findings.append(Finding("Personal", claim, column, computed, reported, "points", message))
    return findings


# -- 7. KF-mål ------------------------------------------------------------------------------


def _counts_text(counts: Mapping[Assessment, int]) -> str:
    """'0 Bra, 4 Ok, 2 Har brister' for a message."""
    return ", ".join(f"{counts.get(a, 0)} {a.label}" for a in Assessment)


def check_goals(data: ReportData, rules: AssessmentRules | None = None) -> list[Finding]:
    """Warn on unassessed goals and on areas the rules would judge differently, before print."""
    rules = rules or AssessmentRules()
    findings: list[Finding] = []
    for area in data.areas:
        for goal in area.goals:
            if goal.assessment is None:
                row = f"{area.name}, KF-mål {goal.number}"
                message = f"KF-mål, {row}, Lägesbedömning: målet saknar lägesbedömning."
                findings.append(
                    Finding(
                        "KF-mål", row, "Lägesbedömning", None, None, "assessment", message, VARNING
                    )
                )
        suggested = suggest_area(area, rules)
        if suggested is None or area.assessment == suggested:
            continue
        column = "Lägesbedömning sammantaget"
        decided = (
            f"området har lägesbedömningen {area.assessment.label}"
            if area.assessment is not None
            else "området saknar lägesbedömning"
        )
        message = (
            f"KF-mål, {area.name}, {column}: {decided} men målens bedömningar "
            f"({_counts_text(area.counts())}) ger enligt reglerna {suggested.label}."
        )
        findings.append(
            Finding("KF-mål", area.name, column, None, None, "assessment", message, VARNING)
        )
    return findings
