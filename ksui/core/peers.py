"""Similar kommuner: the comparison group's median that each own indicator value is read against.

KF-mål are judged against similar kommuner (Kolada's comparison groups) and riket, not only
against last year. Kolada's values of other kommuner are kept as indicator series named
``kolada:KKKK`` (the four-digit kommun id) beside the nämnd's own series (''); riket (Kolada
id 0000) is the series »Riket«. The median is exact Decimal arithmetic: a controller checks
it by hand against Kolada's own web page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

#: Kolada's id of the whole country, whose values are the series »Riket«.
RIKET_ID = "0000"
#: The series riket's values are kept under (the one a controller types by hand too).
RIKET_SERIES = "Riket"
#: The series prefix of another kommun's values: ``kolada:0114``.
PEER_PREFIX = "kolada:"
#: The name of the derived series shown under an own series: the group's median.
GROUP_MEDIAN_SERIES = "Jämförelsegrupp, median"

_KOMMUN_ID = re.compile(r"^[0-9]{4}$")


def is_kommun_id(text: str) -> bool:
    """True for a four-digit Kolada kommun (or region, or riket) id such as »0181«."""
    return bool(_KOMMUN_ID.match(text))


def peer_series(municipality: str) -> str:
    """The series another kommun's values are stored under."""
    return PEER_PREFIX + municipality


def peer_of(series: str) -> str | None:
    """The kommun id of a peer series, None for any other series ('', Riket, Mål)."""
    if series.startswith(PEER_PREFIX) and is_kommun_id(series[len(PEER_PREFIX) :]):
        return series[len(PEER_PREFIX) :]
    return None


def median(values: Iterable[Decimal]) -> Decimal | None:
    """The exact median; the mean of the two middle values for an even count, None for none.

    The mean of two Decimals is computed exactly: (a + b) / 2 has at most one more decimal
    than its terms, which the default context's 28 digits always hold for Kolada's values.
    """
    ordered: Sequence[Decimal] = sorted(values)
    count = len(ordered)
    if count == 0:
        return None
    middle = count // 2
    if count % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def group_medians(values: Iterable[tuple[str, int, Decimal]]) -> dict[int, Decimal]:
    """Per year, the median over the group members that have a value that year.

    ``values`` are (kommun id, year, value) of the group's members only; a member without a
    value in a year does not count in that year (it is not a zero).
    """
    by_year: dict[int, dict[str, Decimal]] = {}
    for municipality, year, value in values:
        by_year.setdefault(year, {})[municipality] = value
    found = {year: median(members.values()) for year, members in by_year.items()}
    return {year: value for year, value in sorted(found.items()) if value is not None}


def comparison_group(listed: Iterable[str], own: str | None) -> tuple[str, ...]:
    """The group as config.toml lists it, without the own kommun and without repeats."""
    return tuple(dict.fromkeys(m for m in listed if m != own))


def better_than_group(
    own: Mapping[int, Decimal], medians: Mapping[int, Decimal], direction: str
) -> bool | None:
    """Whether the own value beats the group's median the way the council wants, in the
    latest year both have; None without a wanted direction or a year in common.

    A value equal to the median is not better: it is what the group is.
    """
    common = sorted(set(own) & set(medians))
    if direction not in ("up", "down") or not common:
        return None
    year = common[-1]
    return own[year] > medians[year] if direction == "up" else own[year] < medians[year]
