"""Finding what a user names: exact code or name, else a unique start; ambiguity lists them."""

from __future__ import annotations

import pytest

from ksui.actions import NotFound, lookup
from ksui.core.report import ReportData
from ksui.store import Store


def test_exact_code_exact_name_and_unique_start(report: ReportData) -> None:
    assert lookup.unit(report, "120").name == "Ekonomi"
    assert lookup.unit(report, "ekonomi").name == "Ekonomi"
    assert lookup.unit(report, "Ekon").name == "Ekonomi"


def test_an_ambiguous_start_lists_the_candidates(report: ReportData) -> None:
    with pytest.raises(NotFound, match="passar flera") as refused:
        lookup.unit(report, "Kommunstyrelse")
    assert "Kommunstyrelsens kontor" in str(refused.value)


def test_an_unknown_name_lists_what_exists(report: ReportData) -> None:
    with pytest.raises(NotFound, match="okänd enhet »Ingen«; finns: "):
        lookup.unit(report, "Ingen")


def test_keywords_and_a_unit_anywhere(store: Store) -> None:
    assert lookup.measure("utfall") == "actual"
    assert lookup.investment_field("ack. utfall") == "spent"
    assert lookup.geh_area("KF-mål") == "kf_mal"
    assert lookup.assessment("ingen") is None
    assert lookup.unit_anywhere(store, "Ekonomi").code == "120"
    with pytest.raises(NotFound):
        lookup.unit_anywhere(store, "Finns inte alls")
