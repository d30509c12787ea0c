"""`ksui summary` without typer: the SSH quick check at the cost of Rich and the core only.

Building the typer app costs more than the summary itself (typer, its vendored click and,
from typer 0.29, pydantic). ``fast_main`` recognises the plain forms of the command and
runs them directly; anything else (``--help``, a typo, another command) returns None so
that the full CLI handles it, with its usual messages.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ksui.cli.context import EXIT_USAGE, USER_ERRORS, State, select
from ksui.core.text import one_line

#: Root options before the command, and the command's own options, by every spelling.
ROOT_OPTIONS = {"--db": "db", "--config": "config"}
SUMMARY_OPTIONS = {
    "--year": "year",
    "-y": "year",
    "--period": "period",
    "-p": "period",
    "--committee": "committee",
    "-c": "committee",
}
YEARS = range(1900, 2201)


def render_summary(
    state: State, committee: str | None, year: int | None, period: str | None
) -> None:
    """Print the committee at a glance: figures, narrative and the checks' findings."""
    from ksui.cli.commands.output import show
    from ksui.core.narrative import narrative
    from ksui.core.report import summarise
    from ksui.core.validation import validate
    from ksui.render.summary import summary_view

    with select(state, committee, year, period) as sel:
        data = sel.report()
        config = sel.config
        s = summarise(data, config.rules)
        findings = validate(data, config.tolerance_ore, rules=config.rules)
        show(summary_view(data, s, narrative(data, s), findings, config.unit))


def _options(
    tokens: Sequence[str], known: dict[str, str]
) -> tuple[dict[str, str], list[str]] | None:
    """Read ``--name value`` and ``--name=value`` pairs up to the first other token.

    Returns the values and the remaining tokens, or None on anything unusual (a repeated
    or valueless option), which the full CLI then explains.
    """
    values: dict[str, str] = {}
    rest = list(tokens)
    while rest and rest[0].startswith("-"):
        name, eq, value = rest[0].partition("=")
        if name not in known or known[name] in values:
            return values, rest
        if eq:
            rest = rest[1:]
        elif len(rest) >= 2:
            value, rest = rest[1], rest[2:]
        else:
            return None
        values[known[name]] = value
    return values, rest


def parse(argv: Sequence[str]) -> tuple[State, dict[str, str]] | None:
    """The state and options of a plain `ksui [--db F] [--config F] summary [...]`, or None."""
    root = _options(argv, ROOT_OPTIONS)
    if root is None or root[1][:1] != ["summary"]:
        return None
    own = _options(root[1][1:], SUMMARY_OPTIONS)
    if own is None or own[1]:
        return None
    values = own[0]
    year = values.get("year")
    if year is not None and (not year.isdigit() or int(year) not in YEARS):
        return None
    config = root[0].get("config")
    state = State(db=root[0].get("db"), config_path=Path(config) if config else None)
    return state, values


def fast_main(argv: Sequence[str] | None = None) -> int | None:
    """Run a plain `ksui summary` without building the CLI; None when argv is anything else."""
    parsed = parse(sys.argv[1:] if argv is None else argv)
    if parsed is None:
        return None
    state, values = parsed
    year = values.get("year")
    try:
        render_summary(
            state, values.get("committee"), int(year) if year else None, values.get("period")
        )
    except USER_ERRORS as exc:
        sys.stderr.write(f"ksui: {one_line(exc)}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("ksui: avbrutet\n")
        return 130
    return 0
