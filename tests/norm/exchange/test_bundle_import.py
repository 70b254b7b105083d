"""Importing signed submission bundles: outcomes, replacement by sequence, refusals that change nothing,
tampering."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from bundle_support import Clock, assessment, changed, dump, key_of, leaves, new_store, nodes, removed, signed

from norm import signing
from norm.checklist import load_checklist_file
from norm.exchange import read as bundle_read
from norm.exchange.bundle import build_bundle, bundle_hash, export_bundle
from norm.exchange.importer import BundleImporter, exported_at_of
from norm.scoring import AssessmentScore
from norm.store import Store

MINI = Path(__file__).parents[2] / "fixtures" / "mini.yaml"


@pytest.fixture
def source(tmp_path: Path):
    store = new_store(tmp_path / "gemeente.db", clock=Clock("2026-03-01T09:00:00Z"))
    yield store
    store.close()


@pytest.fixture
def target(tmp_path: Path):
    """The province's database: it holds the checklist and the organisations with their trusted keys."""
    store = new_store(tmp_path / "provincie.db", actor="Provincie", clock=Clock("2026-04-01T12:00:00Z"))
    yield store
    store.close()


def payload(data: dict[str, Any]) -> bytes:
    return signed(data)


def bundle_of(store: Store, assessment_id: int, sharing: str = "geaggregeerd", **kwargs: Any) -> dict[str, Any]:
    if "sequence" not in kwargs:
        kwargs["sequence"] = store.next_export_sequence(assessment_id)
    return build_bundle(store, assessment_id, sharing, **kwargs)


def figures(result: AssessmentScore) -> tuple[Any, ...]:
    return (result.overall, result.target_score, result.completeness, result.basisnorm,
            result.tier.id if result.tier else None, [(t.code, t.score, t.answered) for t in result.themes],
            [(g.code, g.gap) for g in result.gaps], [(r.code, r.state, r.level) for r in result.items])


# -- outcomes -------------------------------------------------------------------------------------


def test_new_bundle_is_imported_with_everything_it_carries(source, target) -> None:
    assessment_id = assessment(source, na={"MINI-B02": "Geen parken"})
    data = bundle_of(source, assessment_id, "benoemd")
    outcome = BundleImporter(target).import_bytes(payload(data), "utrecht.json")

    assert (outcome.outcome, outcome.organisation_code, outcome.period, outcome.status, outcome.sharing) == (
        "nieuw", "GM0344", "2026", "definitief", "benoemd")
    assert outcome.reason == "" and outcome.fingerprint == signing.fingerprint(key_of("GM0344").public_key())
    record = target.assessment(outcome.assessment_id)
    original = source.assessment(assessment_id)
    assert (record.uid, record.origin, record.bundle_hash, record.status, record.sharing, record.kind) == (
        original.uid, "import", bundle_hash(data), "definitief", "benoemd", "nulmeting")
    assert record.finalised_at == original.finalised_at and record.finalised_by == "Ann Jansen"
    imported = {code: (a.level, a.not_applicable, a.na_reason, a.comment, a.evidence)
                for code, a in target.answers(record.id).items()}
    assert imported == {code: (a.level, a.not_applicable, a.na_reason, a.comment, a.evidence)
                        for code, a in source.answers(assessment_id).items()}
    assert [(a.item_code, a.description, a.owner, a.deadline) for a in target.actions(record.id)] == [
        (a.item_code, a.description, a.owner, a.deadline) for a in source.actions(assessment_id)]
    assert len(target.snapshots()) == 1
    fields = [(e.entity, e.field) for e in target.changelog()]
    assert ("inzending", "geïmporteerd") in fields
    received = target.received_bundle(record.id)
    assert (received.sequence, received.fingerprint, received.exported_at) == (
        data["sequence"], outcome.fingerprint, data["exported_at"])
    assert exported_at_of(target, [record.id]) == {record.id: "2026-03-01T09:00:00Z"}


def test_the_same_bundle_twice_changes_nothing(source, target) -> None:
    data = payload(bundle_of(source, assessment(source)))
    importer = BundleImporter(target)
    first = importer.import_bytes(data)
    before = dump(target)
    again = importer.import_bytes(data)
    fresh = BundleImporter(target).import_bytes(data)
    assert first.outcome == "nieuw"
    assert (again.outcome, fresh.outcome) == ("ongewijzigd", "ongewijzigd")
    assert again.assessment_id == first.assessment_id and "al ingelezen" in again.reason
    assert dump(target) == before


def test_the_same_submission_in_another_file_changes_nothing(source, target) -> None:
    data = bundle_of(source, assessment(source))
    importer = BundleImporter(target)
    assert importer.import_bytes(payload(data)).outcome == "nieuw"
    before = dump(target)
    reformatted = json.dumps(signing.sign_document(data, key_of("GM0344")), separators=(",", ":"))
    outcome = importer.import_bytes(reformatted.encode("utf-8"))
    assert outcome.outcome == "ongewijzigd" and "al ingelezen" in outcome.reason
    assert dump(target) == before


def test_a_newer_export_replaces_the_older_one_and_the_change_log_shows_it(source, target) -> None:
    importer = BundleImporter(target)
    assessment_id = assessment(source, finalise=False, levels={"MINI-A01": 1})
    first = payload(bundle_of(source, assessment_id))
    assert importer.import_bytes(first).outcome == "nieuw"
    imported = target.assessment_by_uid(source.assessment(assessment_id).uid)
    assert imported.status == "concept"

    source.clock.now = "2026-03-05T10:00:00Z"
    for code in ("MINI-A01", "MINI-A02", "MINI-B01", "MINI-B02"):
        source.set_answer(assessment_id, code, level=3, comment="")
    source.finalise(assessment_id, acknowledge_shortfalls=True)
    second = payload(bundle_of(source, assessment_id))
    outcome = importer.import_bytes(second)
    assert (outcome.outcome, outcome.assessment_id) == ("bijgewerkt", imported.id)
    assert "volgnummer 2" in outcome.reason
    record = target.assessment(imported.id)
    assert (record.status, record.finalised_at) == ("definitief", "2026-03-05T10:00:00Z")
    assert {c: a.level for c, a in target.answers(record.id).items()} == {
        "MINI-A01": 3, "MINI-A02": 3, "MINI-B01": 3, "MINI-B02": 3}
    assert figures(target.score(record.id)) == figures(source.score(assessment_id))
    log = [(e.field, e.old_value, e.new_value) for e in target.changelog(record.id)]
    assert any(f == "vervangen door nieuwere inzending" and old == "2026-03-01T09:00:00Z"
               and new.startswith("2026-03-05T10:00:00Z (volgnummer 2") for f, old, new in log)
    assert ("status", "concept", "definitief") in log

    # A definitive imported assessment is replaced by a still newer export (here: a new consent).
    source.clock.now = "2026-03-09T10:00:00Z"
    third = payload(bundle_of(source, assessment_id, "benoemd"))
    assert importer.import_bytes(third).outcome == "bijgewerkt"
    record = target.assessment(imported.id)
    assert (record.status, record.sharing) == ("definitief", "benoemd")
    assert len(target.answers(record.id)) == 4 and len(target.actions(record.id)) == 1
    assert exported_at_of(target, [record.id]) == {record.id: "2026-03-09T10:00:00Z"}

    # The older files arriving again change nothing (recognised by their hash) ...
    before = dump(target)
    assert importer.import_bytes(first).outcome == "ongewijzigd"
    assert importer.import_bytes(second).outcome == "ongewijzigd"
    # ... and an older export never seen before is refused: its sequence is lower.
    late = payload(bundle_of(source, assessment_id, sequence=2))
    outcome = importer.import_bytes(late)
    assert outcome.outcome == "geweigerd" and "volgnummer 2" in outcome.reason and "volgnummer 3" in outcome.reason
    assert dump(target) == before


def test_the_same_sequence_with_other_content_is_refused(source, target) -> None:
    assessment_id = assessment(source)
    importer = BundleImporter(target)
    importer.import_bytes(payload(bundle_of(source, assessment_id, "geaggregeerd", sequence=4)))
    before = dump(target)
    outcome = importer.import_bytes(payload(bundle_of(source, assessment_id, "benoemd", sequence=4)))
    assert outcome.outcome == "geweigerd" and "dezelfde volgnummer (4)" in outcome.reason
    assert dump(target) == before


def test_an_assessment_made_in_this_database_is_never_replaced(source, tmp_path: Path) -> None:
    assessment_id = assessment(source)
    export_bundle(source, assessment_id, tmp_path / "eigen.json", sharing="benoemd", key=key_of("GM0344"))
    before = dump(source)
    outcome = BundleImporter(source).import_file(tmp_path / "eigen.json")
    assert outcome.outcome == "geweigerd" and "zelf gemaakt" in outcome.reason
    assert dump(source) == before


def test_an_organisation_of_another_type_is_refused(source, target) -> None:
    target.upsert_organisation("GM0344", "Utrecht", "waterschap", reference=True)
    before = dump(target)
    outcome = BundleImporter(target).import_bytes(payload(bundle_of(source, assessment(source))))
    assert outcome.outcome == "geweigerd" and "in deze database een waterschap" in outcome.reason
    assert dump(target) == before


def test_a_known_organisation_keeps_its_own_data(source, target) -> None:
    target.upsert_organisation("GM0344", "Gemeente Utrecht", "gemeente", {"size_class": "zeer groot"},
                               reference=True)
    outcome = BundleImporter(target).import_bytes(payload(bundle_of(source, assessment(source))))
    assert outcome.outcome == "nieuw" and outcome.organisation_code == "GM0344"
    assert outcome.organisation_name == "Gemeente Utrecht"
    organisation = target.organisation("GM0344")
    assert (organisation.name, organisation.reference) == ("Gemeente Utrecht", True)


def test_a_checklist_version_known_with_other_content_is_refused_and_nothing_remains(
    source, tmp_path: Path
) -> None:
    target = new_store(tmp_path / "ander.db", checklist=False)
    other = load_checklist_file(MINI).model_copy(update={"title": "Andere inhoud, zelfde versie"})
    target.add_checklist(other)
    before = dump(target)
    outcome = BundleImporter(target).import_bytes(payload(bundle_of(source, assessment(source))))
    assert outcome.outcome == "geweigerd" and "andere inhoud" in outcome.reason
    assert "gewijzigde norm wordt niet overgenomen" in outcome.reason
    assert dump(target) == before
    target.close()


def test_a_checklist_version_the_receiver_does_not_hold_is_refused_naming_it(source, tmp_path: Path) -> None:
    target = new_store(tmp_path / "leeg.db", checklist=False)
    before = dump(target)
    outcome = BundleImporter(target).import_bytes(payload(bundle_of(source, assessment(source))))
    assert outcome.outcome == "geweigerd"
    assert "checklist mini-norm versie 1.0 staat niet in deze database" in outcome.reason
    assert "weerbaar checklist add" in outcome.reason
    assert dump(target) == before
    target.close()


def test_a_failure_halfway_the_write_leaves_nothing_behind(source, target, monkeypatch) -> None:
    data = payload(bundle_of(source, assessment(source)))
    before = dump(target)
    original = Store._log

    def failing_log(self: Store, entity: str, field_name: str, *args: Any, **kwargs: Any) -> None:
        if field_name == "geïmporteerd":
            raise RuntimeError("schijf vol")
        original(self, entity, field_name, *args, **kwargs)

    monkeypatch.setattr(Store, "_log", failing_log)
    importer = BundleImporter(target)
    outcome = importer.import_bytes(data)
    assert outcome.outcome == "geweigerd" and outcome.unexpected and "schijf vol" in outcome.reason
    assert dump(target) == before
    monkeypatch.setattr(Store, "_log", original)
    # The checklist seen in the failed attempt was not cached as stored: the retry stores it.
    assert importer.import_bytes(data).outcome == "nieuw"


def test_round_trip_gives_identical_figures(source, target, tmp_path: Path) -> None:
    cases = {
        "GM0344": ({"MINI-A01": 3, "MINI-A02": 1, "MINI-B01": 0}, {"MINI-B02": "Geen parken"}),
        "GM0307": ({"MINI-A01": 1, "MINI-A02": 3, "MINI-B01": 2, "MINI-B02": 2}, {}),
        "W0636": ({"MINI-A01": 2, "MINI-A02": 0}, {}),
    }
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    ids = {}
    for code, (levels, na) in cases.items():
        ids[code] = assessment(source, code, levels=levels, na=na)
        export_bundle(source, ids[code], folder / f"{code}.json", sharing="benoemd", key=key_of(code))
    outcomes = BundleImporter(target).import_paths([folder])
    assert [o.outcome for o in outcomes] == ["nieuw"] * 3
    for outcome in outcomes:
        assert figures(target.score(outcome.assessment_id)) == figures(source.score(ids[outcome.organisation_code]))


def test_folders_are_read_in_natural_order_and_bad_files_do_not_stop_the_rest(source, target, tmp_path) -> None:
    folder = tmp_path / "map"
    (folder / "sub").mkdir(parents=True)
    export_bundle(source, assessment(source, "GM0344"), folder / "b10.json", sharing="benoemd", key=key_of("GM0344"))
    export_bundle(source, assessment(source, "GM0307"), folder / "sub" / "b2.json", sharing="benoemd",
                  key=key_of("GM0307"))
    (folder / "b3.json").write_bytes(b"\xff\xfe niet goed")
    (folder / "notities.txt").write_text("geen bundel", encoding="utf-8")
    (tmp_path / "leeg").mkdir()
    outcomes = BundleImporter(target).import_paths([folder, tmp_path / "leeg", tmp_path / "weg.json"])
    assert [(Path(o.source).name, o.outcome) for o in outcomes] == [
        ("b3.json", "geweigerd"), ("b10.json", "nieuw"), ("b2.json", "nieuw"), ("leeg", "geweigerd"),
        ("weg.json", "geweigerd")]
    assert "UTF-8" in outcomes[0].reason and "geen .json" in outcomes[3].reason
    assert "bestaat niet" in outcomes[4].reason


# -- refusals -------------------------------------------------------------------------------------


def _duplicate_answer(data: dict[str, Any]) -> dict[str, Any]:
    answers = data["assessment"]["answers"]
    return changed(data, ("assessment", "answers"), [*answers, copy.deepcopy(answers[0])])


REFUSALS = {
    "level outside the scale": (lambda d: changed(d, ("assessment", "answers", 0, "level"), 7),
                                "niveau 7 ligt niet op de schaal (0, 1, 2, 3)"),
    "level as text": (lambda d: changed(d, ("assessment", "answers", 0, "level"), "2"),
                      "assessment.answers[0].level: moet een geheel getal zijn"),
    "level as a flag": (lambda d: changed(d, ("assessment", "answers", 0, "level"), True),
                        "moet een geheel getal zijn"),
    "negative level": (lambda d: changed(d, ("assessment", "answers", 0, "level"), -1), "is te klein"),
    "duplicate item codes": (_duplicate_answer, "maatregel MINI-A01 komt meer dan eens voor"),
    "unknown item": (lambda d: changed(d, ("assessment", "answers", 0, "item_code"), "MINI-Z99"),
                     "maatregel MINI-Z99 bestaat niet in checklist mini-norm 1.0"),
    "n.v.t. without reason": (lambda d: changed(d, ("assessment", "answers", 0),
                                                {**d["assessment"]["answers"][0], "level": None,
                                                 "not_applicable": True, "na_reason": " "}), "n.v.t. zonder reden"),
    "n.v.t. on a basisnorm measure": (lambda d: changed(d, ("assessment", "answers", 0),
                                                        {**d["assessment"]["answers"][0], "level": None,
                                                         "not_applicable": True, "na_reason": "Geen parken"}),
                                      "assessment.answers[0]: N.v.t. is niet toegestaan bij MINI-A01: deze "
                                      "maatregel hoort bij de basisnorm"),
    "level and n.v.t.": (lambda d: changed(d, ("assessment", "answers", 0, "not_applicable"), True),
                         "óf een niveau óf n.v.t."),
    "incomplete definitive": (lambda d: removed(d, ("assessment", "answers", 0)), "niet beantwoord: MINI-A01"),
    "definitive without moment": (lambda d: changed(d, ("assessment", "finalised_at"), None),
                                  "finalised_at"),
    "intern sharing": (lambda d: changed(d, ("sharing",), "intern"), "onbekende waarde 'intern'"),
    "unknown status": (lambda d: changed(d, ("assessment", "status"), "klaar"), "onbekende waarde 'klaar'"),
    "unknown field": (lambda d: changed(d, ("assessment", "extra"), 1), "assessment.extra: onbekend veld"),
    "missing field": (lambda d: removed(d, ("organisation", "type")), "organisation.type: verplicht veld ontbreekt"),
    "organisation type neither built in nor declared": (lambda d: changed(d, ("organisation", "type"), "bank"),
                                  "in deze database een gemeente, in de bundel een bank"),
    "bad organisation code": (lambda d: changed(d, ("organisation", "code"), "GM 0344; DROP"),
                              "organisation.code: heeft een ongeldige vorm"),
    "empty organisation name": (lambda d: changed(d, ("organisation", "name"), "  "), "organisation.name"),
    "nested attribute": (lambda d: changed(d, ("organisation", "attributes", "x"), {"y": [1]}),
                         "organisation.attributes.x: moet tekst, een getal of waar/onwaar zijn"),
    "bad uid": (lambda d: changed(d, ("assessment", "uid"), "1234"), "assessment.uid: heeft een ongeldige vorm"),
    "bad period": (lambda d: changed(d, ("assessment", "period"), "../../etc"), "assessment.period"),
    "impossible deadline": (lambda d: changed(d, ("assessment", "actions", 0, "deadline"), "2027-02-30"),
                            "2027-02-30 is geen bestaande datum"),
    "impossible export moment": (lambda d: changed(d, ("exported_at",), "2026-13-01T25:00:00Z"),
                                 "geen bestaand tijdstip"),
    "text too long": (lambda d: changed(d, ("assessment", "answers", 0, "comment"), "x" * 20_001),
                      "tekst is te lang"),
    "NUL in text": (lambda d: changed(d, ("assessment", "answers", 0, "comment"), "a\x00b"), "ongeldig teken"),
    "too many answers": (lambda d: changed(d, ("assessment", "answers"), d["assessment"]["answers"] * 600),
                         "bevat te veel elementen"),
    "answers not a list": (lambda d: changed(d, ("assessment", "answers"), {"MINI-A01": 2}), "moet een lijst zijn"),
    "newer format": (lambda d: changed(d, ("format_version",), 3), "formaatversie 3 is te nieuw"),
    "older format": (lambda d: changed(d, ("format_version",), 1), "onbekende formaatversie 1"),
    "not a bundle": (lambda d: changed(d, ("format",), "iets anders"), "geen weerbaar-inzending"),
    "a definition carried along": (lambda d: changed(d, ("checklist", "definition"), {"id": "mini-norm"}),
                                   "checklist.definition: onbekend veld"),
    "checklist named under another id": (lambda d: changed(d, ("checklist", "id"), "andere-norm"),
                                         "hoort hier bij mini-norm 1.0, de bundel noemt andere-norm"),
    "unknown checklist hash": (lambda d: changed(d, ("checklist", "content_hash"), "0" * 64),
                               "andere inhoud dan de versie in deze database"),
    "sequence zero": (lambda d: changed(d, ("sequence",), 0), "sequence: is te klein"),
    "sequence missing": (lambda d: removed(d, ("sequence",)), "sequence: verplicht veld ontbreekt"),
    "organisation not in the register": (lambda d: changed(d, ("organisation", "code"), "GM9999"),
                                         "organisatie GM9999 staat niet in deze database"),
    "future export moment": (lambda d: changed(d, ("exported_at",), "2026-04-01T12:06:00Z"),
                             "ligt in de toekomst"),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_bad_bundles_are_refused_with_a_reason_and_change_nothing(source, target, name: str) -> None:
    mutate, reason = REFUSALS[name]
    data = mutate(bundle_of(source, assessment(source)))
    before = dump(target)
    # Signed with the organisation's own, trusted key: the content itself is what is refused.
    outcome = BundleImporter(target).import_bytes(signed(data, key_of("GM0344")), "kapot.json")
    assert outcome.outcome == "geweigerd" and not outcome.unexpected
    assert reason in outcome.reason
    assert dump(target) == before


def test_a_measure_that_does_not_apply_to_the_organisation_is_refused(source, target) -> None:
    data = bundle_of(source, assessment(source, "W0636"))
    answers = [*data["assessment"]["answers"], {**data["assessment"]["answers"][0], "item_code": "MINI-B01"}]
    outcome = BundleImporter(target).import_bytes(payload(changed(data, ("assessment", "answers"), answers)))
    assert outcome.outcome == "geweigerd" and "maatregel MINI-B01 geldt niet voor een waterschap" in outcome.reason


RAW_REFUSALS = {
    "invalid UTF-8": (b'{"format": "weerbaar-inzending", "x": "\xc3\x28"}', "geen geldige UTF-8-tekst (byte 39)"),
    "not JSON": (b"<xml/>", "geen geldige JSON (regel 1, kolom 1"),
    "truncated": (b'{"format": "weerbaar-inzending", ', "geen geldige JSON"),
    "empty": (b"", "geen geldige JSON"),
    "a list": (b"[1, 2]", "geen ondertekende weerbaar-inzending"),
    "unsigned (format 1)": (b'{"format": "weerbaar-inzending", "format_version": 1}', "niet ondertekend"),
    "encrypted without a key": (b"age-encryption.org/v1\n-> X25519 abc\n", "versleuteld"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
    "NaN": (b'{"format": "weerbaar-inzending", "format_version": 1, "a": NaN}', "NaN is geen getal"),
    "huge number": (b'{"format": "weerbaar-inzending", "a": ' + b"9" * 5000 + b"}", "onredelijk lang"),
    "infinite number": (b'{"format": "weerbaar-inzending", "format_version": 1, "content_hash": "x", '
                        b'"a": 1e400}', "getal dat te groot is"),
}


@pytest.mark.parametrize("name", list(RAW_REFUSALS))
def test_bytes_that_are_no_bundle_are_refused(target, name: str) -> None:
    data, reason = RAW_REFUSALS[name]
    before = dump(target)
    outcome = BundleImporter(target).import_bytes(data)
    assert outcome.outcome == "geweigerd" and reason in outcome.reason and not outcome.unexpected
    assert dump(target) == before


def test_absurdly_large_files_are_refused_before_reading(source, target, tmp_path, monkeypatch) -> None:
    path = tmp_path / "groot.json"
    path.write_bytes(payload(bundle_of(source, assessment(source))))
    monkeypatch.setattr(bundle_read, "MAX_BUNDLE_BYTES", 1000)
    outcome = BundleImporter(target).import_file(path)
    assert outcome.outcome == "geweigerd" and "te groot" in outcome.reason
    assert BundleImporter(target).import_bytes(path.read_bytes()).reason.startswith("bestand is te groot")


def test_a_byte_order_mark_is_accepted(source, target) -> None:
    data = b"\xef\xbb\xbf" + payload(bundle_of(source, assessment(source)))
    assert BundleImporter(target).import_bytes(data).outcome == "nieuw"


# -- tampering ------------------------------------------------------------------------------------


def _tampered_value(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "x" if value else "x"
    return "x"


def test_tampering_with_any_field_is_detected(source, target) -> None:
    assessment_id = assessment(source, na={"MINI-B02": "Geen parken"})
    data = bundle_of(source, assessment_id)
    envelope = signing.sign_document(data, key_of("GM0344"))
    before = dump(target)
    importer = BundleImporter(target)
    paths = [path for path, _ in leaves(envelope)]
    assert len(paths) > 50
    for path, value in leaves(envelope):
        outcome = importer.import_bytes(json.dumps(changed(envelope, path, _tampered_value(value))).encode())
        assert outcome.outcome == "geweigerd", path
        assert not outcome.unexpected, (path, outcome.reason)
    for path in nodes(envelope):
        if path:
            outcome = importer.import_bytes(json.dumps(removed(envelope, path)).encode())
            assert outcome.outcome == "geweigerd", path
    added = changed(envelope, ("payload", "assessment", "answers", 0, "note"), "toegevoegd")
    assert importer.import_bytes(json.dumps(added).encode()).outcome == "geweigerd"
    assert dump(target) == before
    assert importer.import_bytes(payload(data)).outcome == "nieuw"


def test_reordering_and_reformatting_is_not_tampering(source, target) -> None:
    data = bundle_of(source, assessment(source))
    envelope = signing.sign_document(data, key_of("GM0344"))
    envelope["payload"] = dict(reversed(list(data.items())))
    compact = json.dumps(dict(reversed(list(envelope.items()))), separators=(",", ":"), ensure_ascii=True)
    assert BundleImporter(target).import_bytes(compact.encode("ascii")).outcome == "nieuw"


@pytest.mark.parametrize("value", [2.0, 2.5])
def test_a_number_written_otherwise_is_the_same_only_when_rfc8785_says_so(source, target, value) -> None:
    data = bundle_of(source, assessment(source))
    envelope = signing.sign_document(data, key_of("GM0344"))
    text = json.dumps(envelope).replace('"level": 2,', f'"level": {value},', 1)
    outcome = BundleImporter(target).import_bytes(text.encode())
    # 2.0 canonicalises to 2 (the signature holds) but a level must be an integer; 2.5 breaks the signature.
    assert outcome.outcome == "geweigerd"
    assert ("moet een geheel getal zijn" if value == 2.0 else "handtekening klopt niet") in outcome.reason


def test_floats_long_integers_and_non_ascii_keys_verify_through_rfc8785(source, target) -> None:
    """Values where json.dumps and RFC 8785 differ take the rfc8785 path: the signature still holds."""
    data = bundle_of(source, assessment(source))
    data["organisation"]["attributes"] = {"inwoners_ħ": 2.0, "oppervlakte": 99.5, "code": 1234567890123456}
    outcome = BundleImporter(target).import_bytes(payload(data))
    assert outcome.outcome == "nieuw", outcome.reason
    assert target.assessment(outcome.assessment_id).bundle_hash == bundle_hash(data)
