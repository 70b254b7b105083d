"""The finalise dialog: an explicit sharing choice, the sign-off, carried-over answers and shortfalls."""

from __future__ import annotations

from textual.widgets import Button, Checkbox, RadioButton, RadioSet, Static
from tui_helpers import CHECKLIST_ID, make_app, type_text, wait_until

from norm.store import Store
from tui.screens.editor import EditorScreen
from tui.screens.finalise import FinaliseDialog
from tui.screens.result import ResultScreen
from tui.screens.start import StartScreen

CODES = ("TN-A01", "TN-A02", "TN-A03", "TN-B01", "TN-B02", "TN-C01")


def _answer_all(store: Store, assessment_id: int, level: int = 3) -> None:
    for code in CODES:
        store.set_answer(assessment_id, code, level=level)


async def _open_dialog(pilot, assessment_id: int) -> FinaliseDialog:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen._loaded_for is not None)
    app.open_assessment(assessment_id)
    await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
    await pilot.pause()
    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(app.screen, FinaliseDialog)
                     and (app.screen.query("#confirm") or app.screen.query("#goto")))
    await pilot.pause()
    return app.screen


def _text(dialog: FinaliseDialog, selector: str) -> str:
    return dialog.query_one(selector, Static).render().plain


async def test_down_tab_enter_chooses_nothing_and_finalises_nothing(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    _answer_all(tui_store, assessment_id)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot, assessment_id)
        radio = dialog.query_one(RadioSet)
        assert radio.pressed_button is None  # nothing chosen until the user chooses
        assert "nog niets gekozen" in _text(dialog, "#finalise-chosen")
        await pilot.press("down", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FinaliseDialog)
        assert radio.pressed_button is None
        assert "nog niets gekozen" in _text(dialog, "#finalise-chosen")
        # Even pressing confirm now is refused: a level must be chosen.
        dialog.query_one("#confirm", Button).press()
        await pilot.pause()
        assert "Kies eerst" in _text(dialog, "#finalise-error")
        assert isinstance(app.screen, FinaliseDialog)
    record = tui_store.assessment(assessment_id)
    assert (record.status, record.sharing) == ("concept", "intern")


async def test_the_sign_off_and_the_chosen_level_are_recorded(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    _answer_all(tui_store, assessment_id)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot, assessment_id)
        assert dialog.focused is dialog.query_one("#finalise-name")
        dialog.query_one("#share-geaggregeerd", RadioButton).value = True  # the user's deliberate choice
        await pilot.pause()
        assert "Gekozen deelniveau: geaggregeerd" in _text(dialog, "#finalise-chosen")
        dialog.query_one("#confirm", Button).press()
        await pilot.pause()
        assert "naam en de rol" in _text(dialog, "#finalise-error")  # the sign-off is asked for
        dialog.query_one("#finalise-name").focus()
        await type_text(pilot, "M. de Boer")
        await pilot.press("enter")  # Enter moves to the next field, it never confirms
        await pilot.pause()
        assert isinstance(app.screen, FinaliseDialog)
        await type_text(pilot, "gemeentesecretaris")
        dialog.query_one("#finalise-decision").focus()
        await type_text(pilot, "B&W 2026/12")
        dialog.query_one("#confirm", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)
        await pilot.pause()
    record = tui_store.assessment(assessment_id)
    assert (record.status, record.sharing) == ("definitief", "geaggregeerd")
    sign_off = tui_store.sign_off(assessment_id)
    assert (sign_off.name, sign_off.role, sign_off.decided_on, sign_off.decision) == (
        "M. de Boer", "gemeentesecretaris", "2026-11-22", "B&W 2026/12")


async def test_unconfirmed_carried_over_answers_are_listed_with_next_to_confirm(tui_store: Store) -> None:
    previous = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2025")
    _answer_all(tui_store, previous)
    tui_store.finalise(previous, acknowledge_shortfalls=True)
    current = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026", from_previous=True)
    for code in CODES[:4]:
        tui_store.mark_reviewed(current, code)
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_dialog(pilot, current)
        text = _text(dialog, "#finalise-text")
        assert "vorige periode" in text and "(2)" in text and "TN-B02" in text and "TN-C01" in text
        assert not dialog.query("#confirm")
        assert str(dialog.query_one("#goto").label) == "Naar volgende te bevestigen"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert app.screen.current == "TN-B02"
    assert tui_store.assessment(current).status == "concept"


async def test_shortfalls_without_an_action_must_be_acknowledged(tui_store: Store) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    _answer_all(tui_store, assessment_id, level=0)
    check = tui_store.finalise_check(assessment_id)
    assert check.shortfalls_without_action  # the test checklist has basisnorm measures
    app = make_app(tui_store)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await _open_dialog(pilot, assessment_id)
        assert check.shortfalls_without_action[0] in _text(dialog, "#finalise-shortfalls")
        dialog.query_one("#finalise-name").focus()
        await type_text(pilot, "Jan")
        dialog.query_one("#finalise-role").focus()
        await type_text(pilot, "MT")
        dialog.query_one("#share-intern", RadioButton).value = True
        await pilot.pause()
        dialog.query_one("#confirm", Button).press()
        await pilot.pause()
        assert "tekorten" in _text(dialog, "#finalise-error")
        assert tui_store.assessment(assessment_id).status == "concept"
        dialog.query_one("#finalise-acknowledge", Checkbox).value = True
        dialog.query_one("#confirm", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)
        await pilot.pause()
    assert tui_store.assessment(assessment_id).status == "definitief"


def _snapshot_store(tui_store: Store, shortfalls: bool) -> int:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    _answer_all(tui_store, assessment_id, level=0 if shortfalls else 3)
    return assessment_id


def test_snapshot_the_finalise_dialog_before_a_choice(snap_compare, tui_store: Store) -> None:
    assessment_id = _snapshot_store(tui_store, shortfalls=False)

    async def run_before(pilot) -> None:
        await _open_dialog(pilot, assessment_id)

    assert snap_compare(make_app(tui_store), terminal_size=(100, 40), run_before=run_before)


def test_snapshot_the_finalise_dialog_with_shortfalls_and_a_chosen_level(snap_compare, tui_store: Store) -> None:
    assessment_id = _snapshot_store(tui_store, shortfalls=True)

    async def run_before(pilot) -> None:
        dialog = await _open_dialog(pilot, assessment_id)
        dialog.query_one("#share-geaggregeerd", RadioButton).value = True
        await pilot.pause()

    assert snap_compare(make_app(tui_store), terminal_size=(100, 40), run_before=run_before)
