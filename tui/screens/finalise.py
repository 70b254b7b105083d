"""Finalising an assessment: what is still missing, or the sharing level and the confirmation."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, RadioSet, Static

from norm.scoring import AssessmentScore
from norm.store import IncompleteError, Store, StoreError
from tui.i18n import percentage, t, verdict_label
from tui.messages import FinaliseOutcome
from tui.screens.base import WeerbaarModal
from tui.widgets.base import Plain, PlainLabel
from tui.widgets.sharing import chosen_sharing, sharing_choices

MAX_LISTED = 12


class FinaliseDialog(WeerbaarModal[FinaliseOutcome | None]):
    """Returns ("final", None) after locking, ("goto", code) to go to a missing measure, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "b.close", id="weerbaar.dialog.cancel"),
    ]

    def __init__(self, store: Store, assessment_id: int, titles: dict[str, str], flush: Callable[[], object]
                 ) -> None:
        super().__init__()
        self.store = store
        self.assessment_id = assessment_id
        self.titles = titles
        self.flush = flush
        self.first_missing: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="finalise-dialog"):
            yield PlainLabel(t("finalise.title"), classes="dialog-title")
            with VerticalScroll(id="finalise-body"):
                yield Plain(t("finalise.checking"), id="finalise-text", classes="dialog-text")
            yield Plain("", id="finalise-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons", id="finalise-buttons"):
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self._check()

    @work(exclusive=True, group="finalise", exit_on_error=False)
    async def _check(self) -> None:
        try:
            # Pending typing is written first, so the check sees exactly what is on screen.
            await asyncio.to_thread(self.flush)
            record = await asyncio.to_thread(self.store.assessment, self.assessment_id)
            result = await asyncio.to_thread(self.store.score, self.assessment_id)
            pending = await asyncio.to_thread(self.store.pending_prefills, self.assessment_id)
        except StoreError as error:
            self.query_one("#finalise-error", Static).update(str(error))
            return
        if result.complete and not pending:
            await self._show_complete(result, record.sharing)
        else:
            await self._show_missing(result, pending)

    async def _show_missing(self, result: AssessmentScore, pending: list[str] | None = None) -> None:
        pending = pending or []
        lines = Text(t("finalise.incomplete" if not result.complete else "finalise.unconfirmed") + "\n",
                     style="bold")
        if result.open_items:
            lines.append("\n" + t("finalise.open", count=len(result.open_items)) + "\n")
            for code in result.open_items[:MAX_LISTED]:
                lines.append(f"  {code}  {self.titles.get(code, '')}\n")
            if len(result.open_items) > MAX_LISTED:
                lines.append("  …\n")
        if result.na_without_reason:
            lines.append("\n" + t("finalise.na_missing", count=len(result.na_without_reason)) + "\n")
            for code in result.na_without_reason[:MAX_LISTED]:
                lines.append(f"  {code}  {self.titles.get(code, '')}\n")
        if pending:
            # Answers taken over from a partly equal measure of another checklist (norm.store.mappings).
            lines.append("\n" + t("finalise.taken_over", count=len(pending)) + "\n")
            for code in pending[:MAX_LISTED]:
                lines.append(f"  {code}  {self.titles.get(code, '')}\n")
        missing = result.open_items or result.na_without_reason or pending
        self.first_missing = missing[0] if missing else None
        self.query_one("#finalise-text", Static).update(lines)
        buttons = self.query_one("#finalise-buttons")
        self.query_one("#cancel", Button).label = t("dialog.close")
        await buttons.mount(Button(t("finalise.goto"), variant="primary", id="goto", compact=True), before=0)
        self.query_one("#goto", Button).focus()

    async def _show_complete(self, result: AssessmentScore, sharing: str) -> None:
        self.query_one("#finalise-text", Static).update(
            t("finalise.complete", count=result.applicable, score=percentage(result.overall),
              verdict=verdict_label(result.basisnorm))
        )
        body = self.query_one("#finalise-body")
        await body.mount(PlainLabel(t("finalise.sharing"), classes="field-label"))
        await body.mount(sharing_choices(sharing))
        await body.mount(Plain(t("finalise.warning"), classes="dialog-warning"))
        buttons = self.query_one("#finalise-buttons")
        await buttons.mount(Button(t("finalise.confirm"), variant="error", id="confirm", compact=True), before=0)
        self.query_one(RadioSet).focus()

    @on(Button.Pressed, "#goto")
    def _goto(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(("goto", self.first_missing))

    @on(Button.Pressed, "#confirm")
    def _confirm(self, event: Button.Pressed) -> None:
        event.stop()
        event.button.disabled = True
        self._finalise(chosen_sharing(self.query_one(RadioSet)))

    @work(exclusive=True, group="finalise", exit_on_error=False)
    async def _finalise(self, sharing: str) -> None:
        try:
            await asyncio.to_thread(self.store.finalise, self.assessment_id, sharing)
        except IncompleteError as error:
            self.query_one("#finalise-error", Static).update(str(error))
            return
        except StoreError as error:
            self.query_one("#finalise-error", Static).update(str(error))
            self.query_one("#confirm", Button).disabled = False
            return
        self.dismiss(("final", None))

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
