"""Exporting submission bundles: content, signature, sequence, sharing consent, scrubbing, encryption and
the JSON Schema."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import rfc8785
from bundle_support import Clock, assessment, dump, key_of, new_store, trust

from norm import signing
from norm.checklist import load_checklist_file
from norm.exchange.bundle import (
    FORMAT,
    SCRUBBED_NA_REASON,
    Bundle,
    ExportError,
    build_bundle,
    bundle_hash,
    export_bundle,
    schema_text,
    tool_version,
)
from norm.exchange.importer import BundleImporter

ROOT = Path(__file__).parents[3]
KEY = key_of("GM0344")


def payload_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["payload"]


@pytest.fixture
def store(tmp_path: Path):
    store = new_store(tmp_path / "gemeente.db", clock=Clock("2026-03-01T09:00:00Z"))
    yield store
    store.close()


def test_export_writes_a_complete_verifiable_bundle(store, tmp_path: Path) -> None:
    assessment_id = assessment(store, na={"MINI-B02": "Geen vakantieparken in de gemeente"})
    store.clock.now = "2026-03-02T08:30:00Z"
    result = export_bundle(store, assessment_id, tmp_path / "utrecht.json", sharing="benoemd", key=KEY)
    envelope = json.loads((tmp_path / "utrecht.json").read_text(encoding="utf-8"))
    data = envelope["payload"]
    record = store.assessment(assessment_id)
    mini = load_checklist_file(ROOT / "tests" / "fixtures" / "mini.yaml")

    assert (data["format"], data["format_version"], data["tool"]) == (
        FORMAT, 2, {"name": "weerbaar", "version": tool_version()})
    assert data["sequence"] == result.sequence == 1
    assert data["exported_at"] == "2026-03-02T08:30:00Z"
    assert data["sharing"] == "benoemd" and data["scrubbed"] is False
    assert data["organisation"] == {"code": "GM0344", "name": "Utrecht", "type": "gemeente",
                                    "attributes": {"size_class": "zeer groot", "police_district": "Utrecht-Stad"}}
    assert (data["checklist"]["id"], data["checklist"]["version"]) == ("mini-norm", "1.0")
    # The checklist travels by reference only: the receiver must hold this version.
    assert data["checklist"] == {"id": "mini-norm", "version": "1.0", "content_hash": mini.content_hash}
    body = data["assessment"]
    assert (body["uid"], body["period"], body["kind"], body["status"]) == (record.uid, "2026", "nulmeting",
                                                                          "definitief")
    answers = {a["item_code"]: a for a in body["answers"]}
    assert answers["MINI-A01"]["level"] == 2 and answers["MINI-A01"]["comment"].startswith("Toelichting")
    assert answers["MINI-B02"] | {"updated_at": None} == {
        "item_code": "MINI-B02", "level": None, "not_applicable": True,
        "na_reason": "Geen vakantieparken in de gemeente", "comment": "Toelichting van Jan de Vries over MINI-B02",
        "evidence": "Notulen MINI-B02 in map Piet Pieters", "carried_over": False, "updated_at": None,
        "updated_by": "Ann Jansen"}
    assert body["actions"] == [{"item_code": "MINI-A01", "description": "Bewustwording herhalen met Jan de Vries",
                                "owner": "Piet Pieters", "deadline": "2027-03-31", "status": "open"}]
    # The signature is Ed25519 over the RFC 8785 text of the payload, by the organisation's key.
    assert envelope["signature"]["fingerprint"] == signing.fingerprint(KEY.public_key()) == result.fingerprint
    payload, public = signing.verify_document(envelope)
    assert payload == data and signing.public_key_b64(public) == signing.public_key_b64(KEY.public_key())
    expected = hashlib.sha256(rfc8785.dumps(data)).hexdigest()
    assert expected == bundle_hash(data) == result.content_hash
    assert Bundle.model_validate(data).assessment.uid == record.uid


def test_intern_assessment_is_refused_without_a_sharing_level(store, tmp_path: Path) -> None:
    assessment_id = assessment(store)
    before = dump(store)
    with pytest.raises(ExportError, match="intern"):
        export_bundle(store, assessment_id, tmp_path / "x.json", key=KEY)
    with pytest.raises(ExportError, match="geaggregeerd of benoemd"):
        export_bundle(store, assessment_id, tmp_path / "x.json", sharing="intern", key=KEY)
    assert not (tmp_path / "x.json").exists()
    assert dump(store) == before


def test_the_sharing_level_named_on_export_is_recorded(store, tmp_path: Path) -> None:
    assessment_id = assessment(store)
    result = export_bundle(store, assessment_id, tmp_path / "x.json", sharing="geaggregeerd", key=KEY)
    assert result.sharing_changed and store.assessment(assessment_id).sharing == "geaggregeerd"
    entry = store.changelog(assessment_id)[-1]
    assert (entry.field, entry.old_value, entry.new_value) == ("sharing", "intern", "geaggregeerd")
    # A later export without --sharing uses the recorded level and records nothing new.
    again = export_bundle(store, assessment_id, tmp_path / "y.json", key=KEY)
    assert (again.sharing, again.sharing_changed) == ("geaggregeerd", False)
    assert (result.sequence, again.sequence) == (1, 2)  # every export counts
    assert store.changelog(assessment_id)[-1] == entry


def test_scrubbed_bundle_carries_levels_and_na_but_no_free_text(store, tmp_path: Path) -> None:
    assessment_id = assessment(store, levels={"MINI-A01": 3, "MINI-A02": 1, "MINI-B01": 2},
                               na={"MINI-B02": "Geen parken aan de Zwaluwstraat, zegt Jan de Vries"})
    store.set_sharing(assessment_id, "geaggregeerd")
    export_bundle(store, assessment_id, tmp_path / "scrub.json", scrub=True, key=KEY)
    text = (tmp_path / "scrub.json").read_text(encoding="utf-8")
    for secret in ("Jan de Vries", "Piet Pieters", "Ann Jansen", "Toelichting", "Notulen", "Zwaluwstraat",
                   "Bewustwording herhalen"):
        assert secret not in text
    data = json.loads(text)["payload"]
    assert data["scrubbed"] is True and data["assessment"]["actions"] == []
    assert data["assessment"]["created_by"] is None and data["assessment"]["finalised_by"] is None
    answers = {a["item_code"]: (a["level"], a["not_applicable"], a["na_reason"], a["comment"], a["evidence"])
               for a in data["assessment"]["answers"]}
    assert answers == {"MINI-A01": (3, False, "", "", ""), "MINI-A02": (1, False, "", "", ""),
                       "MINI-B01": (2, False, "", "", ""), "MINI-B02": (None, True, SCRUBBED_NA_REASON, "", "")}
    # The scrubbed bundle still scores the same at the receiver.
    target = new_store(tmp_path / "provincie.db")
    outcome = BundleImporter(target).import_file(tmp_path / "scrub.json")
    assert outcome.outcome == "nieuw"
    assert target.score(outcome.assessment_id) == store.score(assessment_id)
    target.close()


def test_scrub_drops_answers_that_hold_only_text(store, tmp_path: Path) -> None:
    assessment_id = assessment(store, levels={"MINI-A01": 2}, finalise=False)
    store.set_answer(assessment_id, "MINI-A02", comment="Alleen een opmerking van Jan de Vries")
    data = build_bundle(store, assessment_id, "geaggregeerd", scrub=True)
    assert [a["item_code"] for a in data["assessment"]["answers"]] == ["MINI-A01"]
    full = build_bundle(store, assessment_id, "geaggregeerd")
    assert [a["item_code"] for a in full["assessment"]["answers"]] == ["MINI-A01", "MINI-A02"]


def test_a_concept_may_be_exported_and_says_so(store, tmp_path: Path) -> None:
    assessment_id = assessment(store, finalise=False)
    result = export_bundle(store, assessment_id, tmp_path / "c.json", sharing="geaggregeerd", key=KEY)
    data = payload_of(tmp_path / "c.json")
    assert result.status == data["assessment"]["status"] == "concept"
    assert data["assessment"]["finalised_at"] is None


def test_an_imported_assessment_is_not_exported_again(store, tmp_path: Path) -> None:
    assessment_id = assessment(store)
    export_bundle(store, assessment_id, tmp_path / "x.json", sharing="benoemd", key=KEY)
    target = new_store(tmp_path / "provincie.db")
    imported = BundleImporter(target).import_file(tmp_path / "x.json").assessment_id
    with pytest.raises(ExportError, match="geïmporteerd"):
        export_bundle(target, imported, tmp_path / "y.json", key=KEY)
    assert not (tmp_path / "y.json").exists()
    target.close()


def test_export_replaces_the_file_whole_and_leaves_no_temporary_files(store, tmp_path: Path) -> None:
    assessment_id = assessment(store)
    path = tmp_path / "out" / "x.json"
    path.parent.mkdir()
    path.write_text("oud", encoding="utf-8")
    export_bundle(store, assessment_id, path, sharing="benoemd", key=KEY)
    assert payload_of(path)["format"] == FORMAT
    assert [p.name for p in path.parent.iterdir()] == ["x.json"]


def test_the_schema_file_is_generated_from_the_models() -> None:
    assert (ROOT / "docs" / "bundle.schema.json").read_text(encoding="utf-8") == schema_text(), (
        "docs/bundle.schema.json is out of date: python -m norm.exchange.bundle --schema > docs/bundle.schema.json"
    )


def test_the_schema_describes_what_export_writes(store) -> None:
    schema = json.loads(schema_text())
    data = build_bundle(store, assessment(store), "benoemd")
    envelope = signing.sign_document(data, KEY)
    assert set(schema["properties"]) == set(envelope) == set(schema["required"])
    assert set(schema["properties"]["signature"]["properties"]) == set(envelope["signature"])
    definitions = schema["$defs"]
    bundle = definitions["Bundle"]
    assert set(bundle["properties"]) == set(data) | {"announce_key"} and set(bundle["required"]) <= set(data)
    # Documents travel only when the sender chooses (export --attachments).
    assert set(definitions["BundleAssessment"]["properties"]) == set(data["assessment"]) | {"attachments"}
    assert set(definitions["BundleAttachment"]["properties"]) == {"item_code", "name", "size", "sha256", "content"}
    assert set(definitions["BundleAnswer"]["properties"]) == set(data["assessment"]["answers"][0])
    assert set(definitions["BundleChecklist"]["properties"]) == {"id", "version", "content_hash"}
    assert bundle["properties"]["sharing"]["enum"] == ["geaggregeerd", "benoemd"]


def test_export_to_a_missing_folder_records_nothing(store, tmp_path: Path) -> None:
    assessment_id = assessment(store)
    before = dump(store)
    with pytest.raises(ExportError, match="bestaat niet"):
        export_bundle(store, assessment_id, tmp_path / "weg" / "x.json", sharing="benoemd", key=KEY)
    assert dump(store) == before


def test_export_to_the_receiver_is_encrypted_to_its_registered_key(store, tmp_path: Path) -> None:
    assessment_id = assessment(store)
    with pytest.raises(ExportError, match="geen vertrouwde sleutel van PV26"):
        export_bundle(store, assessment_id, tmp_path / "x.age", sharing="benoemd", key=KEY, encrypt_to="PV26")
    store.upsert_organisation("PV26", "Provincie Utrecht", "provincie")
    trust(store, "PV26", receiver=True)
    result = export_bundle(store, assessment_id, tmp_path / "x.age", sharing="benoemd", key=KEY, encrypt_to="PV26")
    sealed = (tmp_path / "x.age").read_bytes()
    assert result.encrypted_to == "PV26" and signing.is_encrypted(sealed)
    assert b"Jan de Vries" not in sealed and b"GM0344" not in sealed
    with pytest.raises(signing.EncryptionError):
        signing.decrypt_with(sealed, KEY)  # not even the sender can read it back
    envelope = json.loads(signing.decrypt_with(sealed, key_of("PV26")))
    assert signing.verify_document(envelope)[0]["assessment"]["uid"] == store.assessment(assessment_id).uid


def test_the_sign_off_travels_signed(store, tmp_path: Path) -> None:
    from norm.store.keys import SignOff

    assessment_id = assessment(store, finalise=False)
    store.finalise(assessment_id, sign_off=SignOff("M. de Boer", "gemeentesecretaris", "2026-03-01", "B&W 2026/12"),
                   acknowledge_shortfalls=True)
    export_bundle(store, assessment_id, tmp_path / "x.json", sharing="benoemd", key=KEY, scrub=True)
    assert payload_of(tmp_path / "x.json")["assessment"]["sign_off"] == {
        "name": "M. de Boer", "role": "gemeentesecretaris", "decided_on": "2026-03-01", "decision": "B&W 2026/12"}


def test_with_the_real_clock_two_exports_in_one_second_are_still_ordered(tmp_path: Path) -> None:
    from norm.store import utc_now

    store = new_store(tmp_path / "echt.db", clock=utc_now)
    assessment_id = assessment(store)
    first = build_bundle(store, assessment_id, "geaggregeerd")["exported_at"]
    second = build_bundle(store, assessment_id, "benoemd")["exported_at"]
    assert first.endswith("Z") and len(first) == len("2026-03-01T09:00:00.000000Z")
    assert second > first
    store.close()
