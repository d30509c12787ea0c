"""Every edit a controller makes, with every rule applied once for the CLI and the TUI alike.

Each function checks what the store cannot know (a figure that is the sum of the units
below), writes one audited change set through ``ksui.store.writes`` — which refuses a
stale value (``expect``) and, through the store's guard, a locked follow-up — and returns
``Written``: the change set's id, or None when nothing changed.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Final

from ksui.actions.errors import ActionError, ParentSumRefused
from ksui.core.drift import parent_sum_refusal as parent_sum_refusal
from ksui.core.models import MEASURE_LABELS, Assessment
from ksui.store import Store, read, writes
from ksui.store.writes import Written


class Unread(Enum):
    """The caller did not read the value it edits, so no stale-value check is made."""

    UNREAD = "unread"


#: Pass as ``expect`` when the edit is not based on a value read earlier (a script).
UNREAD: Final = Unread.UNREAD


def _expect(value: object) -> Any:
    """The store's spelling of a value the edit was based on (its own mark when unread)."""
    return writes.NOT_READ if value is UNREAD else value


def set_figure(
    store: Store,
    unit_id: int,
    year: int,
    period: str,
    measure: str,
    amount: int | None,
    *,
    expect: int | Unread | None = UNREAD,
    reason: str | None = None,
) -> Written:
    """Set (or with None clear) one drift figure in öre, refused when the units below carry it.

    ``expect`` is the amount stored at exactly this year and period when the edit began
    (None: no row); if someone changed it since, StaleValueError is raised instead.
    """
    if measure not in MEASURE_LABELS:
        raise ActionError(f"okänt mått »{measure}«; använd {', '.join(MEASURE_LABELS)}")
    leaf = read.unit_is_leaf(store, unit_id)
    if leaf is None:
        raise ActionError(f"okänd enhet med id {unit_id}")
    if not leaf:  # only a parent's rule needs the tree and the figures below it
        tree = read.tree_of_unit(store, unit_id)
        figures = read.drift_figures(store, year, period, root=unit_id)
        refusal = parent_sum_refusal(tree, figures, unit_id, measure)
        if refusal is not None:
            raise ParentSumRefused(refusal)
    changeset = writes.set_drift(
        store, unit_id, year, period, measure, amount, expect=_expect(expect), reason=reason
    )
    return Written(changeset)


def set_comment(
    store: Store,
    entity: str,
    entity_id: int,
    year: int,
    text: str,
    *,
    field: str = "",
    expect: str | Unread | None = UNREAD,
    reason: str | None = None,
) -> Written:
    """Write (or with empty text remove) the comment on a unit, project or figure for a year."""
    changeset = writes.set_comment(
        store, entity, entity_id, year, text, field, expect=_expect(expect), reason=reason
    )
    return Written(changeset)


def set_assessment(
    store: Store,
    target: str,
    target_id: int,
    year: int,
    period: str,
    value: Assessment | None,
    *,
    reason: str | None = None,
) -> Written:
    """Set (or with None remove) a goal's or an area's lägesbedömning (target "goal" or "area")."""
    changeset = writes.set_assessment(store, target, target_id, year, period, value, reason=reason)
    return Written(changeset)


def set_geh(
    store: Store,
    committee_id: int,
    year: int,
    period: str,
    area: str,
    value: Assessment,
    *,
    reason: str | None = None,
) -> Written:
    """Set one area of the GEH-bedömning (ekonomi, kf_mal, personal, samlad)."""
    changeset = writes.set_geh(store, committee_id, year, period, area, value, reason=reason)
    return Written(changeset)


def set_investment(
    store: Store,
    project_id: int,
    year: int,
    field: str,
    amount: int | None,
    *,
    period: str = "bokslut",
    expect: int | Unread | None = UNREAD,
    reason: str | None = None,
) -> Written:
    """Set a project's anslag ("appropriation") or ack. utfall ("spent") in öre, as it
    stands from a follow-up of a year (the anslag carries on; the utfall is the period's)."""
    changeset = writes.set_investment(
        store,
        project_id,
        year,
        field,
        amount,
        period=period,
        expect=_expect(expect),
        reason=reason,
    )
    return Written(changeset)


def set_field(
    store: Store,
    table: str,
    row_id: int,
    field: str,
    value: str | int | None,
    *,
    reason: str | None = None,
) -> Written:
    """Change one editable column of a row with an id: a name, a title, a status, a text."""
    return Written(writes.set_field(store, table, row_id, field, value, reason=reason))


def set_indicator_value(
    store: Store,
    indicator_id: int,
    year: int,
    value: str | None,
    *,
    series: str = "",
    reason: str | None = None,
) -> Written:
    """Set (or with None clear) an indicator's value for a year, as exact decimal text."""
    changeset = writes.set_indicator_value(store, indicator_id, year, value, series, reason=reason)
    return Written(changeset)


def set_sick_rate(
    store: Store,
    committee_id: int,
    measure: str,
    group_kind: str,
    group: str,
    year: int,
    scope: str,
    rate: str,
    *,
    reason: str | None = None,
) -> Written:
    """Set one sjuktal: a group's rate for a year, for the nämnd or the kommun (scope)."""
    changeset = writes.set_sick_rate(
        store, committee_id, measure, group_kind, group, year, scope, rate, reason=reason
    )
    return Written(changeset)
