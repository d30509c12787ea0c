"""What the Översikt and the status line need beyond the figures: summary, text and checks.

Computed on a worker thread from an immutable snapshot of the report, so a recalculation
after each edit never holds up the keyboard.
"""

from __future__ import annotations

from collections.abc import Sequence

from ksui.core.assessment import AssessmentRules
from ksui.core.narrative import narrative
from ksui.core.records import record
from ksui.core.report import ReportData, Summary, summarise
from ksui.core.validation import Finding, validate


@record
class Analysis:
    """The summary, the narrative and the validation findings of one version of the report."""

    version: int
    summary: Summary
    narrative: Sequence[str]
    findings: Sequence[Finding]

    @property
    def errors(self) -> int:
        """Findings of severity 'fel'."""
        return sum(1 for f in self.findings if f.severity == "fel")

    @property
    def warnings(self) -> int:
        """Findings of severity 'varning'."""
        return len(self.findings) - self.errors


def analyse(data: ReportData, version: int, tolerance_ore: int, rules: AssessmentRules) -> Analysis:
    """Summarise, write and check one report."""
    summary = summarise(data, rules)
    return Analysis(
        version=version,
        summary=summary,
        narrative=narrative(data, summary),
        findings=validate(data, tolerance_ore, rules=rules),
    )
