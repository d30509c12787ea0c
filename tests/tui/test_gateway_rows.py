"""The gateway reads a nämnd's drift rows once per change of the file, never a stale copy."""

from __future__ import annotations

from pathlib import Path

from ksui.actions import edits
from ksui.store import Store, read
from ksui.tui.gateway import Gateway, ReportKey

TKR = 100_000


def hr_actual(gateway: Gateway, period: str) -> int | None:
    """HR's utfall in the report the gateway reads at a period of 2017."""
    data = gateway.load(ReportKey("Kommunstyrelsen", 2017, period)).data
    assert data is not None
    unit = next(u for u in data.tree.units.values() if u.name == "HR")
    return data.figures[unit.id].actual


def test_rows_are_read_again_after_any_write(demo_path: Path) -> None:
    gateway = Gateway(demo_path)
    try:
        before = hr_actual(gateway, "bokslut")
        hr = read.org_tree(gateway.store).find("HR")[0].id
        # Another process writes: SQLite's data_version tells.
        other = Store(demo_path)
        edits.set_figure(other, hr, 2017, "bokslut", "actual", (before or 0) + 1 * TKR)
        other.close()
        assert hr_actual(gateway, "bokslut") == (before or 0) + 1 * TKR
        # This connection writes (as the write worker does): total_changes tells.
        edits.set_figure(gateway.store, hr, 2017, "bokslut", "actual", 7 * TKR)
        assert hr_actual(gateway, "bokslut") == 7 * TKR
        # Another period of the same year reads from the same rows, as they now are.
        edits.set_figure(gateway.store, hr, 2017, "m05", "actual", 3 * TKR)
        assert hr_actual(gateway, "m05") == 3 * TKR
        assert hr_actual(gateway, "bokslut") == 7 * TKR
    finally:
        gateway.close()


def test_twin_periods_are_marked_together() -> None:
    from ksui.tui.gateway import periods_of

    assert periods_of([("t1", "forecast"), ("m08", "actual")]) == ["m04", "t1", "m08", "delar"]
