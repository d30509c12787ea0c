"""Kolada: every kommun of a response is kept, apart from the nämnd's own series, and the
comparison group's median stands beside each own value (issue 16)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ksui.core.goals import Indicator
from ksui.core.peers import GROUP_MEDIAN_SERIES
from ksui.exporters import tabular
from ksui.exporters.markdown import render_table
from ksui.importers.kolada import import_kolada
from ksui.store import Store, read
from ksui.store.undo import revert
from ksui.tables.goals import indicators_table
from tests.cli.conftest import dump

FILE = Path(__file__).resolve().parents[1] / "data" / "kolada_peers.json"
NAME = "Nöjd-Region-Index (NRI), Trygghet"
MAPPING = {"U07414": NAME}
#: The own kommun (0181) is listed too, and 0163 has no values in the file: neither counts.
GROUP = ("0114", "0138", "0181", "0186", "0163")


def committee(store: Store) -> int:
    return read.find_committee(store, None).id


def indicator(store: Store) -> Indicator:
    areas = read.goal_areas(store, committee(store), 2017, "bokslut")
    return next(i for a in areas for g in a.goals for i in g.indicators if i.name == NAME)


def series_rows(store: Store) -> dict[str, dict[int, str]]:
    found: dict[str, dict[int, str]] = {}
    for series, year, value in store.conn.execute(
        "SELECT series, year, value FROM indicator_value WHERE indicator_id ="
        " (SELECT id FROM indicator WHERE name = ?)",
        (NAME,),
    ):
        found.setdefault(series, {})[year] = value
    return found


def test_every_kommun_is_kept_apart_from_the_own_series(store: Store) -> None:
    result = import_kolada(store, FILE, MAPPING, committee(store), "0181", GROUP)
    rows = series_rows(store)
    # The own series: the file's T values of 0181 beside the demo's 2015 (K is left out).
    assert rows[""] == {2015: "45", 2016: "46.5", 2017: "44"}
    assert rows["Riket"] == {2016: "50.2", 2017: "51"}
    assert rows["kolada:0114"] == {2016: "40.1", 2017: "41"}
    assert rows["kolada:0138"] == {2016: "52.3"}  # 2017's T value is null: not a zero
    assert rows["kolada:0180"] == {2016: "60", 2017: "61.2"}  # kept, though not in the group
    assert "kolada:0181" not in rows
    assert result.own == "0181" and result.peers == {"0114", "0138", "0180", "0186"}
    assert result.unmapped == {"N99999": 1}
    members = dict(
        store.conn.execute(
            "SELECT municipality, in_group FROM kolada_municipality WHERE committee_id = ?",
            (committee(store),),
        ).fetchall()
    )
    assert members == {"0114": 1, "0138": 1, "0186": 1, "0163": 1}
    assert store.conn.execute(
        "SELECT name FROM kolada_municipality WHERE municipality = '0114'"
    ).fetchone() == ("Upplands Väsby",)


def test_the_own_values_read_as_before_and_the_group_median_is_exact(store: Store) -> None:
    before = indicator(store)
    import_kolada(store, FILE, MAPPING, committee(store), "0181", GROUP)
    after = indicator(store)
    # Other kommuner never show as series of ours: only own, Riket (and the group apart).
    assert after.series_names() == ["", "Riket"]
    assert set(before.series("")) <= set(after.series(""))  # 2015 and 2017 as they were
    # 2016: 40.1, 45, 52.3 → 45 (odd). 2017: 41, 44.5 (0138 has none) → 42.75 (even).
    assert after.group_medians() == {2016: Decimal("45"), 2017: Decimal("42.75")}


def test_reimport_writes_nothing(store: Store) -> None:
    first = import_kolada(store, FILE, MAPPING, committee(store), "0181", GROUP)
    assert first.changeset_id is not None
    changesets = store.conn.execute("SELECT count(*) FROM changeset").fetchone()
    again = import_kolada(store, FILE, MAPPING, committee(store), "0181", GROUP)
    assert again.changeset_id is None
    assert store.conn.execute("SELECT count(*) FROM changeset").fetchone() == changesets


def test_the_own_kommun_is_never_in_the_group(store: Store) -> None:
    # Imported once as if 0180 were ours: 0181's values are then a peer series, in the group.
    import_kolada(store, FILE, MAPPING, committee(store), "0180", GROUP)
    assert indicator(store).group_medians()[2017] == Decimal("44")  # 41, 44, 44.5
    import_kolada(store, FILE, MAPPING, committee(store), "0181", GROUP)
    assert indicator(store).group_medians()[2017] == Decimal("42.75")


def test_a_changed_group_takes_effect_at_the_next_import(store: Store) -> None:
    import_kolada(store, FILE, MAPPING, committee(store), "0181", GROUP)
    import_kolada(store, FILE, MAPPING, committee(store), "0181", ("0114",))
    assert indicator(store).group_medians() == {2016: Decimal("40.1"), 2017: Decimal("41")}
    import_kolada(store, FILE, MAPPING, committee(store), "0181", ())
    assert indicator(store).group_medians() == {}


def test_several_kommuner_without_the_own_one_are_refused(store: Store, demo_path: Path) -> None:
    before = dump(demo_path)
    with pytest.raises(ValueError, match=r"flera kommuner.*--kommun"):
        import_kolada(store, FILE, MAPPING, committee(store), None, GROUP)
    with pytest.raises(ValueError, match="ingen kommunkod"):
        import_kolada(store, FILE, MAPPING, committee(store), "181", GROUP)
    assert dump(demo_path) == before


def test_undo_restores_the_file(store: Store, demo_path: Path) -> None:
    before = dump(demo_path)
    result = import_kolada(store, FILE, MAPPING, committee(store), "0181", GROUP)
    assert result.changeset_id is not None
    revert(store, result.changeset_id, "Ångra Kolada", confirmed=True)
    assert series_rows(store) == {"": {2015: "45", 2017: "44"}}
    assert store.conn.execute("SELECT count(*) FROM kolada_municipality").fetchone() == (0,)
    assert indicator(store).group_medians() == {}
    # Only the audit trail grew: every data row is as it was.
    data = [line for line in dump(demo_path).splitlines() if 'INTO "audit"' not in line]
    assert [line for line in data if "changeset" not in line] == [
        line
        for line in before.splitlines()
        if 'INTO "audit"' not in line and "changeset" not in line
    ]


def test_goals_json_has_the_group_median_beside_each_own_value(store: Store) -> None:
    import_kolada(store, FILE, MAPPING, committee(store), "0181", GROUP)
    data = read.load_report(store, read.find_committee(store, None), 2017, "bokslut")
    doc = json.loads(tabular.to_json(tabular.goals_document(data)))
    record = next(
        i for a in doc["areas"] for g in a["goals"] for i in g["indicators"] if i["name"] == NAME
    )
    own = {v["year"]: v for v in record["values"] if v["series"] == ""}
    assert own[2015]["group_median"] is None and own[2015]["riket"] is None
    assert Decimal(str(own[2016]["group_median"])) == Decimal("45")
    assert Decimal(str(own[2017]["group_median"])) == Decimal("42.75")
    assert Decimal(str(own[2017]["riket"])) == Decimal("51")
    riket = [v for v in record["values"] if v["series"] == "Riket"]
    assert riket and all(v["group_median"] is None for v in riket)


def test_the_indicator_table_shows_the_median_under_the_own_series(store: Store) -> None:
    import_kolada(store, FILE, MAPPING, committee(store), "0181", GROUP)
    areas = read.goal_areas(store, committee(store), 2017, "bokslut")
    goal = next(g for a in areas for g in a.goals if any(i.name == NAME for i in g.indicators))
    table = indicators_table(goal)
    assert table is not None
    keys = [row.key for row in table.rows if row.item.indicator.name == NAME]
    ind = keys[0].split(":")[1]
    assert keys == [f"ind:{ind}:", f"ind:{ind}:{GROUP_MEDIAN_SERIES}", f"ind:{ind}:Riket"]
    median_row = next(r for r in table.rows if r.item.series == GROUP_MEDIAN_SERIES)
    assert median_row.item.computed
    assert table.raw(median_row, table.column("y2017")) == Decimal("42.75")
    assert table.raw(median_row, table.column("direction")) is None
    text = render_table(tabular.indicators_text(goal))
    assert f"{NAME} ({GROUP_MEDIAN_SERIES})" in text
    assert "42,8" in text or "42,75" in text


def test_without_a_group_nothing_changes_in_the_table(store: Store) -> None:
    import_kolada(store, FILE, MAPPING, committee(store), "0181", ())
    areas = read.goal_areas(store, committee(store), 2017, "bokslut")
    goal = next(g for a in areas for g in a.goals if any(i.name == NAME for i in g.indicators))
    table = indicators_table(goal)
    assert table is not None
    assert all(row.item.series != GROUP_MEDIAN_SERIES for row in table.rows)
