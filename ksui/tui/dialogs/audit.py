"""The Ändringslogg: who changed which figure when, old → new and why; filter, and undo one.

The list is read on a worker through the gateway (the latest 200, "visa fler" reads 200
more) and read again whenever the report changes, so an undo made here shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from ksui.core.periods import BY_CODE
from ksui.render.audit_detail import fields_text, head_text
from ksui.render.cells import clean, plain
from ksui.tui.audit import PAGE, AuditEntry, AuditPage, AuditQuery
from ksui.tui.dialogs.base import Dialog
from ksui.tui.host import Host, host
from ksui.tui.keys import BY_ID, bindings
from ksui.tui.widgets.figure_table import FigureTable

if TYPE_CHECKING:
    from textual._path import CSSPathType
    from textual.screen import Screen

    from ksui.core.report import ReportData

SHOWN_LINES = 40  # fields listed in the detail of one change set
AUDIT_CSS = Path(__file__).with_name("audit.tcss")


class AuditDialog(Dialog[None]):
    """Change sets newest first; e, p and v switch the unit, period and person filters."""

    HEADING = "Ändringslogg"
    KEY_GROUPS: ClassVar[tuple[str, ...]] = ("log",)
    # A modal screen cuts the app's keys off: ? is offered here again.
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("log"),
        BY_ID["help"].binding(),
        Binding("escape,l", "close", "Stäng", id="dialog.close"),
        Binding("enter", "show_change", "Visa ändringen", id="log.change"),
    ]

    @dataclass
    class Fetched(Message):
        """A page of the log was read (or could not be: ``error``)."""

        page: AuditPage | None
        error: str = ""

    def __init__(
        self,
        unit: tuple[int, str] | None = None,
        period: tuple[int, str] | None = None,
        *,
        limit: int = PAGE,
    ) -> None:
        super().__init__()
        self.unit = unit
        self.period = period
        self.filters = AuditQuery(
            limit, unit_id=unit[0] if unit else None, unit_name=unit[1] if unit else ""
        )
        self.page: AuditPage | None = None
        #: Whether undoing a change set is large (units or >100 figures go: »ja« typed),
        #: weighed on a worker as the cursor reaches it, so u asks the one right question.
        self.large: dict[int, bool] = {}

    @classmethod
    def opened_from(cls, screen: Screen[Any], data: ReportData | None) -> AuditDialog:
        """Filtered to the unit under the Drift cursor, when opened from there."""
        log_unit = getattr(screen, "log_unit", None)
        unit = log_unit() if callable(log_unit) else None
        return cls(unit, (data.year, data.period) if data is not None else None)

    @property
    def ksui(self) -> Host:
        """The app, as far as the log uses it."""
        return host(self.app)

    def compose(self) -> ComposeResult:
        """Title, the filters, the list, the selected change set, and the keys."""
        with Vertical(id="dialog", classes="dialog audit-dialog"):
            yield Label("Ändringslogg", id="audit-title", classes="dialog-title")
            yield Static("", id="audit-filters")
            yield FigureTable(id="audit-list")
            with VerticalScroll(id="audit-detail-box", can_focus=False):
                yield Static("Läser loggen …", id="audit-detail")
            yield Static(
                "Enter visar · u ångrar · e enhet · p period · v vem · m fler · Esc stänger",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Read the log; read it again whenever the report changes (an edit, an undo)."""
        table = self.query_one(FigureTable)
        table.cursor_type = "row"
        table.focus()
        self.watch(self.app, "version", self._report_changed, init=False)
        self._show_filters()
        self._fetch(self.filters)

    def _report_changed(self, _version: int) -> None:
        self.large.clear()  # what an undo would remove may have changed with the report
        self._fetch(self.filters)

    def on_resize(self) -> None:
        """The columns are sized for the width."""
        if self.page is not None:
            self._fill(self.page)

    # -- reading ----------------------------------------------------------------------------
    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="audit",
        description="Läser ändringsloggen",
    )
    def _fetch(self, filters: AuditQuery) -> None:
        try:
            page = self.ksui.gateway.audit(filters)
        except Exception as exc:  # a missing file: say so in the panel
            self.post_message(self.Fetched(None, str(exc)))
            return
        self.post_message(self.Fetched(page))

    @on(Fetched)
    def _fetched(self, message: Fetched) -> None:
        page = message.page
        if page is None:
            self.query_one("#audit-detail", Static).update(
                Text(f"Loggen kunde inte läsas: {clean(message.error)}")
            )
            return
        if page.query != self.filters:
            return  # the filters have changed since; a newer read is on its way
        self.page = page
        self._fill(page)

    def _fill(self, page: AuditPage) -> None:
        table = self.query_one(FigureTable)
        selected = table.row_key_value
        table.clear(columns=True)
        # Nr, När and Vem keep their width (narrower on 80 columns: no year, a shorter
        # name); »Vad och varför« takes what is left, border, padding and scrollbar taken
        # off. Below 100 columns the changed fields are left to the panel under the list
        # (and to Enter), so the words of what was done and why are not cut to a few.
        narrow = self.app.size.width < 100
        nr = max([2] + [len(str(e.id)) for e in page.entries])
        at, who = (11, 8) if narrow else (16, 12)
        columns = 4 if narrow else 5
        room = max(20, self.app.size.width - 4 - nr - at - who - 2 * columns - 1)
        changed = 0 if narrow else room * 2 // 5
        what = room - changed
        table.add_column("Nr", key="nr", width=nr)
        table.add_column("När", key="at", width=at)
        table.add_column("Vem", key="user", width=who)
        table.add_column("Vad och varför", key="what", width=what)
        if changed:
            table.add_column("Ändrat (gammalt → nytt)", key="changed", width=changed)
        for entry in page.entries:
            cells = [
                Text(str(entry.id).rjust(nr)),
                Text(entry.at[-at:]),
                _cut(plain(entry.user), who),
                _cut(plain(_what(entry)), what),
            ]
            if changed:
                cells.append(_cut(plain(entry.first), changed))
            table.add_row(*cells, key=str(entry.id))
        table.move_to_row_key(selected)
        self._show_filters()
        self._show_detail()

    # -- showing ----------------------------------------------------------------------------
    def _show_filters(self) -> None:
        f = self.filters
        unit = plain(f.unit_name) if f.unit_id is not None else Text("alla", style="dim")
        if f.period is not None:
            period = Text(f"{BY_CODE[f.period].label} {f.year}")
        else:
            period = Text("alla", style="dim")
        who = plain(f.user) if f.user is not None else Text("alla", style="dim")
        line = Text.assemble("Enhet (e): ", unit, " · Period (p): ", period, " · Vem (v): ", who)
        line.no_wrap, line.overflow = True, "ellipsis"
        page = self.page
        if page is not None:
            count = len(page.entries)
            if page.has_more:
                line.append(f" · de {count} senaste, m visar fler", style="dim")
            else:
                line.append(f" · {count} ändring{'ar' if count != 1 else ''}", style="dim")
        self.query_one("#audit-filters", Static).update(line)
        title = Text.assemble("Ändringslogg — ", plain(f.describe()))
        self.query_one("#audit-title", Label).update(title)

    def selected(self) -> AuditEntry | None:
        """The change set under the cursor."""
        key = self.query_one(FigureTable).row_key_value
        if self.page is None or key is None:
            return None
        return next((e for e in self.page.entries if str(e.id) == key), None)

    @on(DataTable.RowHighlighted, "#audit-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        box = self.query_one("#audit-detail", Static)
        entry = self.selected()
        if entry is None:
            box.update(Text("Inga ändringar med de här filtren.", style="dim"))
            return
        box.update(entry_text(entry, SHOWN_LINES))
        if entry.id not in self.large:
            self._weigh(entry.id)

    @work(thread=True, exit_on_error=False, group="audit-weigh", description="Väger ångrandet")
    def _weigh(self, changeset_id: int) -> None:
        from ksui.actions import history

        impact = self.ksui.gateway.read(lambda store: history.impact(store, changeset_id))
        self.app.call_from_thread(self.large.__setitem__, changeset_id, impact.needs_confirmation)

    @on(DataTable.RowSelected, "#audit-list")
    def _selected(self, event: DataTable.RowSelected) -> None:
        """A click on the selected row: as Enter."""
        event.stop()
        self.action_show_change()

    def action_show_change(self) -> None:
        """Enter: the change set in full, a changed text word for word."""
        entry = self.selected()
        if entry is not None:
            self.app.push_screen(AuditChangeDialog(entry))

    # -- actions ----------------------------------------------------------------------------
    def _refilter(self, filters: AuditQuery) -> None:
        self.filters = filters
        self._show_filters()
        self._fetch(filters)

    def action_toggle_unit(self) -> None:
        """e: only the unit's changes, or everyone's."""
        if self.filters.unit_id is not None:
            self._refilter(replace(self.filters, unit_id=None, unit_name=""))
        elif self.unit is None:
            self.notify(
                "Öppna loggen från Drift med markören på en enhet för att se bara den.",
                severity="warning",
            )
        else:
            self._refilter(replace(self.filters, unit_id=self.unit[0], unit_name=self.unit[1]))

    def action_toggle_period(self) -> None:
        """p: only changes of the period on screen, or of every period."""
        if self.filters.period is not None:
            self._refilter(replace(self.filters, year=None, period=None))
        elif self.period is None:
            self.notify("Det finns ingen period på skärmen att filtrera på.", severity="warning")
        else:
            year, period = self.period
            self._refilter(replace(self.filters, year=year, period=period))

    def action_next_person(self) -> None:
        """v: step through the people in the log, then everyone again."""
        users = list(self.page.users) if self.page is not None else []
        if not users:
            return
        current = self.filters.user
        index = users.index(current) + 1 if current in users else 0
        user = users[index] if index < len(users) else None
        self._refilter(replace(self.filters, user=user))

    def action_more(self) -> None:
        """m: read 200 more change sets."""
        if self.page is not None and not self.page.has_more:
            self.notify("Det finns inga fler ändringar.", timeout=2)
            return
        self._refilter(self.filters.more())

    def action_reload(self) -> None:
        """r: read the log again (another ksui may have written meanwhile)."""
        self._fetch(self.filters)

    def action_undo_selected(self) -> None:
        """u: undo the selected change set, after a question; Ctrl+Y redoes it."""
        from ksui.tui.dialogs.confirm import ConfirmDialog

        entry = self.selected()
        if entry is None:
            return
        if self.large.get(entry.id):
            # A large undo: the app asks the one question that needs »ja« typed (as Ctrl+Z
            # does), not a j/n here first and then that.
            self.ksui.undo_changeset(entry.id, entry.description)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.ksui.undo_changeset(entry.id, entry.description)

        self.app.push_screen(
            ConfirmDialog(
                f"Ångra ändring nr {entry.id}?",
                f"{clean(entry.description)}. Ångrandet sparas som en ny ändring i loggen; "
                "Ctrl+Y gör om.",
                yes_label="Ja, ångra (j)",
            ),
            callback=answered,
        )

    def action_help(self) -> None:
        """?: the keys of the log."""
        self.ksui.action_help()

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)


class AuditChangeDialog(Dialog[None]):
    """One change set in full: every field read, a changed text shown word for word."""

    CSS_PATH: ClassVar[CSSPathType | None] = [Dialog.CSS_PATH, AUDIT_CSS]  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Stäng", id="dialog.close"),
    ]

    def __init__(self, entry: AuditEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        """The change set, scrollable, and how to leave."""
        with Vertical(id="dialog", classes="dialog audit-dialog audit-change-dialog"):
            yield Label(Text(f"Ändring nr {self.entry.id}"), classes="dialog-title")
            with VerticalScroll(id="audit-change-box"):
                yield Static(entry_text(self.entry, numbered=False), id="audit-change")
            yield Static(
                "Borttagna ord [-så-], tillagda {+så+} · ↑↓ rullar · Esc stänger",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """The text scrolls with the arrow keys at once."""
        self.query_one("#audit-change-box", VerticalScroll).focus()

    def action_close(self) -> None:
        """Back to the log."""
        self.dismiss(None)


def entry_text(entry: AuditEntry, limit: int | None = None, *, numbered: bool = True) -> Text:
    """A change set's head and its fields (the first ``limit``), texts word for word."""
    number = entry.id if numbered else None
    text = head_text(number, entry.at, entry.user, entry.description, entry.reason, entry.undoes)
    words = entry.words if limit is None else entry.words[:limit]
    more = len(entry.words) - len(words) + entry.more
    if words or more:
        text.append("\n")
        text.append_text(fields_text(words, more))
    return text


def _what(entry: AuditEntry) -> str:
    """Vad och varför on one line: the description, and the reason when one was given."""
    return entry.description + (f" — {entry.reason}" if entry.reason else "")


def _cut(text: Text, width: int) -> Text:
    """One line of a cell, cut with an ellipsis rather than silently."""
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    return text
