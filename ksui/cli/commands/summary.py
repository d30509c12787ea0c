"""`ksui summary`: the committee at a glance, for a quick check over SSH.

This path must stay light: it imports Rich and the core, never Textual; the plain forms
of the command can even skip typer (see ``ksui.cli.commands.quick``).
"""

from __future__ import annotations

import typer

from ksui.cli.commands.options import CommitteeOption, PeriodOption, YearOption
from ksui.cli.context import user_errors


@user_errors
def summary(
    ctx: typer.Context,
    year: YearOption = None,
    period: PeriodOption = None,
    committee: CommitteeOption = None,
) -> None:
    """Visa nämnden i korthet: resultat, nettokostnadsutveckling, största avvikelser,
    investeringar, KF-mål, sjuktal, GEH och kontrollerna mot rapportens siffror."""
    from ksui.cli.commands.quick import render_summary

    render_summary(ctx.obj, committee, year, period)
