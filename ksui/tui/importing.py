"""Imports run from the app: ``ksui import``'s own dispatch, under the names the dialog uses.

The importer is picked, fed the config and its refusal (file:line: message) or summary
lines and change set returned by ``ksui.actions.imports``, so a file is read the same way
from the app and from the CLI; this module only hands those names on to the dialog.
"""

from __future__ import annotations

from ksui.actions.imports import (
    KIND_LABELS,
    KINDS,
    PROGRESS_FROM_BYTES,
    ImportOutcome,
    ImportRequest,
    Progress,
    check_path,
    run_import,
)

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "PROGRESS_FROM_BYTES",
    "ImportOutcome",
    "ImportRequest",
    "Progress",
    "check_path",
    "run_import",
]
