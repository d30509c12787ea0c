"""Periods, assessments and suggestion rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ksui.core import assessment as rules_mod
from ksui.core.drift import change_pct
from ksui.core.models import Assessment
from ksui.core.periods import PERIODS, PeriodError, parse_period


def test_periods_are_in_calendar_order() -> None:
    codes = [p.code for p in PERIODS]
    assert codes.index("t1") == codes.index("m04") + 1
    assert codes.index("delar") == codes.index("m08") + 1
    assert codes[-1] == "bokslut"


@pytest.mark.parametrize(
    ("text", "code"),
    [("delår", "delar"), ("T1", "t1"), ("mars", "m03"), ("3", "m03"), ("Bokslut", "bokslut")],
)
def test_parse_period(text: str, code: str) -> None:
    assert parse_period(text).code == code


def test_parse_period_refuses() -> None:
    with pytest.raises(PeriodError, match="bokslut, delår"):
        parse_period("q3")


def test_assessment_parse_and_cycle() -> None:
    assert Assessment.parse("Har brister") is Assessment.BRISTER
    assert Assessment.parse("**OK**") is Assessment.OK
    assert Assessment.BRA.next() is Assessment.OK
    assert Assessment.BRISTER.next() is Assessment.BRA
    with pytest.raises(ValueError):
        Assessment.parse("kanske")


def test_rules_thresholds() -> None:
    r = rules_mod.AssessmentRules()
    ok, hb, bra = Assessment.OK, Assessment.BRISTER, Assessment.BRA
    assert rules_mod.from_scores([ok, ok, ok, ok, hb, hb], r) is ok
    assert rules_mod.from_scores([hb, hb, ok], r) is hb
    assert rules_mod.from_scores([bra, bra, ok], r) is bra
    assert rules_mod.from_scores([], r) is None
    assert rules_mod.economy(Decimal("-0.5"), r) is ok
    assert rules_mod.economy(Decimal("-3"), r) is hb


def test_change_pct_undefined_cases() -> None:
    assert change_pct(10, None) is None
    assert change_pct(10, 0) is None
    assert change_pct(-50, -100) == Decimal(50)  # divided by |previous|
