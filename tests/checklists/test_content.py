"""The built-in content: both checklists validate, every quote is verbatim, applicability is sensible."""

from __future__ import annotations

from collections import Counter

import pytest
from content_support import NORM, SCAN, all_items, checklists, normalise, seed_text

from checklists import load_reference_organisations
from norm.vocabulary import ORGANISATION_TYPES


def test_both_checklists_load_and_are_large_enough() -> None:
    found = checklists()
    assert set(found) == {NORM, SCAN}
    assert len(found[NORM].items()) >= 60
    assert len(found[SCAN].items()) >= 40


def test_scale_has_four_described_levels_and_tiers_grow() -> None:
    for checklist in checklists().values():
        assert checklist.scale_values == [0, 1, 2, 3]
        assert all(level.description and level.en and level.en.label for level in checklist.scale)
    tiers = checklists()[NORM].tiers
    assert len(tiers) >= 4
    assert tiers[0].rule == []
    assert all(tier.rule for tier in tiers[1:]), "every tier above the first needs a rule"
    assert all(tier.en and tier.en.name for tier in tiers)


def test_codes_are_unique_across_both_files() -> None:
    codes = Counter(item.code for _, _, item in all_items())
    assert [code for code, count in codes.items() if count > 1] == []
    assert all(item.code.startswith("UWN-") for item in checklists()[NORM].items())
    assert all(item.code.startswith("WBS-") for item in checklists()[SCAN].items())


def test_every_item_has_texts_statement_and_english_title() -> None:
    for _, _, item in all_items():
        assert item.statement.startswith("Wij "), item.code
        assert len(item.toelichting) >= 40, item.code
        assert len(item.evidence) >= 15, item.code
        assert item.en is not None and item.en.title and item.en.statement, item.code
    for checklist in checklists().values():
        assert all(theme.en and theme.en.title for theme in checklist.themes)


def test_every_quote_is_verbatim_in_the_seed_it_cites() -> None:
    checked = 0
    for checklist, _, item in all_items():
        sources = {source.id: source for source in checklist.sources}
        source = sources[item.source.document]
        if source.seed is None:
            assert item.source.quote is None, f"{item.code}: a quote needs a seed to check it against"
            assert item.source.note, f"{item.code}: a measure from a comparable norm says so in source.note"
            continue
        assert item.source.quote, f"{item.code}: quote missing"
        assert item.source.section, f"{item.code}: section missing"
        assert len(item.source.quote) <= 400, f"{item.code}: quote too long"
        assert normalise(item.source.quote) in seed_text(source.seed), f"{item.code}: quote not verbatim"
        checked += 1
    assert checked >= 80


def test_quote_check_would_catch_a_changed_word() -> None:
    item = checklists()[NORM].items()[0]
    source = {s.id: s for s in checklists()[NORM].sources}[item.source.document]
    assert source.seed is not None
    words = normalise(item.source.quote).split(" ")
    words[len(words) // 2] = "ondermijningsbestendig"
    assert " ".join(words) not in seed_text(source.seed)


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_every_theme_of_the_implementation_plan_is_covered(number: int) -> None:
    """Sections of the implementation plan are cited as 'Thema N: <title>[ — <paragraph>]'."""
    plan_items = [
        item for item in checklists()[NORM].items() if item.source.document == "uitvoeringsplan-2025-2026"
    ]
    assert sum(1 for item in plan_items if (item.source.section or "").startswith(f"Thema {number}:")) >= 3


@pytest.mark.parametrize("keyword", [
    "bewustwording", "meldpunt", "screening", "VOG", "fraude", "Bibob", "subsidie", "aanbesteding", "vastgoed",
    "artikel 26", "agressie", "Veilige Publieke Taak", "Utrechts Manifest", "BAG", "vakantiepark", "integrale controle",
    "VAB", "bedrijventerrein", "drugsafval", "Meld Misdaad Anoniem", "RIEC", "ondermijningstafel", "privacyprotocol",
    "Loods 17", "Keurmerk Veilig Buitengebied", "zorg",
])
def test_concrete_actions_of_the_plan_are_in_the_norm(keyword: str) -> None:
    texts = " ".join(
        f"{item.title} {item.statement} {item.toelichting} {item.source.quote or ''}"
        for item in checklists()[NORM].items()
    ).lower()
    assert keyword.lower() in texts, keyword


@pytest.mark.parametrize("keyword", [
    "financiële", "inkoop", "subsidie", "vergunning", "reisdocument", "BRP", "persoonsgegevens", "toezicht",
    "screening", "bestuur", "informatiebeveiliging", "meld",
])
def test_vulnerable_processes_are_in_the_scan(keyword: str) -> None:
    texts = " ".join(f"{item.title} {item.statement} {item.toelichting}" for item in checklists()[SCAN].items())
    assert keyword.lower() in texts.lower(), keyword


def test_each_organisation_type_gets_a_sensible_subset() -> None:
    for checklist in checklists().values():
        counts = {kind: len(checklist.applicable_items(kind)) for kind in ORGANISATION_TYPES}
        assert all(count >= 5 for count in counts.values()), (checklist.id, counts)
        assert counts["gemeente"] == max(counts.values()), (checklist.id, counts)
        assert counts["waterschap"] < counts["gemeente"], (checklist.id, counts)
        for kind in ORGANISATION_TYPES:
            basis = [i for i in checklist.applicable_items(kind) if i.basisnorm]
            assert basis, f"{checklist.id}: no basisnorm for {kind}"
    norm_items = checklists()[NORM].items()
    holiday_parks = [i for i in norm_items if "vakantiepark" in (i.title + i.statement).lower()]
    assert holiday_parks and all("waterschap" not in i.applies_to for i in holiday_parks)
    kings_commissioner = [i for i in norm_items if "commissaris van de koning" in i.statement.lower()]
    assert all(i.applies_to == ["provincie"] for i in kings_commissioner)


def test_items_use_every_kind_and_sensible_targets() -> None:
    for checklist in checklists().values():
        kinds = Counter(item.kind for item in checklist.items())
        assert set(kinds) == {"beleid", "uitvoering", "handhaving", "samenwerking"}, checklist.id
        share_basis = sum(item.basisnorm for item in checklist.items()) / len(checklist.items())
        assert 0.15 <= share_basis <= 0.6, (checklist.id, share_basis)
        assert all(item.target in (2, 3) for item in checklist.items()), checklist.id


def test_reference_organisations() -> None:
    organisations = load_reference_organisations()
    by_type = Counter(org.type for org in organisations)
    assert by_type == {"gemeente": 26, "provincie": 1, "waterschap": 4, "riec": 1, "omgevingsdienst": 2}
    utrecht = next(org for org in organisations if org.code == "GM0344")
    assert utrecht.attributes == {
        "population_2019": 352795, "size_class": "zeer groot", "police_district": "Utrecht-Stad",
        "police_district_sourced": True, "environmental_service": "RUD Utrecht",
    }
    renswoude = next(org for org in organisations if org.code == "GM0339")
    assert renswoude.attributes["size_class"] == "klein"
    assert renswoude.attributes["police_district_sourced"] is False
    assert len({org.code for org in organisations}) == len(organisations)
    municipalities = [org for org in organisations if org.type == "gemeente"]
    assert {org.attributes["police_district"] for org in municipalities} == {
        "Utrecht-Stad", "West-Utrecht", "Oost-Utrecht"}


def test_init_loads_everything_and_is_idempotent(tmp_store) -> None:
    from checklists import install_builtins

    assert {s.checklist_id for s in tmp_store.snapshots()} == {NORM, SCAN}
    assert len(tmp_store.organisations("gemeente")) == 26
    log_size = len(tmp_store.changelog())
    report = install_builtins(tmp_store)
    assert report.checklists_added == [] and report.organisations_changed == 0
    assert len(tmp_store.changelog()) == log_size


@pytest.mark.parametrize(("code", "word"), [
    ("UWN-A01", "bewustwording"),
    ("UWN-B01", "meldpunt"),
    ("UWN-B03", "frauderesponsplan"),
    ("UWN-F04", "BAG"),
    ("UWN-F05", "VAB"),
    ("UWN-F09", "drugsafval"),
])
def test_codes_are_stable(code: str, word: str) -> None:
    """Comparisons across versions match on codes: these must keep meaning the same measure."""
    item = checklists()[NORM].item(code)
    assert item is not None and word.lower() in item.title.lower()
