"""Choosing how an assessment may be shared (intern / geaggregeerd / benoemd)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, RadioSet

from tui.i18n import t
from tui.screens.base import WeerbaarModal
from tui.widgets.base import Plain, PlainLabel
from tui.widgets.sharing import chosen_sharing, sharing_choices


class SharingDialog(WeerbaarModal[str | None]):
    """Returns the chosen level, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "b.close", id="weerbaar.dialog.cancel"),
    ]

    def __init__(self, description: str, current: str) -> None:
        super().__init__()
        self._description = description
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield PlainLabel(t("share.title"), classes="dialog-title")
            yield Plain(self._description, classes="dialog-text")
            yield sharing_choices(self._current)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("share.save"), variant="primary", id="ok", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.dismiss(chosen_sharing(self.query_one(RadioSet)))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
