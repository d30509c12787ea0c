"""Issue 11's acceptance test: a controller's year on a SIE-imported nämnd.

A SIE 4 file made here (three cost centres, #PBUDGET and #PSALDO for every month of one
year) is imported into an empty database with ``ksui import sie``; then the year is
scripted with ``ksui set``: forecasts at t1, delår and oktober, and a tilläggsanslag from
September. Every expectation is computed from the numbers put in the file and the commands,
never read back from ksui: the drift JSON at every period, ``ksui months``, ``ksui
forecasts``, the Markdown export and the TUI.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ksui.cli.main import app
from ksui.config import Config
from tests.conftest import unnumbered

YEAR = 2024
NAMND = "Kulturnämnden i Provby"
UNITS = {"110": "Bibliotek", "120": "Kulturskola", "130": "Fritidsgårdar"}

# Monthly budgets per unit in whole kronor: costs (5011) and revenue (3110, negative).
BUDGET_COST = {
    "110": [
        500_000,
        500_000,
        520_000,
        520_000,
        520_000,
        480_000,
        300_000,
        400_000,
        520_000,
        540_000,
        540_000,
        640_000,
    ],
    "120": [300_000] * 6 + [100_000, 200_000] + [320_000] * 4,
    "130": [
        200_000,
        210_000,
        220_000,
        230_000,
        240_000,
        250_000,
        260_000,
        270_000,
        280_000,
        290_000,
        300_000,
        310_000,
    ],
}
BUDGET_REVENUE = {
    "110": [-20_000] * 12,
    "120": [-50_000] * 6 + [0, 0] + [-60_000] * 4,
    "130": [-5_000] * 12,
}


def _actual_cost(code: str, month: int) -> int:
    """Öre: the budget a little over or under, with öre, so exact money is tested."""
    skew = {"110": 103, "120": 97, "130": 110}[code]
    return BUDGET_COST[code][month - 1] * skew + month * 1_234_56 + 17


def _actual_revenue(code: str, month: int) -> int:
    return BUDGET_REVENUE[code][month - 1] * 100 - month * 321_09


def budget_month(code: str, month: int) -> int:
    """The unit's net periodised budget of one month, öre."""
    return (BUDGET_COST[code][month - 1] + BUDGET_REVENUE[code][month - 1]) * 100


def actual_month(code: str, month: int) -> int:
    """The unit's net cost of one month, öre."""
    return _actual_cost(code, month) + _actual_revenue(code, month)


def budget_ytd(code: str, month: int) -> int:
    return sum(budget_month(code, m) for m in range(1, month + 1))


def actual_ytd(code: str, month: int) -> int:
    return sum(actual_month(code, m) for m in range(1, month + 1))


ORIGINAL = {code: budget_ytd(code, 12) for code in UNITS}
# The tilläggsanslag: Bibliotek gets 450 tkr more from September.
RAISE = 450_000_00
NEW_BUDGET = {"110": ORIGINAL["110"] + RAISE}
assert all(v % 100_000 == 0 for v in ORIGINAL.values())  # whole tkr, to type them as tkr

# Forecasts (öre) by the period they are made at: t1 (110, 120), delår (110), oktober (all).
FORECASTS: dict[str, dict[str, int]] = {
    "t1": {"110": 6_300_000_00, "120": 2_900_000_00},
    "delar": {"110": 6_450_000_00},
    "m10": {"110": 6_600_000_00, "120": 2_850_000_00, "130": 3_300_000_00},
}
PERIOD_ARG = {"t1": "t1", "delar": "delår", "m10": "10"}

# The follow-ups in the order a year runs: (code, the --period given, order, month).
PERIODS: list[tuple[str, str, int, int]] = sorted(
    [(f"m{m:02d}", str(m), m * 10, m) for m in range(1, 13)]
    + [("t1", "t1", 45, 4), ("delar", "delår", 85, 8), ("bokslut", "bokslut", 125, 12)],
    key=lambda p: p[2],
)
ORDER = {code: order for code, _, order, _ in PERIODS}


def kr(ore: int) -> Decimal:
    """Öre as the JSON gives kronor (exact: parsed with parse_float=Decimal)."""
    return Decimal(ore) / 100


def tkr_text(ore: int) -> str:
    """Öre (whole tkr) as a Swedish amount in tkr for ``ksui set``."""
    assert ore % 100_000 == 0
    return f"{ore // 100_000:,}".replace(",", " ")


# ------------------------------------------------------------------ the file


def _amount(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole}.{frac:02d}"


def write_sie(path: Path) -> None:
    """A SIE 4 file of the nämnd's year as a finance system exports it (PC8, CRLF)."""
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "Ekonomisystem" 9.1',
        "#FORMAT PC8",
        f"#GEN {YEAR + 1}0210",
        "#SIETYP 4",
        f'#FNAMN "{NAMND}"',
        f"#RAR 0 {YEAR}0101 {YEAR}1231",
        '#KPTYP "KBAS"',
        '#DIM 1 "Ansvar"',
        *(f'#OBJEKT 1 "{code}" "{name}"' for code, name in UNITS.items()),
        '#KONTO 3110 "Taxor och avgifter"',
        '#KONTO 5011 "Löner månadsavlönade"',
    ]
    for code in UNITS:
        for month in range(1, 13):
            ym = f"{YEAR}{month:02d}"
            obj = f'{{1 "{code}"}}'
            cost = BUDGET_COST[code][month - 1] * 100
            revenue = BUDGET_REVENUE[code][month - 1] * 100
            lines.append(f"#PBUDGET 0 {ym} 5011 {obj} {_amount(cost)}")
            if revenue:
                lines.append(f"#PBUDGET 0 {ym} 3110 {obj} {_amount(revenue)}")
            lines.append(f"#PSALDO 0 {ym} 5011 {obj} {_amount(_actual_cost(code, month))}")
            lines.append(f"#PSALDO 0 {ym} 3110 {obj} {_amount(_actual_revenue(code, month))}")
    with path.open("w", encoding="cp437", newline="\r\n") as handle:
        handle.write("\n".join(lines) + "\n")


# ------------------------------------------------------------------ expectations


def budget_at(code: str, period: str) -> int:
    """The budget in force: the original before September, the new one from it."""
    if code in NEW_BUDGET and ORDER[period] >= ORDER["m09"]:
        return NEW_BUDGET[code]
    return ORIGINAL[code]


# T1 is April's follow-up and delår August's: a figure set at one is the other's.
TWIN = {"t1": "m04", "m04": "t1", "delar": "m08", "m08": "delar"}


def forecast_at(code: str, period: str) -> tuple[int, str]:
    """The unit's forecast and its source at a follow-up."""
    same = {period, TWIN.get(period)}
    made = [
        p for p in FORECASTS if code in FORECASTS[p] and (ORDER[p] <= ORDER[period] or p in same)
    ]
    if not made:
        return budget_at(code, period), "budget"
    latest = max(made, key=lambda p: (ORDER[period] if p in same else ORDER[p], p == period))
    return FORECASTS[latest][code], "entered" if latest in same else "carried"


def expected_unit(code: str, period: str, month: int) -> dict[str, Any]:
    budget = budget_at(code, period)
    forecast, source = forecast_at(code, period)
    return {
        "budget": kr(budget),
        "budget_original": kr(ORIGINAL[code]),
        "budget_ytd": kr(budget_ytd(code, month)),
        "actual": kr(actual_ytd(code, month)),
        "forecast": kr(forecast),
        "forecast_source": source,
        "forecast_deviation": kr(0 if source == "budget" else budget - forecast),
    }


def expected_total(period: str, month: int) -> dict[str, Any]:
    budget = sum(budget_at(c, period) for c in UNITS)
    sources = {forecast_at(c, period)[1] for c in UNITS}
    forecast = sum(forecast_at(c, period)[0] for c in UNITS)
    source = "budget" if sources == {"budget"} else "children"
    return {
        "budget": kr(budget),
        "budget_original": kr(sum(ORIGINAL.values())),
        "budget_ytd": kr(sum(budget_ytd(c, month) for c in UNITS)),
        "actual": kr(sum(actual_ytd(c, month) for c in UNITS)),
        "forecast": kr(forecast),
        "forecast_source": source,
        "forecast_deviation": kr(0 if source == "budget" else budget - forecast),
    }


# ------------------------------------------------------------------ the scripted year


class Ksui:
    """``ksui --db FILE …`` in-process, with an empty config and a fixed width."""

    def __init__(self, db: Path, config: Path) -> None:
        self.db = db
        self.env: dict[str, str | None] = {
            "COLUMNS": "120",
            "KSUI_CONFIG": str(config),
            "KSUI_DB": None,
            "NO_COLOR": None,
            "FORCE_COLOR": None,
        }

    def __call__(self, *args: str) -> str:
        result = CliRunner().invoke(app, ["--db", str(self.db), *args], env=self.env)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--format", "json"), parse_float=Decimal)


def scripted_year(tmp: Path) -> Ksui:
    """The database of the year: the file imported, then the year's forecasts and change."""
    config = tmp / "empty-config.toml"
    config.write_text("", encoding="utf-8")
    db = tmp / "ksui.sqlite"
    ksui = Ksui(db, config)
    ksui("init", "--empty", str(db))
    sie = tmp / "kultur.se"
    write_sie(sie)
    imported = ksui("import", "sie", str(sie))
    assert f"Nämnd: {NAMND} (ny)" in imported and "3 nya" in imported
    y = str(YEAR)
    for period in ("t1", "delar"):
        for code, amount in FORECASTS[period].items():
            ksui(
                "set",
                "drift",
                code,
                "prognos",
                tkr_text(amount),
                "-y",
                y,
                "--period",
                PERIOD_ARG[period],
            )
    ksui(
        "set",
        "drift",
        "110",
        "budget",
        tkr_text(NEW_BUDGET["110"]),
        "-y",
        y,
        "--period",
        "9",
        "--reason",
        "Tilläggsanslag",
    )
    for code, amount in FORECASTS["m10"].items():
        ksui("set", "drift", code, "prognos", tkr_text(amount), "-y", y, "--period", "10")
    return ksui


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Ksui:
    return scripted_year(tmp_path_factory.mktemp("controller-year"))


KEYS = list(expected_unit("110", "m01", 1))


@pytest.mark.parametrize(("period", "arg", "month"), [(p, a, m) for p, a, _, m in PERIODS])
def test_drift_json_at_every_period(year: Ksui, period: str, arg: str, month: int) -> None:
    doc = year.json("drift", "-y", str(YEAR), "-p", arg)
    assert (doc["committee"], doc["year"], doc["period"]) == (NAMND, YEAR, period)
    units = {u["code"]: u for u in doc["units"]}
    assert set(UNITS) <= set(units)
    for code, name in UNITS.items():
        unit = units[code]
        assert unit["name"] == name
        got = {k: unit[k] for k in KEYS}
        assert got == expected_unit(code, period, month), (period, code)
        # Avvikelse: against the periodised budget during the year, at bokslut against the
        # budget in force (the tilläggsanslag included).
        against = budget_at(code, period) if period == "bokslut" else budget_ytd(code, month)
        assert unit["deviation"] == kr(against - actual_ytd(code, month)), (period, code)
    total = doc["total"]
    assert total["name"] == NAMND
    assert {k: total[k] for k in KEYS} == expected_total(period, month), period
    against = sum(
        budget_at(c, period) if period == "bokslut" else budget_ytd(c, month) for c in UNITS
    )
    assert total["deviation"] == kr(against - sum(actual_ytd(c, month) for c in UNITS))


# ------------------------------------------------------------------ ksui months

#: The follow-up whose figures count for a month: T1 closes April, delår August.
CLOSING = {m: f"m{m:02d}" for m in range(1, 13)} | {4: "t1", 8: "delar", 12: "bokslut"}


def recorded_forecast(codes: list[str], month: int) -> int | None:
    """The helårsprognos in force at a month, over units: None before anyone made one."""
    period = CLOSING[month]
    made = [forecast_at(c, period) for c in codes]
    if all(source == "budget" for _, source in made):
        return None
    return sum(amount for amount, _ in made)


@pytest.mark.parametrize("code", [*UNITS, NAMND])
def test_months_json(year: Ksui, code: str) -> None:
    doc = year.json("months", code, "--year", str(YEAR))
    codes = list(UNITS) if code == NAMND else [code]
    assert doc["year"] == YEAR and doc["committee"] == NAMND
    assert doc["unit"] == (NAMND if code == NAMND else UNITS[code])
    expected = [
        {
            "month": m,
            "budget": kr(sum(budget_month(c, m) for c in codes)),
            "actual": kr(sum(actual_month(c, m) for c in codes)),
            "budget_ytd": kr(sum(budget_ytd(c, m) for c in codes)),
            "actual_ytd": kr(sum(actual_ytd(c, m) for c in codes)),
            "forecast": None if (f := recorded_forecast(codes, m)) is None else kr(f),
        }
        for m in range(1, 13)
    ]
    forecasts = [m.pop("forecast") for m in doc["months"]]
    wanted = [m.pop("forecast") for m in expected]
    assert doc["months"] == expected
    if code != NAMND:
        assert forecasts == wanted
        return
    # The nämnd: none before t1; from t1 the total as the drift table shows it, where a unit
    # nobody forecast counts at its budget.
    assert forecasts[:3] == wanted[:3] == [None, None, None]
    assert forecasts[9:] == wanted[9:]  # from October every unit has its own forecast
    assert forecasts == wanted


# ------------------------------------------------------------------ ksui forecasts


def test_forecasts_json(year: Ksui) -> None:
    doc = year.json("forecasts", "--year", str(YEAR))
    assert (doc["committee"], doc["year"]) == (NAMND, YEAR)
    by_name = {u["name"]: u for u in doc["units"]}
    assert doc["units"][0]["name"] == NAMND
    assert set(by_name) == {NAMND, *UNITS.values()}
    label = {"t1": "t1", "delar": "delar", "m10": "10"}
    for code, name in UNITS.items():
        made = [p for p in FORECASTS if code in FORECASTS[p]]
        assert by_name[name]["forecasts"] == [
            {"period": label[p], "forecast": kr(FORECASTS[p][code])} for p in made
        ], name
        assert by_name[name]["outcome"] == kr(actual_ytd(code, 12)), name
    # The nämnd's forecast at each follow-up as the drift table showed it.
    assert by_name[NAMND]["forecasts"] == [
        {"period": label[p], "forecast": expected_total(p, 0)["forecast"]} for p in FORECASTS
    ]
    assert by_name[NAMND]["outcome"] == kr(sum(actual_ytd(c, 12) for c in UNITS))


# ------------------------------------------------------------------ the Markdown export


def tkr_cell(ore: int, signed: bool = False) -> str:
    """Öre as a Markdown table cell in tkr: rounded half away from zero, space-grouped."""
    value = (abs(ore) + 50_000) // 100_000
    text = f"{value:,}".replace(",", " ")
    if value == 0:
        return "0"
    if ore < 0:
        return f"-{text}"
    return f"+{text}" if signed else text


def mkr_text(ore: int) -> str:
    """Öre as the narrative's mkr: one decimal, decimal comma."""
    tenths = (abs(ore) + 5_000_000) // 10_000_000
    return f"{tenths // 10},{tenths % 10}"


def table_rows(markdown: str, heading: str) -> dict[str, list[str]]:
    """The rows of the table under a ### heading, by first cell (formatting stripped)."""
    section = markdown.split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        if not line.startswith("|") or line.startswith("| :--"):
            continue
        cells = [
            " ".join(c.replace("&nbsp;", " ").replace("**", "").split())
            for c in line.strip("|").split("|")
        ]
        cells = [c.replace("\u00a0", " ").replace("\u202f", " ") for c in cells]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.parametrize(
    ("period", "arg", "title", "month_word"),
    [
        ("delar", "delår", "Delårsrapport 2024", "aug"),
        ("m10", "10", "Månadsuppföljning oktober 2024", "okt"),
    ],
)
def test_markdown_export(year: Ksui, period: str, arg: str, title: str, month_word: str) -> None:
    month = 8 if period == "delar" else 10
    text = unnumbered(year("export", "markdown", "-y", str(YEAR), "-p", arg))
    assert text.startswith(f"# {title} – {NAMND}\n")
    drift = table_rows(text, "Utfall hittills och helårsprognos")
    header = drift["tkr"]
    assert header == [
        "Kommunbidrag",
        "Periodiserad budget",
        "Utfall hittills",
        "Avvikelse hittills",
        f"Helårsprognos {month_word}",
        "Prognosavvikelse",
    ]
    for code, name in [*UNITS.items(), (None, NAMND)]:
        want = expected_total(period, month) if code is None else expected_unit(code, period, month)
        ore = {k: int(v * 100) for k, v in want.items() if isinstance(v, Decimal)}
        assert drift[name] == [
            tkr_cell(ore["budget"]),
            tkr_cell(ore["budget_ytd"]),
            tkr_cell(ore["actual"]),
            tkr_cell(ore["budget_ytd"] - ore["actual"], signed=True),
            tkr_cell(ore["forecast"]),
            tkr_cell(ore["forecast_deviation"], signed=True),
        ], (period, name)
    total = expected_total(period, month)
    gap = int(total["forecast_deviation"] * 100)
    word = "underskott" if gap < 0 else "överskott"
    assert (
        f"Helårsprognosen för {NAMND} pekar på ett {word} på {mkr_text(gap)} mkr mot budget" in text
    )
    if ORDER[period] < ORDER["m09"]:
        assert "Budgetförändringar under året" not in text
        return
    changes = table_rows(text, "Budgetförändringar under året")
    assert changes["Enhet"] == [
        "Från och med",
        "Budget före",
        "Förändring",
        "Budget efter",
        "Anledning",
    ]
    assert changes == {
        "Enhet": changes["Enhet"],
        "Bibliotek": [
            "September",
            tkr_cell(ORIGINAL["110"]),
            tkr_cell(RAISE, signed=True),
            tkr_cell(NEW_BUDGET["110"]),
            "Tilläggsanslag",
        ],
    }


def test_markdown_export_at_bokslut(year: Ksui) -> None:
    """The årsrapport: Avvikelse = Budget − Utfall with the tilläggsanslag, and the result
    against the October forecast."""
    text = unnumbered(year("export", "markdown", "-y", str(YEAR), "-p", "bokslut"))
    assert text.startswith(f"# Årsrapport 2024 – {NAMND}\n")
    drift = table_rows(text, "Resultat och nettokostnadsutveckling")
    assert drift["tkr"][:4] == ["Kommunbidrag", "Prognos", "Utfall", "Budgetavvikelse"]
    for code, name in [*UNITS.items(), (None, NAMND)]:
        codes = list(UNITS) if code is None else [code]
        budget = sum(budget_at(c, "bokslut") for c in codes)
        forecast = sum(forecast_at(c, "bokslut")[0] for c in codes)
        actual = sum(actual_ytd(c, 12) for c in codes)
        assert drift[name][:4] == [
            tkr_cell(budget),
            tkr_cell(forecast),
            tkr_cell(actual),
            tkr_cell(budget - actual, signed=True),
        ], name
    budget = sum(budget_at(c, "bokslut") for c in UNITS)
    actual = sum(actual_ytd(c, 12) for c in UNITS)
    forecast = sum(FORECASTS["m10"].values())
    result = budget - actual
    word = "underskott" if result < 0 else "överskott"
    assert f"{NAMND} redovisar ett {word} på {mkr_text(result)} mkr" in text
    # The latest forecast (October) against the outcome: forecast − actual.
    better = "bättre" if forecast > actual else "sämre"
    assert (
        f"Resultatet är {mkr_text(forecast - actual)} mkr {better} än den senaste "
        "helårsprognosen" in text
    )
    assert "Budgetförändringar under året" in text


def statement_actual(month: int) -> dict[str, int]:
    """The resultaträkning's utfall January–``month`` (öre, revenue positive, costs negative)."""
    months = range(1, month + 1)
    return {
        "avgifter": -sum(_actual_revenue(c, m) for c in UNITS for m in months),
        "personal": -sum(_actual_cost(c, m) for c in UNITS for m in months),
    }


# The resultaträkning's budget: the file's #PBUDGET for the year (the drift's tilläggsanslag
# is no resultaträkning line).
STATEMENT_BUDGET = {
    "avgifter": -sum(sum(BUDGET_REVENUE[c]) for c in UNITS) * 100,
    "personal": -sum(sum(BUDGET_COST[c]) for c in UNITS) * 100,
}


@pytest.mark.parametrize(
    ("arg", "month", "heading", "columns"),
    [
        (
            "delår",
            8,
            f"Resultaträkning {YEAR}, utfall hittills (tkr)",
            ["Årsbudget 2024", "Utfall hittills 2024", "Avvikelse mot årsbudget"],
        ),
        (
            "5",
            5,
            f"Resultaträkning {YEAR}, utfall hittills (tkr)",
            ["Årsbudget 2024", "Utfall hittills 2024", "Avvikelse mot årsbudget"],
        ),
        (
            "bokslut",
            12,
            f"Resultaträkning {YEAR} (tkr)",
            ["Budget 2024", "Bokslut 2024", "Budgetavvikelse"],
        ),
    ],
)
def test_markdown_result_statement_is_the_follow_ups(
    year: Ksui, arg: str, month: int, heading: str, columns: list[str]
) -> None:
    """The SIE file's months give the resultaträkning: at delår the utfall through August,
    at bokslut the whole year's."""
    text = unnumbered(year("export", "markdown", "-y", str(YEAR), "-p", arg))
    assert "är inte inläst" not in text
    rows = table_rows(text, heading)
    assert rows["tkr"] == ["Bokslut 2023", *columns]
    actual = statement_actual(month)
    budget = STATEMENT_BUDGET

    def cells(a: int, b: int) -> list[str]:
        return ["", tkr_cell(b), tkr_cell(a), tkr_cell(a - b)]

    assert rows["Avgifter och taxor"] == cells(actual["avgifter"], budget["avgifter"])
    assert rows["Summa intäkter"] == cells(actual["avgifter"], budget["avgifter"])
    assert rows["Personal"] == cells(actual["personal"], budget["personal"])
    assert rows["Verksamhetens nettokostnad"] == cells(sum(actual.values()), sum(budget.values()))


# ------------------------------------------------------------------ the TUI


@pytest.mark.parametrize("period", ["delar", "m10"])
def test_tui_shows_budget_in_force_and_forecast(year: Ksui, period: str) -> None:
    import asyncio

    from ksui.tui import KsuiApp
    from tests.tui.conftest import drift_table, row_of, settle

    month = 8 if period == "delar" else 10
    total = expected_total(period, month)
    bibliotek = expected_unit("110", period, month)

    async def scenario() -> None:
        app = KsuiApp(Config(database=year.db, theme="textual-dark", start_period=period))
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.press("2")
            await settle(pilot)
            assert app.data is not None and (app.data.year, app.data.period) == (YEAR, period)
            for name, want in ((NAMND, total), ("Bibliotek", bibliotek)):
                row = row_of(app, name)
                assert kr(row.budget) == want["budget"], name
                assert kr(row.budget_original) == want["budget_original"], name
                assert kr(row.figures.forecast) == want["forecast"], name
                assert row.forecast_source == want["forecast_source"], name
                assert kr(row.forecast_deviation) == want["forecast_deviation"], name
            # And on screen: the nämnd's line shows the budget in force and the forecast.
            table = drift_table(app)
            lines = [table.render_line(y).text for y in range(table.size.height)]
            [line] = [ln for ln in lines if NAMND[:12] in ln]
            shown = " ".join(line.replace("\u00a0", " ").split())
            ore = {k: int(v * 100) for k, v in total.items() if isinstance(v, Decimal)}
            assert tkr_cell(ore["budget"]) in shown, shown
            assert tkr_cell(ore["forecast"]) in shown, shown
            assert tkr_cell(ore["forecast_deviation"], signed=True) in shown, shown

    asyncio.run(scenario())
