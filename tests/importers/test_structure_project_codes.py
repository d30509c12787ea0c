"""A project's code in the structure file (issue 13, item 9): the Kod column of a projekt
row names the finance system's project object, added where a project has none and
refused where it would change one or clash with another project's."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksui.importers.errors import ImportFileError
from ksui.importers.structure import HEADERS, describe, import_structure, template_rows
from ksui.store import Store, read
from tests.importers.test_structure_import import VOCABULARY, write

HEAD = [
    ["nämnd", "TN", "Tekniska nämnden", "", "", "", "", ""],
    ["kategori", "", "Gator", "", "", "", "", ""],
]


def codes(store: Store) -> dict[str, str | None]:
    rows = store.conn.execute("SELECT name, code FROM investment_project").fetchall()
    return dict(rows)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "s.sqlite", create=True)


def test_projects_get_their_codes_and_a_second_import_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    rows = [
        *HEAD,
        ["projekt", "P100", "Cykelväg", "Gator", "", "", "", ""],
        ["projekt", "", "Utan kod", "Gator", "", "", "", ""],
    ]
    first = import_structure(store, write(tmp_path / "a.csv", rows), VOCABULARY)
    assert first.created["project"] == 2
    assert codes(store) == {"Cykelväg": "P100", "Utan kod": None}
    again = import_structure(store, write(tmp_path / "a.csv", rows), VOCABULARY)
    assert again.changeset_id is None and again.found == 4


def test_a_project_without_a_code_gets_the_files(store: Store, tmp_path: Path) -> None:
    import_structure(
        store,
        write(tmp_path / "a.csv", [*HEAD, ["projekt", "", "Cykelväg", "Gator", "", "", "", ""]]),
        VOCABULARY,
    )
    path = write(
        tmp_path / "b.csv", [*HEAD, ["projekt", "p100", "cykelväg", "Gator", "", "", "", ""]]
    )
    result = import_structure(store, path, VOCABULARY)
    assert result.changeset_id is not None
    assert codes(store) == {"Cykelväg": "p100"}
    assert "Obs: projektet »Cykelväg« fick koden »p100«" in describe(result, path.name)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["projekt", "P200", "Cykelväg", "Gator", "", "", "", ""], "har koden »P100«, inte »P200«"),
        (
            ["projekt", "p100", "Bro", "Gator", "", "", "", ""],
            "koden »p100« har projektet »Cykelväg«",
        ),
    ],
)
def test_a_file_never_changes_or_reuses_a_code(
    store: Store, tmp_path: Path, row: list[str], message: str
) -> None:
    rows = [*HEAD, ["projekt", "P100", "Cykelväg", "Gator", "", "", "", ""]]
    import_structure(store, write(tmp_path / "a.csv", rows), VOCABULARY)
    before = list(store.conn.iterdump())
    with pytest.raises(ImportFileError) as info:
        import_structure(store, write(tmp_path / "b.csv", [*HEAD, row]), VOCABULARY)
    assert "b.csv:4" in str(info.value) and "kolumnen »Kod«" in str(info.value)
    assert message in str(info.value)
    assert list(store.conn.iterdump()) == before


def test_the_template_writes_each_projects_code(store: Store, tmp_path: Path) -> None:
    rows = [*HEAD, ["projekt", "P100", "Cykelväg", "Gator", "", "", "IT", ""]]
    import_structure(store, write(tmp_path / "a.csv", rows), VOCABULARY)
    written = template_rows(store, read.find_committee(store, None).id)
    assert ["projekt", "P100", "Cykelväg", "Gator", "", "", "IT", ""] in written
    assert HEADERS[1] == "Kod"
