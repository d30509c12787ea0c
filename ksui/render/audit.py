"""The audit trail in words: who changed which figure when, each field old → new.

Shared by `ksui log` and the app's Ändringslogg so that a change reads the same in both;
plain strings, no Rich, so either can style (and make safe) the text its own way.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ksui.store import Change

#: Fields that hold money (öre); shown in tkr.
AMOUNT_FIELDS = {"amount", "appropriation", "spent"}

FIELD_LABELS = {"appropriation": "anslag", "spent": "ack. utfall", "text": "text", "name": "namn"}


def when(at: str) -> str:
    """A change's time in the local time zone, to the minute: '2018-02-14 10:32'."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


def value_text(field: str, value: Any) -> str:
    """An audited value as a reader understands it: tkr for money, '–' for nothing."""
    from ksui.core.swedish import format_amount

    if value is None:
        return "–"
    if field in AMOUNT_FIELDS and isinstance(value, int) and not isinstance(value, bool):
        decimals = 0 if value % 100_000 == 0 else 3 if value % 100 == 0 else 5
        return format_amount(value, "tkr", decimals=decimals) + " tkr"
    if isinstance(value, str):
        flat = " ".join(value.split())
        return f"»{flat[:60]}…«" if len(flat) > 60 else f"»{flat}«"
    return str(value)


def where(change: Change, names: dict[int, str]) -> str:
    """What an audited row is, in words: 'Ekonomi budget 2017 bokslut', 'GEH Ekonomi 2017'."""
    from ksui.core.assessment import GEH_LABELS
    from ksui.core.models import MEASURE_LABELS
    from ksui.core.periods import BY_CODE

    key = change.key

    def period() -> str:
        found = BY_CODE.get(str(key.get("period")))
        return found.label.lower() if found else str(key.get("period", ""))

    def unit(uid: Any) -> str:
        return names.get(uid, f"enhet {uid}") if isinstance(uid, int) else f"enhet {uid}"

    if change.table == "drift_figure":
        measure = MEASURE_LABELS.get(str(key.get("measure")), str(key.get("measure")))
        return f"{unit(key.get('unit_id'))} {measure.lower()} {key.get('year')} {period()}"
    if change.table == "committee_year":  # ksui new-year
        return f"år {key.get('year')} för {unit(key.get('committee_id'))}"
    if change.table == "cost_figure":  # a drift figure broken down per account
        measure = MEASURE_LABELS.get(str(key.get("measure")), str(key.get("measure")))
        return (
            f"{unit(key.get('unit_id'))} konto {key.get('account')} {measure.lower()} "
            f"{key.get('year')} {period()}"
        )
    if change.table == "comment" and key.get("entity") == "unit":
        return f"kommentar {unit(key.get('entity_id'))} {key.get('year')}"
    if change.table == "geh_assessment":
        area = GEH_LABELS.get(str(key.get("area")), str(key.get("area")))
        return f"GEH {area} {key.get('year')} {period()}"
    if change.table == "assessment":
        target = "mål" if key.get("target") == "goal" else "område"
        return f"lägesbedömning {target} {key.get('target_id')} {key.get('year')} {period()}"
    if change.table == "investment_figure":
        return f"investering {key.get('project_id')} {key.get('year')}"
    if change.table == "unit" and isinstance(key.get("id"), int):
        return f"enhet {unit(key['id'])}"
    return f"{change.table} {' '.join(str(v) for v in key.values())}"


def change_line(change: Change, names: dict[int, str]) -> str:
    """One audited field: 'Ekonomi budget 2017 bokslut: 45 474 tkr → 46 000 tkr'."""
    place = where(change, names)
    if change.field == "*":
        return f"{place}: {'ny rad' if change.old is None else 'borttagen'}"
    if change.field not in ("amount", "value"):
        place += " " + FIELD_LABELS.get(change.field, change.field)
    old, new = change.old, change.new
    if change.field == "value" and change.table in ("assessment", "geh_assessment"):
        return f"{place}: {assessment_label(old)} → {assessment_label(new)}"
    return f"{place}: {value_text(change.field, old)} → {value_text(change.field, new)}"


def assessment_label(value: Any) -> str:
    """A stored lägesbedömning code as its label."""
    from ksui.core.models import Assessment

    try:
        return Assessment(value).label
    except ValueError:
        return value_text("value", value)
