"""What every command needs: the config, the database, the committee, year and period.

Errors a controller can cause (a wrong name, a bad number, a broken config) become one
line on stderr and exit code 2; nothing reaches the user as a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ksui.config import Config, ConfigError, load_config
from ksui.core.periods import PeriodError, parse_period
from ksui.core.report import ReportData
from ksui.core.swedish import NumberError
from ksui.core.text import one_line
from ksui.store import Store, StoreError, read

if TYPE_CHECKING:
    import typer
    from rich.console import Console

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])


class UserError(Exception):
    """A mistake in what the user asked for; printed as one line, exit code 2."""


class State:
    """Options given before the command (--db, --config), kept for the command to use.

    A plain class, not a dataclass: each dataclass costs ``ksui summary`` its creation at
    import (the generated methods are compiled), and nothing compares or prints a State.
    """

    __slots__ = ("_config", "config_path", "db")

    def __init__(self, db: str | None = None, config_path: Path | None = None) -> None:
        self.db = db
        self.config_path = config_path
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        """The loaded config (read once)."""
        if self._config is None:
            self._config = load_config(self.config_path, db_override=self.db)
        return self._config


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise.

    The message is made one visible line here as well as by the sanitising stderr of
    ``ksui.cli.terminal``: a quoted input with a line break must not split the line, and a
    caller in-process (CliRunner) has no wrapped stderr.
    """
    import typer  # here, so that a path without typer (a fast `summary`) stays possible

    sys.stderr.write(f"ksui: {one_line(message)}\n")
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


class Selection:
    """The committee, year and period a command works on (a plain class, as State)."""

    __slots__ = ("_report", "committee_name", "config", "period", "store", "year")

    def __init__(
        self,
        store: Store,
        committee_name: str | None,
        year: int,
        period: str,
        config: Config | None = None,
    ) -> None:
        self.store = store
        self.committee_name = committee_name
        self.year = year
        self.period = period
        self.config = Config() if config is None else config
        self._report: ReportData | None = None

    def report(self) -> ReportData:
        """Load the committee's figures for the selection (read once per command)."""
        if self._report is None:
            committee = read.find_committee(self.store, self.committee_name)
            self._report = read.load_report(self.store, committee, self.year, self.period)
        return self._report

    def __enter__(self) -> Selection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()


def select(
    state: State,
    committee: str | None,
    year: int | None,
    period: str | None,
    *,
    writing: bool = False,
) -> Selection:
    """Resolve --committee/--year/--period against the config and the database.

    When ``writing``, a year given explicitly may be the one after the last (or before the
    first) year with figures: that is how the first figure of a new year is entered.
    """
    store = open_store(state)
    config = state.config
    try:
        period_code = parse_period(period).code if period else config.period
    except PeriodError as exc:
        raise UserError(str(exc)) from None
    chosen = read.find_committee(store, committee or config.committee)
    available = read.years(store, chosen.id)
    explicit = year is not None
    year = year or config.year or (available[-1] if available else None)
    if year is None:
        raise UserError(
            f"{chosen.name} har inga siffror ännu: importera dem (ksui import sie|drift …), "
            "öppna året med ksui new-year eller ange året med --year"
        )
    if available and year not in available:
        listed = ", ".join(str(y) for y in available)
        # A write may start the year after the last one (next year's budget) or the one
        # before the first; any other year is far more likely a typo.
        new_years = (available[0] - 1, available[-1] + 1)
        if not (writing and explicit):
            raise UserError(f"inga siffror för år {year}; finns: {listed}")
        if year not in new_years:
            raise UserError(
                f"inga siffror för år {year}; finns: {listed} "
                f"(ett nytt år kan vara {new_years[1]} eller {new_years[0]})"
            )
    return Selection(store, chosen.name, year, period_code, config)


def console(stderr: bool = False, width: int | None = None) -> Console:
    """A Rich console on stdout that follows the terminal's width, NO_COLOR and COLUMNS.

    It writes to the stream under the sanitising wrapper (Rich adds its own colour codes)
    and makes every segment's text visible itself (``ksui.render.safe``). User text never
    meets Rich markup: it is built into Text (``ksui.render.cells.plain``, table titles
    included) and ``output.show`` prints with markup off; the markup left is ksui's own
    (the import's progress bar).
    """
    from ksui.cli.terminal import raw
    from ksui.render.safe import SafeConsole

    stream = raw(sys.stderr if stderr else sys.stdout)
    return SafeConsole(file=stream, width=width, highlight=False, emoji=False)


USER_ERRORS = (UserError, ConfigError, StoreError, PeriodError, NumberError)


def user_errors(func: F) -> F:
    """Turn a user's mistake inside a command into one line on stderr and exit code 2.

    Typer only handles its own usage errors; without this a CliRunner (or a caller of
    ``app``) would see an exception instead of the exit code ``ksui.cli.main.run`` gives.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except USER_ERRORS as exc:
            raise fail(str(exc)) from None

    return wrapper  # type: ignore[return-value]
