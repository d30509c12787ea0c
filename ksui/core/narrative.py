"""The report's summary text, written from the figures instead of by hand.

Controllers write sentences like "Kommunstyrelsen redovisar ett överskott på 5,0 mkr, vilket
motsvarar 1,4 procent av tilldelat kommunbidrag" every period, and get them wrong. Here
every number in such a sentence comes from ``summarise`` or the data itself, formatted by
``ksui.core.swedish``: mkr with one decimal, tkr whole, percent with one decimal and
procentenheter with two, as the årsrapport prints them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from decimal import Decimal

from ksui.core.drift import DriftRow
from ksui.core.figures import standing
from ksui.core.models import Assessment, OrgTree, Unit
from ksui.core.periods import BY_CODE
from ksui.core.report import ReportData, Summary, summarise
from ksui.core.swedish import format_amount, format_decimal

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"»(])")
_ORDINALS = ("Störst avvikelse mot budget har", "Näst störst avvikelse har", "Därefter följer")
_ORDINALS_SO_FAR = (
    "Störst avvikelse mot periodiserad budget hittills har",
    "Näst störst avvikelse har",
    "Därefter följer",
)


def narrative(data: ReportData, summary: Summary | None = None) -> list[str]:
    """Write the summary's paragraphs from the figures so that no number is copied by hand.

    Paragraphs without figures behind them are left out, so an empty report gives ``[]``.
    Before bokslut the helårsprognos leads and the utfall is the year's so far (see
    ``period_narrative``).
    """
    if data.committee.id not in data.tree.units:
        units = [*data.tree.units.values(), data.committee]
        data = dataclasses.replace(data, tree=OrgTree.build(units))
    s = summary or summarise(data)
    # A kommun is judged by årets resultat and balanskravet first.
    first: list[str] = []
    if data.kommun_entries is not None:  # a nämnd's report has none: its module not loaded
        from ksui.core.kommun import report_paragraph as kommun_paragraph

        first = [p for p in (kommun_paragraph(data),) if p]
    if data.period != "bokslut":
        return first + period_narrative(data, s)
    paragraphs = [
        result_paragraph(data, s) or forecast_paragraph(data, s),
        net_cost_paragraph(data, s),
        deviations_paragraph(data, s),
        investments_paragraph(s),
        sick_leave_paragraph(data, s),
        goals_paragraph(s),
    ]
    return first + [p for p in paragraphs if p]


def period_narrative(data: ReportData, s: Summary) -> list[str]:
    """A month's, tertial's or delår's text: part of a year is never told as a year's cost.

    The helårsprognos against the budget in force comes first, then the utfall hittills
    against the periodiserad budget; investments are spoken of as spent so far.
    """
    paragraphs = [
        forecast_paragraph(data, s) or no_forecast_paragraph(data, s),
        year_to_date_paragraph(data, s),
        deviations_paragraph(data, s, so_far=True),
        investments_so_far_paragraph(s),
        sick_leave_paragraph(data, s),
        goals_paragraph(s),
    ]
    return [p for p in paragraphs if p]


def latest_forecast_period(data: ReportData) -> str | None:
    """The latest follow-up at or before the report's at which a forecast was made, if any."""
    made = ((0, code, code) for _u, _y, code, measure, _a in data.rows if measure == "forecast")
    return standing(made, data.period, "stands").get(0)


# -- helpers --------------------------------------------------------------------------------


def join_swedish(parts: list[str]) -> str:
    """Join phrases the Swedish way ('a, b och c'), since lists end in 'och', not a comma."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1]


#: Common nouns a unit may be named by, in the definite form a sentence needs: the report
#: writes "… och den politiska ledningen ett överskott", never "och politisk ledning".
DEFINITE = {
    "politisk ledning": "den politiska ledningen",
    "nämndens politiska ledning": "nämndens politiska ledning",
}


def mid_sentence_name(unit: Unit) -> str:
    """A unit's name mid-sentence: 'politisk ledning' is a common noun and takes its
    definite form ('den politiska ledningen'); other names (proper nouns) stay."""
    if unit.kind == "politisk_ledning":
        lowered = unit.name[:1].lower() + unit.name[1:]
        return DEFINITE.get(" ".join(lowered.split()).lower(), lowered)
    return unit.name


def first_sentence(text: str) -> str:
    """The first sentence of a comment, ending with a full stop, to keep the text short."""
    text = " ".join(text.split())
    if not text:
        return ""
    head = _SENTENCE_END.split(text, maxsplit=1)[0]
    return head if head[-1] in ".!?" else head + "."


def _outcome(ore: int, unit: str = "tkr") -> str:
    """'ett överskott på 4 992 tkr', 'ett underskott på 519 tkr' or a result at budget."""
    amount = format_amount(abs(ore), unit)
    if _is_zero(amount):
        return "ett resultat i nivå med budget"
    word = "överskott" if ore > 0 else "underskott"
    return f"ett {word} på {amount} {unit}"


def _is_zero(text: str) -> bool:
    """True for a formatted number that shows as zero ('0', '0,0', '0,00')."""
    return text.strip("0,") == ""


# -- paragraphs -----------------------------------------------------------------------------


def result_paragraph(data: ReportData, s: Summary) -> str:
    """The result and its share of the allocation, the first thing a nämnd is judged by."""
    if s.result is None:
        return ""
    name = data.committee.name
    outcome = _outcome(s.result, "mkr")
    # A kommun's result is årets resultat (its own paragraph); what is summed here is the
    # nämnders' outcome against the kommunbidrag they were given.
    kommun = data.committee.kind == "kommun"
    first = (
        f"Nämnderna i {name} redovisar sammantaget {outcome} mot budget"
        if kommun
        else f"{name} redovisar {outcome}"
    )
    if s.share_pct is not None and not outcome.startswith("ett resultat"):
        share = format_decimal(abs(s.share_pct), 1)
        given = "nämndernas kommunbidrag" if kommun else "tilldelat kommunbidrag"
        first += f", vilket motsvarar {share} procent av {given}"
    sentences = [first + "."]
    subs = [(r.unit, r.deviation) for r in s.sub_results if r.deviation is not None]
    if subs:
        sentences.append(_units_sentence(subs, "redovisar"))
    made = data.forecast_as_made(data.committee.id) if data.period == "bokslut" else None
    forecast = made.forecast_deviation if made is not None else None
    if forecast is not None:
        # The outcome against the last full-year forecast (usually the delårsrapport's),
        # measured against the budget in force when it was made.
        diff = s.result - forecast
        amount = format_amount(abs(diff), "mkr")
        if _is_zero(amount):
            sentences.append("Resultatet blev som den senaste helårsprognosen.")
        else:
            word = "bättre" if diff > 0 else "sämre"
            sentences.append(
                f"Resultatet är {amount} mkr {word} än den senaste helårsprognosen, som var "
                f"{_outcome(forecast, 'mkr')}."
            )
    return " ".join(sentences)


def forecast_paragraph(data: ReportData, s: Summary) -> str:
    """Before the books close, the full-year forecast against the allocation is the news."""
    forecast = s.total.forecast_deviation
    if forecast is None or not s.total.has_forecast:
        return ""
    name = data.committee.name
    if data.committee.kind == "kommun":  # the nämnders' forecasts, summed
        name = f"nämnderna i {name}"
    outcome = _outcome(forecast, "mkr")
    if data.period == "bokslut":
        # A bokslut without utfall yet keeps the sentence it has always had.
        text = f"{name[0].upper()}{name[1:]} prognostiserar för helåret {outcome}"
    else:
        made = latest_forecast_period(data)
        since = ""
        if made is not None and made != data.period:
            # A forecast carried from an earlier follow-up says so, not to pass for a fresh one.
            since = f", lagd vid {BY_CODE[made].label.lower()},"
        text = f"Helårsprognosen för {name}{since} pekar på {outcome} mot budget"
    share = s.total.budget and Decimal(forecast) * 100 / Decimal(s.total.budget)
    if share and not outcome.startswith("ett resultat"):
        text += f", vilket motsvarar {format_decimal(abs(share), 1)} procent av kommunbidraget"
    sentences = [text + "."]
    subs = [(r.unit, r.forecast_deviation) for r in s.sub_results]
    subs = [(unit, amount) for unit, amount in subs if amount is not None]
    if subs:
        sentences.append(_units_sentence(subs, "prognostiserar"))
    return " ".join(sentences)


def no_forecast_paragraph(data: ReportData, s: Summary) -> str:
    """Say that no helårsprognos is made yet, so that its absence is not read as on budget."""
    figures = s.total.figures
    if figures.actual is None and figures.budget is None:
        return ""
    return f"Någon helårsprognos för {data.committee.name} har inte lämnats ännu."


def year_to_date_paragraph(data: ReportData, s: Summary) -> str:
    """The utfall so far against the periodiserad budget, or the year's budget without one."""
    figures = s.total.figures
    if figures.actual is None:
        return ""
    actual = format_amount(figures.actual, "mkr")
    text = f"Utfallet hittills i år är {actual} mkr"
    if figures.budget_ytd is not None:
        budget = format_amount(figures.budget_ytd, "mkr")
        outcome = _outcome(figures.budget_ytd - figures.actual, "mkr")
        text += f" mot en periodiserad budget på {budget} mkr"
        if outcome.startswith("ett resultat"):
            text += ", i nivå med den periodiserade budgeten"
        else:
            text += f", vilket ger {outcome} hittills"
    elif figures.budget is not None:
        text += f" av en årsbudget på {format_amount(figures.budget, 'mkr')} mkr"
    return text + "."


def _units_sentence(units: Sequence[tuple[Unit, int | None]], verb: str) -> str:
    """'Kommunstyrelsens kontor redovisar ett överskott på 4 992 tkr och politisk ledning …'."""
    parts = [
        f"{unit.name if i == 0 else mid_sentence_name(unit)}"
        f"{' ' + verb if i == 0 else ''} {_outcome(amount or 0)}"
        for i, (unit, amount) in enumerate(units)
    ]
    return join_swedish(parts) + "."


def _allocation_phrase(s: Summary) -> str | None:
    """'ökat med 17,3 mkr eller 5,2 procent', '' when unchanged, None when unknown."""
    if s.allocation_change is None:
        return None
    amount = format_amount(abs(s.allocation_change), "mkr")
    if _is_zero(amount):
        return ""
    verb = "ökat" if s.allocation_change > 0 else "minskat"
    phrase = f"{verb} med {amount} mkr"
    if s.allocation_change_pct is not None:
        phrase += f" eller {format_decimal(abs(s.allocation_change_pct), 1)} procent"
    return phrase


def net_cost_paragraph(data: ReportData, s: Summary) -> str:
    """Net cost against last year and the allocation's change, to show if costs outgrow it."""
    if s.net_cost is None:
        return ""
    year = data.year
    first = f"Verksamheten har totalt kostat {format_amount(s.net_cost, 'mkr')} mkr {year}"
    compared = s.net_cost_prev is not None and s.net_cost_change is not None
    if compared:
        change = s.net_cost_change or 0
        amount = format_amount(abs(change), "mkr")
        if _is_zero(amount):
            first += f", vilket är lika mycket som {year - 1}"
        else:
            more = "mer" if change > 0 else "mindre"
            first += f", vilket är {amount} mkr {more} än {year - 1}"
    sentences = [first + "."]
    allocation = _allocation_phrase(s)
    if compared and s.net_cost_change_pct is not None:
        pct = format_decimal(s.net_cost_change_pct, 1)
        second = f"Det motsvarar en nettokostnadsutveckling på {pct} procent"
        if allocation:
            second += f", att jämföra med kommunbidraget som {allocation}"
        elif allocation == "":
            second += ", att jämföra med ett oförändrat kommunbidrag"
        sentences.append(second + ".")
    elif allocation:
        sentences.append(f"Kommunbidraget har {allocation}.")
    elif allocation == "":
        sentences.append(f"Kommunbidraget är oförändrat jämfört med {year - 1}.")
    if compared and data.bridge:
        sentences.append(_bridge_sentence(data, s))
    return " ".join(sentences)


def _bridge_sentence(data: ReportData, s: Summary) -> str:
    """'Ökningen beror på A 4,1 mkr, B 4,4 mkr och C 3,2 mkr.': the bridge as the report
    words it; a part that pulls the other way carries its sign (-0,5 mkr in an increase)."""
    rising = (s.net_cost_change or 0) >= 0
    parts = []
    for part in data.bridge:
        amount = format_amount(abs(part.amount), "mkr")
        against = part.amount < 0 if rising else part.amount > 0
        sign = ("-" if rising else "+") if against and not _is_zero(amount) else ""
        parts.append(f"{part.name} {sign}{amount} mkr")
    word = "Ökningen" if rising else "Minskningen"
    return f"{word} beror på {join_swedish(parts)}."


def deviations_paragraph(data: ReportData, s: Summary, *, so_far: bool = False) -> str:
    """Name the units behind the largest deviations, with their controllers' explanations.

    ``so_far``: before bokslut only a unit with a periodiserad budget has a deviation to
    name; the year's budget against part of a year's utfall is none.
    """
    rows: list[DriftRow] = [
        r
        for r in s.top_units
        if r.unit.id != data.committee.id
        and r.deviation is not None
        and not _is_zero(format_amount(abs(r.deviation), "tkr"))
        and (not so_far or r.figures.budget_ytd is not None)
    ]
    sentences = []
    for lead, row in zip(_ORDINALS_SO_FAR if so_far else _ORDINALS, rows, strict=False):
        namnd = data.namnd_of(row.unit.id)
        within = f" inom {namnd.name}" if namnd is not None else ""
        sentences.append(
            f"{lead} {mid_sentence_name(row.unit)}{within} med {_outcome(row.deviation or 0)}."
        )
        comment = first_sentence(data.comment("unit", row.unit.id))
        if comment:
            sentences.append(comment)
    return " ".join(sentences)


def investments_paragraph(s: Summary) -> str:
    """Report each overrun investment frame, which the nämnd must ask to be allowed."""
    categories = [c for c in s.categories if c.projects]
    if not categories:
        return ""
    overrun = [
        (c.name, format_amount(c.overrun, "tkr"))
        for c in categories
        if c.overrun > 0 and not _is_zero(format_amount(c.overrun, "tkr"))
    ]
    if not overrun:
        return "Ingen investeringsbudget har överskridits."
    # As the report words it: "budgeten för KS/KF-investeringar har överskridits med …".
    parts = [
        f"{'B' if not i else 'b'}udgeten för {name}{' har överskridits' if not i else ''}"
        f" med {amount} tkr"
        for i, (name, amount) in enumerate(overrun)
    ]
    return join_swedish(parts) + "."


def investments_so_far_paragraph(s: Summary) -> str:
    """Before bokslut the spend is the year's so far: what exceeds an anslag is not an overrun.

    Without any utfall reported at the follow-up nothing is said to fit the anslag.
    """
    categories = [c for c in s.categories if c.projects]
    if not categories:
        return ""
    if all(p.spent is None for c in categories for p in c.projects):
        return "Investeringarnas utfall för perioden är inte inrapporterat."
    sentences = [
        f"Utfallet hittills för {c.name} ligger "
        f"{format_amount(c.overrun, 'tkr')} tkr över årets budget."
        for c in categories
        if c.overrun > 0 and not _is_zero(format_amount(c.overrun, "tkr"))
    ]
    return " ".join(sentences) or "Investeringarnas utfall hittills ryms inom budgeten."


def _against_kommun(points: Decimal) -> str:
    """'2,64 procentenheter lägre än kommungenomsnittet', or in level with it."""
    amount = format_decimal(abs(points), 2)
    if _is_zero(amount):
        return "i nivå med kommungenomsnittet"
    side = "lägre" if points < 0 else "högre"
    return f"{amount} procentenheter {side} än kommungenomsnittet"


def sick_leave_paragraph(data: ReportData, s: Summary) -> str:
    """Sick leave against last year and the kommun, the figures behind the Personalmål."""
    sentences = []
    if s.sick_total is not None:
        rate = format_decimal(s.sick_total, 2)
        if s.sick_change is None:
            first = f"Sjukfrånvaron är {rate} procent {data.year}"
        else:
            change = format_decimal(abs(s.sick_change), 2)
            if _is_zero(change):
                first = f"Sjukfrånvaron är oförändrad, {rate} procent, jämfört med {data.year - 1}"
            else:
                verb = "minskat" if s.sick_change < 0 else "ökat"
                first = (
                    f"Sjukfrånvaron har {verb} med {change} procentenheter till {rate} procent "
                    f"jämfört med {data.year - 1}"
                )
        if s.sick_against_kommun is not None:
            first += f" och är {_against_kommun(s.sick_against_kommun)}"
        sentences.append(first + ".")
    if s.short_against_kommun is not None:
        sentences.append(f"Korttidsfrånvaron är {_against_kommun(s.short_against_kommun)}.")
    return " ".join(sentences)


def goals_paragraph(s: Summary) -> str:
    """Count the KF-mål per lägesbedömning and give each area's, for the KF-mål summary."""
    total = sum(len(a.goals) for a in s.areas)
    if not total:
        return ""
    counted = [(level, s.counts.get(level, 0)) for level in Assessment]
    parts = [
        f"{n} {'lägesbedömningen ' if not i else ''}{level.label}"
        for i, (level, n) in enumerate((level, n) for level, n in counted if n)
    ]
    unassessed = sum(a.unassessed for a in s.areas)
    if parts:
        if unassessed:
            parts.append(f"{unassessed} saknar lägesbedömning")
        if total == 1:
            only = next(level for level, n in counted if n)
            sentences = [f"Det enda KF-målet har lägesbedömningen {only.label}."]
        else:
            sentences = [f"Av de {total} KF-målen har {join_swedish(parts)}."]
    elif total == 1:
        sentences = ["KF-målet har ingen lägesbedömning ännu."]
    else:
        sentences = [f"Inget av de {total} KF-målen har någon lägesbedömning ännu."]
    assessed = [a for a in s.areas if a.assessment is not None]
    if len(assessed) == 1:
        area = assessed[0]
        label = area.assessment.label if area.assessment else ""
        sentences.append(f"Området {area.name} har den sammantagna lägesbedömningen {label}.")
    elif assessed:
        groups = [
            f"{level.label} ({join_swedish([a.name for a in assessed if a.assessment == level])})"
            for level in Assessment
            if any(a.assessment == level for a in assessed)
        ]
        sentences.append(f"Områdena har den sammantagna lägesbedömningen {join_swedish(groups)}.")
    return " ".join(sentences)
