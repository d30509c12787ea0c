"""The kommun level: the lines that belong to no nämnd, årets resultat and balanskravet.

The ekonomiavdelning adds every nämnd's net cost into the kommun's and then the lines no
nämnd owns (skatteintäkter, generella statsbidrag och utjämning, finansnetto,
pensionskostnader, övrigt); the sum is **årets resultat**. The balanskravsutredning
(kommunallagen 11 kap.) starts from it, takes away realisationsvinster (with the law's
exceptions), adjusts for unrealised losses on securities — that gives »årets resultat efter
balanskravsjusteringar« — and then for reservations to or use of the
resultatutjämningsreserv (RUR): the **balanskravsresultat**.

Every amount is öre and signed as it moves the result: intäkter positive, kostnader
negative, as a resultaträkning prints them; the nämnder's net cost (positive in the drift
table) therefore counts negatively. A line is recorded per follow-up; what stands at a
follow-up is, per measure, the latest budget and prognos at or before it (no prognos: the
budget) and the utfall recorded at it (its year to date). Årets resultat in a column is
told only when every line has a figure there. Balanskrav adjustments belong to their
follow-up only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ksui.core.periods import BY_CODE, TWINS, reach
from ksui.core.swedish import format_amount

if TYPE_CHECKING:
    from ksui.core.report import ReportData

#: The kinds of kommun line, in the order the resultaträkning reads them, with the
#: standard label each is shown under when it is entered by its kind.
LINE_KINDS: dict[str, str] = {
    "skatteintakter": "Skatteintäkter",
    "statsbidrag": "Generella statsbidrag och utjämning",
    "finansnetto": "Finansnetto",
    "pensioner": "Pensionskostnader",
    "ovrigt": "Övrigt",
}
#: The kinds of balanskrav adjustment: before »efter balanskravsjusteringar«
#: (realisationsvinster, undantag, värdepapper) or after it (resultatutjämningsreserven).
ADJUSTMENT_KINDS: dict[str, str] = {
    "justering": "Balanskravsjustering",
    "rur": "Resultatutjämningsreserv",
}
#: The measures a line has, as the store names its columns.
MEASURES = ("budget", "forecast", "actual")
#: The Swedish words for them (CLI arguments, messages).
MEASURE_WORDS: dict[str, str] = {"budget": "budget", "forecast": "prognos", "actual": "utfall"}

#: Words that name a line's kind when a controller types a line's name.
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("skatt", "skatteintakter"),
    ("statsbidrag", "statsbidrag"),
    ("utjämning", "statsbidrag"),
    ("utjamning", "statsbidrag"),
    ("finans", "finansnetto"),
    ("pension", "pensioner"),
)
#: Short names that stand for a kind's standard line ("skatt" → Skatteintäkter).
_STANDARD_NAMES: dict[str, str] = {
    "skatt": "skatteintakter",
    "skatter": "skatteintakter",
    "skatteintäkter": "skatteintakter",
    "skatteintakter": "skatteintakter",
    "statsbidrag": "statsbidrag",
    "utjämning": "statsbidrag",
    "utjamning": "statsbidrag",
    "generella statsbidrag": "statsbidrag",
    "generella statsbidrag och utjämning": "statsbidrag",
    "finansnetto": "finansnetto",
    "pension": "pensioner",
    "pensioner": "pensioner",
    "pensionskostnader": "pensioner",
}


def line_kind(name: str) -> str:
    """The kind a line's name tells (»Finansiella intäkter« → finansnetto), else övrigt."""
    folded = name.casefold()
    for word, kind in _KIND_WORDS:
        if word in folded:
            return kind
    return "ovrigt"


def line_name(typed: str) -> str:
    """The name a typed line is kept under: a kind's standard label for its short names
    (»skatt« → Skatteintäkter), else the text as typed with its spaces tidied."""
    clean = " ".join(typed.split())
    kind = _STANDARD_NAMES.get(clean.casefold())
    return LINE_KINDS[kind] if kind else clean


def adjustment_kind(name: str) -> str:
    """»rur« for an adjustment naming the resultatutjämningsreserv, else »justering«."""
    folded = name.casefold()
    return "rur" if "resultatutjämning" in folded or "rur" in folded.split() else "justering"


@dataclass(frozen=True)
class LineEntry:
    """A kommun line as recorded at one follow-up (öre, None where not recorded)."""

    name: str
    kind: str
    period: str
    budget: int | None = None
    forecast: int | None = None
    actual: int | None = None
    position: int = 0

    def get(self, measure: str) -> int | None:
        """One measure by name."""
        value: int | None = getattr(self, measure)
        return value


@dataclass(frozen=True)
class AdjustmentEntry:
    """A balanskrav adjustment as recorded at one follow-up: signed as it moves the result."""

    name: str
    kind: str
    period: str
    amount: int
    position: int = 0


@dataclass(frozen=True)
class KommunEntries:
    """Everything recorded at kommun level for one kommun and year, every follow-up."""

    lines: tuple[LineEntry, ...] = ()
    adjustments: tuple[AdjustmentEntry, ...] = ()


@dataclass(frozen=True)
class Amounts:
    """Budget, prognos and utfall of one row, in öre (None where there is none)."""

    budget: int | None = None
    forecast: int | None = None
    actual: int | None = None

    def get(self, measure: str) -> int | None:
        """One measure by name."""
        value: int | None = getattr(self, measure)
        return value


@dataclass(frozen=True)
class KommunLine:
    """A kommun line as it stands at the follow-up, with its avvikelse against budget."""

    name: str
    kind: str
    amounts: Amounts
    compared: str = "actual"

    @property
    def deviation(self) -> int | None:
        """Utfall (bokslut) or prognos (earlier) minus budget: + is better than budgeted."""
        return _deviation(self.amounts, self.compared)


@dataclass(frozen=True)
class Adjustment:
    """One line of the balanskravsutredning."""

    name: str
    kind: str
    amount: int


def _deviation(amounts: Amounts, compared: str) -> int | None:
    """``compared − budget``, None when either is missing."""
    value = amounts.get(compared)
    if value is None or amounts.budget is None:
        return None
    return value - amounts.budget


def basis(period: str) -> str:
    """The column the balanskravsutredning starts from: utfall at bokslut, else prognos."""
    return "actual" if period == "bokslut" else "forecast"


@dataclass(frozen=True)
class KommunResult:
    """Årets resultat and the balanskravsutredning of one kommun at one follow-up.

    ``namnder`` is the nämnder's net cost as the drift table sums it (positive); the result
    counts it negatively. ``basis`` is the column the balanskrav starts from.
    """

    committee: str
    year: int
    period: str
    namnder: Amounts
    lines: tuple[KommunLine, ...]
    adjustments: tuple[Adjustment, ...] = ()

    @property
    def basis(self) -> str:
        """Utfall at bokslut, prognos at any earlier follow-up."""
        return basis(self.period)

    @property
    def namnder_result(self) -> Amounts:
        """The nämnder's net cost as it counts in årets resultat (negative)."""
        n = self.namnder
        return Amounts(*(None if v is None else -v for v in (n.budget, n.forecast, n.actual)))

    @property
    def namnder_deviation(self) -> int | None:
        """The nämnder's avvikelse against budget, as the drift table signs it."""
        return _deviation(self.namnder_result, self.basis)

    @property
    def result(self) -> Amounts:
        """Årets resultat per column (see ``annual_result``)."""
        return Amounts(*(annual_result(self, m) for m in MEASURES))

    @property
    def result_deviation(self) -> int | None:
        """Årets resultat's avvikelse against its budget."""
        return _deviation(self.result, self.basis)

    @property
    def start(self) -> int | None:
        """Årets resultat in the basis column: where the balanskravsutredning starts."""
        return self.result.get(self.basis)

    @property
    def after_adjustments(self) -> int | None:
        """Årets resultat efter balanskravsjusteringar (realisationsvinster, värdepapper)."""
        if self.start is None:
            return None
        return self.start + sum(a.amount for a in self.adjustments if a.kind != "rur")

    @property
    def balance_result(self) -> int | None:
        """Balanskravsresultatet: after the adjustments and the resultatutjämningsreserv."""
        after = self.after_adjustments
        if after is None:
            return None
        return after + sum(a.amount for a in self.adjustments if a.kind == "rur")

    @property
    def empty(self) -> bool:
        """True when nothing is recorded at kommun level at this follow-up."""
        return not self.lines and not self.adjustments


def annual_result(result: KommunResult, measure: str) -> int | None:
    """Årets resultat in one column: the kommun lines minus the nämnder's net cost.

    None when the nämnder have no figure in the column, no kommun line has one (without
    skatteintäkter a result means nothing) or a line lacks one there: a sum that silently
    left a line out would look right and be wrong (a line with nothing to add holds 0).
    """
    namnder = result.namnder.get(measure)
    values = [line.amounts.get(measure) for line in result.lines]
    if namnder is None or not values or None in values:
        return None
    return sum(v for v in values if v is not None) - namnder


def _at(code: str, period: str) -> bool:
    """True when a figure recorded at ``code`` is the follow-up's own (or its twin's)."""
    return code == period or TWINS.get(period) == code


def _latest(entries: Iterable[LineEntry], measure: str, period: str) -> int | None:
    """The measure's latest value recorded at or before the follow-up."""
    best: tuple[int, int] | None = None
    for entry in entries:
        value = entry.get(measure)
        order = reach(entry.period, period)
        if value is None or order is None:
            continue
        if best is None or order >= best[0]:
            best = (order, value)
    return None if best is None else best[1]


def lines_at(entries: Sequence[LineEntry], period: str) -> tuple[KommunLine, ...]:
    """The kommun lines as they stand at the follow-up, in the resultaträkning's order.

    Budget and prognos are the latest recorded at or before it (a line without a prognos
    lands on its budget, as a unit does in the drift table); utfall is the one recorded at
    it (the year to date), so an earlier follow-up's utfall is never shown as this one's.
    """
    if period not in BY_CODE:
        raise ValueError(f"okänd period »{period}«")
    kinds = list(LINE_KINDS)
    by_name: dict[str, list[LineEntry]] = {}
    for entry in entries:
        by_name.setdefault(entry.name, []).append(entry)
    compared = basis(period)
    found: list[tuple[tuple[int, int, str], KommunLine]] = []
    for name, own in by_name.items():
        actual = next(
            (e.actual for e in own if _at(e.period, period) and e.actual is not None), None
        )
        budget = _latest(own, "budget", period)
        # As in the drift table, a line without a prognos is expected to land on its budget.
        forecast = _latest(own, "forecast", period)
        amounts = Amounts(budget, budget if forecast is None else forecast, actual)
        if amounts == Amounts():
            continue
        kind = own[-1].kind
        order = (
            kinds.index(kind) if kind in kinds else len(kinds),
            min(e.position for e in own),
            name,
        )
        found.append((order, KommunLine(name, kind, amounts, compared)))
    return tuple(line for _o, line in sorted(found, key=lambda f: f[0]))


def adjustments_at(entries: Sequence[AdjustmentEntry], period: str) -> tuple[Adjustment, ...]:
    """The balanskrav adjustments recorded at the follow-up, justeringar before the RUR."""
    own = [e for e in entries if _at(e.period, period)]
    own.sort(key=lambda e: (e.kind == "rur", e.position))  # stable: as recorded
    return tuple(Adjustment(e.name, e.kind, e.amount) for e in own)


def compute(
    committee: str,
    year: int,
    period: str,
    namnder: Amounts,
    entries: KommunEntries,
) -> KommunResult:
    """The kommun's result at one follow-up from the nämnder's total and what is recorded."""
    return KommunResult(
        committee=committee,
        year=year,
        period=period,
        namnder=namnder,
        lines=lines_at(entries.lines, period),
        adjustments=adjustments_at(entries.adjustments, period),
    )


def from_report(data: ReportData) -> KommunResult | None:
    """The kommun result of a report on a kommun (None for a nämnd's report): the nämnder's
    total is the drift table's, so every front end adds up the same figures."""
    if data.committee.kind != "kommun" or data.kommun_entries is None:
        return None
    total = data.total()
    namnder = Amounts(total.budget, total.figures.forecast, total.figures.actual)
    return compute(data.committee.name, data.year, data.period, namnder, data.kommun_entries)


def _mkr(ore: int) -> str:
    """»51,0 mkr«, »-3,2 mkr«: a result as the narrative writes it."""
    return f"{format_amount(ore, 'mkr')} mkr"


def paragraph(result: KommunResult) -> str:
    """A few sentences on årets resultat and the balanskravsresultat, the figures a
    kommun's report is judged by first; '' when there is no result to tell."""
    value = result.start
    if value is None:
        return ""
    name = result.committee
    final = result.period == "bokslut"
    sentences = [
        f"Årets resultat för {name} blir {_mkr(value)}"
        if final
        else f"Prognosen för årets resultat för {name} är {_mkr(value)}"
    ]
    deviation = result.result_deviation
    if deviation is not None:
        amount = format_amount(abs(deviation), "mkr")
        budget = result.result.budget
        if amount.strip("0,") == "":
            sentences[0] += ", i nivå med budget"
        elif budget is not None:
            word = "bättre" if deviation > 0 else "sämre"
            sentences[0] += f", {amount} mkr {word} än budgeterat ({_mkr(budget)})"
    sentences[0] += "."
    balance = result.balance_result
    after = result.after_adjustments
    if balance is not None and after is not None:
        verb = "är" if final else "beräknas till"
        text = f"Balanskravsresultatet {verb} {_mkr(balance)}"
        if after != value or balance != after:
            text = (
                f"Efter balanskravsjusteringar är resultatet {_mkr(after)} och "
                f"balanskravsresultatet {'' if final else 'beräknas till '}{_mkr(balance)}"
            )
        if balance >= 0:
            text += ", så balanskravet " + ("är uppfyllt." if final else "beräknas uppfyllas.")
        else:
            text += (
                ", så balanskravet "
                + ("är inte uppfyllt" if final else "beräknas inte uppfyllas")
                + f": underskottet på {format_amount(-balance, 'mkr')} mkr ska återställas"
                " inom tre år."
            )
        sentences.append(text)
    return " ".join(sentences)


def report_paragraph(data: ReportData) -> str:
    """The kommun paragraph of a report ('' for a nämnd's or without a result)."""
    found = from_report(data)
    return "" if found is None else paragraph(found)
