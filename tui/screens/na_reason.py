"""Asking why a measure does not apply: an empty reason is refused."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from tui.i18n import t
from tui.screens.base import WeerbaarModal
from tui.widgets.base import Plain, PlainLabel, TextField, field_text


class NaReasonDialog(WeerbaarModal[str | None]):
    """Returns the reason, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "b.close", id="weerbaar.dialog.cancel"),
    ]

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__()
        self._code = code
        self._reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield PlainLabel(t("nvt.title"), classes="dialog-title")
            yield Plain(t("nvt.text", code=self._code), classes="dialog-text")
            yield TextField(field_text(self._reason), placeholder=t("nvt.placeholder"), id="reason", compact=True)
            yield Plain("", id="reason-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dialog.ok"), variant="primary", id="ok", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reason", TextField).focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#ok")
    def _accept(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        reason = self.query_one("#reason", TextField).value.strip()
        if not reason:
            self.query_one("#reason-error", Static).update(t("nvt.empty"))
            self.query_one("#reason", TextField).focus()
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
