"""`ksui set kommunrad|balanskrav` and the kommun's årets resultat and balanskravsresultat
in `summary`, `drift --format json|csv|markdown` and the exports."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest

from ksui.core.swedish import format_amount
from ksui.store.demo import create_database
from tests.cli.conftest import Run, dump
from tests.store.test_consolidate import build_namnd

KOMMUN = "Södertälje kommun"


@pytest.fixture
def kommun(run: Run, tmp_path: Path, demo_path: Path) -> Path:
    """A kommun file holding the demo's Kommunstyrelsen and a second nämnd."""
    path = tmp_path / "kommun.sqlite"
    create_database(path, demo=False).close()
    kfn = build_namnd(tmp_path / "kfn.sqlite")
    result = run("consolidate", str(path), str(demo_path), str(kfn), db=path)
    assert result.exit_code == 0, result.stderr
    return path


def drift(run: Run, db: Path, *args: str) -> dict[str, Any]:
    result = run("drift", "-c", KOMMUN, "--format", "json", *args, db=db)
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def enter(run: Run, db: Path) -> None:
    """Skatteintäkter, statsbidrag and pensions at bokslut 2017, and two adjustments."""
    for args in (
        ("kommunrad", "skatteintäkter", "budget", "400"),
        ("kommunrad", "skatt", "utfall", "402,5"),
        ("kommunrad", "statsbidrag", "budget", "100"),
        ("kommunrad", "statsbidrag", "utfall", "100"),
        ("kommunrad", "pensionskostnader", "budget", "-20"),
        ("kommunrad", "pension", "utfall", "-21 000 tkr"),
        ("balanskrav", "Samtliga realisationsvinster", "-1,5"),
        ("balanskrav", "Reservation till resultatutjämningsreserv", "-10"),
    ):
        result = run("set", *args, db=db)
        assert result.exit_code == 0, (args, result.stderr)


def test_set_prints_old_and_new_and_undo_takes_it_back(run: Run, kommun: Path) -> None:
    first = run("set", "kommunrad", "skatt", "budget", "400", "-r", "budgetbeslut", db=kommun)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        "Kommunrad Skatteintäkter, budget bokslut 2017: – → +400,0 mkr (ändring nr 2)\n"
    )
    same = run("set", "kommunrad", "skatteintäkter", "budget", "400 000 tkr", db=kommun)
    assert same.stdout.endswith("(oförändrat)\n")
    adjustment = run("set", "balanskrav", "Samtliga realisationsvinster", "-1,5", db=kommun)
    assert adjustment.stdout == (
        "Balanskravsutredning bokslut 2017: Samtliga realisationsvinster: – → -1,5 mkr"
        " (ändring nr 3)\n"
    )
    log = json.loads(run("log", "-n", "2", "-f", "json", db=kommun).stdout)["changesets"]
    assert log[1]["reason"] == "budgetbeslut"
    assert run("undo", "--yes", db=kommun).exit_code == 0
    assert drift(run, kommun)["kommun_result"]["balance_requirement"][1]["kind"] == "justerat"


def test_drift_json_shows_the_annual_result_and_the_balanskravsresultat(
    run: Run, kommun: Path
) -> None:
    before = drift(run, kommun)
    assert before["kommun_result"]["annual_result"]["actual"] is None
    enter(run, kommun)
    document = drift(run, kommun)
    # Nothing that was there is renamed or changed.
    assert {k: v for k, v in document.items() if k != "kommun_result"} == {
        k: v for k, v in before.items() if k != "kommun_result"
    }
    total = document["total"]
    found = document["kommun_result"]
    budget = Decimal("480000000") - Decimal(str(total["budget"]))  # 400 + 100 − 20 mkr − …
    actual = Decimal("481500000") - Decimal(str(total["actual"]))  # 402,5 + 100 − 21 mkr − …
    assert Decimal(str(found["annual_result"]["budget"])) == budget
    assert Decimal(str(found["annual_result"]["actual"])) == actual
    assert found["basis"] == "actual"
    assert Decimal(str(found["after_adjustments"])) == actual - 1_500_000
    assert Decimal(str(found["balance_result"])) == actual - 11_500_000
    names = [line["name"] for line in found["lines"]]
    assert names == [
        "Nämndernas nettokostnader",
        "Skatteintäkter",
        "Generella statsbidrag och utjämning",
        "Pensionskostnader",
        "Årets resultat",
    ]
    assert found["lines"][0]["actual"] == -total["actual"]
    # A nämnd's document has no kommun part.
    namnd = run("drift", "-c", "Kommunstyrelsen", "--format", "json", db=kommun)
    assert "kommun_result" not in json.loads(namnd.stdout)


def test_summary_csv_markdown_and_exports_show_both_tables(
    run: Run, kommun: Path, tmp_path: Path
) -> None:
    enter(run, kommun)
    result = drift(run, kommun)["kommun_result"]
    shown = format_amount(int(Decimal(str(result["balance_result"])) * 100), "mkr")
    summary = run("summary", env={"COLUMNS": "200"}, db=kommun)
    assert summary.exit_code == 2  # two nämnder: -c is needed
    summary = run("summary", "-c", KOMMUN, env={"COLUMNS": "200"}, db=kommun)
    assert summary.exit_code == 0, summary.stderr
    assert "Årets resultat (mkr)" in summary.stdout
    assert "Balanskravsresultat" in summary.stdout
    assert f"balanskravsresultatet {shown} mkr, så balanskravet är uppfyllt." in " ".join(
        summary.stdout.split()
    )
    rows = list(
        csv.DictReader(io.StringIO(run("drift", "-c", KOMMUN, "--format", "csv", db=kommun).stdout))
    )
    last = rows[-1]
    assert (last["name"], last["kind"]) == ("Balanskravsresultat", "balanskravsresultat")
    assert Decimal(last["actual"]) == Decimal(str(result["balance_result"]))
    table = run("drift", "-c", KOMMUN, env={"COLUMNS": "200"}, db=kommun).stdout
    assert table.index("Kommunstyrelsen") < table.index("Årets resultat (mkr)")
    # A result on screen is signed, as a deviation is (red for a loss in colour).
    signed = format_amount(int(Decimal(str(result["balance_result"])) * 100), "mkr", signed=True)
    assert f"Balanskravsresultat {signed}" in " ".join(table.split())
    markdown = run("drift", "-c", KOMMUN, "--format", "markdown", db=kommun).stdout
    assert "### Årets resultat (mkr)" in markdown
    assert "| Samtliga realisationsvinster | -1,5 |" in markdown
    exported = run("export", "markdown", "-c", KOMMUN, db=kommun)
    assert exported.exit_code == 0, exported.stderr
    # No prognos entered: the line is expected to land on its budget.
    assert "| Skatteintäkter | 400,0 | 400,0 | 402,5 | +2,5 |" in exported.stdout
    assert "| **Balanskravsresultat** |" in exported.stdout
    target = tmp_path / "kommun.docx"
    word = run("export", "docx", "-c", KOMMUN, "-o", str(target), db=kommun)
    assert word.exit_code == 0, word.stderr
    tables = docx.Document(str(target)).tables
    heads = [t.rows[0].cells[0].text for t in tables]
    assert "Resultatpost" in heads and "Balanskravsutredning" in heads
    balance = tables[heads.index("Balanskravsutredning")]
    assert balance.rows[-1].cells[0].text == "Balanskravsresultat"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("kommunrad", "skatt", "vinst", "1"), "okänt mått »vinst«"),
        (("kommunrad", "skatt", "budget", "abc"), "ogiltigt belopp"),
        (("kommunrad", "skatt", "budget", ""), "har ingen budget"),
        (("kommunrad", "skatt", "budget", "1", "--typ", "moms"), "okänd typ »moms«"),
        (("kommunrad", "skatt", "budget", "1", "-c", "Kommunstyrelsen"), "är ingen kommun"),
        (("kommunrad", "skatt", "budget", "1", "-p", "q5"), "q5"),
        (("balanskrav", "Finns inte", ""), "har ingen rad »Finns inte«"),
        (("balanskrav", "  ", "1"), "behöver ett namn"),
        (("balanskrav", "x", "1", "--typ", "annat"), "okänd typ »annat«"),
    ],
)
def test_bad_input_is_one_swedish_line_and_changes_nothing(
    run: Run, kommun: Path, args: tuple[str, ...], message: str
) -> None:
    before = dump(kommun)
    result = run("set", *args, db=kommun)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert dump(kommun) == before


def test_a_nämnd_file_refuses_kommun_lines(run: Run, demo_path: Path) -> None:
    before = dump(demo_path)
    result = run("set", "kommunrad", "skatt", "budget", "1", "-c", "Kommunstyrelsen")
    assert result.exit_code == 2
    assert "»Kommunstyrelsen« är ingen kommun" in result.stderr
    assert dump(demo_path) == before


def finance_sie(path: Path) -> Path:
    """The kommun's finance accounts for 2017: every month 300 mkr of skatt (and the same
    again on an object, a part of the account that must not be counted twice), 50 mkr of
    bidrag less 5 mkr of avgift, 1 mkr of ränteintäkter, 1,5 mkr of räntekostnader and
    2 mkr of pensions; a budget of 299 mkr a month of skatt; one nämnd account."""
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#FNAMN "Södertälje kommun"',
        "#RAR 0 20170101 20171231",
        '#DIM 1 "Ansvar"',
        '#OBJEKT 1 "900" "Finansförvaltningen"',
    ]
    for month in range(1, 13):
        period = f"2017{month:02d}"
        for account, amount in (
            ("8011", "-300000000"),
            ("8211", "-50000000"),
            ("8311", "5000000"),
            ("8441", "-1000000"),
            ("8511", "1500000"),
            ("5511", "2000000"),
            ("3011", "-7"),
        ):
            lines.append(f"#PSALDO 0 {period} {account} {{}} {amount}")
        lines.append(f'#PSALDO 0 {period} 8011 {{1 "900"}} -300000000')
        lines.append(f"#PBUDGET 0 {period} 8011 {{}} -299000000")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp437"))
    return path


def test_import_reads_the_finance_accounts_into_the_kommun_lines(
    run: Run, kommun: Path, tmp_path: Path
) -> None:
    sie = str(finance_sie(tmp_path / "finans.se"))
    result = run(
        "import", "kommunrader", sie, "-p", "delår", "--konto", "55=Pensionskostnader", db=kommun
    )
    assert result.exit_code == 0, result.stderr
    # Eight months of the year to August; the budget is the whole year's.
    assert result.stdout.splitlines() == [
        "Skatteintäkter: budget +3 588,0 mkr, utfall +2 400,0 mkr (1 konto)",
        "Generella statsbidrag och utjämning: utfall +360,0 mkr (2 konton)",
        "Finansiella intäkter: utfall +8,0 mkr (1 konto)",
        "Finansiella kostnader: utfall -12,0 mkr (1 konto)",
        "Pensionskostnader: utfall -16,0 mkr (1 konto)",
        "Ändring nr 2 (ångra med ksui undo 2).",
    ]
    again = run(
        "import", "kommunrader", sie, "-p", "delår", "--konto", "55=Pensionskostnader", db=kommun
    )
    assert again.stdout.splitlines()[-1] == "Inget ändrades."
    found = drift(run, kommun, "--period", "delår")["kommun_result"]
    assert [line["kind"] for line in found["lines"]] == [
        "namnder",
        "skatteintakter",
        "statsbidrag",
        "finansnetto",
        "finansnetto",
        "pensioner",
        "resultat",
    ]
    assert found["lines"][1]["actual"] == 2_400_000_000
    assert run("undo", "--yes", db=kommun).exit_code == 0
    assert drift(run, kommun, "--period", "delår")["kommun_result"]["lines"][-1] == {
        "name": "Årets resultat",
        "kind": "resultat",
        "budget": None,
        "forecast": None,
        "actual": None,
        "deviation": None,
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("missing.se",), 1, "missing.se"),
        (("finans.se", "-y", "2016"), 1, "filen gäller 2017, inte 2016"),
        (("empty.se",), 1, "inga belopp på kommunens konton"),
        (("finans.se", "--konto", "5x=Pension"), 2, "--konto »5x=Pension«"),
        (("finans.se", "-c", "Kommunstyrelsen"), 2, "är ingen kommun"),
    ],
)
def test_import_refusals_change_nothing(
    run: Run, kommun: Path, tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    finance_sie(tmp_path / "finans.se")
    (tmp_path / "empty.se").write_bytes(b"#FLAGGA 0\r\n#RAR 0 20170101 20171231\r\n")
    before = dump(kommun)
    path, *rest = args
    result = run("import", "kommunrader", str(tmp_path / path), *rest, db=kommun)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert dump(kommun) == before


def test_the_largest_deviations_name_their_nämnd(run: Run, kommun: Path) -> None:
    """Both nämnder have an »Ekonomi«: at the kommun each deviation says whose it is."""
    result = run("summary", "-c", KOMMUN, db=kommun)
    assert result.exit_code == 0, result.stderr
    namnder = ("(Kommunstyrelsen)", "(Kultur- och fritidsnämnden)")
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "Största avvikelser" in line)
    named = [line for line in lines[start + 2 : start + 5] if line.strip()]
    assert named, result.stdout
    assert all(any(n in line for n in namnder) for line in named), named
    text = " ".join(result.stdout.split())
    assert "Störst avvikelse mot budget har " in text
    assert " inom Kommunstyrelsen med " in text or " inom Kultur- och fritidsnämnden med " in text
    # A nämnd's own summary names its units alone, as before.
    own = run("summary", "-c", "Kommunstyrelsen", db=kommun).stdout
    assert "(Kommunstyrelsen)" not in own and " inom Kommunstyrelsen" not in own


def test_a_comment_check_at_the_kommun_names_the_nämnd(run: Run, kommun: Path) -> None:
    """The demo's Ekonomi comment contradicts its row; at the kommun, where the other nämnd
    has an »Ekonomi« too, the check says whose comment it is and names the unit's path."""
    result = run("summary", "-c", KOMMUN, db=kommun)
    text = " ".join(result.stdout.split())
    assert "kommentaren till Ekonomi (Kommunstyrelsen) anger" in text, result.stdout
    assert "kommentaren till Ekonomi anger" not in text
    own = " ".join(run("summary", "-c", "Kommunstyrelsen", db=kommun).stdout.split())
    assert "kommentaren till Ekonomi anger" in own
    checks = json.loads(run("check", "-c", KOMMUN, "--format", "json", db=kommun).stdout)
    rows = {f["row"] for f in checks["findings"] if "kommentaren till Ekonomi" in f["message"]}
    assert rows == {"Kommunstyrelsen/Kommunstyrelsens kontor/Ekonomi"}, rows


def test_a_nämnd_consolidated_without_its_history_leaves_the_kommun_without_last_year(
    run: Run, kommun: Path
) -> None:
    """The second nämnd's file has 2017 only: the kommun compares no unlike sets with 2016
    (a kommun »growing« by the whole nämnd), and the check says why there is no figure."""
    total = drift(run, kommun)["total"]
    assert total["net_cost_prev"] is None and total["net_cost_change_pct"] is None
    assert total["net_cost_by_year"]["2016"] is None
    summary = run("summary", "-c", KOMMUN, db=kommun)
    assert summary.exit_code in (0, 1), summary.stderr
    for row in ("Nettokostnad mot 2016", "Kommunbidrag mot 2016"):
        assert row not in summary.stdout
    said = " ".join(summary.stdout.split())
    assert "Kultur- och fritidsnämnden saknar 2016 i kommunens fil" in said
    # The nämnd itself, with its history, still compares with its own 2016.
    ks = run("summary", "-c", "Kommunstyrelsen", db=kommun)
    assert "Nettokostnad mot 2016" in ks.stdout
