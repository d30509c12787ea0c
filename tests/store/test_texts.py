"""The tjänsteskrivelse's texts in the store: one change set per write, undoable, and
nothing written when a text already stands as given."""

from __future__ import annotations

import pytest

from ksui.actions import texts as use_case
from ksui.actions.errors import NotFound
from ksui.store import Store, StoreError, read, texts, undo


def committee(store: Store) -> int:
    return read.find_committee(store, None).id


def changesets(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM changeset").fetchone()[0])


def test_several_texts_are_one_change_set_and_undo_takes_them_back(store: Store) -> None:
    cid = committee(store)
    before = texts.read_texts(store, cid, 2017, "delar")
    assert before == {}
    written = texts.set_texts(
        store, cid, 2017, "delar", {"summary": "Delår.", "proposal": "Godkänns."}
    )
    assert written is not None
    assert texts.read_texts(store, cid, 2017, "delar") == {
        "summary": "Delår.",
        "proposal": "Godkänns.",
    }
    tables = {c.table for c in store.changes(written)}
    assert tables == {"report_text"}
    undo.revert(store, written, "Ångra")
    assert texts.read_texts(store, cid, 2017, "delar") == before


def test_an_unchanged_text_writes_nothing(store: Store) -> None:
    cid = committee(store)
    stored = texts.read_texts(store, cid, 2017, "bokslut")["basis"]
    count = changesets(store)
    assert (
        use_case.set_text(store, cid, 2017, "bokslut", "basis", f"  {stored}\n\n").changeset is None
    )
    assert changesets(store) == count


def test_an_empty_text_removes_the_row_and_undo_restores_it(store: Store) -> None:
    cid = committee(store)
    stored = texts.read_texts(store, cid, 2017, "bokslut")["matter"]
    written = use_case.set_text(store, cid, 2017, "bokslut", "matter", " \n").changeset
    assert written is not None
    assert "matter" not in texts.read_texts(store, cid, 2017, "bokslut")
    undo.revert(store, written, "Ångra")
    assert texts.read_texts(store, cid, 2017, "bokslut")["matter"] == stored


def test_unknown_fields_are_refused(store: Store) -> None:
    cid = committee(store)
    with pytest.raises(StoreError, match="okänt textfält »title«"):
        texts.set_texts(store, cid, 2017, "bokslut", {"title": "x"})
    with pytest.raises(NotFound, match="okänt fält »rubrik«"):
        use_case.field("rubrik")
    assert use_case.field("Förslag till beslut") == "proposal"
    assert use_case.field("ARENDE") == "matter"
    assert use_case.field("dnr") == "reference"
