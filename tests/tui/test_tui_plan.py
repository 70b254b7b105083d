"""Pilot tests: the action plan after finalising, undo, history, documents and moving faster (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, Static
from tui_helpers import CHECKLIST_ID, make_app, plain, type_text, wait_until

from norm.store import Store
from tui.opening import OpeningRefused, open_document, write_temporary
from tui.screens.action_plan import ActionPlanScreen
from tui.screens.attachments import AttachmentsScreen
from tui.screens.editor import EditorScreen
from tui.screens.history import HistoryScreen
from tui.screens.new_assessment import NewAssessmentDialog
from tui.screens.start import StartScreen
from tui.widgets.autosave import SaveIndicator
from tui.widgets.measure_tree import MeasureTree

CODES = ("TN-A01", "TN-A02", "TN-A03", "TN-B01", "TN-B02", "TN-C01")


def _finalised(store: Store, period: str = "2025") -> tuple[int, int]:
    """A definitive assessment of Utrecht with TN-A01 short of its target and an action on it."""
    assessment_id = store.new_assessment("GM0344", CHECKLIST_ID, period)
    for code in CODES:
        store.set_answer(assessment_id, code, level=2)
    store.set_answer(assessment_id, "TN-A01", level=1)
    action_id = store.add_action(assessment_id, "TN-A01", "Programma opzetten", "OOV", "2026-03-31")
    store.finalise(assessment_id)
    store.set_position(assessment_id, "TN-A01")
    return assessment_id, action_id


async def _open_editor(pilot, assessment_id: int) -> EditorScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen._loaded_for is not None)
    app.open_assessment(assessment_id)
    await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
    await pilot.pause()
    return app.screen


async def _saved(pilot, editor: EditorScreen) -> None:
    await wait_until(pilot, lambda: not editor.saver.has_pending
                     and editor.query_one(SaveIndicator).state == "saved")


def _footer_actions(editor: EditorScreen) -> set[str]:
    return {binding.action for _, binding, enabled, _ in editor.app.active_bindings.values()
            if enabled and binding.show}


async def test_an_action_on_a_definitive_assessment_becomes_done_and_is_logged(tui_store: Store) -> None:
    assessment_id, action_id = _finalised(tui_store)
    before = tui_store.answers(assessment_id)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, assessment_id)
        assert editor.current == "TN-A01"
        # Only what works: no level keys, no n.v.t., no finalising; the plan's status key is there.
        shown = _footer_actions(editor)
        assert "plan_status" in shown
        assert not shown & {"level(0)", "level(1)", "not_applicable", "finalise", "next_open", "clear"}
        head = editor.query_one("#d-head", Static).render().plain
        assert "het actieplan niet" in head and "leg een verbeteractie vast" not in head
        await pilot.press("s")
        await wait_until(pilot, lambda: tui_store.actions(assessment_id)[0].status == "lopend")
        await pilot.press("s")
        await wait_until(pilot, lambda: tui_store.actions(assessment_id)[0].status == "gereed")
        assert "gereed" in editor.query_one("#action-title", Static).render().plain
        # The deadline and a note can be typed; the description cannot.
        await pilot.press("a")
        await pilot.pause()
        assert app.focused is editor.query_one("#action-deadline")
        assert editor.query_one("#action-description").disabled
        await pilot.press("tab")
        await type_text(pilot, "Afgerond in juni")
        await _saved(pilot, editor)
        # Level keys do nothing and say nothing.
        await pilot.press("escape", "3", "n")
        await pilot.pause()
    (action,) = tui_store.actions(assessment_id)
    assert (action.id, action.status, action.note) == (action_id, "gereed", "Afgerond in juni")
    log = [(e.field, e.old_value, e.new_value) for e in tui_store.changelog(assessment_id) if e.entity == "action"]
    assert ("status", "open", "lopend") in log and ("status", "lopend", "gereed") in log
    assert [entry for entry in log if entry[0] == "note"][-1][2] == "Afgerond in juni"
    assert tui_store.answers(assessment_id) == before


async def test_a_received_assessment_offers_no_plan_keys(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2025")
    for code in CODES:
        tui_store.set_answer(assessment_id, code, level=1)
    tui_store.add_action(assessment_id, "TN-A01", "Hun actie")
    with tui_store.write() as db:  # as the importer leaves a received submission
        db.execute("UPDATE assessments SET origin = 'import', status = 'definitief' WHERE id = ?", [assessment_id])
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, assessment_id)
        assert "plan_status" not in _footer_actions(editor)
        await pilot.press("s")
        await pilot.pause()
    assert tui_store.actions(assessment_id)[0].status == "open"


async def test_a_carried_over_open_action_appears_linked_to_its_origin(tui_store: Store) -> None:
    first, action_id = _finalised(tui_store)
    second = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")  # without carrying answers over
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, second)
        assert editor.current == "TN-A01"
        title = editor.query_one("#action-title", Static).render().plain
        assert "Overgenomen uit de vorige periode" in title and "te laat" in title  # 2026-03-31 < 2026-11-22
        assert editor.query_one("#action-description", Input).value == "Programma opzetten"
    (carried,) = tui_store.actions(second)
    assert carried.origin_id == action_id


async def test_undo_restores_the_previous_answer(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    tui_store.set_answer(assessment_id, "TN-A01", level=3)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, assessment_id)
        editor._go_to("TN-A01")
        await pilot.press("1")
        await _saved(pilot, editor)
        assert tui_store.answers(assessment_id)["TN-A01"].level == 1
        await pilot.press("down", "u")  # wherever the cursor is: undo goes back to the measure
        await _saved(pilot, editor)
        assert editor.current == "TN-A01"
        assert "niveau 3" in app.last_message
        await pilot.press("u")  # nothing left to undo: the key is disabled, nothing changes
        await pilot.pause()
        assert editor.check_action("undo", ()) is None
    assert tui_store.answers(assessment_id)["TN-A01"].level == 3
    log = [(e.field, e.old_value, e.new_value) for e in tui_store.item_history(assessment_id, "TN-A01")]
    assert log[-1] == ("ongedaan gemaakt", "niveau 1", "niveau 3")


async def test_confirming_moves_on_and_j_jumps_to_the_next_to_confirm(tui_store: Store) -> None:
    first, _ = _finalised(tui_store)
    second = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026", from_previous=True)
    tui_store.set_answer(second, "TN-A02", level=3)  # reviewed: no longer to confirm
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, second)
        editor._go_to("TN-A03")
        await pilot.press("b")  # confirm TN-A03 as it is: on to the next one that needs attention
        await pilot.pause()
        assert editor.current == "TN-B01"
        await pilot.press("j", "j")
        assert editor.current == "TN-C01"
        await pilot.press("j")  # wraps round, past the reviewed TN-A02
        assert editor.current == "TN-A01"
        await pilot.press("b", "b")
        await pilot.pause()
    assert not tui_store.answers(second)["TN-A03"].carried_over


async def test_esc_after_a_search_clears_it_before_leaving(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, assessment_id)
        tree = editor.query_one(MeasureTree)
        await pilot.press("slash")
        await type_text(pilot, "bibob")
        await pilot.press("enter")
        assert tree.codes == ["TN-B01"]
        await pilot.press("escape")
        assert app.screen is editor and editor.search_text == "" and len(tree.codes) == 6
        assert editor.current == "TN-B01"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))


async def test_reopening_scrolls_the_list_to_the_restored_cursor(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    tui_store.set_position(assessment_id, "TN-C01")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 10)) as pilot:
        editor = await _open_editor(pilot, assessment_id)
        tree = editor.query_one(MeasureTree)
        await pilot.pause()
        assert editor.current == "TN-C01"
        assert tree.scroll_y > 0
        assert tree.scroll_y <= tree.cursor_line < tree.scroll_y + tree.scrollable_content_region.height


async def test_the_new_assessment_dialog_suggests_a_free_period(tui_store: Store) -> None:
    _finalised(tui_store, "2026")  # the fixed clock says 2026: taken
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen._loaded_for is not None)
        from norm.store import Organisation  # noqa: PLC0415
        from tui.messages import StartNewAssessment  # noqa: PLC0415

        utrecht = tui_store.organisation("GM0344")
        assert isinstance(utrecht, Organisation)
        app.screen.post_message(StartNewAssessment(utrecht))
        await wait_until(pilot, lambda: isinstance(app.screen, NewAssessmentDialog))
        dialog = app.screen
        await wait_until(pilot, lambda: dialog.query_one("#checklist").value == CHECKLIST_ID)
        await pilot.pause()
        assert dialog.query_one("#period", Input).value == "2027"
        assert dialog.query_one("#from-previous", Checkbox).display
        # A period typed by the user stays; without an earlier assessment there is nothing to offer.
        dialog.query_one("#period", Input).value = "2020"
        await pilot.pause()
        assert not dialog.query_one("#from-previous", Checkbox).display


async def test_the_organisations_action_plan_lists_open_actions_across_periods(tui_store: Store) -> None:
    first, _ = _finalised(tui_store, "2025")
    second = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    tui_store.add_action(second, "TN-B01", "Bibob-beleid vaststellen", "Juridisch", "2027-06-30")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, second)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionPlanScreen) and app.screen.entries)
        screen = app.screen
        table = screen.query_one(DataTable)
        rows = [[plain(cell).strip() for cell in table.get_row_at(index)] for index in range(table.row_count)]
        assert [row[1] for row in rows] == ["TN-A01", "TN-B01"]  # the carried one (overdue) first, once
        assert "te laat" in rows[0][4] and rows[0][5] == "open"
        await pilot.press("s", "s")
        await wait_until(pilot, lambda: tui_store.actions(second)[0].status == "gereed")
        await wait_until(pilot, lambda: [e.action.item_code for e in screen.entries] == ["TN-B01"])
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is editor)


async def test_history_of_a_measure_and_the_whole_change_log(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    tui_store.set_answer(assessment_id, "TN-A01", level=1)
    tui_store.set_answer(assessment_id, "TN-A01", level=2, comment="Na gesprek")
    tui_store.set_answer(assessment_id, "TN-B01", level=3)
    app = make_app(tui_store)
    async with app.run_test(size=(100, 24)) as pilot:
        editor = await _open_editor(pilot, assessment_id)
        editor._go_to("TN-A01")
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen)
                         and app.screen.query_one(DataTable).row_count)
        table = app.screen.query_one(DataTable)
        rows = [[plain(cell).strip() for cell in table.get_row_at(index)] for index in range(table.row_count)]
        assert rows[0][1] == "tester"
        assert ["antwoord niveau", "1 → 2"] in [row[2:] for row in rows]
        assert not any("TN-B01" in " ".join(row) for row in rows)
        await pilot.press("escape", "l")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.item_code is None
                         and app.screen.query_one(DataTable).row_count)
        table = app.screen.query_one(DataTable)
        measures = {plain(table.get_row_at(index)[2]).strip() for index in range(table.row_count)}
        assert {"TN-A01", "TN-B01"} <= measures


async def test_documents_are_listed_added_and_opened_through_the_os(tui_store: Store, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    tui_store.add_attachment(assessment_id, "TN-A01", "besluit.pdf", b"%PDF-1.4 besluit")
    source = tmp_path / "notulen.txt"
    source.write_text("notulen", encoding="utf-8")
    opened: list[Path] = []
    monkeypatch.setattr(AttachmentsScreen, "__init__", _with_opener(AttachmentsScreen.__init__, opened.append))
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, assessment_id)
        editor._go_to("TN-A01")
        assert "besluit.pdf" in editor.query_one("#d-head", Static).render().plain
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, AttachmentsScreen) and app.screen.documents)
        screen = app.screen
        await pilot.press("enter")
        await wait_until(pilot, lambda: opened)
        assert opened[0].name == "besluit.pdf" and opened[0].read_bytes() == b"%PDF-1.4 besluit"
        screen.query_one("#attach-path", Input).focus()
        await type_text(pilot, str(source))
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(screen.documents) == 2)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is editor)
        await pilot.pause()
        assert "notulen.txt" in editor.query_one("#d-head", Static).render().plain
    assert [a.name for a in tui_store.attachments(assessment_id)] == ["besluit.pdf", "notulen.txt"]


def _with_opener(original, opener):
    def init(self, store, record, item_code, opener_=None):  # noqa: ARG001
        original(self, store, record, item_code, opener)
    return init


def test_a_document_that_could_run_a_program_is_saved_but_never_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess  # noqa: PLC0415

    calls: list[object] = []
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: calls.append(a))
    for name in ("setup.exe", "script.BAT", "run.js", "link.lnk", "page.html", "zonder-extensie", "a.pdf.exe"):
        path = write_temporary(name, b"MZ")
        with pytest.raises(OpeningRefused) as refused:
            open_document(path)
        assert refused.value.path == path and path.read_bytes() == b"MZ"
    assert calls == []
    path = write_temporary("../../etc/besluit.pdf", b"%PDF")
    assert path.name == "besluit.pdf" and path.parent.name.startswith("weerbaar-document-")


def test_a_safe_document_goes_to_the_default_program_without_a_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    calls: list[tuple[object, dict[str, object]]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kwargs: calls.append((args, kwargs)))
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(sys, "platform", "linux")
    path = write_temporary("besluit.pdf", b"%PDF")
    open_document(path)
    ((args, kwargs),) = calls
    assert args == ["/usr/bin/xdg-open", str(path)] and "shell" not in kwargs
    started: list[Path] = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr("os.startfile", started.append, raising=False)
    open_document(path)
    assert started == [path]


async def test_a_definitive_measure_without_an_action_does_not_ask_for_one(tui_store: Store) -> None:
    assessment_id, _ = _finalised(tui_store)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, assessment_id)
        editor._go_to("TN-A03")
        await pilot.press("a")
        await pilot.pause()
        assert "geen verbeteractie" in app.last_message
        assert not editor.query_one("#action-box").display
        assert isinstance(app.focused, MeasureTree)
