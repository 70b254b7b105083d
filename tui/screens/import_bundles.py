"""Importing submission files (one file or a folder of them) with ``norm.exchange.importer``.

Every file gets an outcome — nieuw, bijgewerkt, ongewijzigd or geweigerd with the reason — and a
refused file changes nothing."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from norm.store import Store, StoreError
from tui.i18n import counted, sharing_label, status_label, t
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarModal
from tui.widgets.base import Plain, PlainLabel, TextField

OUTCOME_STYLES = {"nieuw": "bold green", "bijgewerkt": "bold green", "ongewijzigd": "dim", "geweigerd": "bold red"}


class ImportDialog(WeerbaarModal[int]):
    """Returns how many files were imported (new or updated)."""

    BINDINGS = [
        Binding("escape", "close", "b.close", id="weerbaar.dialog.cancel"),
    ]

    def __init__(self, store: Store, folder: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.folder = folder
        self.imported = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-dialog"):
            yield PlainLabel(t("import.title"), classes="dialog-title")
            yield Plain(t("import.text"), classes="dialog-text")
            yield PlainLabel(t("import.path"), classes="field-label")
            yield TextField(str(self.folder) if self.folder else "", placeholder=t("import.placeholder"),
                            id="import-path", compact=True)
            with VerticalScroll(id="import-results"):
                yield Plain("", id="import-outcomes")
            yield Plain("", id="import-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("import.go"), variant="primary", id="import-go", compact=True)
                yield Button(t("dialog.close"), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-results").display = False
        self.query_one("#import-path", TextField).focus()

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-go")
    def _go(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        text = self.query_one("#import-path", TextField).value.strip()
        if not text:
            self.query_one("#import-error", Static).update(t("import.no_path"))
            return
        self.query_one("#import-error", Static).update("")
        self.query_one("#import-go", Button).disabled = True
        self.query_one("#import-outcomes", Static).update(t("import.busy"))
        self.query_one("#import-results").display = True
        self._import(Path(text).expanduser())

    @work(exclusive=True, group="import", exit_on_error=False)
    async def _import(self, path: Path) -> None:
        from norm.exchange.importer import BundleImporter

        try:
            outcomes = await asyncio.to_thread(
                lambda: BundleImporter(self.store, _own_key_for_decrypting()).import_paths([path]))
        except (StoreError, OSError) as error:
            self.query_one("#import-error", Static).update(str(error))
            self.query_one("#import-go", Button).disabled = False
            return
        counts = Counter(outcome.outcome for outcome in outcomes)
        self.imported += counts["nieuw"] + counts["bijgewerkt"]
        text = Text(t("import.summary", files=counted(len(outcomes), "file"), new=counts["nieuw"],
                      updated=counts["bijgewerkt"], same=counts["ongewijzigd"], refused=counts["geweigerd"]),
                    style="bold")
        for outcome in outcomes:
            text.append("\n")
            text.append(f"{t('import.outcome.' + outcome.outcome):<12}", style=OUTCOME_STYLES.get(outcome.outcome, ""))
            text.append(terminal_safe(Path(outcome.source).name, one_line=True))
            if outcome.organisation_name:
                details = [terminal_safe(outcome.organisation_name, one_line=True),
                           terminal_safe(outcome.period or "", one_line=True),
                           status_label(outcome.status) if outcome.status else "",
                           sharing_label(outcome.sharing) if outcome.sharing else ""]
                text.append("  " + " · ".join(part for part in details if part), style="dim")
            if outcome.reason:
                text.append(f"\n    {terminal_safe(outcome.reason)}", style="red" if outcome.refused else "dim")
        self.query_one("#import-outcomes", Static).update(text)
        self.query_one("#import-go", Button).disabled = False
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def _close_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.imported)

    def action_close(self) -> None:
        self.dismiss(self.imported)


def _own_key_for_decrypting() -> Any:
    """The own key to decrypt received files with (None without one, or when it needs a passphrase)."""
    from norm.errors import WeerbaarError
    from tui import own_key

    if own_key.needs_passphrase():
        return None
    try:
        return own_key.load_own_key()
    except WeerbaarError:
        return None
