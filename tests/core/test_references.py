"""Live references in texts: read against the report each time, stored as written."""

from __future__ import annotations

import dataclasses

import pytest

from ksui.core.references import References
from ksui.core.report import ReportData
from ksui.core.validation import validate


def refs(report: ReportData) -> References:
    return report.references()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Överskottet på {resultat:Ekonomi} beror på …", "Överskottet på 2 617 tkr beror på …"),
        ("{resultat:Ekonomi:mkr}", "2,6 mkr"),
        ("{avvikelse:ekonomi:MKR}", "2,6 mkr"),
        ("{nk_förändring:Ekonomi}", "7 731 tkr"),
        ("{net_cost_change:Ekonomi}", "7 731 tkr"),
        ("{nk_utveckling:Ekonomi}", "22,0 procent"),
        ("{resultat:Destination Södertälje}", "-519 tkr"),
        ("{kommunbidrag:nämnden:mkr}", "352,7 mkr"),
        ("{nettokostnad:KS}", "347 670 tkr"),
        ("Mängd {{klamrar}} och {inget kolon}", "Mängd {klamrar} och {inget kolon}"),
        ("{resultat:Ekonmi}", "{?resultat:Ekonmi}"),
        ("{vinst:Ekonomi}", "{?vinst:Ekonomi}"),
        ("Ingen referens alls.", "Ingen referens alls."),
    ],
)
def test_render(report: ReportData, text: str, shown: str) -> None:
    assert refs(report).render(text) == shown


def test_problems_say_what_is_wrong(report: ReportData) -> None:
    found = refs(report).problems("{resultat:Ekonmi} och {vinst:HR} och {resultat:HR}")
    assert [(p.reference, p.reason) for p in found] == [
        ("{resultat:Ekonmi}", "okänd enhet »Ekonmi«"),
        ("{vinst:HR}", "okänt mått »vinst«"),
    ]


def ekonomi(report: ReportData) -> int:
    return next(u.id for u in report.tree.units.values() if u.name == "Ekonomi")


def with_comment(report: ReportData, text: str) -> ReportData:
    key = ("unit", ekonomi(report), "")
    return dataclasses.replace(report, comments={**report.comments, key: text}, memo={})


def test_a_comment_is_shown_read_and_edited_as_stored(report: ReportData) -> None:
    data = with_comment(report, "Överskottet, {resultat:Ekonomi:mkr}, kom av förseningar.")
    assert data.comment("unit", ekonomi(data)) == "Överskottet, 2,6 mkr, kom av förseningar."
    assert data.comment("unit", ekonomi(data), raw=True).startswith("Överskottet, {resultat")


def test_a_reference_cannot_contradict_the_table(report: ReportData) -> None:
    # The text states the figure through a reference: the claim check reads the rendered
    # sentence and finds nothing, whatever the figure becomes.
    data = with_comment(
        report, "Den ökade nettokostnaden, {nk_förändring:Ekonomi:mkr}, kom av lån."
    )
    rows = {(f.row, f.column) for f in validate(data)}
    assert ("Ekonomi", "Kommentar: Nettokostnadsförändring") not in rows


def test_check_warns_of_a_reference_that_reads_nothing(report: ReportData) -> None:
    data = with_comment(report, "Se {resultat:Ekonmi}.")
    found = [f for f in validate(data) if f.column == "Referens"]
    assert [(f.row, f.severity) for f in found] == [("Ekonomi", "varning")]
    assert "okänd enhet »Ekonmi«" in found[0].message
