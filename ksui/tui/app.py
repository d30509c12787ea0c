"""The ksui app: composes the registry's screens and routes messages to the report and undo.

Database work runs on worker threads that post messages back; the handlers here change the
app's state, bump ``version`` and let the screen in front repaint. The first report is read
in a forked process while Textual starts (``Gateway.prefetch``), so the first frame has its
figures; whatever can wait (the footer, the store's own connection, toasts, the use cases)
comes once that frame is on the terminal (``after_first_frame``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import App
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.reactive import reactive
from textual.screen import Screen

from ksui import codecache
from ksui.config import Config, load_config
from ksui.render.cells import clean
from ksui.tui import messages, registry
from ksui.tui.commands import KsuiCommands, palette, text_search
from ksui.tui.gateway import (
    Gateway,
    Loaded,
    Outcome,
    ReportKey,
    RevertJob,
    WriteJob,
    first_key,
)
from ksui.tui.keys import bindings, check_keymap
from ksui.tui.no_color import use_legible_monochrome
from ksui.tui.state import ALL, Done, Repaint, context_line, status_line
from ksui.tui.stylesheet import KeptStylesheet
from ksui.tui.terminal import TerminalApp
from ksui.tui.undo import VERBS, History, confirmation

if TYPE_CHECKING:
    from ksui.actions import RevertImpact
    from ksui.actions.kommun_totals import KommunTotals
    from ksui.core.models import Unit
    from ksui.core.report import ReportData
    from ksui.tui.analysis import Analysis
    from ksui.tui.edits import Edit

#: How often the app looks whether another process has written to the file.
POLL_SECONDS = 0.5
#: How long the app waits, before Textual starts, for the first report to be read; a
#: slower read paints the screens first and its figures when they come.
FIRST_READ_WAIT = 0.3


def opens_on_kommun(loaded: Loaded, config: Config) -> bool:
    """Whether a first report opens the Kommunen screen: in a kommun's file (``ksui
    consolidate``) unless config.toml names a nämnd, and where it names the kommun."""
    kommun = loaded.kommun
    if kommun is None:
        return False
    named = loaded.data is not None and loaded.data.committee.id == kommun.id
    # Its nämnder's totals come first only where no nämnd is named (``Gateway._kommun_first``).
    return config.committee is None or named or loaded.totals is not None


class KsuiApp(TerminalApp):
    """Budget follow-up for one nämnd at a time: every figure on one keyboard."""

    CSS_PATH = Path(__file__).with_name("ksui.tcss")
    TITLE = "ksui"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = registry.modes()
    DEFAULT_MODE = registry.FIRST
    COMMANDS: ClassVar[set[Any]] = {KsuiCommands, text_search}
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012

    # Watched by the widgets that show them; the app draws nothing itself, so a change must
    # not repaint the whole screen (repaint=False), only what the watchers update.
    context: reactive[str] = reactive("Laddar …", repaint=False)
    status: reactive[str] = reactive("", repaint=False)
    #: Signed-off follow-ups as (nämnd id, year, period), read by ``ksui.tui.lock_state``.
    locks: frozenset[tuple[int, int, str]] = frozenset()
    version: reactive[int] = reactive(0, init=False, repaint=False)
    analysis_version: reactive[int] = reactive(0, init=False, repaint=False)

    # The worker messages (see ksui.tui.messages), reachable as KsuiApp.EditSaved etc.
    ReportLoaded = messages.ReportLoaded
    LoadFailed = messages.LoadFailed
    EditSaved = messages.EditSaved
    EditRefused = messages.EditRefused
    Reverted = messages.Reverted
    RevertNeedsConfirmation = messages.RevertNeedsConfirmation
    Analysed = messages.Analysed
    Exported = messages.Exported

    def __init__(self, config: Config | None = None, *, gateway: Gateway | None = None) -> None:
        config = config if config is not None else load_config()
        # A [keys] table that would leave a key dead or doing two things stops the start.
        check_keymap(config)
        report_key = first_key(config)
        if gateway is None:
            # Read the first report while Textual starts; the first load picks it up.
            gateway = Gateway(config.database)
            gateway.prefetch(report_key)
        # The first report, when it is read in a moment (it usually is by now): the screens
        # mount with its figures, and Textual starts on the screen it opens (a kommun's
        # file on Kommunen), never building one to leave it at once.
        first = gateway.take_prefetched(report_key, wait=FIRST_READ_WAIT)
        if first is not None and opens_on_kommun(first, config):
            setattr(self, "DEFAULT_MODE", "kommun")  # noqa: B010  (read by App.__init__)
        super().__init__()
        # Under NO_COLOR a red figure stays legible: greys with a floor on contrast.
        use_legible_monochrome(self)
        # Parsed once per theme, not again for every screen shown (ksui.tui.stylesheet); the
        # variables are those App.__init__ just computed for its own stylesheet (the theme
        # has not changed since), not computed a second time.
        self.stylesheet = KeptStylesheet(variables=self.theme_variables)
        self.config = config
        self.report_key = report_key
        self.gateway = gateway
        self._first: Loaded | None = first
        self.data: ReportData | None = None
        self.analysis: Analysis | None = None
        self.change = Repaint(0)
        self.committees: list[Unit] = []
        #: The kommun above consolidated nämnder (``ksui consolidate``), listed first.
        self.kommun: Unit | None = None
        #: The kommun's nämnder read as the first report, before any nämnd's (``Loaded.totals``).
        self.kommun_totals: KommunTotals | None = None
        self.years: list[int] = []
        self.periods: list[str] = []
        self.empty_reason = "Läser databasen …"
        self.history = History()
        self._requests = 0
        self._frozen = False
        self._data_version: int | None = None
        self._walked = False
        #: The first report, when it opens the Kommunen screen but came too late for Textual
        #: to start there (``__init__``): on_mount switches to it.
        self._kommun_first: Loaded | None = None
        #: Whether the first frame is on the terminal (Textual's Ready), and the work that
        #: waits for it (``after_first_frame``).
        self._first_frame = False
        self._waiting_for_frame: list[Callable[[], object]] = []
        self._collecting = True

    # -- start and stop -----------------------------------------------------------------------
    def on_load(self) -> None:
        """Take the first report if it was read while Textual started (``Gateway.prefetch``):
        the screens then mount with its figures, and the first frame shows them."""
        # Textual's start allocates much and frees little: the collector's passes over it
        # are wasted work before the first frame (on again in ``_first_frame_out``).
        self._collecting = gc.isenabled()
        gc.disable()
        loaded, self._first = self._first, None
        if loaded is None:
            loaded = self.gateway.take_prefetched(self.report_key)  # read since __init__
        if loaded is None or (loaded.data is None and loaded.totals is None):
            return  # no report (an empty file): on_mount reads it and says why
        self._requests += 1
        if self._opens_on_kommun(loaded) and self.current_mode != "kommun":
            self._kommun_first = loaded  # read after the app began on Översikt: in on_mount
        else:
            self._show_loaded(loaded)

    async def on_mount(self) -> None:
        """Theme and keys from config.toml, then read the report on a worker."""
        self.set_class(self.ascii_only, "-ascii")
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.notify(f"Okänt tema »{self.config.theme}« i config.toml", severity="warning")
        if self.config.keys:
            self.set_keymap(self.config.keys)  # checked in __init__ (check_keymap)
        if self._kommun_first is not None:
            await self.switch_mode("kommun")
            self._show_loaded(self._kommun_first)
            self._kommun_first = None
        if self.data is None and self.kommun_totals is None:
            # The report is being read since __init__ (Gateway.prefetch); show it when it is.
            self._load(self.report_key)
        elif self.data is not None:
            # Painted from the forked reader's report: open our own connection once it is on
            # the terminal (with the kommun's nämnder painted instead, the nämnd's report
            # that follows does).
            self.after_first_frame(self._settle)
        self.set_interval(POLL_SECONDS, self._poll_file, name="poll-file")

    @property
    def first_frame_shown(self) -> bool:
        """Whether the first frame is on the terminal (``after_first_frame`` runs at once)."""
        return self._first_frame

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the first frame is on the terminal; at once after that.

        Textual lays the first screen out and paints it while it still holds back the
        output (its start is one batch), and ``call_after_refresh`` runs there before
        anything is shown. Work a worker thread or an import would do then takes the
        interpreter from the very frame it waits for.
        """
        if self._first_frame:
            callback()
        else:
            self._waiting_for_frame.append(callback)

    def on_ready(self) -> None:
        """Textual's start is over; what waited for the first frame runs once it is out.

        Textual sends Ready once the first screen is laid out, inside its start's batch:
        the frame is written after it (``ReportScreen._compositor_refresh``).
        """
        self.call_after_refresh(self._first_frame_out)

    def _first_frame_out(self) -> None:
        if self._collecting:
            gc.enable()
        self._first_frame = True
        waiting, self._waiting_for_frame = self._waiting_for_frame, []
        for callback in waiting:
            callback()
        # What the start worked out (dataclasses' code, parsed stylesheets) for the next one.
        codecache.save_in_background()

    @work(thread=True, exit_on_error=False, group="settle", description="Öppnar databasen")
    def _settle(self) -> None:
        self.gateway.settle()
        from ksui.tui.lock_state import refresh

        self.call_from_thread(refresh, self)  # the first report's lock, for the top bar
        # The forked reader sends the report without what its analysis derived (a smaller
        # pickle before the first frame): the drift table is derived again here, while the
        # Översikt is read, not when Drift is first opened (some 60 ms at 4 000 units).
        data = self.data
        if data is not None:
            data.drift()

    def _poll_file(self) -> None:
        """Read the report again when another process (ksui set, an import) changed the file."""
        version = self.gateway.data_version()
        read = self.gateway.read_version
        if version is None or read is None or version in (read, self._data_version):
            return
        self._data_version = version  # asked once per change; the read brings read_version up
        if self.data is not None:
            self._load(self._current_key())

    def on_unmount(self) -> None:
        """Close the database (and leave the collector on, as it was, should the app end
        before its first frame)."""
        if self._collecting:
            gc.enable()
        self.gateway.close()

    # -- workers: every database call runs here, never on the event loop ---------------------
    # Each names itself (description=): without one, Textual makes a worker's name from the
    # repr() of its arguments, a whole report, which cost ~30 ms after every edit.
    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="load",
        description="Läser rapporten",
    )
    def _read(self, key: ReportKey, request: int) -> None:
        try:
            loaded = self.gateway.load(key)
        except Exception as exc:  # a missing or foreign file: say so, keep the app open
            self.post_message(self.LoadFailed(str(exc)))
            return
        self.post_message(self.ReportLoaded(loaded, request))

    def _load(self, key: ReportKey) -> None:
        """Read a report in the background; only the newest request is shown."""
        self._requests += 1
        self._read(key, self._requests)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="write",
        description="Sparar ändringar",
    )
    def _drain(self) -> None:
        self.gateway.drain(self._report_outcome)

    def _report_outcome(self, outcome: Outcome) -> None:
        job = outcome.job
        if isinstance(job, RevertJob) and "impact" in outcome.extra:
            impact = cast("RevertImpact", outcome.extra["impact"])
            self.post_message(self.RevertNeedsConfirmation(job, impact))
        elif isinstance(job, RevertJob):
            self.post_message(
                self.Reverted(
                    job.kind, job.label, outcome.changeset_id, outcome.loaded, outcome.error
                )
            )
        elif outcome.error is not None:
            stale = bool(outcome.extra.get("stale"))
            self.post_message(self.EditRefused(job.edit, outcome.error, outcome.loaded, stale))
        else:
            note = outcome.extra.get("note")
            saved = self.EditSaved(
                job.edit,
                outcome.changeset_id,
                outcome.loaded,
                note if isinstance(note, str) else None,
            )
            self.post_message(saved)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="analysis",
        description="Räknar sammanfattning och kontroller",
    )
    def _analyse(self, data: ReportData, version: int) -> None:
        from ksui.tui.analysis import analyse

        config = self.config
        self.post_message(self.Analysed(analyse(data, version, config.tolerance_ore, config.rules)))

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="export",
        description="Exporterar Markdown",
    )
    def export_markdown(self, target: Path) -> None:
        """Write the report on screen as Markdown to ``target``."""
        try:
            path = self.gateway.export_markdown(self._current_key(), target, self.config.unit)
        except Exception as exc:
            self.post_message(self.Exported(None, str(exc)))
            return
        self.post_message(self.Exported(path))

    # -- state changes ------------------------------------------------------------------------
    def _current_key(self) -> ReportKey:
        data = self.data
        if data is None:
            return self.report_key
        return ReportKey(data.committee.name, data.year, data.period)

    def select(
        self, *, committee: str | None = None, year: int | None = None, period: str | None = None
    ) -> None:
        """Show another nämnd, year or period (read on a worker)."""
        current = self._current_key()
        self.report_key = ReportKey(
            committee or current.committee, year or current.year, period or current.period
        )
        self.context = f"Laddar {self.report_key.committee or ''} …"
        self._load(self.report_key)

    def submit(self, edit: Edit) -> None:
        """Write an edit (in order, on the write worker) and show it when it is saved; an
        edit that makes a new report to show (a nämnd, a year) names it as ``key_after``."""
        after: ReportKey | None = getattr(edit, "key_after", None)
        self.gateway.submit(WriteJob(edit, self._current_key(), after))
        self._drain()

    def _set_data(
        self,
        data: ReportData | None,
        parts: frozenset[str] = ALL,
        analysis: Analysis | None = None,
    ) -> None:
        """Show a report; ``analysis``: its summary and checks when they came with it."""
        if data is not None and analysis is not None:
            # In place before the screens repaint, so the first paint has the figures.
            self.analysis = replace(analysis, version=self.version + 1)
            self.analysis_version += 1
        self.data = data
        self.change = Repaint(self.version + 1, parts)
        self.version += 1
        if data is not None and analysis is None:
            # Checks and summary follow right after the figures are on screen.
            self.call_after_refresh(self._analyse, data, self.version)
        self._update_context()

    def _apply_loaded(self, loaded: Loaded) -> None:
        """Take a report read after a write, unless the selection has moved on since."""
        if loaded.data is not None and not self.report_key.matches(loaded.data):
            self._load(self.report_key)
            return
        self._accept(loaded)

    def _accept(self, loaded: Loaded) -> None:
        if not loaded.committees and not self._walked:
            # An empty file: walk the controller through making the nämnd, once.
            from ksui.tui import adding

            self._walked = True
            self.call_after_refresh(adding.walk_through, self)
        self.committees, self.years, self.periods = loaded.committees, loaded.years, loaded.periods
        self.kommun = loaded.kommun
        self.kommun_totals = loaded.totals
        self.empty_reason = loaded.note or "Ingen rapport att visa."
        self._set_data(loaded.data, analysis=loaded.analysis)
        if self.is_running and loaded.data is not None:
            from ksui.tui.lock_state import refresh

            # Which follow-ups are signed off, for the top bar: read on a worker that opens
            # the store, so not before the first frame is out.
            self.after_first_frame(lambda: refresh(self))
        if not self._frozen:
            # Modules, widgets and the first report live as long as the app: leave them out
            # of the collector's full passes, which otherwise add ~20 ms to a repaint.
            self._frozen = True
            gc.freeze()

    def _update_context(self) -> None:
        if self.data is None:
            self.context, self.status = self.empty_reason, ""
            return
        self.context = context_line(self.data, self.config.unit)
        from ksui.tui.lock_state import is_locked

        self.status = status_line(self.analysis, len(self.history.undo), is_locked(self))

    @on(messages.ReportLoaded)
    async def _report_loaded(self, message: messages.ReportLoaded) -> None:
        if message.request != self._requests:
            return  # an older request, overtaken by a newer selection
        if self._opens_on_kommun(message.loaded) and self.current_mode != "kommun":
            await self.switch_mode("kommun")  # before the figures: Översikt never draws them
        self._show_loaded(message.loaded)

    def _opens_on_kommun(self, loaded: Loaded) -> bool:
        """Whether the app's first report opens the Kommunen screen (``opens_on_kommun``)."""
        return not self.version and opens_on_kommun(loaded, self.config)

    def _show_loaded(self, loaded: Loaded) -> None:
        """Show a report read at the user's request, and the note that came with it (a toast,
        unless there is no report: then the screens' placeholder says it)."""
        note = loaded.note
        if note and (loaded.data is not None or loaded.totals is not None):
            # A toast is a layer of its own to lay out: the first one follows the figures.
            self.after_first_frame(lambda: self.notify(note, severity="warning", timeout=8))
        if loaded.data is not None:
            self.report_key = ReportKey(
                loaded.data.committee.name, loaded.data.year, loaded.data.period
            )
        elif loaded.follow is not None:
            # The kommun's nämnder first; the nämnd's report once they are on the terminal.
            follow = self.report_key = loaded.follow
            self.after_first_frame(lambda: self.call_after_refresh(self._load, follow))
        self._accept(loaded)

    @on(messages.LoadFailed)
    def _load_failed(self, message: messages.LoadFailed) -> None:
        self.empty_reason = f"Databasen kunde inte läsas: {message.reason}"
        self.notify(message.reason, title="Databasen kunde inte läsas", severity="error")
        self._set_data(None)

    @on(messages.EditSaved)
    def _edit_saved(self, message: messages.EditSaved) -> None:
        if message.changeset_id is not None and getattr(message.edit, "undoable", True):
            self.history.saved(message.changeset_id, message.edit.describe())
        if message.note:
            self.notify(clean(message.note), title="Obs", severity="warning", markup=False)
        after: ReportKey | None = getattr(message.edit, "key_after", None)
        if after is not None:
            self.report_key = after  # the new nämnd or year, read with the write
        if message.loaded is not None:
            self._apply_loaded(message.loaded)
            return
        patched = message.edit.patch(self.data) if self.data is not None else None
        if patched is None:
            self._load(self._current_key())
        else:
            self._set_data(patched, getattr(message.edit, "parts", ALL))

    @on(messages.EditRefused)
    def _edit_refused(self, message: messages.EditRefused) -> None:
        from ksui.tui.refusal import refusal

        loaded = message.loaded
        if loaded is not None:
            self._apply_loaded(loaded)
        data = loaded.data if loaded is not None else None
        text = refusal(message.edit, message.reason, message.stale, data, self.config.unit)
        # Names in the text are the user's own: never read them as markup.
        self.notify(text, title="Sparades inte", severity="error", timeout=10, markup=False)

    @on(messages.Reverted)
    def _reverted(self, message: messages.Reverted) -> None:
        verb = "Ångrade" if message.kind == "undo" else "Gjorde om"
        if message.reason is not None:
            reason = clean(message.reason)
            self.notify(reason, title=f"{verb} inte", severity="error", markup=False)
        elif message.changeset_id is None:
            self.notify("Det fanns inget kvar att ändra.", severity="warning")
        else:
            self.history.reverted(message.kind, message.changeset_id, message.description)
            self.notify(f"{verb}: {clean(message.description)}", timeout=3, markup=False)
        if message.loaded is not None:
            self._apply_loaded(message.loaded)

    @on(messages.RevertNeedsConfirmation)
    def _revert_needs_confirmation(self, message: messages.RevertNeedsConfirmation) -> None:
        job, verb = message.job, VERBS[message.job.kind]

        def answered(yes: bool | None) -> None:
            if yes:
                self.gateway.submit(replace(job, confirmed=True))
                self._drain()
            else:
                # Declined: the change set is still there to undo later.
                self.history.declined(job.kind, job.changeset_id, job.label)
                self._update_context()
                self.notify(f"{verb} avbröts; inget ändrades.", timeout=3)

        # A large undo (the store's rule, as for ksui undo --yes) needs »ja« typed.
        dialog = confirmation(job.kind, job.changeset_id, job.label, message.impact)
        self.push_screen(dialog, callback=answered)

    @on(messages.Analysed)
    def _analysed(self, message: messages.Analysed) -> None:
        if message.analysis.version != self.version:
            return  # a newer version is already being analysed
        self.analysis = message.analysis
        self.analysis_version += 1
        self._update_context()

    @on(messages.Exported)
    def _exported(self, message: messages.Exported) -> None:
        if message.path is None:
            self.notify(message.reason or "", title="Exporten misslyckades", severity="error")
        else:
            self.notify(f"Sparade {message.path}", title="Markdown")

    # -- actions --------------------------------------------------------------------------------
    async def action_show_screen(self, name: str) -> None:
        """Switch to a screen of the registry by its mode id (keys 1–5 unless remapped)."""
        if self.current_mode != name:
            await self.switch_mode(name)

    @property
    def undo_stack(self) -> list[Done]:
        """What Ctrl+Z takes back, newest last."""
        return self.history.undo

    @property
    def redo_stack(self) -> list[Done]:
        """What Ctrl+Y redoes, newest last."""
        return self.history.redo

    def action_undo(self) -> None:
        """Undo the last saved edit (a new, audited change set)."""
        self._revert("undo")

    def action_redo(self) -> None:
        """Redo what was last undone."""
        self._revert("redo")

    def _revert(self, kind: str) -> None:
        stack = self.history.stack(kind)
        if not stack:
            self.notify(f"Inget att {VERBS[kind].lower()}.", severity="warning", timeout=2)
            return
        self._submit_revert(stack.pop(), kind)

    def _submit_revert(self, done: Done, kind: str) -> None:
        label = f"{VERBS[kind]}: {done.description}"
        key = self._current_key()
        self.gateway.submit(RevertJob(done.changeset_id, label, kind, key, done.description))
        self._drain()
        self._update_context()

    def undo_changeset(self, changeset_id: int, description: str) -> None:
        """Undo any change set from the Ändringslogg, as Ctrl+Z would (Ctrl+Y redoes it)."""
        self.history.forget(changeset_id)
        self._submit_revert(Done(changeset_id, description), "undo")

    def imported(self, changeset_id: int | None, description: str) -> None:
        """After an import: Ctrl+Z takes it back, and the report is read again."""
        if changeset_id is not None:
            self.history.saved(changeset_id, description)
        self._load(self._current_key())

    def action_show_log(self) -> None:
        """l: the Ändringslogg; from the Drift screen it starts at the unit under the cursor."""
        from ksui.tui.dialogs.audit import AuditDialog

        if not isinstance(self.screen, AuditDialog):
            self.push_screen(AuditDialog.opened_from(self.screen, self.data))

    def action_show_import(self) -> None:
        """i: import a SIE, CSV/XLSX or Kolada file."""
        from ksui.tui.dialogs.importing import ImportDialog

        if not isinstance(self.screen, ImportDialog):
            self.push_screen(ImportDialog())

    def action_help(self) -> None:
        """Show the keys of the screen in front."""
        from ksui.tui.dialogs.help import HelpDialog

        screen, entry = self.screen, registry.BY_MODE.get(self.current_mode)
        if entry is not None and screen is self.screen_stack[0]:
            heading, groups, without = entry.label, entry.groups, entry.without
        else:  # a dialog that offers ? (the Ändringslogg) names its own keys
            heading = getattr(screen, "HEADING", "ksui")
            groups, without = getattr(screen, "KEY_GROUPS", ("app",)), ()
        self.push_screen(HelpDialog(heading, groups, dict(self.config.keys), without))

    def action_command_palette(self) -> None:
        """The command palette, in Swedish."""
        if not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(palette())

    def action_help_quit(self) -> None:
        """Ctrl+C: which key quits, in Swedish (Textual would say it in English)."""
        from ksui.tui.swedish import help_quit

        help_quit(cast("App[object]", self))

    async def go_to_unit(self, unit_id: int) -> None:
        """Show a unit in the Drift screen (from the command palette)."""
        await self.action_show_screen("drift")
        go_to = getattr(self.screen, "go_to", None)
        if go_to is not None:
            go_to(unit_id)
