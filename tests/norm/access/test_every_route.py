"""Every public Store method is checked against the acting user: the attacker's test.

A user of Houten (every organisation role of Houten) tries each public method on Utrecht's data and
is refused, or gets a listing without Utrecht. The table of methods is complete: a new public
method of ``Store`` fails ``test_the_table_names_every_public_method`` until it is classified here,
so a new route to organisation data cannot ship without its check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import fixed_clock

from norm.answers import Answer
from norm.checklist import Checklist
from norm.errors import ForbiddenError
from norm.store import AssessmentContent, Store
from norm.vocabulary import IMPORTED


@dataclass
class Ctx:
    utrecht: int  # a concept of Utrecht with an answer and an action
    action: int
    checklist: Checklist
    uid: str
    attachment: int  # a document attached to Utrecht's measure


def _content(ctx: Ctx, store: Store) -> AssessmentContent:
    record = store.assessment(ctx.utrecht)
    return AssessmentContent("00000000-0000-4000-8000-000000000001", "GM0344", record.snapshot_id, "2027",
                             "nulmeting", "definitief", "benoemd", fixed_clock(), "x", fixed_clock(), fixed_clock())


Attempt = Callable[[Store, Ctx], Any]

REFUSED: dict[str, Attempt] = {
    "account": lambda s, c: s.account("anna"),
    "accounts": lambda s, c: s.accounts(),
    "add_account": lambda s, c: s.add_account("mallory", "Mallory", password=None),
    "authenticate": lambda s, c: s.authenticate("anna", "wachtwoord"),
    "backup_to": lambda s, c: s.backup_to(str(s.path) + ".kopie"),
    "login_log": lambda s, c: s.login_log(),
    "proxy_login": lambda s, c: s.proxy_login("anna"),
    "record_login_event": lambda s, c: s.record_login_event("anna", "afgemeld"),
    "reset_account": lambda s, c: s.reset_account("anna", password=None),
    "set_account_disabled": lambda s, c: s.set_account_disabled("anna"),
    "action": lambda s, c: s.action(c.action),
    "action_plan": lambda s, c: s.action_plan("GM0344"),
    "actions": lambda s, c: s.actions(c.utrecht),
    "add_release": lambda s, c: s.add_release("mini-norm", "2026", 5, []),
    "add_benchmark": lambda s, c: s.add_benchmark({}, "AAAA-BBBB", "0" * 64),  # refused before it is read
    "add_attachment": lambda s, c: s.add_attachment(c.utrecht, "MINI-A01", "x.pdf", b"%PDF"),
    "add_attachment_file": lambda s, c: s.add_attachment_file(c.utrecht, "MINI-A01", __file__),
    "attachment": lambda s, c: s.attachment(c.attachment),
    "attachment_content": lambda s, c: s.attachment_content(c.attachment),
    "attachments": lambda s, c: s.attachments(c.utrecht),
    "delete_attachment": lambda s, c: s.delete_attachment(c.attachment),
    "item_history": lambda s, c: s.item_history(c.utrecht, "MINI-A01"),
    "restore_answer": lambda s, c: s.restore_answer(c.utrecht, "MINI-A01", Answer("MINI-A01", level=0)),
    "update_plan": lambda s, c: s.update_plan(c.action, status="gereed"),
    "add_action": lambda s, c: s.add_action(c.utrecht, "MINI-A01", "Houten was hier"),
    "add_assessments": lambda s, c: s.add_assessments([], origin=IMPORTED),
    "add_checklist": lambda s, c: s.add_checklist(c.checklist),
    "add_mapping": lambda s, c: s.add_mapping(object()),  # refused before the argument is looked at
    "answer_origins": lambda s, c: s.answer_origins(c.utrecht),
    "answer_revisions": lambda s, c: s.answer_revisions(c.utrecht),
    "answers": lambda s, c: s.answers(c.utrecht),
    "assessment": lambda s, c: s.assessment(c.utrecht),
    "assessment_by_uid": lambda s, c: s.assessment_by_uid(c.uid),
    "assign": lambda s, c: s.assign(c.utrecht, "hans", theme_code="A"),
    "assigned_items": lambda s, c: s.assigned_items(c.utrecht, "anna"),
    "assignments": lambda s, c: s.assignments(c.utrecht),
    "compact_scores": lambda s, c: s.compact_scores([c.utrecht]),
    "clear_answer": lambda s, c: s.clear_answer(c.utrecht, "MINI-A01"),
    "delete_action": lambda s, c: s.delete_action(c.action),
    "delete_assessment": lambda s, c: s.delete_assessment(c.utrecht),
    "delete_assessments": lambda s, c: s.delete_assessments([c.utrecht], origin="lokaal"),
    "finalise": lambda s, c: s.finalise(c.utrecht),
    "finalise_check": lambda s, c: s.finalise_check(c.utrecht),
    "imported_file": lambda s, c: s.imported_file("0" * 64),
    "next_export_sequence": lambda s, c: s.next_export_sequence(c.utrecht),
    "received_bundle": lambda s, c: s.received_bundle(c.utrecht),
    "record_received": lambda s, c: s.record_received(c.utrecht, sequence=9, fingerprint="AAAA-BBBB",
                                                      exported_at="2026-01-01T00:00:00Z", file_hash=None),
    "revoke_key": lambda s, c: s.revoke_key("GM0344"),
    "rotate_key": lambda s, c: s.rotate_key("GM0344", "AAAA-BBBB", "ssh-ed25519 AAAA", "CCCC-DDDD"),
    "sign_off": lambda s, c: s.sign_off(c.utrecht),
    "stored_scores": lambda s, c: s.stored_scores([c.utrecht]),
    "trust_key": lambda s, c: s.trust_key("GM0344", "ssh-ed25519 AAAA", "AAAA-BBBB"),
    "grant_role": lambda s, c: s.grant_role("hans", "invuller", "GM0344"),
    "grants": lambda s, c: s.grants("anna"),
    "log_change": lambda s, c: s.log_change("answer", "level", 1, 4, assessment_id=c.utrecht),
    "mark_reviewed": lambda s, c: s.mark_reviewed(c.utrecht, "MINI-A01"),
    "new_assessment": lambda s, c: s.new_assessment("GM0344", "mini-norm", "2027"),
    "pending_prefills": lambda s, c: s.pending_prefills(c.utrecht),
    "release_members": lambda s, c: s.release_members(1),
    "previous_assessment": lambda s, c: s.previous_assessment(c.utrecht),
    "principal_for": lambda s, c: s.principal_for("anna"),
    "replace_received_assessment": lambda s, c: s.replace_received_assessment(c.utrecht, _content(c, Store(
        s.path, clock=fixed_clock))),
    "revoke_role": lambda s, c: s.revoke_role("anna", "invuller", "GM0344"),
    "save_answer": lambda s, c: s.save_answer(c.utrecht, "MINI-A01", expected_revision=None, level=0),
    "score": lambda s, c: s.score(c.utrecht),
    "set_answer": lambda s, c: s.set_answer(c.utrecht, "MINI-A01", level=0),
    "set_position": lambda s, c: s.set_position(c.utrecht, "MINI-B01"),
    "set_setting": lambda s, c: s.set_setting("toegang.vaststeller_niet_invuller", "uit"),
    "set_sharing": lambda s, c: s.set_sharing(c.utrecht, "benoemd"),
    "unassign": lambda s, c: s.unassign(c.utrecht, "anna", theme_code="A"),
    "update_action": lambda s, c: s.update_action(c.action, description="weg"),
    "upsert_organisation": lambda s, c: s.upsert_organisation("GM0344", "Gekaapt", "gemeente"),
}
"""Methods that refuse Houten's user outright (ForbiddenError)."""

FILTERED: dict[str, Callable[[Store, Ctx], bool]] = {
    "assessments": lambda s, c: all(r.organisation_code != "GM0344" for r in s.assessments()),
    "changelog": lambda s, c: all(e.organisation_code != "GM0344" and e.assessment_id != c.utrecht
                                  for e in s.changelog()),
    "last_logged_values": lambda s, c: s.last_logged_values("answer", [c.utrecht]) == {},
    "aggregate_reading": lambda s, c: _aggregate_sees_no_concept(s, c),
}
"""Methods that answer, but without anything of Utrecht (True: nothing leaked)."""

NO_ORGANISATION_DATA: dict[str, str] = {
    "checklist": "a stored checklist definition (public norm text)",
    "close": "closes the connection",
    "content_hashes": "hashes of a checklist snapshot",
    "has_grants": "whether the database is hosted",
    "latest_snapshot": "checklist versions",
    "local_mode": "whether this store has no principal",
    "mapping": "a stored mapping file",
    "mapping_problems": "checks a mapping file against stored checklists",
    "mappings_for": "stored mapping files",
    "migrate": "the schema",
    "organisation": "the register of organisations (name, type): public",
    "organisation_types": "the organisation types",
    "latest_releases": "which releases exist (checklist, period, date, k, count): no organisation's data",
    "releases": "which releases exist (checklist, period, date, k, count): no organisation's data",
    "today": "the store's clock",
    "benchmarks": "the province's benchmark: only figures the province publishes, no organisation's data",
    "latest_benchmark": "the province's benchmark: only figures the province publishes, no organisation's data",
    "receiver_key": "the key register: public keys and whose they are (published to be compared by phone)",
    "register_keys": "the key register: public keys and whose they are (published to be compared by phone)",
    "organisations": "the register of organisations (name, type): public",
    "require_latest_snapshot": "checklist versions",
    "require_organisation": "the register of organisations",
    "setting": "program settings (language, last organisation); the access settings are written only locally",
    "snapshot_by_hash": "checklist versions",
    "snapshots": "checklist versions",
    "stored_mappings": "stored mapping files",
    "trusted_key": "the key register: public keys and whose they are (published to be compared by phone)",
    "write": "a transaction; in-process code is trusted, the routes (TUI, CLI, reports) run no SQL of their own",
}


def _aggregate_sees_no_concept(store: Store, ctx: Ctx) -> bool:
    with store.aggregate_reading():
        try:
            store.answers(ctx.utrecht)
        except ForbiddenError:
            return all(r.id != ctx.utrecht for r in store.assessments())
    return False


def public_methods() -> set[str]:
    return {name for name in dir(Store) if not name.startswith("_")}


def test_the_table_names_every_public_method() -> None:
    classified = REFUSED.keys() | FILTERED.keys() | NO_ORGANISATION_DATA.keys()
    missing = sorted(public_methods() - classified)
    assert not missing, f"classify these Store methods in {__file__} (and give them their check): {missing}"
    assert not sorted(classified - public_methods())
    assert not REFUSED.keys() & FILTERED.keys() and not REFUSED.keys() & NO_ORGANISATION_DATA.keys()


@pytest.fixture
def world(mini_store: Store, mini_checklist: Checklist) -> tuple[Store, Ctx]:
    store = mini_store
    store.upsert_organisation("GM0321", "Houten", "gemeente")
    utrecht = store.new_assessment("GM0344", "mini-norm", "2026")
    store.set_answer(utrecht, "MINI-A01", level=2)
    action = store.add_action(utrecht, "MINI-A01", "Meldpunt inrichten")
    attachment = store.add_attachment(utrecht, "MINI-A01", "besluit.pdf", b"%PDF-1.4 besluit")
    store.assign(utrecht, "anna", theme_code="A")
    store.new_assessment("GM0321", "mini-norm", "2026")
    store.grant_role("anna", "invuller", "GM0344")
    for role in ("invuller", "vaststeller", "lezer"):
        store.grant_role("hans", role, "GM0321")
    return store, Ctx(utrecht, action, mini_checklist, store.assessment(utrecht).uid, attachment)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_houten_is_refused_utrechts_data(world: tuple[Store, Ctx], name: str) -> None:
    store, ctx = world
    before = (store.answers(ctx.utrecht), store.actions(ctx.utrecht), store.assessment(ctx.utrecht),
              len(store.changelog()), store.grants())
    hans = Store(store.path, clock=fixed_clock, principal=store.principal_for("hans"))
    with pytest.raises(ForbiddenError) as caught:
        REFUSED[name](hans, ctx)
    message = str(caught.value)
    assert "hans" in message and "\n" not in message
    after = (store.answers(ctx.utrecht), store.actions(ctx.utrecht), store.assessment(ctx.utrecht),
             len(store.changelog()), store.grants())
    assert after == before  # nothing changed
    hans.close()


@pytest.mark.parametrize("name", sorted(FILTERED))
def test_houten_sees_nothing_of_utrecht_in_listings(world: tuple[Store, Ctx], name: str) -> None:
    store, ctx = world
    hans = Store(store.path, clock=fixed_clock, principal=store.principal_for("hans"))
    assert FILTERED[name](hans, ctx)
    hans.close()


def test_houten_still_works_on_its_own_assessment(world: tuple[Store, Ctx]) -> None:
    store, _ = world
    hans = Store(store.path, clock=fixed_clock, principal=store.principal_for("hans"))
    [own] = hans.assessments()
    assert own.organisation_code == "GM0321"
    hans.set_answer(own.id, "MINI-A01", level=3)
    assert hans.answers(own.id)["MINI-A01"].updated_by == "hans"
    assert [e.actor for e in hans.changelog(own.id)][-1] == "hans"
    hans.close()


def test_a_user_without_roles_sees_nothing(world: tuple[Store, Ctx]) -> None:
    store, ctx = world
    nobody = Store(store.path, clock=fixed_clock, principal=store.principal_for("niemand"))
    assert nobody.assessments() == [] and nobody.changelog() == []
    with pytest.raises(ForbiddenError):
        nobody.answers(ctx.utrecht)
    nobody.close()


def test_local_mode_is_full_access(world: tuple[Store, Ctx], tmp_path: Path) -> None:
    store, ctx = world
    assert store.principal is None
    assert len(store.assessments()) == 2
    assert store.answers(ctx.utrecht)["MINI-A01"] == Answer("MINI-A01", 2, updated_at=fixed_clock(),
                                                            updated_by="tester")
