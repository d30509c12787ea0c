"""What screens, dialogs and the command palette may use of the app, as a Protocol.

They reach the app as ``host(self.app)`` rather than importing ``ksui.tui.app``, which
composes them: so no module the app builds imports the app back, and each one says in its
types how little of the app it needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import App

    from ksui.actions.kommun_totals import KommunTotals
    from ksui.config import Config
    from ksui.core.models import Unit
    from ksui.core.report import ReportData
    from ksui.tui.analysis import Analysis
    from ksui.tui.edits import Edit
    from ksui.tui.gateway import Gateway, ReportKey
    from ksui.tui.state import Repaint


@runtime_checkable
class Host(Protocol):
    """The report on screen, what can be chosen instead, and the requests the app carries out."""

    @property
    def config(self) -> Config:
        """config.toml as read at start."""
        ...

    @property
    def gateway(self) -> Gateway:
        """The database, for reads a dialog runs on its own worker."""
        ...

    @property
    def report_key(self) -> ReportKey:
        """The nämnd, year and period asked for (the report may still be on its way)."""
        ...

    @property
    def data(self) -> ReportData | None:
        """The report on screen; None while it is read or when there is none."""
        ...

    @property
    def version(self) -> int:
        """Goes up with every new report on screen; screens watch it to repaint."""
        ...

    @property
    def change(self) -> Repaint:
        """What the latest version changed, so a screen repaints only that."""
        ...

    @property
    def empty_reason(self) -> str:
        """Why there is no report to show (no file, no nämnd), for the screens' placeholder."""
        ...

    @property
    def analysis(self) -> Analysis | None:
        """Summary, narrative and checks of the report, a moment after its figures."""
        ...

    @property
    def analysis_version(self) -> int:
        """Goes up with every new analysis; the Översikt watches it to redraw."""
        ...

    @property
    def committees(self) -> list[Unit]:
        """The nämnder the file holds."""
        ...

    @property
    def kommun(self) -> Unit | None:
        """The kommun above the file's consolidated nämnder, if it has one."""
        ...

    @property
    def kommun_totals(self) -> KommunTotals | None:
        """The kommun's nämnder when they were read as the first report, before any nämnd's."""
        ...

    @property
    def years(self) -> list[int]:
        """The years with figures."""
        ...

    @property
    def periods(self) -> list[str]:
        """The period codes with figures in the year on screen."""
        ...

    @property
    def first_frame_shown(self) -> bool:
        """Whether the app's first frame is on the terminal."""
        ...

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the app's first frame is on the terminal (at once after)."""
        ...

    def submit(self, edit: Edit) -> None:
        """Write an edit on the write worker and show it when it is saved."""
        ...

    def select(
        self, *, committee: str | None = None, year: int | None = None, period: str | None = None
    ) -> None:
        """Show another nämnd, year or period."""
        ...

    async def go_to_unit(self, unit_id: int) -> None:
        """Show a unit in the Drift screen."""
        ...

    def export_markdown(self, target: Path) -> Any:
        """Write the report on screen as Markdown (on a worker)."""
        ...

    def undo_changeset(self, changeset_id: int, description: str) -> None:
        """Undo one change set from the Ändringslogg."""
        ...

    def imported(self, changeset_id: int | None, description: str) -> None:
        """An import was written: offer it to Ctrl+Z and read the report again."""
        ...

    def action_show_log(self) -> None:
        """Open the Ändringslogg."""
        ...

    def action_show_import(self) -> None:
        """Open the import dialog."""
        ...

    def action_help(self) -> None:
        """Show the keys of the screen in front."""
        ...


def host(app: App[Any]) -> Host:
    """The running app as the Host it is (checked by mypy in the tests, not at run time)."""
    return cast("Host", app)
