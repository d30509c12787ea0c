"""What every screen shares: the top bar, the footer, the filter line, dialogs, following data.

A screen shows the app's current report. When the report changes (an edit, an undo, a new
period) the app bumps its ``version``; the screen in front repaints at once and the others
repaint when they are next shown, so an edit never pays for screens nobody looks at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from ksui.core.report import ReportData
from ksui.core.swedish import parse_amount
from ksui.tui.amounts import exact_amount
from ksui.tui.host import Host, host
from ksui.tui.state import Repaint
from ksui.tui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from ksui.tui.clipboard import Copyable
    from ksui.tui.dialogs import Entry
    from ksui.tui.edits import Edit

T = TypeVar("T")


class ReportScreen(Screen[None]):
    """A screen of the report; subclasses compose a body and show the data in it."""

    #: The screen's mode id in ``ksui.tui.registry`` (its heading and keys are listed there).
    NAME: ClassVar[str] = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Töm filtret", show=False, id="filter.clear"),
    ]

    def __init__(self) -> None:
        super().__init__(id=f"screen-{self.NAME}")
        self._shown_version = -1
        self._breakpoints_now()

    def _breakpoints_now(self) -> None:
        """Give the screen its breakpoint classes (``-narrow``, ``-wide``) for the terminal's
        size at once: Textual gives them on the screen's first Resize, and the change of
        class then styles every widget of the screen once more before the first frame. Done
        here, that Resize finds them in place (and still changes them if the size differs)."""
        try:
            app = self.app
        except RuntimeError:  # no running app (Textual's NoActiveAppError): the Resize gives them
            return
        width, height = app.size
        classes: dict[str, bool] = {}
        for size, mine, apps in (
            (width, self.HORIZONTAL_BREAKPOINTS, app.HORIZONTAL_BREAKPOINTS),
            (height, self.VERTICAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS),
        ):
            given = apps if mine is None else mine  # as Screen._on_resize chooses
            breakpoints = sorted(given or [], reverse=True)
            classes.update((name, False) for _, name in breakpoints)
            reached = next((name for start, name in breakpoints if size >= start), None)
            if reached is not None:
                classes[reached] = True
        self.update_classes(classes, update=False)

    @property
    def ksui(self) -> Host:
        """The app, as the little of it a screen may use (``ksui.tui.host``)."""
        return host(self.app)

    @property
    def data(self) -> ReportData | None:
        """The report on screen (None while loading or when the database is empty)."""
        return self.ksui.data

    @property
    def unit(self) -> str:
        """The display unit, tkr or mkr."""
        return self.ksui.config.unit

    def compose(self) -> ComposeResult:
        """Top bar, the body, a filter line (hidden until /) and the footer."""
        yield TopBar(self.NAME)
        yield Static("", id="placeholder", classes="placeholder")
        for widget in self.compose_body():
            # Hidden while there is no report (.-empty), so the placeholder that says why
            # never stands above the figures of a report that is gone (an undo, an import).
            widget.add_class("report-body", update=False)  # styled when it mounts anyway
            yield widget
        if self.ksui.first_frame_shown or self.NAME != self.app.DEFAULT_MODE:
            yield from self._controls()

    def _controls(self) -> list[Widget]:
        """The filter line and the footer's keys: the screen the app starts on mounts them
        once its figures are on the terminal (``on_mount``), as they are a quarter of its
        first frame's work (the footer lays out a widget per key). Any other screen has them
        from the start: its rows may be filtered as soon as it shows them."""
        from textual.widgets import Footer  # the first screen's footer waits for its frame

        field = Input(
            placeholder="Filtrera på namn … (Enter behåller, Esc tömmer)", id="filter", compact=True
        )
        return [field, Footer(show_command_palette=False)]

    def _mount_controls(self) -> None:
        if self.is_attached and not self.query("#filter"):
            self.mount_all(self._controls())
            self.query_one("#filter", Input).cursor_blink = False
            # The footer lists the keys when the screen's bindings change; they did before.
            self.call_after_refresh(self.refresh_bindings)

    def _filter_field(self) -> Input | None:
        """The filter line, None in the moment before the first screen has mounted it."""
        found = self.query("#filter")
        return found.first(Input) if found else None

    def compose_body(self) -> Iterable[Widget]:
        """The screen's own widgets."""
        return ()

    def _compositor_refresh(self) -> None:
        """Paint what changed; while the app holds its output back, keep it for later.

        Textual lays the app's first screen out inside its start's batch, where the frame
        is rendered and then dropped, and what it covered no longer counts as changed: the
        terminal would get only the top bar after the start, and the figures a timer tick
        later, when something else repaints them. Kept, the first frame after the batch
        paints them (Textual 8's private hook; an override that only declines).
        """
        if self.app._batch_count:
            return
        super()._compositor_refresh()

    def on_mount(self) -> None:
        """Follow the app's report."""
        field = self._filter_field()
        if field is None:
            self.ksui.after_first_frame(self._mount_controls)
        else:
            field.cursor_blink = False
        self.watch(self.app, "version", self._version_changed, init=False)
        # Textual calls every class's on_mount, and a screen's own on_mount may call this
        # one too: the report is drawn once, not again for the same version.
        if self._shown_version != self.ksui.version:
            self.refresh_data()

    def on_screen_resume(self) -> None:
        """Catch up with edits made while another screen was in front."""
        if self._shown_version != self.ksui.version:
            self.refresh_data()

    def _version_changed(self, _version: int) -> None:
        if self.is_current or self._under_dialogs():
            self.refresh_data(self.ksui.change)

    def _under_dialogs(self) -> bool:
        """Whether only dialogs stand above this screen: it shows around them, so an undo
        or import made in one (the Ändringslogg's u, the import) shows on it at once."""
        stack = self.app.screen_stack
        if self not in stack:
            return False
        above = stack[stack.index(self) + 1 :]
        return bool(above) and all(isinstance(screen, ModalScreen) for screen in above)

    def refresh_data(self, change: Repaint | None = None) -> None:
        """Show the current report (or say why there is none)."""
        self._shown_version = self.ksui.version
        data = self.data
        placeholder = self.query_one("#placeholder", Static)
        self.set_class(data is None, "-empty")
        if data is None:
            placeholder.update(self.ksui.empty_reason)
            return
        if str(placeholder.content):
            placeholder.update("")  # an update asks for a new layout: only when it changes
        self.show(data, change if change and change.version == self.ksui.version else None)

    def show(self, data: ReportData, change: Repaint | None) -> None:
        """Fill the body from the report; ``change`` says what changed, None means anything."""

    # -- filter -----------------------------------------------------------------------------
    def action_filter(self) -> None:
        """Open the filter line."""
        field = self._filter_field()
        if field is not None:
            self.add_class("-filtering")
            field.focus()

    def action_clear_filter(self) -> None:
        """Close the filter line and show every row again."""
        field = self._filter_field()
        if field is None or (not self.has_class("-filtering") and not field.value):
            return
        field.value = ""
        self.remove_class("-filtering")
        self.apply_filter("")
        self.focus_main()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.remove_class("-filtering")
        self.focus_main()

    def apply_filter(self, text: str) -> None:
        """Show only the rows that match."""

    def focus_main(self) -> None:
        """Put the focus back on the screen's main table."""

    # -- actions every table screen answers (subclasses override what they support) --------
    def action_edit(self) -> None:
        """Edit the cell under the cursor."""

    def action_comment(self) -> None:
        """Write the comment of the row under the cursor."""
        self.notify("Den här raden har ingen kommentar att skriva.", severity="warning")

    def action_add(self) -> None:
        """Add a row; on a file without a nämnd, the nämnd."""
        if self.data is None and not self.ksui.committees:
            from ksui.tui import adding

            adding.add_committee(self.app)
            return
        self.notify("Här finns inget att lägga till.", severity="warning")

    def action_delete(self) -> None:
        """Delete the row under the cursor."""
        self.notify("Här finns inget att ta bort.", severity="warning")

    # -- copying (y, Y) ---------------------------------------------------------------------
    def copy_source(self) -> Copyable | None:
        """The table y and Y copy, with the row under the cursor; None: the screen has none."""
        return None

    def action_copy_row(self) -> None:
        """y: the row under the cursor as tab-separated text, to the clipboard and a file."""
        self._copy(whole=False)

    def action_copy_table(self) -> None:
        """Y: every row of the table, the same way."""
        self._copy(whole=True)

    def _copy(self, *, whole: bool) -> None:
        from ksui.tui import clipboard
        from ksui.tui.registry import BY_MODE

        entry = BY_MODE.get(self.NAME)
        heading = entry.label if entry is not None else "Skärmen"
        if self.data is None:
            self.notify("Ingen tabell att kopiera ännu.", severity="warning")
            return
        clipboard.copy(self, self.copy_source(), whole=whole, heading=heading)

    # -- dialogs ----------------------------------------------------------------------------
    def submit(self, edit: Edit) -> None:
        """Have the edit written (and shown) by the app."""
        self.ksui.submit(edit)

    def ask_amount(
        self, title: str, current: int | None, done: Callable[[int | None], None]
    ) -> None:
        """Ask for an amount in the display unit; empty clears the figure."""
        unit = self.unit

        def parse(text: str) -> int | None:
            if not text.strip():
                return None
            return parse_amount(text, unit)

        self.ask(
            title,
            exact_amount(current, unit),
            parse,
            done,
            hint=f"Belopp i {unit}, t.ex. 43 000 eller 4,3 mkr. Tomt tar bort siffran.",
        )

    def ask(
        self,
        title: str,
        initial: str,
        parse: Callable[[str], T],
        done: Callable[[T], None],
        hint: str = "",
    ) -> None:
        """Ask for one value; ``done`` gets it unless escape was pressed or nothing changed."""
        from ksui.tui.dialogs import ValueDialog

        def result(entry: Entry[T] | None) -> None:
            if entry is not None and not unchanged(initial, entry.value, parse):
                done(entry.value)

        self.app.push_screen(ValueDialog(title, initial, parse, hint), callback=result)

    def ask_name(self, title: str, initial: str, done: Callable[[str], None]) -> None:
        """Ask for a name that may not be empty."""

        def parse(text: str) -> str:
            if not text.strip():
                raise ValueError("namnet får inte vara tomt")
            return text.strip()

        self.ask(title, initial, parse, done)

    def ask_text(self, title: str, text: str, done: Callable[[str], None]) -> None:
        """Edit a long text in a TextArea; nothing happens on escape or when unchanged."""
        from ksui.tui.dialogs import LongTextDialog

        def result(value: str | None) -> None:
            # The dialog returns the text without trailing blanks: compare it the same way.
            if value is not None and value.rstrip() != text.rstrip():
                done(value)

        self.app.push_screen(LongTextDialog(title, text), callback=result)

    def confirm(self, question: str, detail: str, done: Callable[[], None]) -> None:
        """Ask before removing something."""
        from ksui.tui.dialogs import ConfirmDialog

        def result(yes: bool | None) -> None:
            if yes:
                done()

        self.app.push_screen(ConfirmDialog(question, detail), callback=result)

    def computed(self, what: str) -> None:
        """Say that a figure is computed, not typed."""
        self.notify(f"{what} räknas fram ur siffrorna och kan inte skrivas in.", severity="warning")


def unchanged(initial: str, value: object, parse: Callable[[str], object]) -> bool:
    """Whether the entered value is the one the box opened with: saving it changes nothing."""
    try:
        return parse(initial) == value
    except ValueError:
        return False


def first(items: Iterable[Any]) -> Any:
    """The first item, or None."""
    return next(iter(items), None)
