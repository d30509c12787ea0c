"""What the Kommunen screen shows, apart from Textual: the nämnder's view, and its layout.

``KommunView`` is the nämnder's drift table (with the kommun level once read) and where
each nämnd came from; ``lay_out`` fits it to a width (``fit_widths``: a figure is never
cut, whole columns go, least needed at the follow-up first); ``source_line`` says where a
row came from. Kept apart from the screen (``ksui.tui.screens.kommun``), which reads,
fills the tables and answers the keys, so that what is shown can be read on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from ksui.core.records import record
from ksui.render.audit import when
from ksui.render.cells import clean, plain
from ksui.render.tables import cells
from ksui.tables.drift import DriftLine, drift_table, forecast_period, period_first

if TYPE_CHECKING:
    from ksui.actions.kommun_totals import KommunTotals, Source
    from ksui.core.models import Unit
    from ksui.core.report import ReportData
    from ksui.store import Store
    from ksui.tables.spec import Table

#: The drift table's columns the screen shows, in its order (``ksui.tables.drift``).
FIGURES = ("name", "budget", "forecast", "actual", "deviation")

#: The columns after the figures: where each nämnd came from (``ksui consolidate``).
SOURCE_COLUMNS = (
    ("Källa", "source"),
    ("Källans ändring", "changeset"),
    ("Konsoliderad", "at"),
)
#: The kommun-level tables under the nämnder, by their specification's name.
LEVEL = ("kommun_result", "balance_requirement")
#: The narrowest the names get on a narrow terminal.
NAME_MIN = 16
#: The cells a table column takes beside its text: one cell of padding on either side.
PADDING = 2
#: The lines of the screen beside the nämnder's table and the source line under it: the top
#: bar (2), the heading and the footer.
CHROME = 4
#: The fewest lines of the source line under the nämnder (more where a row's source wraps).
SOURCE_LINES = 1
#: The class ``ReportScreen.compose`` gives the body's widgets (hidden while there is no
#: report), given here as they are made (``compose_body``).
BODY = "report-body"
#: The unit the figures fall back to when those of the app's unit do not all fit.
NARROW_UNIT = "mkr"

#: What the screen says below the nämnder while the kommun has no kommun lines: årets
#: resultat and the balanskravsutredning would be labels without figures.
NO_LINES = (
    "Inga kommunrader ännu: skatteintäkter, statsbidrag, finansnetto och pensionskostnader "
    "anges med »ksui set kommunrad NAMN MÅTT BELOPP« eller importeras med »ksui import "
    "kommunrader FIL.se«; då visas årets resultat och balanskravsutredningen här."
)

#: What a file without a consolidated kommun says instead of the table.
NO_KOMMUN = (
    "Filen har ingen kommun med konsoliderade nämnder. Samla nämndernas filer i kommunens "
    "fil med »ksui consolidate KOMMUN.sqlite NÄMND.sqlite …« (skapa den först med "
    "»ksui init --empty KOMMUN.sqlite«) och öppna sedan den filen: ksui --db KOMMUN.sqlite."
)


@record
class KommunView:
    """What the screen shows: the kommun and its nämnder at one follow-up, and their sources."""

    kommun: Unit
    year: int
    period: str
    table: Table[DriftLine]
    #: Each consolidated nämnd's source by its id; None while not yet read.
    sources: Mapping[int, Source] | None
    #: The kommun level below the nämnder: årets resultat and the balanskravsutredning
    #: (``ksui.tables.kommun``); empty when they could not be read.
    level: tuple[Table[Any], ...] = ()

    @property
    def namnder(self) -> int:
        """How many nämnder the kommun has (every row but the kommun's own)."""
        return len(self.table.rows) - 1


def namnd_table(data: ReportData, unit: str) -> Table[DriftLine]:
    """The kommun's drift table cut to the kommun and its nämnder (depth 0 and 1), with
    FIGURES as its screen view: the same rows ``ksui drift -c KOMMUN`` prints first."""
    rows = [row for row in data.drift() if row.depth <= 1]
    table = drift_table(
        rows,
        data.year,
        unit,
        period=data.period,
        forecast_period=forecast_period(data),
        done=data.forecast_done,
    )
    return replace(table, views={**table.views, "screen": FIGURES})


def totals_view(totals: KommunTotals, unit: str) -> KommunView:
    """The view of the kommun's nämnder as ``ksui.actions.kommun_totals`` sums them: the
    rows of ``ksui drift -c KOMMUN`` at depth 0 and 1, with FIGURES as the screen view."""
    table = drift_table(
        list(totals.rows),
        totals.year,
        unit,
        period=totals.period,
        forecast_period=totals.forecast_period,
        done=totals.done,
    )
    table = replace(table, views={**table.views, "screen": FIGURES})
    return KommunView(totals.kommun, totals.year, totals.period, table, totals.sources)


def read_view(
    store: Store,
    kommun: Unit,
    year: int | None,
    period: str,
    data: ReportData | None,
    unit: str,
) -> KommunView | str:
    """The kommun's nämnder at the year and period on screen (its latest year when it has
    not that one), without the kommun level (``with_level`` adds it); ``data`` is reused
    when it is the kommun's report already. A str says why there is nothing to show."""
    from ksui.actions import kommun_totals as totals_of

    if data is not None and data.committee.id == kommun.id:
        table = namnd_table(data, unit)
        return KommunView(kommun, data.year, data.period, table, totals_of.sources(store, kommun))
    # The year on screen, as a rule one the nämnder share; else the kommun's latest.
    pairs = totals_of.recorded(store, kommun, year) if year is not None else frozenset()
    if year is None or not pairs:
        year = totals_of.latest_year(store, kommun)
        if year is None:
            return f"{clean(kommun.name)} har inga siffror ännu: konsolidera nämndernas filer."
        pairs = totals_of.recorded(store, kommun, year)
    return totals_view(totals_of.kommun_totals(store, kommun, year, period, pairs), unit)


def with_level(store: Store, view: KommunView, unit: str) -> KommunView:
    """The view with the kommun level below the nämnder (``level_tables``)."""
    return replace(view, level=level_tables(store, view.kommun, view.year, view.period, unit))


def level_tables(
    store: Store, kommun: Unit, year: int, period: str, unit: str
) -> tuple[Table[Any], ...]:
    """Årets resultat and the balanskravsutredning of the kommun at the follow-up, as
    ``ksui.actions.kommun`` computes them for the CLI too; none when they cannot be read."""
    from ksui.actions import kommun as kommun_level
    from ksui.actions.errors import ActionError
    from ksui.store import StoreError
    from ksui.tables.kommun import balance_table, result_table

    try:
        found = kommun_level.result(store, kommun.id, year, period)
    except (ActionError, StoreError):
        return ()
    return (result_table(found, unit), balance_table(found, unit))


def has_lines(level: Sequence[Table[Any]]) -> bool:
    """Whether the kommun level has a kommun line (a row of the result table that is neither
    the nämnder's net cost nor årets resultat): without one, årets resultat has no figure."""
    found = next((t for t in level if t.name == "kommun_result"), None)
    if found is None:
        return False
    return any(row.item.kind not in ("namnder", "resultat") for row in found.rows)


def heading_text(heading: str, align: str) -> Text:
    """A column's heading, aligned as its cells (figures right): read as text, not markup."""
    return Text(heading, justify="right" if align == "r" else "left")


def source_cells(view: KommunView, unit_id: int) -> list[Text]:
    """A row's Källa, Ändring and Konsoliderad cells (empty for the kommun's own row)."""
    if unit_id == view.kommun.id or view.sources is None:
        return [Text(""), Text(""), Text("")]
    found = view.sources.get(unit_id)
    if found is None:
        return [Text("i kommunfilen", style="dim"), Text(""), Text("")]
    changeset = "" if found.source_changeset is None else f"nr {found.source_changeset}"
    return [
        plain(Path(found.source_path).name),
        plain(changeset),
        plain(when(found.consolidated_at)),
    ]


def source_line(view: KommunView, unit_id: int | None) -> str:
    """The whole provenance of the row under the cursor, the path in full."""
    if unit_id == view.kommun.id:
        return f"{clean(view.kommun.name)}: summan av {view.namnder} nämnder."
    if unit_id is None or view.sources is None:
        return ""  # not read yet: the line follows in a moment
    found = view.sources.get(unit_id)
    if found is None:
        return "Nämnden finns bara i kommunens fil; den kom inte från en konsolidering."
    number = found.source_changeset
    changeset = "" if number is None else f", dess ändring nr {number}"
    return (
        f"Från {clean(found.source_path)}{changeset}, konsoliderad {when(found.consolidated_at)}."
    )


def fit_widths(
    needs: Sequence[tuple[str, int]],
    room: int,
    rank: Mapping[str, int],
    extra: Sequence[str] = (),
) -> dict[str, int]:
    """The columns that fit ``room`` cells, by key, with their widths, in display order.

    ``needs`` are every column's key and the width its widest text needs, the names first.
    Figures are taken by ``rank`` (smaller first), each while it fits beside names of at
    least ``NAME_MIN``; a figure that does not fit is dropped whole, never cut. The ``extra``
    columns (the sources) follow in their order, only while the names keep all they need.
    The names take what is left, up to what they need; they alone may be shortened.
    """
    (name, wanted), *others = needs
    narrowest = min(NAME_MIN, wanted)
    widths = dict(others)
    kept: set[str] = set()
    used = PADDING  # the names' padding
    figures = sorted((k for k in widths if k not in extra), key=lambda k: rank.get(k, len(rank)))
    for key in figures:
        if narrowest + used + widths[key] + PADDING <= room:
            kept.add(key)
            used += widths[key] + PADDING
    for key in extra:
        if key not in widths or wanted + used + widths[key] + PADDING > room:
            break  # a source without the one before it would not say whose it is
        kept.add(key)
        used += widths[key] + PADDING
    out = {name: max(1, min(wanted, room - used))}
    out.update((key, width) for key, width in others if key in kept)
    return out


def needed(headings: Sequence[str], rows: Sequence[Sequence[Text]]) -> list[int]:
    """The width each column needs: its heading's or its widest cell's."""
    return [
        max([Text(heading).cell_len] + [line[index].cell_len for line in rows])
        for index, heading in enumerate(headings)
    ]


@record
class Laid:
    """The nämnder's table as it fits a width: its unit, every column (heading, key), every
    row's cells, and the widths of the columns kept."""

    unit: str
    headings: list[tuple[Text, str]]
    rows: list[tuple[str, list[Text]]]
    widths: dict[str, int]

    @property
    def figures(self) -> int:
        """How many of the figure columns (FIGURES but the names) fit."""
        return sum(key in self.widths for key in FIGURES[1:])

    @property
    def complete(self) -> bool:
        """Whether every figure column fits."""
        return self.figures == len(FIGURES) - 1


def lay_out(view: KommunView, unit: str, room: int) -> Laid:
    """The nämnder's table in ``unit`` (tkr or mkr), its columns fitted to ``room`` cells;
    figures dropped least needed first at the follow-up (as Drift: ``period_first``)."""
    spec = view.table if unit == view.table.unit else replace(view.table, unit=unit)
    cols = spec.view("screen")
    headings = [(heading_text(col.heading, col.align), col.key) for col in cols]
    headings += [(heading_text(heading, "l"), key) for heading, key in SOURCE_COLUMNS]
    rows = [
        (row.key, [*cells(spec, row, cols), *source_cells(view, row.item.row.unit.id)])
        for row in spec.rows
    ]
    keys = [col_key for _, col_key in headings]
    needs = needed([heading.plain for heading, _ in headings], [line for _, line in rows])
    rank = {key: index for index, key in enumerate(period_first(view.period))}
    extra = [col_key for _, col_key in SOURCE_COLUMNS]
    widths = fit_widths(list(zip(keys, needs, strict=True)), room, rank, extra)
    return Laid(unit, headings, rows, widths)
