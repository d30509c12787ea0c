"""Which follow-ups are signed off, as the top bar and Drift need to know before any edit.

Kept apart from ``ksui.tui.locking`` (the lock and unlock edits), which imports the edit
machinery and with it every use case: the first frame only needs to know what is locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ksui.tui.host import host

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import App

    from ksui.core.report import ReportData

#: A lock as the app keeps it: (nämnd id, year, period).
LockKey = tuple[int, int, str]


def key_of(data: ReportData) -> LockKey:
    """The lock that would cover exactly the follow-up ``data`` shows."""
    return (data.committee.id, data.year, data.period)


def is_locked(app: object) -> bool:
    """Whether the follow-up on screen is signed off (as last read)."""
    data = host(app).data  # type: ignore[arg-type]
    found: frozenset[LockKey] = getattr(app, "locks", frozenset())
    return data is not None and key_of(data) in found


def refresh(app: App[Any]) -> None:
    """Read which follow-ups are locked, on a worker, then repaint the top bar."""
    gateway = host(app).gateway

    def read() -> None:
        app.call_from_thread(_show, app, gateway.locked())

    app.run_worker(read, thread=True, group="locks", exclusive=True, exit_on_error=False)


def _show(app: App[Any], found: frozenset[LockKey]) -> None:
    if getattr(app, "locks", None) != found:
        setattr(app, "locks", found)  # noqa: B010
        update: Callable[[], None] | None = getattr(app, "_update_context", None)
        if update is not None:
            update()
