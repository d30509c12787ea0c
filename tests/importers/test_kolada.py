"""Kolada: saved v2 and v3 API responses import as indicator values."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as hs

from ksui.importers.errors import ImportFileError
from ksui.importers.kolada import import_kolada, parse_kolada
from ksui.store import Store, read

V2 = {
    "count": 2,
    "values": [
        {
            "kpi": "U07414",
            "municipality": "0181",
            "period": 2019,
            "values": [
                {"count": 1, "gender": "T", "status": "", "value": 47.5},
                {"count": 1, "gender": "K", "status": "", "value": 46.0},
            ],
        },
        {
            "kpi": "N99999",
            "municipality": "0181",
            "period": 2019,
            "values": [{"gender": "T", "status": "", "value": 3}],
        },
    ],
}
V3 = {
    "values": [
        {
            "kpi": "U07414",
            "municipality": "0181",
            "period": 2021,
            "values": [
                {"gender": "T", "count": 1, "status": "", "value": 48.25, "isdeleted": False}
            ],
        },
        {
            "kpi": "U07414",
            "municipality": "0180",
            "period": 2021,
            "values": [{"gender": "T", "value": 60}],
        },
    ],
    "count": 2,
    "next_page": None,
}
MAPPING = {"U07414": "Nöjd-Region-Index (NRI), Trygghet"}


def indicator_values(store: Store) -> dict[int, Decimal]:
    area = read.goal_areas(store, read.find_committee(store, None).id, 2017, "bokslut")
    ind = next(
        i for a in area for g in a.goals for i in g.indicators if i.name == MAPPING["U07414"]
    )
    return {v.year: v.value for v in ind.values if v.series == ""}


def test_v2_response(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kolada.json"
    path.write_text(json.dumps(V2), encoding="utf-8")
    committee = read.find_committee(store, None).id
    result = import_kolada(store, path, MAPPING, committee)
    assert result.written == 1
    assert result.unmapped == {"N99999": 1}
    assert indicator_values(store)[2019] == Decimal("47.5")


def test_v3_response_filtered_by_municipality(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kolada3.json"
    path.write_text(json.dumps(V3), encoding="utf-8")
    committee = read.find_committee(store, None).id
    result = import_kolada(store, path, MAPPING, committee, municipality="0181")
    assert result.written == 1
    assert indicator_values(store)[2021] == Decimal("48.25")
    import_kolada(store, path, MAPPING, committee, municipality="0181")
    # One own value, and 0180's kept apart as a comparison, not as a second own value.
    assert store.conn.execute(
        "SELECT series, value FROM indicator_value WHERE year = 2021 ORDER BY series"
    ).fetchall() == [("", "48.25"), ("kolada:0180", "60")]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[1, 2]",
        '{"values": [1]}',
        '{"values": [{"kpi": "X", "period": 2017, "values": [{"gender": "T", "value": "x"}]}]}',
    ],
)
def test_bad_files_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        parse_kolada(path.read_bytes(), str(path))
    assert "bad.json" in str(info.value)


json_values = hs.recursive(
    hs.none() | hs.booleans() | hs.integers() | hs.floats(allow_nan=False) | hs.text(max_size=8),
    lambda children: (
        hs.lists(children, max_size=4)
        | hs.dictionaries(
            hs.sampled_from(
                ["kpi", "period", "year", "values", "value", "gender", "municipality", "data", "x"]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


rows = hs.fixed_dictionaries(
    {
        "kpi": hs.one_of(hs.just("U1"), json_values),
        "period": hs.one_of(hs.integers(min_value=1800, max_value=2300), json_values),
    },
    optional={
        "values": hs.one_of(
            hs.lists(
                hs.fixed_dictionaries(
                    {}, optional={"gender": hs.sampled_from(["T", "K", 1]), "value": json_values}
                )
            ),
            json_values,
        )
    },
)
documents = hs.fixed_dictionaries({"values": hs.lists(rows, max_size=4)})


@settings(max_examples=300, deadline=None)
@given(hs.one_of(documents, json_values).map(json.dumps).map(str.encode) | hs.binary(max_size=80))
@example(b'{"values": [{"kpi": "U1", "period": 2017, "values": 5}]}')
@example(b'{"values": [{"kpi": "U1", "period": 2017.5, "values": []}]}')
@example(b'{"values": [{"kpi": "U1", "period": 1e400, "values": []}]}')
@example(b'{"values": [{"kpi": "U1", "period": 2017, "values": [{"value": 1e400}]}]}')
def test_any_input_is_read_or_refused_cleanly(data: bytes) -> None:
    try:
        values = parse_kolada(data, "fuzz.json")
    except ImportFileError as exc:
        assert "fuzz.json" in str(exc)
    else:
        assert all(isinstance(v.value, Decimal) for v in values)
