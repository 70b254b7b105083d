"""Every report of an assessment names who established it (the sign-off), also for a received one; so does
`assessment show`."""

from __future__ import annotations

import json
from pathlib import Path

from bundle_support import Clock, assessment, new_store, signed
from click.testing import CliRunner

from norm.exchange.bundle import build_bundle
from norm.exchange.importer import BundleImporter
from norm.store.keys import SignOff
from reports.builders.compare import build_compare_report
from reports.builders.org import build_org_report
from tui.cli import main


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


def test_the_comparison_names_the_sign_off_of_both_assessments(tmp_path: Path) -> None:
    store = new_store(tmp_path / "g.db", clock=Clock("2026-03-01T09:00:00Z"))
    earlier = assessment(store, period="2025")  # finalised without a sign-off
    later = assessment(store, period="2026", finalise=False)
    store.finalise(later, sign_off=SignOff("M. de Boer", "MT", "2026-02-27", "MT-besluit 12"),
                   acknowledge_shortfalls=True)
    meta = dict(build_compare_report(store, later, earlier).meta)
    assert meta["Vastgesteld (eerder)"] == "geen vaststelling vastgelegd"
    assert meta["Vastgesteld (later)"].startswith("M. de Boer (MT), ")
    assert meta["Vastgesteld (later)"].endswith("besluit MT-besluit 12")
    store.close()


def test_assessment_show_names_the_sign_off(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    with new_store(path, clock=Clock("2026-03-01T09:00:00Z")) as store:
        signed_off = assessment(store, finalise=False)
        store.finalise(signed_off, sign_off=SignOff("M. de Boer", "gemeentesecretaris", "2026-02-27", "B&W 2026/12"),
                       acknowledge_shortfalls=True)
        without = assessment(store, "GM0307")
        concept = assessment(store, "W0636", finalise=False)

    def show(*args: str):
        return CliRunner().invoke(main, ["assessment", "show", *args, "--db", str(path)], catch_exceptions=False)

    text = show(str(signed_off)).output
    assert "vastgesteld door M. de Boer (gemeentesecretaris) op 2026-02-27, besluit B&W 2026/12" in text
    assert json.loads(show(str(signed_off), "--json").output)["sign_off"] == {
        "name": "M. de Boer", "role": "gemeentesecretaris", "decided_on": "2026-02-27", "decision": "B&W 2026/12"}
    assert "vastgesteld door: niet vastgelegd" in show(str(without)).output
    assert json.loads(show(str(without), "--json").output)["sign_off"] is None
    assert "vastgesteld" not in show(str(concept)).output
