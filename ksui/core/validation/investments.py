"""Investment checks: frames against projects, published överskjutande medel."""

from __future__ import annotations

from ksui.core.investments import Category, Project
from ksui.core.report import ReportData
from ksui.core.validation.base import (
    VARNING,
    Finding,
    _amount_finding,
    _decimals,
    _in_order,
    _parse_tkr,
    _tkr,
    _unknown_row,
    _unreadable,
)


def check_investments(data: ReportData, tolerance_ore: int = 100_000) -> list[Finding]:
    """Check published frames against their projects and flag closed projects that overspent."""
    findings: list[Finding] = []
    for cat in data.categories:
        if cat.frame_appropriation is not None:
            findings += _amount_finding(
                "Investeringar",
                cat.name,
                "Totalt anslag",
                cat.appropriation,
                cat.frame_appropriation,
                tolerance_ore,
                "projektens anslag summerar till",
                reported_as="ramen anger",
            )
        if cat.frame_spent is not None:
            findings += _amount_finding(
                "Investeringar",
                cat.name,
                "Ack. utfall",
                cat.spent,
                cat.frame_spent,
                tolerance_ore,
                "projektens utfall summerar till",
                reported_as="ramen anger",
            )
        findings += [_closed_overrun(p) for p in cat.projects if _is_closed_overrun(p)]
    return findings


def _is_closed_overrun(project: Project) -> bool:
    """A closed project that spent more than its appropriation."""
    return (
        project.status == "avslutat"
        and project.spent is not None
        and project.spent > (project.appropriation or 0)
    )


def _closed_overrun(project: Project) -> Finding:
    """A warning that a closed project overran: the report shows no överskjutande medel."""
    spent, appropriation = project.spent or 0, project.appropriation or 0
    d = _decimals(spent, appropriation)
    message = (
        f"Investeringar, {project.name}, Ack. utfall: projektet är avslutat men utfallet "
        f"{_tkr(spent, d)} överstiger anslaget {_tkr(appropriation, d)} med "
        f"{_tkr(spent - appropriation, d)} tkr."
    )
    return Finding(
        "Investeringar",
        project.name,
        "Ack. utfall",
        spent,
        appropriation,
        "amount",
        message,
        VARNING,
    )


def _investment_overrun(name: str, categories: list[Category]) -> tuple[bool, int | None, str]:
    """(found, overrun, explanation) for a published row naming a project or a category."""
    for cat in categories:
        for project in cat.projects:
            if project.name == name:
                if not project.has_figures:
                    return True, None, ""
                spent, appropriation = project.spent or 0, project.appropriation or 0
                d = _decimals(spent, appropriation)
                return (
                    True,
                    spent - appropriation,
                    f"utfall − anslag, {_tkr(spent, d)} − {_tkr(appropriation, d)}, ger",
                )
    for cat in categories:
        if cat.name == name:
            d = _decimals(cat.spent, cat.appropriation)
            return (
                True,
                cat.overrun,
                f"projektens utfall − anslag, {_tkr(cat.spent, d)} − "
                f"{_tkr(cat.appropriation, d)}, ger",
            )
    return False, None, ""


def check_published_investments(data: ReportData, tolerance_ore: int = 100_000) -> list[Finding]:
    """Compare the printed överskjutande medel with utfall − anslag, where typos hide."""
    findings: list[Finding] = []
    names = [n for c in data.categories for n in (c.name, *(p.name for p in c.projects))]
    pubs = [p for p in data.published if p.table == "investment"]
    for pub in _in_order(pubs, lambda p: names.index(p.row) if p.row in names else None, []):
        found, computed, how = _investment_overrun(pub.row, data.categories)
        if not found:
            findings.append(_unknown_row("Investeringar", pub.row, "projekt och kategorier"))
            continue
        reported = _parse_tkr(pub.value)
        if reported is None:
            findings.append(_unreadable("Investeringar", pub, "Överskjutande medel"))
            continue
        findings += _amount_finding(
            "Investeringar", pub.row, "Överskjutande medel", computed, reported, tolerance_ore, how
        )
    return findings


# -- 6. personal ----------------------------------------------------------------------------
