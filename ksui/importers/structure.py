"""A nämnd's whole structure from one CSV or XLSX file (`ksui import struktur`).

The kommun's ekonomiavdelning hands every nämnd its units, investment categories and
projects, KF-mål areas, goals and indicators as one sheet, one row per thing. The whole
file is one audited change set (`ksui undo` takes it all back): each row is read, checked
and written before the next, every rule of the tree is the store's (``writes.ensure_*``
and ``insert_*``, the same the single `ksui add` commands use), and the first bad row
refuses the file with its line and column, nothing written. A row that names what already
exists is matched, not added again, so importing the same file twice writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ksui.core.goals import Area
from ksui.core.models import OrgTree
from ksui.importers.errors import ImportFileError
from ksui.importers.spreadsheet import PROGRESS_ROWS, Row, open_table
from ksui.store import read, writes
from ksui.store.db import Store, Tx
from ksui.store.errors import StoreError

Progress = Callable[[int, int], None]

#: The columns in template order: key, Swedish header, other names a header may have.
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("type", "Typ", ("radtyp",)),
    ("code", "Kod", ("enhetskod", "ansvarskod", "projektkod")),
    ("name", "Namn", ("titel", "benämning")),
    ("parent", "Tillhör", ("överordnad", "ligger under", "under")),
    ("kind", "Sort", ("enhetssort", "indikatorenhet")),
    ("direction", "Riktning", ()),
    ("responsible", "Ansvarig", ()),
    ("number", "Nummer", ("nr", "målnummer")),
)
HEADERS = [header for _, header, _ in COLUMNS]
_HEADER_OF = {key: header for key, header, _ in COLUMNS}
#: The store rules' fields (``writes.RuleError.field``) by the column that holds them.
_FIELD_COLUMN = {"name": "name", "code": "code", "kind": "kind", "parent": "parent"}
_FIELD_COLUMN |= {"number": "number", "responsible": "responsible", "direction": "direction"}

#: Each Typ by its Swedish (and English) words.
TYPES = {
    "nämnd": "committee",
    "namnd": "committee",
    "committee": "committee",
    "enhet": "unit",
    "unit": "unit",
    "kategori": "category",
    "investeringskategori": "category",
    "category": "category",
    "projekt": "project",
    "investeringsprojekt": "project",
    "project": "project",
    "målområde": "area",
    "område": "area",
    "area": "area",
    "mål": "goal",
    "kf-mål": "goal",
    "goal": "goal",
    "indikator": "indicator",
    "indicator": "indicator",
}
#: Each Typ's word as the template writes it.
TYPE_WORDS = {
    "committee": "nämnd",
    "unit": "enhet",
    "category": "kategori",
    "project": "projekt",
    "area": "målområde",
    "goal": "mål",
    "indicator": "indikator",
}
#: The columns each Typ uses besides Typ and Namn; a value in any other is refused, so a
#: row shifted one column over is caught rather than half read.
_USES = {
    "committee": {"code"},
    "unit": {"code", "parent", "kind"},
    "category": {"parent", "kind"},
    "project": {"code", "parent", "responsible"},
    "area": {"parent"},
    "goal": {"parent", "number"},
    "indicator": {"parent", "kind", "direction"},
}
_WORDS_PLURAL = {
    "committee": ("nämnd", "nämnder"),
    "unit": ("enhet", "enheter"),
    "category": ("kategori", "kategorier"),
    "project": ("projekt", "projekt"),
    "area": ("målområde", "målområden"),
    "goal": ("mål", "mål"),
    "indicator": ("indikator", "indikatorer"),
}


@dataclass(frozen=True)
class Vocabulary:
    """How a Sort or Riktning cell reads (the use cases' fixed lists, Swedish and English):
    each takes the cell's text and returns the stored word or raises StoreError."""

    unit_kind: Callable[[str], str]
    category_kind: Callable[[str], str]
    indicator_unit: Callable[[str], str]
    direction: Callable[[str], str]


@dataclass
class StructureResult:
    """What a structure import did, for the summary printed at the end."""

    rows: int = 0
    #: New rows per Typ (committee, unit …); a row that already existed counts in ``found``.
    created: dict[str, int] = field(default_factory=dict)
    found: int = 0
    notes: list[str] = field(default_factory=list)
    committee: str = ""
    changeset_id: int | None = None


def describe(result: StructureResult, name: str) -> list[str]:
    """Swedish summary lines after a structure import, the same in the CLI and the TUI."""
    rows = f"{result.rows} {'rad' if result.rows == 1 else 'rader'}"
    made = [
        f"{n} {_WORDS_PLURAL[kind][0 if n == 1 else 1]}"
        for kind in TYPE_WORDS
        if (n := result.created.get(kind, 0))
    ]
    if not made:
        lines = [f"Importerade {rows} från {name} till {result.committee}: inget nytt."]
    else:
        listed = ", ".join(made[:-1]) + " och " + made[-1] if len(made) > 1 else made[0]
        lines = [f"Importerade {rows} från {name} till {result.committee}: lade till {listed}."]
    if result.found:
        lines.append(f"{result.found} av raderna fanns redan och lämnades orörda.")
    lines.extend(f"Obs: {note}" for note in result.notes)
    return lines


def _fold(text: str | None) -> str:
    """A name as matched: case and surrounding space do not make it another."""
    return " ".join((text or "").split()).casefold()


def _map_header(header: list[str], source: str) -> dict[str, str]:
    """The file's header text of each column key; an unknown or missing column is refused."""
    found: dict[str, str] = {}
    for text in header:
        name = _fold(text)
        if not name:
            continue
        for key, title, aliases in COLUMNS:
            if name in {_fold(title), key, *aliases}:
                if key in found:
                    raise ImportFileError(source, 1, text, "kolumnen finns två gånger")
                found[key] = text
                break
        else:
            raise ImportFileError(source, 1, text, f"okänd kolumn; kända är {', '.join(HEADERS)}")
    missing = [_HEADER_OF[k] for k in ("type", "name") if k not in found]
    if missing:
        raise ImportFileError(source, 1, "", f"kolumn saknas: {', '.join(missing)}")
    return found


class _Line:
    """One row's cells by column key, with refusals that name the line and the column."""

    def __init__(self, source: str, row: Row, columns: dict[str, str]) -> None:
        self.source, self.row, self.columns = source, row, columns

    def text(self, key: str) -> str:
        return self.row.cells.get(self.columns[key], "") if key in self.columns else ""

    def fail(self, key: str, message: str) -> ImportFileError:
        header = self.columns.get(key, _HEADER_OF[key])
        return ImportFileError(
            self.source, self.row.line, self.row.raw, f"kolumnen »{header}«: {message}"
        )


@dataclass
class _Build:
    """The import's state: the nämnd, and what it holds by the names a row may use."""

    store: Store
    tx: Tx
    vocabulary: Vocabulary
    committee_text: str | None
    year: int | None
    result: StructureResult
    committee_id: int | None = None
    committee_row: bool = False
    #: Units by folded code and by folded name (a name may be several units' name).
    codes: dict[str, int] = field(default_factory=dict)
    names: dict[str, list[int]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    category_names: list[str] = field(default_factory=list)
    areas: dict[str, int] = field(default_factory=dict)
    area_names: dict[int, str] = field(default_factory=dict)
    #: Goals as (area id, number, folded title, id).
    goals: list[tuple[int, int, str, int]] = field(default_factory=list)

    def start(self, committee_id: int) -> None:
        """Take the nämnd and learn what it already holds."""
        self.committee_id = committee_id
        tree = read.org_tree(self.store, committee_id)
        self.result.committee = tree.units[committee_id].name
        for unit_id in _walk(tree, committee_id):
            unit = tree.units[unit_id]
            self.unit_known(unit.id, unit.name, unit.code)
        for category in read.investment_categories(self.store, committee_id, 0):
            self.category_known(category.id, category.name)
        for area in read.goal_areas(self.store, committee_id, 0, "bokslut"):
            self.area_known(area.id, area.name)
            for goal in area.goals:
                self.goals.append((area.id, goal.number, _fold(goal.title), goal.id))
        if self.year is None:
            known = read.years(self.store, committee_id)
            self.year = known[-1] if known else None

    def unit_known(self, unit_id: int, name: str, code: str | None) -> None:
        if code:
            self.codes[_fold(code)] = unit_id
        ids = self.names.setdefault(_fold(name), [])
        if unit_id not in ids:
            ids.append(unit_id)
        self.labels[unit_id] = f"{name} ({code})" if code else name

    def category_known(self, category_id: int, name: str) -> None:
        if _fold(name) not in self.categories:
            self.category_names.append(name)
        self.categories[_fold(name)] = category_id

    def area_known(self, area_id: int, name: str) -> None:
        self.areas[_fold(name)] = area_id
        self.area_names[area_id] = name

    def committee(self, line: _Line) -> int:
        """The nämnd the rows go into: the file's nämnd row, else --committee, else the
        only one in the database."""
        if self.committee_id is None:
            try:
                found = read.find_committee(self.store, self.committee_text)
            except StoreError as exc:
                raise line.fail(
                    "type",
                    f"{_short(str(exc))}; börja filen med en rad med Typ nämnd "
                    "(eller ange nämnden med --committee)",
                ) from None
            self.start(found.id)
        assert self.committee_id is not None
        return self.committee_id


def _short(message: str) -> str:
    """A store message without the database's path in front."""
    return re.sub(r"^\S+\.(sqlite|db|sqlite3): ", "", message)


def _walk(tree: OrgTree, root: int) -> Iterator[int]:
    """The root and every unit below it, each parent before its children, in screen order."""
    yield root
    for child in tree.kids(root):
        yield from _walk(tree, child)


def import_structure(
    store: Store,
    path: Path,
    vocabulary: Vocabulary,
    *,
    committee: str | None = None,
    year: int | None = None,
    progress: Progress | None = None,
) -> StructureResult:
    """Import one structure file in one change set (all or nothing).

    ``committee`` (name or code) is the nämnd when the file has no nämnd row (None: the
    only one); a file's nämnd row, which must come first, names its own. ``year`` is the
    year a new project's anslag starts at 0 (None: the nämnd's latest year with figures).
    """
    source = str(path)
    result = StructureResult()
    with open_table(path) as table:
        columns = _map_header(table.header, source)
        with store.transaction(f"Import av struktur från {path.name}") as tx:
            build = _Build(store, tx, vocabulary, committee, year, result)
            for row in table.rows:
                _row(build, _Line(source, row, columns))
                result.rows += 1
                if progress is not None and result.rows % PROGRESS_ROWS == 0:
                    progress(*table.position())
            if progress is not None:
                progress(*table.finished())
            if result.rows == 0:
                raise ImportFileError(source, None, "", "filen har inga rader under rubriken")
            result.changeset_id = tx.changeset_id if tx.changes else None
    return result


def _row(build: _Build, line: _Line) -> None:
    """Read, check and write one row."""
    word = line.text("type")
    kind = TYPES.get(_fold(word))
    if kind is None:
        known = ", ".join(TYPE_WORDS.values())
        raise line.fail("type", f"okänd typ »{word}«; använd {known}" if word else f"ange {known}")
    for key in line.columns:
        if key not in ("type", "name") and key not in _USES[kind] and line.text(key):
            raise line.fail(key, f"används inte för Typ {TYPE_WORDS[kind]}; lämna den tom")
    try:
        placed = _WRITERS[kind](build, line)
    except writes.RuleError as exc:
        raise line.fail(_FIELD_COLUMN.get(exc.field, "name"), str(exc)) from None
    if placed.created:
        build.result.created[kind] = build.result.created.get(kind, 0) + 1
    else:
        build.result.found += 1
    if placed.note:
        build.result.notes.append(placed.note)


def _parse(line: _Line, key: str, reader: Callable[[str], str]) -> str | None:
    """A Sort or Riktning cell in the stored word (None: left empty), or a refusal."""
    text = line.text(key)
    if not text:
        return None
    try:
        return reader(text)
    except StoreError as exc:
        raise line.fail(key, str(exc)) from None


def _committee(build: _Build, line: _Line) -> writes.Placed:
    if build.committee_row:
        raise line.fail("type", "filen beskriver en nämnd; en andra rad med Typ nämnd vägras")
    if build.committee_id is not None:
        raise line.fail("type", "raden med Typ nämnd ska stå först, före det som hör till nämnden")
    build.committee_row = True
    code = line.text("code") or None
    placed = writes.ensure_committee(build.tx, line.text("name"), code)
    if placed.created and code is None:
        # A new nämnd gets a code, as `ksui add committee` demands.
        raise line.fail("code", "en ny nämnd måste ha en kod")
    build.start(placed.row_id)
    return placed


def _in_committee(build: _Build, line: _Line) -> int:
    """The nämnd of a category or area row; Tillhör may name it, or be left empty."""
    committee_id = build.committee(line)
    parent = line.text("parent")
    named = build.names.get(_fold(parent), [])
    if parent and build.codes.get(_fold(parent)) != committee_id and committee_id not in named:
        raise line.fail(
            "parent",
            f"»{parent}« är inte nämnden ({build.labels[committee_id]}); "
            "lämna Tillhör tom eller skriv nämnden",
        )
    return committee_id


def _unit(build: _Build, line: _Line) -> writes.Placed:
    committee_id = build.committee(line)
    parent = line.text("parent")
    if not parent:
        raise line.fail("parent", "ange den överordnade enheten (kod eller namn) eller nämnden")
    parent_id = build.codes.get(_fold(parent))
    if parent_id is None:
        named = build.names.get(_fold(parent), [])
        if len(named) > 1:
            listed = ", ".join(build.labels[i] for i in named)
            raise line.fail("parent", f"flera enheter heter »{parent}« ({listed}); ange koden")
        if not named:
            raise line.fail(
                "parent",
                f"okänd enhet »{parent}« i {build.labels[committee_id]}; en överordnad enhet "
                "ska stå på en rad före enheterna under den",
            )
        parent_id = named[0]
    kind = _parse(line, "kind", build.vocabulary.unit_kind)
    code = line.text("code") or None
    placed = writes.ensure_unit(build.tx, parent_id, line.text("name"), kind, code)
    if placed.created and code is None:
        # A new unit gets a code, as `ksui add unit` demands: imports find units by it.
        raise line.fail("code", "en ny enhet måste ha en kod (ansvarskoden)")
    build.unit_known(placed.row_id, line.text("name").strip(), code.strip() if code else None)
    return placed


def _category(build: _Build, line: _Line) -> writes.Placed:
    committee_id = _in_committee(build, line)
    kind = _parse(line, "kind", build.vocabulary.category_kind)
    placed = writes.ensure_category(build.tx, committee_id, line.text("name"), kind)
    build.category_known(placed.row_id, line.text("name").strip())
    return placed


def _project(build: _Build, line: _Line) -> writes.Placed:
    build.committee(line)
    parent = line.text("parent")
    category = build.categories.get(_fold(parent))
    if category is None:
        known = ", ".join(build.category_names) or "inga än"
        raise line.fail(
            "parent",
            f"okänd investeringskategori »{parent}« (finns: {known}); en kategori ska stå på "
            "en rad före sina projekt"
            if parent
            else "ange projektets investeringskategori",
        )
    return writes.ensure_project(
        build.tx,
        category,
        line.text("name"),
        responsible=line.text("responsible") or None,
        year=build.year,
        code=line.text("code") or None,
    )


def _area(build: _Build, line: _Line) -> writes.Placed:
    committee_id = _in_committee(build, line)
    placed = writes.ensure_area(build.tx, committee_id, line.text("name"))
    build.area_known(placed.row_id, line.text("name").strip())
    return placed


def _goal(build: _Build, line: _Line) -> writes.Placed:
    build.committee(line)
    parent = line.text("parent")
    area = build.areas.get(_fold(parent))
    if area is None:
        raise line.fail(
            "parent",
            f"okänt målområde »{parent}«; ett målområde ska stå på en rad före sina mål"
            if parent
            else "ange målets målområde",
        )
    number: int | None = None
    text = line.text("number").removesuffix(",0")
    if text:
        if not text.isdigit():
            raise line.fail("number", f"»{line.text('number')}« är inget målnummer (1, 2, 3 …)")
        number = int(text)
    placed = writes.ensure_goal(build.tx, area, line.text("name"), number)
    if not any(g[3] == placed.row_id for g in build.goals):
        given = number
        if given is None:
            given = max((g[1] for g in build.goals if g[0] == area), default=0) + 1
        build.goals.append((area, given, _fold(line.text("name")), placed.row_id))
    return placed


def _goal_of(build: _Build, line: _Line) -> int:
    """An indicator's goal: its title, its number (when one area has it), or »område / nr«."""
    parent = line.text("parent")
    if not parent:
        raise line.fail("parent", "ange indikatorns mål (titel eller nummer)")
    within = build.goals
    wanted = parent
    if "/" in parent and not _match_goal(build.goals, parent):
        area_text, _, wanted = parent.rpartition("/")
        area = build.areas.get(_fold(area_text))
        if area is None:
            raise line.fail("parent", f"okänt målområde »{area_text.strip()}«")
        within = [g for g in build.goals if g[0] == area]
    found = _match_goal(within, wanted)
    if len(found) == 1:
        return found[0][3]
    if not found:
        raise line.fail(
            "parent",
            f"okänt mål »{parent}«; ett mål ska stå på en rad före sina indikatorer",
        )
    places = ", ".join(f"nr {g[1]} i {build.area_names[g[0]]}" for g in found)
    raise line.fail("parent", f"flera mål passar »{parent}« ({places}); skriv »målområde / nummer«")


def _match_goal(
    goals: list[tuple[int, int, str, int]], text: str
) -> list[tuple[int, int, str, int]]:
    """The goals with that title, else with that number."""
    key = _fold(text)
    by_title = [g for g in goals if g[2] == key]
    if by_title or not key.isdigit():
        return by_title
    return [g for g in goals if g[1] == int(key)]


def _indicator(build: _Build, line: _Line) -> writes.Placed:
    build.committee(line)
    goal = _goal_of(build, line)
    unit_text = line.text("kind")
    unit: str | None = None
    refusal: str | None = None
    if unit_text:
        try:
            unit = build.vocabulary.indicator_unit(unit_text)
        except StoreError as exc:
            # Kept as written: it still matches an indicator that already has that unit.
            unit, refusal = unit_text, str(exc)
    direction = _parse(line, "direction", build.vocabulary.direction)
    return writes.ensure_indicator(
        build.tx, goal, line.text("name"), unit, direction, unit_refusal=refusal
    )


_WRITERS: dict[str, Callable[[_Build, _Line], writes.Placed]] = {
    "committee": _committee,
    "unit": _unit,
    "category": _category,
    "project": _project,
    "area": _area,
    "goal": _goal,
    "indicator": _indicator,
}

_DIRECTION_WORDS = {"up": "upp", "down": "ned", "none": ""}


def template_rows(store: Store | None, committee_id: int | None) -> list[list[str]]:
    """The nämnd's structure as rows of the template (none without a nämnd), each parent
    before its children, so exporting, editing and importing again round-trips."""
    if store is None or committee_id is None:
        return []
    tree = read.org_tree(store, committee_id)
    rows: list[list[str]] = []

    def row(what: str, name: str, **cells: str) -> None:
        values = {"type": TYPE_WORDS[what], "name": name, **cells}
        rows.append([values.get(key, "") for key, _, _ in COLUMNS])

    committee = tree.units[committee_id]
    row("committee", committee.name, code=committee.code or "")
    for unit_id in list(_walk(tree, committee_id))[1:]:
        unit = tree.units[unit_id]
        parent = tree.units[unit.parent_id] if unit.parent_id is not None else committee
        row(
            "unit",
            unit.name,
            code=unit.code or "",
            parent=parent.code or parent.name,
            kind=unit.kind,
        )
    codes = read.project_codes(store, committee_id)
    for category in read.investment_categories(store, committee_id, 0):
        row("category", category.name, kind=category.kind)
        for project in category.projects:
            row(
                "project",
                project.name,
                code=codes.get(project.id, ""),
                parent=category.name,
                responsible=project.responsible or "",
            )
    areas = read.goal_areas(store, committee_id, 0, "bokslut")
    for area in areas:
        row("area", area.name)
        for goal in area.goals:
            row("goal", goal.title, parent=area.name, number=str(goal.number))
            for indicator in goal.indicators:
                row(
                    "indicator",
                    indicator.name,
                    parent=_goal_label(areas, area, goal.title, goal.number),
                    kind=indicator.unit,
                    direction=_DIRECTION_WORDS.get(indicator.direction, indicator.direction),
                )
    return rows


def _goal_label(areas: list[Area], area: Area, title: str, number: int) -> str:
    """How an indicator row names its goal: the title, or »område / nr« when another area
    has a goal of the same title."""
    same = sum(1 for a in areas for g in a.goals if _fold(g.title) == _fold(title))
    return title if same == 1 and "/" not in title else f"{area.name} / {number}"
