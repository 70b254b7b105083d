"""The benchmark file: province to municipality, only audited figures, refused when not trusted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from reports_support import ORGANISATIONS, make_store, submit

from norm.aggregate import load_shared
from norm.benchmark import (
    BenchmarkRefused,
    build_payload,
    comparison_for,
    export_benchmark,
    import_benchmark,
)
from norm.disclosure.release import new_release
from norm.errors import ForbiddenError, InvalidInputError
from norm.signing import fingerprint, generate_key, public_key_line, sign_document
from norm.store import Store

GEMEENTEN = [code for code, _, org_type, _, _ in ORGANISATIONS if org_type == "gemeente"]


@pytest.fixture
def province(tmp_path: Path) -> Store:
    store = make_store(tmp_path / "provincie.db")
    for index, code in enumerate(GEMEENTEN):
        submit(store, code, "2026", "geaggregeerd", default=index % 4)
    for code in ("W0001", "W0002"):  # two waterschappen: too few to show on their own
        submit(store, code, "2026", "geaggregeerd", default=3)
    new_release(store, "testnorm", "2026")
    yield store
    store.close()


@pytest.fixture
def participant(tmp_path: Path) -> Store:
    store = make_store(tmp_path / "gemeente.db")
    submit(store, "GM0001", "2026", "intern", default=2)
    yield store
    store.close()


def trust(store: Store, key: Any, code: str = "PV99") -> None:
    public = key.public_key()
    store.trust_key(code, public_key_line(public), fingerprint(public))


def db_bytes(store: Store) -> bytes:
    return Path(store.path).read_bytes()


def test_round_trip_province_to_municipality(province: Store, participant: Store) -> None:
    key = generate_key()
    data = export_benchmark(province, "testnorm", "2026", "PV99", key)
    trust(participant, key)
    stored, new = import_benchmark(participant, data)
    assert new and stored.period == "2026" and stored.issuer == "PV99"
    assert stored.signer_fingerprint == fingerprint(key.public_key())
    again, new_again = import_benchmark(participant, data)
    assert not new_again and again.id == stored.id and len(participant.benchmarks()) == 1
    own = participant.assessments(organisation_code="GM0001")[0]
    comparison = comparison_for(participant, own.id)
    assert comparison is not None and comparison.province is not None and comparison.peers is not None
    shared = load_shared(province, "testnorm", periods=["2026"])
    overall = shared.overall("2026")
    # The audited n: the two waterschappen are left out of the whole, as in the province report.
    assert comparison.province.n == overall.n == 13
    assert comparison.peers.type == "gemeente"
    assert comparison.province.overall is not None
    assert comparison.province.overall.meeting == overall.meeting
    assert comparison.province.overall.median == pytest.approx(overall.median, abs=1e-4)
    assert comparison.release_date == province.releases("testnorm", "2026")[0].created_at


def test_the_file_holds_nothing_the_audit_suppressed(province: Store) -> None:
    payload = build_payload(province, "testnorm", "2026", "PV99")
    text = json.dumps(payload, ensure_ascii=False)
    keys = {g["key"] for g in payload["groups"]}
    # Two waterschappen: the audit withholds their figure, so the file has no group of them at all.
    assert "type:waterschap" not in keys
    assert all(g["type"] != "waterschap" for g in payload["groups"])
    assert "waterschap" not in text.lower()
    # No organisation is named, not even the province that built it (only as issuer).
    for code, name, *_ in ORGANISATIONS:
        assert name not in text
        assert code not in text.replace('"issuer": "PV99"', "")
    # Every figure in the file is one the audited plan shows, and every withheld one is absent.
    shared = load_shared(province, "testnorm", periods=["2026"])
    province_group = next(g for g in payload["groups"] if g["key"] == "all")
    for theme in shared.themes("2026"):
        assert (theme.code in province_group["themes"]) == theme.stat.shown
    for item in shared.items("2026"):
        assert (item.code in province_group["items"]) == item.stat.shown
    for group in payload["groups"]:
        if group["dimension"] == "size_class":
            view = shared.peers(group["type"], "size_class", group["raw_groups"][0], "2026")
            assert view.overall("2026").shown and view.overall("2026").n == group["n"] >= shared.min_group
    assert "type:gemeente" in keys


def test_no_release_no_benchmark(participant: Store) -> None:
    with pytest.raises(InvalidInputError, match="nog geen release"):
        build_payload(participant, "testnorm", "2026", "PV99")


def _refused(store: Store, data: bytes, reason: str) -> None:
    before = db_bytes(store)
    with pytest.raises(BenchmarkRefused, match=reason):
        import_benchmark(store, data)
    assert db_bytes(store) == before
    assert store.benchmarks() == []


def test_an_unknown_signer_is_refused_and_nothing_written(province: Store, participant: Store) -> None:
    data = export_benchmark(province, "testnorm", "2026", "PV99", generate_key())
    _refused(participant, data, "niet vertrouwd")


def test_a_key_trusted_for_another_organisation_does_not_sign_for_the_province(
        province: Store, participant: Store) -> None:
    key = generate_key()
    trust(participant, key, "W0001")  # the waterschap's key claims to be the province
    _refused(participant, export_benchmark(province, "testnorm", "2026", "PV99", key), "niet vertrouwd")


def test_a_tampered_payload_is_refused(province: Store, participant: Store) -> None:
    key = generate_key()
    trust(participant, key)
    envelope = json.loads(export_benchmark(province, "testnorm", "2026", "PV99", key))
    envelope["payload"]["groups"][0]["overall"]["meeting"] = 0  # a kinder province figure
    _refused(participant, json.dumps(envelope).encode(), "handtekening klopt niet")


def test_a_forged_signature_is_refused(province: Store, participant: Store) -> None:
    key, forger = generate_key(), generate_key()
    trust(participant, key)
    payload = build_payload(province, "testnorm", "2026", "PV99")
    envelope = sign_document(payload, forger)
    envelope["signature"]["public_key"] = sign_document(payload, key)["signature"]["public_key"]
    envelope["signature"]["fingerprint"] = fingerprint(key.public_key())
    _refused(participant, json.dumps(envelope).encode(), "handtekening klopt niet")


@pytest.mark.parametrize("data, reason", [
    (b"\x00\xff", "geen leesbare JSON"),
    (b"[]", "niet ondertekend"),
    (b'{"format": "weerbaar-signed/1"}', "ontbreekt"),
])
def test_garbage_and_unsigned_files_are_refused(participant: Store, data: bytes, reason: str) -> None:
    _refused(participant, data, reason)


def test_an_unsigned_payload_is_refused(province: Store, participant: Store) -> None:
    _refused(participant, json.dumps(build_payload(province, "testnorm", "2026", "PV99")).encode(),
             "niet ondertekend")


def test_a_benchmark_of_an_unknown_checklist_version_is_refused(province: Store, participant: Store) -> None:
    key = generate_key()
    trust(participant, key)
    payload = build_payload(province, "testnorm", "2026", "PV99")
    payload["checklist"]["content_hash"] = "0" * 64
    _refused(participant, json.dumps(sign_document(payload, key)).encode(), "staat niet in deze database")


def test_a_signed_file_of_another_kind_is_refused(participant: Store) -> None:
    key = generate_key()
    trust(participant, key)
    _refused(participant, json.dumps(sign_document({"kind": "iets anders"}, key)).encode(),
             "geen benchmarkbestand")


def test_a_malformed_figure_is_refused_even_when_signed(province: Store, participant: Store) -> None:
    key = generate_key()
    trust(participant, key)
    payload = build_payload(province, "testnorm", "2026", "PV99")
    payload["groups"][0]["overall"]["meeting"] = payload["groups"][0]["overall"]["n"] + 1
    _refused(participant, json.dumps(sign_document(payload, key)).encode(), "onbekende vorm")


def test_a_hosted_user_cannot_import_but_may_read(province: Store, participant: Store) -> None:
    key = generate_key()
    trust(participant, key)
    data = export_benchmark(province, "testnorm", "2026", "PV99", key)
    participant.grant_role("hans", "lezer", "GM0001")
    hosted = Store(participant.path, actor="hans", clock=participant.clock,
                   principal=participant.principal_for("hans"))
    before = db_bytes(participant)
    with pytest.raises(ForbiddenError):
        import_benchmark(hosted, data)
    assert db_bytes(participant) == before
    import_benchmark(participant, data)
    assert len(hosted.benchmarks()) == 1
    assert hosted.latest_benchmark("testnorm", "2026") is not None
    hosted.close()
