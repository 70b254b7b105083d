"""Mapping files: the format, every problem located at once, the checks against the checklists, the
same hostile-input limits as checklist files, and the built-in norm↔scan mapping."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_support import billion_laughs, deep_mapping

from checklists import builtin_checklist_paths, builtin_checklists, builtin_mapping_paths, builtin_mappings
from norm.checklist import ChecklistError, load_yaml_text
from norm.checklist.mapping import (
    is_mapping_data,
    load_mapping_file,
    mapping_from_snapshot,
    mapping_problems,
    parse_mapping,
)

BUILTIN = builtin_mapping_paths()[0]


def good() -> dict[str, Any]:
    return {
        "kind": "mapping",
        "id": "uwn-wbs",
        "version": "2026.2",
        "title": "Norm ↔ scan",
        "source": {"checklist": "utrechtse-weerbaarheidsnorm", "version": "2026.2"},
        "target": {"checklist": "weerbaarheidsscan", "version": "2026.2"},
        "pairs": [
            {"source": "UWN-B04", "target": "WBS-HRM01", "relation": "equal"},
            {"source": "UWN-A01", "target": "WBS-MEL02", "relation": "partial", "note": "deels"},
        ],
    }


def problems(data: Any) -> list[str]:
    with pytest.raises(ChecklistError) as caught:
        parse_mapping(data, "k.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_a_good_mapping_parses() -> None:
    mapping = parse_mapping(good())
    assert [(p.source, p.target, p.relation) for p in mapping.pairs] == [
        ("UWN-B04", "WBS-HRM01", "equal"), ("UWN-A01", "WBS-MEL02", "partial")]
    assert mapping.counterparts("weerbaarheidsscan", "2026.2", "WBS-HRM01")[0][:2] == (
        "utrechtse-weerbaarheidsnorm", "2026.2")
    assert mapping.counterparts("utrechtse-weerbaarheidsnorm", "2026.1", "UWN-B04") == []


def test_the_content_hash_ignores_defaults_and_follows_the_content() -> None:
    mapping = parse_mapping(good())
    assert mapping_from_snapshot(mapping.canonical_json()) == mapping
    assert "description" not in mapping.canonical_json()
    changed = good()
    changed["pairs"][0]["relation"] = "partial"
    assert parse_mapping(changed).content_hash != mapping.content_hash
    numeric = good()
    numeric["version"] = 2026.2  # an unquoted version is text, as in checklists
    assert parse_mapping(numeric).content_hash == mapping.content_hash


def test_every_problem_is_reported_at_once_with_its_place() -> None:
    data = good()
    data["id"] = "Niet Goed"
    data["pairs"].append({"source": "UWN-B04", "target": "WBS-HRM01", "relation": "same"})
    data["pairs"].append({"source": "UWN-B04", "target": "WBS-HRM01", "relation": "equal"})
    data["pairs"].append({"source": "kleine-letters", "target": "WBS-HRM01", "relation": "equal", "extra": 1})
    found = problems(data)
    assert "k.yaml: id: heeft een ongeldige vorm" in found
    assert any(p.startswith("k.yaml: pairs[2].relation: onbekende waarde 'same'") for p in found)
    assert "k.yaml: pairs[3]: het paar UWN-B04 - WBS-HRM01 komt al voor op pairs[0]" in found
    assert "k.yaml: pairs[4].source: heeft een ongeldige vorm" in found
    assert "k.yaml: pairs[4].extra: onbekend veld" in found


def test_a_duplicate_pair_alone_is_refused() -> None:
    data = good()
    data["pairs"].append(copy.deepcopy(data["pairs"][0]))
    assert problems(data) == ["k.yaml: pairs[2]: het paar UWN-B04 - WBS-HRM01 komt al voor op pairs[0]"]


@pytest.mark.parametrize("kind", [None, "checklist", "Mapping"])
def test_the_wrong_kind_is_refused(kind: str | None) -> None:
    data = good()
    if kind is None:
        del data["kind"]
    else:
        data["kind"] = kind
    assert not is_mapping_data(data)
    assert problems(data) == ["k.yaml: kind: een koppelbestand begint met 'kind: mapping'"]
    assert problems(["een lijst"]) == ["k.yaml: het bestand bevat geen koppeling (geen verzameling velden)"]


def test_missing_fields_empty_pairs_and_one_checklist_twice() -> None:
    data = good()
    del data["title"]
    data["pairs"] = []
    data["target"] = dict(data["source"])
    found = problems(data)
    assert "k.yaml: title: verplicht veld ontbreekt" in found
    assert "k.yaml: pairs: mag niet leeg zijn" in found
    same = good()
    same["target"] = dict(same["source"])
    assert any(p.startswith("k.yaml: target.checklist: bron en doel zijn dezelfde checklist") for p in problems(same))


def test_codes_are_checked_against_the_checklists() -> None:
    norm, scan = sorted(builtin_checklists(), key=lambda c: c.id != "utrechtse-weerbaarheidsnorm")
    data = good()
    data["pairs"].append({"source": "UWN-Z99", "target": "WBS-HRM01", "relation": "equal"})
    data["pairs"].append({"source": "UWN-B04", "target": "UWN-B05", "relation": "equal"})
    mapping = parse_mapping(data)
    assert [str(p) for p in mapping_problems(mapping, norm, scan, "k.yaml")] == [
        "k.yaml: pairs[2].source: maatregel UWN-Z99 bestaat niet in utrechtse-weerbaarheidsnorm 2026.2",
        "k.yaml: pairs[3].target: maatregel UWN-B05 bestaat niet in weerbaarheidsscan 2026.2",
    ]
    # The wrong checklist (or version) for a side is named, not checked code by code.
    assert [str(p) for p in mapping_problems(mapping, scan, norm, "k.yaml")][0].startswith(
        "k.yaml: source: verwijst naar utrechtse-weerbaarheidsnorm 2026.2, maar de checklist is weerbaarheidsscan")


def test_the_built_in_mapping_is_revision_notes_6_3_and_valid() -> None:
    [mapping] = builtin_mappings()
    assert (mapping.id, mapping.version) == ("uwn-wbs", "2026.2")
    assert len(mapping.pairs) == 40
    assert sum(p.relation == "equal" for p in mapping.pairs) == 14
    notes = (Path(BUILTIN).parent / "REVISION-NOTES.md").read_text(encoding="utf-8")
    section = notes[notes.index("### 6.3"):notes.index("### 6.4")]
    listed = yaml.safe_load(section[section.index("pairs:"):section.index("```", section.index("pairs:"))])
    assert [p.model_dump(exclude_none=True) for p in mapping.pairs] == listed["pairs"]
    norm, scan = (next(c for c in builtin_checklists() if c.id == side.checklist)
                  for side in (mapping.source, mapping.target))
    assert (norm.version, scan.version) == (mapping.source.version, mapping.target.version)
    assert mapping_problems(mapping, norm, scan, str(BUILTIN)) == []
    # A mapping file is no checklist: the checklist loader never sees it.
    assert BUILTIN not in builtin_checklist_paths()


def test_hostile_yaml_meets_the_checklist_limits(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.mapping.yaml"
    bomb.write_text(billion_laughs(), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_mapping_file(bomb)
    assert str(bomb) in str(caught.value)
    deep = tmp_path / "diep.mapping.yaml"
    deep.write_text(deep_mapping(200), encoding="utf-8")
    with pytest.raises(ChecklistError, match="diep"):
        load_mapping_file(deep)
    tagged = "kind: mapping\nid: !!python/object/apply:os.system ['echo hoi']\n"
    with pytest.raises(ChecklistError, match="python/object"):
        load_yaml_text(tagged, "tag.yaml")
    with pytest.raises(ChecklistError, match="leeg"):
        empty = tmp_path / "leeg.mapping.yaml"
        empty.write_text("   \n", encoding="utf-8")
        load_mapping_file(empty)
