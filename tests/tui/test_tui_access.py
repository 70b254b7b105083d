"""Roles and working side by side in the terminal interface (Pilot): another organisation's
assessment stays closed, "mijn maatregelen" come first, and two apps on one database never
overwrite each other's answer silently."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button
from tui_helpers import FIXED_ISO, make_app, make_store, settle, wait_until

from norm.store import Store
from tui.screens.confirm import ConfirmDialog
from tui.screens.editor import EditorScreen
from tui.screens.start import StartScreen
from tui.widgets.autosave import SaveIndicator
from tui.widgets.measure_tree import MeasureTree


def hosted(tmp_path: Path) -> tuple[Store, int]:
    store = make_store(tmp_path / "server.db")
    utrecht = store.new_assessment("GM0344", "tui-norm", "2026")
    store.set_answer(utrecht, "TN-A01", level=1, comment="alleen voor Utrecht")
    store.grant_role("anna", "invuller", "GM0344")
    store.grant_role("carla", "invuller", "GM0344")
    store.grant_role("hans", "invuller", "GM0307")
    store.grant_role("hans", "lezer", "GM0307")
    return store, utrecht


def as_user(store: Store, username: str) -> Store:
    return Store(store.path, clock=lambda: FIXED_ISO, principal=store.principal_for(username))


async def test_another_organisations_assessment_stays_closed(tmp_path: Path) -> None:
    admin, utrecht = hosted(tmp_path)
    hans = as_user(admin, "hans")
    app = make_app(hans)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.organisation is not None)
        await settle(pilot)
        app.open_assessment(utrecht)
        await wait_until(pilot, lambda: "hans" in app.last_message)
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert "geen recht" in app.last_message and "alleen voor Utrecht" not in app.last_message
    assert admin.answers(utrecht)["TN-A01"].level == 1
    hans.close()
    admin.close()


async def test_my_measures_come_first(tmp_path: Path) -> None:
    admin, utrecht = hosted(tmp_path)
    admin.assign(utrecht, "anna", theme_code="C")
    admin.assign(utrecht, "anna", item_code="TN-B02")
    anna = as_user(admin, "anna")
    app = make_app(anna)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_assessment(utrecht)
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
        codes = app.screen.query_one(MeasureTree).codes
        assert codes[:3] == ["TN-B02", "TN-B01", "TN-C01"]  # themes with my measures first, mine first in each
        assert set(codes[3:]) == {"TN-A01", "TN-A02", "TN-A03"}
    anna.close()
    admin.close()


async def _editor_at(pilot, app, assessment_id: int, code: str) -> EditorScreen:  # type: ignore[no-untyped-def]
    app.open_assessment(assessment_id)
    await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
    editor = app.screen
    assert editor._go_to(code)
    await pilot.pause()
    return editor


async def _saved(pilot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: not editor.saver.has_pending and editor.query_one(SaveIndicator).state == "saved")


async def test_two_apps_on_one_database_never_lose_an_answer_silently(tmp_path: Path) -> None:
    admin, utrecht = hosted(tmp_path)
    anna_store, carla_store = as_user(admin, "anna"), as_user(admin, "carla")
    anna_app, carla_app = make_app(anna_store), make_app(carla_store)
    async with anna_app.run_test(size=(100, 30)) as anna, carla_app.run_test(size=(100, 30)) as carla:
        anna_editor = await _editor_at(anna, anna_app, utrecht, "TN-A01")
        carla_editor = await _editor_at(carla, carla_app, utrecht, "TN-A01")
        # Carla saves first; Anna, who loaded the measure before, saves after.
        await carla.press("3")
        await _saved(carla, carla_editor)
        assert admin.answers(utrecht)["TN-A01"].level == 3
        await anna.press("2")
        await wait_until(anna, lambda: isinstance(anna_app.screen, ConfirmDialog))
        dialog = anna_app.screen
        shown = " ".join(str(widget.render()) for widget in dialog.query(".dialog-text"))
        assert "carla" in shown and "niveau 3" in shown and "niveau 2" in shown
        assert admin.answers(utrecht)["TN-A01"].level == 3  # refused: Carla's answer stands
        # Anna takes Carla's value (Annuleren): her screen shows it, the database keeps it.
        await anna.press("escape")
        await wait_until(anna, lambda: anna_app.screen is anna_editor)
        await settle(anna)
        assert anna_editor.state.answer("TN-A01").level == 3
        assert "carla" in anna_app.last_message
        assert admin.answers(utrecht)["TN-A01"].level == 3
        # Carla changes it again; Anna now keeps her own value on purpose. (A level moves the cursor on
        # to the next measure that needs attention: both go back to TN-A01 first.)
        assert carla_editor._go_to("TN-A01") and anna_editor._go_to("TN-A01")
        await carla.pause()
        await anna.pause()
        await carla.press("1")
        await _saved(carla, carla_editor)
        await anna.press("2")
        await wait_until(anna, lambda: isinstance(anna_app.screen, ConfirmDialog))
        anna_app.screen.query_one("#confirm", Button).press()
        await wait_until(anna, lambda: anna_app.screen is anna_editor)
        await _saved(anna, anna_editor)
        assert admin.answers(utrecht)["TN-A01"].level == 2
        assert admin.answers(utrecht)["TN-A01"].updated_by == "anna"
    log = [(e.actor, e.new_value) for e in admin.changelog(utrecht) if e.field == "level"]
    assert log[-3:] == [("carla", "3"), ("carla", "1"), ("anna", "2")]
    anna_store.close()
    carla_store.close()
    admin.close()
