"""The documents attached to a measure: listed, opened with the system's default program, and
(on a concept) added from a path. Opening writes the bytes to a fresh temporary folder under their
sanitised name; a file of a kind that can start a program is saved but not opened."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input

from norm.store import AssessmentRecord, Store, StoreError
from norm.store.attachments import Attachment, megabytes
from norm.vocabulary import MAX_ATTACHMENT_BYTES
from tui.i18n import t
from tui.opening import open_document
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarScreen
from tui.widgets.base import Plain, TextField


class AttachmentsScreen(WeerbaarScreen):
    """Dismissed with the names of the measure's documents (so the editor can show them)."""

    BINDINGS = [
        Binding("enter", "open_document", "b.open_document", id="weerbaar.attachments.open"),
        Binding("escape", "back", "b.back", id="weerbaar.attachments.back"),
    ]

    def __init__(self, store: Store, record: AssessmentRecord, item_code: str,
                 opener: Callable[[Path], None] = open_document) -> None:
        super().__init__()
        self.store = store
        self.record = record
        self.item_code = item_code
        self.opener = opener
        self.documents: list[Attachment] = []

    @property
    def editable(self) -> bool:
        return not self.record.is_definitive and self.record.origin != "import"

    @property
    def help_title(self) -> str:
        return t("b.attachments")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(t("attach.intro", limit=megabytes(MAX_ATTACHMENT_BYTES)), id="attach-intro")
        yield DataTable(id="attach-table", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="attach-empty")
        yield TextField(placeholder=t("attach.path"), id="attach-path")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = terminal_safe(t("attach.title", code=self.item_code), one_line=True)
        table = self.query_one(DataTable)
        table.add_columns(t("attach.col.name"), t("attach.col.size"), t("attach.col.date"))
        path_field = self.query_one("#attach-path", TextField)
        path_field.display = self.editable
        if not self.editable:
            self.query_one("#attach-intro", Plain).update(t("attach.locked"))
        table.focus()
        self._load()

    @work(exclusive=True, group="attach-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            self.documents = await asyncio.to_thread(self.store.attachments, self.record.id, self.item_code)
        except StoreError as error:
            self.show_error(error)
            return
        table = self.query_one(DataTable)
        table.clear()
        for document in self.documents:
            table.add_row(terminal_safe(document.name, one_line=True), megabytes(document.size),
                          (document.added_at or "")[:10], key=str(document.id))
        empty = self.query_one("#attach-empty", Plain)
        empty.update("" if self.documents else t("attach.empty"))
        empty.display = not self.documents

    def action_open_document(self) -> None:
        if self.focused is self.query_one("#attach-path"):
            return
        table = self.query_one(DataTable)
        if not self.documents:
            return
        self._open(self.documents[table.cursor_row])

    @on(DataTable.RowSelected, "#attach-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_document()

    @work(exclusive=True, group="attach-open", exit_on_error=False)
    async def _open(self, document: Attachment) -> None:
        from tui.opening import OpeningRefused, write_temporary

        try:
            content = await asyncio.to_thread(self.store.attachment_content, document.id)
            path = await asyncio.to_thread(write_temporary, document.name, content)
            await asyncio.to_thread(self.opener, path)
        except OpeningRefused as refused:
            self.show_info(t("attach.saved_only", name=document.name, path=str(refused.path)))
            return
        except (StoreError, OSError) as error:
            self.show_error(error)
            return
        self.show_info(t("attach.opened", name=document.name))

    @on(Input.Submitted, "#attach-path")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip().strip('"')
        if text:
            self._add_file(Path(text).expanduser())

    @work(exclusive=True, group="attach-add", exit_on_error=False)
    async def _add_file(self, path: Path) -> None:
        try:
            await asyncio.to_thread(self.store.add_attachment_file, self.record.id, self.item_code, path)
        except StoreError as error:
            self.show_error(error)
            return
        self.query_one("#attach-path", TextField).value = ""
        self.show_info(t("attach.added", name=path.name))
        self._load()

    def action_back(self) -> None:
        if self.focused is self.query_one("#attach-path") and self.query_one("#attach-path", TextField).value:
            self.query_one("#attach-path", TextField).value = ""
            return
        self.dismiss([document.name for document in self.documents])
