"""Where the shipped data lives: db/ in a checkout, ksui/_db in an installed wheel."""

from __future__ import annotations

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
