"""`ksui import drift|investeringar|personal|kolada` and `ksui template`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run, dump


def test_template_then_import_csv(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "drift.csv"
    made = run("template", "drift", str(template), "--year", "2018")
    assert made.exit_code == 0, made.output
    lines = template.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Enhet;År;Period;Budget (tkr)")
    filled = [lines[0]] + [line.replace(";bokslut;;", ";bokslut;1 000;", 1) for line in lines[1:]]
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
    result = run("import", "drift", str(path))
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
