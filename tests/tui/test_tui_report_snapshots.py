"""Snapshots of the report and answer-sheet dialogs at 80x24 (the handleiding shows them: docs/img/).

Deterministic: a fixed clock, no blinking cursor, a fixed exchange folder shown in the fields.
Update with ``pytest tests/tui/test_tui_report_snapshots.py --snapshot-update`` after looking at the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot
from tui_helpers import CHECKLIST_ID, make_app, make_store, wait_until

from norm.store import Store
from tui.screens.answer_sheet import AnswerSheetExportDialog, AnswerSheetImportDialog
from tui.screens.collection import CollectionScreen
from tui.screens.report import RegionalReportDialog, ReportDialog
from tui.screens.result import ResultScreen
from tui.screens.start import StartScreen

CODES = ("TN-A01", "TN-A02", "TN-A03", "TN-B01", "TN-B02", "TN-C01")
FOLDER = Path("/home/ambtenaar/Documenten")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = make_store(tmp_path / "snap.db")
    for period, shift, final in (("2025", 1, True), ("2026", 0, False)):
        assessment_id = store.new_assessment("GM0344", CHECKLIST_ID, period)
        for index, code in enumerate(CODES):
            store.set_answer(assessment_id, code, level=(index + shift) % 4)
        if final:
            store.finalise(assessment_id, sharing="geaggregeerd", acknowledge_shortfalls=True)
    store.set_setting("last_organisation", "GM0344")
    yield store
    store.close()


def _current(store: Store) -> int:
    return next(a.id for a in store.assessments(organisation_code="GM0344") if a.status == "concept")


async def _result(pilot: Pilot, store: Store) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and bool(app.screen.rows))
    app.push_screen(ResultScreen(store, _current(store)))
    await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)


def test_report_dialog(snap_compare, store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _result(pilot, store)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReportDialog))
        await pilot.click("#report-format-pdf")
        await pilot.pause()

    assert snap_compare(make_app(store, exchange_folder=FOLDER), terminal_size=(80, 24), run_before=run_before)


def test_answer_sheet_export_dialog(snap_compare, store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _result(pilot, store)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AnswerSheetExportDialog))
        await pilot.pause()

    assert snap_compare(make_app(store, exchange_folder=FOLDER), terminal_size=(80, 24), run_before=run_before)


def test_answer_sheet_refused_rows(snap_compare, store: Store, tmp_path: Path) -> None:
    from norm.exchange.answer_sheet import export_answer_sheet

    sheet = tmp_path / "antwoordblad.xlsx"
    export_answer_sheet(store, _current(store), sheet)
    book = load_workbook(sheet)
    rows = list(book["Antwoorden"].iter_rows(min_row=8))
    rows[0][5].value = 7
    rows[1][5].value = "=2+1"
    rows[2][5].value = "n.v.t."
    rows[3][0].value = "TN-A01"
    book.save(sheet)

    async def run_before(pilot: Pilot) -> None:
        await _result(pilot, store)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AnswerSheetImportDialog))
        dialog = pilot.app.screen
        field = dialog.query_one("#sheet-file")
        field.value = str(sheet)
        await pilot.click("#sheet-go")
        await wait_until(pilot, lambda: dialog.query_one("#sheet-problems").display)
        field.value = str(FOLDER / "antwoordblad.xlsx")  # the temporary path would differ per run
        await pilot.pause()

    assert snap_compare(make_app(store, exchange_folder=FOLDER), terminal_size=(80, 24), run_before=run_before)


def test_regional_report_dialog(snap_compare, store: Store) -> None:
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        app.push_screen(CollectionScreen(store, "2025", CHECKLIST_ID))
        await wait_until(pilot, lambda: isinstance(app.screen, CollectionScreen) and app.screen.round is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, RegionalReportDialog))
        await pilot.click("#report-format-xlsx")
        await pilot.pause()

    assert snap_compare(make_app(store, exchange_folder=FOLDER), terminal_size=(80, 24), run_before=run_before)
