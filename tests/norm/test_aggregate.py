"""The privacy-enforcing aggregation layer: selection, statistics, suppression, names."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from reports_support import ORGANISATIONS, make_store, submit

from norm.aggregate import (
    Disclosure,
    individual_report_allowed,
    load_shared,
    profile_of,
    quartiles,
    require_individual_report,
    size_class_of,
)
from norm.store import InvalidInputError, Organisation, Store

GEMEENTEN = [code for code, _, org_type, _, _ in ORGANISATIONS if org_type == "gemeente"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = make_store(tmp_path / "agg.db")
    yield store
    store.close()


def test_only_latest_definitive_shared_assessments_count(store: Store) -> None:
    submit(store, "GM0001", "2025", "geaggregeerd", default=1)
    submit(store, "GM0001", "2025", "geaggregeerd", default=3)  # a later correction replaces the first
    submit(store, "GM0002", "2025", "intern", default=3)  # never shared
    submit(store, "GM0003", "2025", "benoemd", default=2)
    submit(store, "GM0003", "2025", "intern", default=0)  # latest is intern: withdraws GM0003 for 2025
    store.new_assessment("GM0004", "testnorm", "2025")  # a concept never counts
    submit(store, "GM0005", "2024", "benoemd", default=0)
    data = load_shared(store, "testnorm", min_group=3)
    assert data.periods == ["2024", "2025"]
    assert data.count("2025") == 1
    assert data.count("2024") == 1
    (member,) = [p for p in data._participants if p.period == "2025"]
    assert member.score.overall == 1.0  # the correction (all at level 3), not the first one


def test_statistics_equal_the_scoring_functions(store: Store) -> None:
    levels = [0, 1, 1, 2, 2, 3, 3, 2]
    ids = [submit(store, code, "2026", "geaggregeerd", default=level) for code, level in zip(GEMEENTEN, levels,
                                                                                              strict=False)]
    data = load_shared(store, "testnorm")
    scores = [store.score(i) for i in ids]
    overall = data.overall("2026")
    expected = sorted(s.overall for s in scores)
    q1, median, q3 = statistics.quantiles(expected, n=4, method="inclusive")
    assert overall.n == len(ids)
    assert overall.median == pytest.approx(statistics.median(expected))
    assert (overall.q1, overall.q3) == (pytest.approx(q1), pytest.approx(q3))
    assert overall.meeting == sum(1 for s in scores if s.overall >= s.target_score - 1e-9)
    theme = next(t for t in data.themes("2026") if t.code == "SA")
    theme_scores = sorted(s.theme("SA").score for s in scores)
    assert theme.stat.median == pytest.approx(statistics.median(theme_scores))
    item = next(i for i in data.items("2026") if i.code == "T-EO-03")
    assert item.stat.meeting == sum(1 for level in levels if level >= 3)
    assert item.stat.n == len(ids)
    assert item.not_applicable == 0
    basis = data.basisnorm("2026")
    assert basis.meeting == sum(1 for s in scores if s.basisnorm == "voldoet")


def test_quartiles_follow_the_inclusive_rule() -> None:
    assert quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)
    assert quartiles([1.0, 2.0, 3.0, 4.0]) == (1.75, 2.5, 3.25)


def test_figures_below_k_are_suppressed_without_values(store: Store) -> None:
    for code in GEMEENTEN[:4]:
        submit(store, code, "2026", "geaggregeerd", default=2)
    data = load_shared(store, "testnorm", min_group=5)
    overall = data.overall("2026")
    assert overall.n == 4
    assert overall.suppressed == "minder dan 5 organisaties"
    assert (overall.median, overall.q1, overall.q3, overall.meeting, overall.share) == (None,) * 5
    assert all(not t.stat.shown and t.stat.median is None for t in data.themes("2026"))
    assert all(i.stat.meeting is None and i.not_applicable is None for i in data.items("2026"))
    assert data.tiers("2026").rows == []
    submit(store, GEMEENTEN[4], "2026", "geaggregeerd", default=2)
    assert load_shared(store, "testnorm", min_group=5).overall("2026").shown


def test_a_few_unnamed_among_named_are_protected(store: Store) -> None:
    for code in GEMEENTEN[:5]:
        submit(store, code, "2026", "benoemd", default=2)
    assert load_shared(store, "testnorm").overall("2026").shown  # all named: nothing to protect
    submit(store, GEMEENTEN[5], "2026", "geaggregeerd", default=0)
    overall = load_shared(store, "testnorm").overall("2026")
    assert overall.suppressed == "herleidbaar tot minder dan 5 niet-benoemde organisaties"
    assert overall.median is None


def test_breakdown_merges_a_district_too_small_to_show(store: Store) -> None:
    # West: GM0001-6 (6), Oost: GM0007-12 (6), Stad: GM0013 (1).
    for code in GEMEENTEN:
        submit(store, code, "2026", "geaggregeerd", default=2)
    data = load_shared(store, "testnorm", min_group=5)
    breakdown = data.breakdown("2026", "police_district")
    # Stad is merged with a neighbour instead of blanked; every merged group is shown and explained.
    assert breakdown.groups == ["Oost en Stad", "West"]
    assert [m.parts for m in breakdown.merges] == [("Oost", "Stad")]
    assert all(cell.stat.shown for cell in breakdown.overall)
    assert breakdown.group_sizes == {"Oost en Stad": 7, "West": 6}
    assert data.overall("2026").shown


def test_disclosure_groups_of_zero_stay_visible_and_safe_sets_pass() -> None:
    disclosure = Disclosure(5)
    assert disclosure.protect_groups({"a": [], "b": []}) == {"a": None, "b": None}


def test_names_travel_only_with_benoemd(store: Store) -> None:
    for index, code in enumerate(GEMEENTEN[:10]):
        submit(store, code, "2026", "benoemd" if index < 3 else "geaggregeerd", default=1)
    data = load_shared(store, "testnorm")
    named = {p.name for p in data._participants if p.named}
    assert named == {"Aadorp", "Beekveld", "Celle"}
    assert all(p.name is None and p.code is None for p in data._participants if not p.named)
    gaps = data.named_gaps("2026")
    assert {entry.name for entries in gaps.values() for entry in entries} == {"Aadorp", "Beekveld", "Celle"}
    assert [o.name for o in data.named_organisations("2026")] == ["Aadorp", "Beekveld", "Celle"]


def test_item_changes_use_organisations_in_both_periods(store: Store) -> None:
    for code in GEMEENTEN[:6]:
        submit(store, code, "2025", "geaggregeerd", default=1)
        submit(store, code, "2026", "geaggregeerd", default=1, levels={"T-EO-01": 2})
    for code in GEMEENTEN[6:11]:  # five new in 2026: not in the panel, and enough not to single one out
        submit(store, code, "2026", "geaggregeerd", default=3)
    data = load_shared(store, "testnorm")
    change = next(c for c in data.item_changes("2026", "2025") if c.code == "T-EO-01")
    assert (change.n, change.before, change.after, change.improved, change.worsened) == (6, 0, 6, 6, 0)
    assert change.delta == pytest.approx(1.0)
    unchanged = next(c for c in data.item_changes("2026", "2025") if c.code == "T-EO-02")
    assert (unchanged.improved, unchanged.worsened, unchanged.delta) == (0, 0, 0)


def test_item_changes_are_withdrawn_when_the_panel_differs_from_everyone_by_one(store: Store) -> None:
    for code in GEMEENTEN[:6]:
        submit(store, code, "2025", "geaggregeerd", default=1)
        submit(store, code, "2026", "geaggregeerd", default=1, levels={"T-EO-01": 2})
    submit(store, GEMEENTEN[6], "2026", "geaggregeerd", default=3)  # one new: ranking minus panel = this one
    data = load_shared(store, "testnorm")
    change = next(c for c in data.item_changes("2026", "2025") if c.code == "T-EO-01")
    assert change.n == 6 and change.after is None and change.suppressed
    assert data.items("2026")[0].stat.shown  # the ranking over everyone stays


def test_peers_are_the_audited_group_including_the_organisation(store: Store) -> None:
    for code in GEMEENTEN[:7]:
        submit(store, code, "2026", "geaggregeerd", default=2)
    data = load_shared(store, "testnorm")
    # West has six, Oost one: Oost is merged into West, and the peer group is that merged group.
    peers = data.peers("gemeente", "police_district", "West")
    assert peers.count("2026") == 7
    assert peers.scope_key == "view:gemeente:police_district:Oost en West"


@pytest.mark.parametrize("bad", [2, 0, -5, True, "5", 2.5])
def test_min_group_must_be_a_whole_number_of_at_least_three(store: Store, bad: object) -> None:
    with pytest.raises(InvalidInputError, match="minstens 3"):
        load_shared(store, "testnorm", min_group=bad)  # type: ignore[arg-type]


def test_unknown_checklist_and_dimension_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="Onbekende checklist 'nope'"):
        load_shared(store, "nope")
    data = load_shared(store, "testnorm")
    with pytest.raises(InvalidInputError, match="Onbekende indeling"):
        data.breakdown("2026", "kleur")


def test_profiles_derive_size_class_and_district() -> None:
    assert size_class_of(19_999) == "klein"
    assert size_class_of(20_000) == "middelgroot"
    assert size_class_of(250_000) == "zeer groot"
    assert size_class_of(None) is None and size_class_of("veel") is None and size_class_of(0) is None
    org = Organisation("GM1", "X", "gemeente", {"population_2019": 61_000, "police_district": "Oost"})
    profile = profile_of(org)
    assert (profile.size_class, profile.police_district) == ("groot", "Oost")
    assert profile.group("size_class") == "groot (50.000 tot 100.000)"
    explicit = profile_of(Organisation("GM2", "Y", "gemeente", {"size_class": "klein", "population": 90_000}))
    assert explicit.size_class == "klein"
    assert profile_of(Organisation("W1", "Z", "waterschap")).group("police_district") == "overige organisaties"


def test_individual_reports_only_for_own_or_benoemd(store: Store) -> None:
    own = store.assessment(submit(store, "GM0001", "2026", "geaggregeerd"))
    assert individual_report_allowed(own)
    imported = own.__class__(**{**own.__dict__, "origin": "import"})
    assert not individual_report_allowed(imported)
    with pytest.raises(InvalidInputError, match="geaggregeerde cijfers"):
        require_individual_report(imported)
    named = own.__class__(**{**own.__dict__, "origin": "import", "sharing": "benoemd"})
    assert individual_report_allowed(named)
