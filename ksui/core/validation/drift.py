"""Drift checks: shadowed parent figures and the published drift table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal

from ksui.core.bridge import gap, total
from ksui.core.drift import DriftRow, missing_before, rollup
from ksui.core.models import MEASURE_LABELS, OrgTree
from ksui.core.report import Published, ReportData
from ksui.core.swedish import (
    format_amount,
    format_decimal,
    round_decimal,
)
from ksui.core.validation.base import (
    VARNING,
    Finding,
    _amount_finding,
    _decimals,
    _in_order,
    _operand,
    _parse_decimal,
    _parse_tkr,
    _tkr,
    _unknown_row,
    _unreadable,
)


def unit_labels(tree: OrgTree, root: int) -> dict[int, str]:
    """Each unit's name, or its path below the committee where two units share a name: the
    row a drift finding names, by which the Översikt finds the unit it opens."""
    ids = [uid for uid, _ in tree.walk(root)]
    shared = Counter(tree.units[uid].name for uid in ids)  # not list.count: n² at 1 200 units
    labels = {}
    for uid in ids:
        name = tree.units[uid].name
        if shared[name] > 1:
            path = [u.name for u in tree.path(uid)]
            start = next((i for i, u in enumerate(tree.path(uid)) if u.id == root), 0)
            name = "/".join(path[start + 1 :]) or name
        labels[uid] = name
    return labels


def _measure_column(measure: str, year: int, period: str) -> str:
    """The column a reader knows a drift measure by: 'Bokslut 2017', 'Prognos 2017'."""
    if measure == "actual" and period == "bokslut":
        return f"Bokslut {year}"
    return f"{MEASURE_LABELS[measure]} {year}"


def _shadowed(
    tree: OrgTree,
    own: Mapping[int, int | None],
    rolled: Mapping[int, int | None],
    tolerance_ore: int,
) -> Iterable[tuple[int, int, int]]:
    """(unit, own figure, children's sum) wherever children hide a differing own figure."""
    for uid, _ in tree.walk():
        kids = tree.kids(uid)
        mine = own.get(uid)
        if not kids or mine is None:
            continue
        present = [v for v in (rolled.get(k) for k in kids) if v is not None]
        if present and abs(sum(present) - mine) > tolerance_ore:
            yield uid, mine, sum(present)


def check_rollups(data: ReportData, tolerance_ore: int = 100_000) -> list[Finding]:
    """Find a parent's own figure that its children's sum silently replaces in the table.

    ``rollup`` lets the children's sum win wherever any child records a measure, so a
    parent's own differing figure (an imported total, a typo) would never be seen.
    """
    if data.committee.id not in data.tree.units:
        return []
    sub = data.committee_tree()
    labels = unit_labels(sub, data.committee.id)
    findings: list[Finding] = []
    rolled_all = rollup(sub, data.figures)
    for measure in MEASURE_LABELS:
        if measure == "forecast":
            continue  # a parent's own forecast stands beside its units' (core.drift.forecasts)
        own = {uid: f.get(measure) for uid, f in data.figures.items()}
        rolled = {uid: f.get(measure) for uid, f in rolled_all.items()}
        column = _measure_column(measure, data.year, data.period)
        findings += _shadow_findings(sub, labels, column, own, rolled, tolerance_ore)
    trend = data.trend()  # each year's net cost rolled up, as the table's trend columns
    for year in sorted(data.net_cost_by_year):
        own_year: dict[int, int | None] = dict(data.net_cost_by_year[year])
        rolled_year = trend[year]
        findings += _shadow_findings(
            sub, labels, f"Nettokostnad {year}", own_year, rolled_year, tolerance_ore
        )
    return findings


def check_kommun_history(data: ReportData) -> list[Finding]:
    """Say why a kommun has no net cost for an earlier year (and so no nettokostnads-
    utveckling): a nämnd with this year's utfall has none that year in the kommun's file
    (``core.drift.missing_before``), usually a nämnd file consolidated without its history."""
    kommun = data.committee
    if kommun.kind != "kommun" or kommun.id not in data.tree.units:
        return []
    # The drift table's own rows (made once per report): the nämnder are its depth 1.
    namnder = [row for row in data.drift() if row.depth == 1]
    now = {row.unit.id: row.figures.actual for row in namnder}
    sub = data.committee_tree()
    findings = []
    for year in sorted(data.net_cost_by_year, reverse=True):
        earlier = {row.unit.id: row.net_cost.get(year) for row in namnder}
        missing = missing_before(sub, kommun.id, now, earlier)
        if not missing:
            continue
        names = ", ".join(sub.units[uid].name for uid in missing)
        what = "och därmed ingen nettokostnadsutveckling" if year == data.year - 1 else ""
        them = "dem" if len(missing) > 1 else "den"
        message = (
            f"{kommun.name} har ingen nettokostnad för {year} {what}: {names} saknar "
            f"{year} i kommunens fil, och en summa utan {them} jämför inte samma nämnder. "
            f"Konsolidera nämndens fil med {year} års bokslut."
        ).replace(" :", ":")
        findings.append(
            Finding(
                "Drift", kommun.name, f"Nettokostnad {year}", None, None, "amount", message, VARNING
            )
        )
    return findings


def check_bridge(data: ReportData) -> list[Finding]:
    """Find a nettokostnadsbrygga whose parts do not add up to the year's change in net
    cost, since the report then explains a change that is not the one in its table."""
    if not data.bridge or data.period != "bokslut" or data.committee.id not in data.tree.units:
        return []  # part of a year has no change in net cost to explain (core.drift)
    rows = data.drift()
    change = rows[0].net_cost_change if rows else None
    if change is None:
        message = (
            "nettokostnadsbryggan förklarar en förändring, men nettokostnaden för "
            f"{data.year - 1} saknas att jämföra med"
        )
        return [
            Finding(
                "Drift",
                data.committee.name,
                "Nettokostnadsbrygga",
                None,
                None,
                "amount",
                message,
                VARNING,
            )
        ]
    left = gap(data.bridge, change)
    if left is None:
        return []
    summed = total(data.bridge)
    message = (
        f"nettokostnadsbryggans delar summerar till {format_amount(summed, 'mkr')} mkr, men "
        f"nettokostnaden förändrades med {format_amount(change, 'mkr', signed=True)} mkr "
        f"({format_amount(left, 'mkr', signed=True)} mkr är inte förklarat)"
    )
    return [
        Finding(
            "Drift", data.committee.name, "Nettokostnadsbrygga", change, summed, "amount", message
        )
    ]


def _shadow_findings(
    tree: OrgTree,
    labels: Mapping[int, str],
    column: str,
    own: Mapping[int, int | None],
    rolled: Mapping[int, int | None],
    tolerance_ore: int,
) -> list[Finding]:
    """Findings for one measure's shadowed parent figures."""
    out = []
    for uid, mine, children in _shadowed(tree, own, rolled, tolerance_ore):
        d = _decimals(mine, children)
        row = labels.get(uid, tree.units[uid].name)
        message = (
            f"Drift, {row}, {column}: enhetens egen siffra {_tkr(mine, d)} döljs av summan "
            f"av underliggande enheter, {_tkr(children, d)} "
            f"(skillnad {_tkr(abs(children - mine), d)} tkr)."
        )
        out.append(Finding("Drift", row, column, children, mine, "amount", message))
    return out


# -- 2. drift: published figures against the recomputed table -------------------------------


def _drift_columns(year: int) -> dict[str, str]:
    """Published drift columns and the names the report gives them."""
    return {
        "budget": f"Nämndbidrag {year}",
        "forecast": f"Prognos {year}",
        "result": f"Resultat {year}",
        "net_cost": f"Nettokostnad {year}",
        "net_cost_prev": f"Nettokostnad {year - 1}",
        "net_cost_prev2": f"Nettokostnad {year - 2}",
        "change_pct": "Nettokostnadsutveckling %",
        "result_vs_forecast": "Resultat mot prognos",
    }


def _rows_by_path(data: ReportData, rows: list[DriftRow]) -> dict[str, DriftRow]:
    """Drift rows by their unit path, from the committee down and from the top of the tree."""
    out: dict[str, DriftRow] = {}
    for row in rows:
        chain = data.tree.path(row.unit.id)
        names = [u.name for u in chain]
        out["/".join(names)] = row
        ids = [u.id for u in chain]
        if data.committee.id in ids:
            out["/".join(names[ids.index(data.committee.id) :])] = row
    return out


def change_pct_bounds(
    current: int, previous: int, uncertainty: int
) -> tuple[Decimal, Decimal] | None:
    """The range nettokostnadsutveckling can take, so rounded inputs do not raise false alarms.

    Each input may lie ``uncertainty`` öre either side of the stored figure; the change
    ``(c − p) / |p| × 100`` is monotonic in each input, so its extremes sit at the corners.
    None when the previous year's range reaches zero (the percentage is then unbounded).
    """
    if previous - uncertainty <= 0 <= previous + uncertainty:
        return None
    values = [
        Decimal(c - p) * 100 / Decimal(abs(p))
        for c in (current - uncertainty, current + uncertainty)
        for p in (previous - uncertainty, previous + uncertainty)
    ]
    return min(values), max(values)


def percent_agrees(published: Decimal, current: int, previous: int, tolerance_ore: int) -> bool:
    """Whether a published percentage is what the figures behind it can round to.

    The report computed its percentage from unrounded amounts, while ksui only has the
    amounts rounded to whole tkr (or summed from such amounts). So each net cost may lie
    ``tolerance_ore`` either side of the stored one; the true percentage then lies in a
    range [lo, hi], and the report's value, rounded to as many decimals as it prints, must
    lie between lo and hi rounded the same way. With ``tolerance_ore = 0`` the range is a
    point and the rule is plain: the published value must equal the recomputation rounded
    to one decimal. With the default 1 tkr it accepts e.g. Ekonomi's 22,0 % whether the
    true figures were 42 857 and 35 126 tkr or anything that rounds to them.
    """
    bounds = change_pct_bounds(current, previous, tolerance_ore)
    if bounds is None:
        return True
    exponent = published.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 1
    lo, hi = (round_decimal(b, decimals) for b in bounds)
    return lo is None or hi is None or lo <= published <= hi


def check_published_drift(data: ReportData, tolerance_ore: int = 100_000) -> list[Finding]:
    """Compare the printed drift table with ksui's recomputation, so copying errors show."""
    pubs = [p for p in data.published if p.table == "drift"]
    if not pubs or data.committee.id not in data.tree.units:
        return []
    table = data.drift()
    rows = _rows_by_path(data, table)
    labels = unit_labels(data.tree.subtree(data.committee.id), data.committee.id)
    columns = _drift_columns(data.year)
    position = {row.unit.id: i for i, row in enumerate(table)}
    findings: list[Finding] = []
    unknown: set[str] = set()
    for pub in _in_order(
        pubs, lambda p: position.get(rows[p.row].unit.id) if p.row in rows else None, list(columns)
    ):
        row = rows.get(pub.row)
        if row is None:
            if pub.row not in unknown:
                unknown.add(pub.row)
                findings.append(_unknown_row("Drift", pub.row, "enheter"))
            continue
        label = labels.get(row.unit.id, row.unit.name)
        column = columns.get(pub.column, pub.column)
        if pub.column == "change_pct":
            findings += _check_change_pct(data, row, label, column, pub, tolerance_ore)
            continue
        reported = _parse_tkr(pub.value)
        if reported is None:
            findings.append(_unreadable("Drift", pub, column))
            continue
        computed, how = _drift_value(data, row, pub.column)
        if computed is None:
            findings += _missing_drift(data, label, column, reported, "amount")
            continue
        findings += _amount_finding("Drift", label, column, computed, reported, tolerance_ore, how)
    return findings


def _missing_drift(
    data: ReportData, label: str, column: str, reported: int | Decimal, kind: str
) -> list[Finding]:
    """A warning that ksui lacks the figure behind a published one, at bokslut only.

    Published figures carry no period: they are the årsrapport's, so at an earlier
    follow-up ksui's missing actuals are expected and not worth a warning.
    """
    if data.period != "bokslut":
        return []
    shown = format_decimal(reported, 1) if isinstance(reported, Decimal) else _tkr(reported)
    message = (
        f"Drift, {label}, {column}: rapporten anger {shown} men ksui saknar underlag "
        "att räkna fram siffran från."
    )
    return [Finding("Drift", label, column, None, reported, kind, message, VARNING)]


def _drift_value(data: ReportData, row: DriftRow, column: str) -> tuple[int | None, str]:
    """ksui's figure for a published drift column, and how the message should explain it."""
    summed = "summan av underliggande enheter ger" if row.has_children else "ksui har"
    if column == "result":
        figures = row.figures
        budget = row.deviation_budget
        if budget is None or figures.actual is None:
            return None, ""
        d = _decimals(budget, figures.actual)
        return row.deviation, f"{_tkr(budget, d)} − {_operand(figures.actual, d)} ger"
    if column == "result_vs_forecast":
        # Against the forecast as made, with the budget then in force (delår's, not bokslut's).
        made = data.forecast_as_made(row.unit.id)
        result = row.deviation
        forecast = made.forecast_deviation if made is not None else None
        if result is None or forecast is None:
            return None, ""
        d = _decimals(result, forecast)
        return (
            result - forecast,
            f"resultatet {_tkr(result, d)} − prognosen {_operand(forecast, d)} ger",
        )
    values: dict[str, int | None] = {
        "budget": row.figures.budget,
        "forecast": row.figures.forecast,
        "net_cost": row.figures.actual,
        "net_cost_prev": row.net_cost.get(data.year - 1),
        "net_cost_prev2": row.net_cost.get(data.year - 2),
    }
    return values.get(column), summed


def _check_change_pct(
    data: ReportData,
    row: DriftRow,
    label: str,
    column: str,
    pub: Published,
    tolerance_ore: int,
) -> list[Finding]:
    """Nettokostnadsutveckling as printed against (NK(år) − NK(år−1)) / |NK(år−1)|."""
    reported = _parse_decimal(pub.value)
    if reported is None:
        return [_unreadable("Drift", pub, column)]
    current, previous = row.figures.actual, row.previous_net_cost
    if current is None or previous is None or previous == 0:
        return _missing_drift(data, label, column, reported, "percent")
    if percent_agrees(reported, current, previous, tolerance_ore):
        return []
    computed = round_decimal(row.net_cost_change_pct, 1)
    d = _decimals(current, previous)
    formula = f"({_tkr(current, d)} − {_operand(previous, d)}) / {_tkr(abs(previous), d)}"
    message = (
        f"Drift, {label}, {column}: rapporten anger {format_decimal(reported, 1)} men "
        f"{formula} ger {format_decimal(computed, 1)}."
    )
    return [Finding("Drift", label, column, computed, reported, "percent", message)]


# -- 3. resultaträkning ---------------------------------------------------------------------
