"""The own report names who established the assessment (the sign-off), also for a received one."""

from __future__ import annotations

from pathlib import Path

from bundle_support import Clock, assessment, new_store, signed

from norm.exchange.bundle import build_bundle
from norm.exchange.importer import BundleImporter
from norm.store.keys import SignOff
from reports.builders.org import build_org_report


def test_the_sign_off_is_in_the_own_report_and_travels_to_the_receiver(tmp_path: Path) -> None:
    store = new_store(tmp_path / "g.db", clock=Clock("2026-03-01T09:00:00Z"))
    assessment_id = assessment(store, finalise=False)
    store.finalise(assessment_id, sign_off=SignOff("M. de Boer", "gemeentesecretaris", "2026-02-27", "B&W 2026/12"),
                   acknowledge_shortfalls=True)
    meta = dict(build_org_report(store, assessment_id).meta)
    assert meta["Vastgesteld door"].startswith("M. de Boer (gemeentesecretaris), ")
    assert meta["Vastgesteld door"].endswith("besluit B&W 2026/12")
    province = new_store(tmp_path / "p.db", clock=Clock("2026-04-01T12:00:00Z"))
    outcome = BundleImporter(province).import_bytes(signed(build_bundle(store, assessment_id, "benoemd")))
    assert province.sign_off(outcome.assessment_id) == store.sign_off(assessment_id)
    without = assessment(store, "GM0307")
    assert "Vastgesteld door" not in dict(build_org_report(store, without).meta)
    store.close()
    province.close()
