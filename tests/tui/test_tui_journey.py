"""Pilot tests of the whole journey of a municipal official in the TUI."""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input, RadioSet, Static, TextArea
from tui_helpers import CHECKLIST_ID, make_app, plain, type_text, wait_until

from norm.store import Store
from tui.screens.editor import EditorScreen
from tui.screens.finalise import FinaliseDialog
from tui.screens.na_reason import NaReasonDialog
from tui.screens.new_assessment import NewAssessmentDialog
from tui.screens.result import ResultScreen
from tui.screens.start import StartScreen
from tui.widgets.autosave import SaveIndicator
from tui.widgets.measure_tree import MeasureTree


def _editor(app) -> EditorScreen:
    assert isinstance(app.screen, EditorScreen), app.screen
    return app.screen


def _label(editor: EditorScreen, code: str) -> str:
    tree = editor.query_one(MeasureTree)
    return str(tree._items[code].label)


async def _open_start(pilot, org: str | None = None) -> StartScreen:
    """Wait for the start screen; with ``org``, type its code in the filter and wait for its list."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.organisation is not None
                     and app.screen._loaded_for is not None)
    start = app.screen
    if org is not None:
        await type_text(pilot, org)
        await wait_until(pilot, lambda: start._loaded_for == org)
    return start


async def _open_editor(pilot, store: Store, assessment_id: int) -> EditorScreen:
    await _open_start(pilot)
    pilot.app.open_assessment(assessment_id)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, EditorScreen) and pilot.app.screen.ready)
    await pilot.pause()
    return _editor(pilot.app)


async def _saved(pilot, store: Store) -> None:
    editor = _editor(pilot.app)
    await wait_until(pilot, lambda: not editor.saver.has_pending
                     and editor.query_one(SaveIndicator).state == "saved")


async def test_create_an_assessment_and_answer_with_keys(tui_store: Store) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        start = await _open_start(pilot)
        # Type to filter the organisations, Enter on an organisation without assessments opens
        # the dialog for a new one.
        await type_text(pilot, "amers")
        await pilot.pause()
        assert [option.id for option in start.query_one("#orgs").options] == ["GM0307"]
        await wait_until(pilot, lambda: start.organisation is not None and start.organisation.code == "GM0307"
                         and start._loaded_for == "GM0307")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, NewAssessmentDialog))
        dialog = app.screen
        await wait_until(pilot, lambda: dialog.query_one("#checklist").value == CHECKLIST_ID)
        assert dialog.query_one("#period", Input).value == "2026"  # from the fixed clock
        assert dialog.query_one("#from-previous", Checkbox).disabled
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
        editor = _editor(app)
        [record] = tui_store.assessments(organisation_code="GM0307")
        assert (record.period, record.status, record.kind, record.sharing) == ("2026", "concept", "nulmeting",
                                                                                "intern")
        assert editor.current == "TN-A01"
        # Digit keys set the level of the measure under the cursor and move on to the next one that
        # needs attention; a measure short of its target without an action keeps the cursor.
        await pilot.press("2")
        assert editor.current == "TN-A02"
        await pilot.press("1")
        assert editor.current == "TN-A02"
        await pilot.press("down")
        await _saved(pilot, tui_store)
        answers = tui_store.answers(record.id)
        assert answers["TN-A01"].level == 2
        assert answers["TN-A02"].level == 1
        assert _label(editor, "TN-A01").startswith("✓2")
        assert _label(editor, "TN-A02").startswith("▼1")  # target 3
        assert editor.query_one("#editor-progress", Static).render().plain.startswith("2/6")
        # Arrows and Enter in the level list.
        assert editor.current == "TN-A03"
        await pilot.press("enter")  # from the tree into the level list
        assert app.focused is editor.query_one("#levels")
        await pilot.press("down", "enter")  # the highlight starts at the target (2): 2 -> 3
        await _saved(pilot, tui_store)
        assert tui_store.answers(record.id)["TN-A03"].level == 3
        assert isinstance(app.focused, MeasureTree)
        # A level that is not on the scale is refused with a message, nothing changes.
        await pilot.press("7")
        assert "ligt niet op de schaal" in app.last_message
        assert tui_store.answers(record.id)["TN-A03"].level == 3
        # Clearing an answer (the cursor moved on to the next open measure after the level).
        assert editor.current == "TN-B01"
        await pilot.press("up", "up")  # over the theme's line
        assert editor.current == "TN-A03"
        await pilot.press("x")
        await _saved(pilot, tui_store)
        assert tui_store.answers(record.id)["TN-A03"].level is None


async def test_empty_not_applicable_reason_is_refused(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        await pilot.press("down")  # TN-A02: TN-A01 is a basisnorm measure, where n.v.t. is refused
        assert editor.current == "TN-A02"
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NaReasonDialog))
        dialog = app.screen
        await pilot.press("enter")  # empty reason
        await pilot.pause()
        assert app.screen is dialog, "an empty reason must not close the dialog"
        assert "reden" in dialog.query_one("#reason-error", Static).render().plain
        await type_text(pilot, "   ")
        await pilot.press("enter")  # only spaces
        await pilot.pause()
        assert app.screen is dialog
        await type_text(pilot, "Geen vakantieparken")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is editor)
        await _saved(pilot, tui_store)
        answer = tui_store.answers(assessment_id)["TN-A02"]
        assert answer.not_applicable and answer.na_reason == "Geen vakantieparken"
        assert _label(editor, "TN-A02").startswith("–")
        # Escape cancels without changing anything.
        await pilot.press("down", "down", "down", "down", "n")  # TN-A03, theme B, TN-B01, TN-B02
        assert editor.current == "TN-B02"
        await wait_until(pilot, lambda: isinstance(app.screen, NaReasonDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is editor)
        assert "TN-B02" not in tui_store.answers(assessment_id)


async def test_not_applicable_is_refused_on_a_basisnorm_measure_with_the_reason(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    tui_store.set_answer(assessment_id, "TN-A01", level=1)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        if editor.current != "TN-A01":  # the editor opens at the first open measure
            await pilot.press("up")
        assert editor.current == "TN-A01"
        label = _label(editor, "TN-A01")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is editor, "no reason dialog for a measure that does not allow n.v.t."
        messages = [notification.message for notification in app._notifications]
        assert any(message.startswith("N.v.t. is niet toegestaan bij TN-A01: deze maatregel hoort bij de basisnorm")
                   for message in messages), messages
        assert _label(editor, "TN-A01") == label
        await _saved(pilot, tui_store)
        answer = tui_store.answers(assessment_id)["TN-A01"]
        assert answer.level == 1 and not answer.not_applicable


async def test_quit_and_reopen_restores_position_and_text(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        await pilot.press("down", "down", "down", "down")  # TN-A02, TN-A03, theme B, TN-B01
        assert editor.current == "TN-B01"
        await pilot.press("1", "c")
        assert app.focused is editor.query_one("#comment")
        await type_text(pilot, "Herzien in 2027")
        await pilot.press("escape", "e")
        await type_text(pilot, "Besluit 14")
        # Quit at once: the debounce has not fired yet, quitting must write the text.
        await pilot.press("ctrl+q")
    answer = tui_store.answers(assessment_id)["TN-B01"]
    assert answer.comment == "Herzien in 2027"
    assert answer.evidence == "Besluit 14"
    assert tui_store.assessment(assessment_id).position == "TN-B01"

    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        start = await _open_start(pilot)
        assert start.organisation.code == "GM0344"  # the organisation of last time
        await pilot.press("enter")  # organisation chosen: to its assessments
        assert isinstance(app.focused, DataTable)
        await pilot.press("enter")  # open the assessment
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        await pilot.pause()
        editor = _editor(app)
        assert editor.current == "TN-B01"
        assert editor.query_one(MeasureTree).current_code == "TN-B01"
        assert editor.query_one("#comment", TextArea).text == "Herzien in 2027"
        assert editor.query_one("#evidence", TextArea).text == "Besluit 14"


async def test_text_is_saved_while_typing(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        await pilot.press("c")
        await type_text(pilot, "Eerste")
        indicator = editor.query_one(SaveIndicator)
        assert indicator.state == "pending"
        assert "Opslaan" in indicator.render()
        await _saved(pilot, tui_store)
        assert "Opgeslagen" in indicator.render()
        assert tui_store.answers(assessment_id)["TN-A01"].comment == "Eerste"
        # Moving to another measure keeps each text with its own measure.
        await pilot.press("escape", "down", "c")
        await type_text(pilot, "Tweede")
        await pilot.press("escape", "up")
        await _saved(pilot, tui_store)
        answers = tui_store.answers(assessment_id)
        assert answers["TN-A01"].comment == "Eerste"
        assert answers["TN-A02"].comment == "Tweede"
        assert editor.query_one("#comment", TextArea).text == "Eerste"


async def test_improvement_action_for_a_measure_below_target(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        box = editor.query_one("#action-box")
        assert not box.display  # nothing below target yet
        await pilot.press("3")
        await pilot.pause()
        assert editor.current == "TN-A02"  # on to the next open measure
        await pilot.press("up")
        assert not box.display
        await pilot.press("1")  # below target 2: the cursor stays for the action
        await pilot.pause()
        assert box.display
        await pilot.press("a")
        await type_text(pilot, "Programma opzetten")
        await pilot.press("tab")
        await type_text(pilot, "OOV")
        await pilot.press("tab")
        await type_text(pilot, "2027-13")  # not a date yet
        await pilot.pause()
        assert "JJJJ-MM-DD" in editor.query_one("#action-hint", Static).render().plain
        await _saved(pilot, tui_store)
        [action] = tui_store.actions(assessment_id)
        assert (action.item_code, action.description, action.owner, action.deadline) == (
            "TN-A01", "Programma opzetten", "OOV", None)
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "03-31")
        await _saved(pilot, tui_store)
        [action] = tui_store.actions(assessment_id)
        assert action.deadline == "2027-03-31"
        assert not editor.query_one("#action-hint", Static).display


async def test_finalise_refuses_an_incomplete_assessment(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        await pilot.press("2", "3")  # TN-A01, then on to TN-A02 by itself
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, FinaliseDialog))
        dialog = app.screen
        await wait_until(pilot, lambda: dialog.query("#goto"))
        text = dialog.query_one("#finalise-text", Static).render().plain
        assert "Nog niet compleet" in text
        assert "Open maatregelen (4)" in text
        for code in ("TN-A03", "TN-B01", "TN-B02", "TN-C01"):
            assert code in text
        assert not dialog.query("#confirm"), "no way to finalise while measures are open"
        await pilot.press("enter")  # "Naar eerste open maatregel"
        await wait_until(pilot, lambda: app.screen is editor)
        assert editor.current == "TN-A03"
    record = tui_store.assessment(assessment_id)
    assert record.status == "concept"


async def _answer_all(store: Store, assessment_id: int, level: int = 2) -> None:
    for code in ("TN-A01", "TN-A02", "TN-A03", "TN-B01", "TN-B02", "TN-C01"):
        store.set_answer(assessment_id, code, level=level)


async def test_finalise_asks_sharing_and_locks(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    await _answer_all(tui_store, assessment_id)
    tui_store.clear_answer(assessment_id, "TN-C01")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        assert editor.current == "TN-C01"  # the first open measure
        await pilot.press("3", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, FinaliseDialog))
        dialog = app.screen
        await wait_until(pilot, lambda: dialog.query("#confirm"))
        assert "Alle 6 maatregelen" in dialog.query_one("#finalise-text", Static).render().plain
        radio = dialog.query_one(RadioSet)
        assert radio.pressed_button is None  # nothing is chosen until the user chooses (test_tui_finalise.py)
        dialog.query_one("#finalise-name", Input).value = "M. de Boer"
        dialog.query_one("#finalise-role", Input).value = "gemeentesecretaris"
        dialog.query_one("#share-geaggregeerd").value = True
        await pilot.pause()
        dialog.query_one("#confirm").press()
        await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)
        await pilot.pause()
    record = tui_store.assessment(assessment_id)
    assert record.status == "definitief"
    assert record.sharing == "geaggregeerd"
    assert tui_store.answers(assessment_id)["TN-C01"].level == 3


async def test_a_definitive_assessment_opens_read_only(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    await _answer_all(tui_store, assessment_id)
    tui_store.set_answer(assessment_id, "TN-A01", comment="Vastgesteld")
    tui_store.finalise(assessment_id, acknowledge_shortfalls=True)
    before = tui_store.answers(assessment_id)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        assert editor.has_class("-read-only")
        assert "het oordeel staat vast" in editor.query_one("#d-head", Static).render().plain
        await pilot.press("0", "n", "x")
        await pilot.pause()
        assert not isinstance(app.screen, NaReasonDialog)
        comment = editor.query_one("#comment", TextArea)
        assert comment.read_only and comment.text == "Vastgesteld"
        await pilot.press("c")
        await type_text(pilot, "erbij")
        assert comment.text == "Vastgesteld"
        assert editor.query_one("#action-description", Input).disabled
        await pilot.press("escape", "d")
        await pilot.pause()
        assert not isinstance(app.screen, FinaliseDialog)
        await pilot.press("escape")  # back to the start screen
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
    assert tui_store.answers(assessment_id) == before


async def test_carried_over_answers_are_marked_until_confirmed(tui_store: Store) -> None:
    previous = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2025")
    await _answer_all(tui_store, previous, level=1)
    tui_store.set_answer(previous, "TN-A02", comment="Meldpunt bij HR")
    tui_store.finalise(previous, acknowledge_shortfalls=True)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_start(pilot, "GM0344")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewAssessmentDialog))
        dialog = app.screen
        await wait_until(pilot, lambda: not dialog.query_one("#from-previous", Checkbox).disabled)
        assert dialog.query_one("#from-previous", Checkbox).value  # offered and on by default
        assert "2025" in dialog.query_one("#previous-info", Static).render().plain
        await pilot.click("#start")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        await pilot.pause()
        editor = _editor(app)
        new_id = editor.state.record.id
        assert all(_label(editor, code).startswith("↻") for code in editor.state.answers)
        assert "Overgenomen" in editor.query_one("#d-head", Static).render().plain
        assert editor.state.record.kind == "vervolgmeting"
        # b confirms without changing; a new level confirms too.
        await pilot.press("b", "down", "2")
        await _saved(pilot, tui_store)
        answers = tui_store.answers(new_id)
        assert not answers["TN-A01"].carried_over and answers["TN-A01"].level == 1
        assert not answers["TN-A02"].carried_over and answers["TN-A02"].level == 2
        assert answers["TN-A02"].comment == "Meldpunt bij HR"
        assert answers["TN-A03"].carried_over
        assert _label(editor, "TN-A01").startswith("▼1")
        assert _label(editor, "TN-A03").startswith("↻")
        # The filter "te bevestigen" shows only what still needs review.
        for _ in range(3):
            await pilot.press("f")
        assert editor.mode == "carried"
        assert editor.query_one(MeasureTree).codes == ["TN-A03", "TN-B01", "TN-B02", "TN-C01"]


async def test_filters_search_and_next_open(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    tui_store.set_answer(assessment_id, "TN-A01", level=1)
    tui_store.set_answer(assessment_id, "TN-A02", level=3)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        tree = editor.query_one(MeasureTree)
        assert editor.current == "TN-A03"  # the first open measure
        await pilot.press("f")
        assert tree.codes == ["TN-A03", "TN-B01", "TN-B02", "TN-C01"]
        await pilot.press("f")
        assert tree.codes == ["TN-A01"]
        assert editor.current == "TN-A01"
        await pilot.press("f", "f")
        assert editor.mode == "all" and len(tree.codes) == 6
        # Next open jumps over answered measures and wraps round.
        assert editor.current == "TN-A01"
        await pilot.press("v")
        assert editor.current == "TN-A03"
        await pilot.press("2")  # a level moves on to the next open measure by itself
        assert editor.current == "TN-B01"
        await pilot.press("v", "v")
        assert editor.current == "TN-C01"
        await pilot.press("v")  # wraps round to the first open one
        assert editor.current == "TN-B01"
        # Search by words or code.
        await pilot.press("slash")
        await type_text(pilot, "vakantie")
        await pilot.pause()
        assert tree.codes == ["TN-B02"]
        await pilot.press("enter")
        assert isinstance(app.focused, MeasureTree)
        assert editor.current == "TN-B02"
        search = editor.query_one("#search", Input)
        search.value = "tn-c"
        await pilot.pause()
        assert tree.codes == ["TN-C01"]
        search.focus()
        await pilot.press("escape")  # clears the search
        assert tree.codes and len(tree.codes) == 6
        assert not search.display


async def test_delete_a_concept_after_confirmation(tui_store: Store) -> None:
    final_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2025")
    await _answer_all(tui_store, final_id)
    tui_store.finalise(final_id, acknowledge_shortfalls=True)
    concept_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        start = await _open_start(pilot, "GM0344")
        await wait_until(pilot, lambda: len(start.rows) == 2)
        await pilot.press("enter")
        table = start.query_one(DataTable)
        assert app.focused is table
        assert start.selected_row().record.id == concept_id  # the newest is selected first
        # The definitive one cannot be deleted.
        await pilot.press("up")
        assert start.selected_row().record.id == final_id
        await pilot.press("delete")
        await pilot.pause()
        assert "definitieve" in app.last_message
        await pilot.press("down", "delete")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog")
        await pilot.press("escape")  # cancel: nothing happens
        await pilot.pause()
        assert len(tui_store.assessments(organisation_code="GM0344")) == 2
        await pilot.press("delete")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog")
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: len(start.rows) == 1)
    assert [a.id for a in tui_store.assessments(organisation_code="GM0344")] == [final_id]
    assert concept_id not in [a.id for a in tui_store.assessments()]


async def test_result_screen_shows_scores_gaps_and_change(tui_store: Store) -> None:
    previous = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2025")
    await _answer_all(tui_store, previous, level=1)
    tui_store.finalise(previous, acknowledge_shortfalls=True)
    current = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026", from_previous=True)
    tui_store.set_answer(current, "TN-A01", level=3)
    tui_store.set_answer(current, "TN-B01", level=0)
    tui_store.add_action(current, "TN-B01", "Bibob-beleid actualiseren", "Juridische zaken", "2027-06-30")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_start(pilot, "GM0344")
        await pilot.press("enter", "r")  # the newest assessment is selected
        await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)
        screen = app.screen
        summary = screen.query_one("#result-summary", Static).render().plain
        assert "Totaalscore" in summary and "Basisnorm: voldoet niet" in summary
        gaps = screen.query_one("#result-gaps", Static).render().plain
        first_gap = gaps.splitlines()[0]
        assert "TN-B01" in first_gap  # basisnorm item with the biggest gap first
        assert "Bibob-beleid actualiseren" in gaps and "2027-06-30" in gaps
        changes = screen.query_one("#result-changes", Static).render().plain
        assert "2025" in changes
        assert "Verbeterd: TN-A01 (+2)" in changes
        assert "Verslechterd: TN-B01 (-1)" in changes
        bars = screen.query_one("#theme-bars")
        assert len(bars.rows) == 4  # overall + three themes
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))


async def test_help_screen_and_command_palette(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        titles = [command.title for command in app.get_system_commands(editor)]
        for expected in ("N.v.t.", "Volgende open", "Filter", "Zoeken", "Afronden", "Resultaat", "Niveau 2",
                         "Afsluiten", "Help", "Language: English"):
            assert expected in titles, expected
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        keys = {key: description for key, description, _ in app.screen.keys}
        assert keys["0–3"] == "Niveau"
        assert keys["v"] == "Volgende open"
        assert keys["n"] == "N.v.t."
        assert keys["^q"] == "Afsluiten"
        assert keys["?"] == "Help"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is editor)
        # A command from the palette runs the action on the screen.
        command = next(c for c in app.get_system_commands(editor) if c.title == "Niveau 2")
        await command.callback()
        await _saved(pilot, tui_store)
        assert tui_store.answers(assessment_id)["TN-A01"].level == 2


async def test_english_interface_and_checklist_texts(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _open_editor(pilot, tui_store, assessment_id)
        head = editor.query_one("#d-head", Static).render().plain
        assert "Awareness programme" in head and "target level 2" in head
        assert "We have an awareness programme" in editor.query_one("#d-head", Static).render().plain
        assert "Awareness and organisation" in str(editor.query_one(MeasureTree).root.children[0].label)
        await pilot.press("1")
        await pilot.pause()
        assert "Below target (level 1, target 2)" in editor.query_one("#d-head", Static).render().plain
        levels = editor.query_one("#levels")
        assert "Implemented" in plain(levels.get_option_at_index(2).prompt)
    # Switching the language in the UI is remembered.
    app = make_app(tui_store, lang=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_start(pilot)
        assert app.language == "nl"
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Language: English")
        app.call_later(command.callback)
        await wait_until(pilot, lambda: app.language == "en")
        await _open_start(pilot)
        assert "Assessments of" in app.screen.query_one("#assessments-title", Static).render().plain
    assert tui_store.setting("lang") == "en"
    app = make_app(tui_store, lang=None)
    assert app.language == "en"


def test_every_binding_has_an_id_and_a_description() -> None:
    from tui.app import WeerbaarApp
    from tui.i18n import EN, NL
    from tui.screens.collection import CollectionScreen
    from tui.screens.confirm import ConfirmDialog
    from tui.screens.export import ExportDialog
    from tui.screens.help import HelpScreen
    from tui.screens.import_bundles import ImportDialog
    from tui.screens.sharing import SharingDialog
    from tui.screens.start import AssessmentTable, OrgList
    from tui.widgets.base import EditorField, MemoField

    classes = [WeerbaarApp, StartScreen, OrgList, AssessmentTable, EditorScreen, ResultScreen, FinaliseDialog,
               NaReasonDialog, NewAssessmentDialog, ConfirmDialog, SharingDialog, HelpScreen, CollectionScreen,
               ExportDialog, ImportDialog, EditorField, MemoField]
    ids = set()
    for cls in classes:
        for binding in cls.BINDINGS:
            assert binding.id and binding.id.startswith("weerbaar."), (cls, binding)
            assert binding.description in NL and binding.description in EN, (cls, binding)
            ids.add(binding.id)
    assert len(ids) > 30
    assert set(NL) == set(EN), "every text needs both languages"


async def test_refusals_appear_in_the_dialog_not_as_a_crash(tui_store: Store) -> None:
    tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_start(pilot, "GM0344")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewAssessmentDialog))
        dialog = app.screen
        await wait_until(pilot, lambda: dialog.query_one("#checklist").value == CHECKLIST_ID)
        error = dialog.query_one("#new-error", Static)
        period = dialog.query_one("#period", Input)
        assert period.value == "2027"  # 2026 is taken: the dialog suggests the next free year
        period.value = "2026"
        await pilot.press("enter")  # 2026 again: a concept for that period exists
        await wait_until(pilot, lambda: error.render().plain)
        assert "al een concept" in error.render().plain
        period = dialog.query_one("#period", Input)
        period.value = "twee duizend?!"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Ongeldige periode" in error.render().plain)
        assert app.screen is dialog and app.is_running
    assert len(tui_store.assessments(organisation_code="GM0344")) == 1
