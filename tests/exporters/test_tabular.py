"""JSON and CSV writing: exact decimals, nulls, RFC 4180."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksui.core.report import ReportData
from ksui.exporters import tabular


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_kronor_are_exact(ore: int) -> None:
    text = tabular.to_json({"amount": tabular.kronor(ore)})
    value = json.loads(text, parse_float=Decimal)["amount"]
    assert value * 100 == ore
    assert "e" not in text.lower().split(":", 1)[1]


def test_json_layout_and_types() -> None:
    doc = {"a": [1, Decimal("2.50"), None, True, 'å"ö'], "b": {}, "c": []}
    text = tabular.to_json(doc)
    assert json.loads(text) == {"a": [1, 2.5, None, True, 'å"ö'], "b": {}, "c": []}
    assert "2.50" in text and "å" in text
    assert tabular.to_json(Decimal("1E+3")).strip() == "1000"


def test_json_refuses_unknown_types() -> None:
    with pytest.raises(TypeError):
        tabular.to_json({"x": object()})


def test_csv_is_rfc4180() -> None:
    text = tabular.to_csv(("a", "b"), [["x, y", Decimal("1.50")], [None, 'citat "här"']])
    assert text.splitlines(keepends=True)[0] == "a,b\r\n"
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["a", "b"], ["x, y", "1.50"], ["", 'citat "här"']]


def test_drift_text_has_one_row_per_unit(report: ReportData) -> None:
    table = tabular.drift_text(report)
    assert len(table.rows) == len(report.drift())
    assert table.headers[-1] == "Nettokostnadsutveckling %"
    assert table.rows[0].strong and table.rows[0].cells[4] == "+5 031"


def test_text_table_refuses_ragged_rows() -> None:
    with pytest.raises(ValueError):
        tabular.TextTable(("a", "b"), (tabular.TextRow(("x",)),), ("l", "l"))


def test_documents_are_json(report: ReportData) -> None:
    for doc in (
        tabular.drift_document(report),
        tabular.investments_document(report),
        tabular.goals_document(report),
        tabular.personnel_document(report),
    ):
        parsed = json.loads(tabular.to_json(doc))
        assert parsed["committee"] == "Kommunstyrelsen" and parsed["year"] == 2017


def test_no_negative_zero() -> None:
    assert tabular.to_json(tabular.pct(Decimal("-0.04"))) == "0.0\n"
    assert tabular.to_csv(("x",), [[Decimal("-0.00")]]).splitlines()[1] == "0.00"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_formula_text(prefix: str) -> None:
    text = tabular.to_csv(("name", "amount"), [[prefix + "SUM(A1)", Decimal("-1076.00")]])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["'" + prefix + "SUM(A1)", "-1076.00"]


@pytest.mark.parametrize("number", ["-1076.00", "+5", "-3", "-0.5"])
def test_csv_leaves_numbers_in_text_alone(number: str) -> None:
    text = tabular.to_csv(("value",), [[number], [Decimal(number)], [int(Decimal(number))]])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert not any(cell.startswith("'") for row in rows for cell in row)
