"""The batch commands; each lives in its own small module and imports its weight lazily.

Registering a command only imports typer and the module itself, so `ksui summary` never
pays for Textual, and `ksui drift --format json` never pays for Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer


def register(app: typer.Typer) -> None:
    """Attach every batch command to the root app."""
    from ksui.cli.commands import (
        backup,
        check,
        consolidate,
        drift,
        edit,
        export,
        forecasts,
        goals,
        importing,
        investments,
        locking,
        log,
        months,
        personnel,
        search,
        summary,
        undo,
        years,
    )

    app.command("summary", short_help="Nämnden i korthet: snabbkollen över SSH.")(summary.summary)
    app.command("drift", short_help="Driftredovisningen: budget, prognos, utfall, avvikelse.")(
        drift.drift
    )
    app.command("months", short_help="En enhet månad för månad: budget, utfall, prognos.")(
        months.months
    )
    app.add_typer(
        forecasts.app,
        name="forecasts",
        short_help="Prognoser: förslag, lägg in, klar, och prognoser mot utfall.",
    )
    app.command("investments", short_help="Investeringarna: anslag, utfall, överskridande.")(
        investments.investments
    )
    app.command("goals", short_help="KF-målen och deras lägesbedömning.")(goals.goals)
    app.command("personnel", short_help="Sjuktalen mot förra året och mot kommunen.")(
        personnel.personnel
    )
    from ksui.cli.commands import bridge as bridge_command

    edit.app.command(
        "bridge",
        cls=edit.SetCommand,
        short_help="Skriv eller ta bort en del av nettokostnadsbryggan.",
    )(bridge_command.set_bridge)
    from ksui.cli.commands import shares as shares_command

    edit.app.command(
        "share",
        cls=edit.SetCommand,
        short_help="Skriv eller ta bort en andel i en inriktnings tabell.",
    )(shares_command.set_share)
    from ksui.cli.commands import kommun as kommun_command

    edit.app.command(
        "kommunrad",
        cls=edit.SetCommand,
        short_help="Skriv en kommunrad: skatteintäkter, statsbidrag, finansnetto, pensioner.",
    )(kommun_command.set_line)
    edit.app.command(
        "balanskrav",
        cls=edit.SetCommand,
        short_help="Skriv eller ta bort en rad i balanskravsutredningen.",
    )(kommun_command.set_adjustment)
    importing.app.command(
        "kommunrader",
        short_help="Kommunraderna ur en SIE-fil över kommunens finansiella konton.",
    )(kommun_command.import_lines)
    app.add_typer(edit.app, name="set")
    app.command("check", short_help="Kontrollera rapporten; slutkod 1 vid avvikelser.")(check.check)
    app.add_typer(export.app, name="export")
    app.command("log", short_help="Ändringsloggen: vem, när, vad, varför, gammalt → nytt.")(log.log)
    app.command("search", short_help="Sök i kommentarer, mål, åtgärder och ändringsskäl.")(
        search.search
    )
    app.add_typer(importing.app, name="import")
    app.command("template", short_help="Skriv en mall (CSV/XLSX) att fylla i och importera.")(
        importing.template
    )
    app.command("undo", short_help="Ångra en ändring eller en import (loggas).")(undo.undo)
    # SetCommand checks every text value for invalid UTF-8 before it reaches the audit trail.
    app.command("lock", cls=edit.SetCommand, short_help="Lås (attestera) en uppföljning.")(
        locking.lock
    )
    app.command("unlock", cls=edit.SetCommand, short_help="Lås upp en attesterad uppföljning.")(
        locking.unlock
    )
    app.command("new-year", short_help="Årsskifte: öppna nästa år med det som följer med.")(
        years.new_year
    )
    app.command("backup", short_help="Säkerhetskopiera databasen (kontrollerad kopia).")(
        backup.backup
    )
    app.command("consolidate", short_help="Konsolidera nämndernas filer i kommunens fil.")(
        consolidate.consolidate
    )
