"""Where a report or an answer sheet goes: opened in the browser, or saved in a folder the user picks.

Shared by the report dialogs and the answer-sheet dialog: the list of outputs (the browser first,
then every format of ``reports.OUTPUT_FORMATS``), a folder field that completes folder names as the
user types, the check of the folder before anything is built, and a progress line that shows while a
worker builds the file (the screen stays usable meanwhile).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import webbrowser
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import Suggester
from textual.widgets import ProgressBar, RadioButton, RadioSet

from reports import OUTPUT_FORMATS, OutputFormat, output_format
from tui.i18n import t
from tui.widgets.base import Plain, TextField

BROWSER = "browser"
"""The output that opens the HTML report in the default browser instead of saving it."""
MAX_SUGGESTED_ENTRIES = 2_000
"""Folder completion looks at no more than this many entries of a folder (a huge share stays fast)."""


class FolderError(ValueError):
    """The folder cannot take the file; the message says why, in the interface's language."""


def check_folder(text: str) -> Path:
    """The folder named by ``text`` (``~`` expanded), after checking it can take a file.

    :raises FolderError: nothing typed, no such folder, a file instead of a folder, or not writable.
    """
    text = text.strip()
    if not text:
        raise FolderError(t("save.no_folder"))
    if any(ord(char) < 32 for char in text):
        raise FolderError(t("save.bad_folder", folder=text))
    folder = Path(text).expanduser()
    try:
        if not folder.exists():
            raise FolderError(t("save.missing_folder", folder=str(folder)))
        if not folder.is_dir():
            raise FolderError(t("save.not_a_folder", folder=str(folder)))
    except OSError as error:
        raise FolderError(t("save.bad_folder", folder=str(folder))) from error
    if not os.access(folder, os.W_OK):
        raise FolderError(t("save.read_only_folder", folder=str(folder)))
    return folder.resolve()


def _suggest(value: str, suffixes: tuple[str, ...] = ()) -> str | None:
    """The first sub-folder (or file with one of ``suffixes``) whose name continues what is typed (hidden
    ones only when asked)."""
    if not value or any(ord(char) < 32 for char in value):
        return None
    typed = Path(value).expanduser()
    if value.endswith(("/", os.sep)):
        parent, start = typed, ""
    else:
        parent, start = typed.parent, typed.name
    try:
        with os.scandir(parent) as entries:
            names = []
            for index, entry in enumerate(entries):
                if index >= MAX_SUGGESTED_ENTRIES:
                    break
                if not entry.name.startswith(start) or entry.name == start or \
                        (entry.name.startswith(".") and not start.startswith(".")):
                    continue
                if entry.is_dir():
                    names.append(entry.name + os.sep)
                elif suffixes and entry.name.lower().endswith(suffixes):
                    names.append(entry.name)
    except OSError:
        return None
    if not names:
        return None
    head = value if value.endswith(("/", os.sep)) else value[: len(value) - len(start)]
    return head + sorted(names, key=str.lower)[0]


class PathSuggester(Suggester):
    """Completes a folder name (and files with ``suffixes``) as it is typed (→ accepts); reads the folder
    in a thread."""

    def __init__(self, suffixes: tuple[str, ...] = ()) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = suffixes

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(_suggest, value, self.suffixes)


class FolderField(TextField):
    """A folder name, completed as it is typed. Focus puts the cursor at the end (nothing selected), so
    typing continues the path instead of replacing it."""

    def __init__(self, value: str, **kwargs: Any) -> None:
        super().__init__(value, suggester=PathSuggester(), select_on_focus=False, **kwargs)


class FileField(TextField):
    """The name of a file to read, completed as it is typed (folders and files with ``suffixes``)."""

    def __init__(self, value: str, suffixes: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(value, suggester=PathSuggester(suffixes), select_on_focus=False,
                         **kwargs)


def output_choices(radio_id: str, default: str = BROWSER, *, browser: bool = True,
                   formats: tuple[OutputFormat, ...] = OUTPUT_FORMATS) -> RadioSet:
    """A radio set: open in the browser (when offered), then the formats of the table."""
    buttons = []
    if browser:
        buttons.append(RadioButton(t("save.browser"), value=default == BROWSER, id=f"{radio_id}-{BROWSER}"))
    buttons += [RadioButton(fmt.label, value=fmt.id == default, id=f"{radio_id}-{fmt.id}") for fmt in formats]
    return RadioSet(*buttons, id=radio_id, compact=True)


def chosen_output(radio_set: RadioSet, radio_id: str, default: str = BROWSER) -> str:
    """The id of the chosen output (``browser`` or a format id)."""
    pressed = radio_set.pressed_button
    return pressed.id.removeprefix(f"{radio_id}-") if pressed is not None and pressed.id else default


class Progress(Horizontal):
    """An indeterminate progress bar with a line of text; hidden until ``start``."""

    DEFAULT_CSS = """
    Progress { height: 1; display: none; }
    Progress.-working { display: block; }
    Progress ProgressBar { width: 14; }
    Progress Plain { width: 1fr; margin-left: 1; }
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=None, show_eta=False, show_percentage=False)
        yield Plain("", classes="progress-text")

    def start(self, text: str) -> None:
        self.query_one(Plain).update(text)
        self.add_class("-working")

    def stop(self) -> None:
        self.remove_class("-working")


def browser_file(name: str) -> Path:
    """A new private file for a report the browser opens (in a folder of its own under the temp folder)."""
    return Path(tempfile.mkdtemp(prefix="weerbaar-")) / name


def open_in_browser(path: Path) -> bool:
    """Open ``path`` in the default browser; False when no browser could be started."""
    try:
        return bool(webbrowser.open(path.resolve().as_uri()))
    except (webbrowser.Error, OSError):
        return False


def format_of(output: str) -> OutputFormat:
    """The format that is written for an output (HTML for the browser)."""
    return output_format("html" if output == BROWSER else output)
