"""The change log: of one measure (its history: who, when, old → new) or of a whole assessment."""

from __future__ import annotations

import asyncio

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from norm.store import AssessmentRecord, ChangeEntry, Store, StoreError
from tui.i18n import has, t
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarScreen
from tui.widgets.base import Plain


def change_text(entry: ChangeEntry) -> str:
    """``old → new`` on one line, shortened (the log keeps the whole text)."""
    old = terminal_safe(entry.old_value or "–", one_line=True)
    new = terminal_safe(entry.new_value or "–", one_line=True)
    return f"{old[:40]} → {new[:60]}"


def what_text(entry: ChangeEntry) -> str:
    """``antwoord niveau``: the entity and field in words where the catalogue has them."""
    entity = t(f"log.entity.{entry.entity}") if has(f"log.entity.{entry.entity}") else entry.entity
    field = t(f"log.field.{entry.field}") if has(f"log.field.{entry.field}") else entry.field
    return terminal_safe(f"{entity} {field}", one_line=True)


class HistoryScreen(WeerbaarScreen):
    """The history of ``item_code`` in ``record``, or with ``item_code=None`` its whole change log."""

    BINDINGS = [Binding("escape", "back", "b.back", id="weerbaar.history.back")]

    def __init__(self, store: Store, record: AssessmentRecord, item_code: str | None) -> None:
        super().__init__()
        self.store = store
        self.record = record
        self.item_code = item_code

    @property
    def help_title(self) -> str:
        return t("b.history")

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="history-empty")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        title = (t("history.title", code=self.item_code) if self.item_code
                 else t("history.log_title", name=self.record.organisation_name, period=self.record.period))
        self.title = terminal_safe(title, one_line=True)
        table = self.query_one(DataTable)
        names = ["at", "actor", "field", "change"] if self.item_code else ["at", "actor", "measure", "field", "change"]
        table.add_columns(*(t(f"history.col.{name}") for name in names))
        table.focus()
        self._load()

    @work(exclusive=True, group="history-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            if self.item_code:
                entries = await asyncio.to_thread(self.store.item_history, self.record.id, self.item_code)
            else:
                entries = await asyncio.to_thread(self.store.changelog, self.record.id)
        except StoreError as error:
            self.show_error(error)
            return
        table = self.query_one(DataTable)
        for entry in reversed(entries):  # newest first
            at = entry.at.replace("T", " ").removesuffix("Z")[:16]
            row = [at, terminal_safe(entry.actor, one_line=True)[:24]]
            if not self.item_code:
                row.append(entry.item_code or "–")
            row += [what_text(entry)[:28], change_text(entry)]
            table.add_row(*row)
        empty = self.query_one("#history-empty", Plain)
        empty.update("" if entries else t("history.empty"))
        empty.display = not entries

    def action_back(self) -> None:
        self.dismiss()
