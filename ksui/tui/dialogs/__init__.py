"""Typed dialogs: a value, a long text, a confirmation, the GEH-bedömning and the keys."""

from __future__ import annotations

from ksui.tui.dialogs.confirm import ConfirmDialog
from ksui.tui.dialogs.text import LongTextDialog
from ksui.tui.dialogs.value import Entry, ValueDialog

__all__ = ["ConfirmDialog", "Entry", "LongTextDialog", "ValueDialog"]
