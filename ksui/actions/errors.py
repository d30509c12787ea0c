"""The refusals of the use-case layer, one Swedish line each, so both front ends say the same.

Every refusal is a ``StoreError``: the CLI already turns those into one line on stderr and
exit code 2, and the TUI into a notification, so a rule added here needs no front-end code.
"""

from __future__ import annotations

from ksui.store.errors import (
    ConfirmationNeeded,
    DamagedError,
    StaleValueError,
    StoreError,
    UndoRefused,
)
from ksui.store.locks import LockedError


class ActionError(StoreError):
    """A request a rule refuses (an unknown name, a figure that is a sum); nothing is written."""


class ParentSumRefused(ActionError):
    """A figure of a unit whose children carry that measure: their sum would hide it."""


class NotFound(ActionError):
    """A name or code that matches nothing, or more than one thing (the message lists them)."""


__all__ = [
    "ActionError",
    "ConfirmationNeeded",
    "DamagedError",
    "LockedError",
    "NotFound",
    "ParentSumRefused",
    "StaleValueError",
    "StoreError",
    "UndoRefused",
]
