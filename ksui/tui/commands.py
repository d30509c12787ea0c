"""The command palette (ctrl+p): go to a unit, switch screen, year, period or nämnd, export.

The screens come from the registry (``ksui.tui.registry``); the app is reached through the
Host protocol, so this module never imports the app that lists it in ``COMMANDS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from textual.app import App
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from ksui.core.periods import PERIODS
from ksui.tui.host import Host, host
from ksui.tui.registry import SCREENS

Command = tuple[str, str, Callable[[], object]]


def palette() -> CommandPalette:
    """The command palette, in Swedish (its keys and »Inga träffar« too)."""
    from ksui.tui.swedish import SwedishCommandPalette

    return SwedishCommandPalette(
        placeholder="Sök: enhet, år, period, nämnd, export, tema …", id="--command-palette"
    )


class KsuiCommands(Provider):
    """Everything a controller reaches by name rather than by key."""

    @property
    def ksui(self) -> Host:
        """The app, as far as the palette uses it."""
        return host(self.app)

    def _commands(self, with_units: bool) -> Iterator[Command]:
        app = self.ksui
        data = app.data
        for screen in SCREENS:
            yield f"Visa {screen.label}", "Byt skärm", partial(self.app.run_action, screen.action)
        yield (
            "Ändringslogg",
            "Vem ändrade vad och när, gammalt → nytt; ångra en ändring",
            app.action_show_log,
        )
        yield (
            "Sök i texter …",
            "Kommentarer, mål, åtgärder, uppföljningar och ändringsskäl; Enter öppnar träffen",
            partial(_open_search, self.app),
        )
        yield (
            "Importera …",
            "En SIE-fil, en ifylld mall (CSV/XLSX) eller ett sparat svar från Kolada",
            app.action_show_import,
        )
        yield (
            "Exportera Markdown …",
            "Skriv rapporten som Markdown till en fil",
            self._ask_export,
        )
        yield (
            "Rapporttexter …",
            "Tjänsteskrivelsen, effektiviseringar, särskilda uppföljningar, GEH, personal, risker",
            partial(_report_texts, self.app),
        )
        yield from _locking(self.app)
        yield from self._additions()
        yield "Tema", "Byt färgtema", self.app.action_change_theme
        yield "Tangenter", "Visa tangenterna på skärmen", app.action_help
        yield "Avsluta", "Stäng ksui (allt är redan sparat)", self.app.action_quit
        for year in reversed(app.years):
            if data is None or year != data.year:
                yield f"År {year}", "Visa ett annat år", partial(app.select, year=year)
        with_data = set(app.periods)
        for period in PERIODS:
            if data is None or period.code != data.period:
                note = "har siffror" if period.code in with_data else "inga siffror ännu"
                yield (
                    f"Period {period.label}",
                    f"Visa uppföljningen ({note})",
                    partial(app.select, period=period.code),
                )
        kommun = app.kommun
        if kommun is not None:
            # First among the committees, and marked: it opens the Kommunen screen.
            yield (
                f"Kommun {kommun.name}",
                "Kommunen: alla nämnder sida vid sida (skärmen Kommunen)",
                partial(_open_kommun, self.app, kommun.name),
            )
        for committee in app.committees:
            if data is None or committee.id != data.committee.id:
                yield (
                    f"Nämnd {committee.name}",
                    "Visa en annan nämnd",
                    partial(app.select, committee=committee.name),
                )
        if with_units and data is not None:
            for row in data.drift():
                parent = data.tree.units.get(row.unit.parent_id or -1)
                where = f"under {parent.name}" if parent else "nämnden"
                yield (
                    f"Gå till {row.unit.name}",
                    f"Enhet {where}",
                    partial(app.go_to_unit, row.unit.id),
                )

    def _additions(self) -> Iterator[Command]:
        """What builds the nämnd: its units, categories and areas, a nämnd, the next year."""
        from ksui.tui import adding

        app, data = self.app, self.ksui.data
        yield "Ny nämnd", "Lägg till en nämnd i filen", partial(adding.add_committee, app)
        if data is None:
            return
        name = data.committee.name
        yield "Ny enhet", f"En enhet direkt under {name}", partial(adding.add_unit, app)
        yield (
            "Ny investeringskategori",
            f"En kategori av investeringar för {name}",
            partial(adding.add_category, app),
        )
        yield "Nytt målområde", f"Ett område för KF-mål i {name}", partial(adding.add_area, app)
        year = adding.next_year(app)
        if year is not None:
            yield (
                f"Nytt år {year}",
                f"Årsskifte för {name}: strukturen följer med, siffrorna börjar tomma",
                partial(adding.open_year, app),
            )

    def _ask_export(self) -> None:
        from ksui.tui.dialogs import ValueDialog

        app = self.ksui
        data = app.data
        if data is None:
            self.app.notify("Det finns ingen rapport att exportera.", severity="warning")
            return
        name = f"{data.committee.name}-{data.year}-{data.period}.md".replace(" ", "-").lower()

        def parse(text: str) -> Path:
            path = Path(text.strip()).expanduser()
            if not text.strip():
                raise ValueError("ange ett filnamn")
            if path.is_dir():
                raise ValueError(f"{path} är en mapp; ange ett filnamn")
            if not path.parent.exists():
                raise ValueError(f"mappen {path.parent} finns inte")
            return path

        def done(entry: object) -> None:
            if entry is not None:
                app.export_markdown(getattr(entry, "value"))  # noqa: B009

        self.app.push_screen(
            ValueDialog(
                "Exportera Markdown till fil", name, parse, "Filen skrivs över om den finns."
            ),
            callback=done,
        )

    async def discover(self) -> Hits:
        """With nothing typed: screens, export, other years, periods and nämnder."""
        for title, help_text, callback in self._commands(with_units=False):
            yield DiscoveryHit(escape(title), callback, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        """Fuzzy search over every command, units of the nämnd included."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands(with_units=True):
            score = matcher.match(title)
            if score > 0:
                # Names are the user's own: escaped, so that they are never read as markup.
                yield Hit(score, matcher.highlight(escape(title)), callback, help=escape(help_text))


async def _open_kommun(app: App[object], name: str) -> None:
    """Show the kommun, as a committee of its own, on the Kommunen screen."""
    ksui = host(app)
    data = ksui.data
    if data is None or data.committee.kind != "kommun":
        ksui.select(committee=name)
    await app.run_action("show_screen('kommun')")


def _report_texts(app: object) -> None:
    from ksui.tui.report_texts import choose

    choose(app)  # type: ignore[arg-type]


def _locking(app: object) -> Iterator[Command]:
    from ksui.tui.locking import commands

    return commands(app)  # type: ignore[arg-type]


def _open_search(app: object) -> None:
    from ksui.tui.dialogs.search import open_dialog

    open_dialog(app)  # type: ignore[arg-type]


def text_search() -> type[Provider]:
    """The palette's full-text hits (ksui.tui.dialogs.search), loaded when it first searches."""
    from ksui.tui.dialogs.search import TextSearch

    return TextSearch


__all__ = ["KsuiCommands", "text_search"]
