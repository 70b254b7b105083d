"""The audit as the reader of the threat model tries it: add and subtract every published group."""

from __future__ import annotations

from collections.abc import Hashable
from fractions import Fraction
from itertools import combinations, product

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from norm.disclosure import Group, audit, merge_small

K = 5


def groups(**sets: object) -> list[Group]:
    return [Group(key, frozenset(members), cost=1000 if key == "all" else 10)  # type: ignore[arg-type]
            for key, members in sets.items()]


def isolating_combination(published: list[Group], named: set[Hashable], k: int) -> tuple[int, ...] | None:
    """The attacker: every sum and difference of published groups (coefficients -1, 0, 1); returns the
    coefficients of one that selects 1..k-1 unnamed organisations exactly, or None."""
    members = sorted({m for g in published for m in g.members if m not in named}, key=str)
    vectors = [[1 if m in g.members else 0 for m in members] for g in published]
    for coefficients in product((-1, 0, 1), repeat=len(published)):
        if not any(coefficients):
            continue
        total = [sum(c * v[i] for c, v in zip(coefficients, vectors, strict=True)) for i in range(len(members))]
        if all(x in (0, 1) for x in total) and 0 < sum(total) < k:
            return coefficients
    return None


def median_pair(published: list[Group], named: set[Hashable], k: int) -> tuple[str, str] | None:
    for a, b in combinations(published, 2):
        difference = {m for m in a.members ^ b.members if m not in named}
        if 0 < len(difference) < k and a.members - set(named) and b.members - set(named):
            return a.key, b.key
    return None


def published(all_groups: list[Group], named: set[Hashable], k: int = K) -> list[Group]:
    result = audit(all_groups, named, k)
    return [g for g in all_groups if g.key not in result.suppressed]


def test_a_late_submission_is_not_the_difference_of_two_published_totals() -> None:
    # The release before and after one late submission: everyone, and everyone but one.
    before = Group("before", frozenset(range(10)), fixed=True)
    after = Group("after", frozenset(range(11)))
    result = audit([before, after], set(), K)
    assert "after" in result.suppressed


def test_ranking_minus_panel_does_not_isolate_the_newcomer() -> None:
    shown = published(groups(all=range(12), panel=range(11)), set())
    assert [g.key for g in shown] == ["all"]


def test_crossing_breakdowns_with_a_one_organisation_difference_are_not_both_shown() -> None:
    # District Oost = size class klein plus organisation 9: the two columns differ by one.
    population = range(20)
    shown = published(groups(all=population, oost=range(10), west=range(10, 20), klein=range(9),
                             rest=range(9, 20)), set())
    assert isolating_combination(shown, set(), K) is None
    assert median_pair(shown, set(), K) is None
    assert len(shown) >= 3  # not everything is blanked


def test_crossing_breakdowns_with_large_cells_stay_visible() -> None:
    # Two partitions whose crossing cells are small, but no sum or difference isolates one of them.
    population = range(24)
    district_a = set(range(12))
    size_a = set(range(6)) | set(range(12, 18))
    sets = dict(all=population, da=district_a, db=set(population) - district_a, sa=size_a,
                sb=set(population) - size_a)
    result = audit(groups(**sets), set(), K)
    assert result.suppressed == {}


def test_a_benoemd_organisation_subtracted_from_its_group_reveals_nothing() -> None:
    # Group of six: five named (their figures are public) and one that is not.
    named = {0, 1, 2, 3, 4}
    shown = published(groups(all=range(20), group=range(6), rest=range(6, 20)), named)
    assert "group" not in [g.key for g in shown]
    assert isolating_combination(shown, named, K) is None


def test_suppression_hides_as_little_as_possible() -> None:
    # Four districts; one too small. One more district is withdrawn as complement, not three.
    sets = dict(all=range(30), a=range(0, 10), b=range(10, 20), c=range(20, 28), d=range(28, 30))
    result = audit(groups(**sets), set(), K)
    assert set(result.suppressed) == {"d", "c"}
    assert result.suppressed["d"] == "primair" and result.suppressed["c"] == "aanvullend"


def test_groups_with_the_same_members_stand_together() -> None:
    result = audit(groups(all=range(10), same=range(10), panel=range(9)), set(), K)
    assert set(result.suppressed) == {"panel"}


def test_fixed_groups_that_isolate_are_reported_unresolved() -> None:
    result = audit([Group("a", frozenset(range(10)), fixed=True), Group("b", frozenset(range(9)), fixed=True)],
                   set(), K)
    assert not result.safe and set(result.unresolved) == {"a", "b"}


def test_bad_arguments_are_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="k must be"):
        audit([], set(), 1)
    with pytest.raises(ValueError, match="unique"):
        audit([Group("a", frozenset()), Group("a", frozenset())], set(), 5)


def test_merging_joins_a_small_category_with_its_smaller_neighbour() -> None:
    mapping, merges = merge_small(["klein", "middelgroot", "groot", "zeer groot"],
                                  {"klein": 9, "middelgroot": 7, "groot": 3, "zeer groot": 2}, K)
    assert mapping["groot"] == mapping["zeer groot"] == "groot en zeer groot"
    assert mapping["klein"] == "klein" and [m.parts for m in merges] == [("groot", "zeer groot")]


def test_merging_keeps_apart_what_has_no_neighbour() -> None:
    mapping, _ = merge_small(["Oost", "West", "overige"], {"Oost": 8, "West": 7, "overige": 2}, K,
                             apart=["overige"])
    assert mapping == {"Oost": "Oost", "West": "West", "overige": "overige"}


populations = st.integers(min_value=4, max_value=16).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.sets(st.integers(0, n - 1), max_size=n // 2),  # benoemd
        st.lists(st.sets(st.integers(0, n - 1), min_size=1), min_size=1, max_size=5),  # published groups
        st.integers(min_value=3, max_value=5),  # k
    ))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(populations)
def test_the_audit_never_lets_an_isolating_combination_through(case: tuple[int, set[int], list[set[int]], int]
                                                               ) -> None:
    n, named, sets, k = case
    candidates = [Group("all", frozenset(range(n)), cost=1000)]
    candidates += [Group(f"g{i}", frozenset(s), cost=10) for i, s in enumerate(sets)]
    shown = published(candidates, set(named), k)
    assert isolating_combination(shown, set(named), k) is None
    assert median_pair(shown, set(named), k) is None
    for group in shown:
        assert not 0 < len(group.members - set(named)) < k


def test_the_whole_minus_a_published_cell_does_not_reveal_a_suppressed_pair() -> None:
    # Two crossing breakdowns of five organisations, k = 3: cells {0, 2} and {2, 3} are too small.
    # "All" minus the published cell {1, 3, 4} would give {0, 2} away (an earlier version of the
    # search missed this: it combined rows of an incompletely reduced matrix).
    # Counts and shares only (no medians), so only the additive check stands between them.
    cells = {"all": range(5), "d00": {0, 2}, "d01": {1, 3, 4}, "d10": {2, 3}, "d11": {0, 1, 4}}
    candidates = [Group(key, frozenset(members), cost=1000 if key == "all" else 10, medians=False)
                  for key, members in cells.items()]
    shown = published(candidates, set(), 3)
    assert isolating_combination(shown, set(), 3) is None
    assert exact_isolation(shown, set(), 3) is None


def exact_isolation(published: list[Group], named: set[Hashable], k: int) -> frozenset[Hashable] | None:
    """The exact attacker: any set of 1..k-1 unnamed organisations whose total follows from the
    published totals by any rational combination (Gaussian elimination over fractions)."""
    members = sorted({m for g in published for m in g.members if m not in named}, key=str)
    rows = [[Fraction(1 if m in g.members else 0) for m in members] for g in published]

    def rank(matrix: list[list[Fraction]]) -> int:
        matrix = [r[:] for r in matrix]
        found = 0
        for column in range(len(members)):
            pivot = next((r for r in range(found, len(matrix)) if matrix[r][column]), None)
            if pivot is None:
                continue
            matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
            for r in range(len(matrix)):
                if r != found and matrix[r][column]:
                    factor = matrix[r][column] / matrix[found][column]
                    matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[found], strict=True)]
            found += 1
        return found

    base = rank(rows)
    for size in range(1, k):
        for chosen in combinations(members, size):
            target = [Fraction(1 if m in chosen else 0) for m in members]
            if rank([*rows, target]) == base:
                return frozenset(chosen)
    return None


breakdowns = st.integers(min_value=4, max_value=12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.sets(st.integers(0, n - 1), max_size=n // 3),  # benoemd
        # Each breakdown assigns every organisation one of up to three categories (crossing tables).
        st.lists(st.lists(st.integers(0, 2), min_size=n, max_size=n), min_size=1, max_size=3),
        st.integers(min_value=2, max_value=3),  # k
    ))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(breakdowns)
def test_no_rational_combination_of_crossing_breakdowns_isolates_anyone(
        case: tuple[int, set[int], list[list[int]], int]) -> None:
    n, named, labels, k = case
    candidates = [Group("all", frozenset(range(n)), cost=1000)]
    candidates += [Group(f"d{d}:{c}", frozenset(m for m in range(n) if row[m] == c), cost=10)
                   for d, row in enumerate(labels) for c in sorted(set(row))]
    unique = list({g.members: g for g in candidates}.values())
    shown = published(unique, set(named), k)
    assert exact_isolation(shown, set(named), k) is None
