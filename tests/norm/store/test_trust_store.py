"""The store's part of the trusted exchange: sign-off rules and its lock, finalising that catches
carried-over answers and shortfalls, sequences and the register."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from bundle_support import Clock, assessment, db_bytes, new_store

from norm.errors import IncompleteError, InvalidInputError, LockedError, NotFoundError, ShortfallsError
from norm.store.keys import SignOff

SIGN_OFF = SignOff("M. de Boer", "gemeentesecretaris", "2026-02-27", "B&W 2026/12")


@pytest.fixture
def store(tmp_path: Path):
    store = new_store(tmp_path / "g.db", clock=Clock("2026-03-01T09:00:00Z"))
    yield store
    store.close()


@pytest.mark.parametrize(("sign_off", "reason"), [
    (SignOff("", "MT", "2026-01-01"), "naam en de rol"),
    (SignOff("Jan", " ", "2026-01-01"), "naam en de rol"),
    (SignOff("Jan", "MT", "2026-02-30"), "bestaat niet"),
    (SignOff("Jan", "MT", "gisteren"), "bestaat niet"),
    (SignOff("Jan\nPiet", "MT", "2026-01-01"), "ongeldig teken"),
    (SignOff("x" * 201, "MT", "2026-01-01"), "te lang"),
])
def test_a_bad_sign_off_is_refused_and_nothing_changes(store, sign_off: SignOff, reason: str) -> None:
    assessment_id = assessment(store, finalise=False)
    before = db_bytes(store.path)
    with pytest.raises(InvalidInputError, match=reason):
        store.finalise(assessment_id, sign_off=sign_off, acknowledge_shortfalls=True)
    assert db_bytes(store.path) == before


def test_the_sign_off_is_locked_with_the_definitive_assessment(store) -> None:
    assessment_id = assessment(store, finalise=False)
    store.finalise(assessment_id, sign_off=SIGN_OFF, acknowledge_shortfalls=True)
    assert store.sign_off(assessment_id) == SIGN_OFF
    assert any(e.field == "vastgesteld" for e in store.changelog(assessment_id))
    raw = sqlite3.connect(store.path)
    try:
        for sql in ("UPDATE sign_offs SET name = 'iemand anders'", "DELETE FROM sign_offs",
                    f"INSERT OR REPLACE INTO sign_offs (assessment_id, name, role, decided_on) "
                    f"VALUES ({assessment_id}, 'x', 'y', '2026-01-01')"):
            with pytest.raises(sqlite3.DatabaseError, match="definitief"):
                raw.execute(sql)
    finally:
        raw.close()
    assert store.sign_off(assessment_id) == SIGN_OFF


def test_finalising_is_refused_while_carried_over_answers_are_unconfirmed(store) -> None:
    previous = assessment(store, period="2025")
    current = store.new_assessment("GM0344", "mini-norm", "2026", from_previous=True)
    carried = sorted(code for code, a in store.answers(current).items() if a.carried_over)
    assert carried
    before = db_bytes(store.path)
    with pytest.raises(IncompleteError, match="overgenomen antwoorden uit de vorige periode") as refused:
        store.finalise(current, acknowledge_shortfalls=True)
    assert all(code in str(refused.value) for code in carried)
    assert db_bytes(store.path) == before
    for code in carried:
        store.mark_reviewed(current, code)
    store.finalise(current, acknowledge_shortfalls=True)
    assert store.previous_assessment(current).id == previous


def test_shortfalls_without_an_action_must_be_acknowledged(store) -> None:
    assessment_id = assessment(store, levels={"MINI-A01": 0, "MINI-A02": 0, "MINI-B01": 0, "MINI-B02": 0},
                               finalise=False, text=False)
    check = store.finalise_check(assessment_id)
    assert check.shortfalls_without_action and not check.blocking
    with pytest.raises(ShortfallsError) as refused:
        store.finalise(assessment_id)
    assert refused.value.items == check.shortfalls_without_action
    for code in check.shortfalls_without_action:
        store.add_action(assessment_id, code, "Verbeteren", "OOV")
    assert store.finalise_check(assessment_id).shortfalls_without_action == []
    store.finalise(assessment_id)


def test_each_export_counts_one_more(store) -> None:
    assessment_id = assessment(store)
    assert [store.next_export_sequence(assessment_id) for _ in range(3)] == [1, 2, 3]


def test_the_register_never_creates_an_organisation_and_never_retrusts_a_revoked_key(store) -> None:
    with pytest.raises(NotFoundError, match="staat niet in deze database"):
        store.trust_key("GM9999", "a" * 43 + "=", "AAAA-AAAA-AAAA-AAAA-AAAA")
    [entry] = store.register_keys("GM0344")
    store.revoke_key("GM0344")
    with pytest.raises(LockedError, match="ingetrokken"):
        store.trust_key("GM0344", entry.public_key, entry.fingerprint)
    with pytest.raises(NotFoundError):
        store.revoke_key("GM0344")
