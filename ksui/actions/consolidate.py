"""Konsolidering for both front ends: the kommun file takes in every nämnd's own file.

The rules (what is copied, how ids are mapped, when a nämnd is left alone) live in
``ksui.store.consolidate``; this layer opens the kommun file, names the kommun and turns
what happened into the lines a controller reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ksui.actions.errors import ActionError
from ksui.store import Store
from ksui.store.consolidate import Outcome
from ksui.store.consolidate import consolidate as consolidate_files


@dataclass(frozen=True)
class Consolidated:
    """What a consolidation did, and the lines that tell it (Swedish, one per nämnd)."""

    outcome: Outcome

    def lines(self) -> list[str]:
        """One line per nämnd: written, unchanged, or left alone and why."""
        out = self.outcome
        lines = []
        if out.kommun_created:
            lines.append(f"Skapade kommunen {out.kommun}.")
        for name, count in out.written.items():
            lines.append(f"{name}: konsoliderad ({count} ändringar).")
        for name in out.unchanged:
            lines.append(f"{name}: oförändrad sedan förra konsolideringen.")
        for name, edits in out.edited.items():
            listed = ", ".join(str(n) for n in edits[:10])
            lines.append(
                f"{name}: ändrad i kommunfilen sedan förra konsolideringen (nr {listed});"
                " lämnad orörd, kör med --force för att skriva över"
            )
        for name in out.foreign:
            lines.append(
                f"{name}: finns redan i kommunfilen men kom inte från en konsolidering;"
                " lämnad orörd, kör med --force för att skriva över"
            )
        if out.changeset_id is not None:
            lines.append(f"Ändring nr {out.changeset_id} (ångra med ksui undo {out.changeset_id}).")
        else:
            lines.append("Inget ändrades.")
        return lines

    @property
    def left_alone(self) -> bool:
        """True when a nämnd was not brought in (edited in the kommun file or made there)."""
        return bool(self.outcome.edited or self.outcome.foreign)


def consolidate(
    kommun_file: Path, sources: Sequence[Path], kommun: str, *, force: bool = False
) -> Consolidated:
    """Bring each source's nämnder into ``kommun_file`` below ``kommun``, in one change set."""
    if not sources:
        raise ActionError("ange minst en nämnds fil att konsolidera")
    name = kommun.strip()
    if not name:
        raise ActionError("kommunens namn saknas: ange --kommun NAMN eller [organisation] name")
    store = Store(kommun_file)
    try:
        return Consolidated(consolidate_files(store, list(sources), name, force=force))
    finally:
        store.close()
