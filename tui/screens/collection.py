"""The collection round (for the province): for a checklist and a period, which reference
organisations have submitted, at which sharing level, and which are missing.

The figures come from ``norm.exchange.collection.collection_round``."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from norm.store import Store, StoreError
from tui.i18n import sharing_label, t
from tui.messages import AskImport, AskRegionalReport
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarScreen
from tui.widgets.base import Plain, PlainLabel, TextField

if TYPE_CHECKING:
    from norm.exchange.collection import CollectionRound

NAME_WIDTH = 30
STATE_STYLES = {"ingediend": "bold green", "concept": "yellow", "intern": "yellow", "ontbreekt": "bold red"}


class CollectionScreen(WeerbaarScreen):
    """Who has submitted for a checklist and period, and who is missing."""

    BINDINGS = [
        Binding("escape", "back", "b.back", id="weerbaar.collection.back"),
        Binding("m", "toggle_missing", "b.only_missing", id="weerbaar.collection.missing"),
        Binding("i", "import", "b.import", id="weerbaar.collection.import"),
        Binding("k", "app.open_key_register", "b.register", id="weerbaar.collection.register"),
        Binding("p", "regional_report", "b.regional_report", id="weerbaar.collection.report"),
    ]

    def __init__(self, store: Store, period: str, checklist_id: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.period = period
        self.checklist_id = checklist_id
        self.only_missing = False
        self.round: CollectionRound | None = None

    @property
    def help_title(self) -> str:
        return t("collection.title")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="collection-choice"):
            yield PlainLabel(t("collection.checklist"), classes="inline-label")
            yield Select[str]([], allow_blank=True, id="collection-checklist", prompt="…", compact=True)
            yield PlainLabel(t("collection.period"), classes="inline-label")
            yield TextField(self.period, id="collection-period", max_length=32, compact=True)
        yield Plain(t("start.loading"), id="collection-summary")
        yield DataTable(id="collection-table", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="collection-legend")
        yield Footer(compact=True, show_command_palette=False)
        self.title = t("collection.title")

    def on_mount(self) -> None:
        self._load_checklists()

    @work(exclusive=True, group="collection-checklists", exit_on_error=False)
    async def _load_checklists(self) -> None:
        try:
            snapshots = await asyncio.to_thread(self.store.snapshots)
        except StoreError as error:
            self.show_error(error)
            return
        latest = {snapshot.checklist_id: snapshot for snapshot in snapshots}
        select = self.query_one("#collection-checklist", Select)
        select.set_options([(Text(terminal_safe(snapshot.title, one_line=True)), snapshot.checklist_id)
                            for snapshot in latest.values()])
        if not latest:
            self.query_one("#collection-summary", Static).update(t("app.no_checklists"))
            return
        preferred = self.checklist_id if self.checklist_id in latest else next(iter(latest))
        if "utrechtse-weerbaarheidsnorm" in latest and self.checklist_id is None:
            preferred = "utrechtse-weerbaarheidsnorm"
        select.value = preferred
        self.query_one(DataTable).focus()

    @on(Select.Changed, "#collection-checklist")
    def _checklist_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.checklist_id = event.value
            self._load()

    @on(Input.Changed, "#collection-period")
    def _period_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.period = event.value.strip()
        if self.period and self.checklist_id:
            self._load()

    @work(exclusive=True, group="collection-load", exit_on_error=False)
    async def _load(self) -> None:
        from norm.exchange.collection import collection_round

        checklist_id, period = self.checklist_id, self.period
        if not checklist_id or not period:
            return
        await asyncio.sleep(0.15)  # typing a period: wait until it is typed
        try:
            state = await asyncio.to_thread(collection_round, self.store, checklist_id, period)
        except StoreError as error:
            self.query_one("#collection-summary", Static).update(str(error))
            return
        self.round = state
        self._fill()

    def _fill(self) -> None:
        state = self.round
        if state is None:
            return
        summary = Text(t("collection.summary", period=state.period, submitted=state.submitted,
                         expected=state.expected, counted=state.counted, missing=len(state.missing)),
                       style="bold")
        if self.only_missing:
            summary.append("  " + t("collection.only_missing_on"), style="italic")
        self.query_one("#collection-summary", Static).update(summary)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("code", "name", "state", "sharing", "exported"):
            table.add_column(t(f"collection.col.{key}"), key=key)
        rows = state.missing if self.only_missing else state.rows
        for row in rows:
            name = terminal_safe(row.name, one_line=True) + ("" if row.reference else " *")
            if len(name) > NAME_WIDTH:
                name = name[: NAME_WIDTH - 1] + "…"
            table.add_row(
                Text(terminal_safe(row.code, one_line=True)), Text(name),
                Text(t(f"collection.state.{row.state}"), style=STATE_STYLES.get(row.state, "")),
                Text(sharing_label(row.sharing) if row.sharing else ""),
                Text(terminal_safe(row.exported_at or "", one_line=True)[:10]),
                key=row.code,
            )
        legend = " · ".join(f"{t(f'collection.state.{name}')}: {t(f'collection.help.{name}')}"
                            for name in ("ingediend", "concept", "intern", "ontbreekt"))
        if any(not row.reference for row in state.rows):
            legend += "\n" + t("collection.not_reference")
        self.query_one("#collection-legend", Static).update(Text(legend, style="dim"))

    def action_toggle_missing(self) -> None:
        self.only_missing = not self.only_missing
        self._fill()

    def action_import(self) -> None:
        def done(imported: int | None) -> None:
            if imported:
                self._load()

        self.post_message(AskImport(done))

    @property
    def regional_choice(self) -> tuple[str, str] | None:
        """The checklist and period shown (for the province and gap reports)."""
        return (self.checklist_id, self.period) if self.checklist_id and self.period else None

    def action_regional_report(self) -> None:
        choice = self.regional_choice
        if choice is not None:
            self.post_message(AskRegionalReport(*choice))

    def action_back(self) -> None:
        self.dismiss()
