"""Figures written in texts, read back so they can be held against the tables.

A controller writes "Överskottet på 2,6 mkr …" and "Den ökade nettokostnaden, 4,5 mkr, …"
beside a table that says 2 617 and 7 731 tkr. The table is recomputed on every edit; the
sentence is not, and a published report then contradicts itself. This module finds the
figures a sentence states about a unit's result, its change in net cost and a count of
KF-mål per lägesbedömning, with the precision they were written in, so that
``ksui.core.validation.texts`` can compare each with the figure it speaks of.

Only claims whose subject the sentence names are read; a sentence about what a result
*would* have been (skulle, exklusive) states no figure of the table and is skipped.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Literal

from ksui.core.models import Assessment
from ksui.core.records import record

#: What a claim is about: the unit's result (its avvikelse at bokslut), its change in net
#: cost in money or in percent.
Topic = Literal["result", "net_cost_change", "net_cost_change_pct"]

_NUMBER = r"[-−–+]?\s?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?|[-−–+]?\d+(?:,\d+)?"
_AMOUNT = (
    rf"(?:ca\.?\s+|cirka\s+|drygt\s+|knappt\s+)?(?P<num>{_NUMBER})\s*(?P<unit>mkr|tkr|kr|procent|%)"
)
# Pattern sources, compiled on first use (``_re``): a command whose texts state no figure
# (most nämnder' comments) never pays for compiling them.
_SENTENCE = r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])"
#: Sentences about what would have been, or about a part of the figure.
_HYPOTHETICAL = r"\b(skulle|exklusive|exkl\.|utan\s+kostnaden|bortsett)\b"

_RESULT = rf"\b(?P<word>överskott|underskott)(?:et)?\s+(?:på|med|om)\s+{_AMOUNT}"
_CHANGE = (
    r"\b(?:nettokostnads(?P<noun>ökning|minskning|utveckling)(?:en)?"
    r"|(?P<adj>ökade|minskade)\s+nettokostnaden"
    r"|nettokostnaden\s+(?P<verb>steg|ökade|föll|minskade|sjönk)(?:\s+med)?)"
    rf",?\s+(?:på\s+|med\s+)?{_AMOUNT}"
    rf"(?:\s+eller\s+(?:ca\.?\s+)?(?P<num2>{_NUMBER})\s*(?P<unit2>mkr|tkr|kr|procent|%))?"
)
_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12,
}  # fmt: skip
_COUNT = r"(?:\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)"
_LEVEL = r"(?P<level>bra|ok|har\s+brister|brister)"
_GOALS = (
    # "alla fyra målen bedöms OK", "Alla fyra finansiella mål har lägesbedömningen Bra"
    rf"\balla\s+(?P<n>{_COUNT})\s+(?:\w+\s+)?mål(?:en)?\s+(?:bedöms|har)\s+"
    rf"(?:lägesbedömningen\s+|som\s+)?{_LEVEL}\b",
    # "fyra av de sex målen … OK"
    rf"\b(?P<n>{_COUNT})\s+av\s+de\s+(?P<of>{_COUNT})\s+(?:\w+\s+)?målen\b[^.;]*?"
    rf"\b(?:lägesbedömning(?:en)?\s+(?:på\s+)?)?{_LEVEL}\b",
    # "har fyra mål med Bra lägesbedömning", "fyra mål med lägesbedömningen OK"
    rf"\b(?P<n>{_COUNT})\s+mål\s+med\s+(?:lägesbedömningen\s+)?{_LEVEL}\b",
)


@cache
def _re(source: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern, compiled the first time a text could hold what it finds."""
    return re.compile(source, flags)


def _has_digit(text: str) -> bool:
    """Whether a text has a digit (``\\d``): every amount and 'från … till …' needs one."""
    return _re(r"\d").search(text) is not None


@record
class Claim:
    """A figure a sentence states: its topic, value, unit and the decimals it was written
    with (what it must agree to), and the sentence it stands in, for the message."""

    topic: Topic
    value: Decimal
    unit: str
    decimals: int
    sentence: str
    #: The sign the words give (överskott +, underskott −, minskning −); None: unsigned.
    signed: bool = False
    #: Where in its sentence the claim starts, to tell whose figure it is (``named_claims``).
    position: int = 0


@record
class CountClaim:
    """'fyra av de sex målen har lägesbedömningen OK': how many goals, at which level,
    and of how many (None when the text does not say)."""

    count: int
    level: Assessment
    of: int | None
    sentence: str


def sentences(text: str) -> list[str]:
    """The text's sentences, whitespace folded, so a claim is read with its own subject."""
    return [s.strip() for s in _re(_SENTENCE).split(" ".join(text.split())) if s.strip()]


def _number(text: str) -> tuple[Decimal, int]:
    """A written number as a Decimal and its decimals ('1,9' → 1.9, 1; '46' → 46, 0)."""
    clean = re.sub(r"[\s\u00a0\u202f+]", "", text).replace("−", "-").replace("–", "-")
    whole, _, frac = clean.partition(",")
    return Decimal(f"{whole}.{frac}" if frac else whole), len(frac)


def _unit(word: str) -> str:
    return "procent" if word in ("%", "procent") else word.lower()


def unit_claims(text: str) -> list[Claim]:
    """What a unit's comment states about its result and its change in net cost."""
    found: list[Claim] = []
    folded = text.casefold()
    # Every claim has an amount and names överskott, underskott or nettokostnad(en).
    if not _has_digit(text) or ("skott" not in folded and "nettokostnad" not in folded):
        return found
    for sentence in sentences(text):
        if _re(_HYPOTHETICAL, re.I).search(sentence):
            continue
        for match in _re(_RESULT, re.I).finditer(sentence):
            value, decimals = _number(match["num"])
            unit = _unit(match["unit"])
            if unit == "procent":
                continue
            if match["word"].lower() == "underskott":
                value = -abs(value)
            found.append(Claim("result", value, unit, decimals, sentence, True, match.start()))
        for match in _re(_CHANGE, re.I).finditer(sentence):
            word = (match["noun"] or match["adj"] or match["verb"] or "").lower()
            falling = word in ("minskning", "minskade", "föll", "sjönk")
            signed = word != "utveckling" or match["num"].lstrip()[:1] in "-−–"
            for num, unit_word in ((match["num"], match["unit"]), (match["num2"], match["unit2"])):
                if num is None:
                    continue
                value, decimals = _number(num)
                if falling:
                    value = -abs(value)
                unit = _unit(unit_word)
                topic: Topic = "net_cost_change_pct" if unit == "procent" else "net_cost_change"
                found.append(Claim(topic, value, unit, decimals, sentence, signed, match.start()))
    return found


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word.lower()]


def _level(word: str) -> Assessment:
    word = " ".join(word.lower().split())
    if word == "bra":
        return Assessment.BRA
    if word == "ok":
        return Assessment.OK
    return Assessment.BRISTER


def goal_count_claims(text: str) -> list[CountClaim]:
    """What a summary says about how many KF-mål have which lägesbedömning."""
    found: list[CountClaim] = []
    if "mål" not in text.casefold():  # every pattern names the mål
        return found
    for sentence in sentences(text):
        seen: set[tuple[int, int]] = set()
        for index, source in enumerate(_GOALS):
            for match in _re(source, re.I).finditer(sentence):
                if any(a <= match.start() < b for a, b in seen):
                    continue
                seen.add(match.span())
                groups = match.groupdict()
                n = _count(groups["n"])
                of = _count(groups["of"]) if groups.get("of") else None
                if index == 0:
                    of = n
                found.append(CountClaim(n, _level(groups["level"]), of, sentence))
    return found


@record
class ChangeClaim:
    """'från 25,9 till 29,9 %', 'från 45 år 2015 till 44 år 2017': a measure's move between
    two values, each with the year it names (None when the text gives none) and decimals."""

    before: Decimal
    before_year: int | None
    after: Decimal
    after_year: int | None
    decimals: tuple[int, int]
    sentence: str


_VALUE = (
    r"(?P<{0}>\d+(?:,\d+)?)(?:\s*(?:%|procent|tkr|mkr))?"
    r"(?:\s+(?:år\s+)?(?P<{0}_year>(?:19|20)\d\d))?"
)
_FROM_TO = r"\bfrån\s+" + _VALUE.format("a") + r"\s+till\s+" + _VALUE.format("b") + r"(?![\d,])"


def change_claims(text: str) -> list[ChangeClaim]:
    """Every 'från A till B' a text states, for holding against an indicator's values."""
    found: list[ChangeClaim] = []
    if not _has_digit(text) or "från" not in text.casefold():
        return found
    for sentence in sentences(text):
        if _re(_HYPOTHETICAL, re.I).search(sentence):
            continue
        for match in _re(_FROM_TO, re.I).finditer(sentence):
            before, first = _number(match["a"])
            after, second = _number(match["b"])
            found.append(
                ChangeClaim(
                    before,
                    int(match["a_year"]) if match["a_year"] else None,
                    after,
                    int(match["b_year"]) if match["b_year"] else None,
                    (first, second),
                    sentence,
                )
            )
    return found


def named_claims(text: str, names: dict[str, int]) -> list[tuple[int, Claim]]:
    """The claims of a text that speaks of several units (a tjänsteskrivelse, a section),
    each with the unit it is about: the one named last before it in its sentence
    ("Kommunstyrelsens kontor redovisar ett överskott på 4 992 tkr och den politiska
    ledningen ett överskott på 39 tkr"). A claim with no unit before it is left out.
    ``names``: each unit's name (and other spellings), in lower case, to its id."""
    found = []
    for claim in unit_claims(text):
        lowered = claim.sentence.lower()
        best: tuple[int, int] | None = None
        for name, unit_id in names.items():
            at = lowered.rfind(name, 0, claim.position)
            if at >= 0 and (best is None or at + len(name) > best[0]):
                best = (at + len(name), unit_id)
        if best is not None:
            found.append((best[1], claim))
    return found
