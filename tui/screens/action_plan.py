"""The action plan of an organisation: every open improvement action across periods, overdue ones
first, with the status to change (also on a definitive assessment: the plan lives on)."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from norm.store import Store, StoreError
from norm.store.plan import PlanEntry
from tui.i18n import action_status_label, t
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarScreen
from tui.widgets.base import Plain

STATUS_CYCLE = {"open": "lopend", "lopend": "gereed", "gereed": "open"}


def _short(text: str, width: int) -> str:
    """One line of at most ``width`` characters, with … where it was cut (80 columns hold the table)."""
    line = terminal_safe(text, one_line=True)
    return line if len(line) <= width else line[: width - 1] + "…"


class ActionPlanScreen(WeerbaarScreen):
    """All open actions of one organisation; ``s`` cycles the status of the chosen one."""

    BINDINGS = [
        Binding("s", "cycle_status", "b.plan_status", id="weerbaar.plan.status"),
        Binding("escape", "back", "b.back", id="weerbaar.plan.back"),
    ]

    def __init__(self, store: Store, organisation_code: str) -> None:
        super().__init__()
        self.store = store
        self.organisation_code = organisation_code
        self.entries: list[PlanEntry] = []

    @property
    def help_title(self) -> str:
        return t("b.plan")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(t("plan.intro"), id="plan-intro")
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="plan-empty")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        organisation = self.store.organisation(self.organisation_code)
        name = organisation.name if organisation else self.organisation_code
        self.title = terminal_safe(t("plan.title", name=name), one_line=True)
        table = self.query_one(DataTable)
        table.add_columns(*(t(f"plan.col.{name}") for name in
                            ("period", "measure", "action", "owner", "deadline", "status")))
        table.focus()
        self._load()

    @work(exclusive=True, group="plan-load", exit_on_error=False)
    async def _load(self, keep: int | None = None) -> None:
        try:
            self.entries = await asyncio.to_thread(self.store.action_plan, self.organisation_code)
        except StoreError as error:
            self.show_error(error)
            return
        table = self.query_one(DataTable)
        table.clear()
        for entry in self.entries:
            action = entry.action
            status = Text(action_status_label(action.status), style="" if entry.editable else "dim")
            deadline = Text(action.deadline or "–")
            if entry.overdue:
                deadline = Text(f"{action.deadline} {t('plan.overdue')}", style="bold red")
            table.add_row(
                entry.period, action.item_code, _short(action.description, 18), _short(action.owner, 9),
                deadline, status, key=str(action.id),
            )
        empty = self.query_one("#plan-empty", Plain)
        empty.update(t("plan.empty") if not self.entries else "")
        empty.display = not self.entries
        if keep is not None and self.entries:
            table.move_cursor(row=min(keep, len(self.entries) - 1))

    def action_cycle_status(self) -> None:
        table = self.query_one(DataTable)
        if not self.entries:
            return
        entry = self.entries[table.cursor_row]
        if not entry.editable or entry.action.id is None:
            self.show_error(t("editor.no_plan_here"))
            return
        self._set_status(entry, STATUS_CYCLE.get(entry.action.status, "open"), table.cursor_row)

    @work(exclusive=True, group="plan-write", exit_on_error=False)
    async def _set_status(self, entry: PlanEntry, status: str, row: int) -> None:
        assert entry.action.id is not None
        try:
            await asyncio.to_thread(self.store.update_plan, entry.action.id, status=status)
        except StoreError as error:
            self.show_error(error)
            return
        self.show_info(t("plan.status_set", code=entry.action.item_code, status=action_status_label(status)))
        self._load(keep=row)

    def action_back(self) -> None:
        self.dismiss()
