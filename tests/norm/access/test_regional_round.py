"""The collection round in a hosted database: a regional role receives submissions and sees who sent
what; named data only of benoemd ones; a municipality's user cannot receive at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_support import assessment, key_of, new_store

from norm.errors import ForbiddenError
from norm.exchange.bundle import export_bundle
from norm.exchange.collection import collection_round
from norm.exchange.importer import BundleImporter
from norm.store import Store


def test_a_province_user_receives_and_reads_only_what_consent_allows(tmp_path: Path) -> None:
    sender = new_store(tmp_path / "gemeenten.db")
    export_bundle(sender, assessment(sender, "GM0344"), tmp_path / "utrecht.json", sharing="benoemd",
                  key=key_of("GM0344"))
    export_bundle(sender, assessment(sender, "GM0307"), tmp_path / "amersfoort.json", sharing="geaggregeerd",
                  key=key_of("GM0307"))
    sender.close()
    server = new_store(tmp_path / "provincie.db")  # holds the norm and the senders' keys
    server.grant_role("piet", "provincie")
    server.grant_role("hans", "invuller", "GM0307")
    hans = Store(server.path, principal=server.principal_for("hans"))
    refused = BundleImporter(hans).import_file(tmp_path / "utrecht.json")
    assert refused.outcome != "nieuw" and "hans" in refused.reason
    assert server.assessments() == []
    piet = Store(server.path, principal=server.principal_for("piet"))
    outcomes = [BundleImporter(piet).import_file(tmp_path / name) for name in ("utrecht.json", "amersfoort.json")]
    assert [o.outcome for o in outcomes] == ["nieuw", "nieuw"], [o.reason for o in outcomes]
    utrecht, amersfoort = (o.assessment_id for o in outcomes)
    assert utrecht is not None and amersfoort is not None
    assert piet.answers(utrecht)  # benoemd: named data
    assert {e.actor for e in server.changelog(utrecht) if e.entity == "inzending"} == {"piet"}
    assert piet.assessment(amersfoort).organisation_code == "GM0307"  # who sent it: the collection round
    with pytest.raises(ForbiddenError):
        piet.answers(amersfoort)  # geaggregeerd: never by name
    with pytest.raises(ForbiddenError):
        piet.score(amersfoort)
    submitted = collection_round(piet, "mini-norm", "2026")
    assert submitted == collection_round(server, "mini-norm", "2026")  # the round is the same as locally
    hans.close()
    piet.close()
    server.close()
