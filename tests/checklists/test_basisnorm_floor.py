"""The basisnorm is a floor at level 2 that agrees with the growth stages, checked with the real scoring
for every organisation type: whoever has every basisnorm measure at level 2 or higher meets the basisnorm
and is at least "Basis op orde", whatever the other answers are; raising an answer never lowers the
verdict or the stage."""

from __future__ import annotations

import pytest
from content_support import NORM, SCAN, checklists
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from norm.answers import Answer
from norm.checklist import Checklist, Item
from norm.scoring import AssessmentScore, condition_holds, score_assessment
from norm.vocabulary import ORGANISATION_TYPES

CASES = [(checklist_id, kind) for checklist_id in (NORM, SCAN) for kind in ORGANISATION_TYPES]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPEN = "open"
NVT = "nvt"


def _tier_index(checklist: Checklist, tier_id: str) -> int:
    return next(index for index, tier in enumerate(checklist.tiers) if tier.id == tier_id)


def _assert_nested(checklist: Checklist, score: AssessmentScore) -> None:
    """The stage reached includes every stage below it: a pyramid, not a set of unrelated badges."""
    reached = score.tier_index if score.tier_index is not None else -1
    for tier in checklist.tiers[: reached + 1]:
        assert all(condition_holds(condition, score.items) for condition in tier.rule), tier.id


def _answers(choices: dict[str, int | str]) -> list[Answer]:
    answers = []
    for code, choice in choices.items():
        if choice == OPEN:
            continue
        if choice == NVT:
            answers.append(Answer(code, not_applicable=True, na_reason="geen vakantieparken in ons gebied"))
        else:
            answers.append(Answer(code, level=int(choice)))
    return answers


def _levels(measures: list[Item], levels: list[int]) -> list[Answer]:
    return [Answer(measure.code, level=level) for measure, level in zip(measures, levels, strict=True)]


@st.composite
def floor_met(draw, checklist: Checklist, kind: str) -> dict[str, int | str]:
    """Every applicable basisnorm measure at a level >= 2; every other measure anything, also open or n.v.t."""
    floor = [value for value in checklist.scale_values if value >= 2]
    anything = [*checklist.scale_values, OPEN, NVT]
    return {
        measure.code: draw(st.sampled_from(floor if measure.basisnorm else anything))
        for measure in checklist.applicable_items(kind)
    }


@pytest.mark.parametrize(("checklist_id", "kind"), CASES)
def test_floor_met_means_basisnorm_met_and_at_least_basis_op_orde(checklist_id: str, kind: str) -> None:
    checklist = checklists()[checklist_id]
    basis_op_orde = _tier_index(checklist, "basis-op-orde")

    @SETTINGS
    @given(floor_met(checklist, kind))
    def check(choices: dict[str, int | str]) -> None:
        score = score_assessment(checklist, kind, _answers(choices))
        assert score.basisnorm == "voldoet", score.basisnorm_failing
        assert score.tier_index is not None and score.tier_index >= basis_op_orde
        _assert_nested(checklist, score)

    check()


@pytest.mark.parametrize(("checklist_id", "kind"), CASES)
def test_everything_uitgevoerd_meets_the_basisnorm_and_everything_geborgd_reaches_the_top(
        checklist_id: str, kind: str) -> None:
    checklist = checklists()[checklist_id]
    uitgevoerd = next(level.value for level in checklist.scale if level.label == "Uitgevoerd")
    codes = [measure.code for measure in checklist.applicable_items(kind)]
    at_2 = score_assessment(checklist, kind, [Answer(code, level=uitgevoerd) for code in codes])
    assert at_2.basisnorm == "voldoet" and [gap.code for gap in at_2.gaps if gap.basisnorm] == []
    assert at_2.tier_index is not None and at_2.tier_index >= _tier_index(checklist, "basis-op-orde")
    at_top = score_assessment(checklist, kind, [Answer(code, level=checklist.max_level) for code in codes])
    assert at_top.basisnorm == "voldoet" and at_top.tier_index == len(checklist.tiers) - 1


@pytest.mark.parametrize(("checklist_id", "kind"), CASES)
def test_one_basisnorm_measure_below_the_floor_fails_the_basisnorm(checklist_id: str, kind: str) -> None:
    checklist = checklists()[checklist_id]
    applicable = checklist.applicable_items(kind)
    for low in (measure for measure in applicable if measure.basisnorm):
        answers = [Answer(m.code, level=1 if m.code == low.code else 2) for m in applicable]
        score = score_assessment(checklist, kind, answers)
        assert score.basisnorm == "voldoet niet" and score.basisnorm_failing == [low.code]
        assert score.tier_index is not None and score.tier_index < _tier_index(checklist, "basis-op-orde")


@pytest.mark.parametrize(("checklist_id", "kind"), CASES)
def test_raising_an_answer_never_lowers_the_verdict_or_the_stage(checklist_id: str, kind: str) -> None:
    checklist = checklists()[checklist_id]
    applicable = checklist.applicable_items(kind)
    rank = {"voldoet niet": 0, "onvolledig": 1, "voldoet": 2, "geen basisnorm": 2}

    @SETTINGS
    @given(st.lists(st.sampled_from(checklist.scale_values), min_size=len(applicable), max_size=len(applicable)),
           st.integers(min_value=0, max_value=len(applicable) - 1))
    def check(levels: list[int], index: int) -> None:
        raised = list(levels)
        raised[index] = min(raised[index] + 1, checklist.max_level)
        before = score_assessment(checklist, kind, _levels(applicable, levels))
        after = score_assessment(checklist, kind, _levels(applicable, raised))
        assert rank[after.basisnorm] >= rank[before.basisnorm]
        assert (after.tier_index or 0) >= (before.tier_index or 0)
        _assert_nested(checklist, after)

    check()


def test_a_growth_stage_includes_the_one_below() -> None:
    """Explicitly: meeting the basisnorm also satisfies 'Bewust' (the review found the opposite in 2026.1)."""
    norm = checklists()[NORM]
    bewust = norm.tiers[_tier_index(norm, "bewust")]
    assert all(condition.scope == "basisnorm" and condition.min_level <= 2 for condition in bewust.rule)
