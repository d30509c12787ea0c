"""Search the file's texts from the app: palette hits, a search dialog, and the jump to a row.

Both run ``ksui.actions.search`` (as `ksui search` does) on a thread with a connection of
their own: a search only reads, WAL lets it read beside the app's writer, and it never
waits for the gateway's queue of edits. A hit opens its screen with its row selected:
a unit on Drift, a goal or area on KF-mål, a project on Investeringar; a change reason
opens the Ändringslogg, a nämnd's own text the Översikt.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ksui.core.text import one_line
from ksui.tui.dialogs.base import Dialog
from ksui.tui.host import host

if TYPE_CHECKING:
    from textual._path import CSSPathType
    from textual.app import App

    from ksui.actions.search import SearchHit, Target

#: Hits the palette shows among its commands, and the dialog in its list.
PALETTE_HITS = 8
DIALOG_HITS = 50
#: Below this many characters the palette does not search the texts (one letter finds all).
PALETTE_MIN = 3
#: Palette hits rank below commands that match well (a command's fuzzy score is up to 1).
PALETTE_SCORE = 0.3
SEARCH_CSS = Path(__file__).with_name("search.tcss")


def find(path: Path, words: str, limit: int) -> list[SearchHit]:
    """Search on the calling thread with a short-lived read connection; [] if it fails."""
    from ksui.actions.search import search
    from ksui.store import Store, StoreError

    try:
        store = Store(path, migrate=False, verify=False)
    except StoreError:
        return []
    try:
        return search(store, words, limit=limit)
    except Exception:  # a search must never take the app down: it finds nothing
        return []
    finally:
        store.close()


def heading(hit: SearchHit) -> str:
    """Where a hit is: place, which text, nämnd, year and period (one line)."""
    when = " ".join(str(p) for p in (hit.year, hit.period_label) if p)
    parts = [hit.place, hit.field, " ".join(p for p in (hit.committee or "", when) if p)]
    return one_line(" · ".join(p for p in parts if p), 200)


def snippet(hit: SearchHit) -> Content:
    """The snippet, each hit between ⟦ ⟧ and in bold reverse: marked by shape, not colour."""
    pieces: list[str | tuple[str, str]] = []
    for text, is_hit in hit.segments:
        shown = one_line(text, 400)
        pieces.append((f"⟦{shown}⟧", "bold reverse") if is_hit else shown)
    return Content.assemble(*pieces)


async def open_target(app: App[Any], target: Target) -> None:
    """Show a hit's nämnd and year, switch to its screen and put the cursor on its row."""
    from ksui.tui.registry import BY_MODE

    ksui = host(app)
    data = ksui.data
    if target.screen == "log":
        ksui.action_show_log()
        return
    change: dict[str, Any] = {}
    if data is not None and target.committee and target.committee != data.committee.name:
        change["committee"] = target.committee
    if data is not None and target.year and target.year != data.year:
        change["year"] = target.year
    if change:
        ksui.select(**change)
    entry = BY_MODE.get(target.screen)
    if entry is not None:
        await app.run_action(entry.action)
    screen = app.screen
    if target.unit_id is not None and hasattr(screen, "go_to"):
        screen.go_to(target.unit_id)
    elif target.row_key is not None and hasattr(screen, "go_to_row"):
        screen.go_to_row(target.row_key)


class TextSearch(Provider):
    """The palette's full-text hits: comments, goals, åtgärder, change reasons."""

    async def search(self, query: str) -> Hits:
        """Hits for what is typed, best first, below the commands that match it."""
        words = query.strip()
        if len(words) < PALETTE_MIN:
            return
        path = host(self.app).gateway.path
        hits = await asyncio.to_thread(find, path, words, PALETTE_HITS)
        for index, hit in enumerate(hits):
            yield Hit(
                PALETTE_SCORE - index * 0.01,
                Content.assemble("Sök: ", snippet(hit)),
                partial(open_target, self.app, hit.target),
                text=one_line(hit.snippet, 200),
                help=heading(hit),
            )


class SearchDialog(Dialog["Target | None"]):
    """Type words, see every text that holds them (best first), Enter opens one."""

    CSS_PATH: ClassVar[CSSPathType | None] = [Dialog.CSS_PATH, SEARCH_CSS]  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt", id="dialog.cancel"),
        Binding("down", "to_hits", "Träffarna", show=False, id="search.hits"),
    ]

    class Found(Message):
        """The hits of one search, read on a thread."""

        def __init__(self, words: str, hits: list[SearchHit]) -> None:
            super().__init__()
            self.words = words
            self.hits = hits

    def __init__(self, words: str = "") -> None:
        super().__init__()
        self.words = words
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        """The words, the hits and how to choose."""
        with Vertical(id="dialog", classes="dialog search-dialog"):
            yield Label("Sök i kommentarer, mål, åtgärder och ändringsskäl", classes="dialog-title")
            yield Input(self.words, placeholder="Ord att söka efter …", id="search-words")
            yield OptionList(id="search-hits")
            yield Static("", id="search-count", classes="dialog-hint")
            yield Static(
                "Träffen står inom ⟦ ⟧.  ↓ till träffarna, Enter öppnar, Esc avbryter.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Start in the words; search what was given."""
        self.query_one("#search-words", Input).focus()
        if self.words.strip():
            self._search(self.words)

    @on(Input.Changed, "#search-words")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    @on(Input.Submitted, "#search-words")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.hits:
            self.dismiss(self.hits[0].target)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, words: str) -> None:
        path = host(self.app).gateway.path
        hits = find(path, words, DIALOG_HITS) if words.strip() else []
        self.post_message(self.Found(words, hits))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.words != self.query_one("#search-words", Input).value:
            return  # an older search, overtaken by what is typed now
        self.hits = message.hits
        options = self.query_one("#search-hits", OptionList)
        options.clear_options()
        options.add_options(
            Option(Content(heading(h)).stylize("bold").append("\n").append(snippet(h)))
            for h in message.hits
        )
        count = self.query_one("#search-count", Static)
        if not message.words.strip():
            count.update("")
        elif message.hits:
            n = len(message.hits)
            count.update(f"{n} träff." if n == 1 else f"{n} träffar, bäst först.")
        else:
            count.update(f"Inga träffar för »{one_line(message.words, 60)}«.")

    @on(OptionList.OptionSelected, "#search-hits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.hits):
            self.dismiss(self.hits[event.option_index].target)

    def action_to_hits(self) -> None:
        """↓ from the words: into the hits."""
        options = self.query_one("#search-hits", OptionList)
        if options.option_count:
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0

    def action_cancel(self) -> None:
        """Escape: nothing opened."""
        self.dismiss(None)


def open_dialog(app: App[Any], words: str = "") -> None:
    """Open the search dialog; the hit chosen opens on its screen."""

    async def chosen(target: Target | None) -> None:
        if target is not None:
            await open_target(app, target)

    app.push_screen(SearchDialog(words), callback=chosen)


__all__ = ["SearchDialog", "TextSearch", "find", "open_dialog", "open_target"]
