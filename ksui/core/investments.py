"""Investment follow-up: avvikelse and överskridande per project and per category.

``avvikelse = anslag − ack. utfall``; the report's "Överskjutande medel" is the opposite,
``utfall − anslag`` (positive means overspent), and is left empty for a closed project.
"""

from __future__ import annotations

from ksui.core.drift import deviation
from ksui.core.records import record

CATEGORY_KIND_LABELS = {
    "ks_kf": "KS/KF",
    "lokaler": "Lokaler",
    "namnd": "Nämndsinvesteringar",
    "special": "Särskilda program",
}
STATUS_LABELS = {"pagaende": "Pågående", "avslutat": "Avslutat"}


@record
class Project:
    """One investment project with its appropriation and accumulated spend for a year."""

    id: int
    category_id: int
    name: str
    status: str = "pagaende"
    responsible: str | None = None
    appropriation: int | None = None
    spent: int | None = None
    position: int = 0

    @property
    def deviation(self) -> int | None:
        """Anslag minus ack. utfall: positive is money left."""
        return deviation(self.appropriation or 0, self.spent or 0) if self.has_figures else None

    @property
    def overrun(self) -> int | None:
        """Överskjutande medel (utfall − anslag); none for a closed project."""
        if self.status == "avslutat" or not self.has_figures:
            return None
        return (self.spent or 0) - (self.appropriation or 0)

    @property
    def has_figures(self) -> bool:
        """True when either an appropriation or spend is recorded."""
        return self.appropriation is not None or self.spent is not None


def carried_appropriation(project: Project) -> int | None:
    """What a project brings into the next year as its anslag: an ongoing project what is
    left of this year's (anslag − utfall, never below zero; nothing recorded, nothing
    left); None for a closed project, which gets no anslag in the new year."""
    if project.status != "pagaende":
        return None
    left = project.deviation
    return max(left, 0) if left is not None else 0


@record
class Category:
    """A group of projects (KS/KF, lokaler, nämndsinvesteringar, Södertäljelyftet)."""

    id: int
    kind: str
    name: str
    projects: tuple[Project, ...] = ()
    frame_appropriation: int | None = None  # the published frame (ram), if any
    frame_spent: int | None = None
    position: int = 0
    #: Before bokslut: a project without a reported utfall has not spent nothing, its
    #: utfall is not in yet, so the category's utfall, avvikelse and överskott count only
    #: the projects that reported one (at bokslut a project without utfall spent nothing).
    so_far: bool = False

    @property
    def counted(self) -> tuple[Project, ...]:
        """The projects the category's utfall, avvikelse and överskott are summed over."""
        if not self.so_far:
            return self.projects
        return tuple(p for p in self.projects if p.spent is not None)

    @property
    def reported(self) -> bool:
        """Whether the category has an utfall to show (before bokslut: any reported)."""
        return bool(self.counted)

    @property
    def appropriation(self) -> int:
        """Total anslag of the category's projects."""
        return sum(p.appropriation or 0 for p in self.projects)

    @property
    def spent(self) -> int:
        """Total ack. utfall of the counted projects."""
        return sum(p.spent or 0 for p in self.counted)

    @property
    def deviation(self) -> int:
        """Anslag minus utfall of the counted projects."""
        return sum(p.appropriation or 0 for p in self.counted) - self.spent

    @property
    def overrun(self) -> int:
        """How far spend exceeds the counted projects' anslag (closed projects included)."""
        return -self.deviation

    @property
    def label(self) -> str:
        """The kind's Swedish name, for grouping headings."""
        return CATEGORY_KIND_LABELS.get(self.kind, self.kind)


def total_overrun(categories: list[Category]) -> int:
    """Overrun summed over categories where spend exceeds the appropriation."""
    return sum(max(c.overrun, 0) for c in categories)
