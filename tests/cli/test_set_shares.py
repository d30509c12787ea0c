"""`ksui set share`: a share written, unchanged, removed, undone and refused; `ksui goals`
shows the table and `ksui log` names the change in Swedish."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Run, dump

WIDE: dict[str, str | None] = {"COLUMNS": "250"}
ITEM = "Övrig inriktning 4"


def test_a_share_is_written_printed_old_to_new_and_undone(run: Run, demo_path: Path) -> None:
    result = run("set", "share", ITEM, "Kolonial", "65,5", "-r", "rättad siffra")
    assert result.exit_code == 0, result.output
    assert "Andel Kolonial, Övrig inriktning 4 (Hållbara Södertälje), 2017 bokslut:" in (
        result.stdout
    )
    assert "64 % → 65,5 % (ändring nr" in result.stdout
    same = run("set", "share", ITEM, "Kolonial", "65,5 %")
    assert same.exit_code == 0 and "(oförändrat)" in same.stdout
    log = run("log", "-n", "1", env=WIDE)
    assert "Andelen »Kolonial« under Övrig inriktning 4" in log.stdout
    assert "64 % → 65,5 %" in log.stdout
    assert "rättad siffra" in log.stdout
    assert run("undo", "--yes").exit_code == 0
    assert "| Kolonial | 64 | 67 |" in run("export", "markdown").stdout


def test_the_delar_share_is_set_with_the_period(run: Run) -> None:
    result = run("set", "share", "ekologiskt jordbruk", "Ägg", "", "-p", "delår")
    assert result.exit_code == 0, result.output
    assert "97 % → –" in result.stdout
    assert "| Ägg | 99 |  |" in run("export", "markdown").stdout


def test_goals_shows_the_table_of_shares(run: Run) -> None:
    out = run("goals", env=WIDE).stdout
    assert "Andelar – Övrig inriktning 4 (Hållbara Södertälje)" in out
    row = next(line for line in out.splitlines() if line.strip().startswith("Mejeriprodukter"))
    assert row.split()[-2:] == ["80", "81"]


def test_refusals_change_nothing(run: Run, demo_path: Path) -> None:
    before = dump(demo_path)
    for args in (
        (ITEM, "Totalt", "101"),
        (ITEM, "Totalt", "58,55"),
        (ITEM, "Finns inte", ""),
        ("Ingen sådan inriktning", "Totalt", "5"),
        ("Övrig", "Totalt", "5"),  # several match: the numbers are named
    ):
        result = run("set", "share", *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("\n") == 1
    assert dump(demo_path) == before


def test_a_locked_follow_up_refuses_the_share(run: Run, demo_path: Path) -> None:
    assert run("lock", "--note", "Attesterad").exit_code == 0
    before = dump(demo_path)
    result = run("set", "share", ITEM, "Totalt", "60")
    assert result.exit_code == 2 and "låst" in result.stderr
    assert dump(demo_path) == before
