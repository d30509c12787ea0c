"""Options shared by the commands: --year, --period, --committee, --format, --reason."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class TableFormat(StrEnum):
    """Output formats of the table commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class ListFormat(StrEnum):
    """Output formats of `ksui check` and `ksui log`."""

    TABLE = "table"
    JSON = "json"


YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help="År, t.ex. 2017 (standard: defaults.year i config.toml, annars senaste året).",
        min=1900,
        max=2200,
        show_default=False,
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="Uppföljning: bokslut, delår, t1 eller en månad (1–12, jan–dec) "
        "(standard: defaults.period i config.toml, annars bokslut).",
        show_default=False,
    ),
]
CommitteeOption = Annotated[
    str | None,
    typer.Option(
        "--committee",
        "-c",
        help="Nämnd, med namn eller kod (standard: den enda nämnden i databasen).",
        show_default=False,
    ),
]
FormatOption = Annotated[
    TableFormat,
    typer.Option(
        "--format",
        "-f",
        help="table (tabell i terminalen), json, csv (RFC 4180, komma och punkt) eller markdown.",
        case_sensitive=False,
    ),
]
ListFormatOption = Annotated[
    ListFormat,
    typer.Option(
        "--format", "-f", help="table (tabell i terminalen) eller json.", case_sensitive=False
    ),
]
ReasonOption = Annotated[
    str | None,
    typer.Option(
        "--reason", "-r", help="Varför ändringen görs; sparas i ändringsloggen.", show_default=False
    ),
]
