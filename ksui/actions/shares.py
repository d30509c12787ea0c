"""An inriktning's table of shares, the same for both front ends: find the inriktning a
user names, read its lines, write one share (the rules — a line, 0–100 %, the lock —
live in the store's write)."""

from __future__ import annotations

from dataclasses import dataclass

from ksui.core.goals import TextItem, item_label
from ksui.core.report import ReportData
from ksui.core.shares import Share
from ksui.store import Store
from ksui.store import shares as store_shares
from ksui.store.errors import StoreError
from ksui.store.writes import Written


@dataclass(frozen=True)
class Found:
    """An inriktning or åtgärd of the report, with the words that name it."""

    item: TextItem
    #: »Övrig inriktning 4 (Hållbara Södertälje)«, »Åtgärd under mål 3 (…)«.
    name: str


def items(data: ReportData) -> list[Found]:
    """Every inriktning and åtgärd of the report, areas' own first, then the goals'."""
    out: list[Found] = []
    for area in data.areas:
        for item in area.items:
            out.append(Found(item, f"{item_label(item)[0]} ({area.name})"))
        for goal in area.goals:
            for item in goal.items:
                out.append(Found(item, f"{item_label(item)[0]} under mål {goal.number}"))
    return out


def find_item(data: ReportData, words: str) -> Found:
    """The one inriktning ``words`` names: its label ("Övrig inriktning 4"), its number, or
    words of its text; of several with the label, the only one with shares; refused,
    naming the candidates, when none or several match."""
    wanted = " ".join(words.split()).casefold()
    every = items(data)
    if wanted.isdigit():
        hits = [f for f in every if f.item.id == int(wanted)]
    else:
        hits = [f for f in every if item_label(f.item)[0].casefold() == wanted]
        if len(hits) > 1:
            # Two areas may each have an "Övrig inriktning 4": the one with shares is meant.
            with_shares = [f for f in hits if lines(data, f.item.id)]
            hits = with_shares if len(with_shares) == 1 else hits
        if not hits:
            hits = [f for f in every if wanted and wanted in f.item.text.casefold()]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise StoreError(
            f"ingen inriktning eller åtgärd heter »{words}«; ange t.ex. »Övrig inriktning 4«"
            " eller ord ur texten"
        )
    names = "; ".join(f"{f.name} (nr {f.item.id})" for f in hits[:5])
    raise StoreError(f"»{words}« passar flera: {names}; ange numret")


def lines(data: ReportData, item_id: int) -> list[Share]:
    """The inriktning's lines of shares, in the report's order."""
    return sorted((s for s in data.shares if s.item_id == item_id), key=lambda s: s.position)


def set_share(
    store: Store,
    item_id: int,
    label: str,
    year: int,
    period: str,
    tenths: int | None,
    *,
    reason: str | None = None,
) -> Written:
    """Write one line's share at one follow-up (None removes it); unchanged writes nothing."""
    changeset = store_shares.set_share(store, item_id, label, year, period, tenths, reason=reason)
    return Written(changeset)
