"""An edit shown without reading the report again shows what a fresh read would."""

from __future__ import annotations

from ksui.core.drift import DriftRow
from ksui.core.report import ReportData
from ksui.store import Store, read
from ksui.tui.edits import DriftEdit

TKR = 100_000


def hr_row(data: ReportData) -> DriftRow:
    return next(r for r in data.drift() if r.unit.name == "HR")


def test_a_patched_budget_is_the_original_a_fresh_read_gives(store: Store) -> None:
    committee = read.find_committee(store, None)
    data = read.load_report(store, committee, 2017, "bokslut")
    hr = next(u for u in data.tree.units.values() if u.name == "HR")
    shown = data.exact.get((hr.id, "budget"))
    edit = DriftEdit(hr.id, "HR", 2017, "bokslut", "budget", 40_000 * TKR, expect=shown)
    patched = edit.patch(data)
    assert patched is not None
    edit.write(store)
    fresh = read.load_report(store, committee, 2017, "bokslut")
    for field in ("budget", "budget_original", "forecast_source", "deviation"):
        assert getattr(hr_row(patched), field) == getattr(hr_row(fresh), field), field
    assert hr_row(patched).budget_original == 40_000 * TKR
    assert patched.budget_changes() == fresh.budget_changes()
