"""A nämnd's years in the file: opening the next one before its first figure."""

from __future__ import annotations

from collections.abc import Mapping

from ksui.store.db import Store
from ksui.store.errors import StoreError


def open_year(store: Store, committee_id: int, year: int, appropriations: Mapping[int, int]) -> int:
    """Record a nämnd's new year and the projects' anslag it starts with (from January), in
    one audited change set; its id. Refused when the year is already there."""
    name = store.conn.execute(
        "SELECT name FROM unit WHERE id = ? AND kind = 'namnd'", (committee_id,)
    ).fetchone()
    if name is None:
        raise StoreError(f"okänd nämnd med id {committee_id}")
    with store.transaction(f"Nytt år {year}: {name[0]}") as tx:
        key = {"committee_id": committee_id, "year": year}
        if tx.get("committee_year", key) is not None:
            raise StoreError(f"år {year} är redan öppnat för {name[0]}")
        tx.upsert("committee_year", key, {})
        for project_id, amount in appropriations.items():
            tx.upsert(
                "investment_figure",
                {"project_id": project_id, "year": year, "period": "m01"},
                {"appropriation": amount},
            )
        return tx.changeset_id
