"""Import a file from the app: choose the kind, type the path, watch the progress bar.

The import runs on a thread worker (one transaction through the gateway); the importer's
``progress`` callback moves a ProgressBar for files over about 1 MB, as the CLI's Rich
bar does. A refused file shows file:line: message, and nothing is written.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Label, ProgressBar, Select, Static

from ksui.actions.imports import (
    KINDS,
    PROGRESS_FROM_BYTES,
    TABLE_KINDS,
    ImportOutcome,
    ImportRequest,
    check_path,
    guess_kind,
)
from ksui.core.periods import PERIODS
from ksui.render.cells import plain
from ksui.tui.dialogs.base import Dialog
from ksui.tui.host import Host, host
from ksui.tui.swedish import SwedishSelect


class PathSuggester(Suggester):
    """Completes a path from the files on disk (→ accepts the suggestion)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The first entry of the folder that continues what was typed."""
        if not value.strip():
            return None
        typed = Path(value).expanduser()
        folder, stem = (typed, "") if value.endswith(os.sep) else (typed.parent, typed.name)
        try:
            with os.scandir(folder) as entries:
                names = sorted(
                    e.name + (os.sep if e.is_dir() else "")
                    for e in entries
                    if e.name.startswith(stem) and not e.name.startswith(".")
                )
        except OSError:
            return None
        return value + names[0][len(stem) :] if names else None


class ImportDialog(Dialog[None]):
    """A SIE file, a filled-in template (CSV/XLSX) or a saved Kolada response."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Stäng", id="dialog.close"),
    ]

    @dataclass
    class Finished(Message):
        """The import is done: its summary lines, or why the file was refused."""

        outcome: ImportOutcome

    def __init__(self) -> None:
        super().__init__()
        self.running = False
        self.reported: list[tuple[int, int]] = []  # (done, total) as the bar was fed

    @property
    def ksui(self) -> Host:
        """The app, as far as an import uses it."""
        return host(self.app)

    def compose(self) -> ComposeResult:
        """Kind, path, the place for an error, the bar and the importer's summary."""
        with Vertical(id="dialog", classes="dialog import-dialog"):
            yield Label("Importera en fil", classes="dialog-title")
            with Horizontal(id="import-kind-row"):
                yield Label("Sort ", id="import-kind-label")
                yield SwedishSelect[str](
                    KINDS, value="sie", allow_blank=False, compact=True, id="import-kind"
                )
            # A template's rows without År or Period take these (the screen's, to start
            # with): asked here, never guessed by the importer.
            data = self.ksui.data
            with Horizontal(id="import-when-row"):
                yield Label("År ", id="import-year-label")
                year = Input(
                    str(data.year) if data is not None else "",
                    placeholder="t.ex. 2018",
                    id="import-year",
                    compact=True,
                    restrict=r"[0-9]{0,4}",
                )
                year.cursor_blink = False
                yield year
                yield Label("  Period ", id="import-period-label")
                yield SwedishSelect[str](
                    [(p.label, p.code) for p in PERIODS],
                    value=data.period if data is not None else "bokslut",
                    allow_blank=False,
                    compact=True,
                    id="import-period",
                )
            path = Input(
                placeholder="Sökväg till filen …", id="import-path", suggester=PathSuggester()
            )
            path.cursor_blink = False
            yield path
            yield Static("", id="import-error", classes="dialog-error")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-result")
            yield Static(
                "Enter importerar (→ fyller i sökvägen), Tab byter fält, Esc stänger. "
                "År och period gäller mallens rader som saknar dem. "
                "Allt eller inget skrivs; Ctrl+Z ångrar importen.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Start in the path."""
        self._show_when(str(self.query_one("#import-kind", Select).value))
        self.query_one("#import-path", Input).focus()

    @on(Select.Changed, "#import-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show_when(str(event.value))

    def _show_when(self, kind: str) -> None:
        """Year and period only for a template: an SIE or Kolada file names its own."""
        self.query_one("#import-when-row").display = kind in TABLE_KINDS

    @property
    def bar(self) -> ProgressBar:
        """The progress bar (shown for large files)."""
        return self.query_one("#import-progress", ProgressBar)

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.running:
            return
        error = self.query_one("#import-error", Static)
        try:
            path = check_path(event.value)
        except ValueError as exc:
            error.update(plain(f"✖ {exc}"))
            return
        kind = str(self.query_one("#import-kind", Select).value)
        guessed = guess_kind(path)
        if kind == "sie" and guessed not in (None, "sie"):
            # Sort left at its first choice, and the file is a sheet: take what it is.
            kind = guessed
            self.query_one("#import-kind", Select).value = kind
        year_text = self.query_one("#import-year", Input).value.strip()
        year = int(year_text) if year_text else None
        if kind in TABLE_KINDS and year is not None and not 1900 <= year <= 2200:
            error.update(plain(f"✖ {year_text} är inget årtal (1900–2200)"))
            return
        period = str(self.query_one("#import-period", Select).value)
        error.update("")
        data = self.ksui.data
        committee = data.committee.name if data is not None else self.ksui.report_key.committee
        large = path.stat().st_size >= PROGRESS_FROM_BYTES
        self.reported.clear()
        self.bar.update(total=None, progress=0)
        self.bar.display = large
        self.query_one("#import-result", Static).update(
            Text.assemble("Importerar ", plain(path.name), " …")
        )
        self.running = True
        table = kind in TABLE_KINDS
        request = ImportRequest(
            kind, path, committee, year=year if table else None, period=period if table else None
        )
        self._import(request, large)

    @work(
        thread=True, exclusive=True, exit_on_error=False, group="import", description="Importerar"
    )
    def _import(self, request: ImportRequest, large: bool) -> None:
        progress = self._progress if large else None
        try:
            outcome = self.ksui.gateway.run_import(request, self.ksui.config, progress)
        except Exception as exc:  # the database itself could not be opened
            outcome = ImportOutcome(error=str(exc))
        self.post_message(self.Finished(outcome))

    def _progress(self, done: int, total: int) -> None:
        """Called by the importer on the worker thread: move the bar on the event loop."""
        with contextlib.suppress(RuntimeError):  # the app is closing: no bar to move
            self.app.call_from_thread(self._advance, done, total)

    def _advance(self, done: int, total: int) -> None:
        self.reported.append((done, total))
        self.bar.update(total=total, progress=done)

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.running = False
        outcome = message.outcome
        result = self.query_one("#import-result", Static)
        if outcome.error is not None:
            self.bar.display = False
            self.query_one("#import-error", Static).update(plain(f"✖ {outcome.error}"))
            result.update(Text("Inget importerades; databasen är oförändrad.", style="dim"))
            return
        result.update(plain("\n".join(outcome.lines), multiline=True))
        self.ksui.imported(outcome.changeset_id, outcome.description)
        self.notify(plain(outcome.description).plain, title="Importerat", timeout=3, markup=False)

    def action_close(self) -> None:
        """Back to the screen (not while the import is being written)."""
        if self.running:
            self.notify("Importen pågår; vänta tills den är klar.", severity="warning")
            return
        self.dismiss(None)
