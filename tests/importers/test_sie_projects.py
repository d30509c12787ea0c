"""Issue 13, item 9: investment projects' utfall from a SIE project dimension.

``ksui import sie --project-dimension N`` feeds each object of dimension N to the nämnd's
project with the object's code: its utfall year to date at each month and at bokslut. The
figures are checked against the reference reader (``sie_reference``, written from the
spec alone) to the öre, on a small file of ours and on the shared real sample.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ksui.importers.sie_import import describe, import_sie
from ksui.importers.sie_plan import to_ore
from ksui.store import writes
from ksui.store.db import Store
from ksui.store.locks import LockedError, lock
from ksui.store.undo import revert
from tests.importers.sie_reference import reference_project_sums

DATA = Path(__file__).resolve().parents[1] / "data"
FILE = DATA / "sie_projects.se"
SAMPLES = Path("/work/shared/sie-samples")
UNDERDIM = SAMPLES / "SIE4_Exempelfil_med_underdim.SE"
needs_samples = pytest.mark.skipif(not UNDERDIM.exists(), reason="shared SIE samples missing")


def nämnd(store: Store, name: str, projects: dict[str, str | None]) -> dict[str, int]:
    """A nämnd with one category and the projects (name -> code); their ids by name."""
    committee = writes.add_committee(store, name, "N").row_id
    assert committee is not None
    category = writes.add_category(store, committee, "Investeringar", "namnd").row_id
    assert category is not None
    ids = {}
    for project, code in projects.items():
        made = writes.create_project(store, category, project, year=2024, code=code).row_id
        assert made is not None
        ids[project] = made
    return ids


def spent(store: Store) -> dict[tuple[str, int, str], int]:
    """Every project's recorded utfall: (project name, year, period) -> öre."""
    rows = store.conn.execute(
        "SELECT p.name, f.year, f.period, f.spent FROM investment_figure f"
        " JOIN investment_project p ON p.id = f.project_id WHERE f.spent IS NOT NULL"
    ).fetchall()
    return {(name, year, period): amount for name, year, period, amount in rows}


def expected(path: Path, dimension: int, code: str, year: int) -> dict[str, int]:
    """The reference's year to date per month (and bokslut) of one object, in öre."""
    sums = reference_project_sums(path, dimension)
    out: dict[str, int] = {}
    running = Decimal(0)
    for month in range(1, 13):
        running += sums.get((code, year * 100 + month), Decimal(0))
        out[f"m{month:02d}"] = to_ore(running)
    out["bokslut"] = out["m12"]
    return out


@pytest.fixture
def store(tmp_path: Path) -> Store:
    made = Store(tmp_path / "ksui.sqlite", create=True)
    nämnd(made, "Tekniska nämnden", {"Cykelväg": "P100", "Lekplats": "P200", "Kaj": "P999"})
    return made


def test_each_project_gets_its_objects_utfall_to_the_ore(store: Store) -> None:
    result = import_sie(store, FILE, project_dimension=6)
    got = spent(store)
    for name, code in (("Cykelväg", "P100"), ("Lekplats", "P200")):
        want = expected(FILE, 6, code, 2024)
        assert {p: got[(name, 2024, p)] for p in want} == want
    # What the file says by hand: P100 is 1120 (not 2440/1930), 5010 once, not 2023.
    assert got[("Cykelväg", 2024, "bokslut")] == 56_900_025
    assert got[("Lekplats", 2024, "m09")] == 799_999  # 3 × 3 333,33 − 2 000
    assert result.projects_new == 26 and result.projects_changed == 0
    assert sorted(result.projects_matched) == ["Cykelväg", "Lekplats"]


def test_an_object_without_a_project_is_named_not_refused(store: Store) -> None:
    result = import_sie(store, FILE, project_dimension=6)
    assert result.changeset_id is not None
    warning = next(w for w in result.warnings if "inget projekt" in w)
    assert '"P300" Bro utan projekt i ksui' in warning
    assert "P400" not in warning  # declared, but nothing booked on it
    assert "rename project" in warning
    lines = describe(result)
    assert any("Investeringsprojekt (dimension 6 »Projekt«): 2 av 3" in line for line in lines)
    # A row naming the dimension twice is reported, not guessed.
    assert any("dimension 6 flera gånger" in w for w in result.warnings)


def test_a_project_whose_code_has_no_object_keeps_its_figures(store: Store) -> None:
    kaj = store.conn.execute("SELECT id FROM investment_project WHERE code = 'P999'").fetchone()[0]
    writes.set_investment(store, kaj, 2024, "spent", 12_300, period="m03")
    import_sie(store, FILE, project_dimension=6)
    assert spent(store)[("Kaj", 2024, "m03")] == 12_300
    assert not any(k[0] == "Kaj" and k[2] != "m03" for k in spent(store))


def test_anslag_is_left_alone_and_a_reimport_writes_nothing(store: Store) -> None:
    before = dict(
        store.conn.execute("SELECT project_id, appropriation FROM investment_figure").fetchall()
    )
    first = import_sie(store, FILE, project_dimension=6)
    again = import_sie(store, FILE, project_dimension=6)
    assert again.changeset_id is None
    assert again.projects_new == again.projects_changed == 0
    assert again.projects_unchanged == first.projects_new
    after = store.conn.execute(
        "SELECT project_id, appropriation FROM investment_figure WHERE period = 'm01'"
    ).fetchall()
    assert dict(after) == before  # every anslag 0 from January, untouched


def test_undo_takes_the_figures_back_and_redo_brings_them(store: Store) -> None:
    def figures() -> list[tuple[object, ...]]:
        return store.conn.execute("SELECT * FROM investment_figure ORDER BY 1, 2, 3").fetchall()

    before = figures()
    result = import_sie(store, FILE, project_dimension=6)
    imported = spent(store)
    assert result.changeset_id is not None and imported
    undo = revert(store, result.changeset_id, "Ångra", confirmed=True)
    assert figures() == before
    assert undo is not None
    revert(store, undo, "Gör om", confirmed=True)
    assert spent(store) == imported


def test_without_a_project_dimension_no_project_figure_is_written(store: Store) -> None:
    result = import_sie(store, FILE)
    assert spent(store) == {}
    assert result.project_dimension is None
    assert not any(line.startswith("Investeringsprojekt") for line in describe(result))


def test_a_locked_follow_up_refuses_a_changed_utfall_not_an_unchanged_one(
    store: Store, tmp_path: Path
) -> None:
    result = import_sie(store, FILE, project_dimension=6)
    lock(store, result.committee_id, 2024, "bokslut")
    again = import_sie(store, FILE, project_dimension=6)  # nothing changes: allowed
    assert again.changeset_id is None
    changed = tmp_path / "changed.se"
    changed.write_bytes(
        FILE.read_bytes().replace(b'202411 1120 {6 "P100"} 99999.99', b'202411 1120 {6 "P100"} 1')
    )
    with pytest.raises(LockedError):
        import_sie(store, changed, project_dimension=6)
    assert spent(store)[("Cykelväg", 2024, "bokslut")] == 56_900_025


def test_a_project_over_cost_accounts_from_vouchers(tmp_path: Path) -> None:
    """Type 4: no #PSALDO on the dimension, so the vouchers give the projects' utfall,
    #BTRANS never and an #RTRANS once (the reference counts its #TRANS copy instead, as
    the spec lets a reader do; with the same date both agree)."""
    path = tmp_path / "ver.se"
    path.write_text(
        '#FLAGGA 0\n#SIETYP 4\n#GEN 20240705\n#FNAMN "Kultur"\n#RAR 0 20240101 20241231\n'
        '#DIM 1 "Ansvar"\n#DIM 6 "Projekt"\n#OBJEKT 1 "10" "Bibliotek"\n'
        '#OBJEKT 6 "A1" "Nytt bibliotek"\n'
        '#PSALDO 0 202401 5010 {1 "10"} 100.00\n'
        '#VER A 1 20240115 "Faktura"\n{\n'
        '   #TRANS 4010 {1 "10" 6 "A1"} 1500.50\n'
        "   #TRANS 2440 {} -1500.50\n}\n"
        '#VER A 2 20240320 "Rättelse"\n{\n'
        '   #BTRANS 4010 {6 "A1"} 900.00\n'
        '   #RTRANS 4010 {6 "A1"} 400.00 20240410\n'
        '   #TRANS 4010 {6 "A1"} 400.00 20240410\n'
        "   #TRANS 2440 {} -400.00\n}\n"
        '#VER A 3 20240601 "Aktivering"\n{\n'
        '   #TRANS 1230 {6 "A1"} 1900.50\n'
        '   #TRANS 4010 {6 "A1"} -1900.50\n}\n',
        encoding="utf-8",
    )
    store = Store(tmp_path / "ksui.sqlite", create=True)
    nämnd(store, "Kultur", {"Nytt bibliotek": "A1"})
    import_sie(store, path, project_dimension=6)
    got = spent(store)
    want = expected(path, 6, "A1", 2024)
    months = sorted(p for _, y, p in got)
    assert months == [f"m{m:02d}" for m in range(1, 7)]  # January–June: the file's months
    assert {p: got[("Nytt bibliotek", 2024, p)] for p in months} == {p: want[p] for p in months}
    assert got[("Nytt bibliotek", 2024, "m03")] == 150_050  # the #BTRANS is not money
    assert got[("Nytt bibliotek", 2024, "m04")] == 190_050  # the #RTRANS, once
    assert got[("Nytt bibliotek", 2024, "m06")] == 190_050  # the activation nets to zero


def test_no_object_in_the_dimension_is_a_warning(store: Store) -> None:
    result = import_sie(store, FILE, project_dimension=7)
    assert any("ingen dimension 7" in w for w in result.warnings)
    assert spent(store) == {}


@needs_samples
def test_the_real_sample_with_dimension_6_equals_the_reference(tmp_path: Path) -> None:
    """SIE4_Exempelfil_med_underdim.SE: projects over revenue accounts, booked on
    vouchers with {1 … 6 …}, {6 …} and an object declared in a subdimension (0037)."""
    sums = reference_project_sums(UNDERDIM, 6)
    codes = sorted({code for code, _ in sums})
    assert codes == ["0001", "0007", "0009", "0020", "0031", "0037"]
    store = Store(tmp_path / "ksui.sqlite", create=True)
    nämnd(store, "Övning", {f"Projekt {code}": code for code in codes})
    result = import_sie(store, UNDERDIM, project_dimension=6, committee="Övning")
    assert not result.projects_unmatched
    got = spent(store)
    for code in codes:
        want = expected(UNDERDIM, 6, code, 2021)
        assert {p: got[(f"Projekt {code}", 2021, p)] for p in want} == want
    again = import_sie(store, UNDERDIM, project_dimension=6, committee="Övning")
    assert again.changeset_id is None


_MONTHS = st.integers(1, 12)
_CENTS = st.integers(-(10**9), 10**9)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["P1", "P2", "X"]),
            _MONTHS,
            st.sampled_from(["1120", "1230", "1930", "2440", "3510", "4010", "5010", "8400"]),
            st.sampled_from(["alone", "unit"]),
            _CENTS,
        ),
        max_size=25,
    ),
    vouchers=st.booleans(),
)
def test_any_file_imports_as_the_reference_reads_it(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, int, str, str, int]],
    vouchers: bool,
) -> None:
    tmp = tmp_path_factory.mktemp("h")
    body = []
    for code, month, account, cut, cents in rows:
        objects = f'{{6 "{code}"}}' if cut == "alone" else f'{{1 "10" 6 "{code}"}}'
        amount = f"{Decimal(cents).scaleb(-2)}"
        if vouchers:
            body.append(
                f'#VER A 1 2024{month:02d}05 ""\n{{\n#TRANS {account} {objects} {amount}\n}}'
            )
        else:
            body.append(f"#PSALDO 0 2024{month:02d} {account} {objects} {amount}")
    path = tmp / "h.se"
    path.write_text(
        '#FLAGGA 0\n#SIETYP 4\n#GEN 20250110\n#FNAMN "N"\n#RAR 0 20240101 20241231\n'
        '#DIM 1 "Ansvar"\n#DIM 6 "Projekt"\n#OBJEKT 1 "10" "Enhet"\n'
        '#PSALDO 0 202412 5010 {1 "10"} 1.00\n' + "\n".join(body) + "\n",
        encoding="utf-8",
    )
    store = Store(tmp / "ksui.sqlite", create=True)
    nämnd(store, "N", {"Ett": "P1", "Två": "P2"})
    import_sie(store, path, project_dimension=6)
    got = spent(store)
    sums = reference_project_sums(path, 6)
    for name, code in (("Ett", "P1"), ("Två", "P2")):
        if not any(c == code for c, _ in sums):
            assert not any(k[0] == name for k in got)
            continue
        want = expected(path, 6, code, 2024)
        assert {p: got[(name, 2024, p)] for p in want} == want
    store.close()


def test_codes_are_unique_in_the_nämnd_in_any_case(tmp_path: Path) -> None:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    ids = nämnd(store, "N", {"Ett": "P1", "Två": None})
    category = store.conn.execute("SELECT id FROM investment_category").fetchone()[0]
    with pytest.raises(writes.RuleError, match="koden »p1« används redan av projektet »Ett«"):
        writes.create_project(store, category, "Tre", code="p1")
    other = writes.add_category(store, nämnd_id(store), "Lokaler", "lokaler").row_id
    assert other is not None
    with pytest.raises(writes.RuleError, match="används redan"):
        writes.create_project(store, other, "Fyra", code="P1")  # another category, same nämnd
    with pytest.raises(writes.RuleError):
        writes.set_project_code(store, ids["Två"], " P1 ")
    assert writes.set_project_code(store, ids["Två"], "P2").changeset is not None
    assert writes.set_project_code(store, ids["Två"], "P2").changeset is None
    # Another nämnd may use the same code: the import matches within the chosen nämnd.
    nämnd_b = writes.add_committee(store, "Annan", "A").row_id
    assert nämnd_b is not None
    cat_b = writes.add_category(store, nämnd_b, "Inv", "namnd").row_id
    assert cat_b is not None
    assert writes.create_project(store, cat_b, "Ett", code="P1").row_id is not None
    with pytest.raises(sqlite3.IntegrityError):  # the schema's backstop within a category
        store.conn.execute(
            "INSERT INTO investment_project (category_id, name, code) VALUES (?, 'X', 'p1')",
            (category,),
        )
    assert writes.set_project_code(store, ids["Två"], None).changeset is not None
    code = store.conn.execute(
        "SELECT code FROM investment_project WHERE id = ?", (ids["Två"],)
    ).fetchone()[0]
    assert code is None


def nämnd_id(store: Store) -> int:
    return int(store.conn.execute("SELECT id FROM unit WHERE kind = 'namnd'").fetchone()[0])
