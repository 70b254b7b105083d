"""Version 2026.2 of both checklists: stable codes, level descriptors, the basisnorm as a floor at level 2,
applicability, sources and the content the review found missing (shared/content-review.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from content_support import NORM, SCAN, all_items, checklists, item

import checklists as checklists_package
from norm.vocabulary import ORGANISATION_TYPES

# -- codes ---------------------------------------------------------------------------------------


def _codes(prefix: str, counts: dict[str, int]) -> list[str]:
    return [f"{prefix}-{theme}{number:02d}" for theme, count in counts.items() for number in range(1, count + 1)]


CODES_2026_1 = {
    NORM: _codes("UWN", {"A": 10, "B": 10, "C": 8, "D": 9, "E": 11, "F": 10, "G": 11}),
    SCAN: _codes("WBS", {"FIN": 5, "INK": 4, "SUB": 4, "VER": 5, "BRP": 4, "DAT": 3, "TOE": 5, "HRM": 5, "BES": 6,
                         "IBV": 4, "MEL": 5}),
}
"""Every code of version 2026.1 (69 norm measures, 50 scan measures), per theme numbered from 01."""
RETIRED: set[str] = set()
"""Codes of 2026.1 that no longer exist. None: a split keeps the old code for the part that keeps its meaning."""
SPLIT = {
    "UWN-B08": ("gedragscode", ["UWN-B11", "UWN-B12", "UWN-B13", "UWN-B14"]),
    "UWN-C05": ("aangifte", ["UWN-C09", "UWN-C10"]),
    "UWN-C08": ("de-escalatie", ["UWN-C11"]),
    "UWN-G11": ("signalen", ["UWN-G12"]),
    "WBS-TOE05": ("handhaving", ["WBS-TOE06", "WBS-TOE07"]),
    "WBS-BRP02": ("autorisaties", ["WBS-BRP05", "WBS-BRP06"]),
}
"""Compound measures of 2026.1: the old code keeps the part named by the keyword, the rest got new codes."""
NEW_SUBJECTS = ["UWN-A11", "UWN-B15", "UWN-E12", "UWN-E13", "UWN-F11", "UWN-F12", "UWN-H01", "UWN-H02"]
"""Measures for subjects the review found missing."""


@pytest.mark.parametrize("checklist_id", [NORM, SCAN])
def test_every_code_of_2026_1_is_still_there_unless_retired(checklist_id: str) -> None:
    assert len(CODES_2026_1[NORM]) == 69 and len(CODES_2026_1[SCAN]) == 50
    current = {i.code for i in checklists()[checklist_id].items()}
    missing = [code for code in CODES_2026_1[checklist_id] if code not in current and code not in RETIRED]
    assert missing == []


@pytest.mark.parametrize("checklist_id", [NORM, SCAN])
def test_every_new_code_is_accounted_for(checklist_id: str) -> None:
    """A new code is a split-off part or a new subject, never a renumbered old measure."""
    prefix = "UWN-" if checklist_id == NORM else "WBS-"
    current = {i.code for i in checklists()[checklist_id].items()}
    expected_new = {code for _, parts in SPLIT.values() for code in parts} | set(NEW_SUBJECTS)
    assert current - set(CODES_2026_1[checklist_id]) == {code for code in expected_new if code.startswith(prefix)}


@pytest.mark.parametrize("old", sorted(SPLIT))
def test_split_measures_keep_their_core_and_name_their_parts(old: str) -> None:
    keyword, parts = SPLIT[old]
    kept = item(old)
    assert keyword in f"{kept.title} {kept.statement}".lower(), old
    for part in parts:
        assert old in (item(part).source.note or ""), f"{part} says it came from {old}"
        for other in (part, old):
            assert item(other).kind and item(other).levels


# -- level descriptors and targets -----------------------------------------------------------------

def test_every_measure_has_a_descriptor_for_every_scale_level() -> None:
    for checklist, _, measure in all_items():
        assert sorted(measure.levels) == checklist.scale_values, measure.code
        texts = [measure.levels[value] for value in checklist.scale_values]
        assert all(len(text) >= 20 for text in texts), measure.code
        assert len(set(texts)) == len(texts), f"{measure.code}: two levels say the same"


def test_level_3_evaluates_at_least_every_two_years() -> None:
    """One frequency rule for evaluation, the one of the scale: level 3 never evaluates less often."""
    for checklist in checklists().values():
        level_3 = checklist.level(3)
        assert level_3 is not None and "twee jaar" in level_3.description
    for _, _, measure in all_items():
        text = measure.levels[3]
        if "evalu" in text:
            assert re.search(r"eens per twee jaar|jaarlijks|na elke", text), (measure.code, text)


def test_no_conflicting_frequency_phrases() -> None:
    forbidden = ["om de twee jaar", "om de vier jaar", "twee keer per jaar", "drie tot vier jaar", "halfjaarlijks"]
    for _, _, measure in all_items():
        texts = [measure.statement, measure.toelichting, *measure.levels.values()]
        for text in texts:
            assert not any(phrase in text for phrase in forbidden), (measure.code, text)


def test_every_basisnorm_measure_has_the_floor_as_target() -> None:
    """The basisnorm is an ondergrens at level 2 (Uitgevoerd), as in the Zeeuwse norm."""
    for checklist, _, measure in all_items():
        if measure.basisnorm:
            uitgevoerd = next(level.value for level in checklist.scale if level.label == "Uitgevoerd")
            assert measure.target == uitgevoerd == 2, measure.code


def test_every_target_is_the_floor() -> None:
    """Decision for 2026.2: every measure aims at level 2; level 3 (geborgd) is growth, rewarded by the stages.

    A target of 3 on a measure outside the basisnorm made "everything implemented" show gaps, and mapped
    measures of the norm and the scan had different targets. Raise a target only with a reason in the notes.
    """
    for _, _, measure in all_items():
        assert measure.target == 2, measure.code


def test_legal_duties_are_in_the_basisnorm_and_the_drug_waste_scheme_is_not() -> None:
    for code in ("UWN-A10", "UWN-B08", "UWN-B11", "UWN-B12", "UWN-C01", "UWN-D06", "WBS-MEL01", "WBS-HRM05",
                 "WBS-BES03", "WBS-BRP01", "WBS-BRP02"):
        assert item(code).basisnorm, code
    assert not item("UWN-F09").basisnorm


# -- applicability -------------------------------------------------------------------------------------

def test_applicability_follows_the_review() -> None:
    assert "waterschap" in item("UWN-G01").applies_to
    assert "waterschap" in item("UWN-E02").applies_to
    assert ("omgevingsdienst" in item("UWN-E01").applies_to) == ("omgevingsdienst" in item("UWN-E04").applies_to)
    assert "provincie" in item("UWN-F10").applies_to
    for code in ("UWN-G02", "UWN-D04", "UWN-F03", "UWN-G05"):
        assert "riec" not in item(code).applies_to, f"{code}: the RIEC facilitates, it does not take part"
    for code in ("WBS-FIN01", "WBS-HRM01", "WBS-HRM02", "UWN-B04", "UWN-B05", "UWN-A10", "UWN-D06"):
        assert "riec" not in item(code).applies_to, f"{code}: owned by the RIEC's host employer"


@pytest.mark.parametrize("checklist_id", [NORM, SCAN])
def test_no_measure_applies_only_to_a_type_without_other_measures(checklist_id: str) -> None:
    checklist = checklists()[checklist_id]
    for measure in checklist.items():
        for kind in measure.applies_to:
            others = [i for i in checklist.applicable_items(kind) if i.code != measure.code]
            assert len(others) >= 4, f"{measure.code}: hardly anything else applies to {kind}"
    for kind in ORGANISATION_TYPES:
        basis = [i for i in checklist.applicable_items(kind) if i.basisnorm]
        assert len(basis) >= 3, (checklist_id, kind)


# -- status, sources and language --------------------------------------------------------------------

def test_the_norm_shows_its_concept_status_and_the_new_version() -> None:
    # Format v2: the status is a field (shown by the TUI and the reports), no longer part of the title.
    norm = checklists()[NORM]
    assert norm.status == "concept" and "concept" not in norm.title.lower()
    assert norm.description and norm.description.startswith("Concept.")
    assert "draagvlak" in norm.description and "verkent" in norm.description
    assert norm.en and norm.en.title and "draft" not in norm.en.title.lower()
    assert checklists()[SCAN].status == "concept"
    assert all(c.supersedes == ["2026.1"] and c.languages == ["nl", "en"] for c in checklists().values())
    assert {c.version for c in checklists().values()} == {"2026.2"}


def test_the_scan_cites_a_checkable_source_and_is_not_the_external_scan() -> None:
    scan = checklists()[SCAN]
    sources = {source.id: source for source in scan.sources}
    assert "riec-weerbaarheidsscan" not in sources
    verwey = sources["verwey-jonker-2023"]
    assert verwey.year == 2023 and "Lessen over kwetsbare processen" in verwey.title and verwey.seed is None
    assert scan.description and "niet de externe weerbaarheidsscan" in scan.description
    for measure in scan.items():
        if measure.source.document in ("verwey-jonker-2023", "eigen-uitwerking"):
            note = (measure.source.note or "").lower()
            assert measure.source.quote is None and "niet letterlijk" in note, measure.code


def test_stretched_quotes_are_gone() -> None:
    for code in ("UWN-E11", "WBS-BES03", "WBS-DAT02", "WBS-IBV04"):
        assert item(code).source.quote is None and item(code).source.note, code
    assert "politieke partijen te stimuleren" not in (item("WBS-BES01").source.quote or "")
    assert "compensatie" not in (item("UWN-F09").source.quote or "")
    assert "Utrecht" in (item("UWN-G06").source.section or "")


def test_language_fixes() -> None:
    norm = checklists()[NORM]
    titles = {theme.code: theme.title for theme in norm.themes}
    assert titles["A"] == "Bewustwording en organisatie" and titles["F"] == "Fysiek domein"
    assert "BIO2" in item("UWN-D05").statement and "BIO2" in item("WBS-IBV01").statement
    assert "DTO" in item("UWN-G02").statement
    assert "n.v.t." in item("UWN-B06").toelichting
    for _, _, measure in all_items():
        texts = f"{measure.title} {measure.statement} {measure.toelichting} {' '.join(measure.levels.values())}"
        assert "blanco" not in texts and "Fysieke domein" not in texts, measure.code


@pytest.mark.parametrize(("code", "word"), [
    ("UWN-A11", "verbonden partijen"),
    ("UWN-B15", "agenda"),
    ("UWN-E12", "verordening"),
    ("UWN-E13", "instrumentarium"),
    ("UWN-F11", "jachthavens"),
    ("UWN-F12", "milieucriminaliteit"),
    ("UWN-H01", "jongeren"),
    ("UWN-H02", "wijken"),
])
def test_missing_subjects_are_added(code: str, word: str) -> None:
    measure = item(code)
    assert word in f"{measure.title} {measure.statement}".lower(), code
    assert measure.en and measure.en.toelichting and measure.en.evidence
    assert measure.source.quote or measure.source.note


# -- the notes for format v2 ---------------------------------------------------------------------------

def _notes_blocks() -> list[object]:
    notes = (Path(checklists_package.__file__).parent / "REVISION-NOTES.md").read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", notes, re.S)]


def test_revision_notes_cover_every_measure_for_format_v2() -> None:
    """checklists/REVISION-NOTES.md holds, per measure, what format v2 adds; it must match the checklists."""
    blocks = _notes_blocks()
    per_measure = {code: fields for block in blocks if isinstance(block, dict) and "pairs" not in block
                   for code, fields in block.items()}
    for checklist, _, measure in all_items():
        fields = per_measure[measure.code]
        assert fields["na_allowed"] is (not measure.basisnorm), measure.code
        assert fields["suggested_action"] and not fields["suggested_action"].startswith("Wij "), measure.code
        assert sorted(fields["en_levels"]) == checklist.scale_values, measure.code
        assert fields["mandatory"] in (True, False, "voorwaardelijk", "te verifiëren"), measure.code
    assert set(per_measure) == {measure.code for _, _, measure in all_items()}


def test_revision_notes_map_at_least_the_pairs_the_review_names() -> None:
    mapping = next(block for block in _notes_blocks() if isinstance(block, dict) and "pairs" in block)
    pairs = {(pair["source"], pair["target"]): pair["relation"] for pair in mapping["pairs"]}
    assert len(pairs) >= 15 and set(pairs.values()) <= {"equal", "partial"}
    for norm_code, scan_code in pairs:
        assert checklists()[NORM].item(norm_code) and checklists()[SCAN].item(scan_code)
    named = [("UWN-B04", "WBS-HRM01"), ("UWN-B03", "WBS-FIN04"), ("UWN-B01", "WBS-MEL01"), ("UWN-D01", "WBS-DAT03"),
             ("UWN-E06", "WBS-VER03"), ("UWN-E08", "WBS-VER04"), ("UWN-F10", "WBS-TOE04"), ("UWN-B10", "WBS-BES01"),
             ("UWN-A09", "WBS-BES05")]
    assert all(pair in pairs for pair in named)
