"""The kommun level for both front ends: årets resultat, the balanskravsutredning, and the
kommun's own lines and adjustments written, changed or removed.

The rules live once here and in ``ksui.store.kommun``: only a committee of kind kommun has
kommun lines, each write is one audited change set (undone with ``ksui undo``) and a locked
follow-up refuses it. ``result`` is what the TUI's Kommunen screen and the CLI show.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from ksui.actions.errors import ActionError
from ksui.core.figures import figures_at
from ksui.core.kommun import (
    ADJUSTMENT_KINDS,
    LINE_KINDS,
    KommunEntries,
    KommunResult,
    adjustment_kind,
    from_report,
    line_kind,
    line_name,
)
from ksui.core.models import Unit
from ksui.core.periods import BY_CODE
from ksui.core.report import ReportData
from ksui.store import Store
from ksui.store import kommun as store_kommun
from ksui.store.read import figure_rows, org_tree
from ksui.store.writes import Written


class BadKommunFile(ActionError):
    """A SIE file the kommun lines cannot be read from (the message names the file)."""


def kommun_unit(store: Store, committee_id: int) -> Unit:
    """The kommun with this id; refused in Swedish when it is a nämnd or does not exist."""
    tree = org_tree(store, committee_id)
    unit = tree.units.get(committee_id)
    if unit is None:
        raise ActionError(f"det finns ingen kommun med id {committee_id}")
    if unit.kind != "kommun":
        raise ActionError(
            f"»{unit.name}« är ingen kommun: kommunrader och balanskravsutredning hör till"
            " kommunen (välj den med -c, t.ex. efter ksui consolidate)"
        )
    return unit


def _period(period: str) -> None:
    """Refuse a follow-up ksui does not know."""
    if period not in BY_CODE:
        raise ActionError(f"okänd period »{period}«")


def _checked(
    store: Store,
    committee_id: int,
    period: str,
    kind: str | None,
    kinds: Collection[str],
    name: str,
    what: str,
) -> str:
    """The checks every write of a kommun line or adjustment makes first, in one place so
    that both refuse alike: a known follow-up, a kommun, a known kind and a name (``what``
    says what needs it). Returns the name as it is written."""
    _period(period)
    kommun_unit(store, committee_id)
    if kind is not None and kind not in kinds:
        raise ActionError(f"okänd typ »{kind}«; använd {', '.join(kinds)}")
    if not name:
        raise ActionError(f"{what} behöver ett namn")
    return name


def entries(store: Store, committee_id: int, year: int) -> KommunEntries:
    """Everything recorded at kommun level in the year, every follow-up."""
    kommun_unit(store, committee_id)
    return store_kommun.entries(store, committee_id, year)


def result(store: Store, committee_id: int, year: int, period: str) -> KommunResult:
    """Årets resultat and the balanskravsresultat of the kommun at one follow-up.

    The nämnder's total is the drift table's own (the same rows and roll-up as ``ksui drift
    -c KOMMUN``), read without the rest of the report.
    """
    _period(period)
    unit = kommun_unit(store, committee_id)
    rows = figure_rows(store, committee_id, year)
    data = ReportData(
        committee=unit,
        year=year,
        period=period,
        tree=org_tree(store, committee_id),
        figures=figures_at(rows, period),
        net_cost_by_year={},
        rows=tuple(rows),
        kommun_entries=store_kommun.entries(store, committee_id, year),
    )
    found = from_report(data)
    assert found is not None  # a kommun's report always has one
    return found


def set_line(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    name: str,
    measure: str,
    amount: int | None,
    *,
    kind: str | None = None,
    reason: str | None = None,
) -> Written:
    """Write one measure (budget, forecast, actual) of a kommun line at a follow-up; None
    clears it. »skatt« names the standard line Skatteintäkter; the kind, when not given, is
    told by the name (ksui.core.kommun.line_kind). An unchanged figure writes nothing."""
    clean = _checked(store, committee_id, period, kind, LINE_KINDS, line_name(name), "kommunraden")
    kind = kind or line_kind(clean)
    where = (store, committee_id, year, period, clean)
    return Written(store_kommun.set_line(*where, measure, amount, kind=kind, reason=reason))


def remove_line(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    name: str,
    *,
    reason: str | None = None,
) -> Written:
    """Remove a kommun line at one follow-up (all its measures there)."""
    _period(period)
    kommun_unit(store, committee_id)
    return Written(
        store_kommun.remove_line(store, committee_id, year, period, line_name(name), reason=reason)
    )


def set_adjustment(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    name: str,
    amount: int | None,
    *,
    kind: str | None = None,
    reason: str | None = None,
) -> Written:
    """Write one line of the balanskravsutredning (signed as it moves the result; None
    removes it). The kind, when not given, is »rur« for a line naming the
    resultatutjämningsreserv and »justering« otherwise."""
    clean = " ".join(name.split())
    _checked(store, committee_id, period, kind, ADJUSTMENT_KINDS, clean, "balanskravsjusteringen")
    kind = kind or adjustment_kind(clean)
    where = (store, committee_id, year, period, clean)
    return Written(store_kommun.set_adjustment(*where, amount, kind=kind, reason=reason))


def remove_adjustment(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    name: str,
    *,
    reason: str | None = None,
) -> Written:
    """Remove one line of the balanskravsutredning."""
    return set_adjustment(store, committee_id, year, period, name, None, reason=reason)


@dataclass(frozen=True)
class ImportedLines:
    """What an import of the kommun lines wrote, and the lines that tell it (Swedish)."""

    written: Written
    year: int
    period: str
    #: Per line: its measures (öre) and how many accounts were summed into it.
    lines: tuple[tuple[str, dict[str, int], int], ...]

    def describe(self) -> list[str]:
        """One line per kommun line read, then the change or that nothing changed."""
        from ksui.core.kommun import MEASURE_WORDS, MEASURES
        from ksui.core.swedish import format_amount

        out = []
        for name, values, accounts in self.lines:
            shown = ", ".join(
                f"{MEASURE_WORDS[m]} {format_amount(v, 'mkr', signed=True)} mkr"
                for m, v in sorted(values.items(), key=lambda mv: MEASURES.index(mv[0]))
            )
            word = "konto" if accounts == 1 else "konton"
            out.append(f"{name}: {shown} ({accounts} {word})")
        if self.written.changeset is None:
            out.append("Inget ändrades.")
        else:
            number = self.written.changeset
            out.append(f"Ändring nr {number} (ångra med ksui undo {number}).")
        return out


def import_sie(
    store: Store,
    committee_id: int,
    path: Path,
    period: str,
    *,
    accounts: Mapping[str, str] | None = None,
    year: int | None = None,
    reason: str | None = None,
) -> ImportedLines:
    """Read the kommun lines from a SIE file of the kommun's finance accounts (Kommun-Bas
    80–85, and ``accounts``: prefix → line) and write them at ``period`` in one change set.

    The year is the file's (#RAR 0); a ``year`` given that differs is refused, as is a file
    with nothing on those accounts. Nothing is written on any refusal.
    """
    from ksui.importers.errors import ImportFileError
    from ksui.importers.kommun_sie import read_kommun_lines

    _period(period)
    kommun_unit(store, committee_id)
    try:
        found = read_kommun_lines(path, period, accounts)
    except ImportFileError as exc:
        raise BadKommunFile(str(exc)) from None
    except OSError as exc:
        raise BadKommunFile(f"{path}: {exc.strerror or exc}") from None
    if year is not None and year != found.year:
        raise BadKommunFile(f"{found.source}: filen gäller {found.year}, inte {year}")
    lines = {name: (line_kind(name), values) for name, values in found.values.items()}
    when = f"{BY_CODE[period].label.lower()} {found.year}"
    changeset = store_kommun.set_lines(
        store,
        committee_id,
        found.year,
        period,
        lines,
        description=f"Import av kommunrader {when} från {found.source}",
        reason=reason,
    )
    told = tuple(
        (name, values, len(found.accounts.get(name, ()))) for name, values in found.values.items()
    )
    return ImportedLines(Written(changeset), found.year, period, told)
