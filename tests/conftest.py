"""Shared fixtures: the demo database built once per session and copied per test."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# The suite gives the same result whatever the user's shell sets: colour, width, locale,
# terminal and which database or config ksui would pick up. Pinned before any test module
# (or Rich, or Textual) reads them.
for _name in (
    "NO_COLOR",
    "FORCE_COLOR",
    "COLUMNS",
    "LINES",
    "KSUI_DB",
    "KSUI_CONFIG",
    "TEXTUAL",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
):
    os.environ.pop(_name, None)
os.environ.update(
    {
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "COLORTERM": "truecolor",
    }
)
# ksui's cache (files known sound) and state (crash files) go to a folder of this run only.
_HOME = tempfile.mkdtemp(prefix="ksui-test-home-")
os.environ["XDG_CACHE_HOME"] = os.path.join(_HOME, "cache")
os.environ["XDG_STATE_HOME"] = os.path.join(_HOME, "state")

from ksui.core.report import ReportData  # noqa: E402
from ksui.store import Store, read  # noqa: E402
from ksui.store.demo import create_database  # noqa: E402

TKR = 100_000  # öre per tkr


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database built once; tests get copies so they never affect each other."""
    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    create_database(path, demo=True).close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo database for one test."""
    target = tmp_path / "ksui.sqlite"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def store(demo_path: Path) -> Iterator[Store]:
    """The demo database opened through the store."""
    s = Store(demo_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def report(demo_template: Path) -> ReportData:
    """Kommunstyrelsen, bokslut 2017, read from the demo database."""
    s = Store(demo_template)
    try:
        committee = read.find_committee(s, None)
        return read.load_report(s, committee, 2017, "bokslut")
    finally:
        s.close()


def unnumbered(markdown: str) -> str:
    """A Markdown export read as a test reads it: headings without their numbers ('### 1.2
    Balansräkning' → '### Balansräkning') and no-break spaces as spaces."""
    import re

    return re.sub(r"(?m)^(#+) \d+(?:\.\d+)*\.? ", r"\1 ", markdown).replace("\xa0", " ")


def tkr(value: int) -> int:
    """Öre from whole tkr, so assertions read like the report."""
    return value * TKR


def statement_at(store: Store, year: int, period: str, lines: dict[str, int]) -> None:
    """Resultaträkning actuals (tkr) of the demo's nämnd at a follow-up, as a SIE import
    of that month would write them."""
    committee = read.find_committee(store, None)
    with store.transaction(f"Resultaträkning {period} {year}") as tx:
        for line, amount in lines.items():
            key = {
                "committee_id": committee.id,
                "statement": "resultat",
                "line": line,
                "year": year,
                "period": period,
                "column_name": "actual",
            }
            tx.upsert("statement_value", key, {"amount": tkr(amount)})
