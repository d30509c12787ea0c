"""A SIE import records the year's budget once, at January, so a dated change stands after it.

Written at every month, the import's budget restated the original at each later month: a
tilläggsanslag from September (``ksui set drift … budget --period 9``) was in force in
September only, and October, bokslut and the export's "Budgetförändringar" went back to
the original.
"""

from __future__ import annotations

from pathlib import Path

from ksui.actions.edits import set_figure
from ksui.importers.sie_import import import_sie
from ksui.store import Store, read


def _file(path: Path) -> Path:
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#GEN 20250210",
        "#SIETYP 4",
        '#FNAMN "Kulturnämnden"',
        "#RAR 0 20240101 20241231",
        '#DIM 1 "Ansvar"',
        '#OBJEKT 1 "110" "Bibliotek"',
        '#KONTO 5011 "Löner"',
    ]
    for month in range(1, 13):
        lines.append(f'#PBUDGET 0 2024{month:02d} 5011 {{1 "110"}} 100000.00')
        lines.append(f'#PSALDO 0 2024{month:02d} 5011 {{1 "110"}} 101000.00')
    path.write_text("\n".join(lines) + "\n", encoding="cp437")
    return path


def _budget(store: Store, period: str) -> int | None:
    data = read.load_report(store, read.find_committee(store, None), 2024, period)
    [row] = [r for r in data.drift() if r.unit.code == "110"]
    return row.budget


def test_a_budget_change_stands_after_the_import(tmp_path: Path) -> None:
    store = Store(tmp_path / "ksui.sqlite", create=True)
    try:
        sie = _file(tmp_path / "kultur.se")
        import_sie(store, sie)
        recorded = store.conn.execute(
            "SELECT period FROM drift_figure WHERE measure = 'budget'"
        ).fetchall()
        assert [p for (p,) in recorded] == ["m01"]
        unit_id = store.conn.execute("SELECT id FROM unit WHERE code = '110'").fetchone()[0]
        set_figure(store, unit_id, 2024, "m09", "budget", 1_250_000_00, reason="Tilläggsanslag")
        assert _budget(store, "m08") == _budget(store, "delar") == 1_200_000_00
        for period in ("m09", "m10", "m12", "bokslut"):
            assert _budget(store, period) == 1_250_000_00, period
        # Importing the file again keeps the change: the original is still January's.
        import_sie(store, sie)
        assert _budget(store, "m10") == _budget(store, "bokslut") == 1_250_000_00
        assert _budget(store, "m01") == 1_200_000_00
    finally:
        store.close()
