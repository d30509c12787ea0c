"""The `ksui` command: global options, `init`, `tui`, and the batch commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ksui.cli.context import USER_ERRORS, State, fail
from ksui.cli.swedish_help import SwedishGroup, swedish_error
from ksui.core.text import one_line

app = typer.Typer(
    name="ksui",
    help="Budgetuppföljning för kommunala controllers: drift, investeringar, KF-mål och "
    "personal. Utan kommando öppnas terminalappen.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # Help and usage errors in Swedish (click writes its own in English).
    cls=SwedishGroup,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="FIL",
        help="Databasfil (annars KSUI_DB eller config.toml).",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FIL",
        help="Konfigurationsfil (annars ./config.toml).",
        show_default=False,
    ),
]


@app.callback(invoke_without_command=True)
def root(ctx: typer.Context, db: DbOption = None, config: ConfigOption = None) -> None:
    """Budgetuppföljning i terminalen. Utan kommando öppnas appen."""
    ctx.obj = State(db=db, config_path=config)
    if ctx.invoked_subcommand is None:
        launch_tui(ctx.obj)


def launch_tui(state: State) -> None:
    """Open the TUI on the configured database, creating the demo on first start."""
    from ksui.cli.launch import launch

    launch(state.config)


@app.command()
def tui(ctx: typer.Context) -> None:
    """Öppna terminalappen (samma som ksui utan kommando)."""
    launch_tui(ctx.obj)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Databasfilen som ska skapas.")],
    demo: Annotated[
        bool, typer.Option("--demo", help="Fyll med demodata (årsrapport 2017).")
    ] = False,
    empty: Annotated[bool, typer.Option("--empty", help="Skapa en tom databas.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en befintlig fil.")] = False,
) -> None:
    """Skapa en ny databas, med demodata eller tom."""
    from ksui.store.demo import create_database

    if demo == empty:
        raise fail("ange precis ett av --demo och --empty")
    store = create_database(path, demo=demo, force=force)
    store.close()
    kind = "demodatabas" if demo else "tom databas"
    typer.echo(f"Skapade {kind}: {path}")


def _register() -> None:
    """Attach the batch commands; each lives in its own module."""
    try:
        from ksui.cli import commands
    except ImportError:  # pragma: no cover - during bootstrap only
        return
    commands.register(app)
    from ksui.cli.commands import structure

    structure.register(app)


_register()


#: The root's own options, each followed by its value (``--db FIL``, or ``--db=FIL``).
ROOT_OPTIONS = ("--db", "--config")


def only_command(argv: list[str]) -> typer.Typer:
    """The app with only the command ``argv`` runs: typer makes click's command out of every
    registered one each time the app is called (~20 ms for thirty), and a run needs one.

    Anything but a plain ``ksui [--db FIL] [--config FIL] KOMMANDO …`` (help or another flag
    before the command, or a name that is no command) gets the whole app, so that the
    root's help and its »okänt kommando« read as ever. Registering stays one line in
    ``ksui.cli.commands.register`` (or an ``@app.command()`` here): nothing to add.
    """
    from copy import copy

    from typer.main import get_command_name

    rest = list(argv)
    while rest and rest[0].split("=", 1)[0] in ROOT_OPTIONS:
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    if not rest or rest[0].startswith("-"):
        return app
    name = rest[0]
    commands = [
        info
        for info in app.registered_commands
        if (info.name or get_command_name(getattr(info.callback, "__name__", ""))) == name
    ]
    groups = [info for info in app.registered_groups if info.name == name]
    if not commands and not groups:
        return app
    slim = copy(app)
    slim.registered_commands, slim.registered_groups = commands, groups
    return slim


def run(argv: list[str] | None = None) -> int:
    """Run the app and return its exit code; user errors become one line and code 2.

    Typer runs outside its standalone mode so that ksui, not click, decides what reaches
    the terminal: a usage error is one Swedish line (``ksui.cli.swedish_help``, through the
    sanitising stderr of ``ksui.cli.terminal``), Ctrl-C is ``ksui: avbrutet`` and 130,
    and any other exception propagates to ``ksui.__main__`` which turns it into a crash
    file and exit code 3.
    """
    from typer._click.exceptions import ClickException

    try:
        chosen = only_command(sys.argv[1:] if argv is None else argv)
        result = chosen(args=argv, prog_name="ksui", standalone_mode=False)
    except USER_ERRORS as exc:
        sys.stderr.write(f"ksui: {one_line(exc)}\n")
        return 2
    except ClickException as exc:
        shown = swedish_error(exc)
        shown.show()
        return shown.exit_code
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("ksui: avbrutet\n")
        return 130
    if isinstance(result, int) and not isinstance(result, bool):
        if result == 130:  # typer's answer to Ctrl-C, without a word
            sys.stderr.write("ksui: avbrutet\n")
        return result
    return 0
