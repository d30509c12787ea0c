"""One dispatch for every import — SIE, the drift/investeringar/personal templates, a
nämnd's structure, Kolada —
used by `ksui import` and the TUI's import dialog alike.

Each importer writes one transaction, so a refused file leaves the database as it was.
This module picks the importer, feeds it the config, and turns the outcome (or the refusal,
file:line: message) into summary lines and the change set's id; it never raises for a bad
file, a missing file or a refused write, so both front ends report them the same way.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ksui.actions.errors import ActionError
from ksui.store import Store, StoreError, read

if TYPE_CHECKING:
    from ksui.config import Config

#: Called with (done, total) as an import reads its file; total is bytes or rows.
Progress = Callable[[int, int], None]

#: Files at least this large get a progress bar, in the CLI and the TUI alike.
PROGRESS_FROM_BYTES = 1_000_000

ImportKind = Literal["sie", "drift", "investeringar", "personal", "struktur", "kolada"]

#: Every kind of import with its Swedish label, in the order a picker lists them.
KINDS: tuple[tuple[str, ImportKind], ...] = (
    ("SIE 4-fil (.se, .si)", "sie"),
    ("Drift, CSV eller XLSX", "drift"),
    ("Investeringar, CSV eller XLSX", "investeringar"),
    ("Personal, CSV eller XLSX", "personal"),
    ("Struktur (enheter, projekt, mål), CSV eller XLSX", "struktur"),
    ("Kolada, sparat JSON-svar", "kolada"),
)
KIND_LABELS: dict[str, str] = {code: label for label, code in KINDS}

#: The spreadsheet kinds of figures, which also have templates and take a year and period.
TABLE_KINDS: tuple[str, ...] = ("drift", "investeringar", "personal")
#: Every kind with a template: the figures' and the nämnd's structure.
TEMPLATE_KINDS: tuple[str, ...] = (*TABLE_KINDS, "struktur")


@dataclass(frozen=True)
class ImportRequest:
    """Which file to import as what, and the choices a front end may make for it.

    ``committee`` is the nämnd (name or code) a template or Kolada file goes into (None:
    the file's only one); an SIE file names its own nämnd (#FNAMN), so it ignores
    ``committee`` and takes ``sie_committee`` only when the user names one (`ksui import
    sie -c`). ``year`` and ``period`` stand where a template's row leaves År or Period
    empty, ``municipality`` is the own kommun in a Kolada file and ``dimension`` picks SIE's
    cost-centre dimension (None: the config's).
    """

    kind: str
    path: Path
    committee: str | None = None
    year: int | None = None
    municipality: str | None = None
    dimension: int | None = None
    sie_committee: str | None = None
    #: SIE's investment-project dimension (None: the config's, which may be none).
    project_dimension: int | None = None
    #: The follow-up for a template's rows that leave Period empty (None: such a row is
    #: refused rather than guessed).
    period: str | None = None


@dataclass(frozen=True)
class ImportOutcome:
    """The importer's summary lines and change set, or why nothing was written.

    ``bad_file`` tells a refused file (unreadable, malformed: the CLI's exit code 1) from
    any other refusal (an unknown nämnd, a locked follow-up: exit code 2).
    """

    lines: tuple[str, ...] = ()
    error: str | None = None
    changeset_id: int | None = None
    description: str = ""
    bad_file: bool = False


def guess_kind(path: Path) -> str | None:
    """What a file most likely is, from its name and (for a sheet) its header: the import
    dialog's Sort when the user left it at SIE. None when it cannot tell."""
    suffix = path.suffix.lower()
    if suffix in (".se", ".si", ".sie"):
        return "sie"
    if suffix == ".json":
        return "kolada"
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        return None
    from ksui.importers.errors import ImportFileError
    from ksui.importers.spreadsheet import open_table

    try:
        with open_table(path) as table:
            header = {cell.strip().split(" (")[0].casefold() for cell in table.header}
    except (ImportFileError, OSError, ValueError):
        return None
    if "typ" in header:
        return "struktur"
    if {"kategori", "projekt"} <= header:
        return "investeringar"
    if "mått" in header or "grupp" in header:
        return "personal"
    if "enhet" in header or "kod" in header:
        return "drift"
    return None


def check_path(text: str) -> Path:
    """The file a user typed, or ValueError saying what is wrong with the path."""
    if not text.strip():
        raise ValueError("ange filens sökväg")
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        raise ValueError(f"{path} är en mapp; ange en fil")
    if not path.is_file():
        raise ValueError(f"{path} finns inte")
    return path


def run_import(
    store: Store, request: ImportRequest, config: Config, progress: Progress | None = None
) -> ImportOutcome:
    """Import one file in one transaction; every refusal comes back as ``error``, never raised."""
    from ksui.importers.errors import ImportFileError

    if request.kind == "kolada" and not config.kolada:
        return ImportOutcome(
            error="config.toml saknar [kolada]: ange vilket KPI-id som hör till vilken indikator"
        )
    if request.kind not in KIND_LABELS:
        return ImportOutcome(error=f"okänd sorts import »{request.kind}«")
    try:
        return _run(store, request, config, progress)
    except ImportFileError as exc:
        return ImportOutcome(error=str(exc), bad_file=True)
    except OSError as exc:
        from ksui.exporters.atomic import describe_os_error

        where = exc.filename or request.path
        reason = "filen finns inte" if exc.errno == errno.ENOENT else describe_os_error(exc)
        return ImportOutcome(error=f"{where}: {reason}", bad_file=True)
    except (StoreError, ValueError) as exc:
        return ImportOutcome(error=f"{request.path.name}: {exc}")


def _run(
    store: Store, request: ImportRequest, config: Config, progress: Progress | None
) -> ImportOutcome:
    path, kind = request.path, request.kind
    description = f"Import av {path.name}"
    if kind == "sie":
        from ksui.importers.sie_import import describe as describe_sie
        from ksui.importers.sie_import import import_sie

        result = import_sie(
            store,
            path,
            dimension=request.dimension or config.sie_dimension,
            project_dimension=request.project_dimension or config.sie_project_dimension,
            account_lines=config.sie_accounts,
            committee=request.sie_committee,
            progress=progress,
        )
        return ImportOutcome(tuple(describe_sie(result)), None, result.changeset_id, description)
    if kind == "struktur":
        return _structure(store, request, progress, description)
    committee_id = read.find_committee(store, request.committee).id
    if kind == "kolada":
        from ksui.importers.kolada import describe as describe_kolada
        from ksui.importers.kolada import import_kolada

        own = request.municipality or config.kolada_own
        kolada = import_kolada(store, path, config.kolada, committee_id, own, config.kolada_group)
        lines = tuple(describe_kolada(kolada))
        changeset = kolada.changeset_id
        if progress is not None:
            progress(1, 1)
    else:
        from ksui.importers.spreadsheet import describe as describe_table
        from ksui.importers.spreadsheet import import_table

        table = import_table(
            store,
            path,
            kind,
            committee_id,
            # An amount column without a unit in its header is in tkr, as the templates are,
            # whatever unit the screens display: a display setting never rescales a file.
            default_unit="tkr",
            year=request.year,
            period=request.period,
            progress=progress,
        )
        lines = tuple(describe_table(table, path.name))
        changeset = table.changeset_id
    return ImportOutcome(lines, None, changeset, description)


def _structure(
    store: Store, request: ImportRequest, progress: Progress | None, description: str
) -> ImportOutcome:
    """A nämnd's structure from one file; its Sort and Riktning read by the same lists as
    `ksui add` (``ksui.actions.structure``), its rows written by the store's rules."""
    from ksui.actions import structure
    from ksui.importers.structure import Vocabulary, describe, import_structure

    vocabulary = Vocabulary(
        unit_kind=structure.unit_kind,
        category_kind=structure.category_kind,
        indicator_unit=structure.indicator_unit,
        direction=structure.indicator_direction,
    )
    result = import_structure(
        store,
        request.path,
        vocabulary,
        committee=request.committee,
        year=request.year,
        progress=progress,
    )
    return ImportOutcome(
        tuple(describe(result, request.path.name)), None, result.changeset_id, description
    )


@dataclass(frozen=True)
class Template:
    """An empty import template: its title, column headers and the prefilled rows."""

    title: str
    headers: list[str]
    rows: list[list[str]]


def template(
    store: Store | None,
    kind: str,
    committee: str | None,
    year: int | None,
    period: str | None = None,
) -> Template:
    """The template for a spreadsheet kind, prefilled with the nämnd's units (or projects),
    the year (the latest when none is given) and the period when a file is open; for
    struktur the nämnd's whole structure (only the headers before there is a nämnd)."""
    from ksui.importers.errors import ImportFileError
    from ksui.importers.spreadsheet import template_rows, template_title

    if kind in ("struktur", "structure"):
        return _structure_template(store, committee)
    try:
        committee_id = None
        if store is not None:
            committee_id = read.find_committee(store, committee).id
            if year is None:
                # The nämnd's latest year; a nämnd without figures, this one (as the app).
                known = read.years(store, committee_id)
                year = known[-1] if known else date.today().year
        headers, rows = template_rows(store, kind, committee_id, year, period)
        return Template(template_title(kind), headers, rows)
    except ImportFileError as exc:
        raise ActionError(str(exc)) from None


def _structure_template(store: Store | None, committee: str | None) -> Template:
    """The structure template: the headers, and the nämnd's structure as rows when the
    database has one (a named nämnd that does not exist is refused)."""
    from ksui.importers.structure import HEADERS, template_rows

    committee_id = None
    if store is not None and (committee is not None or read.committees(store)):
        committee_id = read.find_committee(store, committee).id
    return Template("Struktur", list(HEADERS), template_rows(store, committee_id))
