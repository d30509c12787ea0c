"""Building a nämnd's structure: nämnder, units, investment categories and projects, KF-mål
areas, goals and indicators — added, renamed, moved and removed.

Every function returns ``Written`` — the change set (what undo takes back) and, for an
addition, the new row's id — so no caller looks for its own change set afterwards. A
removal takes everything below the row with it, each row audited, so undo restores all.
The rules of the tree (a name taken among siblings, a unit moved below itself, figures a
removal would take along) are checked here and in ``ksui.store.writes`` inside the write,
so the CLI and the TUI refuse alike and a refusal writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ksui.actions.errors import ActionError
from ksui.actions.lookup import choice
from ksui.core.goals import Area
from ksui.core.investments import Category
from ksui.core.models import OrgTree, Unit
from ksui.store import Store, read, writes
from ksui.store.writes import FiguresWouldBeLost, Written

__all__ = ["FiguresWouldBeLost", "Written"]

#: The kinds of row the front ends add and remove.
RowKind = Literal["unit", "project", "goal", "indicator"]
ROW_KINDS: tuple[RowKind, ...] = ("unit", "project", "goal", "indicator")


def add_unit(
    store: Store,
    parent_id: int,
    name: str,
    *,
    kind: str | None = None,
    code: str | None = None,
) -> Written:
    """Add a unit below a parent in a nämnd, last among its siblings; ``kind`` None is one
    level below the parent's. A name a sibling has (in any case), a code used elsewhere in
    the nämnd, or a kind that is not a unit's is refused; ``note`` says when the parent
    has figures of its own."""
    if kind is not None:
        kind = unit_kind(kind)
    return writes.create_unit(store, parent_id, name, kind, code)


def delete_unit(store: Store, unit_id: int) -> Written:
    """Remove a unit with the units, figures and comments below it."""
    return Written(writes.delete_unit(store, unit_id))


def add_project(
    store: Store,
    category_id: int,
    name: str,
    year: int | None,
    *,
    responsible: str | None = None,
    code: str | None = None,
) -> Written:
    """Add an investment project to a category, pågående, with zero anslag for a year (None:
    no figure yet); a name or a code another project of the nämnd has is refused. The code
    is the finance system's project object (``ksui import sie --project-dimension``)."""
    return writes.create_project(
        store, category_id, name, responsible=responsible, year=year, code=code
    )


def set_project_code(store: Store, project_id: int, code: str | None) -> Written:
    """Give a project a code, change it, or (None or blank) take it away; a code another
    project of the nämnd has is refused. None as change set when it already had it."""
    return writes.set_project_code(store, project_id, code)


def delete_project(store: Store, project_id: int) -> Written:
    """Remove a project with its figures and comments."""
    return Written(writes.delete_project(store, project_id))


def add_goal(store: Store, area_id: int, title: str, *, number: int | None = None) -> Written:
    """Add a KF-mål to an area, numbered after the last one unless a free number is given."""
    return writes.create_goal(store, area_id, title, number)


def delete_goal(store: Store, goal_id: int) -> Written:
    """Remove a goal with its indicators, texts and lägesbedömningar."""
    return Written(writes.delete_goal(store, goal_id))


def add_indicator(
    store: Store, goal_id: int, name: str, *, unit: str = "", direction: str = "none"
) -> Written:
    """Add an indicator to a goal, with its unit and the direction wanted (both checked)."""
    return writes.create_indicator(
        store, goal_id, name, indicator_unit(unit) if unit else "", indicator_direction(direction)
    )


def delete_indicator(store: Store, indicator_id: int) -> Written:
    """Remove an indicator with its values."""
    return Written(writes.delete_indicator(store, indicator_id))


def add_row(
    store: Store,
    kind: RowKind,
    parent_id: int,
    name: str,
    *,
    year: int = 0,
    unit_kind: str | None = "verksamhet",
) -> Written:
    """Add a row of a kind under its parent (a unit, a category, an area, a goal by kind)."""
    if kind == "unit":
        return add_unit(store, parent_id, name, kind=unit_kind)
    if kind == "project":
        return add_project(store, parent_id, name, year)
    if kind == "goal":
        return add_goal(store, parent_id, name)
    if kind == "indicator":
        return add_indicator(store, parent_id, name)
    raise ActionError(f"okänd sorts rad »{kind}«; använd {', '.join(ROW_KINDS)}")


def delete_row(store: Store, kind: RowKind, row_id: int) -> Written:
    """Remove a row of a kind with everything that belongs to it."""
    if kind == "unit":
        return delete_unit(store, row_id)
    if kind == "project":
        return delete_project(store, row_id)
    if kind == "goal":
        return delete_goal(store, row_id)
    if kind == "indicator":
        return delete_indicator(store, row_id)
    raise ActionError(f"okänd sorts rad »{kind}«; använd {', '.join(ROW_KINDS)}")


# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Structure:
    """One nämnd's structure, without any figures: what the structure commands look up in."""

    committee: Unit
    tree: OrgTree
    categories: tuple[Category, ...]
    areas: tuple[Area, ...]


def load(store: Store, committee: str | None) -> Structure:
    """The named nämnd's structure (the only one when None); works before any figure exists."""
    found = read.find_committee(store, committee)
    return Structure(
        found,
        read.org_tree(store, found.id),
        # Year 0 has no figures: only the categories, projects, areas and goals are wanted.
        tuple(read.investment_categories(store, found.id, 0)),
        tuple(read.goal_areas(store, found.id, 0, "bokslut")),
    )


def default_year(store: Store, committee_id: int) -> int | None:
    """The nämnd's latest year with figures (a new project's anslag starts there); None
    before it has any."""
    found = read.years(store, committee_id)
    return found[-1] if found else None


UNIT_KINDS = {
    "kontor": "kontor",
    "förvaltning": "kontor",
    "verksamhet": "verksamhet",
    "avdelning": "verksamhet",
    "ansvar": "ansvar",
    "kostnadsställe": "ansvar",
    "politisk ledning": "politisk_ledning",
}


def unit_kind(text: str) -> str:
    """A unit's kind: kontor, verksamhet, ansvar or politisk_ledning."""
    return choice(
        "sort av enhet", text, UNIT_KINDS, "kontor, verksamhet, ansvar eller politisk_ledning"
    )


CATEGORY_KINDS = {
    "ks kf": "ks_kf",
    "ks/kf": "ks_kf",
    "lokaler": "lokaler",
    "namnd": "namnd",
    "nämnd": "namnd",
    "special": "special",
}


def category_kind(text: str) -> str:
    """An investment category's kind: ks_kf, lokaler, namnd or special."""
    return choice(
        "sort av investeringskategori", text, CATEGORY_KINDS, "ks_kf, lokaler, namnd eller special"
    )


INDICATOR_UNITS = {
    "procent": "procent",
    "%": "procent",
    "antal": "antal",
    "st": "antal",
    "index": "index",
    "kr": "kr",
    "kronor": "kr",
    "tkr": "tkr",
    "mkr": "mkr",
}


def indicator_unit(text: str) -> str:
    """An indicator's unit: procent, antal, index or kr (tkr and mkr too)."""
    return choice("enhet för indikatorn", text, INDICATOR_UNITS, "procent, antal, index eller kr")


DIRECTIONS = {
    "up": "up",
    "upp": "up",
    "öka": "up",
    "down": "down",
    "ned": "down",
    "ner": "down",
    "minska": "down",
    "none": "none",
    "ingen": "none",
}


def indicator_direction(text: str) -> str:
    """The direction the council wants an indicator to go: up or down (none: neither)."""
    return choice("riktning", text, DIRECTIONS, "up (upp) eller down (ned)")


#: The kinds of row ``rename`` and ``remove`` take, with the store table of each.
StructureKind = Literal["committee", "unit", "category", "project", "area", "goal", "indicator"]
STRUCTURE_KINDS: dict[str, str] = {
    "committee": "unit",
    "unit": "unit",
    "category": "investment_category",
    "project": "investment_project",
    "area": "goal_area",
    "goal": "goal",
    "indicator": "indicator",
}
_KIND_ALIASES = {
    **{kind: kind for kind in STRUCTURE_KINDS},
    "nämnd": "committee",
    "namnd": "committee",
    "enhet": "unit",
    "kategori": "category",
    "investeringskategori": "category",
    "projekt": "project",
    "område": "area",
    "målområde": "area",
    "mål": "goal",
    "indikator": "indicator",
}


def structure_kind(text: str) -> StructureKind:
    """What a rename or removal is of: committee, unit, category, project, area, goal or
    indicator (or the Swedish word)."""
    found = choice("sort", text, _KIND_ALIASES, ", ".join(STRUCTURE_KINDS))
    return found  # type: ignore[return-value]


def add_committee(store: Store, name: str, code: str | None) -> Written:
    """Add a nämnd under the kommun (at the top of a file without one); a name or code
    another nämnd answers to is refused."""
    return writes.add_committee(store, name, code)


def add_category(store: Store, committee_id: int, name: str, *, kind: str = "namnd") -> Written:
    """Add an investment category to a nämnd (kind ks_kf, lokaler, namnd or special)."""
    return writes.add_category(store, committee_id, name, category_kind(kind))


def add_area(store: Store, committee_id: int, name: str) -> Written:
    """Add a KF-mål area to a nämnd."""
    return writes.add_area(store, committee_id, name)


def rename(store: Store, kind: StructureKind, row_id: int, new_name: str) -> Written:
    """Give a row a new name (a goal a new title); None as change set when it already had it."""
    return writes.rename(store, STRUCTURE_KINDS[kind], row_id, new_name)


def move_unit(store: Store, unit_id: int, parent_id: int) -> Written:
    """Move a unit with everything below it under another unit of its nämnd; refused when
    it would end up below itself, when the name is taken there, or when the new parent's
    own figures would stop counting. None as change set when it is already there."""
    return writes.move_unit(store, unit_id, parent_id)


@dataclass(frozen=True)
class Removal:
    """What removing a row would take along, so the user can be asked first."""

    #: Rows per table below the row (not the row itself).
    counts: dict[str, int]

    @property
    def units(self) -> int:
        """Units below the row."""
        return self.counts.get("unit", 0)

    @property
    def figures(self) -> int:
        """Figures below the row (drift, investments, indicator values, statements …)."""
        return sum(n for t, n in self.counts.items() if t in writes.FIGURE_TABLES)

    def words(self) -> str:
        """»3 enheter och 120 driftsiffror« (empty when nothing goes along)."""
        parts = []
        if self.units:
            parts.append(f"{self.units} {'enhet' if self.units == 1 else 'enheter'}")
        figures = writes.figure_words(self.counts)
        if figures:
            parts.append(figures)
        return " och ".join(parts)


def _refuse_kind_mismatch(store: Store, kind: StructureKind, row_id: int) -> None:
    """A nämnd is removed as a committee, never by a slip as a unit (and the other way)."""
    if kind not in ("unit", "committee"):
        return
    is_committee = read.committee_of(store, row_id) == row_id
    if kind == "unit" and is_committee:
        raise ActionError("det är en nämnd; ta bort den som committee (nämnd), inte som unit")
    if kind == "committee" and not is_committee:
        raise ActionError("det är ingen nämnd; ta bort den som unit (enhet)")


def removal(store: Store, kind: StructureKind, row_id: int) -> Removal:
    """What ``remove`` would take along with the row."""
    _refuse_kind_mismatch(store, kind, row_id)
    counts = writes.rows_below(store, STRUCTURE_KINDS[kind], row_id)
    refusal = writes.locked_refusal(store, STRUCTURE_KINDS[kind], row_id, counts)
    if refusal:
        raise ActionError(refusal)
    return Removal(counts)


def remove(
    store: Store, kind: StructureKind, row_id: int, *, with_figures: bool = False
) -> Written:
    """Remove a row with everything below it (undo brings all back); refused with
    FiguresWouldBeLost when figures would go along and ``with_figures`` is False."""
    _refuse_kind_mismatch(store, kind, row_id)
    return writes.remove(store, STRUCTURE_KINDS[kind], row_id, with_figures=with_figures)
