"""The action plan after finalising, carried-over actions, attachments, history and undo (issue 13)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from norm.answers import Answer
from norm.errors import InvalidInputError, LockedError, NotFoundError, StoreError
from norm.store import Store
from norm.store.attachments import sanitise_name
from norm.vocabulary import MAX_ATTACHMENT_BYTES


def complete(store: Store, assessment_id: int) -> None:
    store.set_answer(assessment_id, "MINI-A01", level=2)
    store.set_answer(assessment_id, "MINI-A02", level=1)
    store.set_answer(assessment_id, "MINI-B01", level=3)
    store.set_answer(assessment_id, "MINI-B02", not_applicable="Geen vakantieparken")


@pytest.fixture
def finalised(mini_store: Store) -> tuple[int, int]:
    first = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    complete(mini_store, first)
    action = mini_store.add_action(first, "MINI-A02", "Meldpunt inrichten", "OOV", "2026-03-31")
    mini_store.add_action(first, "MINI-A01", "Al gedaan", "HR", status="gereed")
    mini_store.finalise(first)
    return first, action


def test_an_action_on_a_definitive_assessment_becomes_done_and_is_logged(mini_store, finalised) -> None:
    first, action = finalised
    assert mini_store.update_plan(action, status="gereed", note="Meldpunt draait sinds juni")
    assert mini_store.update_plan(action, deadline="2026-06-30")
    assert not mini_store.update_plan(action, status="gereed"), "no change, no entry"
    changed = {a.id: a for a in mini_store.actions(first)}[action]
    assert (changed.status, changed.deadline, changed.note) == ("gereed", "2026-06-30", "Meldpunt draait sinds juni")
    log = [(e.field, e.old_value, e.new_value) for e in mini_store.changelog(first) if e.entity == "action"]
    assert ("status", "open", "gereed") in log
    assert ("note", None, "Meldpunt draait sinds juni") in log or ("note", "", "Meldpunt draait sinds juni") in log
    assert ("deadline", "2026-03-31", "2026-06-30") in log
    # The judgement stays locked.
    with pytest.raises(LockedError):
        mini_store.set_answer(first, "MINI-A01", level=3)
    with pytest.raises(LockedError):
        mini_store.update_action(action, description="anders")


def test_bad_plan_changes_are_refused_and_change_nothing(mini_store, finalised) -> None:
    first, action = finalised
    before = mini_store.actions(first)
    for kwargs, message in (({"status": "klaar"}, "Onbekende status"), ({"deadline": "31-03-2027"}, "deadline"),
                            ({"deadline": "2027-02-30"}, "deadline"), ({"note": "x" * 20_001}, "te lang"),
                            ({"note": "a\x00b"}, "ongeldig teken")):
        with pytest.raises(InvalidInputError, match=message):
            mini_store.update_plan(action, **kwargs)
    with pytest.raises(NotFoundError):
        mini_store.update_plan(9999, status="gereed")
    assert mini_store.actions(first) == before


def test_a_received_assessments_plan_stays_locked(mini_store) -> None:
    received = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    action = mini_store.add_action(received, "MINI-A01", "Hun actie")
    with mini_store.write() as db:
        db.execute("UPDATE assessments SET origin = 'import', status = 'definitief' WHERE id = ?", [received])
    with pytest.raises(LockedError, match="inzending"):
        mini_store.update_plan(action, status="gereed")


def test_open_actions_carry_over_linked_to_their_origin(mini_store, finalised) -> None:
    first, action = finalised
    # Without carrying the answers over: the plan goes on anyway.
    second = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    assert mini_store.answers(second) == {}
    (carried,) = mini_store.actions(second)
    assert (carried.description, carried.status, carried.origin_id) == ("Meldpunt inrichten", "open", action)
    # The plan of the organisation shows the chain once, by its newest link, overdue marked.
    plan = mini_store.action_plan("GM0344")
    assert [(e.action.id, e.period, e.overdue) for e in plan] == [(carried.id, "2026", True)]
    mini_store.update_plan(carried.id, status="lopend")
    complete(mini_store, second)
    mini_store.finalise(second)
    third = mini_store.new_assessment("GM0344", "mini-norm", "2027", from_previous=True)
    (again,) = mini_store.actions(third)
    assert (again.origin_id, again.status) == (carried.id, "lopend")
    assert "acties" in mini_store.changelog(third)[-1].new_value or any(
        e.field == "overgenomen van" and e.entity == "action" for e in mini_store.changelog(third))


def test_overdue_is_measured_by_the_store_clock(tmp_path: Path, mini_checklist) -> None:
    with Store(tmp_path / "late.db", actor="tester", clock=lambda: "2026-11-22T10:00:00Z") as store:
        store.add_checklist(mini_checklist)
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
        a = store.new_assessment("GM0344", "mini-norm", "2026")
        late = store.add_action(a, "MINI-A01", "Te laat", deadline="2026-11-21")
        store.add_action(a, "MINI-A02", "Op tijd", deadline="2026-11-22")
        store.add_action(a, "MINI-B01", "Geen datum")
        plan = store.action_plan("GM0344")
        assert [(e.action.description, e.overdue) for e in plan] == [
            ("Te laat", True), ("Op tijd", False), ("Geen datum", False)]
        store.update_plan(late, status="gereed")
        assert [e.action.description for e in store.action_plan("GM0344")] == ["Op tijd", "Geen datum"]
        assert len(store.action_plan("GM0344", include_done=True)) == 3


# -- attachments --------------------------------------------------------------------------------


def test_an_attachment_is_stored_with_name_size_hash_and_locked_when_final(mini_store, tmp_path: Path) -> None:
    first = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    source = tmp_path / "Besluit B&W.pdf"
    source.write_bytes(b"%PDF-1.4 inhoud")
    doc = mini_store.add_attachment_file(first, "MINI-A01", source)
    (found,) = mini_store.attachments(first, "MINI-A01")
    assert (found.id, found.name, found.size, found.added_by) == (doc, "Besluit B&W.pdf", 15, "tester")
    assert found.sha256 == hashlib.sha256(b"%PDF-1.4 inhoud").hexdigest()
    assert mini_store.attachment_content(doc) == b"%PDF-1.4 inhoud"
    assert any(e.entity == "attachment" and e.field == "toegevoegd" for e in mini_store.changelog(first))
    complete(mini_store, first)
    mini_store.finalise(first)
    with pytest.raises(LockedError):
        mini_store.add_attachment(first, "MINI-A01", "nog.pdf", b"x")
    with pytest.raises(LockedError):
        mini_store.delete_attachment(doc)
    assert mini_store.attachment_content(doc) == b"%PDF-1.4 inhoud"


def test_too_large_empty_or_nameless_documents_are_refused(mini_store, tmp_path: Path) -> None:
    first = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    with pytest.raises(InvalidInputError, match="te groot.*20,0 MB"):
        mini_store.add_attachment(first, "MINI-A01", "groot.pdf", b"x" * (MAX_ATTACHMENT_BYTES + 1))
    big = tmp_path / "groot.bin"
    with big.open("wb") as handle:
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(InvalidInputError, match="te groot"):
        mini_store.add_attachment_file(first, "MINI-A01", big)
    with pytest.raises(InvalidInputError, match="leeg"):
        mini_store.add_attachment(first, "MINI-A01", "leeg.pdf", b"")
    with pytest.raises(InvalidInputError, match="naam"):
        mini_store.add_attachment(first, "MINI-A01", "../..", b"x")
    with pytest.raises(InvalidInputError, match="Geen bestand"):
        mini_store.add_attachment_file(first, "MINI-A01", tmp_path)
    with pytest.raises(NotFoundError):
        mini_store.add_attachment(first, "MINI-X99", "a.pdf", b"x")
    assert mini_store.attachments(first) == []
    # Exactly the limit is fine.
    mini_store.add_attachment(first, "MINI-A01", "grens.pdf", b"x" * MAX_ATTACHMENT_BYTES)


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\Windows\\system32\\evil.exe", "evil.exe"),
    ("..hidden", "hidden"),
    ("a\x1b[31mrood.txt", "a[31mrood.txt"),
    ("rapport\u202egnp.exe", "rapportgnp.exe"),
    ('we<i>rd:"na|me?*.pdf', "we_i_rd__na_me__.pdf"),
    ("CON.txt", "_CON.txt"),
    ("nul", "_nul"),
    ("eind. . ", "eind"),
])
def test_names_are_sanitised(name: str, expected: str) -> None:
    assert sanitise_name(name) == expected


def test_long_names_keep_their_extension() -> None:
    clean = sanitise_name("x" * 500 + ".docx")
    assert len(clean) == 200 and clean.endswith(".docx")


def test_content_changed_outside_weerbaar_is_detected(mini_store) -> None:
    first = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    doc = mini_store.add_attachment(first, "MINI-A01", "a.txt", b"origineel")
    connection = sqlite3.connect(mini_store.path)
    connection.execute("UPDATE attachments SET content = ? WHERE id = ?", [b"vervalst", doc])
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="buiten weerbaar"):
        mini_store.attachment_content(doc)


# -- history and undo ---------------------------------------------------------------------------


def test_undo_restores_the_previous_answer_and_is_logged(mini_store) -> None:
    first = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    mini_store.set_answer(first, "MINI-A01", level=1, comment="eerst")
    previous = mini_store.answers(first)["MINI-A01"]
    mini_store.set_answer(first, "MINI-A01", level=3, comment="later")
    restored = mini_store.restore_answer(first, "MINI-A01", previous)
    assert (restored.level, restored.comment) == (1, "eerst")
    history = mini_store.item_history(first, "MINI-A01")
    assert [(e.field, e.old_value, e.new_value) for e in history][-1] == ("ongedaan gemaakt", "niveau 3", "niveau 1")
    assert ("level", "3", "1") in [(e.field, e.old_value, e.new_value) for e in history]
    # Undo to "no answer" and to n.v.t.
    mini_store.restore_answer(first, "MINI-A01", Answer("MINI-A01"))
    assert not mini_store.answers(first)["MINI-A01"].is_answered
    mini_store.restore_answer(first, "MINI-B02", Answer("MINI-B02", not_applicable=True, na_reason="Geen parken"))
    assert mini_store.answers(first)["MINI-B02"].na_reason == "Geen parken"


def test_undo_brings_back_the_to_review_mark(mini_store) -> None:
    first = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    complete(mini_store, first)
    mini_store.finalise(first)
    second = mini_store.new_assessment("GM0344", "mini-norm", "2026", from_previous=True)
    before = mini_store.answers(second)["MINI-A01"]
    assert before.carried_over
    mini_store.set_answer(second, "MINI-A01", level=3)
    restored = mini_store.restore_answer(second, "MINI-A01", before)
    assert restored.carried_over and restored.level == before.level
    with pytest.raises(LockedError):
        mini_store.restore_answer(first, "MINI-A01", before)
