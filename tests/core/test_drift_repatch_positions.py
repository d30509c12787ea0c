"""The positions ``repatch_measure`` keeps from one edit to the next are checked before use:
rows in another order than last time are summed as correctly as the first time."""

from __future__ import annotations

from ksui.core import drift
from ksui.core.drift import DriftRow, repatch_measure
from ksui.core.models import DriftFigures
from ksui.core.report import ReportData


def by_unit(rows: list[DriftRow]) -> dict[int, DriftRow]:
    """The rows by unit id, whatever their order."""
    return {r.unit.id: r for r in rows}


def test_rows_in_another_order_are_found_where_they_are(report: ReportData) -> None:
    sub = report.tree.subtree(report.committee.id)
    rows = report.drift()
    leaf = next(r for r in rows if not r.has_children)
    own = dict(report.figures)
    own[leaf.unit.id] = own.get(leaf.unit.id, DriftFigures())._replace(actual=123_456_789)
    drift._POSITIONS.clear()
    expected = by_unit(repatch_measure(list(rows), sub, own, leaf.unit.id, "actual"))
    # The positions of the table in tree order are kept now; the same tree's rows turned
    # around must not be read at those positions.
    turned = list(reversed(rows))
    assert by_unit(repatch_measure(turned, sub, own, leaf.unit.id, "actual")) == expected
    shifted = rows[1:] + rows[:1]
    assert by_unit(repatch_measure(shifted, sub, own, leaf.unit.id, "actual")) == expected
    assert by_unit(repatch_measure(list(rows), sub, own, leaf.unit.id, "actual")) == expected
    assert expected[report.committee.id].figures.actual != rows[0].figures.actual
