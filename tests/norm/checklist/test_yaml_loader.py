"""Checklists are parsed with libyaml's safe loader where PyYAML has it, with the pure-Python safe
loader as the fallback: the same result and the same limits either way (#15)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES

import norm.checklist.loading as loading
from checklists import builtin_checklist_paths
from norm.checklist import ChecklistError, load_checklist_file


def test_libyaml_safe_loader_is_used_when_available() -> None:
    assert hasattr(yaml, "CSafeLoader"), "PyYAML on this machine was built without libyaml"
    assert loading._LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", [*builtin_checklist_paths(), FIXTURES / "mini.yaml"], ids=lambda p: p.name)
def test_the_pure_python_fallback_gives_the_same_checklist(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_libyaml = load_checklist_file(path)
    monkeypatch.setattr(loading, "_LOADER", yaml.SafeLoader)
    assert load_checklist_file(path) == with_libyaml


@pytest.mark.parametrize("loader", ["libyaml", "pure Python"])
def test_both_loaders_refuse_a_python_tag_and_a_file_over_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: str
) -> None:
    if loader == "pure Python":
        monkeypatch.setattr(loading, "_LOADER", yaml.SafeLoader)
    tagged = tmp_path / "tag.yaml"
    tagged.write_text("id: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(ChecklistError):
        load_checklist_file(tagged)
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * loading.MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match="groot|MB|bytes"):
        load_checklist_file(big)
