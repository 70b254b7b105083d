"""The help screen (``?``): the keys of the screen it was opened from, and how the tool works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll

from tui.i18n import t
from tui.screens.base import WeerbaarModal
from tui.widgets.base import Plain, PlainLabel


class HelpScreen(WeerbaarModal[None]):
    """Keys and explanation; any of Escape, ? or q closes it."""

    BINDINGS = [
        Binding("escape", "close", "b.close", id="weerbaar.help.close"),
        Binding("question_mark", "close", "b.close", show=False, id="weerbaar.help.close2"),
        Binding("q", "close", "b.close", show=False, id="weerbaar.help.close3"),
    ]

    def __init__(self, screen_title: str, keys: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._screen_title = screen_title
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield PlainLabel(f"{t('help.title')} — {self._screen_title}", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Plain(self._key_table(), id="help-keys")
                yield Plain(Text(t("help.general")), id="help-general")

    def _key_table(self) -> Table:
        table = Table(title=t("help.keys"), title_justify="left", show_header=False, box=None,
                      padding=(0, 1), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for key, description, tooltip in self.keys:
            table.add_row(key, f"{description} — {tooltip}" if tooltip and tooltip != description else description)
        return table

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
