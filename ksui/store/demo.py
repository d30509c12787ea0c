"""Build the demo database from the data files in db/demo/ (the 2017 årsrapport).

The files hold the report's figures in tkr; everything is written through the store's
audited write path in one change set, so the demo is also the first entry of the log.
"""

from __future__ import annotations

import sqlite3
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from ksui.core.periods import parse_period
from ksui.core.report import budget_reason_field
from ksui.core.shares import parse_share
from ksui.core.swedish import ORE_PER
from ksui.resources import demo_dir
from ksui.store.db import Store, StoreError, Tx

TKR = ORE_PER["tkr"]


def _load(name: str, folder: Path) -> dict[str, Any]:
    path = folder / name
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _tkr(value: Any) -> int:
    """Demo amounts are whole or decimal tkr; the store keeps öre."""
    return int(Decimal(str(value)) * TKR)


class _Loader:
    """Writes the demo files, resolving unit paths to ids as it goes."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.units: dict[str, int] = {}

    def unit(self, path: str) -> int:
        if path not in self.units:
            raise StoreError(f"demodata: okänd enhet {path!r}")
        return self.units[path]

    def organisation(self, data: Mapping[str, Any]) -> None:
        kommun = data.get("kommun")
        parent_for_top: int | None = None
        if kommun:
            parent_for_top = self.tx.insert("unit", {"kind": "kommun", "name": kommun})
        for position, entry in enumerate(data.get("unit", [])):
            path = entry["path"]
            parent_path, _, name = path.rpartition("/")
            parent = self.units[parent_path] if parent_path else parent_for_top
            self.units[path] = self.tx.insert(
                "unit",
                {
                    "parent_id": parent,
                    "kind": entry["kind"],
                    "code": entry.get("code"),
                    "name": name,
                    "position": position,
                },
            )

    def drift(self, data: Mapping[str, Any]) -> None:
        for bridge in data.get("bridge", []):
            committee = self.unit(bridge["committee"])
            for position, part in enumerate(bridge["parts"]):
                self.tx.upsert(
                    "net_cost_bridge",
                    {"committee_id": committee, "year": bridge["year"], "name": part["name"]},
                    # Exact öre from the printed mkr: no float on the way.
                    {"amount": int(Decimal(part["mkr"]) * 100_000_000), "position": position},
                )
        for entry in data.get("figure", []):
            unit_id = self.unit(entry["unit"])
            period = parse_period(entry.get("period", "bokslut")).code
            for measure in ("budget", "budget_ytd", "forecast", "actual"):
                if measure in entry:
                    self.tx.upsert(
                        "drift_figure",
                        {
                            "unit_id": unit_id,
                            "year": entry["year"],
                            "period": period,
                            "measure": measure,
                        },
                        {"amount": _tkr(entry[measure])},
                    )
            if entry.get("budget_reason"):  # why the budget changed at this period
                field = budget_reason_field(period)
                self.comment("unit", unit_id, field, entry["year"], entry["budget_reason"])
            if entry.get("comment"):
                self.comment("unit", unit_id, "", entry["year"], entry["comment"])

    def comment(self, entity: str, entity_id: int, field: str, year: int, text: str) -> None:
        self.tx.upsert(
            "comment",
            {"entity": entity, "entity_id": entity_id, "field": field, "year": year},
            {"text": text},
        )

    def statements(self, data: Mapping[str, Any]) -> None:
        for statement in ("resultat", "balans"):
            block = data.get(statement)
            if not block:
                continue
            committee = self.unit(block["unit"])
            for line, years in block.items():
                if line == "unit":
                    continue
                for year, columns in years.items():
                    for column, amount in columns.items():
                        self.tx.upsert(
                            "statement_value",
                            {
                                "committee_id": committee,
                                "statement": statement,
                                "line": line,
                                "year": int(year),
                                # The year's budget from January; actuals at year-end.
                                "period": "m01" if column == "budget" else "bokslut",
                                "column_name": column,
                            },
                            {"amount": _tkr(amount)},
                        )

    def investments(self, data: Mapping[str, Any]) -> None:
        if not data:
            return
        committee = self.unit(data["committee"])
        year = data["year"]
        for position, cat in enumerate(data.get("category", [])):
            cat_id = self.tx.insert(
                "investment_category",
                {
                    "committee_id": committee,
                    "kind": cat["kind"],
                    "name": cat["name"],
                    "position": position,
                },
            )
            frame = cat.get("frame")
            if frame:
                self.tx.upsert(
                    "investment_frame",
                    {"category_id": cat_id, "year": year},
                    {"appropriation": _tkr(frame["appropriation"]), "spent": _tkr(frame["spent"])},
                )
            for pos, project in enumerate(cat.get("project", [])):
                pid = self.tx.insert(
                    "investment_project",
                    {
                        "category_id": cat_id,
                        "name": project["name"],
                        "responsible": project.get("responsible"),
                        "status": project.get("status", "pagaende"),
                        "position": pos,
                    },
                )
                # The anslag is in force from January; the utfall is the year-end's.
                if "appropriation" in project:
                    self.tx.upsert(
                        "investment_figure",
                        {"project_id": pid, "year": year, "period": "m01"},
                        {"appropriation": _tkr(project["appropriation"])},
                    )
                if "spent" in project:
                    self.tx.upsert(
                        "investment_figure",
                        {"project_id": pid, "year": year, "period": "bokslut"},
                        {"spent": _tkr(project["spent"])},
                    )
                if project.get("comment"):
                    self.comment("investment_project", pid, "", year, project["comment"])

    def goals(self, data: Mapping[str, Any]) -> None:
        if not data:
            return
        committee = self.unit(data["committee"])
        year = data["year"]
        period = parse_period(data.get("period", "bokslut")).code
        for position, area in enumerate(data.get("area", [])):
            area_id = self.tx.insert(
                "goal_area",
                {
                    "committee_id": committee,
                    "name": area["name"],
                    "summary": area.get("summary", ""),
                    "position": position,
                },
            )
            if area.get("assessment"):
                self.assess("area", area_id, year, period, area["assessment"])
            for pos, item in enumerate(area.get("action", [])):
                item_id = self.tx.insert(
                    "goal_item",
                    {
                        "area_id": area_id,
                        "kind": "action",
                        "text": item["text"],
                        "followup": item.get("followup", ""),
                        "position": pos,
                    },
                )
                self.shares(item_id, year, item.get("shares", []))
            for gpos, goal in enumerate(area.get("goal", [])):
                goal_id = self.tx.insert(
                    "goal",
                    {
                        "area_id": area_id,
                        "number": goal.get("number", gpos + 1),
                        "title": goal["title"],
                        "followup": goal.get("followup", ""),
                        "position": gpos,
                    },
                )
                if goal.get("assessment"):
                    self.assess("goal", goal_id, year, period, goal["assessment"])
                for ipos, ind in enumerate(goal.get("indicator", [])):
                    ind_id = self.tx.insert(
                        "indicator",
                        {
                            "goal_id": goal_id,
                            "name": ind["name"],
                            "source": ind.get("source", ""),
                            "unit": ind.get("unit", ""),
                            "direction": ind.get("direction", "none"),
                            "position": ipos,
                        },
                    )
                    for value in ind.get("values", []):
                        self.tx.upsert(
                            "indicator_value",
                            {
                                "indicator_id": ind_id,
                                "series": value.get("series", ""),
                                "year": value["year"],
                            },
                            {"value": str(Decimal(str(value["value"])))},
                        )
                items = [("direction", i) for i in goal.get("direction", [])]
                items += [("action", i) for i in goal.get("action", [])]
                for ipos, (kind, item) in enumerate(items):
                    self.tx.insert(
                        "goal_item",
                        {
                            "goal_id": goal_id,
                            "kind": kind,
                            "text": item["text"],
                            "followup": item.get("followup", ""),
                            "position": ipos,
                        },
                    )

    def shares(self, item_id: int, year: int, lines: list[Mapping[str, Any]]) -> None:
        """An inriktning's table of shares: per line, a percent per follow-up of the year."""
        for position, line in enumerate(lines):
            for key, text in line.items():
                if key == "label":
                    continue
                tenths = parse_share(str(text))
                if tenths is None:
                    continue
                self.tx.upsert(
                    "goal_share",
                    {
                        "item_id": item_id,
                        "label": line["label"],
                        "year": year,
                        "period": parse_period(key).code,
                    },
                    {"tenths": tenths, "position": position},
                )

    def assess(self, target: str, target_id: int, year: int, period: str, value: str) -> None:
        self.tx.upsert(
            "assessment",
            {"target": target, "target_id": target_id, "year": year, "period": period},
            {"value": value},
        )

    def personnel(self, data: Mapping[str, Any]) -> None:
        if not data:
            return
        committee = self.unit(data["committee"])
        for position, rate in enumerate(data.get("rate", [])):
            for scope, values in (
                ("namnd", rate.get("values", {})),
                ("kommun", rate.get("kommun", {})),
            ):
                for year, value in values.items():
                    self.tx.upsert(
                        "sick_leave",
                        {
                            "committee_id": committee,
                            "measure": rate["measure"],
                            "group_name": rate["group"],
                            "year": int(year),
                            "scope": scope,
                        },
                        {
                            "group_kind": rate["kind"],
                            "rate": str(Decimal(value)),
                            "position": position,
                        },
                    )

    def geh(self, data: Mapping[str, Any]) -> None:
        block = data.get("geh")
        if not block:
            return
        committee = self.unit(data["committee"])
        period = parse_period(block.get("period", "bokslut")).code
        for area in ("ekonomi", "kf_mal", "personal", "samlad"):
            if area in block:
                self.tx.upsert(
                    "geh_assessment",
                    {
                        "committee_id": committee,
                        "year": block["year"],
                        "period": period,
                        "area": area,
                    },
                    {"value": block[area]},
                )

    def other(self, data: Mapping[str, Any]) -> None:
        if not data:
            return
        committee = self.unit(data["committee"])
        year = data["year"]
        for position, grant in enumerate(data.get("state_grant", [])):
            self.tx.insert(
                "state_grant",
                {
                    "committee_id": committee,
                    "year": year,
                    "name": grant["name"],
                    "amount": _tkr(grant["amount_tkr"]),
                    "position": position,
                },
            )
        for position, row in enumerate(data.get("internal_control", [])):
            self.tx.insert(
                "internal_control",
                {
                    "committee_id": committee,
                    "year": year,
                    "responsible": row["responsible"],
                    "process": row["process"],
                    "position": position,
                },
            )
        summary = data.get("internal_control_summary", {}).get("text")
        if summary:
            self.comment("internal_control", committee, "", year, summary)
        for position, row in enumerate(data.get("future", [])):
            self.comment("future", committee, f"{position:02d} {row['area']}", year, row["text"])

    def texts(self, data: Mapping[str, Any]) -> None:
        """The tjänsteskrivelse's texts (schema 9), one row per field that has text."""
        from ksui.store.texts import FIELDS

        for entry in data.get("text", []):
            committee = self.unit(entry["committee"])
            period = parse_period(entry.get("period", "bokslut")).code
            for field in FIELDS:
                text = str(entry.get(field, "")).strip()
                if text:
                    self.tx.upsert(
                        "report_text",
                        {
                            "committee_id": committee,
                            "year": entry["year"],
                            "period": period,
                            "field": field,
                        },
                        {"text": text},
                    )

    def published(self, data: Mapping[str, Any]) -> None:
        if not data:
            return
        committee = self.unit(data["committee"])
        year = data["year"]
        period = parse_period(data.get("period", "bokslut")).code
        for table in ("drift", "resultat", "investment", "personnel"):
            for entry in data.get(table, []):
                row = (
                    entry.get("unit")
                    or entry.get("line")
                    or entry.get("project")
                    or entry.get("category")
                    or entry.get("claim")
                )
                for column, value in entry["values"].items():
                    self.tx.upsert(
                        "published_figure",
                        {
                            "committee_id": committee,
                            "year": year,
                            "period": period,
                            "table_name": table,
                            "row_name": row,
                            "column_name": column,
                        },
                        {"value": str(value)},
                    )


def load_demo(store: Store, folder: Path | None = None) -> int:
    """Fill an empty store with the demo data; returns the change set's id."""
    folder = folder or demo_dir()
    if store.conn.execute("SELECT count(*) FROM unit").fetchone()[0]:
        raise StoreError(f"{store.path}: databasen innehåller redan data")
    with store.transaction("Demodatabas skapad från årsrapport 2017") as tx:
        loader = _Loader(tx)
        loader.organisation(_load("organisation.toml", folder))
        loader.drift(_load("drift.toml", folder))
        loader.statements(_load("statements.toml", folder))
        loader.investments(_load("investments.toml", folder))
        loader.goals(_load("goals.toml", folder))
        loader.personnel(_load("personnel.toml", folder))
        loader.geh(_load("geh.toml", folder))
        loader.other(_load("other.toml", folder))
        loader.texts(_load("texts.toml", folder))
        loader.published(_load("published.toml", folder))
        return tx.changeset_id


def _fold_wal(path: Path) -> None:
    """Write an old file's WAL into the file itself before the file is replaced."""
    if not Path(f"{path}-wal").exists():
        return
    try:
        conn = sqlite3.connect(str(path))
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # not a database we can read: it is being replaced anyway


def create_database(path: Path, *, demo: bool, force: bool = False) -> Store:
    """Create a new database file (demo or empty); never overwrite one without ``force``."""
    if path.exists() and not force:
        raise StoreError(f"{path}: finns redan; använd --force för att skriva över")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    store = Store(tmp, create=True)
    try:
        if demo:
            load_demo(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        store.close()
    # Build under a temporary name and rename, so a crash never leaves a half-made file and
    # a failed --force leaves the old one as it was. The old file's WAL must go with it, or
    # SQLite would replay it onto the new file.
    _fold_wal(path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    tmp.replace(path)
    return Store(path)
