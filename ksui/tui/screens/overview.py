"""Översikt: the nämnd at a glance — the figures of `ksui summary`, the text, GEH and checks.

The body is the CLI's own renderable (``ksui.render.summary.summary_view``), so a figure
reads the same in the terminal report and in the app; it is redrawn whenever a new
analysis of the report arrives, i.e. a moment after every edit. Below it, the rows a
controller goes on from (the largest deviations, the checks, the KF-mål areas) are a list:
Enter opens the row on its screen with the cursor on it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ksui.core.report import ReportData
from ksui.render.cells import plain
from ksui.tui.keys import bindings
from ksui.tui.screens.base import ReportScreen
from ksui.tui.state import Repaint
from ksui.tui.widgets.rendered import RenderedOnce

if TYPE_CHECKING:
    from rich.text import Text

    from ksui.actions.search import Target


class OverviewScreen(ReportScreen):
    """Summary, narrative, GEH-bedömning and validation findings, always up to date."""

    #: What Enter on each row of ``#overview-rows`` opens (None: a heading).
    jumps: list[Target | None]

    NAME = "overview"  # its mode id in ksui.tui.registry, which also lists its keys for ?
    BINDINGS: ClassVar[list[BindingType]] = bindings("overview")

    #: The count and rows are waiting for the first frame (see ``show``).
    _after_paint_pending = False
    #: The report's and the analysis' versions and the count's state the summary was last
    #: drawn with (``show``): numbers, so that no old report is kept alive by them.
    _drawn: tuple[int, int, bool] | None = None

    def compose_body(self) -> Iterable[Widget]:
        """One scrollable summary; the rows to go on from join it below (``_rows``)."""
        with VerticalScroll(id="overview", can_focus=True):
            yield Static("", id="summary")

    def _rows(self) -> OptionList:
        """The list below the summary, mounted when it first gets its rows: after the first
        frame (``show``), which it would cost a fifth of its layout and styling while it
        stands empty below the fold."""
        found = self.query("#overview-rows")
        if found:
            return found.first(OptionList)
        # Hidden with the summary when the report is gone (``.-empty .report-body``).
        options = OptionList(id="overview-rows", classes="report-body")
        head = Static(
            plain("Gå till en rad (Tab hit, Enter öppnar den på sin skärm)", "bold"),
            id="overview-rows-head",
            classes="report-body",
        )
        self.query_one("#overview", VerticalScroll).mount_all([head, options])
        return options

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
        data = self.data
        if data is not None and self._drawn != self._drawing():
            self.show(data, None)

    def _drawing(self) -> tuple[int, int, bool]:
        """What the summary would be drawn with now (the first screen is resumed right after
        it mounted and drew it: the same, nothing to draw again)."""
        return (self.ksui.version, self.ksui.analysis_version, _use_cases_imported())

    def show(self, data: ReportData, change: Repaint | None) -> None:
        """Draw the summary of the latest analysis (or a note while it is computed).

        The first frame waits only for the summary: the forecast count and the rows below
        need the use cases (``ksui.actions``, every one of them on import), which are
        imported once that frame is on the terminal (``_after_first_paint``).
        """
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
        ready = _use_cases_imported()
        if data.period != "bokslut":
            # Before the year is closed, how far the forecast round has come.
            from rich.console import Group

            view = Group(forecast_line(data, count=ready), view)
        summary.update(RenderedOnce(view))  # measured and painted from one render
        self._drawn = self._drawing()
        if ready:
            self._show_rows(data)
        elif not self._after_paint_pending:
            self._after_paint_pending = True
            # After the frame is on the terminal, not merely laid out (Textual's start).
            self.ksui.after_first_frame(lambda: self.call_after_refresh(self._after_first_paint))

    def _after_first_paint(self) -> None:
        """Import the use cases the count and the rows need, then draw them."""
        from ksui.actions import forecasts, search  # noqa: F401  (the import is the point)

        self._after_paint_pending = False
        data = self.data
        if data is None or not self.is_attached:  # the app ended in the meantime
            return
        if data.period != "bokslut" and self.ksui.analysis is not None:
            self.show(data, None)  # the count in place of »räknar …«
        else:
            self._show_rows(data)
            if self._drawn is not None and self._drawn[:2] == self._drawing()[:2]:
                self._drawn = self._drawing()  # at bokslut the summary has no count to redo

    # -- the rows to go on from -----------------------------------------------------------
    def _show_rows(self, data: ReportData) -> None:
        """List the largest deviations, the checks and the areas; keep the highlight."""
        options = self._rows()
        highlighted = options.highlighted
        rows = jump_rows(data, self.ksui.analysis, self.unit)
        self.jumps = [target for _, target in rows]
        options.clear_options()
        options.add_options(Option(label, disabled=target is None) for label, target in rows)
        if highlighted is not None and highlighted < options.option_count:
            options.highlighted = highlighted

    @on(OptionList.OptionSelected, "#overview-rows")
    async def _open_row(self, event: OptionList.OptionSelected) -> None:
        """Enter on a row: its screen, the cursor on it."""
        event.stop()
        from ksui.tui.dialogs.search import open_target

        index = event.option_index
        jumps = getattr(self, "jumps", [])
        target = jumps[index] if 0 <= index < len(jumps) else None
        if target is not None:
            await open_target(self.app, target)

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


#: What the forecast count and the rows below the summary import (``ksui.actions``).
_USE_CASES = ("ksui.actions.forecasts", "ksui.actions.search")


def _use_cases_imported() -> bool:
    """Whether the count and the rows can be drawn without importing the use cases now."""
    return all(name in sys.modules for name in _USE_CASES)


def forecast_line(data: ReportData, *, count: bool = True) -> Text:
    """»Prognos klar: 3 av 8 enheter«; without ``count``, the same line saying it counts
    (the first frame's, before the use cases are imported)."""
    from rich.text import Text

    if not count:
        return Text("Prognos klar: räknar …", style="bold")
    from ksui.actions.forecasts import done_count

    done, total = done_count(data)
    return Text(f"Prognos klar: {done} av {total} enheter", style="bold")


def jump_rows(
    data: ReportData, analysis: Any, unit: str = "tkr"
) -> list[tuple[Text, Target | None]]:
    """The rows of ``#overview-rows``: (label, where Enter goes), headings without a target.

    A check names its table and row (a unit, an area, a project) by name; one whose row is
    on no screen (the resultaträkning's lines) is listed but cannot be opened.
    """
    from ksui.actions.search import DRIFT, GOALS, INVESTMENTS, Target
    from ksui.core.swedish import format_amount

    def to(screen: str, unit_id: int | None = None, row_key: str | None = None) -> Target:
        return Target(screen, None, None, None, unit_id, row_key)

    from collections import Counter

    from ksui.core.validation.drift import unit_labels

    rows: list[tuple[Text, Target | None]] = []
    # By the row a drift finding names: a name, or the unit's path where two share it (two
    # nämnder of a kommun may each have an »Ekonomi«); a name that fits two units opens none.
    labels = unit_labels(data.tree.subtree(data.committee.id), data.committee.id)
    named = Counter(labels.values())
    units = {label: uid for uid, label in labels.items() if named[label] == 1}
    areas = {area.name: area.id for area in data.areas}
    projects = {p.name: p.id for c in data.categories for p in c.projects}
    summary = analysis.summary if analysis is not None else None
    if summary is not None and summary.top_units:
        rows.append((plain("Största avvikelser", "bold"), None))
        for row in summary.top_units:
            label = plain(f"  {data.unit_label(row.unit)}  ")
            label.append(format_amount(row.deviation, unit, signed=True))
            rows.append((label, to(DRIFT, unit_id=row.unit.id)))
    findings = list(analysis.findings) if analysis is not None else []
    if findings:
        rows.append((plain("Kontroller", "bold"), None))
        for finding in findings:
            marker = "✖ " if finding.severity == "fel" else "! "
            target: Target | None = None
            if finding.table == "Drift" and finding.row in units:
                target = to(DRIFT, unit_id=units[finding.row])
            elif finding.table == "KF-mål" and finding.row in areas:
                target = to(GOALS, row_key=f"area:{areas[finding.row]}")
            elif finding.table == "Investeringar" and finding.row in projects:
                target = to(INVESTMENTS, row_key=f"project:{projects[finding.row]}")
            rows.append((plain(f"  {marker}{finding.message}"), target))
    if data.areas:
        rows.append((plain("KF-mål per område", "bold"), None))
        for area in data.areas:
            rows.append((plain(f"  {area.name}"), to(GOALS, row_key=f"area:{area.id}")))
    return rows
