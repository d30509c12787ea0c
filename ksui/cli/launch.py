"""Opening the TUI: the one path shared by `ksui`, `ksui tui` and the fast start.

It imports only the config before the app, so the first screen is painted without paying
for typer or the store; the app opens the database itself, in a worker.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ksui.config import Config, ConfigError, load_config
from ksui.core.text import one_line

if TYPE_CHECKING:
    from ksui.core.report import ReportData
    from ksui.tui.analysis import Analysis

ROOT_OPTIONS = ("--db", "--config")


def tui_arguments(argv: Sequence[str]) -> dict[str, str] | None:
    """The root options of a plain `ksui [--db F] [--config F] [tui]`, or None for anything else."""
    values: dict[str, str] = {}
    rest = list(argv)
    while rest and rest[0].split("=", 1)[0] in ROOT_OPTIONS:
        name, eq, value = rest[0].partition("=")
        if name in values:
            return None
        if eq:
            rest = rest[1:]
        elif len(rest) >= 2:
            value, rest = rest[1], rest[2:]
        else:
            return None
        values[name] = value
    if rest not in ([], ["tui"]):
        return None
    return values


def launch(config: Config) -> None:
    """Create the demo database on first start, then run the app."""
    if not config.database.exists():
        from ksui.store.demo import create_database

        sys.stderr.write(f"ksui: skapar demodatabasen {config.database}\n")
        create_database(config.database, demo=True).close()
    # Start reading the first report now, in a forked reader, before Textual is even
    # imported: by the time the app can paint, the nämnd's figures are there to paint. What
    # the report is made of is imported first: the reader starts with it instead of
    # importing it again, and this process needs it anyway to unpickle the report.
    import ksui.core.report
    from ksui.tui.gateway import Gateway, first_key

    gateway = Gateway(config.database)
    gateway.prefetch(first_key(config), partial(_analyse, config))
    import io

    from rich.console import Console

    import ksui.tui  # the app class is looked up here, where a test may stand in for it

    app = ksui.tui.KsuiApp(config=config, gateway=gateway)
    # Textual prints a crash's traceback (with locals: names, comments, figures) itself;
    # keep it off the terminal. The crash becomes one line and a crash file instead.
    kept = io.StringIO()
    app.error_console = Console(file=kept, markup=False, highlight=False, color_system=None)
    import gc

    # Off while starting (ksui.__main__); the app runs for hours. Everything allocated so
    # far (modules, classes, the first report) lives as long as the app: frozen first, the
    # collector's first pass does not walk it all again (~20 ms before the first frame).
    gc.freeze()
    gc.enable()
    app.run()
    said = kept.getvalue()
    error = getattr(app, "_exception", None)
    if error is None and app.return_code:
        error = RuntimeError(f"appen avslutades med kod {app.return_code}\n{said}")
    if error is not None:
        raise AppCrashed(error)
    if said:  # an exit message that is no crash still reaches the user
        sys.stderr.write(said)


def _analyse(config: Config, data: ReportData) -> Analysis:
    """The first report's summary, text and checks, computed with the report itself."""
    from ksui.tui.analysis import analyse

    return analyse(data, 0, config.tolerance_ore, config.rules)


class AppCrashed(Exception):
    """The TUI ended on an exception of its own; ``ksui.__main__`` reports the cause."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.error = error


def fast_tui(argv: Sequence[str]) -> int | None:
    """Start the TUI without building the CLI; None when argv asks for something else."""
    values = tui_arguments(argv)
    if values is None:
        return None
    try:
        config_path = values.get("--config")
        config = load_config(
            Path(config_path) if config_path else None, db_override=values.get("--db")
        )
        launch(config)
    except ConfigError as exc:
        sys.stderr.write(f"ksui: {one_line(exc)}\n")
        return 2
    except Exception as exc:  # the store's errors, without importing the store first
        from ksui.store import StoreError

        if isinstance(exc, StoreError):
            sys.stderr.write(f"ksui: {one_line(exc)}\n")
            return 2
        raise
    return 0
