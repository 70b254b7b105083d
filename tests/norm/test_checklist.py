"""Checklist format: loading, validation with located problems, and hostile YAML."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from norm.checklist import Checklist, ChecklistError, load_checklist_file, parse_checklist

FIXTURES = Path(__file__).parents[1] / "fixtures"


def mini_data() -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))


def problems_of(data: Any) -> dict[str, str]:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(data, "test.yaml")
    return {problem.path: problem.reason for problem in caught.value.problems}


def test_mini_loads_with_views(mini_checklist: Checklist) -> None:
    assert mini_checklist.id == "mini-norm"
    assert [item.code for item in mini_checklist.items()] == ["MINI-A01", "MINI-A02", "MINI-B01", "MINI-B02"]
    assert mini_checklist.max_level == 3
    assert [i.code for i in mini_checklist.applicable_items("waterschap")] == ["MINI-A01", "MINI-A02"]
    assert mini_checklist.item("MINI-A01").levels[3].startswith("Het programma")
    assert mini_checklist.theme_of("MINI-B02").code == "B"
    assert mini_checklist.item("NOPE") is None


def test_content_hash_is_stable_and_content_sensitive(mini_checklist: Checklist) -> None:
    again = load_checklist_file(FIXTURES / "mini.yaml")
    assert again.content_hash == mini_checklist.content_hash
    changed = mini_data()
    changed["themes"][0]["items"][0]["target"] = 3
    assert parse_checklist(changed).content_hash != mini_checklist.content_hash


def test_snapshot_round_trip(mini_checklist: Checklist) -> None:
    from norm.checklist import checklist_from_snapshot

    rebuilt = checklist_from_snapshot(mini_checklist.canonical_json())
    assert rebuilt == mini_checklist
    assert rebuilt.content_hash == mini_checklist.content_hash


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    data = mini_data()
    items = data["themes"][0]["items"]
    items[1]["code"] = "MINI-A01"                # duplicate code
    items[0]["target"] = 7                        # outside the scale
    items[0]["weight"] = 0                        # non-positive weight
    items[1]["applies_to"] = ["gemeente", "politiebureau"]  # unknown type
    del items[1]["statement"]                     # missing required text
    data["themes"][1]["items"][0]["toelichting"] = "   "   # empty text
    data["scale"][1]["value"] = 0                 # duplicate scale value
    data["tiers"][1]["rule"][0]["min_level"] = 9  # tier names a level that does not exist
    data["themes"].append({"code": "C", "title": "Leeg", "items": []})  # empty theme
    found = problems_of(data)
    assert found["themes[0].items[1].code"].startswith("maatregelcode 'MINI-A01' komt al voor")
    assert "streefniveau 7" in found["themes[0].items[0].target"]
    assert "groter dan 0" in found["themes[0].items[0].weight"]
    assert "politiebureau" in found["themes[0].items[1].applies_to[1]"]
    assert found["themes[0].items[1].statement"] == "verplicht veld ontbreekt"
    assert found["themes[1].items[0].toelichting"] == "mag niet leeg zijn"
    assert "komt meer dan eens voor" in found["scale[1].value"]
    assert "niveau 9 bestaat niet" in found["tiers[1].rule[0].min_level"]
    assert "minstens één maatregel" in found["themes[2].items"]


def test_cross_field_problems_alone_are_located() -> None:
    data = mini_data()
    data["themes"][1]["items"][1]["code"] = "MINI-B01"
    data["themes"][1]["items"][0]["levels"] = {5: "te hoog"}
    data["themes"][0]["items"][0]["source"]["document"] = "onbekend"
    found = problems_of(data)
    assert set(found) == {
        "themes[1].items[1].code",
        "themes[1].items[0].levels.5",
        "themes[0].items[0].source.document",
    }


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.pop("id"), "id"),
        (lambda d: d.update(id="Met Spaties"), "id"),
        (lambda d: d.update(themes=[]), "themes"),
        (lambda d: d.update(scale=[d["scale"][0]]), "scale"),
        (lambda d: d["themes"][0]["items"][0].update(kind="preventie"), "themes[0].items[0].kind"),
        (lambda d: d["themes"][0]["items"][0].update(applies_to=[]), "themes[0].items[0].applies_to"),
        (lambda d: d["themes"][0]["items"][0].update(weight=-1), "themes[0].items[0].weight"),
        (lambda d: d["themes"][0]["items"][0].update(target="hoog"), "themes[0].items[0].target"),
        (lambda d: d["themes"][0]["items"][0].update(onbekend=1), "themes[0].items[0].onbekend"),
        (lambda d: d["themes"][0]["items"][0]["source"].pop("document"), "themes[0].items[0].source.document"),
        (lambda d: d["tiers"][2]["rule"][1].update(min_share=1.5), "tiers[2].rule[1].min_share"),
    ],
)
def test_single_problems_are_located(mutate: Any, path: str) -> None:
    data = copy.deepcopy(mini_data())
    mutate(data)
    assert path in problems_of(data)


def test_not_a_mapping_is_refused() -> None:
    assert problems_of(["een", "lijst"]) == {"": "het bestand bevat geen checklist (geen mapping)"}
    assert problems_of(None) == {"": "het bestand bevat geen checklist (geen mapping)"}


def test_python_object_tag_is_refused_without_running(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        f"id: !!python/object/apply:os.system ['touch {marker}']\nversion: '1'\n", encoding="utf-8"
    )
    with pytest.raises(ChecklistError) as caught:
        load_checklist_file(hostile)
    assert not marker.exists()
    (problem,) = caught.value.problems
    assert problem.file == str(hostile)
    assert "niet-toegestane YAML-tag" in problem.reason


def test_broken_yaml_and_bytes_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nthemes: [\n  - code: A\n", encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist_file(broken)
    assert caught.value.problems[0].reason.startswith("ongeldige YAML")
    assert caught.value.problems[0].path.startswith("regel ")

    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: geëvalueerd\n".encode("latin-1"))
    with pytest.raises(ChecklistError, match="geen geldige UTF-8"):
        load_checklist_file(latin)

    with pytest.raises(ChecklistError, match="kan het bestand niet lezen"):
        load_checklist_file(tmp_path / "bestaat-niet.yaml")


def test_billion_laughs_alias_bomb_stays_bounded(tmp_path: Path) -> None:
    # Aliases are shared references in PyYAML, so this parses quickly; validation then refuses it.
    bomb = tmp_path / "bomb.yaml"
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 9):
        previous = chr(ord("a") + index - 1)
        current = chr(ord("a") + index)
        lines.append(f"{current}: &{current} [*{previous},*{previous},*{previous},*{previous},*{previous}]")
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ChecklistError):
        load_checklist_file(bomb)


def test_version_number_is_read_as_text() -> None:
    data = mini_data()
    data["version"] = 2
    assert parse_checklist(data).version == "2"
