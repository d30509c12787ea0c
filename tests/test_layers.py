"""SQL stays in ksui/store: no other module touches the connection, runs a query or imports sqlite3.

The store's connection is private to it; every query the importers, actions, front ends
and exporters need is a named function in ``ksui/store``. The scan reads each module's
syntax tree, so comments and strings that mention SQL do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "ksui"

#: The package allowed to hold SQL and the connection.
STORE = ROOT / "store"

#: Modules outside the store that may still do one of the forbidden things, with the reason.
#: Keep it empty: route a need through ``ksui.store`` (a named query, a ``StoreError``).
ALLOWED: dict[str, str] = {}

_EXECUTE = {"execute", "executemany", "executescript"}


def violations(source: str) -> list[tuple[int, str]]:
    """(line, what) for every connection access, query call or sqlite3 import in the source."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append((node.lineno, ".conn"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _EXECUTE
        ):
            found.append((node.lineno, f".{node.func.attr}("))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sqlite3":
                    found.append((node.lineno, "import sqlite3"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlite3":
            found.append((node.lineno, "from sqlite3 import"))
    return sorted(found)


def _outside_store() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if STORE not in p.parents)


def test_only_the_store_runs_sql() -> None:
    files = _outside_store()
    assert len(files) > 20, "the scan found too few modules; has ksui/ moved?"
    problems = []
    for path in files:
        name = path.relative_to(ROOT.parent).as_posix()
        if name in ALLOWED:
            continue
        for line, what in violations(path.read_text(encoding="utf-8")):
            problems.append(f"{name}:{line}: {what}")
    assert not problems, (
        "SQL outside ksui/store (move the query into a named store function):\n"
        + "\n".join(problems)
    )


def test_allow_list_names_existing_modules_with_reasons() -> None:
    for name, reason in ALLOWED.items():
        assert (ROOT.parent / name).is_file(), name
        assert reason.strip(), name


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("store.conn.execute('SELECT 1')", ".conn"),
        ("tx.conn", ".conn"),
        ("cursor.executemany('INSERT', rows)", ".executemany("),
        ("import sqlite3", "import sqlite3"),
        ("import sqlite3 as db", "import sqlite3"),
        ("from sqlite3 import IntegrityError", "from sqlite3 import"),
    ],
)
def test_the_scan_finds_sql(source: str, what: str) -> None:
    assert what in [found for _, found in violations(source)]


def test_the_scan_ignores_comments_and_strings() -> None:
    source = "# sqlite3 errors reach the user\ntext = 'store.conn.execute(sql)'\n"
    assert violations(source) == []
