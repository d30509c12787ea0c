"""The kommun level's use cases: lines and adjustments written, undone, locked, refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ksui.actions import history, kommun, locks
from ksui.actions.errors import ActionError, LockedError, StoreError
from ksui.store import Store
from ksui.store.consolidate import consolidate
from ksui.store.demo import create_database
from ksui.store.read import find_committee, load_report
from tests.actions.conftest import changeset_count, unit_id
from tests.cli.conftest import dump
from tests.store.test_consolidate import build_namnd

MKR = 100_000_000
KOMMUN = "Testkommun"
KFN = "Kultur- och fritidsnämnden"


@pytest.fixture
def kommun_path(tmp_path: Path, demo_path: Path) -> Path:
    """A kommun file holding the demo's Kommunstyrelsen and a second nämnd."""
    path = tmp_path / "kommun.sqlite"
    store = create_database(path, demo=False)
    try:
        consolidate(store, [demo_path, build_namnd(tmp_path / "kfn.sqlite")], KOMMUN)
    finally:
        store.close()
    return path


@pytest.fixture
def kstore(kommun_path: Path) -> Iterator[Store]:
    s = Store(kommun_path)
    yield s
    s.close()


def test_the_result_adds_the_lines_to_the_namnder_own_totals(kstore: Store) -> None:
    kid = unit_id(kstore, KOMMUN)
    kommun.set_line(kstore, kid, 2017, "bokslut", "skatt", "budget", 400 * MKR)
    kommun.set_line(kstore, kid, 2017, "bokslut", "skatteintäkter", "actual", 402 * MKR)
    kommun.set_line(kstore, kid, 2017, "bokslut", "Pensionskostnader", "budget", -30 * MKR)
    kommun.set_line(kstore, kid, 2017, "bokslut", "pension", "actual", -31 * MKR)
    kommun.set_adjustment(kstore, kid, 2017, "bokslut", "Samtliga realisationsvinster", -MKR)
    kommun.set_adjustment(
        kstore, kid, 2017, "bokslut", "Reservation till resultatutjämningsreserv", -5 * MKR
    )
    result = kommun.result(kstore, kid, 2017, "bokslut")
    # The nämnder's total is what each nämnd's own report says, added up.
    own = [
        load_report(kstore, find_committee(kstore, name), 2017, "bokslut").total()
        for name in ("Kommunstyrelsen", KFN)
    ]
    budget = sum(r.budget or 0 for r in own)
    actual = sum(r.figures.actual or 0 for r in own)
    assert result.namnder.budget == budget
    assert result.namnder.actual == actual
    assert [line.name for line in result.lines] == ["Skatteintäkter", "Pensionskostnader"]
    assert result.result.budget == 370 * MKR - budget
    assert result.result.actual == 371 * MKR - actual
    assert result.after_adjustments == 370 * MKR - actual
    assert result.balance_result == 365 * MKR - actual
    # The report of the kommun (what every exporter reads) tells the same.
    data = load_report(kstore, find_committee(kstore, KOMMUN), 2017, "bokslut")
    assert data.kommun_entries is not None
    assert len(data.kommun_entries.lines) == 2


def test_an_unchanged_figure_writes_nothing_and_undo_takes_a_line_back(kstore: Store) -> None:
    kid = unit_id(kstore, KOMMUN)
    first = kommun.set_line(kstore, kid, 2017, "delar", "skatt", "forecast", 401 * MKR)
    assert first.changeset is not None
    count = changeset_count(kstore)
    again = kommun.set_line(kstore, kid, 2017, "delar", "Skatteintäkter", "forecast", 401 * MKR)
    assert again.changeset is None
    assert changeset_count(kstore) == count
    changed = kommun.set_line(kstore, kid, 2017, "delar", "skatt", "forecast", 405 * MKR)
    assert changed.changeset is not None
    history.undo(kstore, changed.changeset)
    assert kommun.result(kstore, kid, 2017, "delar").lines[0].amounts.forecast == 401 * MKR
    history.undo(kstore, first.changeset)
    assert kommun.result(kstore, kid, 2017, "delar").empty


def test_clearing_the_last_measure_removes_the_line(kstore: Store) -> None:
    kid = unit_id(kstore, KOMMUN)
    kommun.set_line(kstore, kid, 2017, "bokslut", "Finansförvaltningen", "actual", 2 * MKR)
    kommun.set_line(kstore, kid, 2017, "bokslut", "Finansförvaltningen", "budget", MKR)
    kommun.set_line(kstore, kid, 2017, "bokslut", "Finansförvaltningen", "actual", None)
    (line,) = kommun.entries(kstore, kid, 2017).lines
    assert (line.kind, line.budget, line.actual) == ("finansnetto", MKR, None)
    kommun.set_line(kstore, kid, 2017, "bokslut", "finansförvaltningen", "budget", None)
    assert kommun.entries(kstore, kid, 2017).lines == ()
    with pytest.raises(StoreError, match="har ingen budget"):
        kommun.set_line(kstore, kid, 2017, "bokslut", "Finansförvaltningen", "budget", None)


def test_adjustments_are_replaced_removed_and_named_in_the_log(kstore: Store) -> None:
    kid = unit_id(kstore, KOMMUN)
    kommun.set_adjustment(kstore, kid, 2017, "bokslut", "Samtliga realisationsvinster", -MKR)
    kommun.set_adjustment(kstore, kid, 2017, "bokslut", "samtliga realisationsvinster", -2 * MKR)
    (entry,) = kommun.entries(kstore, kid, 2017).adjustments
    assert (entry.name, entry.kind, entry.amount) == (
        "Samtliga realisationsvinster",
        "justering",
        -2 * MKR,
    )
    log = history.audit_log(kstore, limit=1)[0]
    place = f"Balanskravsutredningen för {KOMMUN} 2017 bokslut"
    assert log.words[0].line.startswith(f"{place}, raden »Samtliga realisationsvinster«")
    assert "-2 000 tkr" in log.words[0].line
    kommun.remove_adjustment(kstore, kid, 2017, "bokslut", "Samtliga realisationsvinster")
    assert kommun.entries(kstore, kid, 2017).adjustments == ()
    with pytest.raises(StoreError, match="har ingen rad"):
        kommun.remove_adjustment(kstore, kid, 2017, "bokslut", "Samtliga realisationsvinster")


def test_a_locked_follow_up_refuses_and_a_later_one_does_not(kstore: Store) -> None:
    kid = unit_id(kstore, KOMMUN)
    kommun.set_line(kstore, kid, 2017, "delar", "skatt", "budget", 400 * MKR)
    locks.lock(kstore, kid, 2017, "delar")
    before = changeset_count(kstore)
    with pytest.raises(LockedError, match="delår 2017 är låst"):
        kommun.set_line(kstore, kid, 2017, "delar", "skatt", "budget", 401 * MKR)
    with pytest.raises(LockedError):
        kommun.set_adjustment(kstore, kid, 2017, "delar", "Realisationsvinster", -MKR)
    assert changeset_count(kstore) == before
    # Bokslut is still open: its utfall can be entered.
    assert kommun.set_line(kstore, kid, 2017, "bokslut", "skatt", "actual", MKR).changeset
    locks.lock(kstore, kid, 2017, "bokslut")
    with pytest.raises(LockedError, match="bokslut 2017 är låst"):
        kommun.remove_line(kstore, kid, 2017, "bokslut", "skatt")


def test_a_namnd_is_refused_and_nothing_is_written(kstore: Store, kommun_path: Path) -> None:
    ks = unit_id(kstore, "Kommunstyrelsen")
    before = dump(kommun_path)
    with pytest.raises(ActionError, match="»Kommunstyrelsen« är ingen kommun"):
        kommun.set_line(kstore, ks, 2017, "bokslut", "skatt", "budget", MKR)
    with pytest.raises(ActionError, match="ingen kommun"):
        kommun.set_adjustment(kstore, ks, 2017, "bokslut", "x", MKR)
    with pytest.raises(ActionError, match="ingen kommun"):
        kommun.result(kstore, ks, 2017, "bokslut")
    kid = unit_id(kstore, KOMMUN)
    with pytest.raises(ActionError, match="okänd typ"):
        kommun.set_line(kstore, kid, 2017, "bokslut", "skatt", "budget", MKR, kind="moms")
    with pytest.raises(ActionError, match="okänd typ"):
        kommun.set_adjustment(kstore, kid, 2017, "bokslut", "x", MKR, kind="annat")
    with pytest.raises(ActionError, match="okänd period"):
        kommun.set_line(kstore, kid, 2017, "q3", "skatt", "budget", MKR)
    with pytest.raises(StoreError, match="okänt mått"):
        kommun.set_line(kstore, kid, 2017, "bokslut", "skatt", "vinst", MKR)
    with pytest.raises(ActionError, match="behöver ett namn"):
        kommun.set_adjustment(kstore, kid, 2017, "bokslut", "   ", MKR)
    assert dump(kommun_path) == before


#: The two writes of the kommun level, by what their refusals call the thing written.
WRITES = {
    "kommunraden": lambda store, kid, period, name, kind: kommun.set_line(
        store, kid, 2017, period, name, "budget", MKR, kind=kind
    ),
    "balanskravsjusteringen": lambda store, kid, period, name, kind: kommun.set_adjustment(
        store, kid, 2017, period, name, MKR, kind=kind
    ),
}


@pytest.mark.parametrize("what", WRITES)
def test_lines_and_adjustments_are_refused_alike(
    kstore: Store, kommun_path: Path, what: str
) -> None:
    write = WRITES[what]
    kid, ks = unit_id(kstore, KOMMUN), unit_id(kstore, "Kommunstyrelsen")
    before = dump(kommun_path)
    refusals = [
        ((kid, "q3", "Skatteintäkter", None), "okänd period »q3«"),
        ((ks, "bokslut", "Skatteintäkter", None), "»Kommunstyrelsen« är ingen kommun"),
        ((kid, "bokslut", "Skatteintäkter", "moms"), "okänd typ »moms«; använd "),
        ((kid, "bokslut", " \t ", None), f"{what} behöver ett namn"),
    ]
    for (committee, period, name, kind), message in refusals:
        with pytest.raises(ActionError, match=message):
            write(kstore, committee, period, name, kind)
    assert dump(kommun_path) == before


def test_a_new_consolidation_leaves_the_kommun_lines_alone(
    kstore: Store, demo_path: Path, tmp_path: Path
) -> None:
    kid = unit_id(kstore, KOMMUN)
    kommun.set_line(kstore, kid, 2017, "bokslut", "skatt", "actual", 402 * MKR)
    outcome = consolidate(kstore, [demo_path, tmp_path / "kfn.sqlite"], KOMMUN)
    assert outcome.edited == {}
    assert sorted(outcome.unchanged) == ["Kommunstyrelsen", KFN]
    assert kommun.entries(kstore, kid, 2017).lines[0].actual == 402 * MKR


def test_an_import_is_one_change_set_and_a_lock_refuses_it(
    kstore: Store, kommun_path: Path, tmp_path: Path
) -> None:
    from tests.cli.test_kommun import finance_sie

    kid = unit_id(kstore, KOMMUN)
    sie = finance_sie(tmp_path / "finans.se")
    done = kommun.import_sie(kstore, kid, sie, "bokslut")
    assert done.year == 2017
    assert done.written.changeset is not None
    lines = {line.name: line for line in kommun.result(kstore, kid, 2017, "bokslut").lines}
    # Twelve months: 3 600 mkr of skatt, 540 of bidrag less avgift, 12 in, 18 out.
    assert lines["Skatteintäkter"].amounts.actual == 3_600 * MKR
    assert lines["Generella statsbidrag och utjämning"].amounts.actual == 540 * MKR
    assert lines["Finansiella intäkter"].amounts.actual == 12 * MKR
    assert lines["Finansiella kostnader"].amounts.actual == -18 * MKR
    assert "Pensionskostnader" not in lines  # 55 is no Kommun-Bas class 8 group
    locks.lock(kstore, kid, 2017, "bokslut")
    before = dump(kommun_path)
    with pytest.raises(LockedError):
        kommun.import_sie(kstore, kid, sie, "bokslut", accounts={"55": "pension"})
    assert dump(kommun_path) == before
