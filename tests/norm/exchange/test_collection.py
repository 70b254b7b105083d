"""The collection round: who submitted what, at which sharing level, and who is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_support import Clock, assessment, bundle_bytes, key_of, new_store, trust

from norm import signing
from norm.exchange.collection import collection_round
from norm.exchange.importer import BundleImporter
from norm.store import NotFoundError


@pytest.fixture
def municipality(tmp_path: Path):
    store = new_store(tmp_path / "gemeenten.db", clock=Clock("2026-03-01T09:00:00Z"))
    store.upsert_organisation("GM0310", "De Bilt", "gemeente", reference=True)
    yield store
    store.close()


@pytest.fixture
def province(tmp_path: Path):
    store = new_store(tmp_path / "provincie.db", actor="Provincie", clock=Clock("2026-04-01T12:00:00Z"))
    store.upsert_organisation("GM0310", "De Bilt", "gemeente", {"police_district": "Oost-Utrecht"},
                              reference=True)
    store.upsert_organisation("GM9999", "Testgemeente", "gemeente")  # known, but not a reference organisation
    trust(store, "GM0310", "GM9999")
    yield store
    store.close()


def send(source, target, assessment_id: int, sharing: str = "geaggregeerd") -> None:
    data = bundle_bytes(source, assessment_id, sharing, sequence=source.next_export_sequence(assessment_id))
    assert BundleImporter(target).import_bytes(data).outcome in ("nieuw", "bijgewerkt")


def test_the_round_shows_submitted_missing_and_what_counts(municipality, province) -> None:
    send(municipality, province, assessment(municipality, "GM0344"), "benoemd")
    send(municipality, province, assessment(municipality, "GM0307", finalise=False))
    municipality.upsert_organisation("GM9999", "Testgemeente", "gemeente")
    send(municipality, province, assessment(municipality, "GM9999"))
    send(municipality, province, assessment(municipality, "GM0310", "2025"))  # another period
    own = assessment(province, "W0636")  # the province's own database, still intern

    state = collection_round(province, "mini-norm", "2026")
    rows = {row.code: row for row in state.rows}
    assert [row.code for row in state.rows] == ["GM0307", "GM0310", "GM9999", "GM0344", "W0636"]
    assert (rows["GM0344"].state, rows["GM0344"].sharing, rows["GM0344"].status) == (
        "ingediend", "benoemd", "definitief")
    assert rows["GM0344"].exported_at == "2026-03-01T09:00:00Z" and rows["GM0344"].origin == "import"
    # Who sent what: the key that signed the submission held, and its sequence.
    assert rows["GM0344"].signed_by == signing.fingerprint(key_of("GM0344").public_key())
    assert rows["GM0344"].sequence == 1 and rows["W0636"].signed_by is None
    assert (rows["GM0307"].state, rows["GM0307"].counted) == ("concept", False)
    assert (rows["GM0310"].state, rows["GM0310"].assessment_id, rows["GM0310"].district) == (
        "ontbreekt", None, "Oost-Utrecht")
    assert (rows["W0636"].state, rows["W0636"].assessment_id, rows["W0636"].exported_at) == ("intern", own, None)
    assert (rows["GM9999"].reference, rows["GM9999"].state) == (False, "ingediend")
    # Totals count the reference organisations only.
    assert (state.expected, state.submitted, state.counted) == (4, 3, 1)
    assert [row.code for row in state.missing] == ["GM0310"]
    assert state.as_dict()["missing"] == ["GM0310"]

    gemeenten = collection_round(province, "mini-norm", "2026", "gemeente")
    assert [row.code for row in gemeenten.rows] == ["GM0307", "GM0310", "GM9999", "GM0344"]
    assert gemeenten.expected == 3


def test_the_assessment_that_counts_is_shown_when_there_are_several(municipality, province) -> None:
    first = assessment(municipality, "GM0344")
    send(municipality, province, first, "benoemd")
    municipality.clock.now = "2026-03-20T09:00:00Z"
    send(municipality, province, assessment(municipality, "GM0344", finalise=False))  # a later concept
    row = next(r for r in collection_round(province, "mini-norm", "2026").rows if r.code == "GM0344")
    assert (row.state, row.status, row.exported_at) == ("ingediend", "definitief", "2026-03-01T09:00:00Z")


def test_an_unknown_checklist_is_refused(province) -> None:
    with pytest.raises(NotFoundError, match="Onbekende checklist 'geen-norm'"):
        collection_round(province, "geen-norm", "2026")
