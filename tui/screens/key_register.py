"""The receiver's register (province or RIEC): which public key belongs to which organisation.

Opened from the collection round. It shows every key with its fingerprint, status (vertrouwd,
ingetrokken, vervangen), since when and where it came from, the own key's fingerprint, and how a key
is recorded: after comparing the fingerprint with the organisation (``weerbaar keys trust``).
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from norm.errors import WeerbaarError
from norm.store import Store
from tui import own_key
from tui.i18n import t
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarScreen
from tui.widgets.base import Plain

STATUS_STYLES = {"vertrouwd": "bold green", "ingetrokken": "bold red", "vervangen": "yellow"}


def own_fingerprint() -> str | None:
    """The fingerprint of the own public key, or None when there is no own key."""
    from norm.signing import fingerprint, read_public_key_file

    try:
        return fingerprint(read_public_key_file(own_key.key_folder() / own_key.PUBLIC_NAME))
    except WeerbaarError:
        return None


class KeyRegisterScreen(WeerbaarScreen):
    """The register of trusted keys (read-only here; the command line changes it)."""

    BINDINGS = [
        Binding("escape", "back", "b.back", id="weerbaar.register.back"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.loaded = False

    @property
    def help_title(self) -> str:
        return t("register.title")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(t("register.intro"), id="register-intro", classes="dialog-text")
        yield Plain("", id="register-own")
        yield DataTable(id="register-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)
        self.title = t("register.title")

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True, group="register-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            entries = await asyncio.to_thread(self.store.register_keys)
            names = {org.code: org.name for org in await asyncio.to_thread(self.store.organisations)}
        except WeerbaarError as error:
            self.show_error(error)
            return
        mine = await asyncio.to_thread(own_fingerprint)
        self.query_one("#register-own", Static).update(
            t("register.own", fingerprint=mine) if mine else t("register.no_own"))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("code", "name", "fingerprint", "status", "since", "source"):
            table.add_column(t(f"register.col.{key}"), key=key)
        for entry in entries:
            name = terminal_safe(names.get(entry.organisation_code, ""), one_line=True)[:28]
            table.add_row(
                Text(terminal_safe(entry.organisation_code, one_line=True)), Text(name), Text(entry.fingerprint),
                Text(entry.status, style=STATUS_STYLES.get(entry.status, "")),
                Text(terminal_safe(entry.added_at or "", one_line=True)[:10]),
                Text(terminal_safe(entry.source, one_line=True)[:30]
                     + (t("register.receiver") if entry.receiver else "")),
                key=str(entry.id),
            )
        if not entries:
            self.query_one("#register-own", Static).update(
                (t("register.own", fingerprint=mine) if mine else t("register.no_own")) + "\n"
                + t("register.empty"))
        table.focus()
        self.loaded = True

    def action_back(self) -> None:
        self.dismiss()
