"""The handleiding's screenshots exist and are the current snapshot-test images (docs/img/ copies)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
HANDLEIDING = ROOT / "docs" / "handleiding.md"
SNAPSHOTS = ROOT / "tests" / "tui" / "__snapshots__"
COPIES = {
    "actieplan.svg": "test_tui_plan_snapshots/test_action_plan_of_the_organisation.svg",
    "definitief-met-actieplan.svg": "test_tui_plan_snapshots/test_definitive_editor_with_its_plan.svg",
    "documenten.svg": "test_tui_plan_snapshots/test_documents_of_a_measure.svg",
    "geschiedenis.svg": "test_tui_plan_snapshots/test_history_of_a_measure.svg",
    "afronden.svg": "test_tui_finalise/test_snapshot_the_finalise_dialog_with_shortfalls_and_a_chosen_level.svg",
}


def test_every_image_the_handleiding_shows_exists() -> None:
    images = re.findall(r"!\[[^\]]*\]\((img/[^)]+)\)", HANDLEIDING.read_text(encoding="utf-8"))
    assert {Path(i).name for i in images} >= set(COPIES)
    assert [i for i in images if not (HANDLEIDING.parent / i).is_file()] == []


@pytest.mark.parametrize("name", sorted(COPIES))
def test_the_screenshot_is_the_current_snapshot(name: str) -> None:
    """A changed screen changes its snapshot; copy it again: cp tests/tui/__snapshots__/… docs/img/…"""
    assert (ROOT / "docs" / "img" / name).read_bytes() == (SNAPSHOTS / COPIES[name]).read_bytes()
