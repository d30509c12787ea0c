"""Templates that need no lookup, and imports that never guess a year or a period."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run, dump

TKR = 1_000  # the JSON gives kronor


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _hr(run: Run, period: str, year: str = "2017") -> dict[str, object]:
    doc = json.loads(run("drift", "--year", year, "--period", period, "--format", "json").stdout)
    return next(u for u in doc["units"] if u["name"] == "HR")


def test_a_row_without_period_is_refused_unless_the_period_is_given(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    sheet = _csv(tmp_path / "t1.csv", "Enhet;År;Utfall (tkr)\n130;2017;9 000\n")
    before = dump(demo_path)
    refused = run("import", "drift", str(sheet))
    assert refused.exit_code == 1
    assert "t1.csv:2: kolumnen »Period«: period saknas (ange kolumnen Period eller --period)" in (
        refused.stderr
    )
    assert dump(demo_path) == before
    done = run("import", "drift", str(sheet), "--period", "t1")
    assert done.exit_code == 0, done.output
    assert _hr(run, "t1")["actual"] == 9_000 * TKR


def test_a_rows_own_year_and_period_win_over_the_options(run: Run, tmp_path: Path) -> None:
    sheet = _csv(
        tmp_path / "mixed.csv",
        "Enhet;År;Period;Utfall (tkr)\n130;;;1 111\n130;2017;delår;2 222\n",
    )
    done = run("import", "drift", str(sheet), "--year", "2017", "--period", "t1")
    assert done.exit_code == 0, done.output
    assert _hr(run, "t1")["actual"] == 1_111 * TKR
    assert _hr(run, "delar")["actual"] == 2_222 * TKR


def test_a_name_that_is_not_the_codes_unit_is_refused(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    """A sheet sorted on one column only: the names no longer sit beside their codes."""
    sheet = _csv(
        tmp_path / "sorted.csv",
        "Enhet;Namn;År;Period;Budget (tkr)\n"
        "120;Ekonomi;2017;bokslut;1\n"
        "130;Ekonomi;2017;bokslut;2\n",
    )
    before = dump(demo_path)
    refused = run("import", "drift", str(sheet))
    assert refused.exit_code == 1
    assert "sorted.csv:3: kolumnen »Namn«: »Ekonomi« är inte 130; 130 heter »HR«" in refused.stderr
    assert dump(demo_path) == before


def test_amounts_without_a_unit_are_tkr_whatever_the_screens_show(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "mkr.toml"
    config.write_text('[display]\nunit = "mkr"\n', encoding="utf-8")
    sheet = _csv(tmp_path / "plain.csv", "Enhet;År;Period;Budget\n130;2017;bokslut;40 000\n")
    done = run("import", "drift", str(sheet), env={"KSUI_CONFIG": str(config)})
    assert done.exit_code == 0, done.output
    assert _hr(run, "bokslut")["budget"] == 40_000 * TKR


def test_filled_templates_import_as_they_are(run: Run, tmp_path: Path) -> None:
    drift = tmp_path / "drift.csv"
    assert run("template", "drift", str(drift), "--period", "t1").exit_code == 0
    lines = drift.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == (
        "Enhet;Namn;År;Period;Budget (tkr);Periodiserad budget (tkr);Prognos (tkr);"
        "Utfall (tkr);Kommentar"
    )
    # The leaves, in the drift table's order, each with its code and name.
    assert [line.split(";")[:4] for line in lines[1:4]] == [
        ["110", "Stadsdirektörens kansli", "2017", "Tertial 1 (april)"],
        ["120", "Ekonomi", "2017", "Tertial 1 (april)"],
        ["130", "HR", "2017", "Tertial 1 (april)"],
    ]
    filled = [lines[0]] + [
        line.replace(";Tertial 1 (april);", ";Tertial 1 (april);;;;5;", 1) for line in lines[1:]
    ]
    drift.write_text("\n".join(filled) + "\n", encoding="utf-8")
    done = run("import", "drift", str(drift))
    assert done.exit_code == 0, done.output
    assert _hr(run, "t1")["actual"] == 5 * TKR
    projects = tmp_path / "inv.csv"
    assert run("template", "investeringar", str(projects), "--year", "2017").exit_code == 0
    rows = projects.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("Kategori;Projekt;År;Period;Anslag (tkr);Utfall (tkr);Status")
    assert "KS/KF-investeringar;Bärbara datorer;2017;;;;" in "\n".join(rows)


def test_a_bad_period_option_is_one_line(run: Run, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "x.csv", "Enhet;År;Budget (tkr)\n130;2017;1\n")
    result = run("import", "drift", str(sheet), "--period", "vår")
    assert result.exit_code == 2
    assert result.stderr.startswith("ksui: okänd period »vår«") and result.stderr.count("\n") == 1
