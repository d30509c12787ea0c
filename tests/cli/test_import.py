"""`ksui import drift|investeringar|personal|kolada` and `ksui template`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run, dump


def test_template_then_import_csv(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "drift.csv"
    made = run("template", "drift", str(template), "--year", "2018", "--period", "bokslut")
    assert made.exit_code == 0, made.output
    lines = template.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Enhet;Namn;År;Period;Budget (tkr)")
    assert lines[1].startswith("110;Stadsdirektörens kansli;2018;Bokslut;")
    filled = [lines[0]] + [line.replace(";Bokslut;;", ";Bokslut;1 000;", 1) for line in lines[1:]]
    template.write_text("\n".join(filled) + "\n", encoding="utf-8")
    result = run("import", "drift", str(template))
    assert result.exit_code == 0, result.output
    assert "Importerade 8 rader" in result.stdout
    doc = json.loads(run("drift", "--year", "2018", "--format", "json").stdout)
    assert doc["total"]["budget"] == 8_000_000


def test_template_refuses_to_overwrite(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"x")
    result = run("template", "drift", str(path))
    assert result.exit_code == 2 and "--force" in result.stderr


def test_bad_file_exits_1_names_line_and_writes_nothing(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Enhet;År;Budget\nHR;2018;1\nHR;2018;12x\n", encoding="utf-8")
    before = dump(demo_path)
    result = run("import", "drift", str(path), "--period", "bokslut")
    assert result.exit_code == 1
    assert "bad.csv:3" in result.stderr and "12x" in result.stderr
    assert dump(demo_path) == before


def test_missing_file_exits_1(run: Run, tmp_path: Path) -> None:
    result = run("import", "personal", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1
    assert "nope.csv" in result.stderr


def test_kolada_needs_a_mapping_and_imports_with_one(
    run: Run, tmp_path: Path, cli_env: dict[str, str | None]
) -> None:
    data = tmp_path / "k.json"
    data.write_text(
        json.dumps(
            {
                "values": [
                    {
                        "kpi": "U1",
                        "municipality": "0181",
                        "period": 2018,
                        "values": [{"gender": "T", "value": 45}],
                    }
                ]
            }
        )
    )
    refused = run("import", "kolada", str(data))
    assert refused.exit_code == 2 and "[kolada]" in refused.stderr
    config = tmp_path / "c.toml"
    config.write_text('[kolada]\n"U1" = "Nöjd-Region-Index (NRI), Trygghet"\n', encoding="utf-8")
    result = run("import", "kolada", str(data), env={"KSUI_CONFIG": str(config)})
    assert result.exit_code == 0, result.output
    assert "1 värden importerade" in result.stdout


SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "sie-samples"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/sie-samples is not beside the repo")
def test_import_sie_then_drift_json_lists_every_object(run: Run, tmp_path: Path) -> None:
    import re

    from ksui.store import Store, read

    db = tmp_path / "sie.sqlite"
    assert run("init", "--empty", str(db)).exit_code == 0
    sample = SAMPLES / "Test3.SE"
    result = run("import", "sie", str(sample), db=db)
    assert result.exit_code == 0, result.output
    assert "Kontroller: alla" in result.stdout
    text = sample.read_bytes().decode("cp437")
    objects = dict(re.findall(r'#OBJEKT\s+1\s+"?([^"\s]+)"?\s+"([^"]*)"', text))
    doc = json.loads(run("drift", "--year", "1997", "--format", "json", db=db).stdout)
    units = {u["code"]: u for u in doc["units"]}
    assert set(objects) <= set(units)
    store = Store(db)
    try:
        data = read.load_report(store, read.find_committee(store, None), 1997, "bokslut")
    finally:
        store.close()
    rows = {r.unit.code: r for r in data.drift()}
    for code in objects:
        unit, row = units[code], rows[code]
        for key, value in (
            ("budget", row.budget),
            ("actual", row.figures.actual),
            ("deviation", row.deviation),
            ("net_cost_prev", row.previous_net_cost),
        ):
            expected = None if value is None else value / 100
            assert unit[key] == expected, (code, key)
    # Importing the same file again changes nothing and duplicates nothing.
    again = run("import", "sie", str(sample), db=db)
    assert again.exit_code == 0 and "0 nya" in again.stdout
    assert json.loads(run("drift", "--year", "1997", "--format", "json", db=db).stdout) == doc


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/sie-samples is not beside the repo")
def test_import_sie_refuses_a_broken_file(run: Run, demo_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.se"
    text = (SAMPLES / "Test3.SE").read_bytes().decode(
        "cp437"
    ).rstrip() + "\n#PSALDO 0 199712 3010 {} 12x\n"
    broken.write_bytes(text.encode("cp437"))
    before = dump(demo_path)
    result = run("import", "sie", str(broken))
    assert result.exit_code == 1
    assert "broken.se:" in result.stderr and "12x" in result.stderr
    assert dump(demo_path) == before
