"""Imports run from the app: the same importers and summary lines as `ksui import`.

Each importer writes one transaction, so a refused file leaves the database as it was;
this module only picks the importer, feeds it the config, and turns the outcome (or the
refusal, file:line: message) into lines for the import dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ksui.config import Config
    from ksui.store import Store

Progress = Callable[[int, int], None]

#: Files at least this large get a progress bar (as in the CLI).
PROGRESS_FROM_BYTES = 1_000_000

KINDS: tuple[tuple[str, str], ...] = (
    ("SIE 4-fil (.se, .si)", "sie"),
    ("Drift, CSV eller XLSX", "drift"),
    ("Investeringar, CSV eller XLSX", "investeringar"),
    ("Personal, CSV eller XLSX", "personal"),
    ("Kolada, sparat JSON-svar", "kolada"),
)
KIND_LABELS = {code: label for label, code in KINDS}


@dataclass(frozen=True)
class ImportRequest:
    """Which file to import as what, into which nämnd (by name; None: the first)."""

    kind: str
    path: Path
    committee: str | None


@dataclass(frozen=True)
class ImportOutcome:
    """The importer's summary lines, or why the file was refused (nothing was written)."""

    lines: tuple[str, ...] = ()
    error: str | None = None
    changeset_id: int | None = None
    description: str = ""


def check_path(text: str) -> Path:
    """The file to import, or ValueError saying what is wrong with the path."""
    if not text.strip():
        raise ValueError("ange filens sökväg")
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        raise ValueError(f"{path} är en mapp; ange en fil")
    if not path.is_file():
        raise ValueError(f"{path} finns inte")
    return path


def run_import(
    store: Store, request: ImportRequest, config: Config, progress: Progress | None
) -> ImportOutcome:
    """Import one file; every refusal comes back as an error line, never as an exception."""
    from ksui.importers.errors import ImportFileError
    from ksui.store import StoreError

    if request.kind == "kolada" and not config.kolada:
        return ImportOutcome(
            error="config.toml saknar [kolada]: ange vilket KPI-id som hör till vilken indikator"
        )
    try:
        return _run(store, request, config, progress)
    except ImportFileError as exc:
        return ImportOutcome(error=str(exc))
    except OSError as exc:
        return ImportOutcome(error=f"{exc.filename or request.path}: {exc.strerror or exc}")
    except (StoreError, ValueError) as exc:
        return ImportOutcome(error=f"{request.path.name}: {exc}")


def _run(
    store: Store, request: ImportRequest, config: Config, progress: Progress | None
) -> ImportOutcome:
    path, kind = request.path, request.kind
    if kind == "sie":
        from ksui.importers.sie_import import describe, import_sie

        result = import_sie(
            store,
            path,
            dimension=config.sie_dimension,
            account_lines=config.sie_accounts,
            committee=None,
            progress=progress,
        )
        return ImportOutcome(
            tuple(describe(result)), None, result.changeset_id, f"Import av {path.name}"
        )
    from ksui.store import read

    committee_id = read.find_committee(store, request.committee).id
    before = _last_changeset(store)
    if kind == "kolada":
        from ksui.importers.kolada import describe as describe_kolada
        from ksui.importers.kolada import import_kolada

        kolada = import_kolada(store, path, config.kolada, committee_id)
        lines = tuple(describe_kolada(kolada))
        if progress is not None:
            progress(1, 1)
    else:
        from ksui.importers.tabular import describe, import_table

        table = import_table(
            store, path, kind, committee_id, default_unit=config.unit, progress=progress
        )
        lines = tuple(describe(table, path.name))
    after = _last_changeset(store)
    changeset = after if after is not None and after != before else None
    return ImportOutcome(lines, None, changeset, f"Import av {path.name}")


def _last_changeset(store: Store) -> int | None:
    """The newest change set in the file (an import that changed something adds one)."""
    row = store.conn.execute("SELECT max(id) FROM changeset").fetchone()
    return int(row[0]) if row and row[0] is not None else None
