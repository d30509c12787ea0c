"""Where the shipped data lives (db/ in a checkout, ksui/_db in an installed wheel), and
where ksui keeps what it caches."""

from __future__ import annotations

import os
from pathlib import Path


def db_dir() -> Path:
    """The folder holding migrations/ and demo/, found the same way in a checkout and a wheel."""
    packaged = Path(__file__).resolve().parent / "_db"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "db"


def migrations_dir() -> Path:
    """The numbered SQL migrations."""
    return db_dir() / "migrations"


def demo_dir() -> Path:
    """The data files the demo database is built from."""
    return db_dir() / "demo"


def cache_dir() -> Path:
    """ksui's cache folder: ``$XDG_CACHE_HOME/ksui``, else ``~/.cache/ksui`` (the XDG rule:
    a relative XDG_CACHE_HOME is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "ksui"
