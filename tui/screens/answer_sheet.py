"""The answer sheet for colleagues: write it to a folder, and read a filled-in one back.

Writing and reading go through ``norm.exchange.answer_sheet`` (the same limits and checks as the
command line): a sheet is read as a whole or not at all. When it is refused, the dialog lists every
refused row, so the official can correct the sheet and try again; nothing was changed. Both run in a
worker thread with a progress line; the dialog stays usable meanwhile.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input

from norm.store import AssessmentRecord, Store, StoreError
from tui.i18n import counted, t
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarModal, file_period
from tui.widgets.base import Plain, PlainLabel
from tui.widgets.saving import FileField, FolderError, FolderField, Progress, check_folder

SHEET_SUFFIXES = (".xlsx", ".ods")
MAX_PROBLEMS_LISTED = 200


def sheet_file_name(record: AssessmentRecord) -> str:
    """``weerbaar-<organisation>-<period>-antwoordblad.xlsx``."""
    return f"weerbaar-{record.organisation_code}-{file_period(record)}-antwoordblad.xlsx"


class AnswerSheetExportDialog(WeerbaarModal[Path | None]):
    """Write the answer sheet of ``record`` to a folder; returns the path written, or None."""

    BINDINGS = [Binding("escape", "cancel", "b.close", id="weerbaar.dialog.cancel")]

    def __init__(self, store: Store, record: AssessmentRecord, folder: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.record = record
        self.folder = folder or Path.home()

    def compose(self) -> ComposeResult:
        record = self.record
        with Vertical(classes="dialog", id="sheet-export-dialog"):
            yield PlainLabel(t("sheet.export_title"), classes="dialog-title")
            yield Plain(t("report.what", name=record.organisation_name, checklist=record.checklist_title,
                          period=record.period), classes="dialog-text")
            yield Plain(t("sheet.export_help"), classes="dialog-note")
            yield PlainLabel(t("report.folder"), classes="field-label")
            yield FolderField(str(self.folder), id="sheet-folder", compact=True)
            yield Plain("", id="sheet-target", classes="dialog-note")
            yield Progress(id="sheet-progress")
            yield Plain("", id="sheet-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("report.go"), variant="primary", id="sheet-go", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#sheet-folder", FolderField).focus()
        self._show_target()

    @on(Input.Changed, "#sheet-folder")
    def _show_target(self, event: Input.Changed | None = None) -> None:
        if event is not None:
            event.stop()
            self.query_one("#sheet-error", Plain).update("")
        folder = self.query_one("#sheet-folder", FolderField).value.strip()
        path = Path(folder).expanduser() / sheet_file_name(self.record) if folder else "…"
        self.query_one("#sheet-target", Plain).update(t("report.target", path=str(path)))

    @on(Input.Submitted, "#sheet-folder")
    @on(Button.Pressed, "#sheet-go")
    def _go(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        try:
            path = check_folder(self.query_one("#sheet-folder", FolderField).value) / sheet_file_name(self.record)
        except FolderError as error:
            self.query_one("#sheet-error", Plain).update(str(error))
            return
        self.query_one("#sheet-error", Plain).update("")
        self.query_one("#sheet-go", Button).disabled = True
        self.query_one("#sheet-progress", Progress).start(t("sheet.writing"))
        self._write(path)

    @work(exclusive=True, group="sheet", exit_on_error=False)
    async def _write(self, path: Path) -> None:
        from norm.exchange.answer_sheet import export_answer_sheet

        try:
            count = await asyncio.to_thread(export_answer_sheet, self.store, self.record.id, path)
        except (StoreError, OSError) as error:
            self.query_one("#sheet-progress", Progress).stop()
            self.query_one("#sheet-error", Plain).update(str(error))
            self.query_one("#sheet-go", Button).disabled = False
            return
        self.show_info(t("sheet.written", measures=counted(count, "measure"), path=str(path)))
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AnswerSheetImportDialog(WeerbaarModal[int | None]):
    """Read a filled-in answer sheet (.xlsx or .ods) into ``record``; returns the number of measures
    changed, or None when nothing was read. A refused sheet lists its refused rows here."""

    BINDINGS = [Binding("escape", "cancel", "b.close", id="weerbaar.dialog.cancel")]

    def __init__(self, store: Store, record: AssessmentRecord, folder: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.record = record
        self.folder = folder or Path.home()

    def compose(self) -> ComposeResult:
        record = self.record
        suggested = self.folder / sheet_file_name(record)
        with Vertical(classes="dialog", id="sheet-import-dialog"):
            yield PlainLabel(t("sheet.import_title"), classes="dialog-title")
            yield Plain(t("report.what", name=record.organisation_name, checklist=record.checklist_title,
                          period=record.period), classes="dialog-text")
            yield Plain(t("sheet.import_help"), classes="dialog-note")
            yield PlainLabel(t("sheet.file"), classes="field-label")
            yield FileField(str(suggested if suggested.exists() else self.folder), SHEET_SUFFIXES,
                            id="sheet-file", compact=True)
            yield Progress(id="sheet-progress")
            yield Plain("", id="sheet-error", classes="dialog-error")
            with VerticalScroll(id="sheet-problems"):
                yield Plain("", id="sheet-problem-list")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("sheet.read"), variant="primary", id="sheet-go", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#sheet-file", FileField).focus()
        self.query_one("#sheet-problems").display = False

    @on(Input.Submitted, "#sheet-file")
    @on(Button.Pressed, "#sheet-go")
    def _go(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        text = self.query_one("#sheet-file", FileField).value.strip()
        if not text:
            self.query_one("#sheet-error", Plain).update(t("sheet.no_file"))
            return
        self.query_one("#sheet-error", Plain).update("")
        self.query_one("#sheet-problems").display = False
        self.query_one("#sheet-go", Button).disabled = True
        self.query_one("#sheet-progress", Progress).start(t("sheet.reading"))
        self._read(Path(text).expanduser())

    @work(exclusive=True, group="sheet", exit_on_error=False)
    async def _read(self, path: Path) -> None:
        from norm.exchange.answer_sheet import AnswerSheetError, import_answer_sheet, read_sheet_file

        def read() -> int:
            return len(import_answer_sheet(self.store, self.record.id, read_sheet_file(path)).changed)

        try:
            changed = await asyncio.to_thread(read)
        except AnswerSheetError as error:
            self._refused(str(error), error.problems)
            return
        except (StoreError, OSError) as error:
            self._refused(str(error), [])
            return
        self.show_info(t("sheet.read_done", measures=counted(changed, "measure")))
        self.dismiss(changed)

    def _refused(self, message: str, problems: list[str]) -> None:
        self.query_one("#sheet-progress", Progress).stop()
        self.query_one("#sheet-go", Button).disabled = False
        if len(problems) <= 1:
            self.query_one("#sheet-error", Plain).update(t("sheet.refused_one", reason=problems[0] if problems
                                                           else message))
            return
        count = len(problems)
        self.query_one("#sheet-error", Plain).update(
            t("sheet.refused", problems=counted(count, "problem")))
        shown = problems[:MAX_PROBLEMS_LISTED]
        lines = [f"• {terminal_safe(problem, one_line=True)}" for problem in shown]
        if count > len(shown):
            lines.append(t("sheet.more", count=count - len(shown)))
        self.query_one("#sheet-problem-list", Plain).update("\n".join(lines))
        self.query_one("#sheet-problems").display = True

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
