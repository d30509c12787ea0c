"""The unit kinds and which kind a new unit gets (``ksui.core.models.child_kind``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ksui.core.models import UNIT_KIND_LABELS, UNIT_KINDS, child_kind

SCHEMA = Path(__file__).parents[2] / "db" / "migrations" / "0001_initial.sql"


def test_the_schema_allows_exactly_the_core_kinds() -> None:
    check = re.search(r"kind\s+TEXT NOT NULL CHECK \(kind IN\s*\(([^)]*)\)", SCHEMA.read_text())
    assert check is not None
    assert tuple(re.findall(r"'(\w+)'", check[1])) == UNIT_KINDS
    assert tuple(UNIT_KIND_LABELS) == UNIT_KINDS


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        ("kommun", "namnd"),
        ("namnd", "kontor"),
        ("kontor", "verksamhet"),
        ("politisk_ledning", "verksamhet"),
        ("verksamhet", "ansvar"),
        ("ansvar", "ansvar"),
    ],
)
def test_a_new_unit_goes_one_level_down(parent: str, child: str) -> None:
    assert child_kind(parent) == child


def test_every_kind_has_a_child_kind_of_a_known_kind() -> None:
    assert {child_kind(kind) for kind in UNIT_KINDS} <= set(UNIT_KINDS)
    assert child_kind("okänd") == "ansvar"
