"""Kolada: a saved response of Kolada's open API (v2 or v3 JSON) as indicator values.

A KPI id maps to one of ksui's indicators by name through ``[kolada]`` in config.toml.
Only the total (gender "T") is imported; a KPI without a mapping is reported, not guessed.

Every kommun of the response is kept: the own one (``--kommun``, or the file's only one) as
the indicator's own series, riket (0000) as the series »Riket«, every other kommun as the
series »kolada:KKKK« that no table shows as ours (see ksui.core.peers). The comparison
group ([kolada] jamforelse) is written beside them, so the file itself knows whose median
each own value is read against.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ksui.core.peers import (
    RIKET_ID,
    RIKET_SERIES,
    comparison_group,
    is_kommun_id,
    peer_series,
)
from ksui.importers.errors import ImportFileError
from ksui.store.db import Store, Tx
from ksui.store.lookups import committee_indicators
from ksui.store.read import kolada_municipalities


@dataclass
class KoladaResult:
    """What an import did: values written per indicator and KPIs that had no mapping."""

    written: int = 0
    indicators: dict[str, int] = field(default_factory=dict)
    unmapped: dict[str, int] = field(default_factory=dict)
    #: The own kommun's id ('' when the file names none).
    own: str = ""
    #: Other kommuner kept (not riket): their ids.
    peers: set[str] = field(default_factory=set)
    #: Values of riket (Kolada id 0000) written to the series »Riket«.
    riket: int = 0
    #: Values of ids that are no kommun (Kolada's organisational units): left out.
    skipped: int = 0
    #: The change set the import wrote (None when the file changed nothing), for undo.
    changeset_id: int | None = None


@dataclass(frozen=True)
class KoladaValue:
    """One total value of one KPI for one municipality and year."""

    kpi: str
    municipality: str
    year: int
    value: Decimal
    #: The kommun's name when the file gives one (Kolada's data responses do not).
    name: str = ""


def parse_kolada(data: bytes, source: str) -> list[KoladaValue]:
    """Read a v2 or v3 data response; refuse anything else with a clear message."""
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_float=Decimal, parse_int=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ImportFileError(source, line, "", f"är ingen JSON-fil från Kolada ({exc})") from None
    rows = doc.get("values", doc.get("data")) if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        raise ImportFileError(source, None, "", "saknar listan »values« som Koladas API svarar med")
    out: list[KoladaValue] = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise ImportFileError(source, None, repr(row)[:80], f"post {index + 1} är inget objekt")
        kpi = row.get("kpi")
        year = row.get("period", row.get("year"))
        municipality = row.get("municipality", row.get("municipality_id", row.get("ou", "")))
        name = row.get("municipality_title", row.get("municipality_name", ""))
        shown = json.dumps(row, default=str)[:80]
        if not isinstance(kpi, str) or not isinstance(year, Decimal):
            raise ImportFileError(source, None, shown, f"post {index + 1} saknar kpi eller period")
        if year != year.to_integral_value() or not 1900 <= year <= 2200:
            raise ImportFileError(source, None, shown, f"post {index + 1}: {year} är inget årtal")
        entries = row.get("values", [])
        if not isinstance(entries, list):
            raise ImportFileError(source, None, shown, f"post {index + 1}: »values« är ingen lista")
        for value in entries:
            if not isinstance(value, dict) or value.get("gender", "T") != "T":
                continue
            amount = value.get("value")
            if amount is None:
                continue
            if not isinstance(amount, Decimal) or not amount.is_finite():
                raise ImportFileError(
                    source, None, repr(amount), f"{kpi} {year}: värdet är inget tal"
                )
            title = name.strip() if isinstance(name, str) else ""
            out.append(KoladaValue(kpi, str(municipality), int(year), amount, title))
    return out


def own_municipality(values: list[KoladaValue], municipality: str | None) -> str:
    """The own kommun: the one asked for, else the file's only kommun besides riket.

    A file with several kommuner and no ``--kommun`` is refused: which is ours cannot be told.
    """
    if municipality is not None:
        if not is_kommun_id(municipality) or municipality == RIKET_ID:
            raise ValueError(
                f"--kommun {municipality!r} är ingen kommunkod: ange fyra siffror, t.ex. 0181"
            )
        return municipality
    found = sorted({v.municipality for v in values if v.municipality != RIKET_ID})
    if len(found) > 1:
        shown = ", ".join(found[:5]) + (" …" if len(found) > 5 else "")
        raise ValueError(
            f"filen har värden för flera kommuner ({shown}); ange den egna med --kommun"
            " eller [kolada] kommun i config.toml"
        )
    return found[0] if found else ""


def import_kolada(
    store: Store,
    path: Path,
    mapping: Mapping[str, str],
    committee_id: int,
    municipality: str | None = None,
    group: Sequence[str] = (),
) -> KoladaResult:
    """Write the mapped KPI values, the own kommun's, riket's and every other kommun's, and
    the comparison ``group`` (without the own kommun), all in one transaction."""
    values = parse_kolada(path.read_bytes(), str(path))
    own = own_municipality(values, municipality)
    indicators: dict[str, int] = {}
    for indicator_id, indicator_name in committee_indicators(store, committee_id):
        indicators.setdefault(indicator_name.lower(), indicator_id)
    result = KoladaResult(own=own)
    names: dict[str, str] = {}
    with store.transaction(f"Import av Kolada-data från {path.name}") as tx:
        for value in values:
            name = mapping.get(value.kpi)
            ind_id = indicators.get(name.lower()) if name else None
            if ind_id is None:
                result.unmapped[value.kpi] = result.unmapped.get(value.kpi, 0) + 1
                continue
            if value.municipality == own:
                series = ""
                result.written += 1
                label = name or value.kpi
                result.indicators[label] = result.indicators.get(label, 0) + 1
            elif value.municipality == RIKET_ID:
                series = RIKET_SERIES
                result.riket += 1
            elif is_kommun_id(value.municipality):
                series = peer_series(value.municipality)
                result.peers.add(value.municipality)
                if value.name:
                    names[value.municipality] = value.name
            else:
                result.skipped += 1
                continue
            tx.upsert(
                "indicator_value",
                {"indicator_id": ind_id, "series": series, "year": value.year},
                {"value": str(value.value)},
            )
        _write_group(tx, committee_id, comparison_group(group, own), names)
        result.changeset_id = tx.changeset_id if tx.changes else None
    return result


def _write_group(
    tx: Tx, committee_id: int, members: Sequence[str], names: Mapping[str, str]
) -> None:
    """Mark the comparison group's kommuner (and unmark those no longer listed), and keep
    the names the file gave; a row that is already so is not written again."""
    stored = kolada_municipalities(tx.store, committee_id)
    for municipality in sorted({*stored, *members, *names}):
        values: dict[str, object] = {"in_group": int(municipality in members)}
        if municipality in names:
            values["name"] = names[municipality]
        if municipality not in stored and not values["in_group"] and "name" not in values:
            continue
        tx.upsert(
            "kolada_municipality",
            {"committee_id": committee_id, "municipality": municipality},
            values,
        )


def describe(result: KoladaResult) -> list[str]:
    """Swedish lines for the summary printed after an import."""
    own = f" för kommun {result.own}" if result.own else ""
    lines = [f"{result.written} värden importerade{own}"]
    lines += [f"  {name}: {count}" for name, count in sorted(result.indicators.items())]
    if result.riket:
        lines.append(f"{result.riket} värden för riket (serien Riket)")
    if result.peers:
        lines.append(f"Värden för {len(result.peers)} andra kommuner sparade för jämförelse")
    if result.skipped:
        lines.append(f"{result.skipped} värden för andra enheter än kommuner hoppades över")
    if result.unmapped:
        kpis = ", ".join(sorted(result.unmapped))
        lines.append(f"Utan koppling i config.toml [kolada] (ej importerade): {kpis}")
    return lines
