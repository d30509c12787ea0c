"""Texts against tables: a figure a comment or a summary states, held against the figure
it speaks of, at the precision it was written with (see ``ksui.core.claims``)."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from ksui.core.drift import DriftRow
from ksui.core.goals import IndicatorValue
from ksui.core.narrative import mid_sentence_name
from ksui.core.report import ReportData
from ksui.core.swedish import ORE_PER, format_decimal
from ksui.core.texts import FIELDS
from ksui.core.validation.base import VARNING, Finding

if TYPE_CHECKING:  # the claims' patterns are compiled only when there is a text to read
    from ksui.core.claims import ChangeClaim, Claim

#: What each topic is called in a message, and which column it belongs to.
_TOPICS = {
    "result": ("resultatet", "Avvikelse"),
    "net_cost_change": ("nettokostnadens förändring", "Nettokostnadsförändring"),
    "net_cost_change_pct": ("nettokostnadsutvecklingen", "Nettokostnadsutveckling %"),
}


def _computed(row: DriftRow, claim: Claim) -> int | Decimal | None:
    """The table's figure a claim speaks of (öre, or percent)."""
    if claim.topic == "result":
        return row.deviation
    if claim.topic == "net_cost_change":
        return row.net_cost_change
    return row.net_cost_change_pct


def _as_written(value: int | Decimal, claim: Claim) -> Decimal:
    """The table's figure as the text would print it: its unit, its decimals, and its sign
    only where the text gives one."""
    number = Decimal(value) if claim.unit == "procent" else Decimal(value) / ORE_PER[claim.unit]
    rounded = number.quantize(Decimal(1).scaleb(-claim.decimals), rounding=ROUND_HALF_UP)
    return rounded if claim.signed else abs(rounded)


def _shown(value: Decimal, unit: str, decimals: int) -> str:
    return f"{format_decimal(value, decimals)} {unit}"


def _quote(sentence: str) -> str:
    """The whole sentence: a cut one would hide which figure it speaks of."""
    return f"»{sentence}«"


def check_unit_comments(data: ReportData) -> list[Finding]:
    """Find a unit's comment stating a result or a change in net cost the table does not
    have. Only at bokslut: before it the year's figures are still moving."""
    if data.period != "bokslut" or data.committee.id not in data.tree.units:
        return []
    findings: list[Finding] = []
    labels = _labels(data)
    for row in data.drift():
        text = data.comment("unit", row.unit.id)
        if text.strip():
            from ksui.core.claims import unit_claims

            where = f"kommentaren till {data.unit_label(row.unit)}"
            label = labels.get(row.unit.id, row.unit.name)
            findings += [
                f
                for c in unit_claims(text)
                if (f := _contradiction(row, c, where, "Kommentar", label=label))
            ]
    return findings


def _labels(data: ReportData) -> dict[int, str]:
    """The row each unit's finding names: as the drift checks name it (its path where two
    units share a name, as two nämnder of a kommun may), so the Översikt opens that unit."""
    from ksui.core.validation.drift import unit_labels

    return unit_labels(data.tree.subtree(data.committee.id), data.committee.id)


def check_report_texts(data: ReportData) -> list[Finding]:
    """Find a figure the tjänsteskrivelse or a section states about a unit it names
    ("… och den politiska ledningen ett överskott på 39 tkr") that its row contradicts."""
    if data.period != "bokslut" or data.committee.id not in data.tree.units or not data.texts:
        return []
    rows = {r.unit.id: r for r in data.drift()}
    names: dict[str, int] = {}
    for row in rows.values():
        names[row.unit.name.lower()] = row.unit.id
        names[mid_sentence_name(row.unit).lower()] = row.unit.id
    from ksui.core.claims import named_claims

    findings: list[Finding] = []
    labels = _labels(data)
    for field, text in data.texts.items():
        where = FIELDS.get(field, field)
        for unit_id, claim in named_claims(data.rendered(text), names):
            label = labels.get(unit_id, rows[unit_id].unit.name)
            found = _contradiction(
                rows[unit_id], claim, f"texten {where}", where, named=True, label=label
            )
            if found is not None:
                findings.append(found)
    return findings


def _contradiction(
    row: DriftRow, claim: Claim, where: str, column: str, *, named: bool = False, label: str
) -> Finding | None:
    """A finding when the table's figure, written as the claim is, is not the claim's
    (``label``: the row the finding names, see ``_labels``)."""
    computed = _computed(row, claim)
    if computed is None:
        return None
    stated = claim.value if claim.signed else abs(claim.value)
    table = _as_written(computed, claim)
    if table == stated:
        return None
    what, heading = _TOPICS[claim.topic]
    message = (
        f"{where} anger {what}{f' för {row.unit.name}' if named else ''} till "
        f"{_shown(stated, claim.unit, claim.decimals)}, men tabellen ger "
        f"{_shown(table, claim.unit, claim.decimals)}: {_quote(claim.sentence)}"
    )
    reported: int | Decimal = (
        stated if claim.unit == "procent" else int(stated * ORE_PER[claim.unit])
    )
    kind = "percent" if claim.unit == "procent" else "amount"
    return Finding("Drift", label, f"{column}: {heading}", computed, reported, kind, message)


def check_area_summaries(data: ReportData) -> list[Finding]:
    """Find an area's summary counting its KF-mål per lägesbedömning otherwise than the
    goals' own lägesbedömningar do."""
    findings: list[Finding] = []
    for area in data.areas:
        if not area.summary.strip() or not area.goals:
            continue
        from ksui.core.claims import goal_count_claims

        counts = Counter(g.assessment for g in area.goals)
        for claim in goal_count_claims(area.summary):
            actual = counts.get(claim.level, 0)
            total = len(area.goals)
            if actual == claim.count and claim.of in (None, total):
                continue
            said = f"{claim.count} av {claim.of}" if claim.of is not None else str(claim.count)
            message = (
                f"sammanfattningen för {area.name} säger att {said} mål har lägesbedömningen "
                f"{claim.level.label}, men {actual} av {total} har den: {_quote(claim.sentence)}"
            )
            findings.append(
                Finding(
                    "KF-mål", area.name, "Sammanfattning", actual, claim.count, "count", message
                )
            )
    return findings


def check_references(data: ReportData) -> list[Finding]:
    """Find live references that read no figure ({resultat:Ekonmi}): the text would print
    them as {?…}, so they are reported before anyone prints it."""
    if data.committee.id not in data.tree.units:
        return []
    refs = data.references()
    names = {u.id: u.name for u in data.tree.units.values()}
    texts: list[tuple[str, str, str]] = []
    for (entity, entity_id, _field), text in sorted(data.comments.items()):
        where = (
            names.get(entity_id, data.committee.name) if entity == "unit" else data.committee.name
        )
        texts.append(("Drift" if entity == "unit" else "Texter", where, text))
    for area in data.areas:
        texts.append(("KF-mål", area.name, area.summary))
        for goal in area.goals:
            texts.append(("KF-mål", f"{area.name}, mål {goal.number}", goal.followup))
            texts += [("KF-mål", f"{area.name}, mål {goal.number}", i.text) for i in goal.items]
            texts += [("KF-mål", f"{area.name}, mål {goal.number}", i.followup) for i in goal.items]
    findings = []
    for table, row, text in texts:
        for problem in refs.problems(text):
            message = f"referensen {problem.reference} i texten för {row}: {problem.reason}"
            findings.append(Finding(table, row, "Referens", None, None, "text", message, VARNING))
    return findings


def _agrees(value: Decimal, stated: Decimal, decimals: int) -> bool:
    """A stored value as the text would print it, at the text's decimals."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) == stated


def check_goal_followups(data: ReportData) -> list[Finding]:
    """Find a goal's uppföljning saying a measure went 'från A till B' when none of the
    goal's indicators has those values (in the years named, when the text names them)."""
    findings: list[Finding] = []
    for area in data.areas:
        for goal in area.goals:
            series = [
                [v for v in indicator.values if v.series == ""] for indicator in goal.indicators
            ]
            series = [s for s in series if s]
            if not series or not goal.followup.strip():
                continue
            from ksui.core.claims import change_claims

            for claim in change_claims(data.rendered(goal.followup)):
                if any(_holds(values, claim) for values in series):
                    continue
                message = (
                    f"uppföljningen av KF-mål {goal.number} i {area.name} säger "
                    f"{_quote(claim.sentence)}, men ingen av målets indikatorer har värdena "
                    f"{format_decimal(claim.before, claim.decimals[0])} och "
                    f"{format_decimal(claim.after, claim.decimals[1])}"
                )
                findings.append(
                    Finding(
                        "KF-mål",
                        f"{area.name}, mål {goal.number}",
                        "Uppföljning",
                        None,
                        claim.after,
                        "text",
                        message,
                    )
                )
    return findings


def _holds(values: list[IndicatorValue], claim: ChangeClaim) -> bool:
    """Whether one indicator's values hold both ends of the claim, in order of years."""
    first = [
        v.year
        for v in values
        if _agrees(v.value, claim.before, claim.decimals[0]) and claim.before_year in (None, v.year)
    ]
    last = [
        v.year
        for v in values
        if _agrees(v.value, claim.after, claim.decimals[1]) and claim.after_year in (None, v.year)
    ]
    return any(a < b for a in first for b in last)
