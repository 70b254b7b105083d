"""Starting a new assessment: checklist, period, kind and, when there is one, the previous
assessment whose answers can be carried over (they are then marked for review)."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Select, Static

from norm.store import AssessmentRecord, ChecklistSnapshot, Organisation, Store, StoreError
from norm.vocabulary import KINDS
from tui.i18n import kind_label, status_label, t
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarModal
from tui.widgets.base import Plain, PlainLabel, TextField

PREFERRED_CHECKLIST = "utrechtse-weerbaarheidsnorm"


def previous_for(existing: list[AssessmentRecord], period: str) -> AssessmentRecord | None:
    """The assessment a new one for ``period`` would carry answers over from (as the store does)."""
    earlier = [a for a in existing if a.period < period or (a.period == period and a.is_definitive)]
    return max(earlier, key=lambda a: (a.period, a.id)) if earlier else None


def free_period(existing: list[AssessmentRecord], wanted: str) -> str:
    """``wanted`` when no assessment of the checklist has that period yet, else the next free year
    after it (for a period that is a year, such as ``2026``); other periods stay as they are."""
    taken = {a.period for a in existing}
    if wanted not in taken or not wanted.isdigit():
        return wanted
    year = int(wanted)
    while str(year) in taken:
        year += 1
    return str(year)


class NewAssessmentDialog(WeerbaarModal[int | None]):
    """Returns the id of the new assessment, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "b.close", id="weerbaar.dialog.cancel"),
    ]

    def __init__(self, store: Store, organisation: Organisation, default_period: str) -> None:
        super().__init__()
        self.store = store
        self.organisation = organisation
        self.default_period = default_period
        self._existing: dict[str, list[AssessmentRecord]] = {}
        self._suggested = default_period

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="new-dialog"):
            yield PlainLabel(t("new.title"), classes="dialog-title")
            yield Plain(t("new.org", name=self.organisation.name, code=self.organisation.code),
                         classes="dialog-text")
            yield PlainLabel(t("new.checklist"), classes="field-label")
            yield Select[str]([], allow_blank=True, id="checklist", prompt="…", compact=True)
            with Horizontal(id="new-row"):
                with Vertical():
                    yield PlainLabel(t("new.period"), classes="field-label")
                    yield TextField(self.default_period, id="period", max_length=32, compact=True)
                with Vertical():
                    yield PlainLabel(t("new.kind"), classes="field-label")
                    yield Select[str](
                        [(t("kind.auto"), "auto"), *((kind_label(kind), kind) for kind in KINDS)],
                        value="auto", allow_blank=False, id="kind", compact=True,
                    )
            yield Checkbox(t("new.from_previous"), value=False, id="from-previous", disabled=True, compact=True)
            yield Plain(t("new.no_previous"), id="previous-info", classes="dialog-note")
            yield Plain("", id="new-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("new.start"), variant="primary", id="start", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True, group="new-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            snapshots = await asyncio.to_thread(self.store.snapshots)
            existing = await asyncio.to_thread(self.store.assessments,
                                               organisation_code=self.organisation.code)
            latest_ids = {snapshot.checklist_id: snapshot.id for snapshot in snapshots}
            statuses = {checklist_id: (await asyncio.to_thread(self.store.checklist, snapshot_id)).status
                        for checklist_id, snapshot_id in latest_ids.items()}
        except StoreError as error:
            self.query_one("#new-error", Static).update(str(error))
            return
        latest: dict[str, ChecklistSnapshot] = {}
        for snapshot in snapshots:
            latest[snapshot.checklist_id] = snapshot
        for record in existing:
            self._existing.setdefault(record.checklist_id, []).append(record)
        select = self.query_one("#checklist", Select)
        options = []
        for s in latest.values():
            concept = f", {t('header.concept_norm')}" if statuses.get(s.checklist_id) == "concept" else ""
            options.append((Text(terminal_safe(f"{s.title} ({s.version}{concept})", one_line=True)), s.checklist_id))
        select.set_options(options)
        if options:
            ids = [value for _, value in options]
            select.value = PREFERRED_CHECKLIST if PREFERRED_CHECKLIST in ids else ids[0]
        else:
            self.query_one("#new-error", Static).update(t("app.no_checklists"))
        self._suggest_period()
        self._update_previous()
        self.query_one("#period", TextField).focus()

    @on(Select.Changed, "#checklist")
    @on(Input.Changed, "#period")
    def _inputs_changed(self, event: Select.Changed | Input.Changed) -> None:
        event.stop()
        if isinstance(event, Select.Changed):
            self._suggest_period()
        self._update_previous()

    def _suggest_period(self) -> None:
        """Suggest a period the chosen checklist has no assessment for yet, unless the user typed one."""
        period_field = self.query_one("#period", TextField)
        if period_field.value.strip() != self._suggested:
            return
        select = self.query_one("#checklist", Select)
        checklist_id = select.value if isinstance(select.value, str) else ""
        self._suggested = free_period(self._existing.get(checklist_id, []), self.default_period)
        if period_field.value != self._suggested:
            period_field.value = self._suggested

    def _update_previous(self) -> None:
        select = self.query_one("#checklist", Select)
        checklist_id = select.value if isinstance(select.value, str) else None
        period = self.query_one("#period", TextField).value.strip()
        previous = previous_for(self._existing.get(checklist_id or "", []), period) if period else None
        checkbox = self.query_one("#from-previous", Checkbox)
        info = self.query_one("#previous-info", Static)
        # Carrying answers over is offered only when there is something to carry over.
        if previous is None:
            checkbox.value = False
            checkbox.disabled = True
            checkbox.display = False
            info.update(t("new.no_previous"))
        else:
            if checkbox.disabled:
                checkbox.value = True
            checkbox.disabled = False
            checkbox.display = True
            info.update(t("new.previous_is", period=previous.period, status=status_label(previous.status)))

    @on(Input.Submitted, "#period")
    @on(Button.Pressed, "#start")
    def _start(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        select = self.query_one("#checklist", Select)
        if select.value is Select.NULL or not isinstance(select.value, str):
            self.query_one("#new-error", Static).update(t("new.no_checklist"))
            return
        kind = self.query_one("#kind", Select).value
        self._create(
            select.value,
            self.query_one("#period", TextField).value,
            None if kind in ("auto", Select.NULL) else str(kind),
            self.query_one("#from-previous", Checkbox).value,
        )

    @work(exclusive=True, group="new-create", exit_on_error=False)
    async def _create(self, checklist_id: str, period: str, kind: str | None, from_previous: bool) -> None:
        try:
            new_id = await asyncio.to_thread(
                self.store.new_assessment, self.organisation.code, checklist_id, period,
                kind=kind, from_previous=from_previous,
            )
        except StoreError as error:
            self.query_one("#new-error", Static).update(str(error))
            return
        self.dismiss(new_id)

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
