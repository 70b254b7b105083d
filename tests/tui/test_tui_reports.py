"""Reports and answer sheets from the TUI: the result screen's keys, the command palette, the collection
round; the browser (mocked), a folder the user picks, progress while a report is built, and the answer
sheet written and read back with its refused rows shown."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from textual.widgets import Button, Static
from tui_helpers import CHECKLIST_ID, make_app, wait_until

from norm.store import Store
from reports import OUTPUT_FORMATS
from tui.screens.answer_sheet import AnswerSheetExportDialog, AnswerSheetImportDialog
from tui.screens.collection import CollectionScreen
from tui.screens.editor import EditorScreen
from tui.screens.report import RegionalReportDialog, ReportDialog
from tui.screens.result import ResultScreen
from tui.screens.start import StartScreen
from tui.widgets.saving import BROWSER, Progress

CODES = ("TN-A01", "TN-A02", "TN-A03", "TN-B01", "TN-B02", "TN-C01")


def _assessment(store: Store, period: str, *, final: bool = True, org: str = "GM0344", shift: int = 0) -> int:
    assessment_id = store.new_assessment(org, CHECKLIST_ID, period)
    for index, code in enumerate(CODES):
        store.set_answer(assessment_id, code, level=(index + shift) % 4, comment=f"Toelichting {code}")
    if final:
        store.finalise(assessment_id, sharing="geaggregeerd", acknowledge_shortfalls=True)
    store.set_setting("last_organisation", org)
    return assessment_id


async def _result(pilot, assessment_id: int) -> ResultScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and bool(app.screen.rows))
    app.push_screen(ResultScreen(app.store, assessment_id))
    await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)
    return app.screen


def _text(screen, selector: str) -> str:
    return screen.query_one(selector, Static).render().plain


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """webbrowser.open, mocked: the URLs it was asked to open."""
    opened: list[str] = []

    def fake_open(url: str, *args: object, **kwargs: object) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", fake_open)
    return opened


async def test_the_own_report_opens_in_the_browser(tui_store: Store, tmp_path: Path, browser: list[str]) -> None:
    assessment_id = _assessment(tui_store, "2026")
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        result = await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        dialog = app.screen
        # The outputs are the browser and then the table of formats.
        assert [b.id for b in dialog.query("#report-format RadioButton")] == [
            f"report-format-{BROWSER}", *(f"report-format-{fmt.id}" for fmt in OUTPUT_FORMATS)]
        assert dialog.query_one("#report-folder").disabled  # nothing is saved
        assert "browser" in _text(dialog, "#report-target")
        await pilot.press("enter")  # on the output list: the first choice (browser) is already chosen
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: app.screen is result)
    assert len(browser) == 1 and browser[0].startswith("file://") and browser[0].endswith("-rapport.html")
    opened = Path(browser[0].removeprefix("file://"))
    assert opened.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Weerbaarheid van Utrecht" in opened.read_text(encoding="utf-8")
    assert not list(tmp_path.glob("weerbaar-*"))  # the exchange folder got nothing


async def test_the_own_report_as_pdf_in_a_chosen_folder_shows_the_path(tui_store: Store, tmp_path: Path) -> None:
    assessment_id = _assessment(tui_store, "2026")
    folder = tmp_path / "raad"
    folder.mkdir()
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        result = await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        dialog = app.screen
        await pilot.click("#report-format-pdf")
        field = dialog.query_one("#report-folder")
        field.value = str(folder)
        await pilot.pause()
        await pilot.pause()
        expected = folder / "weerbaar-GM0344-2026-rapport.pdf"
        assert str(expected) in _text(dialog, "#report-target")
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: app.screen is result, timeout=60)
        await wait_until(pilot, lambda: str(expected) in _text(result, "#result-saved"))
    assert expected.read_bytes().startswith(b"%PDF")
    assert "Rapport opgeslagen" in app.last_message and str(expected) in app.last_message


async def test_the_comparison_with_the_previous_period_as_docx(tui_store: Store, tmp_path: Path) -> None:
    _assessment(tui_store, "2025", shift=1)
    assessment_id = _assessment(tui_store, "2026")
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        result = await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        dialog = app.screen
        assert [b.id for b in dialog.query("#report-kind RadioButton")] == [
            "report-kind-org", "report-kind-previous", "report-kind-peers"]
        assert "2025" in str(dialog.query_one("#report-kind-previous").label)
        await pilot.click("#report-kind-previous")
        await pilot.click("#report-format-docx")
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: app.screen is result, timeout=30)
    written = tmp_path / "weerbaar-GM0344-2026-vergelijking-2025.docx"
    word = docx.Document(io.BytesIO(written.read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings and word.tables
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert "2025" in " ".join(cells) + " ".join(p.text for p in word.paragraphs)


async def test_without_a_previous_period_the_comparison_is_not_offered(tui_store: Store, tmp_path: Path) -> None:
    assessment_id = _assessment(tui_store, "2026")
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        assert [b.id for b in app.screen.query("#report-kind RadioButton")] == ["report-kind-org",
                                                                                "report-kind-peers"]


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: tmp / "bestaat-niet", "bestaat niet"),
    (lambda tmp: (tmp / "een-bestand.txt", (tmp / "een-bestand.txt").write_text("x"))[0], "is een bestand"),
    (lambda tmp: "", "Geef de map"),
    (lambda tmp: "map\x1b[2Jmet-stuurteken", "kan niet worden gebruikt"),
])
async def test_a_bad_folder_is_refused_in_the_dialog_and_nothing_is_written(
        tui_store: Store, tmp_path: Path, make, message: str) -> None:
    assessment_id = _assessment(tui_store, "2026")
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        dialog = app.screen
        await pilot.click("#report-format-md")
        dialog.query_one("#report-folder").value = str(make(tmp_path))
        await pilot.pause()
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: _text(dialog, "#report-error"))
        assert message in _text(dialog, "#report-error")
        assert "\x1b" not in _text(dialog, "#report-error")
        assert app.screen is dialog
    assert not list(tmp_path.glob("weerbaar-*"))


async def test_a_read_only_folder_is_refused(tui_store: Store, tmp_path: Path, monkeypatch) -> None:
    assessment_id = _assessment(tui_store, "2026")
    monkeypatch.setattr("os.access", lambda path, mode: False)
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        dialog = app.screen
        await pilot.click("#report-format-md")
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: _text(dialog, "#report-error"))
        assert "mag weerbaar niet schrijven" in _text(dialog, "#report-error")


async def test_the_screen_responds_while_a_report_is_built(tui_store: Store, tmp_path: Path, monkeypatch) -> None:
    """The report is built in a worker: while it runs, the progress line shows, keys still work (the
    folder field takes typing), and Esc closes the dialog without writing the file."""
    import tui.screens.report as report_screen

    assessment_id = _assessment(tui_store, "2026")
    started, release = threading.Event(), threading.Event()
    real_build = report_screen.build_report

    def slow_build(*args, **kwargs):
        started.set()
        release.wait(10)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(report_screen, "build_report", slow_build)
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        result = await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        dialog = app.screen
        await pilot.click("#report-format-md")
        await pilot.click("#report-go")
        await wait_until(pilot, started.is_set)
        progress = dialog.query_one("#report-progress", Progress)
        assert progress.has_class("-working") and progress.display
        assert dialog.query_one("#report-go", Button).disabled
        # The UI is not blocked: typing reaches the folder field while the report is being built.
        field = dialog.query_one("#report-folder")
        field.focus()
        await pilot.press("end", "x", "y")
        await wait_until(pilot, lambda: field.value.endswith("xy"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is result)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not list(tmp_path.glob("weerbaar-*"))  # closed while building: nothing written


async def test_no_browser_says_where_the_report_is(tui_store: Store, tmp_path: Path, monkeypatch) -> None:
    assessment_id = _assessment(tui_store, "2026")
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: False)
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        dialog = app.screen
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: _text(dialog, "#report-error"))
        error = _text(dialog, "#report-error")
        assert "geen browser" in error and ".html" in error
        assert not dialog.query_one("#report-go", Button).disabled


async def test_the_command_palette_offers_the_reports_and_sheets(tui_store: Store, tmp_path: Path,
                                                                 browser: list[str]) -> None:
    from textual.command import CommandPalette

    _assessment(tui_store, "2025", shift=1)
    assessment_id = _assessment(tui_store, "2026")
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        result = await _result(pilot, assessment_id)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: CommandPalette.is_open(app))
        for char in "vergelijking":
            await pilot.press(char)
        await wait_until(pilot, lambda: "Vergelijking met vorige periode" in str(
            app.screen.query_one("CommandList").get_option_at_index(0).prompt), timeout=5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        dialog = app.screen
        assert dialog.query_one("#report-kind-previous").value  # the comparison is chosen
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is result)
        # A definitive assessment takes no sheet: that command is not offered, writing one is.
        from tui.commands import report_commands

        titles = [title for title, _, _ in report_commands(result)]
        assert "Antwoordblad voor collega's schrijven…" in titles
        assert "Antwoordblad inlezen…" not in titles


async def test_the_answer_sheet_is_written_and_read_back_from_the_tui(tui_store: Store, tmp_path: Path) -> None:
    assessment_id = _assessment(tui_store, "2026", final=False)
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and bool(app.screen.rows))
        app.open_assessment(assessment_id)
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
        editor = app.screen
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)
        result = app.screen
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AnswerSheetExportDialog))
        await pilot.click("#sheet-go")
        await wait_until(pilot, lambda: app.screen is result)
        sheet = tmp_path / "weerbaar-GM0344-2026-antwoordblad.xlsx"
        await wait_until(pilot, lambda: str(sheet) in _text(result, "#result-saved"))
        assert sheet.exists()
        assert "6 maatregelen" in app.last_message
        # A colleague fills in a level.
        book = load_workbook(sheet)
        rows = book["Antwoorden"]
        for row in rows.iter_rows(min_row=8):
            if row[0].value == "TN-A02":
                row[5].value = 3
        book.save(sheet)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, AnswerSheetImportDialog))
        dialog = app.screen
        dialog.query_one("#sheet-file").value = str(sheet)
        await pilot.pause()
        await pilot.click("#sheet-go")
        try:
            await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen is not result
                             and app.screen.data is not None, timeout=15)
        except AssertionError:
            raise AssertionError((app.screen_stack, app.last_message, _text(dialog, "#sheet-error"))) from None
        assert "1 maatregel gewijzigd" in app.last_message
        # The editor below was reloaded: it shows the new level.
        new_editor = next(s for s in app.screen_stack if isinstance(s, EditorScreen))
        assert new_editor is not editor
        assert new_editor.state.answer("TN-A02").level == 3
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert tui_store.answers(assessment_id)["TN-A02"].level == 3


async def test_a_refused_answer_sheet_lists_every_refused_row(tui_store: Store, tmp_path: Path) -> None:
    from norm.exchange.answer_sheet import export_answer_sheet

    assessment_id = _assessment(tui_store, "2026", final=False)
    sheet = tmp_path / "blad.xlsx"
    export_answer_sheet(tui_store, assessment_id, sheet)
    book = load_workbook(sheet)
    rows = list(book["Antwoorden"].iter_rows(min_row=8))
    rows[0][5].value = 9
    rows[1][5].value = "=1+1"
    rows[2][0].value = "XX-99[bold]"
    book.save(sheet)
    before = {code: answer.level for code, answer in tui_store.answers(assessment_id).items()}
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _result(pilot, assessment_id)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, AnswerSheetImportDialog))
        dialog = app.screen
        dialog.query_one("#sheet-file").value = str(sheet)
        await pilot.pause()
        await pilot.click("#sheet-go")
        await wait_until(pilot, lambda: _text(dialog, "#sheet-error"))
        assert "geweigerd (3 problemen)" in _text(dialog, "#sheet-error")
        listed = _text(dialog, "#sheet-problem-list")
        assert "rij 8" in listed and "rij 9" in listed and "rij 10" in listed
        assert "formule" in listed and "XX-99[bold]" in listed
        assert app.screen is dialog
    assert {code: answer.level for code, answer in tui_store.answers(assessment_id).items()} == before


async def test_reading_a_sheet_into_a_definitive_assessment_is_not_offered(tui_store: Store, tmp_path: Path) -> None:
    assessment_id = _assessment(tui_store, "2026")
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _result(pilot, assessment_id)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)


async def test_province_and_gap_reports_from_the_collection_round(tmp_path: Path, browser: list[str]) -> None:
    from tui_helpers import make_store

    store = make_store(tmp_path / "prov.db")
    try:
        for index in range(6):
            code = f"GM9{index:03d}"
            store.upsert_organisation(code, f"Gemeente {index}", "gemeente")
            _assessment(store, "2026", org=code, shift=index)
        app = make_app(store, exchange_folder=tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
            app.push_screen(CollectionScreen(store, "2026", CHECKLIST_ID))
            await wait_until(pilot, lambda: isinstance(app.screen, CollectionScreen) and app.screen.round)
            collection = app.screen
            await pilot.press("p")
            await wait_until(pilot, lambda: isinstance(app.screen, RegionalReportDialog))
            dialog = app.screen
            assert [b.id for b in dialog.query("#report-kind RadioButton")] == ["report-kind-province",
                                                                                 "report-kind-gaps"]
            await pilot.click("#report-go")
            await wait_until(pilot, lambda: app.screen is collection, timeout=30)
            assert len(browser) == 1
            await pilot.press("p")
            await wait_until(pilot, lambda: isinstance(app.screen, RegionalReportDialog))
            await pilot.click("#report-kind-gaps")
            await pilot.click("#report-format-xlsx")
            await pilot.click("#report-go")
            await wait_until(pilot, lambda: app.screen is collection, timeout=30)
        written = tmp_path / f"weerbaar-{CHECKLIST_ID}-2026-tekorten.xlsx"
        assert written.read_bytes().startswith(b"PK")
    finally:
        store.close()


async def test_the_folder_is_remembered_and_typing_continues_the_path(tui_store: Store, tmp_path: Path) -> None:
    assessment_id = _assessment(tui_store, "2026")
    (tmp_path / "raad").mkdir()
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        result = await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        dialog = app.screen
        await pilot.click("#report-format-md")
        field = dialog.query_one("#report-folder")
        field.focus()
        await pilot.press("/", "r", "a", "a")  # continues the path: nothing was selected on focus
        await pilot.pause()
        assert field.value == f"{tmp_path}/raa"
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: "bestaat niet" in _text(dialog, "#report-error"))
        await pilot.press("d")  # typing again: the message about the folder typed before goes away
        await pilot.pause()
        assert _text(dialog, "#report-error") == ""
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: app.screen is result)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AnswerSheetExportDialog))
        assert app.screen.query_one("#sheet-folder").value == str(tmp_path / "raad")
    assert (tmp_path / "raad" / "weerbaar-GM0344-2026-rapport.md").exists()


async def test_an_ods_sheet_is_read_from_the_editor_through_the_command_palette(tui_store: Store,
                                                                               tmp_path: Path) -> None:
    from ods_support import workbook_as_ods

    from norm.exchange.answer_sheet import build_answer_sheet
    from tui.commands import report_commands

    assessment_id = _assessment(tui_store, "2026", final=False)
    book = build_answer_sheet(tui_store, assessment_id)
    row = next(r for r in range(8, 20) if book["Antwoorden"].cell(row=r, column=1).value == "TN-B01")
    sheet = tmp_path / "blad.ods"
    sheet.write_bytes(workbook_as_ods(book, {("Antwoorden", row, 6): 1}))
    app = make_app(tui_store, exchange_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and bool(app.screen.rows))
        app.open_assessment(assessment_id)
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
        editor = app.screen
        commands = {title: message for title, _, message in report_commands(editor)}
        assert "Antwoordblad inlezen…" in commands  # the editor's assessment, found by the palette
        app.post_message(commands["Antwoordblad inlezen…"])
        await wait_until(pilot, lambda: isinstance(app.screen, AnswerSheetImportDialog))
        dialog = app.screen
        dialog.query_one("#sheet-file").value = str(sheet)
        await pilot.pause()
        await pilot.click("#sheet-go")
        try:
            await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen is not editor
                             and app.screen.ready)
        except AssertionError:
            raise AssertionError((app.screen_stack, app.last_message)) from None
        assert app.screen.state.answer("TN-B01").level == 1
        assert "1 maatregel gewijzigd" in app.last_message
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_the_stored_language_is_the_language_of_a_report_from_the_tui(
        tui_store: Store, tmp_path: Path, browser: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEERBAAR_LANG", raising=False)
    assessment_id = _assessment(tui_store, "2026")
    tui_store.set_setting("lang", "en")
    app = make_app(tui_store, lang=None, exchange_folder=tmp_path)  # no --lang: the stored setting decides
    async with app.run_test(size=(80, 24)) as pilot:
        result = await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: app.screen is result)
    shown = Path(browser[0].removeprefix("file://")).read_text(encoding="utf-8")
    assert '<html lang="en">' in shown and "Resilience of Utrecht" in shown and "Gaps and improvement" in shown
    assert "Weerbaarheid van Utrecht" not in shown


async def test_a_report_from_the_tui_follows_the_interface_language(tui_store: Store, tmp_path: Path,
                                                                    browser: list[str]) -> None:
    assessment_id = _assessment(tui_store, "2026")
    tui_store.set_setting("lang", "en")
    app = make_app(tui_store, lang="nl", exchange_folder=tmp_path)  # --lang nl wins over the setting
    async with app.run_test(size=(80, 24)) as pilot:
        result = await _result(pilot, assessment_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportDialog))
        await pilot.click("#report-go")
        await wait_until(pilot, lambda: app.screen is result)
    shown = Path(browser[0].removeprefix("file://")).read_text(encoding="utf-8")
    assert "Weerbaarheid van Utrecht" in shown and "Resilience of" not in shown
