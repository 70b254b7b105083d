"""What each role may do, through the store: invuller, vaststeller, lezer, provincie, riec."""

from __future__ import annotations

import pytest
from conftest import fixed_clock

from norm.access import FOUR_EYES_SETTING, Grant, Principal
from norm.aggregate import load_shared
from norm.errors import ForbiddenError
from norm.store import Store


def complete(store: Store, assessment_id: int) -> None:
    for code in ("MINI-A01", "MINI-A02", "MINI-B01", "MINI-B02"):
        store.set_answer(assessment_id, code, level=2)


@pytest.fixture
def team(mini_store: Store) -> Store:
    store = mini_store
    store.upsert_organisation("GM0321", "Houten", "gemeente")
    store.grant_role("anna", "invuller", "GM0344")
    store.grant_role("bert", "vaststeller", "GM0344")
    store.grant_role("lies", "lezer", "GM0344")
    store.grant_role("ivo", "invuller", "GM0344", assigned_only=True)
    store.grant_role("piet", "provincie")
    store.grant_role("rita", "riec")
    return store


def user(store: Store, name: str) -> Store:
    return Store(store.path, clock=fixed_clock, principal=store.principal_for(name))


def test_a_reader_reads_but_changes_nothing(team: Store) -> None:
    assessment = team.new_assessment("GM0344", "mini-norm", "2026")
    team.set_answer(assessment, "MINI-A01", level=2)
    lies = user(team, "lies")
    assert lies.answers(assessment)["MINI-A01"].level == 2
    assert lies.score(assessment).items
    for attempt in (lambda: lies.set_answer(assessment, "MINI-A01", level=3),
                    lambda: lies.add_action(assessment, "MINI-A01", "x"),
                    lambda: lies.finalise(assessment),
                    lambda: lies.set_sharing(assessment, "benoemd"),
                    lambda: lies.new_assessment("GM0344", "mini-norm", "2027"),
                    lambda: lies.delete_assessment(assessment)):
        with pytest.raises(ForbiddenError, match="lies"):
            attempt()
    lies.close()


def test_an_invuller_fills_in_but_does_not_finalise_or_share(team: Store) -> None:
    anna = user(team, "anna")
    assessment = anna.new_assessment("GM0344", "mini-norm", "2026")
    complete(anna, assessment)
    with pytest.raises(ForbiddenError, match="vast te stellen"):
        anna.finalise(assessment)
    with pytest.raises(ForbiddenError, match="deelniveau"):
        anna.set_sharing(assessment, "benoemd")
    anna.close()


def test_the_vaststeller_finalises_what_others_entered_and_the_log_says_who(team: Store) -> None:
    anna, bert = user(team, "anna"), user(team, "bert")
    assessment = anna.new_assessment("GM0344", "mini-norm", "2026")
    complete(anna, assessment)
    with pytest.raises(ForbiddenError, match="van Utrecht in te vullen"):
        bert.set_answer(assessment, "MINI-A01", level=3)  # a vaststeller does not fill in
    bert.finalise(assessment, sharing="benoemd")
    record = team.assessment(assessment)
    assert record.is_definitive and record.finalised_by == "bert"
    actors = {(e.entity, e.field): e.actor for e in team.changelog(assessment)}
    assert actors[("answer", "level")] == "anna" and actors[("assessment", "status")] == "bert"
    anna.close()
    bert.close()


def test_four_eyes_who_entered_answers_does_not_finalise(team: Store) -> None:
    team.grant_role("anna", "vaststeller", "GM0344")
    anna = user(team, "anna")
    assessment = anna.new_assessment("GM0344", "mini-norm", "2026")
    complete(anna, assessment)
    with pytest.raises(ForbiddenError, match="vier ogen"):
        anna.finalise(assessment)
    with pytest.raises(ForbiddenError):
        anna.set_setting(FOUR_EYES_SETTING, "uit")  # a user cannot lift it for themselves
    team.set_setting(FOUR_EYES_SETTING, "uit")  # the administrator can, for a one-person organisation
    anna.finalise(assessment)
    assert team.assessment(assessment).finalised_by == "anna"
    anna.close()


def test_an_invuller_limited_to_assignments_edits_only_those(team: Store) -> None:
    assessment = team.new_assessment("GM0344", "mini-norm", "2026")
    team.assign(assessment, "ivo", theme_code="B")
    ivo = user(team, "ivo")
    ivo.set_answer(assessment, "MINI-B01", level=1)
    ivo.add_action(assessment, "MINI-B02", "Screening inrichten")
    for attempt in (lambda: ivo.set_answer(assessment, "MINI-A01", level=1),
                    lambda: ivo.add_action(assessment, "MINI-A01", "x"),
                    lambda: ivo.mark_reviewed(assessment, "MINI-A02")):
        with pytest.raises(ForbiddenError, match="niet aan ivo toegewezen"):
            attempt()
    action = team.add_action(assessment, "MINI-A01", "van een ander")
    with pytest.raises(ForbiddenError):
        ivo.update_action(action, description="weg")
    ivo.close()


def regional_world(team: Store) -> dict[str, int]:
    ids: dict[str, int] = {}
    for code, name, sharing in (("GM0344", "Utrecht", "benoemd"), ("GM0321", "Houten", "geaggregeerd"),
                                ("GM0355", "Zeist", "intern")):
        team.upsert_organisation(code, name, "gemeente")
        ids[code] = team.new_assessment(code, "mini-norm", "2026")
        complete(team, ids[code])
        team.finalise(ids[code], sharing=sharing)
    ids["concept"] = team.new_assessment("GM0344", "mini-norm", "2027")
    return ids


@pytest.mark.parametrize("name", ["piet", "rita"])
def test_regional_roles_see_named_data_only_of_benoemd(team: Store, name: str) -> None:
    ids = regional_world(team)
    regional = user(team, name)
    assert [r.organisation_code for r in regional.assessments()] == ["GM0344"]
    assert regional.answers(ids["GM0344"])["MINI-A01"].level == 2
    for hidden in ("GM0321", "GM0355", "concept"):
        with pytest.raises(ForbiddenError):
            regional.answers(ids[hidden])
        with pytest.raises(ForbiddenError):
            regional.assessment(ids[hidden])
        with pytest.raises(ForbiddenError):
            regional.changelog(ids[hidden])
    with pytest.raises(ForbiddenError):
        regional.set_answer(ids["concept"], "MINI-A01", level=1)
    # Aggregate figures count the shared ones (benoemd and geaggregeerd), never intern or a concept.
    data = load_shared(regional, "mini-norm", min_group=3)
    assert data.count("2026") == 2
    assert [o.name for o in data.named_organisations("2026")] == ["Utrecht"]
    regional.close()


def test_a_municipality_compares_with_shared_peers_only(team: Store) -> None:
    ids = regional_world(team)
    team.grant_role("hans", "lezer", "GM0321")
    hans = user(team, "hans")
    data = load_shared(hans, "mini-norm", min_group=3, exclude_organisation="GM0321")
    assert data.count("2026") == 1  # Utrecht; Zeist (intern) does not count
    with pytest.raises(ForbiddenError):
        hans.answers(ids["GM0344"])  # outside the aggregate, Utrecht's answers stay Utrecht's
    hans.close()


def test_the_policy_without_a_store() -> None:
    principal = Principal("x", grants=(Grant("lezer", "GM0344"), Grant("riec")))
    assert principal.allows("read", "gm0344")
    assert not principal.allows("edit", "GM0344")
    assert principal.allows("read", "GM0001", status="definitief", sharing="benoemd")
    assert not principal.allows("read", "GM0001", status="definitief", sharing="geaggregeerd")
    assert not principal.allows("read", "GM0001", status="concept", sharing="benoemd")
    assert principal.allows("aggregate", "GM0001", status="definitief", sharing="geaggregeerd")
    assert not principal.allows("aggregate", "GM0001", status="definitief", sharing="intern")
    assert principal.allows("receive", "GM0001")
    assert not principal.allows("admin", None)
    assert not Principal("y").allows("aggregate", None)
