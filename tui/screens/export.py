"""Exporting an assessment as a submission file for the province or the RIEC.

The file is written by ``norm.exchange.bundle.export_bundle``; this dialog asks where, how the recipient may
use it (geaggregeerd or benoemd: an ``intern`` assessment never leaves without that choice, which is
then recorded on the assessment), whether to leave out comments, evidence, names and actions, and
whether to send the attached documents along (never together with leaving things out: the
"Documenten meesturen" checkbox is off and disabled while scrubbing is on).

Every bundle is signed with the organisation's own key (``tui.own_key``): on the first export the
dialog offers to create it and shows its fingerprint, to read out to the receiver. A key with a
passphrase asks for it here. When the register names a receiver with a trusted key, the file is
encrypted to it (a checkbox, on by default)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from norm.errors import WeerbaarError
from norm.labels import counted
from norm.store import AssessmentRecord, Store
from norm.vocabulary import SHAREABLE_LEVELS
from tui import own_key
from tui.i18n import sharing_label, status_label, t
from tui.screens.base import WeerbaarModal, file_period
from tui.widgets.base import Plain, PlainLabel, TextField


def default_export_path(record: AssessmentRecord, folder: Path | None = None) -> Path:
    """``weerbaar-<organisation>-<checklist>-<period>.json`` in the home folder."""
    name = f"weerbaar-{record.organisation_code}-{record.checklist_id}-{file_period(record)}.json"
    return (folder or Path.home()) / name


class ExportDialog(WeerbaarModal[Path | None]):
    """Returns the path written, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "b.close", id="weerbaar.dialog.cancel"),
    ]

    def __init__(self, store: Store, record: AssessmentRecord, folder: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.record = record
        self.folder = folder

    def compose(self) -> ComposeResult:
        record = self.record
        with Vertical(classes="dialog", id="export-dialog"):
            yield PlainLabel(t("export.title"), classes="dialog-title")
            yield Plain(t("export.what", name=record.organisation_name, checklist=record.checklist_title,
                           period=record.period, status=status_label(record.status)), classes="dialog-text")
            if not record.is_definitive:
                yield Plain(t("export.concept"), classes="dialog-warning")
            yield PlainLabel(t("export.sharing"), classes="field-label")
            yield RadioSet(
                *(RadioButton(f"{sharing_label(level)} — {t(f'sharing.{level}.help')}",
                              value=level == record.sharing, id=f"export-{level}")
                  for level in SHAREABLE_LEVELS),
                id="export-sharing", compact=True,
            )
            yield Checkbox(t("export.scrub"), value=False, id="export-scrub", compact=True)
            documents = len(self.store.attachments(record.id))
            if documents:  # shown only when there is something to send (the dialog fits 80×24)
                yield Checkbox(f"{t('export.attachments')} ({counted(documents, 'document')})", value=False,
                               id="export-attachments", compact=True)
            yield from self._key_part()
            yield PlainLabel(t("export.file"), classes="field-label")
            yield TextField(str(default_export_path(record, self.folder)), id="export-path", compact=True)
            yield Plain("", id="export-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("export.go"), variant="primary", id="export-go", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def _key_part(self) -> ComposeResult:
        """The signing key (made here on the first export) and the encryption to the receiver."""
        key_exists = own_key.own_key_path().exists()
        if not key_exists:
            yield Plain(t("export.no_key"), id="export-key", classes="dialog-warning")
            yield Button(t("export.make_key"), id="export-make-key", compact=True)
        elif own_key.needs_passphrase():
            yield Plain(t("export.passphrase"), id="export-key", classes="field-label")
            yield TextField("", id="export-passphrase", password=True, compact=True)
        else:
            yield Plain(t("export.key", fingerprint=self._fingerprint()), id="export-key", classes="dialog-note")
        receiver = self.store.receiver_key()
        if receiver is not None:
            yield Checkbox(t("export.encrypt", org=receiver.organisation_code), value=True, id="export-encrypt",
                           compact=True)
        else:
            yield Plain(t("export.no_receiver"), classes="dialog-note")

    @staticmethod
    def _fingerprint() -> str:
        from norm.signing import fingerprint, read_public_key_file

        try:
            return fingerprint(read_public_key_file(own_key.key_folder() / own_key.PUBLIC_NAME))
        except WeerbaarError:
            return "?"

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @on(Checkbox.Changed, "#export-scrub")
    def _scrub_changed(self, event: Checkbox.Changed) -> None:
        """Scrubbing leaves the documents out: the choice to send them is off and cannot be made."""
        event.stop()
        for documents in self.query("#export-attachments").results(Checkbox):
            if event.value:
                documents.value = False
            documents.disabled = event.value

    @on(Button.Pressed, "#export-make-key")
    def _make_key(self, event: Button.Pressed) -> None:
        event.stop()
        from norm.signing import fingerprint

        try:
            key = own_key.create_own_key(f"weerbaar {self.record.organisation_code}")
        except WeerbaarError as error:
            self._error(str(error))
            return
        event.button.remove()
        self.query_one("#export-key", Static).update(
            t("export.key_made", fingerprint=fingerprint(key.public_key()),
              path=own_key.key_folder() / own_key.PUBLIC_NAME))

    def _error(self, text: str) -> None:
        self.query_one("#export-error", Static).update(text)

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def _go(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or not pressed.id:
            self._error(t("export.choose_sharing"))
            self.query_one(RadioSet).focus()
            return
        text = self.query_one("#export-path", TextField).value.strip()
        if not text:
            self._error(t("export.no_path"))
            return
        path = Path(text).expanduser()
        if not own_key.own_key_path().exists():
            self._error(t("export.need_key"))
            return
        passphrase = self.query("#export-passphrase")
        secret = self.query_one("#export-passphrase", TextField).value if passphrase else None
        encrypt = self.query("#export-encrypt")
        receiver = self.store.receiver_key() if encrypt and self.query_one("#export-encrypt", Checkbox).value \
            else None
        scrub = self.query_one("#export-scrub", Checkbox).value
        documents = not scrub and any(box.value for box in self.query("#export-attachments").results(Checkbox))
        self._export(path, pressed.id.removeprefix("export-"), scrub, secret,
                     receiver.organisation_code if receiver else None, documents)

    @work(exclusive=True, group="export", exit_on_error=False)
    async def _export(self, path: Path, sharing: str, scrub: bool, passphrase: str | None,
                      receiver: str | None, documents: bool = False) -> None:
        from norm.exchange.bundle import export_bundle

        try:
            key = await asyncio.to_thread(own_key.load_own_key, passphrase or None)
            assert key is not None
            result = await asyncio.to_thread(export_bundle, self.store, self.record.id, path, sharing=sharing,
                                             scrub=scrub, key=key, encrypt_to=receiver, attachments=documents)
        except (WeerbaarError, OSError) as error:
            self._error(str(error))
            return
        self.show_info(t("export.done", path=result.path, sharing=sharing_label(result.sharing)))
        self.dismiss(result.path)

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
