"""Documents in a signed bundle: only when the sender chooses, never scrubbed, checked on arrival."""

from __future__ import annotations

import base64
import copy
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from bundle_support import Clock, assessment, db_bytes, key_of, new_store, signed

from norm.exchange.bundle import Bundle, ExportError, build_bundle, export_bundle
from norm.exchange.importer import BundleImporter
from norm.exchange.read import read_bundle
from norm.store import Store
from norm.vocabulary import MAX_ATTACHMENT_BYTES

POLICY = b"%PDF-1.4 informatiebeveiligingsbeleid"
MINUTES = b"Notulen MT 12 maart: beleid vastgesteld."


@pytest.fixture
def source(tmp_path: Path):
    store = new_store(tmp_path / "gemeente.db", clock=Clock("2026-03-01T09:00:00Z"))
    yield store
    store.close()


@pytest.fixture
def target(tmp_path: Path):
    store = new_store(tmp_path / "provincie.db", actor="Provincie", clock=Clock("2026-04-01T12:00:00Z"))
    yield store
    store.close()


def with_documents(store: Store) -> int:
    """A definitive assessment of Utrecht with two documents on two measures."""
    assessment_id = assessment(store, finalise=False)
    store.add_attachment(assessment_id, "MINI-A01", "beleid.pdf", POLICY)
    store.add_attachment(assessment_id, "MINI-A02", "notulen MT.txt", MINUTES)
    store.finalise(assessment_id, acknowledge_shortfalls=True)
    return assessment_id


def payload_of(store: Store, assessment_id: int, **kwargs: Any) -> dict[str, Any]:
    return build_bundle(store, assessment_id, "geaggregeerd", sequence=store.next_export_sequence(assessment_id),
                        **kwargs)


def received(target: Store) -> int:
    (only,) = [a for a in target.assessments() if a.origin == "import"]
    return only.id


# -- export -----------------------------------------------------------------------------------------


def test_documents_travel_only_when_asked(source) -> None:
    assessment_id = with_documents(source)
    plain = payload_of(source, assessment_id)
    assert "attachments" not in plain["assessment"]
    assert Bundle.model_validate(plain).assessment.attachments == []
    chosen = payload_of(source, assessment_id, attachments=True)
    documents = chosen["assessment"]["attachments"]
    assert [(d["item_code"], d["name"], d["size"]) for d in documents] == [
        ("MINI-A01", "beleid.pdf", len(POLICY)), ("MINI-A02", "notulen MT.txt", len(MINUTES))]
    assert base64.b64decode(documents[0]["content"]) == POLICY
    assert documents[1]["sha256"] == hashlib.sha256(MINUTES).hexdigest()


def test_documents_are_never_sent_scrubbed(source, tmp_path: Path) -> None:
    assessment_id = with_documents(source)
    with pytest.raises(ExportError, match="--scrub"):
        build_bundle(source, assessment_id, "geaggregeerd", scrub=True, attachments=True)
    before = db_bytes(source.path)
    with pytest.raises(ExportError, match="--scrub"):
        export_bundle(source, assessment_id, tmp_path / "b.json", key=key_of("GM0344"), scrub=True, attachments=True)
    assert not (tmp_path / "b.json").exists()
    assert db_bytes(source.path) == before  # not even the sequence counted
    scrubbed = payload_of(source, assessment_id, scrub=True)
    assert "attachments" not in scrubbed["assessment"]


def test_a_scrubbed_bundle_that_carries_documents_is_refused(source, target) -> None:
    """A hand-made bundle that says scrubbed but carries documents: refused, nothing written."""
    assessment_id = with_documents(source)
    data = payload_of(source, assessment_id, attachments=True)
    data["scrubbed"] = True
    before = db_bytes(target.path)
    outcome = BundleImporter(target).import_bytes(signed(data))
    assert outcome.refused and "geschoonde" in outcome.reason
    assert db_bytes(target.path) == before


def test_export_file_counts_the_documents(source, tmp_path: Path) -> None:
    assessment_id = with_documents(source)
    result = export_bundle(source, assessment_id, tmp_path / "b.json", key=key_of("GM0344"), attachments=True,
                           sharing="geaggregeerd")
    assert result.attachments == 2
    verified = read_bundle((tmp_path / "b.json").read_bytes())
    assert [d.data() for d in verified.bundle.assessment.attachments] == [POLICY, MINUTES]


# -- import -----------------------------------------------------------------------------------------


def test_import_stores_the_documents_with_the_definitive_assessment(source, target) -> None:
    assessment_id = with_documents(source)
    outcome = BundleImporter(target).import_bytes(signed(payload_of(source, assessment_id, attachments=True)))
    assert outcome.outcome == "nieuw", outcome.reason
    held = target.assessment(outcome.assessment_id)
    assert held.status == "definitief"
    documents = target.attachments(held.id)
    assert [(d.item_code, d.name, d.size) for d in documents] == [
        ("MINI-A01", "beleid.pdf", len(POLICY)), ("MINI-A02", "notulen MT.txt", len(MINUTES))]
    assert [target.attachment_content(d.id) for d in documents] == [POLICY, MINUTES]
    # Locked with the definitive assessment, like the sender's.
    with pytest.raises(Exception, match="definitie|vergrendeld|ontvangen"):
        target.delete_attachment(documents[0].id)


def test_a_newer_submission_replaces_the_documents(source, target) -> None:
    assessment_id = with_documents(source)
    importer = BundleImporter(target)
    assert importer.import_bytes(signed(payload_of(source, assessment_id, attachments=True))).outcome == "nieuw"
    newer = importer.import_bytes(signed(payload_of(source, assessment_id)))
    assert newer.outcome == "bijgewerkt", newer.reason
    assert target.attachments(newer.assessment_id) == []
    again = importer.import_bytes(signed(payload_of(source, assessment_id, attachments=True)))
    assert again.outcome == "bijgewerkt"
    assert len(target.attachments(again.assessment_id)) == 2


def _tampered(source: Store, change: Any) -> bytes:
    assessment_id = with_documents(source)
    data = copy.deepcopy(payload_of(source, assessment_id, attachments=True))
    change(data["assessment"]["attachments"])
    return signed(data)  # signed by the genuine sender: the signature is fine, the content is not


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda docs: docs[1].update(content=base64.b64encode(b"andere notulen").decode()), "bytes|SHA-256"),
        (lambda docs: docs[1].update(sha256=hashlib.sha256(b"x").hexdigest()), "SHA-256"),
        (lambda docs: docs[0].update(size=docs[0]["size"] + 1), "bytes"),
        (lambda docs: docs[0].update(content="@@@="), "content"),
        (lambda docs: docs[0].update(name="../../etc/passwd"), "bestandsnaam"),
        (lambda docs: docs[0].update(name="CON.txt"), "bestandsnaam"),
        (lambda docs: docs[0].update(name="beleid\x07.pdf"), "bestandsnaam"),
        (lambda docs: docs[0].update(item_code="MINI-Z99"), "bestaat niet"),
        (lambda docs: docs[0].update(size=MAX_ATTACHMENT_BYTES + 1), "size"),
        (lambda docs: docs.append(dict(docs[0], extra="x")), "extra"),
    ],
    ids=["other-bytes", "other-hash", "other-size", "not-base64", "path", "device", "control", "unknown-measure",
         "too-large", "extra-field"],
)
def test_a_bundle_with_a_bad_document_is_refused_entirely(source, target, change, reason) -> None:
    data = _tampered(source, change)
    before = db_bytes(target.path)
    outcome = BundleImporter(target).import_bytes(data)
    assert outcome.refused
    assert outcome.reason.startswith("ongeldige inhoud")
    assert re.search(reason, outcome.reason), outcome.reason
    assert db_bytes(target.path) == before


def test_the_store_checks_received_documents_itself(source, target) -> None:
    """Even a caller that skips the bundle's validation cannot store bytes that do not match."""
    from norm.errors import InvalidInputError
    from norm.store import AssessmentContent, ReceivedAttachment

    snapshot = target.snapshots("mini-norm")[0]
    before = db_bytes(target.path)
    bad = ReceivedAttachment("MINI-A01", "beleid.pdf", len(POLICY), hashlib.sha256(b"iets anders").hexdigest(), POLICY)
    content = AssessmentContent(uid="00000000-0000-4000-8000-000000000000", organisation_code="GM0344",
                                snapshot_id=snapshot.id, period="2026",
                                kind="nulmeting", status="concept", sharing="geaggregeerd",
                                created_at="2026-03-01T09:00:00Z", created_by=None, updated_at="2026-03-01T09:00:00Z",
                                written_at="2026-03-01T09:00:00Z", attachments=[bad])
    with pytest.raises(InvalidInputError, match="controlegetal"):
        target.add_assessments([content], origin="import")
    assert db_bytes(target.path) == before
