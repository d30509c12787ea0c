"""Drift: the unit tree with budget, prognos, utfall, avvikelse and net cost per year.

``s`` sorts by the column under the cursor (within each parent), ``n`` jumps to the next
unit whose deviation is beyond config.toml's ``[drift] threshold_tkr``, and a locked
follow-up marks the headings of its figures and says who locked it in the detail panel.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, Select

from ksui.actions.edits import parent_sum_refusal
from ksui.core.drift import DriftRow
from ksui.core.models import MEASURE_LABELS
from ksui.core.months import MonthSeries
from ksui.core.periods import BY_CODE, PERIODS
from ksui.core.report import ReportData
from ksui.render.cells import clean
from ksui.render.summary import standing_note
from ksui.tables.drift import drift_table, forecast_period
from ksui.tui.clipboard import Copyable
from ksui.tui.edits import (
    AcceptAllForecasts,
    CommentEdit,
    DeleteRow,
    DriftEdit,
    FieldEdit,
    ForecastDoneEdit,
)
from ksui.tui.keys import bindings
from ksui.tui.screens.base import ReportScreen
from ksui.tui.state import Repaint
from ksui.tui.swedish import SwedishSelect
from ksui.tui.widgets.drift_columns import LOCK, LOCK_ASCII
from ksui.tui.widgets.drift_detail import DriftDetail
from ksui.tui.widgets.drift_table import DriftTable

if TYPE_CHECKING:
    from ksui.actions.locks import LockInfo
    from ksui.tui.lock_state import LockKey


class DriftScreen(ReportScreen):
    """Every unit of the nämnd, rolled up level by level, editable cell by cell."""

    NAME = "drift"  # its mode id in ksui.tui.registry, which also lists its keys for ?
    CSS_PATH = "drift.tcss"  # parsed when the screen is first shown, not at start
    BINDINGS: ClassVar[list[BindingType]] = bindings("table", "drift")

    @dataclass
    class LastYearRead(Message):
        """Last year's months of a unit were read for its prognosförslag (or could not be)."""

        data: ReportData
        unit_id: int
        series: MonthSeries | None
        error: str = ""

    @dataclass
    class LockRead(Message):
        """Who locked the follow-up on screen and when (None: it could not be read)."""

        key: LockKey
        info: LockInfo | None

    def compose_body(self) -> Iterable[Widget]:
        """Period selector, the table and the detail of the selected unit."""
        with Horizontal(id="drift-toolbar"):
            yield Label("Period ", id="period-label")
            yield SwedishSelect[str](
                [(p.label, p.code) for p in PERIODS],
                allow_blank=False,
                compact=True,
                id="period",
                value=self.ksui.report_key.period,
            )
            yield Label("", id="drift-note")
            yield Label("", id="drift-sort")
        yield DriftTable(self.unit, id="drift-table", follow=self._show_detail)
        yield DriftDetail(id="drift-detail")

    def on_mount(self) -> None:
        """Start with the cursor in the table."""
        self._marked: set[str] = set()
        #: The lock the table's headings show (None: open) and the detail panel's line on it.
        self._lock_key: LockKey | None = None
        self._lock_text = ""
        super().on_mount()
        self.watch(self.query_one("#period", Select), "expanded", self._period_closed, init=False)
        # The locks are read after the report is shown; the status line then says 🔒 Låst.
        self.watch(self.app, "status", self._status_changed, init=False)
        self.focus_main()

    def focus_main(self) -> None:
        """The table is where the keys go."""
        self.query_one(DriftTable).focus()

    @property
    def table(self) -> DriftTable:
        """The drift table."""
        return self.query_one(DriftTable)

    def show(self, data: ReportData, change: Repaint | None) -> None:
        """Recompute the rollup and repaint; a comment alone only repaints the detail."""
        table = self.table
        # The ✎ marks a unit's own comment; a budget change's reason is not one.
        commented = {eid for (entity, eid, f) in data.comments if entity == "unit" and f == ""}
        if change is not None and change.parts <= {"comments"}:
            table.set_commented(commented)
        else:
            table.set_rows(
                data.drift(),
                data.year,
                commented,
                period=data.period,
                forecast_period=forecast_period(data),
                done=data.forecast_done,
            )
        select = self.query_one("#period", Select)
        with_data = set(self.ksui.periods)
        if with_data != self._marked:
            # Periods that hold figures are marked ●, so a controller sees where data is.
            self._marked = with_data
            with self.prevent(Select.Changed):
                select.set_options(
                    [(f"{p.label} ●" if p.code in with_data else p.label, p.code) for p in PERIODS]
                )
        if select.value != data.period:
            with self.prevent(Select.Changed):
                select.value = data.period
        note = period_note(data, with_data)
        label = self.query_one("#drift-note", Label)
        if str(label.content) != note:
            label.update(note)
        self._show_sort()
        self._sync_lock()
        self._show_detail(table.current_row)

    def _show_detail(self, row: DriftRow | None) -> None:
        data = self.data
        comment = data.comment("unit", row.unit.id) if data and row else ""
        self.query_one(DriftDetail).show(row, comment, self.unit, self._lock_text)

    # -- sorting and finding ------------------------------------------------------------------
    def _show_sort(self) -> None:
        """The toolbar says what the rows are sorted by (nothing in the tree's order)."""
        label = self.query_one("#drift-sort", Label)
        text = self.table.sort_label()
        if str(label.content) != text:
            label.update(text)

    def action_sort(self) -> None:
        """s: sort by the column under the cursor; again the other way; again the tree."""
        col = self.table.current_column
        if col is None or self.data is None:
            return
        self.table.cycle_sort(col.key)
        self._show_sort()

    def action_next_deviation(self) -> None:
        """n: the next unit whose deviation the period is about is beyond the threshold."""
        from ksui.core.swedish import format_amount

        data = self.data
        if data is None:
            return
        limit = self.ksui.config.deviation_threshold_ore
        before = self.table.current_row
        if data.period == "bokslut":
            found = self.table.next_beyond(lambda r: r.deviation, limit)
            what = "budgetavvikelse"
        else:
            found = self.table.next_beyond(lambda r: r.forecast_deviation, limit)
            what = "prognosavvikelse"
        if found is not None and found is not before:
            return
        amount = f"{format_amount(limit, self.unit)} {self.unit}"
        which = "Ingen enhet" if found is None else "Ingen annan enhet"
        self.notify(
            f"{which} har en {what} större än {amount} (plus eller minus). "
            "Gränsen sätts i config.toml under [drift], threshold_tkr.",
            severity="information",
            markup=False,
        )

    # -- the lock -------------------------------------------------------------------------------
    def _status_changed(self, _status: str) -> None:
        self._sync_lock()

    def _sync_lock(self) -> None:
        """Mark the headings when the follow-up on screen is locked, and read who locked it."""
        from ksui.tui.lock_state import is_locked, key_of

        data = self.data
        key = key_of(data) if data is not None and is_locked(self.app) else None
        if key == self._lock_key:
            return
        self._lock_key = key
        ascii_only = bool(getattr(self.app, "ascii_only", False))
        mark = LOCK_ASCII if ascii_only else LOCK
        self.table.set_lock(mark if key is not None else None)
        self._lock_text = f"{mark} Låst" if key is not None else ""
        if key is not None:
            self._read_lock(key)
        self._show_detail(self.table.current_row)

    @work(thread=True, exclusive=True, exit_on_error=False, group="drift-lock")
    def _read_lock(self, key: LockKey) -> None:
        try:
            info = self.ksui.gateway.lock_info(*key)
        except Exception:  # a file gone meanwhile: the mark stands, without who and when
            info = None
        self.post_message(self.LockRead(key, info))

    @on(LockRead)
    def _lock_read(self, message: LockRead) -> None:
        from ksui.render.audit import when

        info = message.info
        if message.key != self._lock_key or info is None:
            return
        mark = LOCK_ASCII if getattr(self.app, "ascii_only", False) else LOCK
        text = f"{mark} Låst {when(info.locked_at)} av {info.locked_by}"
        if info.note:
            text += f" – {info.note}"
        self._lock_text = text
        self._show_detail(self.table.current_row)

    @on(Select.Changed, "#period")
    def _period_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and self.data and event.value != self.data.period:
            self.ksui.select(period=event.value)
        self.focus_main()

    def _period_closed(self, expanded: bool) -> None:
        if not expanded:
            # Back to the table whether a period was chosen or not (after the Select has
            # taken the focus back itself).
            self.call_after_refresh(self.focus_main)

    def action_choose_period(self) -> None:
        """Open the period selector."""
        select = self.query_one("#period", Select)
        select.focus()
        select.expanded = True

    def action_months(self) -> None:
        """m: the selected unit (or the nämnd) month by month, as a chart and a table."""
        from ksui.tui.dialogs.months import MonthDialog

        data, row = self.data, self.table.current_row
        if data is None:
            return
        unit = row.unit if row is not None else data.committee
        self.app.push_screen(MonthDialog(unit.id, unit.name, data.year, data.tree, self.unit))

    def action_costs(self) -> None:
        """b: why the selected unit (or the nämnd) deviates — per kostnadsslag and account."""
        from ksui.tui.dialogs.costs import CostDialog

        data, row = self.data, self.table.current_row
        if data is None:
            return
        unit = row.unit if row is not None else data.committee
        self.app.push_screen(CostDialog(unit.id, unit.name, data.year, data.period, self.unit))

    def apply_filter(self, text: str) -> None:
        """Show matching units and the units above them."""
        self.table.set_filter(text)

    def copy_source(self) -> Copyable | None:
        """y/Y: the drift table's specification, built as the table's own, every column."""
        data = self.data
        if data is None:
            return None
        spec = drift_table(
            data.drift(),
            data.year,
            self.unit,
            period=data.period,
            forecast_period=forecast_period(data),
            done=data.forecast_done,
        )
        row = self.table.current_row
        return Copyable(spec, f"unit:{row.unit.id}" if row is not None else None)

    def log_unit(self) -> tuple[int, str] | None:
        """The unit the Ändringslogg starts filtered to: the one under the cursor."""
        row = self.table.current_row
        return (row.unit.id, row.unit.name) if row is not None and row.depth > 0 else None

    def go_to(self, unit_id: int) -> None:
        """Put the cursor on a unit (from the command palette)."""
        self.action_clear_filter()
        if self.table.go_to(unit_id):
            self.focus_main()

    # -- editing ------------------------------------------------------------------------------
    def action_edit(self) -> None:
        """Enter: edit the figure (or the name) under the cursor."""
        data, row, col = self.data, self.table.current_row, self.table.current_column
        if data is None or row is None or col is None:
            return
        if col.kind == "name":
            if row.depth == 0:
                self.notify("Nämndens namn ändras inte här.", severity="warning")
                return
            self.ask_name(
                f"Nytt namn på {row.unit.name}",
                row.unit.name,
                lambda name: self.submit(
                    FieldEdit("unit", row.unit.id, "name", name, f"Namn {row.unit.name}")
                ),
            )
            return
        if col.edits is None:
            self.computed(col.label)
            return
        measure = col.edits
        # Refused before the box opens, by the rule the write applies again (and refuses
        # with, should another process write a figure below meanwhile).
        refusal = parent_sum_refusal(data.tree, data.figures, row.unit.id, measure)
        if refusal is not None:
            self.notify(clean(refusal), severity="warning", markup=False)
            return
        own = data.figures.get(row.unit.id)
        period = BY_CODE[data.period].label.lower()
        # What the edit replaces: the figure stored at exactly this period (None when the
        # period shows one carried from earlier); a change by someone else is refused.
        stored = data.exact.get((row.unit.id, measure))
        self.ask_amount(
            f"{MEASURE_LABELS[measure]} · {row.unit.name} · {period} {data.year}",
            own.get(measure) if own else None,
            lambda amount: self.submit(
                DriftEdit(
                    row.unit.id,
                    row.unit.name,
                    data.year,
                    data.period,
                    measure,
                    amount,
                    expect=stored,
                )
            ),
        )

    def action_comment(self) -> None:
        """c: write the comment that explains the row's figures."""
        data, row = self.data, self.table.current_row
        if data is None or row is None:
            return
        shown = data.comment("unit", row.unit.id, raw=True)
        self.ask_text(
            f"Kommentar · {row.unit.name} · {data.year}",
            shown,
            lambda text: self.submit(
                CommentEdit(
                    "unit", row.unit.id, data.year, text, row.unit.name, expect=shown or None
                )
            ),
        )

    def action_read_comment(self) -> None:
        """v (or Enter on the comment panel): the row's whole comment, full-screen, read-only."""
        from ksui.tui.widgets.drift_detail import CommentReader

        data, row = self.data, self.table.current_row
        if data is None or row is None:
            return
        comment = data.comment("unit", row.unit.id)
        self.app.push_screen(CommentReader(f"Kommentar · {row.unit.name} · {data.year}", comment))

    def action_add(self) -> None:
        """a: a new unit under the selected one (or beside it, when it is a leaf)."""
        from ksui.tui import adding

        data, row = self.data, self.table.current_row
        if data is None or row is None:
            super().action_add()  # a file without a nämnd: the nämnd first
            return
        parent = row.unit
        if not row.has_children and row.depth > 0 and row.unit.parent_id in data.tree.units:
            parent = data.tree.units[row.unit.parent_id]
        adding.add_unit(self.app, parent)  # name and code, as `ksui add unit`

    def action_delete(self) -> None:
        """d: remove the selected unit and everything below it, after a question."""
        data, row = self.data, self.table.current_row
        if data is None or row is None:
            return
        if row.depth == 0:
            self.notify("Nämnden själv kan inte tas bort här.", severity="warning")
            return
        below = sum(1 for _ in data.tree.walk(row.unit.id)) - 1
        detail = (
            f"{below} enheter under den försvinner också, med siffror och kommentarer. "
            if below
            else "Enhetens siffror och kommentarer försvinner också. "
        ) + "Ctrl+Z ångrar."
        self.confirm(
            f"Ta bort {row.unit.name}?",
            detail,
            lambda: self.submit(DeleteRow("unit", row.unit.id, row.unit.name)),
        )

    # -- the forecast workflow ------------------------------------------------------------
    def _forecast_leaf(self) -> DriftRow | None:
        """The row under the cursor when it is a unit that gets a forecast of its own."""
        data, row = self.data, self.table.current_row
        if data is None or row is None:
            return None
        if row.depth == 0 or row.has_children:
            self.notify(
                "Prognosförslag och klar görs per enhet utan enheter under sig; "
                "deras summa blir prognosen här.",
                severity="warning",
            )
            return None
        return row

    def action_suggest_forecast(self) -> None:
        """f: the unit's prognosförslag, accepted after a question."""
        row = self._forecast_leaf()
        if row is not None and self.data is not None:
            self._read_last_year(self.data, row.unit.id)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="forecast",
        description="Räknar prognosförslag",
    )
    def _read_last_year(self, data: ReportData, unit_id: int) -> None:
        # Last year's months are read on a worker, through the gateway's lock.
        try:
            series = self.ksui.gateway.months(unit_id, data.year - 1, data.tree)
        except Exception as exc:  # a unit removed meanwhile, a missing file: say so
            self.post_message(self.LastYearRead(data, unit_id, None, str(exc)))
            return
        self.post_message(self.LastYearRead(data, unit_id, series))

    @on(LastYearRead)
    def _offer_forecast(self, message: LastYearRead) -> None:
        from ksui.actions.errors import StoreError
        from ksui.actions.forecasts import suggestion_for
        from ksui.core.swedish import format_amount
        from ksui.tui.dialogs import ConfirmDialog

        data = message.data
        if message.series is None and message.error:
            self.notify(f"Förra årets månader kunde inte läsas: {clean(message.error)}")
            return
        try:
            found = suggestion_for(data, message.unit_id, message.series)
        except StoreError as exc:
            self.notify(clean(str(exc)), severity="warning", markup=False)
            return
        amount = found.suggestion.amount
        name = found.unit.name
        if amount is None:
            self.notify(f"{clean(name)} har varken budget eller utfall.", severity="warning")
            return
        unit, period = self.unit, BY_CODE[data.period].label.lower()
        detail = f"Räknat på {found.suggestion.method_label}."
        if found.entered is not None:
            detail += f" Prognosen nu: {format_amount(found.entered, unit)} {unit}."
        question = f"Prognos {name} {period} {data.year}: {format_amount(amount, unit)} {unit}?"
        edit = DriftEdit(
            found.unit.id, name, data.year, data.period, "forecast", amount, expect=found.entered
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.submit(edit)

        self.app.push_screen(
            ConfirmDialog(question, detail, yes_label="Ja, lägg in (j)"), callback=answered
        )

    def action_accept_all_forecasts(self) -> None:
        """F: the prognosförslag of every unit without a forecast at the period, one change."""
        from ksui.actions.forecasts import pending
        from ksui.tui.dialogs import ConfirmDialog

        data = self.data
        if data is None:
            return
        count = len(pending(data))
        period = BY_CODE[data.period].label.lower()
        if count == 0:
            self.notify(f"Alla enheter har redan en prognos för {period} {data.year}.")
            return
        edit = AcceptAllForecasts(data.committee.id, data.year, data.period, count)

        def answered(yes: bool | None) -> None:
            if yes:
                self.submit(edit)

        self.app.push_screen(
            ConfirmDialog(
                f"Lägg in prognosförslaget för {count} enheter?",
                f"Enheter utan prognos för {period} {data.year} får förslaget som prognos, "
                "i en enda ändring. Ctrl+Z ångrar.",
                yes_label="Ja, lägg in (j)",
            ),
            callback=answered,
        )

    def action_toggle_forecast_done(self) -> None:
        """k: mark the unit's forecast klar for the period, or take the mark back."""
        row = self._forecast_leaf()
        data = self.data
        if row is None or data is None:
            return
        done = row.unit.id not in data.forecast_done
        self.submit(ForecastDoneEdit(row.unit.id, row.unit.name, data.year, data.period, done))


def period_note(data: ReportData, with_data: set[str]) -> str:
    """What the line beside the period says: whose utfall the table shows when it is a
    month's (at bokslut before the bokslut is entered: ``render.summary.standing_note``),
    or that the period has no figures yet."""
    standing = standing_note(data.rows, data.period)
    if standing:
        return f"  ({standing})"
    return "" if data.period in with_data else "  (inga siffror för perioden ännu)"
