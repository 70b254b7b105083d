"""The trusted exchange tried as a hostile participant would: every forged, replayed or unwelcome
submission is refused with a one-line reason, and the receiver's database file stays byte for byte
the same (WAL checkpointed before and after)."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from bundle_support import Clock, assessment, bundle_bytes, changed, db_bytes, key_of, new_store, signed

from norm import signing
from norm.canonical import canonical_json
from norm.checklist import load_checklist_file
from norm.exchange.bundle import build_bundle, bundle_text
from norm.exchange.importer import BundleImporter
from norm.store import LockedError, StoreError

MINI = Path(__file__).parents[2] / "fixtures" / "mini.yaml"


@pytest.fixture
def municipality(tmp_path: Path):
    store = new_store(tmp_path / "gemeente.db", clock=Clock("2026-03-01T09:00:00Z"))
    yield store
    store.close()


@pytest.fixture
def province(tmp_path: Path):
    store = new_store(tmp_path / "provincie.db", actor="Provincie", clock=Clock("2026-04-01T12:00:00Z"))
    yield store
    store.close()


def refused_unchanged(province, data: bytes) -> str:
    """Import ``data``; it must be refused in one line and leave the database file's bytes as they were."""
    path = province.path
    before = db_bytes(path)
    outcome = BundleImporter(province).import_bytes(data, "aanval.json")
    assert outcome.outcome == "geweigerd" and not outcome.unexpected, outcome
    assert outcome.reason and "\n" not in outcome.reason
    assert db_bytes(path) == before
    return outcome.reason


def genuine(municipality, sequence: int = 1, **kwargs: Any) -> dict[str, Any]:
    assessment_id = kwargs.pop("assessment_id", None) or assessment(municipality)
    return build_bundle(municipality, assessment_id, kwargs.pop("sharing", "geaggregeerd"), sequence=sequence,
                        **kwargs)


def test_a_recomputed_bundle_is_refused(municipality, province) -> None:
    """The old attack: edit the content and recompute the hash. Unsigned: refused; signature kept: refused."""
    data = genuine(municipality)
    forged = copy.deepcopy(data)
    forged["assessment"]["answers"][0]["level"] = 3
    legacy_style = {**forged, "format_version": 1, "content_hash": "0" * 64}
    assert "niet ondertekend" in refused_unchanged(province, bundle_text(legacy_style).encode())
    envelope = signing.sign_document(data, key_of("GM0344"))
    envelope["payload"] = forged
    assert "handtekening klopt niet" in refused_unchanged(province, json.dumps(envelope).encode())


def test_a_bundle_signed_with_a_fresh_key_is_refused(municipality, province) -> None:
    reason = refused_unchanged(province, signed(genuine(municipality), signing.generate_key()))
    assert "niet bij GM0344 hoort" in reason and "weerbaar keys trust GM0344" in reason


def test_a_key_of_another_organisation_does_not_sign_for_this_one(municipality, province) -> None:
    reason = refused_unchanged(province, signed(genuine(municipality), key_of("GM0307")))
    assert "niet bij GM0344 hoort" in reason


def test_a_replay_of_an_older_submission_is_refused(municipality, province) -> None:
    assessment_id = assessment(municipality)
    first = genuine(municipality, 1, assessment_id=assessment_id)
    second = genuine(municipality, 2, assessment_id=assessment_id, sharing="benoemd")
    importer = BundleImporter(province)
    assert importer.import_bytes(signed(second)).outcome == "nieuw"
    assert "volgnummer 1" in refused_unchanged(province, signed(first))
    equal = changed(second, ("sharing",), "geaggregeerd")
    assert "dezelfde volgnummer (2)" in refused_unchanged(province, signed(equal))


def test_a_date_in_the_future_is_refused(municipality, province) -> None:
    data = changed(genuine(municipality), ("exported_at",), "2031-01-01T00:00:00Z")
    assert "ligt in de toekomst" in refused_unchanged(province, signed(data))
    # A few minutes of clock skew are tolerated.
    near = changed(genuine(municipality), ("exported_at",), "2026-04-01T12:04:00Z")
    assert BundleImporter(province).import_bytes(signed(near)).outcome == "nieuw"


def test_an_unknown_organisation_is_refused_and_never_created(municipality, province) -> None:
    municipality.upsert_organisation("GM9999", "Verzonnen", "gemeente")
    data = genuine(municipality, assessment_id=assessment(municipality, "GM9999"))
    reason = refused_unchanged(province, signed(data, key_of("GM9999")))
    assert "staat niet in deze database" in reason and "maakt geen organisatie aan" in reason
    assert province.organisation("GM9999") is None


def test_an_organisation_without_a_registered_key_is_refused(municipality, tmp_path) -> None:
    province = new_store(tmp_path / "leeg-register.db", trusted=False)
    try:
        reason = refused_unchanged(province, bundle_bytes(municipality, assessment(municipality), sequence=1))
        assert "geen sleutel van GM0344 geregistreerd" in reason
    finally:
        province.close()


def test_a_revoked_key_is_refused(municipality, province) -> None:
    province.revoke_key("GM0344")
    assert "ingetrokken" in refused_unchanged(province, signed(genuine(municipality)))


def test_a_uid_held_for_another_organisation_is_refused(municipality, province) -> None:
    data = genuine(municipality)
    assert BundleImporter(province).import_bytes(signed(data)).outcome == "nieuw"
    other = changed(changed(data, ("organisation", "code"), "GM0307"), ("sequence",), 5)
    other["organisation"]["name"] = "Amersfoort"
    assert "hoort hier bij organisatie GM0344" in refused_unchanged(province, signed(other, key_of("GM0307")))


def test_a_bundle_carrying_or_referring_to_a_changed_norm_is_refused(municipality, province) -> None:
    data = genuine(municipality)
    edited = load_checklist_file(MINI).definition_data()
    edited["themes"][0]["items"][0]["statement"] = "Een door de afzender verzonnen norm"
    carrying = changed(data, ("checklist", "definition"), edited)
    assert "checklist.definition: onbekend veld" in refused_unchanged(province, signed(carrying))
    import hashlib

    edited_hash = hashlib.sha256(canonical_json(edited).encode()).hexdigest()
    referring = changed(data, ("checklist", "content_hash"), edited_hash)
    assert "een gewijzigde norm wordt niet overgenomen" in refused_unchanged(province, signed(referring))
    new_version = changed(changed(data, ("checklist", "version"), "9.9"), ("checklist", "content_hash"), edited_hash)
    reason = refused_unchanged(province, signed(new_version))
    assert "checklist mini-norm versie 9.9 staat niet in deze database" in reason
    assert "weerbaar checklist add" in reason


def test_a_consent_raise_is_refused_by_the_store_and_the_database(municipality, province) -> None:
    outcome = BundleImporter(province).import_bytes(signed(genuine(municipality, sharing="geaggregeerd")))
    received = outcome.assessment_id
    before = db_bytes(province.path)
    with pytest.raises(LockedError, match="alleen verlagen"):
        province.set_sharing(received, "benoemd")
    assert db_bytes(province.path) == before
    raw = sqlite3.connect(province.path)
    try:
        for sql in ("UPDATE assessments SET sharing = 'benoemd' WHERE id = ?",
                    "UPDATE OR REPLACE assessments SET sharing = 'benoemd' WHERE id = ?"):
            with pytest.raises(sqlite3.DatabaseError, match="alleen omlaag"):
                raw.execute(sql, [received])
        row = raw.execute("SELECT * FROM assessments WHERE id = ?", [received]).fetchone()
        columns = [c[1] for c in raw.execute("PRAGMA table_info(assessments)")]
        values = dict(zip(columns, row, strict=True))
        values["sharing"] = "benoemd"
        marks = ", ".join("?" * len(columns))
        with pytest.raises(sqlite3.DatabaseError, match="alleen omlaag"):
            raw.execute(f"REPLACE INTO assessments ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                        list(values.values()))
        raw.rollback()
    finally:
        raw.close()
    assert db_bytes(province.path) == before
    # Lowering is the receiver's right: it only makes the assessment more private.
    assert province.set_sharing(received, "intern") is True
    with pytest.raises(StoreError, match="alleen"):
        province.set_sharing(received, "geaggregeerd")


def test_a_received_assessment_is_never_the_base_of_a_local_one(municipality, province) -> None:
    BundleImporter(province).import_bytes(signed(genuine(municipality)))
    with pytest.raises(StoreError, match="geen eerdere beoordeling"):
        province.new_assessment("GM0344", "mini-norm", "2027", from_previous=True)


def test_rotation_a_new_key_announced_under_the_old_one_is_recorded(municipality, province) -> None:
    assessment_id = assessment(municipality)
    successor = signing.generate_key()
    announced = genuine(municipality, 1, assessment_id=assessment_id,
                        announce_key=signing.public_key_b64(successor.public_key()))
    outcome = BundleImporter(province).import_bytes(signed(announced))
    assert outcome.outcome == "nieuw" and "nieuwe sleutel" in outcome.reason
    statuses = {k.fingerprint: k.status for k in province.register_keys("GM0344")}
    assert statuses == {signing.fingerprint(key_of("GM0344").public_key()): "vervangen",
                        signing.fingerprint(successor.public_key()): "vertrouwd"}
    # While the rotation is under way the old key may still sign bundles announcing the same successor ...
    again = genuine(municipality, 2, assessment_id=assessment_id,
                    announce_key=signing.public_key_b64(successor.public_key()))
    assert BundleImporter(province).import_bytes(signed(again)).outcome == "bijgewerkt"
    # ... the new key signs from now on, and the old one alone no longer does.
    assert BundleImporter(province).import_bytes(signed(genuine(municipality, 3, assessment_id=assessment_id),
                                                        successor)).outcome == "bijgewerkt"
    assert "vervangen" in refused_unchanged(province, signed(genuine(municipality, 4, assessment_id=assessment_id)))
    # A stranger's key cannot announce itself: it is not registered in the first place.
    stranger = signing.generate_key()
    hijack = genuine(municipality, 5, assessment_id=assessment_id,
                     announce_key=signing.public_key_b64(stranger.public_key()))
    assert "niet bij GM0344 hoort" in refused_unchanged(province, signed(hijack, stranger))


def test_an_encrypted_bundle_for_someone_else_is_refused(municipality, province) -> None:
    data = signed(genuine(municipality), recipients=[signing.generate_key().public_key()])
    importer = BundleImporter(province, key_of("PV26"))
    before = db_bytes(province.path)
    outcome = importer.import_bytes(data)
    assert outcome.outcome == "geweigerd" and "andere ontvanger" in outcome.reason
    assert db_bytes(province.path) == before
    for_us = signed(genuine(municipality), recipients=[key_of("PV26").public_key()])
    assert importer.import_bytes(for_us).outcome == "nieuw"
