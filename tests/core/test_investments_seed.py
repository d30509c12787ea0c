"""Investment tables 1.2.1 KS/KF, 1.2.3 Nämndsinvesteringar and 1.2.4 Södertäljelyftet."""

from __future__ import annotations

from ksui.core.investments import Category, Project
from ksui.core.report import ReportData
from tests.conftest import tkr


def categories(report: ReportData) -> dict[str, Category]:
    return {c.name: c for c in report.categories}


def projects(report: ReportData) -> dict[str, Project]:
    return {p.name: p for c in report.categories for p in c.projects}


def test_ks_kf_frame(report: ReportData) -> None:
    ks = categories(report)["KS/KF-investeringar"]
    assert ks.appropriation == tkr(13564) == ks.frame_appropriation
    assert ks.spent == tkr(14640) == ks.frame_spent
    assert ks.overrun == tkr(1076)
    assert ks.deviation == tkr(-1076)


def test_ks_kf_projects(report: ReportData) -> None:
    p = projects(report)
    assert p["Trådlösa nät kommunens verksamheter"].overrun == tkr(997)
    assert p["Infrastruktur, säkerhet mm"].overrun == tkr(-1400)
    assert p["Rumsbokningssystem, stadshuset"].overrun == tkr(-200)
    assert p["Bärbara datorer"].overrun == tkr(1970)
    closed = p["Surfplattor till förtroendevalda"]
    assert closed.status == "avslutat"
    assert closed.overrun is None  # the report leaves a closed project's column empty
    assert closed.deviation == tkr(291)


def test_namnd_investment(report: ReportData) -> None:
    cat = categories(report)["Nämndsinvesteringar"]
    assert cat.overrun == tkr(45)


def test_sodertaljelyftet(report: ReportData) -> None:
    p = projects(report)["Infartsskyltar"]
    assert p.responsible == "KS"
    assert p.overrun == tkr(-2600)
    assert p.deviation == tkr(2600)


def test_lokaler_is_empty(report: ReportData) -> None:
    assert categories(report)["Lokaler"].projects == ()
