"""The content of format v2 in the built-in checklists (REVISION-NOTES sections 6.1, 6.2, 6.5, 6.6)."""

from __future__ import annotations

import pytest
from content_support import NORM, SCAN, checklists

from norm.answers import Answer
from norm.scoring import score_assessment

IDS = [NORM, SCAN]


@pytest.mark.parametrize("checklist_id", IDS)
def test_no_basisnorm_or_mandatory_measure_accepts_n_v_t(checklist_id: str) -> None:
    checklist = checklists()[checklist_id]
    floor = [item for item in checklist.items() if item.basisnorm or item.mandatory]
    assert floor and all(item.na_allowed is False and not item.allows_na for item in floor)
    # Everything else states it explicitly too: n.v.t. is a normal answer there.
    assert all(item.na_allowed is True for item in checklist.items() if item not in floor)


@pytest.mark.parametrize("checklist_id", IDS)
def test_every_measure_has_a_suggested_action_in_dutch(checklist_id: str) -> None:
    for item in checklists()[checklist_id].items():
        assert item.suggested_action and item.suggested_action.endswith("."), item.code
        assert item.suggested_action != item.toelichting.split(". ")[0] + ".", item.code


@pytest.mark.parametrize("checklist_id", IDS)
def test_every_mandatory_measure_has_a_legal_basis(checklist_id: str) -> None:
    mandatory = [item for item in checklists()[checklist_id].items() if item.mandatory]
    assert mandatory
    for item in mandatory:
        assert item.legal_basis and all(basis.law for basis in item.legal_basis), item.code


@pytest.mark.parametrize("checklist_id", IDS)
def test_every_level_descriptor_is_in_both_languages(checklist_id: str) -> None:
    checklist = checklists()[checklist_id]
    for item in checklist.items():
        assert set(item.levels) == set(checklist.scale_values), item.code
        assert item.en is not None and item.en.levels is not None, item.code
        assert set(item.en.levels) == set(item.levels), item.code
        assert all(text.strip() for text in item.en.levels.values()), item.code


def test_the_norm_stages_follow_the_content() -> None:
    """Section 6.5: with every basisnorm measure at 2, a missing A03 keeps the norm below 'Actief weerbaar'."""
    norm = checklists()[NORM]
    items = norm.applicable_items("gemeente")
    answers = [Answer(item.code, 2) for item in items]
    assert score_assessment(norm, "gemeente", answers).tier.id == "actief-weerbaar"
    answers = [Answer(item.code, 0 if item.code == "UWN-A03" else 2) for item in items]
    assert score_assessment(norm, "gemeente", answers).tier.id == "basis-op-orde"
    # Every theme must carry its share: one theme at 0 keeps the stage down despite 75% overall.
    answers = [Answer(item.code, 0 if item.code.startswith("UWN-H") else 2) for item in items]
    assert score_assessment(norm, "gemeente", answers).tier.id == "basis-op-orde"
    # The top stage asks for a follow-up assessment (UWN-A09) at 2 or higher.
    answers = [Answer(item.code, 1 if item.code == "UWN-A09" else 3) for item in items]
    assert score_assessment(norm, "gemeente", answers).tier.id == "actief-weerbaar"


def test_the_scan_stages_follow_the_content() -> None:
    scan = checklists()[SCAN]
    items = scan.applicable_items("gemeente")
    answers = [Answer(item.code, 2 if item.code == "WBS-BES05" else 3) for item in items]
    assert score_assessment(scan, "gemeente", answers).tier.id == "weerbaar"
    assert score_assessment(scan, "gemeente", [Answer(i.code, 3) for i in items]).tier.id == "geborgd"
    # A vulnerable process with most of its controls missing keeps the scan below 'Weerbaar'.
    answers = [Answer(i.code, 0 if i.code in ("WBS-SUB02", "WBS-SUB03", "WBS-SUB04") else 2) for i in items]
    assert score_assessment(scan, "gemeente", answers).tier.id == "basis-op-orde"


def test_the_metadata_of_section_6_6() -> None:
    norm, scan = checklists()[NORM], checklists()[SCAN]
    assert norm.provider == "Provincie Utrecht (verkenning); uitwerking in weerbaar" and norm.copyright is None
    assert norm.item("UWN-B15").ref_id == "Limburgse Norm 2.6"
    assert norm.item("UWN-E13").ref_id == "Limburgse Norm 5.3"
    assert scan.status == "concept"
