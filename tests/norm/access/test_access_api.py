"""The access API: grants, principals, assignments and answer revisions (norm.access, norm.store.access)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fixed_clock

from norm.access import Grant, Principal
from norm.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from norm.labels import explained, label
from norm.store import Store
from norm.vocabulary import ROLES


@pytest.fixture
def hosted(mini_store: Store) -> Store:
    mini_store.upsert_organisation("GM0321", "Houten", "gemeente")
    mini_store.grant_role("anna", "invuller", "GM0344")
    mini_store.grant_role("bert", "vaststeller", "GM0344")
    mini_store.grant_role("hans", "invuller", "GM0321")
    mini_store.grant_role("piet", "provincie")
    return mini_store


def as_user(store: Store, username: str) -> Store:
    return Store(store.path, clock=fixed_clock, principal=store.principal_for(username))


def test_roles_have_dutch_and_english_labels() -> None:
    for role in ROLES:
        assert label("role", role) and label("role", role, "en") and explained("role", role)


def test_grant_list_and_revoke(hosted: Store) -> None:
    assert [(g.username, g.role, g.organisation_code) for g in hosted.grants("anna")] == [
        ("anna", "invuller", "GM0344")]
    assert hosted.grant_role("anna", "invuller", "gm0344") is False  # the code is found case-insensitively
    assert hosted.has_grants()
    principal = hosted.principal_for("anna", "Anna de Vries")
    assert principal == Principal("anna", "Anna de Vries", (Grant("invuller", "GM0344"),))
    assert principal.name == "Anna de Vries"
    assert hosted.revoke_role("anna", "invuller", "GM0344") is True
    assert hosted.revoke_role("anna", "invuller", "GM0344") is False
    assert hosted.principal_for("anna").grants == ()
    assert any(e.entity == "toegang" and e.old_value == "anna: invuller" for e in hosted.changelog())


@pytest.mark.parametrize(("username", "role", "org", "message"), [
    ("anna", "beheerder", "GM0344", "Onbekende rol"),
    ("anna", "invuller", None, "hoort bij een organisatie"),
    ("anna", "provincie", "GM0344", "regionaal"),
    ("", "lezer", "GM0344", "gebruikersnaam"),
    ("an\nna", "lezer", "GM0344", "gebruikersnaam"),
    ("x" * 201, "lezer", "GM0344", "gebruikersnaam"),
    ("anna", "lezer", "GM 0344", "organisatiecode"),
])
def test_bad_grants_are_refused(hosted: Store, username: str, role: str, org: str | None, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        hosted.grant_role(username, role, org)


def test_grant_to_an_unknown_organisation_and_assigned_only_on_a_reader(hosted: Store) -> None:
    with pytest.raises(NotFoundError):
        hosted.grant_role("anna", "lezer", "GM9999")
    with pytest.raises(InvalidInputError, match="Alleen een invuller"):
        hosted.grant_role("anna", "lezer", "GM0344", assigned_only=True)


def test_only_local_mode_administers_grants(hosted: Store) -> None:
    anna = as_user(hosted, "anna")
    for attempt in (lambda: anna.grant_role("anna", "vaststeller", "GM0344"),
                    lambda: anna.revoke_role("bert", "vaststeller", "GM0344"),
                    lambda: anna.grants("bert"), lambda: anna.grants()):
        with pytest.raises(ForbiddenError, match="anna"):
            attempt()
    assert [g.role for g in anna.grants("anna")] == ["invuller"]  # one's own roles are no secret
    anna.close()


def test_the_principal_is_the_actor(hosted: Store) -> None:
    anna = Store(hosted.path, actor="someone-else", principal=hosted.principal_for("anna"))
    assert anna.actor == "anna"
    assert not anna.local_mode and hosted.local_mode
    anna.close()


def test_revision_counts_every_write_of_an_answer(hosted: Store) -> None:
    assessment = hosted.new_assessment("GM0344", "mini-norm", "2026")
    assert hosted.answer_revisions(assessment) == {}
    hosted.set_answer(assessment, "MINI-A01", level=2)
    hosted.set_answer(assessment, "MINI-A01", comment="toelichting")
    hosted.set_answer(assessment, "MINI-A02", level=1)
    assert hosted.answer_revisions(assessment) == {"MINI-A01": 2, "MINI-A02": 1}


def test_two_connections_never_overwrite_each_other_silently(hosted: Store, tmp_path: Path) -> None:
    assessment = hosted.new_assessment("GM0344", "mini-norm", "2026")
    hosted.grant_role("carla", "invuller", "GM0344")
    anna, carla = as_user(hosted, "anna"), as_user(hosted, "carla")
    loaded = anna.answer_revisions(assessment).get("MINI-A01", 0)
    assert carla.answer_revisions(assessment).get("MINI-A01", 0) == loaded == 0
    saved = carla.save_answer(assessment, "MINI-A01", expected_revision=0, level=3)
    assert (saved.answer.level, saved.revision) == (3, 1)
    with pytest.raises(ConflictError) as caught:
        anna.save_answer(assessment, "MINI-A01", expected_revision=loaded, level=1)
    error = caught.value
    assert error.item_code == "MINI-A01" and error.by == "carla" and error.revision == 1
    assert error.theirs is not None and error.theirs.level == 3  # type: ignore[attr-defined]
    assert "carla" in str(error) and "\n" not in str(error)
    assert hosted.answers(assessment)["MINI-A01"].level == 3  # nothing was written
    # Anna keeps her own value on purpose: she saves against the revision she has now seen.
    assert anna.save_answer(assessment, "MINI-A01", expected_revision=error.revision, level=1).revision == 2
    assert hosted.answers(assessment)["MINI-A01"].level == 1
    assert hosted.answer_revisions(assessment)["MINI-A01"] == 2
    anna.close()
    carla.close()


def test_assignments_by_theme_and_measure(hosted: Store) -> None:
    assessment = hosted.new_assessment("GM0344", "mini-norm", "2026")
    assert hosted.assign(assessment, "anna", theme_code="a") is True
    assert hosted.assign(assessment, "anna", theme_code="A") is False
    assert hosted.assign(assessment, "carla", item_code="MINI-B02") is True
    assert hosted.assigned_items(assessment, "anna") == {"MINI-A01", "MINI-A02"}
    assert hosted.assigned_items(assessment, "carla") == {"MINI-B02"}
    assert [(a.username, a.theme_code, a.item_code) for a in hosted.assignments(assessment)] == [
        ("anna", "A", None), ("carla", None, "MINI-B02")]
    assert hosted.unassign(assessment, "carla", item_code="MINI-B02") is True
    assert hosted.unassign(assessment, "carla", item_code="MINI-B02") is False
    with pytest.raises(InvalidInputError, match="thema óf een maatregel"):
        hosted.assign(assessment, "anna", theme_code="A", item_code="MINI-A01")
    with pytest.raises(InvalidInputError):
        hosted.assign(assessment, "anna")
    with pytest.raises(NotFoundError):
        hosted.assign(assessment, "anna", theme_code="Z")
    with pytest.raises(NotFoundError):
        hosted.assign(assessment, "anna", item_code="MINI-Z99")


def test_a_colleague_of_another_organisation_cannot_assign(hosted: Store) -> None:
    assessment = hosted.new_assessment("GM0344", "mini-norm", "2026")
    hans = as_user(hosted, "hans")
    with pytest.raises(ForbiddenError, match="Utrecht"):
        hans.assign(assessment, "hans", theme_code="A")
    hans.close()
