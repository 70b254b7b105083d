"""Scoring and comparison: pure functions over a checklist and a set of answers.

The rules (see docs/scoring.md):

- item score = level / maximum level of the scale (0..1);
- n.v.t. (with a reason) and items that do not apply to the organisation type do not count;
  n.v.t. on a measure that does not allow it (``Item.allows_na``) counts as open;
- unanswered items do not count in scores; completeness is reported beside the score;
- theme and overall scores are weighted means of item scores;
- an item meets the norm when level >= target; gap = target - level where positive;
- the basisnorm is met when every applicable basisnorm item meets its target;
- the tier is the highest growth stage whose rule holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from norm.answers import Answer
from norm.checklist import Checklist, Item, Tier, TierCondition

ItemState = Literal["open", "niveau", "nvt"]
BasisnormVerdict = Literal["voldoet", "voldoet niet", "onvolledig", "geen basisnorm"]


@dataclass(frozen=True)
class ItemResult:
    """The outcome for one applicable measure."""

    code: str
    theme_code: str
    title: str
    state: ItemState
    level: int | None
    target: int
    weight: float
    basisnorm: bool
    score: float | None
    meets_target: bool | None
    gap: int
    carried_over: bool = False

    @property
    def counts(self) -> bool:
        return self.state == "niveau"


@dataclass(frozen=True)
class ThemeResult:
    """Score and completeness of one theme."""

    code: str
    title: str
    score: float | None
    target_score: float | None
    applicable: int
    answered: int
    scored: int
    not_applicable: int
    meeting_target: int

    @property
    def completeness(self) -> float:
        return self.answered / self.applicable if self.applicable else 1.0


@dataclass(frozen=True)
class Gap:
    """A measure below its target."""

    code: str
    theme_code: str
    title: str
    level: int
    target: int
    gap: int
    weight: float
    basisnorm: bool


@dataclass(frozen=True)
class AssessmentScore:
    """Everything the scoring rules say about one assessment."""

    overall: float | None
    target_score: float | None
    completeness: float
    applicable: int
    answered: int
    not_applicable: int
    themes: list[ThemeResult]
    items: list[ItemResult]
    basisnorm: BasisnormVerdict
    basisnorm_open: int
    basisnorm_failing: list[str]
    gaps: list[Gap]
    tier: Tier | None
    tier_index: int | None
    open_items: list[str]
    na_without_reason: list[str] = field(default_factory=list)

    def item(self, code: str) -> ItemResult | None:
        return next((result for result in self.items if result.code == code), None)

    def theme(self, code: str) -> ThemeResult | None:
        return next((result for result in self.themes if result.code == code), None)

    @property
    def complete(self) -> bool:
        return not self.open_items and not self.na_without_reason


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    total_weight = 0.0
    total = 0.0
    for value, weight in pairs:
        total += value * weight
        total_weight += weight
    return total / total_weight if total_weight else None


def item_result(item: Item, theme_code: str, answer: Answer | None, max_level: int) -> ItemResult:
    """Score one applicable measure."""
    carried = bool(answer and answer.carried_over)
    # n.v.t. where the measure does not allow it (an old snapshot or an old received assessment)
    # is no answer: the measure stays open, never "voldoet" by being left out.
    if answer is not None and answer.not_applicable and answer.na_reason.strip() and item.allows_na:
        return ItemResult(item.code, theme_code, item.title, "nvt", None, item.target, item.weight,
                          item.basisnorm, None, None, 0, carried)
    if answer is None or answer.level is None or answer.not_applicable:
        return ItemResult(item.code, theme_code, item.title, "open", None, item.target, item.weight,
                          item.basisnorm, None, None, 0, carried)
    level = answer.level
    return ItemResult(
        code=item.code,
        theme_code=theme_code,
        title=item.title,
        state="niveau",
        level=level,
        target=item.target,
        weight=item.weight,
        basisnorm=item.basisnorm,
        score=level / max_level if max_level else 0.0,
        meets_target=level >= item.target,
        gap=max(item.target - level, 0),
        carried_over=carried,
    )


def condition_holds(condition: TierCondition, results: list[ItemResult]) -> bool:
    """Share of in-scope, not-n.v.t. items at min_level or higher; open items count as not.

    In scope: every measure (``all``) or the basisnorm ones, narrowed to ``condition.themes`` and
    ``condition.items`` where given. A basisnorm or narrowed condition with nothing in scope holds
    (for this organisation type there is nothing to ask); an unnarrowed ``all`` condition then holds
    only when its share is 0.
    """
    themes = set(condition.themes) if condition.themes is not None else None
    codes = set(condition.items) if condition.items is not None else None
    in_scope = [
        r for r in results
        if r.state != "nvt"
        and (condition.scope == "all" or r.basisnorm)
        and (themes is None or r.theme_code in themes)
        and (codes is None or r.code in codes)
    ]
    if not in_scope:
        narrowed = themes is not None or codes is not None
        return condition.min_share <= 0 or condition.scope == "basisnorm" or narrowed
    reached = sum(1 for r in in_scope if r.level is not None and r.level >= condition.min_level)
    return reached / len(in_scope) >= condition.min_share - 1e-9


def determine_tier(checklist: Checklist, results: list[ItemResult]) -> tuple[Tier | None, int | None]:
    """The highest tier whose rule holds, with its index (None when the checklist has no tiers)."""
    found: tuple[Tier | None, int | None] = (None, None)
    counted = [r for r in results if r.state != "nvt"]
    # Stages usually repeat the conditions of the stage below: each distinct condition is checked once.
    known: dict[tuple[object, ...], bool] = {}

    def holds(condition: TierCondition) -> bool:
        key = (condition.scope, condition.min_level, condition.min_share,
               None if condition.themes is None else tuple(condition.themes),
               None if condition.items is None else tuple(condition.items))
        if key not in known:
            known[key] = condition_holds(condition, counted)
        return known[key]

    for index, tier in enumerate(checklist.tiers):
        if all(holds(condition) for condition in tier.rule):
            found = (tier, index)
    return found


def score_assessment(
    checklist: Checklist,
    organisation_type: str,
    answers: Mapping[str, Answer] | Iterable[Answer],
) -> AssessmentScore:
    """Apply the scoring rules to the answers of one assessment."""
    if not isinstance(answers, Mapping):
        answers = {answer.item_code: answer for answer in answers}
    max_level = checklist.max_level
    results: list[ItemResult] = []
    themes: list[ThemeResult] = []
    na_without_reason: list[str] = []
    for theme in checklist.themes:
        theme_results = []
        for item in theme.items:
            if not item.applies(organisation_type):
                continue
            answer = answers.get(item.code)
            if answer is not None and answer.not_applicable and not answer.na_reason.strip() and item.allows_na:
                na_without_reason.append(item.code)
            theme_results.append(item_result(item, theme.code, answer, max_level))
        results.extend(theme_results)
        if not theme_results:
            continue
        scored = [r for r in theme_results if r.counts]
        themes.append(
            ThemeResult(
                code=theme.code,
                title=theme.title,
                score=_weighted_mean((r.score or 0.0, r.weight) for r in scored),
                target_score=_weighted_mean((r.target / max_level, r.weight) for r in scored)
                if max_level
                else None,
                applicable=len(theme_results),
                answered=sum(1 for r in theme_results if r.state != "open"),
                scored=len(scored),
                not_applicable=sum(1 for r in theme_results if r.state == "nvt"),
                meeting_target=sum(1 for r in scored if r.meets_target),
            )
        )

    scored = [r for r in results if r.counts]
    applicable = len(results)
    answered = sum(1 for r in results if r.state != "open")
    basis = [r for r in results if r.basisnorm and r.state != "nvt"]
    basis_failing = [r.code for r in basis if r.state == "niveau" and not r.meets_target]
    basis_open = sum(1 for r in basis if r.state == "open")
    if not basis:
        verdict: BasisnormVerdict = "geen basisnorm"
    elif basis_failing:
        verdict = "voldoet niet"
    elif basis_open:
        verdict = "onvolledig"
    else:
        verdict = "voldoet"

    gaps = sorted(
        (
            Gap(r.code, r.theme_code, r.title, r.level or 0, r.target, r.gap, r.weight, r.basisnorm)
            for r in scored
            if r.gap > 0
        ),
        key=gap_severity_key,
    )
    tier, tier_index = determine_tier(checklist, results)
    return AssessmentScore(
        overall=_weighted_mean((r.score or 0.0, r.weight) for r in scored),
        target_score=_weighted_mean((r.target / max_level, r.weight) for r in scored) if max_level else None,
        completeness=answered / applicable if applicable else 1.0,
        applicable=applicable,
        answered=answered,
        not_applicable=sum(1 for r in results if r.state == "nvt"),
        themes=themes,
        items=results,
        basisnorm=verdict,
        basisnorm_open=basis_open,
        basisnorm_failing=basis_failing,
        gaps=gaps,
        tier=tier,
        tier_index=tier_index,
        open_items=[r.code for r in results if r.state == "open" and r.code not in na_without_reason],
        na_without_reason=na_without_reason,
    )


def gap_severity_key(gap: Gap) -> tuple[int, int, float, str]:
    """Most severe first: basisnorm items, then the largest gap, then the heaviest weight."""
    return (0 if gap.basisnorm else 1, -gap.gap, -gap.weight, gap.code)


# -- comparison -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    """How one measure changed between two assessments."""

    code: str
    title: str
    before: ItemResult
    after: ItemResult

    @property
    def delta(self) -> int | None:
        if self.before.level is None or self.after.level is None:
            return None
        return self.after.level - self.before.level

    @property
    def new_gap(self) -> bool:
        """Met the target (or was not scored) before and falls short now."""
        return bool(self.after.state == "niveau" and not self.after.meets_target
                    and not (self.before.state == "niveau" and not self.before.meets_target))

    @property
    def closed_gap(self) -> bool:
        return bool(self.before.state == "niveau" and not self.before.meets_target
                    and self.after.state == "niveau" and self.after.meets_target)


@dataclass(frozen=True)
class ThemeDelta:
    code: str
    title: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    """The difference between an earlier and a later assessment."""

    items_in_common: int
    only_before: list[str]
    only_after: list[str]
    same_version: bool
    overall_before: float | None
    overall_after: float | None
    changes: list[ItemChange]
    theme_deltas: list[ThemeDelta]

    @property
    def overall_delta(self) -> float | None:
        if self.overall_before is None or self.overall_after is None:
            return None
        return self.overall_after - self.overall_before

    @property
    def changed(self) -> list[ItemChange]:
        return [c for c in self.changes if c.before.state != c.after.state or c.before.level != c.after.level]

    @property
    def improved(self) -> list[ItemChange]:
        return sorted((c for c in self.changes if (c.delta or 0) > 0), key=lambda c: (-(c.delta or 0), c.code))

    @property
    def worsened(self) -> list[ItemChange]:
        return sorted((c for c in self.changes if (c.delta or 0) < 0), key=lambda c: ((c.delta or 0), c.code))

    @property
    def new_gaps(self) -> list[ItemChange]:
        return [c for c in self.changes if c.new_gap]

    @property
    def closed_gaps(self) -> list[ItemChange]:
        return [c for c in self.changes if c.closed_gap]


def compare_scores(
    before: AssessmentScore,
    after: AssessmentScore,
    *,
    same_version: bool = True,
) -> Comparison:
    """Compare two scored assessments, matching measures by code."""
    before_items = {r.code: r for r in before.items}
    after_items = {r.code: r for r in after.items}
    common = [code for code in after_items if code in before_items]
    changes = [ItemChange(code, after_items[code].title, before_items[code], after_items[code]) for code in common]
    before_themes = {t.code: t for t in before.themes}
    theme_deltas = [
        ThemeDelta(t.code, t.title, before_themes[t.code].score if t.code in before_themes else None, t.score)
        for t in after.themes
    ]
    return Comparison(
        items_in_common=len(common),
        only_before=[code for code in before_items if code not in after_items],
        only_after=[code for code in after_items if code not in before_items],
        same_version=same_version,
        overall_before=before.overall,
        overall_after=after.overall,
        changes=changes,
        theme_deltas=theme_deltas,
    )


def as_percentage(value: float | None, digits: int = 0) -> str:
    """Format a 0..1 score as a Dutch percentage ("72%"), or an em dash when there is none."""
    if value is None:
        return "–"
    text = f"{value * 100:.{digits}f}"
    return f"{text.replace('.', ',')}%"
