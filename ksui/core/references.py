"""Live references to figures in texts: ``{resultat:Ekonomi}`` reads the current result.

A comment that says "Överskottet på {resultat:Ekonomi:mkr} beror på …" can never
contradict the table: the figure is rendered from the report each time the text is
shown or exported, and the stored text keeps the reference (an edit box shows it as
written). The syntax is ``{MÅTT:ENHET}`` or ``{MÅTT:ENHET:kr|tkr|mkr}``; ENHET is a
unit's code or name (exactly, in any case) within the nämnd, or ``nämnden``. MÅTT is
Swedish (or the JSON key): resultat, avvikelse, budget, kommunbidrag, prognos, utfall,
nettokostnad, prognosavvikelse, nk_förändring (net_cost_change), nk_utveckling
(net_cost_change_pct, in percent). ``{{`` and ``}}`` write a brace.

A reference that names no measure or no unit is shown as ``{?…}`` and reported by
``ksui check`` (``problems``), never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from ksui.core.drift import DriftRow
from ksui.core.models import Unit
from ksui.core.records import record
from ksui.core.swedish import format_amount, format_decimal

#: Each measure a reference may name, by every spelling, and how it reads a drift row.
_MEASURES: dict[str, tuple[str, Callable[[DriftRow], int | Decimal | None]]] = {}
for names, key, getter in (
    (("resultat", "avvikelse", "result", "deviation"), "deviation", lambda r: r.deviation),
    (("budget", "kommunbidrag"), "budget", lambda r: r.budget),
    (("prognos", "forecast"), "forecast", lambda r: r.figures.forecast),
    (("utfall", "actual"), "actual", lambda r: r.figures.actual),
    (("nettokostnad", "net_cost"), "net_cost", lambda r: r.figures.actual),
    (
        ("prognosavvikelse", "forecast_deviation"),
        "forecast_deviation",
        lambda r: r.forecast_deviation,
    ),
    (
        ("nk_förändring", "nk_forandring", "nk_change", "net_cost_change"),
        "net_cost_change",
        lambda r: r.net_cost_change,
    ),
    (
        ("nk_utveckling", "nk_change_pct", "net_cost_change_pct"),
        "net_cost_change_pct",
        lambda r: r.net_cost_change_pct,
    ),
):
    for name in names:
        _MEASURES[name] = (key, getter)

_UNITS = ("kr", "tkr", "mkr")
#: A reference: a word, a colon, a unit, optionally a colon and a money unit.
_REFERENCE = re.compile(r"(\{\{|\}\})|\{([^{}:\n]+):([^{}\n]+?)(?::\s*(kr|tkr|mkr))?\}", re.I)
#: Names of the nämnd itself in a reference.
_COMMITTEE_WORDS = frozenset({"nämnden", "namnden", "nämnd"})


@record
class Problem:
    """A reference that cannot be read, and why, in words a controller reads."""

    reference: str
    reason: str


def _unit(rows: dict[int, DriftRow], committee: Unit, text: str) -> DriftRow | None:
    key = " ".join(text.split()).lower()
    if key in _COMMITTEE_WORDS:
        return rows.get(committee.id)
    for row in rows.values():
        if (row.unit.code or "").lower() == key or row.unit.name.lower() == key:
            return row
    return None


def _format(key: str, value: int | Decimal, unit: str) -> str:
    if key == "net_cost_change_pct":
        return f"{format_decimal(Decimal(value), 1)} procent"
    return f"{format_amount(int(value), unit)} {unit}"


class References:
    """Reads the references of texts against one report's drift table (computed once)."""

    def __init__(self, rows: list[DriftRow], committee: Unit, unit: str = "tkr") -> None:
        self.rows = {r.unit.id: r for r in rows}
        self.committee = committee
        self.unit = unit

    def _value(self, match: re.Match[str]) -> tuple[str | None, str | None]:
        """The rendered figure, or None and why it cannot be read."""
        measure, name, money = match.group(2), match.group(3), match.group(4)
        found = _MEASURES.get(" ".join(measure.split()).lower())
        if found is None:
            return None, f"okänt mått »{measure.strip()}«"
        row = _unit(self.rows, self.committee, name)
        if row is None:
            return None, f"okänd enhet »{name.strip()}«"
        key, getter = found
        value = getter(row)
        if value is None:
            return "–", None
        return _format(key, value, (money or self.unit).lower()), None

    def render(self, text: str) -> str:
        """The text with every reference replaced by its current figure."""
        if "{" not in text and "}" not in text:
            return text

        def replace(match: re.Match[str]) -> str:
            if match.group(1):
                return match.group(1)[0]
            shown, _ = self._value(match)
            return shown if shown is not None else "{?" + match.group(0)[1:]

        return _REFERENCE.sub(replace, text)

    def problems(self, text: str) -> list[Problem]:
        """The references of a text that cannot be read."""
        if "{" not in text:
            return []
        found = []
        for match in _REFERENCE.finditer(text):
            if match.group(1):
                continue
            _, reason = self._value(match)
            if reason is not None:
                found.append(Problem(match.group(0), reason))
        return found
