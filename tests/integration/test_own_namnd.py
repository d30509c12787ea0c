"""Issue 12's acceptance test: a nämnd built from an empty file with ksui commands and filled
templates only — no SIE, no SQL — reported at T1, then carried into the next year.

Every expected figure is computed here from what the test types into the templates, never
read back from ksui first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from ksui.cli.main import app

YEAR = 2025
NAMND = "Fritidsnämnden i Provby"
#: (code, name, parent code) — six units on two levels under the nämnd "FN".
UNITS = [
    ("100", "Nämnd och förvaltningsledning", "FN"),
    ("200", "Fritid", "FN"),
    ("210", "Idrottshallar", "200"),
    ("220", "Fritidsgårdar", "200"),
    ("300", "Kultur", "FN"),
    ("310", "Bibliotek", "300"),
]
LEAVES = ["100", "210", "220", "310"]
#: Budget and utfall at T1 per leaf, in tkr as typed into the template.
BUDGET = {"100": 4_000, "210": 12_500, "220": 6_200, "310": 9_300}
ACTUAL_T1 = {"100": 1_250, "210": 4_400, "220": 2_150, "310": 2_980}
CATEGORIES = [("Nämndsinvesteringar", "namnd"), ("Lokaler", "lokaler")]
PROJECTS = [
    ("Konstgräs Provbyvallen", "Lokaler", 3_000, 800),
    ("Belysning motionsspår", "Lokaler", 1_200, 150),
    ("Inventarier bibliotek", "Nämndsinvesteringar", 500, 120),
]


def _runner(db: Path, env: dict[str, str | None]) -> Any:
    runner = CliRunner()

    def run(*args: str) -> Result:
        result = runner.invoke(app, ["--db", str(db), *args], env=env)
        assert result.exit_code == 0, (args, result.output)
        return result

    return run


def _fill(template: Path, rows: dict[str, list[str]], key_column: int) -> None:
    """Fill a template's rows (keyed by their first or second cell) with the given cells."""
    lines = template.read_text(encoding="utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    out = [header]
    for line in body:
        cells = line.split(";")
        if cells[key_column] in rows:
            out.append(";".join(rows[cells[key_column]]))
    template.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_a_namnd_from_an_empty_file_reported_at_t1_and_into_the_next_year(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    env: dict[str, str | None] = {
        "COLUMNS": "120",
        "KSUI_CONFIG": str(config),
        "KSUI_DB": None,
        "NO_COLOR": None,
    }
    db = tmp_path / "namnd.sqlite"
    run = _runner(db, env)
    run("init", "--empty", str(db))
    run("add", "committee", NAMND, "--code", "FN")
    for code, name, parent in UNITS:
        run("add", "unit", name, "--code", code, "--parent", parent)
    for name, kind in CATEGORIES:
        run("add", "category", name, "--kind", kind)
    for name, category, _anslag, _utfall in PROJECTS:
        run("add", "project", name, "--category", category, "--year", str(YEAR))
    run("add", "area", "Aktiva invånare")
    run("add", "goal", "Fler barn och unga ska idrotta", "--area", "Aktiva")
    run("add", "goal", "Biblioteken ska nå fler", "--area", "Aktiva")
    run("add", "indicator", "Andel aktiva 7–20 år", "--goal", "1", "--unit", "procent")

    # Budget and T1 utfall from the filled drift template: codes and names prefilled.
    drift = tmp_path / "drift.csv"
    run("template", "drift", str(drift), "--year", str(YEAR), "--period", "t1")
    _fill(
        drift,
        {
            code: [
                code,
                next(n for c, n, _p in UNITS if c == code),
                str(YEAR),
                "T1",
                f"{BUDGET[code]:,}".replace(",", " "),
                "",
                "",
                f"{ACTUAL_T1[code]:,}".replace(",", " "),
                "",
            ]
            for code in LEAVES
        },
        key_column=0,
    )
    run("import", "drift", str(drift))
    # Anslag and T1 utfall of the projects from the filled investment template.
    investments = tmp_path / "inv.csv"
    run("template", "investeringar", str(investments), "--year", str(YEAR), "--period", "t1")
    _fill(
        investments,
        {
            name: [category, name, str(YEAR), "T1", str(anslag), str(utfall), "Pågående", ""]
            for name, category, anslag, utfall in PROJECTS
        },
        key_column=1,
    )
    run("import", "investeringar", str(investments))

    doc = json.loads(run("drift", "--period", "t1", "--format", "json").stdout)
    kr = 1_000  # the JSON gives kronor; the templates took tkr
    assert doc["total"]["name"] == NAMND
    assert doc["total"]["budget"] == sum(BUDGET.values()) * kr
    assert doc["total"]["actual"] == sum(ACTUAL_T1.values()) * kr
    fritid = next(u for u in doc["units"] if u["name"] == "Fritid")
    assert fritid["budget"] == (BUDGET["210"] + BUDGET["220"]) * kr
    assert [u["name"] for u in doc["units"]] == [name for _c, name, _p in UNITS]

    markdown = run("export", "markdown", "--period", "t1").stdout
    total_budget = f"{sum(BUDGET.values()):,}".replace(",", "\u00a0")
    total_actual = f"{sum(ACTUAL_T1.values()):,}".replace(",", "\u00a0")
    assert NAMND in markdown
    for text in ("Idrottshallar", "Bibliotek", "Konstgräs Provbyvallen", "Biblioteken ska nå fler"):
        assert text in markdown, text
    flat = markdown.replace("\u202f", "\u00a0").replace(" ", "\u00a0")
    assert total_budget in flat and total_actual in flat
    lokaler = sum(a for _n, c, a, _u in PROJECTS if c == "Lokaler")
    assert f"{lokaler:,}".replace(",", "\u00a0") in flat

    # Årsskifte: the same units, empty figures, this year as the one to compare with.
    run("new-year", str(YEAR + 1))
    after = json.loads(run("drift", "--format", "json").stdout)
    assert after["year"] == YEAR + 1
    assert [u["name"] for u in after["units"]] == [name for _c, name, _p in UNITS]
    assert all(u["budget"] is None and u["actual"] is None for u in after["units"])
    goals = json.loads(run("goals", "--format", "json").stdout)
    assert [g["title"] for a in goals["areas"] for g in a["goals"]] == [
        "Fler barn och unga ska idrotta",
        "Biblioteken ska nå fler",
    ]
    projects = json.loads(run("investments", "--format", "json").stdout)
    carried = {p["name"]: p["appropriation"] for c in projects["categories"] for p in c["projects"]}
    assert carried == {name: (a - u) * kr for name, _c, a, u in PROJECTS}
