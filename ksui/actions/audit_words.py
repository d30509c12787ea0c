"""The audit trail in Swedish: every audited table and column named once, rows by their names.

The audit rows keep table and column names and ids (``unit`` 5, ``parent_id``, ``namnd``).
A reader needs »Enhet Ekonomi: förälder Kommunstyrelsens kontor → HR«. Both the TUI's
Ändringslogg and `ksui log` describe a change here, so each table and column has its
Swedish words in exactly one place (a test checks that the schema has no table or column
without them). Names are read for a whole batch of change sets with one query; a row that
no longer exists is named by the values its audit rows kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ksui.core.assessment import GEH_LABELS
from ksui.core.investments import CATEGORY_KIND_LABELS, STATUS_LABELS
from ksui.core.kommun import ADJUSTMENT_KINDS
from ksui.core.kommun import LINE_KINDS as KOMMUN_LINE_KINDS
from ksui.core.models import MEASURE_LABELS, UNIT_KIND_LABELS
from ksui.core.periods import BY_CODE
from ksui.core.personnel import GROUP_KIND_LABELS
from ksui.core.statements import BALANCE_LINES, RESULT_LINES
from ksui.core.texts import FIELDS as REPORT_TEXTS
from ksui.core.word_diff import summary
from ksui.store import Change, Store
from ksui.store import audit as trail
from ksui.store.relations import ASSESSMENT_TARGETS, COMMENT_ENTITIES

#: Names longer than this are cut in a line (a goal's title, an åtgärd's text).
NAME_WIDTH = 50
#: Old and new values longer than this are cut in a line; the detail shows them whole.
VALUE_WIDTH = 60

_LINES = {line.key: line.name for line in (*RESULT_LINES, *BALANCE_LINES)}
_PERIODS = {code: period.label for code, period in BY_CODE.items()}
_ASSESSMENTS = {"bra": "Bra", "ok": "Ok", "brister": "Har brister"}


def _lower(labels: Mapping[str, str]) -> dict[str, str]:
    return {key: value[:1].lower() + value[1:] for key, value in labels.items()}


@dataclass(frozen=True)
class TableWords:
    """How one table reads in Swedish."""

    #: What a row is: »Enhet«, »Kommentar«.
    noun: str
    #: Every column's word: »förälder« for parent_id.
    columns: Mapping[str, str]
    #: Stored codes in Swedish, per column: kind »namnd« → »nämnd«.
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: Columns holding another row's id, and that row's table: named, not numbered.
    refs: Mapping[str, str] = field(default_factory=dict)
    #: Columns holding money in öre: shown in tkr.
    money: frozenset[str] = frozenset()
    #: Columns holding prose: a change is shown as a word diff.
    texts: frozenset[str] = frozenset()
    #: The row's own value (an amount, a bedömning): its line needs no column word.
    main: frozenset[str] = frozenset()
    #: For a table whose rows have an id: the column that names a row.
    name: str | None = None


_PERIOD = {"period": _PERIODS}
_KEYS = {"year": "år", "period": "uppföljning"}

TABLES: dict[str, TableWords] = {
    "unit": TableWords(
        "Enhet",
        {
            "id": "nummer",
            "parent_id": "förälder",
            "kind": "slag",
            "code": "kod",
            "name": "namn",
            "position": "plats i ordningen",
        },
        values={"kind": _lower(UNIT_KIND_LABELS)},
        refs={"parent_id": "unit"},
        name="name",
    ),
    "drift_figure": TableWords(
        "Driftsiffra",
        {"unit_id": "enhet", **_KEYS, "measure": "mått", "amount": "belopp"},
        values={**_PERIOD, "measure": _lower(MEASURE_LABELS)},
        refs={"unit_id": "unit"},
        money=frozenset({"amount"}),
        main=frozenset({"amount"}),
    ),
    "cost_figure": TableWords(
        "Kontosiffra",
        {
            "unit_id": "enhet",
            **_KEYS,
            "account": "konto",
            "measure": "mått",
            "line": "kostnadsslag",
            "amount": "belopp",
        },
        values={**_PERIOD, "measure": _lower(MEASURE_LABELS), "line": _LINES},
        refs={"unit_id": "unit"},
        money=frozenset({"amount"}),
        main=frozenset({"amount"}),
    ),
    "statement_value": TableWords(
        "Rad i räkningen",
        {
            "committee_id": "nämnd",
            "statement": "räkning",
            "line": "rad",
            **_KEYS,
            "column_name": "kolumn",
            "amount": "belopp",
        },
        values={
            **_PERIOD,
            "statement": {"resultat": "resultaträkningen", "balans": "balansräkningen"},
            "line": _LINES,
            "column_name": {"budget": "budget", "actual": "utfall"},
        },
        refs={"committee_id": "unit"},
        money=frozenset({"amount"}),
        main=frozenset({"amount"}),
    ),
    "investment_category": TableWords(
        "Investeringskategori",
        {
            "id": "nummer",
            "committee_id": "nämnd",
            "kind": "slag",
            "name": "namn",
            "position": "plats i ordningen",
        },
        values={"kind": _lower(CATEGORY_KIND_LABELS)},
        refs={"committee_id": "unit"},
        name="name",
    ),
    "investment_frame": TableWords(
        "Investeringsram",
        {"category_id": "kategori", "year": "år", "appropriation": "anslag", "spent": "utfall"},
        refs={"category_id": "investment_category"},
        money=frozenset({"appropriation", "spent"}),
    ),
    "investment_project": TableWords(
        "Investeringsprojekt",
        {
            "id": "nummer",
            "category_id": "kategori",
            "name": "namn",
            "responsible": "ansvarig",
            "status": "status",
            "position": "plats i ordningen",
            "code": "projektkod",
        },
        values={"status": _lower(STATUS_LABELS)},
        refs={"category_id": "investment_category"},
        name="name",
    ),
    "investment_figure": TableWords(
        "Investering",
        {"project_id": "projekt", **_KEYS, "appropriation": "anslag", "spent": "ack. utfall"},
        values=_PERIOD,
        refs={"project_id": "investment_project"},
        money=frozenset({"appropriation", "spent"}),
    ),
    "goal_area": TableWords(
        "Målområde",
        {
            "id": "nummer",
            "committee_id": "nämnd",
            "name": "namn",
            "summary": "sammanfattning",
            "position": "plats i ordningen",
        },
        refs={"committee_id": "unit"},
        texts=frozenset({"summary"}),
        name="name",
    ),
    "goal": TableWords(
        "KF-mål",
        {
            "id": "nummer",
            "area_id": "målområde",
            "number": "målnummer",
            "title": "titel",
            "followup": "uppföljning",
            "position": "plats i ordningen",
        },
        refs={"area_id": "goal_area"},
        texts=frozenset({"title", "followup"}),
        name="title",
    ),
    "assessment": TableWords(
        "Lägesbedömning",
        {
            "target": "gäller",
            "target_id": "mål eller målområde",
            **_KEYS,
            "value": "bedömning",
        },
        values={
            **_PERIOD,
            "target": {"goal": "KF-mål", "area": "målområde"},
            "value": _ASSESSMENTS,
        },
        main=frozenset({"value"}),
    ),
    "indicator": TableWords(
        "Indikator",
        {
            "id": "nummer",
            "goal_id": "KF-mål",
            "name": "namn",
            "source": "källa",
            "unit": "måttenhet",
            "direction": "önskad riktning",
            "position": "plats i ordningen",
        },
        values={"direction": {"up": "uppåt", "down": "nedåt", "none": "ingen"}},
        refs={"goal_id": "goal"},
        name="name",
    ),
    "indicator_value": TableWords(
        "Indikatorvärde",
        {"indicator_id": "indikator", "series": "serie", "year": "år", "value": "värde"},
        refs={"indicator_id": "indicator"},
        main=frozenset({"value"}),
    ),
    "goal_item": TableWords(
        "Inriktning eller åtgärd",
        {
            "id": "nummer",
            "goal_id": "KF-mål",
            "area_id": "målområde",
            "kind": "slag",
            "text": "text",
            "followup": "uppföljning",
            "position": "plats i ordningen",
        },
        values={"kind": {"direction": "inriktning", "action": "åtgärd"}},
        refs={"goal_id": "goal", "area_id": "goal_area"},
        texts=frozenset({"text", "followup"}),
        name="text",
    ),
    "sick_leave": TableWords(
        "Sjukfrånvaro",
        {
            "committee_id": "nämnd",
            "measure": "mått",
            "group_kind": "slags grupp",
            "group_name": "grupp",
            "year": "år",
            "scope": "gäller",
            "rate": "andel %",
            "position": "plats i ordningen",
        },
        values={
            "measure": {"total": "sjuktal", "short": "korttidsfrånvaro dag 1–14"},
            "group_kind": _lower(GROUP_KIND_LABELS),
            "scope": {"namnd": "nämnden", "kommun": "kommunen"},
        },
        refs={"committee_id": "unit"},
        main=frozenset({"rate"}),
    ),
    "state_grant": TableWords(
        "Statsbidrag",
        {
            "id": "nummer",
            "committee_id": "nämnd",
            "year": "år",
            "name": "namn",
            "amount": "belopp",
            "position": "plats i ordningen",
        },
        refs={"committee_id": "unit"},
        money=frozenset({"amount"}),
        name="name",
    ),
    "geh_assessment": TableWords(
        "GEH-bedömning",
        {"committee_id": "nämnd", **_KEYS, "area": "område", "value": "bedömning"},
        values={**_PERIOD, "area": GEH_LABELS, "value": _ASSESSMENTS},
        refs={"committee_id": "unit"},
        main=frozenset({"value"}),
    ),
    "internal_control": TableWords(
        "Intern kontroll",
        {
            "id": "nummer",
            "committee_id": "nämnd",
            "year": "år",
            "responsible": "ansvarig",
            "process": "process",
            "position": "plats i ordningen",
        },
        refs={"committee_id": "unit"},
        name="process",
    ),
    "comment": TableWords(
        "Kommentar",
        {
            "entity": "gäller",
            "entity_id": "rad",
            "field": "avsnitt",
            "year": "år",
            "text": "text",
        },
        texts=frozenset({"text"}),
        main=frozenset({"text"}),
    ),
    "published_figure": TableWords(
        "Publicerad siffra",
        {
            "committee_id": "nämnd",
            **_KEYS,
            "table_name": "tabell",
            "row_name": "rad",
            "column_name": "kolumn",
            "value": "värde",
        },
        values={
            **_PERIOD,
            "table_name": {
                "drift": "driftredovisningen",
                "investment": "investeringarna",
                "personnel": "personalen",
                "resultat": "resultaträkningen",
                "balans": "balansräkningen",
            },
            "row_name": _LINES,
            # The personnel table's rows keep what they compare as a code.
            "value": {
                "total": "sjuktal",
                "short": "korttidsfrånvaro",
                "change": "förändring",
                "against_kommun": "mot kommunen",
            },
            "column_name": {
                "budget": "budget",
                "forecast": "prognos",
                "actual": "utfall",
                "actual_prev": "utfall året innan",
                "deviation": "avvikelse",
                "net_cost": "nettokostnad",
                "net_cost_prev": "nettokostnad året innan",
                "net_cost_prev2": "nettokostnad två år innan",
                "change_pct": "förändring %",
                "result": "resultat",
                "result_vs_forecast": "resultat mot prognos",
                "overrun": "överskridande",
                "group": "grupp",
                "kind": "slag",
                "measure": "mått",
                "points": "procentenheter",
            },
        },
        refs={"committee_id": "unit"},
        main=frozenset({"value"}),
    ),
    "period_lock": TableWords(
        "Lås",
        {
            "committee_id": "nämnd",
            **_KEYS,
            "locked_at": "låst",
            "locked_by": "låst av",
            "note": "anteckning",
        },
        values=_PERIOD,
        refs={"committee_id": "unit"},
        texts=frozenset({"note"}),
    ),
    "forecast_status": TableWords(
        "Prognos klar",
        {"unit_id": "enhet", **_KEYS, "done_at": "klarmarkerad", "done_by": "klarmarkerad av"},
        values=_PERIOD,
        refs={"unit_id": "unit"},
    ),
    "committee_year": TableWords(
        "Nämndens år", {"committee_id": "nämnd", "year": "år"}, refs={"committee_id": "unit"}
    ),
    "report_text": TableWords(
        "Rapporttext",
        {"committee_id": "nämnd", **_KEYS, "field": "avsnitt", "text": "text"},
        values={**_PERIOD, "field": REPORT_TEXTS},
        refs={"committee_id": "unit"},
        texts=frozenset({"text"}),
        main=frozenset({"text"}),
    ),
    # The search index (schema 10) is kept by triggers, never written through the audit;
    # described all the same, so a row of it would read in Swedish too.
    "search_doc": TableWords(
        "Sökindex",
        {
            "id": "nummer",
            "source": "källa",
            "owner": "gäller",
            "owner_id": "rad",
            "field": "fält",
            **_KEYS,
            "text": "text",
        },
        values=_PERIOD,
        texts=frozenset({"text"}),
        main=frozenset({"text"}),
    ),
    "net_cost_bridge": TableWords(
        "Nettokostnadsbryggan",
        {
            "committee_id": "nämnd",
            "year": "år",
            "name": "del",
            "amount": "belopp",
            "position": "plats i ordningen",
        },
        refs={"committee_id": "unit"},
        money=frozenset({"amount"}),
        main=frozenset({"amount"}),
    ),
    # An inriktning's table of shares (schema 16): a line's share at a follow-up.
    "goal_share": TableWords(
        "Andel",
        {
            "item_id": "inriktning",
            "label": "rad",
            **_KEYS,
            "tenths": "andel",
            "position": "plats i ordningen",
        },
        values=_PERIOD,
        refs={"item_id": "goal_item"},
        main=frozenset({"tenths"}),
    ),
    # Where a consolidated nämnd came from (schema 13, ksui consolidate).
    "consolidation": TableWords(
        "Konsolidering",
        {
            "committee_id": "nämnd",
            "source_path": "källfil",
            "source_changeset": "källans senaste ändring",
            "consolidated_at": "konsoliderad",
            "changeset_id": "kommunfilens ändring",
        },
        refs={"committee_id": "unit"},
    ),
    "kolada_municipality": TableWords(
        "Kommun i Kolada",
        {
            "committee_id": "nämnd",
            "municipality": "kommunkod",
            "name": "namn",
            "in_group": "i jämförelsegruppen",
        },
        values={"in_group": {"0": "nej", "1": "ja"}},
        refs={"committee_id": "unit"},
        main=frozenset({"in_group"}),
    ),
    # The kommun's own lines and its balanskravsutredning (schema 15, ksui.core.kommun).
    "kommun_line": TableWords(
        "Kommunrad",
        {
            "committee_id": "kommun",
            **_KEYS,
            "name": "rad",
            "kind": "typ",
            "budget": "budget",
            "forecast": "prognos",
            "actual": "utfall",
            "position": "plats i ordningen",
        },
        values={**_PERIOD, "kind": _lower(KOMMUN_LINE_KINDS)},
        refs={"committee_id": "unit"},
        money=frozenset({"budget", "forecast", "actual"}),
    ),
    "balance_adjustment": TableWords(
        "Balanskravsutredningen",
        {
            "committee_id": "kommun",
            **_KEYS,
            "name": "rad",
            "kind": "typ",
            "amount": "belopp",
            "position": "plats i ordningen",
        },
        values={**_PERIOD, "kind": _lower(ADJUSTMENT_KINDS)},
        refs={"committee_id": "unit"},
        money=frozenset({"amount"}),
        main=frozenset({"amount"}),
    ),
}

#: Tables that hold the audit trail itself, or an index built from the data by triggers
#: (search_doc, schema 10): never audited, so never described.
BOOKKEEPING = frozenset({"changeset", "audit", "search_doc"})


@dataclass(frozen=True)
class ChangeWords:
    """One audited field in words: where, which field, old → new (and whole texts to diff)."""

    #: The row: »Enhet Ekonomi«, »Kommentar på Ekonomi, 2017«.
    place: str
    #: The column's word; empty for the row's own value and for a row added or removed.
    field: str
    #: The old and the new value as a reader sees them (»–« for none), cut to one line.
    old: str
    new: str
    #: A row added (»tillagd«) or removed (»borttagen«): ``field``/``old``/``new`` unused.
    row: str = ""
    #: Both texts whole when the field is prose that was changed, for a word diff.
    old_text: str | None = None
    new_text: str | None = None

    @property
    def is_text_change(self) -> bool:
        """A text that was there and is still there, changed: shown as a word diff."""
        return self.old_text is not None and self.new_text is not None

    @property
    def line(self) -> str:
        """One line: »Enhet Ekonomi: förälder Kommunstyrelsens kontor → HR«."""
        if self.row:
            return f"{self.place}: {self.row}"
        head = f"{self.place}: {self.field + ' ' if self.field else ''}"
        if self.is_text_change:
            return head + summary(self.old_text or "", self.new_text or "")
        return f"{head}{self.old} → {self.new}"


class Names:
    """Rows' names by table and id, read at once for a batch of changes."""

    def __init__(self, found: Mapping[tuple[str, int], str] | None = None) -> None:
        self.found: dict[tuple[str, int], str] = dict(found or {})

    def of(self, table: str, row_id: Any) -> str:
        """The row's name, cut to one readable line; a plain number when it was never named."""
        found = self.found.get((table, row_id)) if isinstance(row_id, int) else None
        if found is None:
            return f"{TABLES[table].noun.lower() if table in TABLES else 'rad'} nr {row_id}"
        flat = " ".join(found.split())
        return flat if len(flat) <= NAME_WIDTH else flat[: NAME_WIDTH - 1].rstrip() + "…"


def names_for(store: Store, changes: Iterable[Change]) -> Names:
    """Every row the changes point at, named: one query for the rows that exist and one more
    (over the audit trail) only for rows since removed."""
    wanted: dict[str, set[int]] = {}
    kept: dict[tuple[str, int], str] = {}
    for change in changes:
        for table, pointed in _pointed_at(change):
            wanted.setdefault(table, set()).add(pointed)
        words = TABLES.get(change.table)
        row_id = change.key.get("id")
        if words and words.name and change.field == words.name and isinstance(row_id, int):
            value = change.new if change.new is not None else change.old
            if isinstance(value, str):
                kept.setdefault((change.table, row_id), value)
    wanted = {t: ids for t, ids in wanted.items() if TABLES.get(t) and TABLES[t].name}
    found = trail.row_names(store, {t: (str(TABLES[t].name), ids) for t, ids in wanted.items()})
    for key, name in kept.items():
        found.setdefault(key, name)
    missing = [
        (t, str(TABLES[t].name), i) for t, ids in wanted.items() for i in ids if (t, i) not in found
    ]
    found.update(trail.removed_names(store, missing))
    return Names(found)


def _pointed_at(change: Change) -> Iterable[tuple[str, int]]:
    """(table, id) of every row a change names: its own, its owner's, and ids in its values."""
    key = change.key
    words = TABLES.get(change.table)
    if isinstance(key.get("id"), int):
        yield change.table, key["id"]
    if change.table == "comment":
        table = COMMENT_ENTITIES.get(str(key.get("entity")))
        if table and isinstance(key.get("entity_id"), int):
            yield table, key["entity_id"]
    if change.table == "assessment":
        table = ASSESSMENT_TARGETS.get(str(key.get("target")))
        if table and isinstance(key.get("target_id"), int):
            yield table, key["target_id"]
    if words is None:
        return
    for column, table in words.refs.items():
        if isinstance(key.get(column), int):
            yield table, key[column]
    if change.field in words.refs:
        for value in (change.old, change.new):
            if isinstance(value, int) and not isinstance(value, bool):
                yield words.refs[change.field], value


def describe(changes: Iterable[Change], names: Names) -> list[ChangeWords]:
    """Each change in words, in the order given."""
    return [describe_one(change, names) for change in changes]


def describe_one(change: Change, names: Names) -> ChangeWords:
    """One change in words."""
    place = where(change, names)
    if change.field == "*":
        return ChangeWords(place, "", "", "", row="tillagd" if change.old is None else "borttagen")
    words = TABLES.get(change.table)
    column = change.field
    label = "" if words is None or column in words.main else words.columns.get(column, "fält")
    old, new = (value_words(change.table, column, v, names) for v in (change.old, change.new))
    if (
        words is not None
        and column in words.texts
        and isinstance(change.old, str)
        and isinstance(change.new, str)
        and change.old.strip()
        and change.new.strip()
    ):
        return ChangeWords(place, label, old, new, old_text=change.old, new_text=change.new)
    return ChangeWords(place, label, old, new)


def value_words(table: str, column: str, value: Any, names: Names) -> str:
    """A stored value as a reader understands it: tkr, a name, a Swedish word, »text«."""
    from ksui.core.swedish import format_amount

    if value is None or value == "":
        return "–"
    words = TABLES.get(table)
    if words is not None:
        if column in words.money and isinstance(value, int) and not isinstance(value, bool):
            decimals = 0 if value % 100_000 == 0 else 3 if value % 100 == 0 else 5
            return format_amount(value, "tkr", decimals=decimals) + " tkr"
        if table == "goal_share" and column == "tenths" and isinstance(value, int):
            from ksui.core.shares import share_text

            return f"{share_text(value)} %"
        if column in words.refs:
            return names.of(words.refs[column], value)
        if column in words.values:
            return words.values[column].get(str(value), str(value))
    if isinstance(value, str):
        flat = " ".join(value.split())
        return f"»{flat[:VALUE_WIDTH]}…«" if len(flat) > VALUE_WIDTH else f"»{flat}«"
    return str(value)


def _code(table: str, column: str, value: Any) -> str:
    """A key's stored code in Swedish (a period, a measure), or the value as it is."""
    words = TABLES[table]
    return words.values.get(column, {}).get(str(value), str(value))


def _when(table: str, key: Mapping[str, Any]) -> str:
    """»2017 bokslut«, »2017 tertial 1 (april)«, or just the year."""
    period = key.get("period")
    year = key.get("year")
    parts = [str(year)] if year is not None else []
    if period is not None:
        parts.append(_code(table, "period", period).lower())
    return " ".join(parts)


def where(change: Change, names: Names) -> str:
    """What an audited row is, in words: »Budget för Ekonomi, 2017 bokslut«, »Enhet HR«."""
    table, key = change.table, change.key
    words = TABLES.get(table)
    if words is None:  # a table added after these words were written
        return "Rad i " + table
    name = names.of

    def code(column: str) -> str:
        return _code(table, column, key.get(column))

    when = _when(table, key)
    if words.name and "id" in key:
        return f"{words.noun} {name(table, key['id'])}"
    if table == "drift_figure":
        return f"{code('measure').capitalize()} för {name('unit', key.get('unit_id'))}, {when}"
    if table == "cost_figure":
        return (
            f"{code('measure').capitalize()} för {name('unit', key.get('unit_id'))} "
            f"konto {key.get('account')}, {when}"
        )
    if table == "statement_value":
        return (
            f"{code('line')} ({code('column_name')}) i {code('statement')} för "
            f"{name('unit', key.get('committee_id'))}, {when}"
        )
    if table == "investment_frame":
        return f"Ram för {name('investment_category', key.get('category_id'))}, {when}"
    if table == "investment_figure":
        return f"Investering {name('investment_project', key.get('project_id'))}, {when}"
    if table == "assessment":
        target = ASSESSMENT_TARGETS.get(str(key.get("target")), "goal")
        what = "" if target == "goal" else "målområdet "
        return f"Lägesbedömning för {what}{name(target, key.get('target_id'))}, {when}"
    if table == "indicator_value":
        series = f" ({key['series']})" if key.get("series") else ""
        return f"Värde för {name('indicator', key.get('indicator_id'))}{series}, {when}"
    if table == "sick_leave":
        return (
            f"{code('measure').capitalize()} för {name('unit', key.get('committee_id'))}, "
            f"{key.get('group_name')} ({code('scope')}), {when}"
        )
    if table == "geh_assessment":
        return f"GEH-bedömning {code('area')} för {name('unit', key.get('committee_id'))}, {when}"
    if table == "comment":
        return _comment_place(key, names)
    if table == "published_figure":
        return (
            f"Publicerad siffra för {name('unit', key.get('committee_id'))}: "
            f"{code('table_name')}, {code('row_name')}, {code('column_name')}, {when}"
        )
    if table == "period_lock":
        return f"Lås av {name('unit', key.get('committee_id'))}, {when}"
    if table == "forecast_status":
        return f"Prognosen klar för {name('unit', key.get('unit_id'))}, {when}"
    if table == "committee_year":
        return f"År {key.get('year')} för {name('unit', key.get('committee_id'))}"
    if table == "report_text":
        return f"Texten »{code('field')}« för {name('unit', key.get('committee_id'))}, {when}"
    if table == "consolidation":
        return f"Konsolideringen av {name('unit', key.get('committee_id'))}"
    if table == "goal_share":
        return f"Andelen »{key.get('label')}« under {name('goal_item', key.get('item_id'))}, {when}"
    if table == "net_cost_bridge":
        return (
            f"Nettokostnadsbryggan för {name('unit', key.get('committee_id'))} {when}, "
            f"delen »{key.get('name')}«"
        )
    if table == "kommun_line":
        kommun = name("unit", key.get("committee_id"))
        return f"Kommunraden »{key.get('name')}« för {kommun}, {when}"
    if table == "balance_adjustment":
        return (
            f"Balanskravsutredningen för {name('unit', key.get('committee_id'))} {when}, "
            f"raden »{key.get('name')}«"
        )
    described = ", ".join(
        f"{words.columns.get(c, c)} {value_words(table, c, v, names)}" for c, v in key.items()
    )
    return f"{words.noun} ({described})"


def _comment_place(key: Mapping[str, Any], names: Names) -> str:
    """»Kommentar på Ekonomi, 2017«; a budget change's reason and the future text by name."""
    entity = str(key.get("entity"))
    table = COMMENT_ENTITIES.get(entity, "unit")
    on = names.of(table, key.get("entity_id"))
    year = key.get("year")
    part = str(key.get("field") or "")
    if part.startswith("budget "):
        period = _PERIODS.get(part.removeprefix("budget "), part).lower()
        return f"Skäl till budgetändringen för {on}, {year} {period}"
    if entity == "future":
        area = part.split(" ", 1)[1] if " " in part else part
        return f"Framtiden för {on}, {area}, {year}"
    if entity == "internal_control":
        return f"Kommentar om intern kontroll för {on}, {year}"
    kinds = {
        "investment_project": "projektet ",
        "investment_category": "kategorin ",
        "goal_area": "målområdet ",
        "goal": "målet ",
        "goal_item": "",
        "indicator": "indikatorn ",
    }
    what = kinds.get(entity, "")
    extra = f" ({part})" if part else ""
    return f"Kommentar på {what}{on}{extra}, {year}"


#: Descriptions older writes gave in table names and ids (»Kommentar på unit 5 2017«,
#: »Lägesbedömning goal 7: Bra«, »GEH-bedömning kf_mal: Ok«): shown by their first change.
_INTERNAL_TITLES = (
    re.compile(r"Kommentar på [a-z_]+ \d+ \d+"),
    re.compile(r"Lägesbedömning (goal|area) \d+: .*"),
    re.compile(r"GEH-bedömning [a-z_]+: .*"),
    re.compile(r"Investering \d+ \d+ .*: [a-z_]+"),
    re.compile(r"Ändrade [a-z_]+ \d+: [a-z_]+"),
    re.compile(r"Indikator \d+ \d+"),
    re.compile(r"Sjuktal .* \d+ \((namnd|kommun)\)"),
)


_UNDO_PREFIX = re.compile(r"(Ångrade nr \d+: |Ångra: )")


def title(description: str, words: Sequence[ChangeWords]) -> str:
    """What a change set did, in words: its description, unless that names tables and ids.

    Then the first changed field says it instead: »Kommentar på Ekonomi, 2017« for
    »Kommentar på unit 5 2017«.
    """
    undo = _UNDO_PREFIX.match(description)
    if undo:  # an undo's description quotes the one it undid: »Ångrade nr 5: …«
        return undo.group(1) + title(description[undo.end() :], words)
    if not words or not any(p.fullmatch(description) for p in _INTERNAL_TITLES):
        return description
    first = next((w for w in words if not w.row), words[0])
    if first.row:
        return f"{first.place}: {first.row}"
    if first.field or (first.old == "–" and first.new == "–"):
        return f"{first.place}: {first.field}".rstrip(": ")
    if first.is_text_change or first.old.startswith("»") or first.new.startswith("»"):
        return first.place
    return first.line


def for_changes(store: Store, changes: Sequence[Change]) -> list[ChangeWords]:
    """Changes in words, their rows named with one read."""
    return describe(changes, names_for(store, changes))
