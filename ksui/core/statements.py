"""Resultaträkning and balansräkning: the line structure and the derived lines.

``verksamhetens nettokostnad = summa intäkter + summa kostnader + avskrivningar``,
``resultat = nettokostnad + kommunbidrag + förmedlingsbidrag + räntenetto`` and
``budgetavvikelse = bokslut − budget`` per line (costs are negative).
"""

from __future__ import annotations

from collections.abc import Mapping

from ksui.core.records import record


@record
class LineDef:
    """One line of a statement: its key, its printed name and how it is obtained."""

    key: str
    name: str
    kind: str  # "detail", "sum" (of the section's details), "derived" or "item"
    section: str = ""


RESULT_LINES: tuple[LineDef, ...] = (
    LineDef("avgifter", "Avgifter och taxor", "detail", "intakter"),
    LineDef("hyror", "Hyror och arrenden", "detail", "intakter"),
    LineDef("driftbidrag", "Driftbidrag", "detail", "intakter"),
    LineDef("ovriga_intakter", "Övriga intäkter", "detail", "intakter"),
    LineDef("summa_intakter", "Summa intäkter", "sum", "intakter"),
    LineDef("personal", "Personal", "detail", "kostnader"),
    LineDef("lokaler", "Lokaler och anläggningar", "detail", "kostnader"),
    LineDef("material", "Material och tjänster", "detail", "kostnader"),
    LineDef("kop_prim", "Köp av prim verksamhet", "detail", "kostnader"),
    LineDef("bidrag", "Bidrag och transfereringar", "detail", "kostnader"),
    LineDef("ovriga_kostnader", "Övriga kostnader", "detail", "kostnader"),
    LineDef("summa_kostnader", "Summa kostnader", "sum", "kostnader"),
    LineDef("avskrivningar", "Avskrivningar", "item"),
    LineDef("verksamhetens_nettokostnad", "Verksamhetens nettokostnad", "derived"),
    LineDef("kommunbidrag", "Kommunbidrag", "item"),
    LineDef("formedlingsbidrag", "Förmedlingsbidrag", "item"),
    LineDef("rantenetto", "Räntenetto", "item"),
    LineDef("resultat", "Resultat", "derived"),
)

BALANCE_LINES: tuple[LineDef, ...] = (
    LineDef("anlaggningstillgangar", "Anläggningstillgångar", "detail", "tillgangar"),
    LineDef("omsattningstillgangar", "Omsättningstillgångar", "detail", "tillgangar"),
    LineDef("fordran_internbank", "Fordran internbank", "detail", "tillgangar"),
    LineDef("summa_tillgangar", "Summa tillgångar", "derived", "tillgangar"),
    LineDef("ingaende_balans", "Ingående balans", "detail", "eget_kapital"),
    LineDef("arets_resultat", "Årets resultat", "detail", "eget_kapital"),
    LineDef("summa_eget_kapital", "Summa eget kapital", "derived", "eget_kapital"),
    LineDef("kortfristiga_skulder", "Kortfristiga skulder", "detail", "skulder"),
    LineDef("skuld_internbank", "Skuld till internbank", "detail", "skulder"),
    LineDef("langfristiga_skulder", "Långfristiga lån/skulder", "detail", "skulder"),
    LineDef("summa_skulder", "Summa skulder", "derived", "skulder"),
    LineDef("summa_eget_kapital_och_skulder", "Summa eget kapital och skulder", "derived"),
)

RESULT_BY_KEY = {line.key: line for line in RESULT_LINES}
BALANCE_BY_KEY = {line.key: line for line in BALANCE_LINES}


def _section_sum(
    values: Mapping[str, int | None], lines: tuple[LineDef, ...], section: str
) -> int | None:
    """Sum the detail lines of a section; None when none of them is recorded."""
    present = [
        values[line.key]
        for line in lines
        if line.section == section and line.kind == "detail" and values.get(line.key) is not None
    ]
    return sum(present) if present else None  # type: ignore[arg-type]


def _add(*parts: int | None) -> int | None:
    """Sum the recorded parts; None only when nothing at all is recorded."""
    present = [p for p in parts if p is not None]
    return sum(present) if present else None


def detail_sum(values: Mapping[str, int | None], section: str) -> int | None:
    """What a resultaträkning section's detail lines add up to (for checking its sum line)."""
    return _section_sum(values, RESULT_LINES, section)


def compute_result(values: Mapping[str, int | None]) -> dict[str, int | None]:
    """Fill in the resultaträkning's sums and derived lines from one column of stored values.

    A stored "Summa intäkter" is kept as the record of the total, since published reports
    leave some detail lines blank; it is computed from the details only when missing.
    """
    out: dict[str, int | None] = {line.key: values.get(line.key) for line in RESULT_LINES}
    for section, key in (("intakter", "summa_intakter"), ("kostnader", "summa_kostnader")):
        if out[key] is None:
            out[key] = _section_sum(values, RESULT_LINES, section)
    out["verksamhetens_nettokostnad"] = _add(
        out["summa_intakter"], out["summa_kostnader"], out["avskrivningar"]
    )
    out["resultat"] = _add(
        out["verksamhetens_nettokostnad"],
        out["kommunbidrag"],
        out["formedlingsbidrag"],
        out["rantenetto"],
    )
    return out


def compute_balance(values: Mapping[str, int | None]) -> dict[str, int | None]:
    """Fill in the balansräkning's sums from one date's stored values."""
    out: dict[str, int | None] = {line.key: values.get(line.key) for line in BALANCE_LINES}
    out["summa_tillgangar"] = _section_sum(values, BALANCE_LINES, "tillgangar")
    out["summa_eget_kapital"] = _section_sum(values, BALANCE_LINES, "eget_kapital")
    out["summa_skulder"] = _section_sum(values, BALANCE_LINES, "skulder")
    out["summa_eget_kapital_och_skulder"] = _add(out["summa_eget_kapital"], out["summa_skulder"])
    return out


def budget_deviation(actual: int | None, budget: int | None) -> int | None:
    """Resultaträkningens budgetavvikelse: bokslut minus budget (costs are negative)."""
    if actual is None and budget is None:
        return None
    return (actual or 0) - (budget or 0)
