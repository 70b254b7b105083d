"""Export and import from the screens, and the collection round for the province."""

from __future__ import annotations

import json
from pathlib import Path

from bundle_support import install_key, key_of, trust
from textual.widgets import Checkbox, DataTable, Static
from tui_helpers import CHECKLIST_ID, make_app, make_store, wait_until

from norm.store import Store
from tui.screens.collection import CollectionScreen
from tui.screens.editor import EditorScreen
from tui.screens.export import ExportDialog
from tui.screens.import_bundles import ImportDialog
from tui.screens.result import ResultScreen
from tui.screens.start import StartScreen

CODES = ("TN-A01", "TN-A02", "TN-A03", "TN-B01", "TN-B02", "TN-C01")


def _definitive(store: Store, period: str = "2026") -> int:
    assessment_id = store.new_assessment("GM0344", CHECKLIST_ID, period)
    for index, code in enumerate(CODES):
        store.set_answer(assessment_id, code, level=index % 4, comment=f"Toelichting {code}")
    store.finalise(assessment_id, acknowledge_shortfalls=True)
    store.set_setting("last_organisation", "GM0344")
    return assessment_id


async def _start(pilot) -> StartScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and bool(app.screen.rows))
    return app.screen


async def test_export_asks_how_the_recipient_may_use_it(tui_store: Store, tmp_path: Path) -> None:
    assessment_id = _definitive(tui_store)
    assert tui_store.assessment(assessment_id).sharing == "intern"
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot)
        await pilot.press("enter", "x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        dialog = app.screen
        expected = tmp_path / f"weerbaar-GM0344-{CHECKLIST_ID}-2026.json"
        assert dialog.query_one("#export-path").value == str(expected)
        # The first export: there is no key yet; the dialog makes one and shows its fingerprint.
        assert "nog geen eigen sleutel" in dialog.query_one("#export-key", Static).render().plain
        await pilot.click("#export-go")
        await pilot.pause()
        dialog.query_one("#export-make-key").press()
        await pilot.pause()
        shown = dialog.query_one("#export-key", Static).render().plain
        assert "Vingerafdruk:" in shown and "weerbaar.pub" in shown.replace("\n", "")
        assert not dialog.query("#export-make-key")
        # An intern assessment does not leave without a choice.
        await pilot.click("#export-go")
        await pilot.pause()
        assert "geaggregeerd of benoemd" in dialog.query_one("#export-error", Static).render().plain
        assert not expected.exists()
        await pilot.click("#export-benoemd")
        await pilot.click("#export-scrub")
        await pilot.click("#export-go")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
    assert tui_store.assessment(assessment_id).sharing == "benoemd"  # the consent is recorded
    envelope = json.loads(expected.read_text(encoding="utf-8"))
    bundle = envelope["payload"]
    assert envelope["signature"]["fingerprint"] in shown.replace("\n", " ")
    assert bundle["sharing"] == "benoemd"
    assert bundle["scrubbed"] is True
    text = expected.read_text(encoding="utf-8")
    assert "Toelichting TN-A01" not in text  # scrubbed
    assert "TN-A01" in text


async def test_export_from_the_result_screen_and_errors_stay_in_the_dialog(tui_store: Store,
                                                                          tmp_path: Path) -> None:
    assessment_id = _definitive(tui_store)
    install_key("GM0344")  # a key made before: the dialog shows its fingerprint
    app = make_app(tui_store, exchange_folder=tmp_path / "does-not-exist")
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot)
        app.push_screen(ResultScreen(app.store, assessment_id))
        await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        dialog = app.screen
        assert "Ondertekend met uw sleutel" in dialog.query_one("#export-key", Static).render().plain
        await pilot.click("#export-geaggregeerd")
        await pilot.click("#export-go")
        await wait_until(pilot, lambda: dialog.query_one("#export-error", Static).render().plain)
        assert "bestaat niet" in dialog.query_one("#export-error", Static).render().plain
        assert app.screen is dialog
    assert tui_store.assessment(assessment_id).sharing == "intern"  # nothing changed


async def test_import_and_collection_round(tui_store: Store, tmp_path: Path) -> None:
    from norm.exchange.bundle import export_bundle

    assessment_id = _definitive(tui_store)
    bundle = tmp_path / "inzendingen" / "utrecht.json"
    bundle.parent.mkdir()
    export_bundle(tui_store, assessment_id, bundle, sharing="geaggregeerd", key=key_of("GM0344"))
    (bundle.parent / "kapot.json").write_text("{niet goed", encoding="utf-8")

    province = make_store(tmp_path / "provincie.db")
    for code, name in (("GM0344", "Utrecht"), ("GM0307", "Amersfoort")):
        province.upsert_organisation(code, name, "gemeente", reference=True)
    trust(province, "GM0344")
    try:
        app = make_app(province)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen._loaded_for)
            await pilot.press("tab", "i")  # from the organisation list (the filter would take the i)
            await wait_until(pilot, lambda: isinstance(app.screen, ImportDialog))
            dialog = app.screen
            dialog.query_one("#import-path").value = str(bundle.parent)
            await pilot.press("enter")
            outcomes = dialog.query_one("#import-outcomes", Static)
            await wait_until(pilot, lambda: "bestanden" in outcomes.render().plain)
            text = outcomes.render().plain
            assert "2 bestanden: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 geweigerd" in text
            assert "kapot.json" in text and "utrecht.json" in text
            # The same files again change nothing.
            await pilot.click("#import-go")
            await wait_until(pilot, lambda: "0 nieuw" in outcomes.render().plain)
            assert "1 ongewijzigd" in outcomes.render().plain
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))

            app.push_screen(CollectionScreen(app.store, "2026", CHECKLIST_ID))
            await wait_until(pilot, lambda: isinstance(app.screen, CollectionScreen) and app.screen.round)
            screen = app.screen
            summary = screen.query_one("#collection-summary", Static).render().plain
            assert ("1 van 2 referentieorganisaties hebben een beoordeling, "
                    "1 daarvan definitief en gedeeld (tellen mee), 1 ontbreken") in summary
            table = screen.query_one(DataTable)
            states = {str(table.get_row(code)[0]): str(table.get_row(code)[2]) for code in ("GM0344", "GM0307")}
            assert states == {"GM0344": "ingediend", "GM0307": "ontbreekt"}
            assert str(table.get_row("GM0344")[3]) == "geaggregeerd"
            await pilot.press("m")  # only the missing ones
            assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "GM0307"
            # Another period: nobody has submitted.
            period = screen.query_one("#collection-period")
            period.value = "2027"
            await wait_until(pilot, lambda: screen.round is not None and screen.round.period == "2027")
            assert "0 van 2" in screen.query_one("#collection-summary", Static).render().plain
            await pilot.press("escape")
            # The province can read a submission, not change it.
            [imported] = province.assessments()
            app.open_assessment(imported.id)
            await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
            editor = app.screen
            assert editor.state.read_only
            assert "Inzending van Utrecht" in editor.query_one("#d-head", Static).render().plain
            await pilot.press("3", "x")  # level keys are off here
            await pilot.pause()
        assert [a.origin for a in province.assessments()] == ["import"]
        sent = {code: answer.level for code, answer in tui_store.answers(assessment_id).items()}
        assert {code: answer.level for code, answer in province.answers(imported.id).items()} == sent
    finally:
        province.close()


async def test_documents_go_along_only_when_chosen_and_never_scrubbed(tui_store: Store, tmp_path: Path) -> None:
    assessment_id = tui_store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    for index, code in enumerate(CODES):
        tui_store.set_answer(assessment_id, code, level=index % 4)
    tui_store.add_attachment(assessment_id, "TN-A01", "beleid.pdf", b"%PDF beleid")
    tui_store.finalise(assessment_id, acknowledge_shortfalls=True)
    tui_store.set_setting("last_organisation", "GM0344")
    app = make_app(tui_store, exchange_folder=tmp_path)
    expected = tmp_path / f"weerbaar-GM0344-{CHECKLIST_ID}-2026.json"
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot)
        await pilot.press("enter", "x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        dialog = app.screen
        if dialog.query("#export-make-key"):
            dialog.query_one("#export-make-key").press()
            await pilot.pause()
        documents = dialog.query_one("#export-attachments", Checkbox)
        assert "Documenten meesturen (1 document)" in str(documents.label)
        assert not documents.disabled and documents.value is False
        documents.value = True
        dialog.query_one("#export-scrub", Checkbox).value = True
        await pilot.pause()
        assert documents.disabled and documents.value is False
        dialog.query_one("#export-scrub", Checkbox).value = False
        await pilot.pause()
        assert not documents.disabled
        documents.value = True
        dialog.query_one("#export-benoemd").value = True
        await pilot.pause()
        await pilot.click("#export-go")  # still on screen at 80×24 with the extra checkbox
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
    bundle = json.loads(expected.read_text(encoding="utf-8"))["payload"]
    assert bundle["scrubbed"] is False
    assert [d["name"] for d in bundle["assessment"]["attachments"]] == ["beleid.pdf"]
