"""Kolada: a saved response of Kolada's open API (v2 or v3 JSON) as indicator values.

A KPI id maps to one of ksui's indicators by name through ``[kolada]`` in config.toml.
Only the total (gender "T") is imported; a KPI without a mapping is reported, not guessed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ksui.importers.errors import ImportFileError
from ksui.store.db import Store
from ksui.store.lookups import committee_indicators


@dataclass
class KoladaResult:
    """What an import did: values written per indicator and KPIs that had no mapping."""

    written: int = 0
    indicators: dict[str, int] = field(default_factory=dict)
    unmapped: dict[str, int] = field(default_factory=dict)
    #: The change set the import wrote (None when the file changed nothing), for undo.
    changeset_id: int | None = None


@dataclass(frozen=True)
class KoladaValue:
    """One total value of one KPI for one municipality and year."""

    kpi: str
    municipality: str
    year: int
    value: Decimal


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
            out.append(KoladaValue(kpi, str(municipality), int(year), amount))
    return out


def import_kolada(
    store: Store,
    path: Path,
    mapping: Mapping[str, str],
    committee_id: int,
    municipality: str | None = None,
) -> KoladaResult:
    """Write the mapped KPI values as indicator values, all in one transaction."""
    values = parse_kolada(path.read_bytes(), str(path))
    indicators: dict[str, int] = {}
    for indicator_id, indicator_name in committee_indicators(store, committee_id):
        indicators.setdefault(indicator_name.lower(), indicator_id)
    result = KoladaResult()
    with store.transaction(f"Import av Kolada-data från {path.name}") as tx:
        for value in values:
            if municipality and value.municipality != municipality:
                continue
            name = mapping.get(value.kpi)
            ind_id = indicators.get(name.lower()) if name else None
            if ind_id is None:
                result.unmapped[value.kpi] = result.unmapped.get(value.kpi, 0) + 1
                continue
            tx.upsert(
                "indicator_value",
                {"indicator_id": ind_id, "series": "", "year": value.year},
                {"value": str(value.value)},
            )
            result.written += 1
            result.indicators[name or value.kpi] = result.indicators.get(name or value.kpi, 0) + 1
        result.changeset_id = tx.changeset_id if tx.changes else None
    return result


def describe(result: KoladaResult) -> list[str]:
    """Swedish lines for the summary printed after an import."""
    lines = [f"{result.written} värden importerade"]
    lines += [f"  {name}: {count}" for name, count in sorted(result.indicators.items())]
    if result.unmapped:
        kpis = ", ".join(sorted(result.unmapped))
        lines.append(f"Utan koppling i config.toml [kolada] (ej importerade): {kpis}")
    return lines
