"""Scoring rules (docs/scoring.md): the worked example and properties over random answers."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from norm.answers import Answer
from norm.checklist import Checklist, load_checklist_file
from norm.scoring import as_percentage, compare_scores, score_assessment

WORKED = {
    "MINI-A01": Answer("MINI-A01", level=2),
    "MINI-A02": Answer("MINI-A02", level=1),
    "MINI-B01": Answer("MINI-B01", level=3),
    "MINI-B02": Answer("MINI-B02", not_applicable=True, na_reason="geen vakantieparken in de gemeente"),
}


def test_worked_example_from_docs(mini_checklist: Checklist) -> None:
    result = score_assessment(mini_checklist, "gemeente", WORKED)
    assert result.theme("A").score == pytest.approx(5 / 9)
    assert result.theme("B").score == pytest.approx(1.0)
    assert result.overall == pytest.approx(2 / 3)
    assert result.target_score == pytest.approx(3 / 4)
    assert result.completeness == 1.0
    assert result.basisnorm == "voldoet"
    assert [(g.code, g.gap) for g in result.gaps] == [("MINI-A02", 2)]
    assert result.tier is not None and result.tier.name == "Basis op orde"
    assert as_percentage(result.theme("A").score, 1) == "55,6%"
    assert as_percentage(result.overall, 1) == "66,7%"
    assert result.complete


def test_worked_example_for_a_water_board(mini_checklist: Checklist) -> None:
    result = score_assessment(mini_checklist, "waterschap", WORKED)
    assert [r.code for r in result.items] == ["MINI-A01", "MINI-A02"]
    assert result.overall == pytest.approx(5 / 9)
    assert [t.code for t in result.themes] == ["A"]


def test_open_items_do_not_count_but_lower_completeness(mini_checklist: Checklist) -> None:
    answers = {"MINI-A01": Answer("MINI-A01", level=3)}
    result = score_assessment(mini_checklist, "gemeente", answers)
    assert result.overall == 1.0
    assert result.completeness == 0.25
    assert result.open_items == ["MINI-A02", "MINI-B01", "MINI-B02"]
    assert result.basisnorm == "onvolledig"
    assert not result.complete


def test_na_without_reason_is_open_and_blocks_completion(mini_checklist: Checklist) -> None:
    answers = dict(WORKED)
    answers["MINI-B02"] = Answer("MINI-B02", not_applicable=True, na_reason="  ")
    result = score_assessment(mini_checklist, "gemeente", answers)
    assert result.na_without_reason == ["MINI-B02"]
    assert result.item("MINI-B02").state == "open"
    assert result.completeness == 0.75
    assert not result.complete


def test_na_where_the_measure_does_not_allow_it_counts_as_open(mini_checklist: Checklist) -> None:
    # Possible in an old snapshot or an old received assessment: never "voldoet" by leaving the floor out.
    answers = dict(WORKED)
    answers["MINI-A01"] = Answer("MINI-A01", not_applicable=True, na_reason="geldt hier niet")
    result = score_assessment(mini_checklist, "gemeente", answers)
    assert result.item("MINI-A01").state == "open"
    assert result.open_items == ["MINI-A01"] and result.na_without_reason == []
    assert result.basisnorm == "onvolledig" and result.not_applicable == 1
    assert result.completeness == 0.75 and not result.complete
    assert result.tier is not None and result.tier.id != "basis"


def test_tier_conditions_narrowed_to_themes_and_items(mini_checklist: Checklist) -> None:
    from norm.checklist import TierCondition
    from norm.scoring import condition_holds

    results = score_assessment(mini_checklist, "gemeente", WORKED).items  # A01 2, A02 1, B01 3, B02 n.v.t.
    assert condition_holds(TierCondition(min_level=2, min_share=1.0, themes=["B"]), results)
    assert not condition_holds(TierCondition(min_level=2, min_share=1.0, themes=["A"]), results)
    assert condition_holds(TierCondition(min_level=2, min_share=0.5, themes=["A"]), results)
    assert condition_holds(TierCondition(min_level=2, min_share=1.0, items=["MINI-A01", "MINI-B01"]), results)
    assert not condition_holds(TierCondition(min_level=3, min_share=1.0, items=["MINI-A01", "MINI-B01"]), results)
    # Narrowed to what is n.v.t. or not asked: nothing to count, the condition holds.
    assert condition_holds(TierCondition(min_level=3, min_share=1.0, items=["MINI-B02"]), results)
    water = score_assessment(mini_checklist, "waterschap", WORKED).items
    assert condition_holds(TierCondition(min_level=3, min_share=1.0, themes=["B"]), water)
    # Narrowing stays inside the scope.
    assert condition_holds(TierCondition(scope="basisnorm", min_level=2, min_share=1.0, themes=["A"]), results)


def test_basisnorm_fails_on_one_item_even_when_others_are_open(mini_checklist: Checklist) -> None:
    result = score_assessment(mini_checklist, "gemeente", {"MINI-B01": Answer("MINI-B01", level=1)})
    assert result.basisnorm == "voldoet niet"
    assert result.basisnorm_failing == ["MINI-B01"]
    assert result.gaps[0].code == "MINI-B01" and result.gaps[0].basisnorm


def test_gaps_are_ordered_by_severity(mini_checklist: Checklist) -> None:
    answers = {code: Answer(code, level=0) for code in ("MINI-A01", "MINI-A02", "MINI-B01", "MINI-B02")}
    result = score_assessment(mini_checklist, "gemeente", answers)
    # basisnorm first (A01 weight 2 before B01), then the larger gap (A02: 3) before B02 (2).
    assert [g.code for g in result.gaps] == ["MINI-A01", "MINI-B01", "MINI-A02", "MINI-B02"]
    assert result.tier is not None and result.tier.id == "start"
    assert result.overall == 0.0


def test_top_tier_needs_its_rule(mini_checklist: Checklist) -> None:
    answers = {code: Answer(code, level=3) for code in ("MINI-A01", "MINI-A02", "MINI-B01", "MINI-B02")}
    result = score_assessment(mini_checklist, "gemeente", answers)
    assert result.tier is not None and result.tier.id == "geborgd" and result.tier_index == 2


def test_compare_reports_changes_deltas_and_common_items(mini_checklist: Checklist) -> None:
    before = score_assessment(mini_checklist, "gemeente", {
        "MINI-A01": Answer("MINI-A01", level=1),
        "MINI-A02": Answer("MINI-A02", level=3),
        "MINI-B01": Answer("MINI-B01", level=2),
        "MINI-B02": Answer("MINI-B02", level=2),
    })
    after = score_assessment(mini_checklist, "gemeente", WORKED)
    comparison = compare_scores(before, after)
    assert comparison.items_in_common == 4
    assert [(c.code, c.delta) for c in comparison.improved] == [("MINI-A01", 1), ("MINI-B01", 1)]
    assert [(c.code, c.delta) for c in comparison.worsened] == [("MINI-A02", -2)]
    assert [c.code for c in comparison.new_gaps] == ["MINI-A02"]
    assert [c.code for c in comparison.closed_gaps] == ["MINI-A01"]
    assert {c.code for c in comparison.changed} == {"MINI-A01", "MINI-A02", "MINI-B01", "MINI-B02"}
    theme_a = next(d for d in comparison.theme_deltas if d.code == "A")
    assert theme_a.before == pytest.approx((2 * 1 / 3 + 1) / 3)
    assert theme_a.delta == pytest.approx(5 / 9 - (2 * 1 / 3 + 1) / 3)


def test_compare_across_types_counts_items_in_common(mini_checklist: Checklist) -> None:
    municipality = score_assessment(mini_checklist, "gemeente", WORKED)
    water_board = score_assessment(mini_checklist, "waterschap", WORKED)
    comparison = compare_scores(water_board, municipality, same_version=False)
    assert comparison.items_in_common == 2
    assert comparison.only_after == ["MINI-B01", "MINI-B02"]
    assert not comparison.same_version


answer_strategy = st.one_of(
    st.none(),
    st.builds(lambda level: Answer("x", level=level), st.integers(0, 3)),
    st.builds(lambda reason: Answer("x", not_applicable=True, na_reason=reason), st.text(max_size=5)),
)


MINI = load_checklist_file(Path(__file__).parents[1] / "fixtures" / "mini.yaml")


@settings(max_examples=200, deadline=None)
@given(st.lists(answer_strategy, min_size=4, max_size=4), st.sampled_from(["gemeente", "waterschap"]))
def test_scores_follow_the_rules_for_any_answers(drawn, org_type) -> None:
    mini_checklist = MINI
    codes = ["MINI-A01", "MINI-A02", "MINI-B01", "MINI-B02"]
    answers = {
        code: Answer(code, a.level, a.not_applicable, a.na_reason) for code, a in zip(codes, drawn, strict=True) if a
    }
    result = score_assessment(mini_checklist, org_type, answers)
    items = {i.code: i for i in mini_checklist.applicable_items(org_type)}
    counted = [
        (Fraction(a.level, 3), Fraction(items[c].weight).limit_denominator())
        for c, a in answers.items()
        if c in items and not a.not_applicable and a.level is not None
    ]
    if counted:
        expected = sum(v * w for v, w in counted) / sum(w for _, w in counted)
        assert result.overall == pytest.approx(float(expected))
    else:
        assert result.overall is None
    assert 0.0 <= result.completeness <= 1.0
    assert result.applicable == len(items)
    assert all(g.gap > 0 and g.level < g.target for g in result.gaps)
    assert result.complete == (result.answered == result.applicable)
