"""Format version 2: the new optional fields, their cross-field checks and the JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from norm.checklist import ChecklistError, load_checklist_file, parse_checklist
from norm.checklist.schema import schema_text

ROOT = Path(__file__).parents[3]
FIXTURES = ROOT / "tests" / "fixtures"


def mini_data() -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))


def problems_of(data: Any) -> dict[str, str]:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(data, "test.yaml")
    return {problem.path: problem.reason for problem in caught.value.problems}


def v2_data() -> dict[str, Any]:
    data = mini_data()
    data.update(
        status="concept",
        provider="Regio Utrecht",
        copyright="CC BY 4.0",
        supersedes=["2026.1"],
        languages=["nl", "en"],
        organisation_types=[
            {"code": "om", "name": "Openbaar Ministerie", "en": {"name": "Public Prosecution Service"}}
        ],
    )
    item = data["themes"][0]["items"][0]
    item.update(
        ref_id="2.7",
        mandatory=True,
        na_allowed=False,
        legal_basis=[{"law": "Ambtenarenwet 2017", "article": "art. 4", "url": "https://wetten.overheid.nl"}],
        questions=[{"text": "Is er een vastgesteld plan?", "en": {"text": "Is there an adopted plan?"}}],
        suggested_action="Stel een plan vast.",
    )
    item["applies_to"] = [*item["applies_to"], "om"]
    item["en"] = {**(item.get("en") or {}), "levels": {0: "Nothing", 1: "Some"}, "suggested_action": "Adopt a plan."}
    data["tiers"][1]["rule"][0].update(themes=["A"], items=["MINI-A01"])
    return data


def test_every_existing_checklist_keeps_its_hash_and_loads(mini_checklist) -> None:
    # The new fields are optional and left out of the hashed definition while at their default.
    assert "status" not in mini_checklist.definition_data()
    assert load_checklist_file(FIXTURES / "mini.yaml").content_hash == mini_checklist.content_hash


def test_all_v2_fields_load() -> None:
    checklist = parse_checklist(v2_data())
    assert checklist.status == "concept" and checklist.supersedes == ["2026.1"]
    assert checklist.organisation_type_codes[-1] == "om"
    item = checklist.items()[0]
    assert item.ref_id == "2.7" and item.mandatory and not item.allows_na
    assert item.legal_basis[0].law == "Ambtenarenwet 2017"
    assert item.questions[0].en is not None and item.questions[0].en.text == "Is there an adopted plan?"
    assert item.en is not None and item.en.levels == {0: "Nothing", 1: "Some"}
    assert checklist.tiers[1].rule[0].themes == ["A"]
    assert parse_checklist(checklist.definition_data()) == checklist


def test_na_allowed_defaults_to_the_floor(mini_checklist) -> None:
    for item in mini_checklist.items():
        assert item.allows_na is not (item.basisnorm or item.mandatory)


def test_legal_basis_without_mandatory_is_allowed() -> None:
    data = v2_data()
    del data["themes"][0]["items"][0]["mandatory"]
    assert parse_checklist(data).items()[0].legal_basis


@pytest.mark.parametrize("flag", ["basisnorm", "mandatory"])
def test_the_floor_cannot_be_dodged_with_na_allowed(flag: str) -> None:
    data = mini_data()
    item = data["themes"][1]["items"][0]
    item.update({flag: True, "na_allowed": True})
    reason = problems_of(data)["themes[1].items[0].na_allowed"]
    assert "n.v.t." in reason and "ondergrens" in reason


def test_applies_to_names_a_built_in_or_declared_type() -> None:
    data = v2_data()
    data["themes"][0]["items"][1]["applies_to"] = ["gemeente", "politiebureau"]
    found = problems_of(data)
    assert "politiebureau" in found["themes[0].items[1].applies_to[1]"]
    assert "om" in found["themes[0].items[1].applies_to[1]"]
    del data["organisation_types"]
    assert "'om'" in problems_of(data)["themes[0].items[0].applies_to[3]"]


def test_a_declared_type_may_not_redeclare_a_built_in_one() -> None:
    data = v2_data()
    data["organisation_types"].append({"code": "gemeente", "name": "Gemeente"})
    assert "ingebouwd" in problems_of(data)["organisation_types[1].code"]


def test_tier_themes_and_items_must_exist() -> None:
    data = v2_data()
    data["tiers"][1]["rule"][0].update(themes=["A", "Z"], items=["MINI-Z99"])
    found = problems_of(data)
    assert found["tiers[1].rule[0].themes[1]"] == "onbekend thema 'Z'"
    assert found["tiers[1].rule[0].items[0]"] == "onbekende maatregel 'MINI-Z99'"


def test_unknown_status_and_long_ref_id_are_refused() -> None:
    data = v2_data()
    data["status"] = "definitief"
    data["themes"][0]["items"][0]["ref_id"] = "x" * 41
    found = problems_of(data)
    assert "vastgesteld" in found["status"]
    assert "maximaal 40" in found["themes[0].items[0].ref_id"]


def test_the_schema_file_is_generated_from_the_models() -> None:
    assert (ROOT / "docs" / "checklist.schema.json").read_text(encoding="utf-8") == schema_text(), (
        "docs/checklist.schema.json is out of date: python -m norm.checklist.schema > docs/checklist.schema.json"
    )


def test_the_store_accepts_a_type_a_stored_checklist_declares(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from norm.errors import InvalidInputError
    from norm.store import Store
    from tui.cli import main

    path = tmp_path / "types.db"
    with Store(path, actor="test") as store:
        with pytest.raises(InvalidInputError, match="Onbekend organisatietype 'om'"):
            store.upsert_organisation("OM01", "Parket Midden-Nederland", "om")
        store.add_checklist(parse_checklist(v2_data()))
        assert store.organisation_types()[-1] == "om"
        assert store.upsert_organisation("OM01", "Parket Midden-Nederland", "om")
        assessment_id = store.new_assessment("OM01", "mini-norm", "2026")
        assert [item.code for item in store.checklist(store.assessment(assessment_id).snapshot_id)
                .applicable_items("om")] == ["MINI-A01"]
    result = CliRunner().invoke(main, ["--db", str(path), "org", "list", "--type", "om", "--json"])
    assert result.exit_code == 0, result.output
    assert '"OM01"' in result.output
    result = CliRunner().invoke(main, ["--db", str(path), "org", "list", "--type", "politie"])
    assert result.exit_code == 1 and "kies uit: gemeente" in result.output and "om" in result.output
