"""Snapshots (80x24, fixed clock, temporary database) of the action plan after finalising, the
organisation's plan, a measure's history and its documents (issue 13).

Update with ``pytest tests/tui/test_tui_plan_snapshots.py --snapshot-update`` after looking at the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_helpers import CHECKLIST_ID, make_app, make_store, wait_until

from norm.store import Store
from tui.screens.editor import EditorScreen
from tui.screens.start import StartScreen

CODES = ("TN-A01", "TN-A02", "TN-A03", "TN-B01", "TN-B02", "TN-C01")


@pytest.fixture
def plan_store(tmp_path: Path) -> Iterator[Store]:
    """Utrecht: 2025 definitive with two actions (one done), a document; 2026 concept with the open one."""
    store = make_store(tmp_path / "plan.db")
    first = store.new_assessment("GM0344", CHECKLIST_ID, "2025")
    for code in CODES:
        store.set_answer(first, code, level=2)
    store.set_answer(first, "TN-A01", level=1, comment="Alleen in het introductieprogramma.")
    store.set_answer(first, "TN-A02", level=1)
    store.add_action(first, "TN-A01", "Ondermijning opnemen in de workshops", "Teamleider HR", "2026-03-31")
    store.add_action(first, "TN-A02", "Meldpunt inrichten", "OOV", "2027-06-30")
    store.add_attachment(first, "TN-A01", "Besluit B&W 2025.pdf", b"%PDF-1.4 besluit")
    store.finalise(first)
    store.set_position(first, "TN-A01")
    store.set_setting("last_organisation", "GM0344")
    yield store
    store.close()


def _first(store: Store) -> int:
    return store.assessments(organisation_code="GM0344")[0].id


async def _editor(pilot: Pilot, store: Store) -> EditorScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen._loaded_for == "GM0344")
    app.open_assessment(_first(store))
    await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
    await pilot.pause()
    return app.screen


def test_definitive_editor_with_its_plan(snap_compare, plan_store: Store) -> None:
    """Only working keys in the footer; the action's status set with s, its fields in view."""

    async def run_before(pilot: Pilot) -> None:
        editor = await _editor(pilot, plan_store)
        await pilot.press("s", "s")
        await wait_until(pilot, lambda: not editor.saver.has_pending)
        pilot.app.clear_notifications()
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(plan_store), terminal_size=(80, 24), run_before=run_before)


def test_action_plan_of_the_organisation(snap_compare, plan_store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        plan_store.new_assessment("GM0344", CHECKLIST_ID, "2026")  # the open actions come along
        await _editor(pilot, plan_store)
        await pilot.press("p")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "ActionPlanScreen"
                         and pilot.app.screen.query_one(DataTable).row_count)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(plan_store), terminal_size=(80, 24), run_before=run_before)


def test_history_of_a_measure(snap_compare, plan_store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _editor(pilot, plan_store)
        await pilot.press("h")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "HistoryScreen"
                         and pilot.app.screen.query_one(DataTable).row_count)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(plan_store), terminal_size=(80, 24), run_before=run_before)


def test_documents_of_a_measure(snap_compare, plan_store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _editor(pilot, plan_store)
        await pilot.press("o")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "AttachmentsScreen"
                         and pilot.app.screen.query_one(DataTable).row_count)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(plan_store), terminal_size=(80, 24), run_before=run_before)
