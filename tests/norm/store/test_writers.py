"""The store's methods for writers outside it: whole assessments at once, and the change log."""

from __future__ import annotations

import sqlite3

import pytest
from bundle_support import dump

from norm.answers import Action, Answer
from norm.store import AssessmentContent, LockedError, Store, StoreError


def content(store: Store, uid_tail: str, period: str, *, status: str = "definitief", org: str = "GM0344",
            previous_uid: str | None = None) -> AssessmentContent:
    snapshot = store.snapshots()[0].id
    return AssessmentContent(
        uid=f"00000000-0000-4000-8000-{uid_tail:0>12}", organisation_code=org, snapshot_id=snapshot, period=period,
        kind="vervolgmeting" if previous_uid else "nulmeting", status=status, sharing="geaggregeerd",
        created_at=f"{period}-01-01T09:00:00Z", created_by="maker", updated_at=f"{period}-02-01T09:00:00Z",
        written_at=f"{period}-01-15T09:00:00Z", finalised_at=f"{period}-02-01T09:00:00Z" if status != "concept"
        else None, finalised_by="vaststeller" if status != "concept" else None, bundle_hash="b" * 64,
        previous_uid=previous_uid,
        answers=[Answer("MINI-A01", 2), Answer("MINI-A02", None, True, "Geen meldpunt", "toelichting", "bewijs",
                                               False, "2026-01-02T00:00:00Z", "invuller")],
        actions=[Action("MINI-A02", "Meldpunt inrichten", "OOV", "2027-03-31", "lopend")],
    )


def test_add_assessments_writes_everything_in_one_go(mini_store: Store) -> None:
    first = content(mini_store, "1", "2025")
    second = content(mini_store, "2", "2026", status="concept", previous_uid=first.uid)
    log_size = len(mini_store.changelog())
    ids = mini_store.add_assessments([first, second], origin="demo")
    records = [mini_store.assessment(i) for i in ids]
    assert [(r.uid, r.status, r.origin, r.previous_id, r.sharing) for r in records] == [
        (first.uid, "definitief", "demo", None, "geaggregeerd"),
        (second.uid, "concept", "demo", ids[0], "geaggregeerd"),
    ]
    assert (records[0].finalised_at, records[0].finalised_by, records[0].created_by, records[0].bundle_hash) == (
        "2025-02-01T09:00:00Z", "vaststeller", "maker", "b" * 64)
    answers = mini_store.answers(ids[0])
    assert answers["MINI-A01"].updated_at == "2025-01-15T09:00:00Z"  # written_at, as it had none
    assert answers["MINI-A02"] == Answer("MINI-A02", None, True, "Geen meldpunt", "toelichting", "bewijs", False,
                                         "2026-01-02T00:00:00Z", "invuller")
    assert [(a.description, a.status) for a in mini_store.actions(ids[0])] == [("Meldpunt inrichten", "lopend")]
    assert len(mini_store.changelog()) == log_size, "the caller logs what happened"
    # A later batch may follow an assessment that is already in the database.
    [third] = mini_store.add_assessments([content(mini_store, "3", "2027", previous_uid=second.uid)], origin="demo")
    assert mini_store.assessment(third).previous_id == ids[1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"origin": "elders"}, "Onbekende herkomst"),
        ({"status": "klaar"}, "Onbekende status"),
        ({"kind": "tussenmeting"}, "Onbekende soort"),
        ({"sharing": "openbaar"}, "Onbekend deelniveau"),
        ({"previous_uid": "00000000-0000-4000-8000-999999999999"}, "Onbekende vorige beoordeling"),
        ({"uid": "00000000-0000-4000-8000-000000000001"}, "weigerde"),  # the uid of the first one
        ({"answers": [Answer("MINI-A01", 1), Answer("MINI-A01", 2)]}, "weigerde"),
    ],
)
def test_add_assessments_writes_nothing_when_one_is_wrong(mini_store: Store, change, message: str) -> None:
    origin = change.pop("origin", "import")
    good = content(mini_store, "1", "2025")
    bad = content(mini_store, "2", "2026")
    bad = AssessmentContent(**{**bad.__dict__, **change})
    before = dump(mini_store)
    with pytest.raises(StoreError, match=message):
        mini_store.add_assessments([good, bad], origin=origin)
    assert dump(mini_store) == before


def test_a_received_assessment_is_replaced_whole(mini_store: Store) -> None:
    [received] = mini_store.add_assessments([content(mini_store, "1", "2025")], origin="import")
    newer = AssessmentContent(**{**content(mini_store, "1", "2025").__dict__, "answers": [Answer("MINI-A01", 3)],
                                 "actions": [], "sharing": "benoemd", "bundle_hash": "c" * 64})
    # The same submission (same bundle hash) cannot raise the consent; a new one from the sender can.
    with pytest.raises(StoreError, match="alleen omlaag"):
        mini_store.replace_received_assessment(received, AssessmentContent(**{**newer.__dict__,
                                                                              "bundle_hash": "b" * 64}))
    mini_store.replace_received_assessment(received, newer)
    record = mini_store.assessment(received)
    assert (record.status, record.sharing, record.origin) == ("definitief", "benoemd", "import")
    assert mini_store.answers(received) == {"MINI-A01": Answer("MINI-A01", 3, updated_at="2025-01-15T09:00:00Z")}
    assert mini_store.actions(received) == []


def test_only_a_received_assessment_can_be_replaced(mini_store: Store) -> None:
    local = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    [demo] = mini_store.add_assessments([content(mini_store, "1", "2025")], origin="demo")
    before = dump(mini_store)
    for assessment_id in (local, demo):
        with pytest.raises(LockedError, match="niet ontvangen als inzending"):
            mini_store.replace_received_assessment(assessment_id, content(mini_store, "1", "2025"))
    assert dump(mini_store) == before


def test_delete_assessments_removes_only_those_of_the_origin(mini_store: Store) -> None:
    demo = mini_store.add_assessments([content(mini_store, "1", "2025"), content(mini_store, "2", "2026")],
                                      origin="demo")
    local = mini_store.new_assessment("GM0344", "mini-norm", "2027")
    assert mini_store.delete_assessments([*demo, local], origin="demo") == 2
    assert [r.id for r in mini_store.assessments()] == [local]
    assert mini_store.db.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_delete_assessments_cannot_remove_a_definitive_local_one(mini_store: Store) -> None:
    [local] = mini_store.add_assessments([content(mini_store, "1", "2025")], origin="lokaal")
    before = dump(mini_store)
    with pytest.raises(LockedError):
        mini_store.delete_assessments([local], origin="lokaal")
    assert dump(mini_store) == before


def test_log_change_commits_with_the_change_it_describes(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    mini_store.log_change("inzending", "geïmporteerd", None, "2026-03-01T09:00:00Z", assessment_id=assessment_id,
                          organisation_code="GM0344", at="2026-04-01T00:00:00Z", actor="Provincie")
    entry = mini_store.changelog(assessment_id)[-1]
    assert (entry.at, entry.actor, entry.entity, entry.field, entry.old_value, entry.new_value) == (
        "2026-04-01T00:00:00Z", "Provincie", "inzending", "geïmporteerd", None, "2026-03-01T09:00:00Z")
    mini_store.log_change("answer", "level", 1, True)  # values are written as text
    assert mini_store.changelog()[-1].new_value == "ja"
    size = len(mini_store.changelog())
    with pytest.raises(RuntimeError), mini_store.write():
        mini_store.log_change("assessment", "test", None, "weg")
        raise RuntimeError("afgebroken")
    assert len(mini_store.changelog()) == size
    assert mini_store.last_logged_values("inzending", [assessment_id, 999]) == {
        assessment_id: "2026-03-01T09:00:00Z"}


def test_log_change_cannot_overwrite_an_entry(mini_store: Store) -> None:
    raw = sqlite3.connect(mini_store.path)
    with pytest.raises(sqlite3.IntegrityError, match="wijzigingslogboek"):
        raw.execute("INSERT INTO changelog (id, at, actor, entity, field) VALUES (1, 'x', 'x', 'x', 'x')")
    raw.close()
