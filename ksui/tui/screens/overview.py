"""Översikt: the nämnd at a glance — the figures of `ksui summary`, the text, GEH and checks.

The body is the CLI's own renderable (``ksui.render.summary.summary_view``), so a figure
reads the same in the terminal report and in the app; it is redrawn whenever a new
analysis of the report arrives, i.e. a moment after every edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, cast

from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ksui.core.report import ReportData
from ksui.tui.keys import bindings
from ksui.tui.screens.base import ReportScreen
from ksui.tui.state import Repaint


class OverviewScreen(ReportScreen):
    """Summary, narrative, GEH-bedömning and validation findings, always up to date."""

    NAME = "overview"  # its mode id in ksui.tui.registry, which also lists its keys for ?
    BINDINGS: ClassVar[list[BindingType]] = bindings("overview")

    def compose_body(self) -> Iterable[Widget]:
        """One scrollable summary."""
        with VerticalScroll(id="overview", can_focus=True):
            yield Static("", id="summary")

    def on_mount(self) -> None:
        """Also follow the analysis, which arrives a moment after the figures."""
        super().on_mount()
        self.watch(self.app, "analysis_version", self._analysis_changed, init=False)
        self.focus_main()

    def focus_main(self) -> None:
        """Arrow keys scroll the summary."""
        self.query_one("#overview").focus()

    def _analysis_changed(self, _version: int) -> None:
        if self.is_current and self.data is not None:
            self.show(self.data, None)

    def on_screen_resume(self) -> None:
        """The analysis may have moved on while another screen was in front."""
        super().on_screen_resume()
        if self.data is not None:
            self.show(self.data, None)

    def show(self, data: ReportData, change: Repaint | None) -> None:
        """Draw the summary of the latest analysis (or a note while it is computed)."""
        from ksui.render.summary import summary_view

        analysis = self.ksui.analysis
        summary = self.query_one("#summary", Static)
        if analysis is None:
            summary.update("Räknar …")
            return
        view: Any = summary_view(
            data,
            analysis.summary,
            analysis.narrative,
            cast("Sequence[Any]", analysis.findings),  # frozen Findings fit FindingLike
            self.unit,
        )
        if data.period != "bokslut":
            # Before the year is closed, how far the forecast round has come.
            from rich.console import Group
            from rich.text import Text

            from ksui.actions.forecasts import done_count

            done, total = done_count(data)
            view = Group(Text(f"Prognos klar: {done} av {total} enheter", style="bold"), view)
        summary.update(view)

    def action_geh(self) -> None:
        """g: set the GEH-bedömning area by area."""
        from ksui.tui.dialogs.geh import GehDialog

        data, analysis = self.data, self.ksui.analysis
        if data is None:
            return
        suggested = analysis.summary.geh_suggested if analysis is not None else None
        self.app.push_screen(GehDialog(data, suggested))

    def action_add(self) -> None:
        """a: say what can be added to the nämnd (a nämnd, when the file has none)."""
        from ksui.tui import adding

        adding.choose(self.app)

    def action_copy_narrative(self) -> None:
        """t: copy the narrative, ready to paste into the report."""
        analysis = self.ksui.analysis
        if analysis is None or not analysis.narrative:
            self.notify("Det finns ingen text att kopiera ännu.", severity="warning")
            return
        self.app.copy_to_clipboard("\n\n".join(analysis.narrative))
        self.notify("Texten är kopierad (klistra in i rapporten).", timeout=3)
