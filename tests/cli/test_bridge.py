"""`ksui set bridge`: a part written, unchanged, removed and undone; the check and the
report read it; a refusal changes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Run, dump
from tests.conftest import unnumbered

WIDE: dict[str, str | None] = {"COLUMNS": "250"}


def test_a_part_that_breaks_the_sum_is_found_and_undone(run: Run, demo_path: Path) -> None:
    assert run("check", env=WIDE).stdout.count("nettokostnadsbrygg") == 0
    result = run("set", "bridge", "övriga kostnader netto", "3,7", "-r", "ny bedömning")
    assert result.exit_code == 0, result.output
    assert "övriga kostnader netto: +3,2 mkr → +3,7 mkr" in result.stdout
    same = run("set", "bridge", "övriga kostnader netto", "3 700 tkr")
    assert "(oförändrat)" in same.stdout
    check = run("check", env=WIDE)
    assert check.exit_code == 1
    assert "summerar till 18,1 mkr" in check.stdout
    assert "-0,5 mkr är inte förklarat" in check.stdout
    assert run("undo", "--yes").exit_code == 0
    assert "nettokostnadsbrygg" not in run("check", env=WIDE).stdout


def test_a_new_part_goes_last_and_a_removed_one_is_gone(run: Run, demo_path: Path) -> None:
    assert run("set", "bridge", "engångspost", "-0,5").exit_code == 0
    text = unnumbered(run("export", "markdown").stdout)
    table = text[text.index("### Nettokostnadsbrygga") :].split("\n\n")[1]
    assert table.splitlines()[-3] == "| Engångspost | -0,5 |"
    assert "och engångspost -0,5 mkr." in text
    assert run("set", "bridge", "engångspost", "").exit_code == 0
    assert "ngångspost" not in unnumbered(run("export", "markdown").stdout)


def test_refusals_change_nothing(run: Run, demo_path: Path) -> None:
    before = dump(demo_path)
    for args in (("finns inte", ""), ("x", "abc"), ("  ", "1")):
        result = run("set", "bridge", *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("\n") == 1
    assert dump(demo_path) == before
