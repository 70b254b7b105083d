"""Snapshots of the main screens at 80x24 and 120x40, with the built-in checklists.

Deterministic: a fixed clock, no blinking cursor, a temporary database with fixed content.
Update with ``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` after looking at the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import FIXED_ISO, make_app, wait_until

from checklists import install_builtins
from norm.store import Store
from tui.screens.editor import EditorScreen
from tui.screens.finalise import FinaliseDialog
from tui.screens.new_assessment import NewAssessmentDialog
from tui.screens.result import ResultScreen
from tui.screens.start import StartScreen

CHECKLIST = "utrechtse-weerbaarheidsnorm"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def real_store(tmp_path: Path) -> Iterator[Store]:
    """The built-in content with two assessments of Utrecht: 2025 (definitief) and 2026 (concept)."""
    store = Store(tmp_path / "snap.db", actor="tester", clock=lambda: FIXED_ISO)
    install_builtins(store)
    previous = store.new_assessment("GM0344", CHECKLIST, "2025")
    snapshot = store.latest_snapshot(CHECKLIST)
    items = store.checklist(snapshot.id).applicable_items("gemeente")
    for index, item in enumerate(items):
        store.set_answer(previous, item.code, level=(index * 7 + 2) % 4)
    store.finalise(previous, sharing="geaggregeerd", acknowledge_shortfalls=True)
    current = store.new_assessment("GM0344", CHECKLIST, "2026", from_previous=True)
    for index, item in enumerate(items[:12]):
        store.set_answer(current, item.code, level=min(3, (index * 7 + 2) % 4 + index % 2))
    for item in items[30:34]:
        store.clear_answer(current, item.code)
    code = items[1].code
    store.set_answer(current, code, level=1, comment="Alleen in het introductieprogramma, nog niet in de "
                     "teamworkshops.", evidence="Introductieprogramma 2026, map OOV/Weerbaarheid")
    store.add_action(current, code, "Ondermijning opnemen in de integriteitsworkshops", "Teamleider HR",
                     "2027-03-31")
    store.set_position(current, code)
    store.set_setting("last_organisation", "GM0344")
    yield store
    store.close()


def _current_id(store: Store) -> int:
    return next(a.id for a in store.assessments(organisation_code="GM0344") if a.status == "concept")


async def _start_ready(pilot: Pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen._loaded_for == "GM0344")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start_screen(snap_compare, real_store: Store, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _start_ready(pilot)
        await pilot.press("enter")  # to the list of assessments

    assert snap_compare(make_app(real_store), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_editor(snap_compare, real_store: Store, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _start_ready(pilot)
        pilot.app.open_assessment(_current_id(real_store))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, EditorScreen) and pilot.app.screen.ready)
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(real_store), terminal_size=size, run_before=run_before)


def test_editor_action_fields(snap_compare, real_store: Store) -> None:
    """The fields of a measure below target, scrolled into view by going to the action."""

    async def run_before(pilot: Pilot) -> None:
        await _start_ready(pilot)
        pilot.app.open_assessment(_current_id(real_store))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, EditorScreen) and pilot.app.screen.ready)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(make_app(real_store), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_result(snap_compare, real_store: Store, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _start_ready(pilot)
        pilot.app.push_screen(ResultScreen(real_store, _current_id(real_store)))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ResultScreen) and pilot.app.screen.data)
        await pilot.pause()

    assert snap_compare(make_app(real_store), terminal_size=size, run_before=run_before)


def test_finalise_incomplete(snap_compare, real_store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _start_ready(pilot)
        pilot.app.open_assessment(_current_id(real_store))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, EditorScreen) and pilot.app.screen.ready)
        await pilot.pause()
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FinaliseDialog)
                         and pilot.app.screen.query("#goto"))
        await pilot.pause()

    assert snap_compare(make_app(real_store), terminal_size=(80, 24), run_before=run_before)


def test_new_assessment_dialog(snap_compare, real_store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _start_ready(pilot)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, NewAssessmentDialog)
                         and pilot.app.screen.query_one("#checklist").value == CHECKLIST)
        await pilot.pause()

    assert snap_compare(make_app(real_store), terminal_size=(80, 24), run_before=run_before)


def test_help(snap_compare, real_store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _start_ready(pilot)
        pilot.app.open_assessment(_current_id(real_store))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, EditorScreen) and pilot.app.screen.ready)
        await pilot.pause()
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen")
        await pilot.pause()

    assert snap_compare(make_app(real_store), terminal_size=(80, 24), run_before=run_before)
