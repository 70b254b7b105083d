"""The TUI detail pane shows the format-v2 texts of a measure: ref_id, duty, questions, legal basis, levels."""

from __future__ import annotations

from pathlib import Path

import yaml

from norm.checklist import parse_checklist
from tui import i18n
from tui.widgets.detail import MeasureDetail

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"


def measure():
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    item = data["themes"][0]["items"][0]
    item.update(ref_id="2.7", mandatory=True,
                legal_basis=[{"law": "Ambtenarenwet 2017", "article": "art. 4"}],
                questions=[{"text": "Is er een vastgesteld plan?", "en": {"text": "Is there an adopted plan?"}}],
                suggested_action="Stel een plan vast.")
    item["en"] = {**(item.get("en") or {}), "levels": {0: "Nothing at all"}}
    return parse_checklist(data).items()[0]


def test_the_detail_pane_shows_the_v2_texts() -> None:
    item = measure()
    head = MeasureDetail._head_text(item).plain
    assert head.startswith(f"{item.code} (2.7)")
    assert "basisnorm · wettelijke plicht" in head and "n.v.t. niet toegestaan" in head
    texts = MeasureDetail._texts(item).plain
    assert "Vragen bij het scoren:\n• Is er een vastgesteld plan?" in texts
    assert "Wettelijke grondslag: Ambtenarenwet 2017, art. 4" in texts


def test_english_shows_the_english_questions_and_level_descriptors() -> None:
    item = measure()
    previous = i18n.language()
    i18n.set_language("en")
    try:
        assert "• Is there an adopted plan?" in MeasureDetail._texts(item).plain
        assert i18n.local_level(item, 0) == "Nothing at all"
        assert i18n.local_level(item, 1) == item.levels.get(1, "")
    finally:
        i18n.set_language(previous)
