"""Reports from the TUI: opened in the default browser, or saved in a folder the user picks.

Two dialogs share one layout: ``ReportDialog`` for one assessment (the own report, the comparison
with the previous period, the comparison with peers) and ``RegionalReportDialog`` for the province
(the province-wide picture and the gap analysis of a checklist and period). The formats come from
``reports.OUTPUT_FORMATS``, so a new format appears here without a change to this module.

The report is built and written in a worker thread; the dialog shows a progress line meanwhile and
stays usable (Esc closes it, and a report cancelled that way is not written). The file is written
atomically; the dialog returns the path written (None when cancelled or opened in the browser only).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioButton, RadioSet

from norm.errors import WeerbaarError
from norm.files import write_atomically
from norm.store import AssessmentRecord, Store
from reports import build_report
from tui.i18n import language, t
from tui.screens.base import WeerbaarModal, file_period
from tui.widgets.base import Plain, PlainLabel
from tui.widgets.saving import (
    BROWSER,
    FolderError,
    FolderField,
    Progress,
    browser_file,
    check_folder,
    chosen_output,
    format_of,
    open_in_browser,
    output_choices,
)


@dataclass(frozen=True)
class ReportChoice:
    """One report the dialog offers: the kind of ``reports.REPORT_KINDS`` and what to build it from."""

    id: str
    """The radio button's id (``org``, ``previous``, ``peers``, ``province``, ``gaps``)."""
    kind: str
    label: str
    ids: tuple[int, ...] = ()
    file_part: str = ""
    """The part of the file name that says which report it is."""


@dataclass(frozen=True)
class Written:
    """What the worker did: the file, and whether it went to the browser."""

    path: Path
    browser: bool
    opened: bool = True


def report_file_name(stem: str, choice: ReportChoice, suffix: str) -> str:
    """``weerbaar-<stem>-<report>.<suffix>``; only letters, digits, ``-`` and ``_`` from the data."""
    clean = "".join(char if char.isalnum() or char in "-_" else "-" for char in f"{stem}-{choice.file_part}")
    return f"weerbaar-{clean}{suffix}"


class _ReportDialog(WeerbaarModal[Path | None]):
    """The layout and the work shared by both report dialogs."""

    DEFAULT_CSS = """
    #report-choices { height: auto; }
    #report-kind-column { width: 1fr; height: auto; }
    #report-format-column { width: 24; height: auto; margin-left: 1; }
    #report-choices RadioSet { width: 100%; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "b.close", id="weerbaar.dialog.cancel"),
    ]

    def __init__(self, store: Store, choices: Sequence[ReportChoice], heading: str, file_stem: str,
                 folder: Path | None = None, initial: str | None = None) -> None:
        """``choices`` are the reports offered, ``heading`` says what they are about, ``file_stem`` starts
        the suggested file name."""
        super().__init__()
        self.store = store
        self.choices = tuple(choices)
        self.heading = heading
        self.file_stem = file_stem
        self.folder = folder or Path.home()
        self.initial = initial
        self.cancelled = threading.Event()
        self.working = False

    def build_arguments(self, choice: ReportChoice) -> dict[str, object]:
        return {"ids": list(choice.ids)}

    # -- layout ------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        choices = self.choices
        first = next((index for index, choice in enumerate(choices) if choice.id == self.initial), 0)
        with Vertical(classes="dialog", id="report-dialog"):
            yield PlainLabel(t("report.title"), classes="dialog-title")
            yield Plain(self.heading, classes="dialog-text")
            with Horizontal(id="report-choices"):
                with Vertical(id="report-kind-column"):
                    yield PlainLabel(t("report.kind"), classes="field-label")
                    yield RadioSet(*(RadioButton(choice.label, value=index == first, id=f"report-kind-{choice.id}")
                                     for index, choice in enumerate(choices)), id="report-kind", compact=True)
                with Vertical(id="report-format-column"):
                    yield PlainLabel(t("report.output"), classes="field-label")
                    yield output_choices("report-format")
            yield PlainLabel(t("report.folder"), classes="field-label")
            yield FolderField(str(self.folder), id="report-folder", compact=True)
            yield Plain("", id="report-target", classes="dialog-note")
            yield Progress(id="report-progress")
            yield Plain("", id="report-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("report.go"), variant="primary", id="report-go", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#report-format", RadioSet).focus()
        self._show_target()

    def _choice(self) -> ReportChoice:
        choices = self.choices
        pressed = self.query_one("#report-kind", RadioSet).pressed_button
        chosen = pressed.id.removeprefix("report-kind-") if pressed is not None and pressed.id else None
        return next((choice for choice in choices if choice.id == chosen), choices[0])

    def _output(self) -> str:
        return chosen_output(self.query_one("#report-format", RadioSet), "report-format")

    def _file_name(self) -> str:
        return report_file_name(self.file_stem, self._choice(), format_of(self._output()).suffix)

    def _show_target(self) -> None:
        output = self._output()
        browser = output == BROWSER
        self.query_one("#report-folder", FolderField).disabled = browser
        self.query_one("#report-go", Button).label = t("report.open" if browser else "report.go")
        if browser:
            text = t("report.target_browser")
        else:
            folder = self.query_one("#report-folder", FolderField).value.strip()
            text = t("report.target", path=str(Path(folder).expanduser() / self._file_name()) if folder else "…")
        self.query_one("#report-target", Plain).update(text)

    @on(RadioSet.Changed)
    def _choice_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._show_target()

    @on(Input.Changed, "#report-folder")
    def _folder_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._error("")  # a message about the folder typed before no longer applies
        self._show_target()

    def _error(self, text: str) -> None:
        self.query_one("#report-error", Plain).update(text)

    # -- doing it ----------------------------------------------------------------------------------

    @on(Input.Submitted, "#report-folder")
    @on(Button.Pressed, "#report-go")
    def _go(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        if self.working:
            return
        output = self._output()
        name = self._file_name()
        if output == BROWSER:
            path = None
        else:
            try:
                path = check_folder(self.query_one("#report-folder", FolderField).value) / name
            except FolderError as error:
                self._error(str(error))
                self.query_one("#report-folder", FolderField).focus()
                return
        self._error("")
        self.working = True
        self.query_one("#report-go", Button).disabled = True
        self.query_one("#report-progress", Progress).start(t("report.working"))
        # The report is in the interface's language (--lang, WEERBAAR_LANG, else the stored setting "lang").
        self.report_language = language()
        self._write(self._choice(), output, path, name)

    def _make(self, choice: ReportChoice, output: str, path: Path | None, name: str) -> Written | None:
        """Build, render and write (in a thread); None when the dialog was closed meanwhile."""
        document = build_report(self.store, choice.kind, language=getattr(self, "report_language", language()),
                                **self.build_arguments(choice))  # type: ignore[arg-type]
        data = format_of(output).render(document, bom=True)
        if self.cancelled.is_set():
            return None
        if path is None:
            target = browser_file(name)
            write_atomically(target, data)
            return Written(target, browser=True, opened=open_in_browser(target))
        write_atomically(path, data)
        return Written(path, browser=False)

    @work(exclusive=True, group="report", exit_on_error=False)
    async def _write(self, choice: ReportChoice, output: str, path: Path | None, name: str) -> None:
        try:
            written = await asyncio.to_thread(self._make, choice, output, path, name)
        except (WeerbaarError, OSError) as error:
            self._failed(str(error))
            return
        finally:
            self.working = False
        if written is None or not self.is_attached:
            return
        if written.browser and not written.opened:
            self._failed(t("report.no_browser", path=str(written.path)))
            return
        self.show_info(t("report.opened" if written.browser else "report.done", path=str(written.path)))
        self.dismiss(None if written.browser else written.path)

    def _failed(self, text: str) -> None:
        if not self.is_attached:
            return
        self.query_one("#report-progress", Progress).stop()
        self._error(text)
        self.query_one("#report-go", Button).disabled = False

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_cancel(self) -> None:
        self.cancelled.set()
        self.dismiss(None)


class ReportDialog(_ReportDialog):
    """A report of one assessment: the own report, the comparison with the previous period (when there is
    one) and the comparison with peers. Returns the path written, or None."""

    def __init__(self, store: Store, record: AssessmentRecord, folder: Path | None = None,
                 previous: AssessmentRecord | None = None, initial: str | None = None) -> None:
        self.record = record
        self.previous = previous
        choices = [ReportChoice("org", "org", t("report.kind.org"), (record.id,), "rapport")]
        if previous is not None:
            choices.append(ReportChoice("previous", "compare", t("report.kind.previous", period=previous.period),
                                        (previous.id, record.id), f"vergelijking-{file_period(previous)}"))
        choices.append(ReportChoice("peers", "peers", t("report.kind.peers"), (record.id,), "groep"))
        heading = t("report.what", name=record.organisation_name, checklist=record.checklist_title,
                    period=record.period)
        super().__init__(store, choices, heading, f"{record.organisation_code}-{file_period(record)}", folder,
                         initial)


class RegionalReportDialog(_ReportDialog):
    """The province-wide picture or the gap analysis of a checklist and period (shared results only,
    with the privacy rules of ``norm.aggregate``). Returns the path written, or None."""

    def __init__(self, store: Store, checklist_id: str, period: str, folder: Path | None = None) -> None:
        self.checklist_id = checklist_id
        self.period = period
        choices = [ReportChoice("province", "province", t("report.kind.province"), file_part="provincie"),
                   ReportChoice("gaps", "gaps", t("report.kind.gaps"), file_part="tekorten")]
        super().__init__(store, choices, t("report.regional_what", checklist=checklist_id, period=period),
                         f"{checklist_id}-{period}", folder)

    def build_arguments(self, choice: ReportChoice) -> dict[str, object]:
        return {"checklist_id": self.checklist_id, "period": self.period}
