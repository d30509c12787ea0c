"""The kommun's own lines read from a SIE file of its finance accounts (Kommun-Bas class 8).

Skatteintäkter, generella statsbidrag och utjämning and the finansnetto are booked on the
kommun's finance accounts, not on any nämnd: Kommun-Bas gives them account groups 80
(skatteintäkter), 82 and 83 (bidrag och avgifter i utjämningssystemen, generella
statsbidrag), 84 (finansiella intäkter) and 85 (finansiella kostnader). Each group sums
into its kommun line; more groups (pensionskostnader booked centrally, say 55) are added by
the caller. A SIE file signs intäkter negative (credit); a kommun line signs them as they
move the result, so every amount is turned round. Utfall is the year to date at the
follow-up (#PSALDO up to its month, or the year's #RES at bokslut when the file has no
#PSALDO), budget the year's #PBUDGET; only rows on the account itself (no objects) count,
so a total is never added to its own parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ksui.core.kommun import line_name
from ksui.core.periods import BY_CODE
from ksui.importers.errors import ImportFileError
from ksui.importers.sie import read_sie
from ksui.importers.sie_plan import to_ore

#: Kommun-Bas account groups of the finance dimension and the line each sums into.
ACCOUNT_LINES: dict[str, str] = {
    "80": "Skatteintäkter",
    "82": "Generella statsbidrag och utjämning",
    "83": "Generella statsbidrag och utjämning",
    "84": "Finansiella intäkter",
    "85": "Finansiella kostnader",
}


@dataclass
class KommunSieLines:
    """What a SIE file says for the kommun lines at one follow-up (öre, signed as they move
    the result), and which accounts each line summed."""

    source: str
    year: int
    period: str
    values: dict[str, dict[str, int]] = field(default_factory=dict)
    accounts: dict[str, set[str]] = field(default_factory=dict)


def account_lines(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Kommun-Bas's groups with the caller's added (or replacing): prefix → line name."""
    lines = dict(ACCOUNT_LINES)
    for prefix, name in (extra or {}).items():
        if not prefix.isdigit():
            raise ImportFileError("--konto", None, f"{prefix}={name}", "kontot ska vara siffror")
        if not name.strip():
            raise ImportFileError("--konto", None, f"{prefix}=", "raden saknar namn")
        lines[prefix] = line_name(name)
    return lines


def _line_of(account: str, lines: Mapping[str, str]) -> str | None:
    """The line of the longest prefix the account starts with, None for no line."""
    found = [p for p in lines if account.startswith(p)]
    return lines[max(found, key=len)] if found else None


def read_kommun_lines(
    path: Path, period: str, extra: Mapping[str, str] | None = None
) -> KommunSieLines:
    """The kommun lines of the file's current year (#RAR 0) at the follow-up ``period``."""
    if period not in BY_CODE:
        raise ImportFileError(str(path), None, period, "okänd period")
    lines = account_lines(extra)
    sie = read_sie(path)
    source = path.name
    current = sie.years.get(0)
    if current is None:
        raise ImportFileError(source, None, "", "filen saknar räkenskapsår (#RAR 0)")
    month = BY_CODE[period].month
    sums: dict[tuple[str, str], Decimal] = {}
    found = KommunSieLines(source, current[0].year, period)

    def add(name: str, measure: str, account: str, amount: Decimal) -> None:
        sums[(name, measure)] = sums.get((name, measure), Decimal(0)) + amount
        found.accounts.setdefault(name, set()).add(account)

    rows = [r for r in sie.period_balances if r.year == 0 and not r.objects]
    for row in rows:
        name = _line_of(row.account, lines)
        if name is not None and row.month <= month:
            add(name, "actual", row.account, row.amount)
    if not rows and period == "bokslut":
        for balance in sie.results:
            name = _line_of(balance.account, lines)
            if balance.year == 0 and name is not None:
                add(name, "actual", balance.account, balance.amount)
    for row in sie.period_budgets:
        name = _line_of(row.account, lines)
        if row.year == 0 and not row.objects and name is not None:
            add(name, "budget", row.account, row.amount)
    if not sums:
        groups = ", ".join(sorted(lines))
        raise ImportFileError(
            source, None, "", f"filen har inga belopp på kommunens konton ({groups})"
        )
    for (name, measure), amount in sums.items():
        # A SIE file credits intäkter (negative); a kommun line adds them to the result.
        found.values.setdefault(name, {})[measure] = -to_ore(amount)
    return found
