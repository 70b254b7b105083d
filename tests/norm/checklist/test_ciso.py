"""Converting CISO Assistant framework libraries (norm.checklist.ciso): the test libraries under
tests/fixtures/ciso/ are written from the published library format, not copied from it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from norm.checklist import ChecklistError, load_checklist_file
from norm.checklist.ciso import (
    ConversionError,
    checklist_yaml,
    convert_library,
    dump_yaml,
    item_code,
    load_library_file,
)
from norm.store import Store
from norm.vocabulary import ITEM_CODE_PATTERN, ORGANISATION_TYPES

CISO = Path(__file__).parents[2] / "fixtures" / "ciso"


def library(name: str) -> dict[str, Any]:
    data = load_library_file(CISO / name)
    assert isinstance(data, dict)
    return data


def problems_of(data: Any, **options: Any) -> dict[str, str]:
    with pytest.raises(ConversionError) as caught:
        convert_library(data, "lib.yaml", **options)
    assert all(problem.file == "lib.yaml" for problem in caught.value.problems)
    return {problem.path: problem.reason for problem in caught.value.problems}


# -- codes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "code"),
    [("5.1.1", "BIO-5-1-1"), ("5.01.01", "BIO-5-01-01"), ("GV.PO-01", "BIO-GV-PO-01"), ("a.5.1", "BIO-A-5-1"),
     ("A 8.2 (b)", "BIO-A-8-2-B")],
)
def test_codes_come_from_the_ref_id_stably(reference: str, code: str) -> None:
    assert item_code("BIO", reference) == code
    assert ITEM_CODE_PATTERN.match(code)


# -- a BIO2-like library: depth 3, scores 0-3, nl/en, questions, implementation groups -----------


def test_bio2_like_library_converts_with_dutch_main_texts() -> None:
    conversion = convert_library(library("bio2-mini.yaml"), "bio2-mini.yaml")
    checklist = conversion.checklist
    assert checklist is not None
    assert (checklist.id, checklist.version, checklist.status) == ("bio2-mini", "3", "vastgesteld")
    assert checklist.title == "BIO2 (mini)"
    assert checklist.description == "Basisnorm voor informatiebeveiliging (mini)."
    assert checklist.en is not None and checklist.en.description == "Baseline for information security (mini)."
    assert checklist.provider == "Rijksoverheid (test)"
    assert checklist.copyright == "Testmateriaal, vrij te gebruiken."
    assert checklist.languages == ["nl", "en"]
    assert [(s.id, s.publisher, s.year) for s in checklist.sources] == [("bio2-mini", "Rijksoverheid (test)", 2025)]

    assert [(level.value, level.label) for level in checklist.scale] == [
        (0, "Niet ingevoerd"), (1, "Begin"), (2, "Vastgelegd"), (3, "Beheerst")
    ]
    assert checklist.scale[1].description == "Er zijn losse maatregelen, niet vastgelegd."
    assert checklist.scale[3].en is not None and checklist.scale[3].en.label == "Managed"

    # depth 1 non-assessable nodes are the themes; 5.1 (depth 2) is flattened into its measures
    assert [(theme.code, theme.title) for theme in checklist.themes] == [
        ("5", "5 Organisatorische maatregelen"), ("6", "6 Mensgerichte maatregelen")
    ]
    assert checklist.themes[0].en is not None and checklist.themes[0].en.title == "5 Organisational controls"
    assert [item.code for item in checklist.items()] == [
        "BIO2-MINI-5-1-1", "BIO2-MINI-5-1-2", "BIO2-MINI-5-2-1", "BIO2-MINI-6-3-1"
    ]
    first = checklist.items()[0]
    assert first.ref_id == "5.1.1"
    assert first.statement == "De organisatie heeft een informatiebeveiligingsbeleid dat de leiding heeft vastgesteld."
    assert first.toelichting.startswith("Onderdeel: 5.1 Beleid voor informatiebeveiliging.")
    assert "Het beleid noemt de verantwoordelijkheden." in first.toelichting
    # the groups are named with their Dutch names, whatever the case of the reference
    assert first.toelichting.endswith("Implementatiegroepen: Basishygiëne, Overheidsrisico.")
    assert first.evidence == "Het vastgestelde beleidsdocument."
    assert [q.text for q in first.questions] == ["Heeft de leiding het beleid vastgesteld? (Ja / Nee)"]
    assert first.questions[0].en is not None
    assert first.questions[0].en.text == "Has management approved the policy? (Yes / No)"
    assert first.en is not None and first.en.statement is not None
    assert first.en.statement.startswith("The organisation has an information security policy")
    assert first.en.evidence == "The approved policy document."
    assert (first.kind, first.weight, first.target, first.basisnorm, first.mandatory) == (
        "uitvoering", 1.0, 2, False, False
    )
    assert first.applies_to == list(ORGANISATION_TYPES)
    assert (first.source.document, first.source.section) == ("bio2-mini", "5.1.1")
    ciso = checklist.item("BIO2-MINI-5-2-1")
    assert ciso is not None and ciso.title == "5.2.1 CISO"
    assert ciso.toelichting == "De bron geeft geen toelichting bij deze eis."
    assert any("implementatiegroepen" in note for note in conversion.notes)


def test_options_set_organisation_types_target_and_status() -> None:
    conversion = convert_library(
        library("bio2-mini.yaml"), applies_to=["provincie", "gemeente"], target=3, status="concept"
    )
    assert conversion.checklist is not None
    assert conversion.checklist.status == "concept"
    assert {tuple(item.applies_to) for item in conversion.checklist.items()} == {("provincie", "gemeente")}
    assert {item.target for item in conversion.checklist.items()} == {3}


def test_long_titles_are_cut_at_a_word() -> None:
    data = library("csf-mini.yaml")
    data["objects"]["framework"]["requirement_nodes"][5]["description"] = "Incidents are responded to " * 10
    checklist = convert_library(data).checklist
    assert checklist is not None
    title = checklist.items()[-1].title
    assert title.startswith("RS.01 Incidents are responded to")
    assert len(title) <= 100 and title.endswith("…")
    assert title[:-1].split()[-1] in {"Incidents", "are", "responded", "to"}  # a whole word


def test_a_target_off_the_scale_is_one_problem() -> None:
    assert problems_of(library("bio2-mini.yaml"), target=7) == {
        "": "streefniveau 7 ligt niet op de schaal (0, 1, 2, 3)"
    }


# -- an English-only library without scores_definition -----------------------------------------


def test_english_only_library_gets_the_default_scale_and_keeps_its_language() -> None:
    conversion = convert_library(library("csf-mini.yaml"))
    checklist = conversion.checklist
    assert checklist is not None
    assert checklist.id == "csf-mini"
    assert checklist.languages == ["en"]
    assert checklist.en is None
    assert [(level.value, level.label) for level in checklist.scale] == [
        (0, "Niet"), (1, "Deels"), (2, "Grotendeels"), (3, "Volledig")
    ]
    assert any("standaardschaal" in note and "min_score" in note for note in conversion.notes)
    assert any("geen Nederlandse teksten" in note for note in conversion.notes)
    # a top-level assessable node goes to the theme "Algemeen"
    assert [(theme.code, [i.code for i in theme.items]) for theme in checklist.themes] == [
        ("GV", ["CSF-MINI-GV-PO-01"]), ("ID", ["CSF-MINI-ID-AM-01"]), ("ALG", ["CSF-MINI-RS-01"])
    ]
    item = checklist.items()[0]
    assert item.statement == "Policy for managing cybersecurity risks is established."
    assert item.toelichting == "Onderdeel: GV.PO Policy."
    assert item.evidence.startswith("De bron noemt geen voorbeelden van bewijs")
    assert [q.text for q in item.questions] == ["Where is the policy published?"]
    assert item.en is None


# -- mapping sets -------------------------------------------------------------------------------


def test_mapping_library_becomes_a_mapping_file() -> None:
    conversion = convert_library(library("mapping-bio2-mini-to-csf-mini.yaml"))
    assert conversion.checklist is None
    [mapping] = conversion.mappings
    assert mapping.name == "bio2-mini-naar-csf-mini.mapping.yaml"
    data = yaml.safe_load(dump_yaml(mapping.data))
    # the mapping format (norm/checklist/mapping.py); the versions come later (complete_versions)
    assert set(data) == {"kind", "id", "version", "title", "source", "target", "pairs"}
    assert (data["kind"], data["id"]) == ("mapping", "bio2-mini-naar-csf-mini")
    assert data["source"] == {"checklist": "bio2-mini"}
    assert data["target"] == {"checklist": "csf-mini"}
    assert [(p["source"], p["target"], p["relation"]) for p in data["pairs"]] == [
        ("BIO2-MINI-5-1-1", "CSF-MINI-GV-PO-01", "equal"),
        ("BIO2-MINI-5-1-2", "CSF-MINI-GV-PO-01", "partial"),
        ("BIO2-MINI-5-2-1", "CSF-MINI-GV-PO-01", "partial"),
        ("BIO2-MINI-6-3-1", "CSF-MINI-RS-01", "partial"),
    ]
    assert [p.get("note") for p in data["pairs"]] == [
        "rationale: semantic", "CISO Assistant: subset", "CISO Assistant: intersect", "CISO Assistant: superset"
    ]
    assert any("not_related" in note for note in conversion.notes)
    # every code names a measure of the converted checklists
    codes = {
        item.code
        for name in ("bio2-mini.yaml", "csf-mini.yaml")
        for item in (convert_library(library(name)).checklist or pytest.fail()).items()
    }
    assert {code for p in data["pairs"] for code in (p["source"], p["target"])} <= codes


def test_a_mapping_set_inside_a_framework_library_uses_its_codes_and_version() -> None:
    data = library("bio2-mini.yaml")
    data["objects"]["requirement_mapping_sets"] = [{
        "urn": "urn:test:risk:req_mapping_set:x",
        "source_framework_urn": "urn:test:risk:framework:bio2-mini",
        "target_framework_urn": "urn:test:risk:framework:csf-mini",
        "requirement_mappings": [{
            "source_requirement_urn": "urn:test:risk:req_node:bio2-mini:5.2.1",
            "target_requirement_urn": "urn:test:risk:req_node:csf-mini:gv.po-01",
            "relationship": "equal",
        }],
    }]
    conversion = convert_library(data)
    [mapping] = conversion.mappings
    assert mapping.data["source"] == {"checklist": "bio2-mini", "version": "3"}
    assert mapping.data["pairs"] == [
        {"source": "BIO2-MINI-5-2-1", "target": "CSF-MINI-GV-PO-01", "relation": "equal"}
    ]


def test_an_unknown_relationship_is_refused() -> None:
    data = library("mapping-bio2-mini-to-csf-mini.yaml")
    data["objects"]["requirement_mapping_sets"][0]["requirement_mappings"][0]["relationship"] = "overlaps"
    assert problems_of(data) == {
        "objects.requirement_mapping_sets[0].requirement_mappings[0].relationship":
            "onbekende relatie 'overlaps'; toegestaan: equal, subset, superset, intersect, not_related"
    }


# -- the result in the store and on disk ---------------------------------------------------------


@pytest.mark.parametrize("name", ["bio2-mini.yaml", "csf-mini.yaml"])
def test_converted_checklist_round_trips_and_can_be_assessed(name: str, tmp_path: Path) -> None:
    checklist = convert_library(library(name)).checklist
    assert checklist is not None
    path = tmp_path / "out.yaml"
    path.write_text(checklist_yaml(checklist, ["Omgezet"]), encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith("# Omgezet\nid: ")
    reloaded = load_checklist_file(path)
    assert reloaded == checklist
    assert reloaded.content_hash == checklist.content_hash

    with Store(tmp_path / "w.db", actor="tester") as store:
        snapshot_id, new = store.add_checklist(reloaded)
        assert new
        assert store.add_checklist(checklist) == (snapshot_id, False)
        store.upsert_organisation("PV26", "Provincie Utrecht", "provincie")
        assessment = store.new_assessment("PV26", checklist.id, "2026")
        items = checklist.items()
        for item in items[:-1]:
            store.set_answer(assessment, item.code, level=max(checklist.scale_values))
        store.set_answer(assessment, items[-1].code, level=0)
        score = store.score(assessment)
        assert score.applicable == len(items)
        assert score.answered == len(items)
        assert score.completeness == 1.0
        assert score.overall is not None and 0 < score.overall < 1


# -- refused -------------------------------------------------------------------------------------


def test_not_a_library_is_refused() -> None:
    assert problems_of([1, 2]) == {"": "dit is geen CISO Assistant-bibliotheek (geen 'objects')"}
    assert problems_of(yaml.safe_load((CISO.parent / "mini.yaml").read_text(encoding="utf-8"))) == {
        "": "dit is geen CISO Assistant-bibliotheek (geen 'objects')"
    }
    reason = problems_of({"urn": "x", "objects": {"risk_matrix": []}})["objects"]
    assert reason.startswith("de bibliotheek bevat geen framework en geen requirement_mapping_sets")


def test_a_framework_without_assessable_nodes_is_refused() -> None:
    data = library("csf-mini.yaml")
    for node in data["objects"]["framework"]["requirement_nodes"]:
        node["assessable"] = False
    assert problems_of(data) == {
        "objects.framework.requirement_nodes":
            "het framework heeft geen eisen om te beoordelen (geen requirement_node met assessable: true)"
    }


def test_duplicate_generated_codes_are_refused_with_both_places() -> None:
    data = library("bio2-mini.yaml")
    nodes = data["objects"]["framework"]["requirement_nodes"]
    nodes[3]["ref_id"] = "5.1-1"  # becomes BIO2-MINI-5-1-1, as 5.1.1 (node 2)
    assert problems_of(data) == {
        "objects.framework.requirement_nodes[3].ref_id":
            "levert maatregelcode 'BIO2-MINI-5-1-1' op, die ook uit requirement_nodes[2] komt; "
            "maak de ref_id's uniek"
    }


def test_broken_structure_is_located() -> None:
    data = library("bio2-mini.yaml")
    nodes = data["objects"]["framework"]["requirement_nodes"]
    nodes[2]["parent_urn"] = "urn:test:nowhere"
    nodes[6]["ref_id"] = ["not", "text"]
    del nodes[4]["urn"]
    nodes[0]["parent_urn"] = nodes[1]["urn"]  # 5 -> 5.1 -> 5: a cycle
    data["objects"]["framework"]["scores_definition"][1]["score"] = "one"
    problems = problems_of(data)
    assert problems == {
        "objects.framework.scores_definition[1].score": "moet een geheel getal zijn",
        "objects.framework.requirement_nodes[4].urn": "verplicht veld ontbreekt",
        "objects.framework.requirement_nodes[2].parent_urn": "onbekende parent_urn 'urn:test:nowhere'",
        "objects.framework.requirement_nodes[6].ref_id": "moet tekst zijn",
        "objects.framework.requirement_nodes[0].parent_urn": "de parent_urn-keten is een kring",
    }


def test_two_frameworks_are_refused() -> None:
    data = library("csf-mini.yaml")
    data["objects"]["frameworks"] = [copy.deepcopy(data["objects"]["framework"])]
    assert problems_of(data) == {"objects": "de bibliotheek bevat 2 frameworks; zet er één per keer om"}


def test_what_the_checklist_model_refuses_is_reported_with_its_place() -> None:
    data = library("csf-mini.yaml")
    data["objects"]["framework"]["requirement_nodes"][2]["description"] = "bad \x07 bell"
    problems = problems_of(data)
    assert set(problems) == {"themes[0].items[0].title", "themes[0].items[0].statement"}
    assert all("stuurteken" in reason for reason in problems.values())


def test_hostile_yaml_is_refused_by_the_safe_loader(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("objects: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_library_file(path)
    assert "niet-toegestane YAML-tag" in caught.value.problems[0].reason
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_library_file(path)
    assert "te groot" in caught.value.problems[0].reason


def test_top_level_problems_name_the_field() -> None:
    data = library("csf-mini.yaml")
    data["version"] = ["1"]
    data["translations"] = ["nl"]
    assert problems_of(data) == {"version": "moet tekst zijn", "translations": "moet een verzameling velden zijn"}


def test_versions_of_a_mapping_set_come_from_the_known_checklists() -> None:
    from norm.checklist.ciso import ConversionError, complete_versions
    from norm.checklist.mapping import parse_mapping

    [mapping] = convert_library(library("mapping-bio2-mini-to-csf-mini.yaml")).mappings
    with pytest.raises(ConversionError, match="de versie van checklist 'bio2-mini' is onbekend"):
        complete_versions(mapping, {("csf-mini", "1")})
    notes = complete_versions(mapping, {("bio2-mini", "2"), ("bio2-mini", "3"), ("csf-mini", "1")})
    assert (mapping.data["source"]["version"], mapping.data["target"]["version"]) == ("3", "1")
    assert notes == ["bio2-mini-naar-csf-mini.mapping.yaml: source bio2-mini versie 3 gekozen (bekend: 2, 3)"]
    assert parse_mapping(mapping.data).pairs  # a valid mapping file now
