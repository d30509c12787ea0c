"""Undo of a consolidation: the exact inverse, over the kommun file's own rows too.

A nämnd new to the kommun file brings its figures without audit rows of their own (they
belong to units the change set inserted); these tests hold undo, redo and the dependency
rule to the same promises as for any change set.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ksui.store import Store, StoreError
from ksui.store.errors import ConfirmationNeeded
from ksui.store.undo import FIGURE_TABLES, revert, revert_impact
from tests.store.test_consolidate import KOMMUN, data_dump, files, kommun, run

__all__ = ["files", "kommun"]  # the fixtures, shared with test_consolidate


def kommun_rows(store: Store) -> int:
    """The kommun's own unit, a kommun line and a balanskrav adjustment, then an edit of both."""
    with store.transaction("Kommunens egna rader") as tx:
        kommun_id = tx.insert("unit", {"kind": "kommun", "name": KOMMUN, "position": 0})
        tx.upsert(
            "kommun_line",
            {"committee_id": kommun_id, "year": 2017, "period": "bokslut", "name": "Skatter"},
            {"kind": "skatteintakter", "budget": 900_000_00, "actual": 901_000_00},
        )
        tx.upsert(
            "balance_adjustment",
            {"committee_id": kommun_id, "year": 2017, "period": "bokslut", "name": "Reavinst"},
            {"kind": "justering", "amount": -12_000_00},
        )
    with store.transaction("Rättade skatteintäkterna") as tx:
        tx.upsert(
            "kommun_line",
            {"committee_id": kommun_id, "year": 2017, "period": "bokslut", "name": "Skatter"},
            {"actual": 902_500_00},
        )
    return kommun_id


def trail(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every change set and every audit row, in order."""
    sets = store.conn.execute("SELECT * FROM changeset ORDER BY id").fetchall()
    rows = store.conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
    return sets, rows


def own_rows(store: Store) -> list[tuple[Any, ...]]:
    """The kommun's own lines and adjustments, which no consolidation may touch."""
    lines = store.conn.execute("SELECT * FROM kommun_line ORDER BY name").fetchall()
    adjustments = store.conn.execute("SELECT * FROM balance_adjustment ORDER BY name").fetchall()
    return [*lines, *adjustments]


def figures(store: Store, tables: frozenset[str] = frozenset({"drift_figure"})) -> int:
    return sum(int(store.conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]) for t in tables)


def test_undo_of_a_first_consolidation_leaves_the_kommun_file_as_it_was(
    kommun: Store, files: dict[str, Path]
) -> None:
    kommun_id = kommun_rows(kommun)
    rows, history, own = data_dump(kommun), trail(kommun), own_rows(kommun)
    outcome = run(kommun, files["ks"], files["kfn"])
    assert outcome.changeset_id is not None and not outcome.kommun_created
    after = data_dump(kommun)
    brought = figures(kommun)
    assert brought > 0
    assert own_rows(kommun) == own
    impact = revert_impact(kommun, outcome.changeset_id)
    assert impact.refused is None
    assert impact.committees_removed == 2
    assert impact.figures_removed == figures(kommun, FIGURE_TABLES) > brought
    undo = revert(kommun, outcome.changeset_id, "Ångrade konsolideringen", confirmed=True)
    assert undo is not None
    assert data_dump(kommun) == rows
    assert own_rows(kommun) == own
    kept = kommun.conn.execute("SELECT kind, name FROM unit WHERE id = ?", (kommun_id,))
    assert kept.fetchall() == [("kommun", KOMMUN)]  # the kommun the nämnder came in below
    # The other change sets and their audit rows are as they were, row for row.
    sets, audit = trail(kommun)
    assert sets[: len(history[0])] == history[0]
    assert audit[: len(history[1])] == history[1]
    # Redo (undo of the undo) brings every row back, figures included.
    redo = revert(kommun, undo, "Gjorde om konsolideringen", confirmed=True)
    assert redo is not None
    assert data_dump(kommun) == after


def test_undo_of_a_reconsolidation_restores_the_previous_figures(
    kommun: Store, files: dict[str, Path]
) -> None:
    kommun_rows(kommun)
    own = own_rows(kommun)
    first = run(kommun, files["ks"], files["kfn"])
    assert first.changeset_id is not None
    after_first = data_dump(kommun)
    amounts = kommun.conn.execute(
        "SELECT unit_id, year, period, measure, amount FROM drift_figure ORDER BY 1, 2, 3, 4"
    ).fetchall()
    with sqlite3.connect(files["kfn"]) as conn:
        conn.execute("UPDATE drift_figure SET amount = amount + 7 WHERE measure = 'actual'")
        namnd = conn.execute("SELECT id FROM unit WHERE kind = 'namnd'").fetchone()[0]
        new = conn.execute(
            "INSERT INTO unit (parent_id, kind, name, position)"
            " VALUES (?, 'verksamhet', 'Nytt', 99)",
            (namnd,),
        ).lastrowid
        conn.execute(
            "INSERT INTO drift_figure (unit_id, year, period, measure, amount)"
            " VALUES (?, 2017, 'bokslut', 'actual', 4200)",
            (new,),
        )
    second = run(kommun, files["ks"], files["kfn"])
    assert second.changeset_id is not None
    assert list(second.written) == ["Kultur- och fritidsnämnden"]
    assert data_dump(kommun) != after_first
    # The first consolidation now has a later one building on it.
    with pytest.raises(StoreError, match=f"nr {second.changeset_id}"):
        revert(kommun, first.changeset_id, "Ångrade", confirmed=True)
    revert(kommun, second.changeset_id, "Ångrade omkörningen", confirmed=True)
    assert data_dump(kommun) == after_first
    assert (
        kommun.conn.execute(
            "SELECT unit_id, year, period, measure, amount FROM drift_figure ORDER BY 1, 2, 3, 4"
        ).fetchall()
        == amounts
    )
    assert own_rows(kommun) == own


def test_an_edit_of_a_consolidated_figure_blocks_the_undo(
    kommun: Store, files: dict[str, Path]
) -> None:
    first = run(kommun, files["kfn"])
    assert first.changeset_id is not None
    unit_id, year, period, measure = kommun.conn.execute(
        "SELECT unit_id, year, period, measure FROM drift_figure LIMIT 1"
    ).fetchone()
    with kommun.transaction("Rättade en siffra i kommunfilen") as tx:
        tx.upsert(
            "drift_figure",
            {"unit_id": unit_id, "year": year, "period": period, "measure": measure},
            {"amount": 1},
        )
        edit = tx.changeset_id
    before = data_dump(kommun)
    with pytest.raises(StoreError, match=f"nr {edit}"):
        revert(kommun, first.changeset_id, "Ångrade", confirmed=True)
    assert data_dump(kommun) == before
    # Taking the edit back first lets the consolidation go.
    revert(kommun, edit, "Ångrade rättelsen", confirmed=True)
    revert(kommun, first.changeset_id, "Ångrade", confirmed=True)
    assert figures(kommun) == 0


def test_undo_without_confirmation_names_the_figures(kommun: Store, files: dict[str, Path]) -> None:
    first = run(kommun, files["kfn"])
    assert first.changeset_id is not None
    count = figures(kommun, FIGURE_TABLES)
    with pytest.raises(ConfirmationNeeded, match=f"och {count} siffror"):
        revert(kommun, first.changeset_id, "Ångrade")
    assert figures(kommun, FIGURE_TABLES) == count
