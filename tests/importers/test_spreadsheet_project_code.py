"""The investeringar template and import keyed by the project's code (issue 13, item 9):
where a project has a code, its row is found by it and the name checked against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.importers.errors import ImportFileError
from ksui.importers.spreadsheet import import_table, template_rows
from ksui.store import Store, writes

HEADER = "Kategori;Projekt;År;Period;Anslag (tkr);Utfall (tkr);Status;Kommentar;Projektkod\n"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    made = Store(tmp_path / "s.sqlite", create=True)
    committee = writes.add_committee(made, "Tekniska nämnden", "TN").row_id
    assert committee is not None
    category = writes.add_category(made, committee, "Gator", "namnd").row_id
    assert category is not None
    writes.create_project(made, category, "Cykelväg", code="P100")
    writes.create_project(made, category, "Bro")
    return made


def committee(store: Store) -> int:
    return int(store.conn.execute("SELECT id FROM unit WHERE kind = 'namnd'").fetchone()[0])


def spent(store: Store) -> dict[tuple[str, str], int]:
    rows = store.conn.execute(
        "SELECT p.name, f.period, f.spent FROM investment_figure f"
        " JOIN investment_project p ON p.id = f.project_id WHERE f.spent IS NOT NULL"
    ).fetchall()
    return {(name, period): amount for name, period, amount in rows}


def test_the_template_has_each_projects_code(store: Store) -> None:
    headers, rows = template_rows(store, "investeringar", committee(store), 2024, "m03")
    assert headers[-1] == "Projektkod"
    assert rows == [
        ["Gator", "Cykelväg", "2024", "Mars", "", "", "Pågående", "", "P100"],
        ["Gator", "Bro", "2024", "Mars", "", "", "Pågående", "", ""],
    ]


def test_rows_are_found_by_code_and_a_new_code_is_kept(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "inv.csv"
    path.write_text(
        HEADER
        + "Gator;cykelväg;2024;Mars;;1 000;;;P100\n"
        + "Gator;Bro;2024;Mars;;2;;;B7\n"
        + "Gator;Kaj;2024;Mars;;3;Avslutat;;K1\n",
        encoding="utf-8",
    )
    result = import_table(store, path, "investeringar", committee(store))
    assert result.created == ["Kaj"]
    assert spent(store) == {
        ("Cykelväg", "m03"): 100_000_000,
        ("Bro", "m03"): 200_000,
        ("Kaj", "m03"): 300_000,
    }
    codes = dict(store.conn.execute("SELECT name, code FROM investment_project").fetchall())
    assert codes == {"Cykelväg": "P100", "Bro": "B7", "Kaj": "K1"}
    status = store.conn.execute("SELECT status FROM investment_project WHERE code = 'K1'")
    assert status.fetchone()[0] == "avslutat"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("Gator;Bro;2024;Mars;;1;;;P100", "Projekt", "»Bro« är inte projekt P100"),
        ("Gator;Kaj;2024;Mars;;1;;;p100", "Projekt", "p100 heter »Cykelväg«"),  # any case
    ],
)
def test_a_code_that_names_another_project_is_refused(
    store: Store, tmp_path: Path, row: str, column: str, message: str
) -> None:
    path = tmp_path / "inv.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    before = list(store.conn.iterdump())
    with pytest.raises(ImportFileError) as info:
        import_table(store, path, "investeringar", committee(store))
    assert f"kolumnen »{column}«" in str(info.value) and message in str(info.value)
    assert list(store.conn.iterdump()) == before
