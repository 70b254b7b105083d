"""The weerbaar terminal interface (Textual).

``weerbaar`` without a subcommand calls :func:`run_tui`. The app is built from screens in
``tui/screens`` and widgets in ``tui/widgets``; styles live in ``tui/styles/*.tcss``; every text
comes from ``tui/i18n.py``. Database work runs in workers; what the user types is saved while
typing (see ``tui/widgets/autosave.py``).

Navigation lives here and only here: screens post the messages of ``tui/messages.py`` and the
handlers below (``@on(...)``) build the next screen with what it needs (the store, a record, the
clock) and push it. No screen imports another screen or this module.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import cast

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from norm.access import Principal
from norm.store import Store, StoreError
from tui import i18n
from tui.commands import ReportCommands
from tui.i18n import t
from tui.messages import (
    AskAnswerSheetExport,
    AskAnswerSheetImport,
    AskConfirmation,
    AskExport,
    AskFinalise,
    AskImport,
    AskNaReason,
    AskRegionalReport,
    AskReport,
    AskSharing,
    OpenAssessment,
    OpenCollection,
    ShowActionPlan,
    ShowAttachments,
    ShowHistory,
    ShowResult,
    StartNewAssessment,
)
from tui.safe_text import terminal_safe
from tui.screens.confirm import ConfirmDialog
from tui.screens.help import HelpScreen
from tui.screens.na_reason import NaReasonDialog
from tui.screens.new_assessment import NewAssessmentDialog
from tui.screens.sharing import SharingDialog
from tui.screens.start import StartScreen
from tui.state import EditorState
from tui.widgets.base import localise_bindings

# Screens the first screen does not need (editor, result, collection, export, report, import,
# finalise, key register) are imported in the handler that first shows them: the report and collection screens
# pull in norm.aggregate and reports.

Clock = Callable[[], dt.datetime]
STYLES = Path(__file__).parent / "styles"


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def choose_language(explicit: str | None, store: Store | None) -> str:
    """--lang wins, then WEERBAAR_LANG, then the stored setting, then Dutch."""
    for candidate in (explicit, os.environ.get("WEERBAAR_LANG")):
        if candidate in i18n.LANGUAGES:
            return candidate
    if store is not None:
        try:
            stored = store.setting("lang")
        except StoreError:
            stored = None
        if stored in i18n.LANGUAGES:
            return stored
    return i18n.DEFAULT_LANGUAGE


class WeerbaarApp(App[None]):
    """Fill in, review and finalise assessments of the weerbaarheidsnorm."""

    TITLE = "weerbaar"
    CSS_PATH = [
        STYLES / "app.tcss",
        STYLES / "start.tcss",
        STYLES / "editor.tcss",
        STYLES / "result.tcss",
        STYLES / "dialogs.tcss",
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {ReportCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "b.quit", priority=True, id="weerbaar.quit"),
        Binding("question_mark", "help", "b.help", key_display="?", id="weerbaar.help"),
        Binding("f1", "help", "b.help", show=False, id="weerbaar.help_f1"),
        Binding("ctrl+p", "command_palette", "b.palette", show=False, priority=True, id="weerbaar.palette"),
    ]

    def __init__(
        self,
        db_path: str | Path,
        lang: str | None = None,
        clock: Clock | None = None,
        *,
        store: Store | None = None,
        cursor_blink: bool = True,
        exchange_folder: Path | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.exchange_folder = exchange_folder
        """Where export and import start (None: the home folder)."""
        self.clock = clock
        self.cursor_blink = cursor_blink
        self._owns_store = store is None
        self.store: Store = store or Store(self.db_path, clock=lambda: _iso(self.now()))
        self.language = i18n.set_language(choose_language(lang, self.store))
        super().__init__()
        localise_bindings(self)
        self.last_message = ""

    # -- basics ---------------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self.clock() if self.clock is not None else dt.datetime.now()

    def on_mount(self) -> None:
        self.title = t("app.title")
        self.sub_title = t("app.subtitle")
        self.push_screen(StartScreen(self.store))

    def on_unmount(self) -> None:
        if self._owns_store:
            self.store.close()

    def show_message(self, text: str, *, error: bool = False) -> None:
        """Tell the user something, as a notification (errors stay longer)."""
        self.notify(text, severity="error" if error else "information", timeout=8 if error else 4,
                    markup=False)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification, also those of the screens (``Widget.notify`` comes here).

        Messages often quote user input (an error about an organisation name): control characters
        are made visible here, for every notification.
        """
        message = terminal_safe(message)
        self.last_message = message
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.show_message(t("app.unexpected", error=event.worker.error), error=True)

    # -- navigation: the messages of tui/messages.py ---------------------------------------------

    @work(exclusive=True, group="open-assessment", exit_on_error=False)
    async def open_assessment(self, assessment_id: int, *, replace: bool = False) -> None:
        """Load an assessment (in a thread) and show it in the editor."""

        def load() -> EditorState:
            state = EditorState.load(self.store, assessment_id)
            self.store.set_setting("last_organisation", state.record.organisation_code)
            return state

        try:
            state = await asyncio.to_thread(load)
        except StoreError as error:
            self.show_message(str(error), error=True)
            return
        from tui.screens.editor import EditorScreen

        screen = EditorScreen(self.store, state, self.now)
        if replace:
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    @on(OpenAssessment)
    def _open_assessment(self, message: OpenAssessment) -> None:
        stack = self.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        editor = sys.modules.get("tui.screens.editor")  # no editor screen exists before it is imported
        if (message.replace and editor is not None and isinstance(below, editor.EditorScreen)
                and below.state.record.id == message.assessment_id):
            self.pop_screen()  # back to the editor this screen was opened from
        else:
            self.open_assessment(message.assessment_id, replace=message.replace)

    @on(StartNewAssessment)
    def _start_new_assessment(self, message: StartNewAssessment) -> None:
        def created(new_id: int | None) -> None:
            if new_id is not None:
                self.open_assessment(new_id)

        self.push_screen(NewAssessmentDialog(self.store, message.organisation, str(self.now().year)), created)

    @on(ShowResult)
    def _show_result(self, message: ShowResult) -> None:
        from tui.screens.result import ResultScreen

        screen = ResultScreen(self.store, message.assessment_id)
        if message.replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @on(ShowActionPlan)
    def _show_action_plan(self, message: ShowActionPlan) -> None:
        from tui.screens.action_plan import ActionPlanScreen

        self.push_screen(ActionPlanScreen(self.store, message.organisation_code))

    @on(ShowHistory)
    def _show_history(self, message: ShowHistory) -> None:
        from tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.store, message.record, message.item_code))

    @on(ShowAttachments)
    def _show_attachments(self, message: ShowAttachments) -> None:
        from tui.screens.attachments import AttachmentsScreen

        self.push_screen(AttachmentsScreen(self.store, message.record, message.item_code), message.reply)

    @on(OpenCollection)
    def _open_collection(self, message: OpenCollection) -> None:
        from tui.screens.collection import CollectionScreen

        self.push_screen(CollectionScreen(self.store, str(self.now().year), message.checklist_id))

    def action_open_key_register(self) -> None:
        """The receiver's register of keys (the binding k in the collection round)."""
        from tui.screens.key_register import KeyRegisterScreen

        self.push_screen(KeyRegisterScreen(self.store))

    @on(AskExport)
    def _ask_export(self, message: AskExport) -> None:
        from tui.screens.export import ExportDialog

        self.push_screen(ExportDialog(self.store, message.record, self.exchange_folder), message.reply)

    def _remembering(self, reply: Callable[[Path | None], None] | None) -> Callable[[Path | None], None]:
        """``reply``, after the folder of a file written becomes the one the next dialog suggests."""

        def remember(path: Path | None) -> None:
            if path is not None:
                self.exchange_folder = path.parent
            if reply is not None:
                reply(path)

        return remember

    @on(AskReport)
    def _ask_report(self, message: AskReport) -> None:
        self._push_report_dialog(message)

    @work(group="report-dialog", exit_on_error=False)
    async def _push_report_dialog(self, message: AskReport) -> None:
        """The report dialog, with the previous period's assessment looked up (in a thread) when not given."""
        from tui.screens.report import ReportDialog

        previous = message.previous
        if previous is None:
            try:
                previous = await asyncio.to_thread(self.store.previous_assessment, message.record.id)
            except StoreError as error:
                self.show_message(str(error), error=True)
                return
        await self.push_screen(ReportDialog(self.store, message.record, self.exchange_folder, previous,
                                            message.kind), self._remembering(message.reply))

    @on(AskRegionalReport)
    def _ask_regional_report(self, message: AskRegionalReport) -> None:
        from tui.screens.report import RegionalReportDialog

        self.push_screen(RegionalReportDialog(self.store, message.checklist_id, message.period, self.exchange_folder),
                         self._remembering(message.reply))

    @on(AskAnswerSheetExport)
    def _ask_sheet_export(self, message: AskAnswerSheetExport) -> None:
        from tui.screens.answer_sheet import AnswerSheetExportDialog

        self.push_screen(AnswerSheetExportDialog(self.store, message.record, self.exchange_folder),
                         self._remembering(message.reply))

    @on(AskAnswerSheetImport)
    def _ask_sheet_import(self, message: AskAnswerSheetImport) -> None:
        from tui.screens.answer_sheet import AnswerSheetImportDialog

        self.flush_all()  # what is typed in an editor is saved before the sheet is read

        def done(changed: int | None) -> None:
            if changed:
                self._reload_editor(message.record.id)
            if message.reply is not None:
                message.reply(changed)

        self.push_screen(AnswerSheetImportDialog(self.store, message.record, self.exchange_folder), done)

    @work(group="reload-editor", exit_on_error=False)
    async def _reload_editor(self, assessment_id: int) -> None:
        """After an answer sheet was read: an editor of that assessment shows the new answers (the screens
        above it are shown again as they were)."""
        from tui.screens.answer_sheet import AnswerSheetImportDialog
        from tui.screens.editor import EditorScreen
        from tui.screens.result import ResultScreen

        for _ in range(200):  # the dialog that read the sheet is still closing: let it go first
            if not isinstance(self.screen, AnswerSheetImportDialog):
                break
            await asyncio.sleep(0.01)
        stack = self.screen_stack
        index = next((i for i, screen in enumerate(stack)
                      if isinstance(screen, EditorScreen) and screen.state.record.id == assessment_id), None)
        if index is None:
            return
        result_on_top = isinstance(self.screen, ResultScreen)
        try:
            state = await asyncio.to_thread(EditorState.load, self.store, assessment_id)
        except StoreError as error:
            self.show_message(str(error), error=True)
            return
        while len(self.screen_stack) - 1 > index:
            await self.pop_screen()
        await self.switch_screen(EditorScreen(self.store, state, self.now))
        if result_on_top:
            await self.push_screen(ResultScreen(self.store, assessment_id))

    @on(AskImport)
    def _ask_import(self, message: AskImport) -> None:
        from tui.screens.import_bundles import ImportDialog

        self.push_screen(ImportDialog(self.store, self.exchange_folder), message.reply)

    @on(AskConfirmation)
    def _ask_confirmation(self, message: AskConfirmation) -> None:
        self.push_screen(ConfirmDialog(message.title, message.text, message.confirm_label), message.reply)

    @on(AskSharing)
    def _ask_sharing(self, message: AskSharing) -> None:
        self.push_screen(SharingDialog(message.description, message.current), message.reply)

    @on(AskNaReason)
    def _ask_na_reason(self, message: AskNaReason) -> None:
        self.push_screen(NaReasonDialog(message.code, message.reason), message.reply)

    @on(AskFinalise)
    def _ask_finalise(self, message: AskFinalise) -> None:
        from tui.screens.finalise import FinaliseDialog

        self.push_screen(FinaliseDialog(self.store, message.assessment_id, message.titles, message.flush),
                         message.reply)

    # -- saving and quitting --------------------------------------------------------------------

    def flush_all(self) -> None:
        """Write whatever is still pending in any editor (synchronously)."""
        editor = sys.modules.get("tui.screens.editor")  # no editor screen exists before it is imported
        if editor is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, editor.EditorScreen):
                screen.flush_now()

    async def action_quit(self) -> None:
        self.flush_all()
        self.exit()

    def action_help_quit(self) -> None:
        """Ctrl+C out of habit: say how to quit (Textual's own hint is in English)."""
        self.show_message(t("app.quit_hint"))

    # -- help, commands, language ---------------------------------------------------------------

    def _key_rows(self, screen: Screen[object]) -> list[tuple[str, str, str]]:
        """The keys of a screen for the help screen: (key, description, explanation)."""
        rows: list[tuple[str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not (binding.id or "").startswith("weerbaar."):
                continue
            if binding.action.startswith("level(") and not binding.show:
                continue  # the level keys are one row ("0–3 Niveau")
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            rows.append((self.get_key_display(binding), binding.description, binding.tooltip))
        return rows

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        name = getattr(screen, "help_title", "") or screen.title or t("app.title")
        self.push_screen(HelpScreen(name, self._key_rows(screen)))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("app.palette_placeholder")))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the current screen, plus language and colours."""
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not (binding.id or "").startswith("weerbaar.") or not active.enabled:
                continue
            if binding.action == "command_palette":
                continue
            title = binding.description
            if binding.action.startswith("level("):
                title = f"{binding.description} {key}"
            if title in seen:
                continue
            seen.add(title)
            yield SystemCommand(title, binding.tooltip or title, partial(self._run_binding, active.node,
                                                                         binding.action))
        yield SystemCommand(t("b.language"), t("b.language.tip"), self.action_switch_language)
        yield SystemCommand(t("b.theme"), t("b.theme.tip"), self.action_change_theme)

    async def _run_binding(self, node: DOMNode, action: str) -> None:
        await self.run_action(action, node)

    async def action_switch_language(self) -> None:
        """Switch between Dutch and English and remember the choice."""
        self.flush_all()
        self.language = i18n.set_language("en" if self.language == "nl" else "nl")
        try:
            await asyncio.to_thread(self.store.set_setting, "lang", self.language)
        except StoreError as error:
            self.show_message(str(error), error=True)
        localise_bindings(self)
        self.title = t("app.title")
        self.sub_title = t("app.subtitle")
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(StartScreen(self.store))
        self.show_message(t("app.language_set"))


def run_tui(db_path: Path, lang: str | None = None, principal: Principal | None = None) -> None:
    """Open the TUI on ``db_path``; a database without checklists gets the built-in content.

    ``principal``: the acting user of a hosted database (``norm.access``); None is the local mode.
    """
    try:
        store = Store(db_path, principal=principal)
    except (StoreError, OSError) as error:
        raise SystemExit(f"weerbaar: {t('app.db_error', error=error)}") from None
    try:
        if not store.snapshots():
            _install_builtins(store)
        WeerbaarApp(db_path, lang, store=store).run()
    finally:
        store.close()


def _install_builtins(store: Store) -> None:
    """First run: load the built-in checklists and reference organisations (errors are shown later)."""
    try:
        from checklists import install_builtins

        install_builtins(store)
    except Exception as error:  # a broken built-in file must not keep the TUI from opening
        print(f"weerbaar: {error}")  # noqa: T201


__all__ = ["WeerbaarApp", "run_tui"]
