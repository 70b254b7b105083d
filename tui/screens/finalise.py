"""Finalising an assessment: what is still missing, or the sign-off, the sharing level and the confirmation.

The sharing choice is explicit: no level is pressed until the user chooses one, the dialog says in
words which one is selected, and the first focus is the sign-off's name field, so Down, Tab and Enter
never choose a level (nor finalise) by accident. Answers carried over from the previous period must be
confirmed first ("next to confirm"); basisnorm shortfalls without an improvement action are listed and
must be acknowledged with a checkbox.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, RadioSet, Static

from norm.scoring import AssessmentScore
from norm.store import IncompleteError, Store, StoreError
from norm.store.keys import SignOff
from tui.i18n import percentage, t, verdict_label
from tui.messages import FinaliseOutcome
from tui.screens.base import WeerbaarModal
from tui.widgets.base import Plain, PlainLabel, TextField
from tui.widgets.sharing import chosen_sharing_or_none, chosen_sharing_text, sharing_choices

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
            result = await asyncio.to_thread(self.store.score, self.assessment_id)
            check = await asyncio.to_thread(self.store.finalise_check, self.assessment_id)
            today = self.store.clock()[:10]
        except StoreError as error:
            self.query_one("#finalise-error", Static).update(str(error))
            return
        if result.complete and not check.pending_prefills and not check.carried_over:
            await self._show_complete(result, check.shortfalls_without_action, today)
        else:
            await self._show_missing(result, check.pending_prefills, check.carried_over)

    async def _show_missing(self, result: AssessmentScore, pending: list[str] | None = None,
                            carried: list[str] | None = None) -> None:
        pending = pending or []
        carried = carried or []
        heading = ("finalise.incomplete" if not result.complete else
                   "finalise.unconfirmed" if pending else "finalise.carried")
        lines = Text(t(heading) + "\n", style="bold")
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
        if carried:
            lines.append("\n" + t("finalise.carried_list", count=len(carried)) + "\n")
            for code in carried[:MAX_LISTED]:
                lines.append(f"  {code}  {self.titles.get(code, '')}\n")
            if len(carried) > MAX_LISTED:
                lines.append("  …\n")
        missing = result.open_items or result.na_without_reason or pending or carried
        self.first_missing = missing[0] if missing else None
        self.query_one("#finalise-text", Static).update(lines)
        buttons = self.query_one("#finalise-buttons")
        self.query_one("#cancel", Button).label = t("dialog.close")
        only_carried = bool(carried) and not (result.open_items or result.na_without_reason or pending)
        label = t("finalise.next_confirm") if only_carried else t("finalise.goto")
        await buttons.mount(Button(label, variant="primary", id="goto", compact=True), before=0)
        self.query_one("#goto", Button).focus()

    async def _show_complete(self, result: AssessmentScore, shortfalls: list[str], today: str) -> None:
        self.query_one("#finalise-text", Static).update(
            t("finalise.complete", count=result.applicable, score=percentage(result.overall),
              verdict=verdict_label(result.basisnorm))
        )
        self.query_one("#finalise-dialog").add_class("-with-sign-off")
        body = self.query_one("#finalise-body")
        if shortfalls:
            lines = Text(t("finalise.shortfalls", count=len(shortfalls)) + "\n", style="bold")
            for code in shortfalls[:MAX_LISTED]:
                lines.append(f"  {code}  {self.titles.get(code, '')}\n")
            if len(shortfalls) > MAX_LISTED:
                lines.append("  …\n")
            await body.mount(Plain(lines, id="finalise-shortfalls", classes="dialog-warning"))
            await body.mount(Checkbox(t("finalise.acknowledge"), value=False, id="finalise-acknowledge",
                                      compact=True))
        await body.mount(PlainLabel(t("finalise.sign_off"), classes="field-label"))
        for name, label, value, length in (("name", "finalise.name", "", 200), ("role", "finalise.role", "", 200),
                                           ("date", "finalise.date", today, 10),
                                           ("decision", "finalise.decision", "", 200)):
            row = Horizontal(classes="sign-off-row")
            await body.mount(row)
            await row.mount(PlainLabel(t(label), classes="sign-off-label"))
            await row.mount(TextField(value, id=f"finalise-{name}", max_length=length, compact=True))
        await body.mount(PlainLabel(t("finalise.sharing"), classes="field-label"))
        await body.mount(sharing_choices(None))
        await body.mount(Plain(chosen_sharing_text(None), id="finalise-chosen", classes="dialog-text"))
        await body.mount(Plain(t("finalise.warning"), classes="dialog-warning"))
        buttons = self.query_one("#finalise-buttons")
        await buttons.mount(Button(t("finalise.confirm"), variant="error", id="confirm", compact=True), before=0)
        self.query_one("#finalise-name", TextField).focus()

    @on(RadioSet.Changed)
    def _sharing_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.query_one("#finalise-chosen", Static).update(chosen_sharing_text(chosen_sharing_or_none(event.radio_set)))

    @on(TextField.Submitted)
    def _submitted(self, event: TextField.Submitted) -> None:
        """Enter in a field moves on; it never confirms (the confirm button does)."""
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#goto")
    def _goto(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(("goto", self.first_missing))

    @on(Button.Pressed, "#confirm")
    def _confirm(self, event: Button.Pressed) -> None:
        event.stop()
        error = self.query_one("#finalise-error", Static)
        sharing = chosen_sharing_or_none(self.query_one(RadioSet))
        if sharing is None:
            error.update(t("finalise.choose_sharing"))
            return
        name = self.query_one("#finalise-name", TextField).value.strip()
        role = self.query_one("#finalise-role", TextField).value.strip()
        if not name or not role:
            error.update(t("finalise.need_sign_off"))
            self.query_one("#finalise-name" if not name else "#finalise-role", TextField).focus()
            return
        acknowledge = self.query("#finalise-acknowledge")
        acknowledged = bool(acknowledge) and self.query_one("#finalise-acknowledge", Checkbox).value
        if acknowledge and not acknowledged:
            error.update(t("finalise.must_acknowledge"))
            return
        sign_off = SignOff(name, role, self.query_one("#finalise-date", TextField).value.strip(),
                           self.query_one("#finalise-decision", TextField).value.strip())
        event.button.disabled = True
        self._finalise(sharing, sign_off, acknowledged)

    @work(exclusive=True, group="finalise", exit_on_error=False)
    async def _finalise(self, sharing: str, sign_off: SignOff, acknowledged: bool) -> None:
        try:
            await asyncio.to_thread(self.store.finalise, self.assessment_id, sharing, sign_off=sign_off,
                                    acknowledge_shortfalls=acknowledged)
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
