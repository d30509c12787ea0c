"""What every command needs: the config, the database, the committee, year and period.

Errors a controller can cause (a wrong name, a bad number, a broken config) become one
line on stderr and exit code 2; nothing reaches the user as a traceback.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import typer

from ksui.config import Config, ConfigError, load_config
from ksui.core.periods import PeriodError, parse_period
from ksui.core.report import ReportData
from ksui.store import Store, StoreError, read

EXIT_USAGE = 2


class UserError(Exception):
    """A mistake in what the user asked for; printed as one line, exit code 2."""


@dataclass
class State:
    """Options given before the command (--db, --config), kept for the command to use."""

    db: str | None = None
    config_path: Path | None = None
    _config: Config | None = None

    @property
    def config(self) -> Config:
        """The loaded config (read once)."""
        if self._config is None:
            self._config = load_config(self.config_path, db_override=self.db)
        return self._config


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    sys.stderr.write(f"ksui: {message}\n")
    return typer.Exit(code)


def open_store(state: State, *, create_demo: bool = False) -> Store:
    """Open the configured database; create the demo on first start when asked to."""
    path = state.config.database
    if not path.exists():
        if not create_demo:
            raise UserError(
                f"{path}: databasen finns inte; skapa den med `ksui init --demo {path}`"
            )
        from ksui.store.demo import create_database

        sys.stderr.write(f"ksui: skapar demodatabasen {path}\n")
        return create_database(path, demo=True)
    return Store(path)


@dataclass
class Selection:
    """The committee, year and period a command works on."""

    store: Store
    committee_name: str | None
    year: int
    period: str

    def report(self) -> ReportData:
        """Load the committee's figures for the selection."""
        committee = read.find_committee(self.store, self.committee_name)
        return read.load_report(self.store, committee, self.year, self.period)


def select(state: State, committee: str | None, year: int | None, period: str | None) -> Selection:
    """Resolve --committee/--year/--period against the config and the database."""
    store = open_store(state)
    config = state.config
    try:
        period_code = parse_period(period).code if period else config.period
    except PeriodError as exc:
        raise UserError(str(exc)) from None
    chosen = read.find_committee(store, committee or config.committee)
    available = read.years(store)
    year = year or config.year or (available[-1] if available else None)
    if year is None:
        raise UserError(f"{store.path}: databasen innehåller inga siffror ännu")
    if available and year not in available:
        listed = ", ".join(str(y) for y in available)
        raise UserError(f"inga siffror för år {year}; finns: {listed}")
    return Selection(store, chosen.name, year, period_code)


USER_ERRORS = (UserError, ConfigError, StoreError, PeriodError)
