"""Pilot test: an answer in the norm shows up, marked as taken over, in the scan (mapping files)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from tui_helpers import FIXED_ISO, make_app, wait_until

from checklists import install_builtins
from norm.store import Store
from tui.screens.editor import EditorScreen
from tui.screens.finalise import FinaliseDialog
from tui.screens.start import StartScreen
from tui.widgets.autosave import SaveIndicator
from tui.widgets.measure_tree import MeasureTree

NORM, SCAN = "utrechtse-weerbaarheidsnorm", "weerbaarheidsscan"


async def _open(pilot, assessment_id: int) -> EditorScreen:
    app = pilot.app
    app.open_assessment(assessment_id)
    await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready
                     and app.screen.state.record.id == assessment_id)
    await pilot.pause()
    return app.screen


async def _search(pilot, editor: EditorScreen, code: str) -> None:
    await pilot.press("slash", *code.lower(), "enter")
    await wait_until(pilot, lambda: editor.current == code)


async def test_answering_uwn_b04_in_the_norm_shows_wbs_hrm01_as_taken_over_in_the_scan(tmp_path: Path) -> None:
    """Tried as a new user would: answering UWN-B04 in the norm shows WBS-HRM01 as taken over in the scan."""
    store = Store(tmp_path / "koppeling.db", actor="tester", clock=lambda: FIXED_ISO)
    install_builtins(store)
    norm = store.new_assessment("GM0344", NORM, "2026")
    scan = store.new_assessment("GM0344", SCAN, "2026")
    app = make_app(store)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
            editor = await _open(pilot, norm)
            await _search(pilot, editor, "UWN-B04")
            await pilot.press("2")
            await wait_until(pilot, lambda: not editor.saver.has_pending
                             and editor.query_one(SaveIndicator).state == "saved")
            await pilot.press("escape", "escape")  # the first clears the search, the second leaves
            await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
            editor = await _open(pilot, scan)
            await _search(pilot, editor, "WBS-HRM01")
            tree = editor.query_one(MeasureTree)
            assert str(tree._items["WBS-HRM01"].label).startswith("⇄2")
            head = editor.query_one("#d-head", Static).render().plain
            assert "overgenomen uit UWN-B04 (Utrechtse Weerbaarheidsnorm) — gelijk" in head
            # Only the mapped measure was taken over; the answer is in the store with its origin.
            assert list(editor.state.origins) == ["WBS-HRM01"]
            assert store.answers(scan)["WBS-HRM01"].level == 2
    finally:
        store.close()


async def test_a_partial_pre_fill_is_confirmed_with_b(tmp_path: Path) -> None:
    store = Store(tmp_path / "deels.db", actor="tester", clock=lambda: FIXED_ISO)
    install_builtins(store)
    norm = store.new_assessment("GM0344", NORM, "2026")
    store.set_answer(norm, "UWN-B05", level=1)  # partial to WBS-HRM02 and WBS-HRM03
    scan = store.new_assessment("GM0344", SCAN, "2026")  # pre-filled at creation
    app = make_app(store)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
            editor = await _open(pilot, scan)
            await _search(pilot, editor, "WBS-HRM02")
            tree = editor.query_one(MeasureTree)
            assert str(tree._items["WBS-HRM02"].label).startswith("⇄1")
            head = editor.query_one("#d-head", Static).render().plain
            assert "overgenomen uit UWN-B05" in head and "bevestig met b" in head
            await pilot.press("b")
            await wait_until(pilot, lambda: not editor.saver.has_pending
                             and editor.query_one(SaveIndicator).state == "saved")
            assert store.answer_origins(scan)["WBS-HRM02"].confirmed
            assert store.pending_prefills(scan) == ["WBS-HRM03"]
            assert "bevestig met b" not in editor.query_one("#d-head", Static).render().plain
            # Everything else answered: finalising still waits for WBS-HRM03, and says so.
            record = store.assessment(scan)
            for item in store.checklist(record.snapshot_id).applicable_items(record.organisation_type):
                if item.code not in store.answers(scan):
                    store.set_answer(scan, item.code, level=2)
            await pilot.press("d")
            await wait_until(pilot, lambda: isinstance(app.screen, FinaliseDialog))
            dialog = app.screen
            await wait_until(pilot, lambda: "WBS-HRM03" in str(dialog.query_one("#finalise-text", Static).render()))
            shown = str(dialog.query_one("#finalise-text", Static).render())
            assert "moeten eerst worden bevestigd" in shown and "nog te bevestigen (1)" in shown
            assert store.assessment(scan).status == "concept"
    finally:
        store.close()
