"""Saving a report of one assessment as a file. The kinds on offer and the formats come from the
tables of the report package (``reports.REPORT_KINDS``: the kinds about one assessment;
``reports.OUTPUT_FORMATS``), so a new kind or format appears here without a change to this screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioButton, RadioSet

from norm.errors import WeerbaarError
from norm.files import write_atomically
from norm.store import AssessmentRecord, Store
from reports import OUTPUT_FORMATS, REPORT_KINDS, OutputFormat, ReportKind, build_report, format_for_path
from tui.i18n import t
from tui.screens.base import WeerbaarModal, file_period
from tui.widgets.base import Plain, PlainLabel, TextField

KINDS: tuple[ReportKind, ...] = tuple(kind for kind in REPORT_KINDS if not kind.regional and kind.assessments == 1)
"""The kinds a single assessment can be the subject of (its own report, the comparison with its peers)."""
DEFAULT_FORMAT = "html"


def default_report_path(record: AssessmentRecord, kind: ReportKind, fmt: OutputFormat,
                        folder: Path | None = None) -> Path:
    """``weerbaar-<organisation>-<period>-<kind>.<suffix>`` in the exchange folder or the home folder."""
    return (folder or Path.home()) / f"weerbaar-{record.organisation_code}-{file_period(record)}-{kind.id}{fmt.suffix}"


class ReportDialog(WeerbaarModal[Path | None]):
    """Returns the path written, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "b.close", id="weerbaar.dialog.cancel"),
    ]

    def __init__(self, store: Store, record: AssessmentRecord, folder: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.record = record
        self.folder = folder

    def compose(self) -> ComposeResult:
        record = self.record
        with Vertical(classes="dialog", id="report-dialog"):
            yield PlainLabel(t("report.title"), classes="dialog-title")
            yield Plain(t("report.what", name=record.organisation_name, checklist=record.checklist_title,
                          period=record.period), classes="dialog-text")
            yield PlainLabel(t("report.kind"), classes="field-label")
            yield RadioSet(*(RadioButton(kind.label, value=index == 0, id=f"report-kind-{kind.id}")
                             for index, kind in enumerate(KINDS)), id="report-kind", compact=True)
            yield PlainLabel(t("report.format"), classes="field-label")
            yield RadioSet(*(RadioButton(fmt.label, value=fmt.id == DEFAULT_FORMAT, id=f"report-format-{fmt.id}")
                             for fmt in OUTPUT_FORMATS), id="report-format", compact=True)
            yield PlainLabel(t("report.file"), classes="field-label")
            yield TextField(str(default_report_path(record, KINDS[0], self._format(), self.folder)),
                            id="report-path", compact=True)
            yield Plain("", id="report-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("report.go"), variant="primary", id="report-go", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#report-format", RadioSet).focus()

    def _chosen(self, radio_set_id: str, prefix: str) -> str | None:
        if not self.is_mounted:
            return None
        pressed = self.query_one(f"#{radio_set_id}", RadioSet).pressed_button
        return pressed.id.removeprefix(prefix) if pressed is not None and pressed.id else None

    def _kind(self) -> ReportKind:
        chosen = self._chosen("report-kind", "report-kind-")
        return next((kind for kind in KINDS if kind.id == chosen), KINDS[0])

    def _format(self) -> OutputFormat:
        chosen = self._chosen("report-format", "report-format-") or DEFAULT_FORMAT
        return next(fmt for fmt in OUTPUT_FORMATS if fmt.id == chosen)

    @on(RadioSet.Changed)
    def _choice_changed(self, event: RadioSet.Changed) -> None:
        """Follow the choice in the file name, as long as it is the suggested one or has a known suffix."""
        event.stop()
        field = self.query_one("#report-path", TextField)
        current = Path(field.value.strip()).expanduser() if field.value.strip() else None
        suggested = default_report_path(self.record, self._kind(), self._format(), self.folder)
        if current is None or current.name.startswith(f"weerbaar-{self.record.organisation_code}-"):
            field.value = str(current.parent / suggested.name) if current is not None else str(suggested)
        elif format_for_path(current) is not None:
            field.value = str(current.with_suffix(self._format().suffix))

    def _error(self, text: str) -> None:
        self.query_one("#report-error", Plain).update(text)

    @on(Input.Submitted, "#report-path")
    @on(Button.Pressed, "#report-go")
    def _go(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        text = self.query_one("#report-path", TextField).value.strip()
        if not text:
            self._error(t("report.no_path"))
            return
        path = Path(text).expanduser()
        if not path.parent.is_dir():
            self._error(t("report.no_folder", folder=str(path.parent)))
            return
        self._error("")
        self.query_one("#report-go", Button).disabled = True
        self._write(path, self._kind(), self._format())

    @work(exclusive=True, group="report", exit_on_error=False)
    async def _write(self, path: Path, kind: ReportKind, fmt: OutputFormat) -> None:
        def make() -> None:
            document = build_report(self.store, kind.id, ids=[self.record.id])
            write_atomically(path, fmt.render(document, bom=True))

        try:
            await asyncio.to_thread(make)
        except (WeerbaarError, OSError) as error:
            self._error(str(error))
            self.query_one("#report-go", Button).disabled = False
            return
        self.show_info(t("report.done", path=str(path)))
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
