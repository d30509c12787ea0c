"""The nettokostnadsbrygga adds up as the report prints it, not to the öre."""

from __future__ import annotations

import pytest

from ksui.core.bridge import BridgePart, gap, total
from ksui.core.report import ReportData
from tests.conftest import tkr


def mkr(*tenths: int) -> list[BridgePart]:
    return [BridgePart(f"del {i}", t * 10_000_000) for i, t in enumerate(tenths)]


def test_the_seed_bridge_adds_up_to_the_seed_change(report: ReportData) -> None:
    # 4,1 + 4,4 + 4,4 + 0,9 + 0,6 + 3,2 = 17,6 mkr against 347 670 − 330 035 = 17 635 tkr.
    assert [p.amount for p in report.bridge] == [p.amount for p in mkr(41, 44, 44, 9, 6, 32)]
    assert report.drift()[0].net_cost_change == tkr(17_635)
    assert gap(report.bridge, report.drift()[0].net_cost_change) is None


@pytest.mark.parametrize(
    ("parts", "change", "left"),
    [
        (mkr(41, 44, 44, 9, 6, 32), tkr(17_635), None),
        (mkr(41, 44, 44, 9, 6, 37), tkr(17_635), tkr(-465)),
        (mkr(100), tkr(10_049), None),  # rounds to the printed 10,0
        (mkr(50, 50), tkr(10_090), None),  # within half a tenth per part
        (mkr(50, 50), tkr(10_200), tkr(200)),
        (mkr(-20), tkr(-2_000), None),
        ([], tkr(5), None),
    ],
)
def test_gap(parts: list[BridgePart], change: int, left: int | None) -> None:
    assert gap(parts, change) == left


def test_without_a_change_there_is_nothing_to_add_up_to() -> None:
    assert gap(mkr(10), None) is None
    assert total(mkr(10, -5)) == tkr(500)
