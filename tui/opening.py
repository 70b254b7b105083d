"""Opening an attached document with the system's default program, without ever running it.

The bytes are written to a new private temporary folder under their sanitised name. Only document
and image kinds are handed to the default program (``SAFE_SUFFIXES``): a file that could start a
program (``.exe``, ``.bat``, ``.js``, ``.lnk``, ``.html``, a name without a suffix …) is written but
not opened, and the caller says where it is. Windows uses ``os.startfile``, macOS ``open``, other
systems ``xdg-open``; no shell is involved.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from norm.errors import WeerbaarError
from norm.store.attachments import sanitise_name

SAFE_SUFFIXES = frozenset({
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".md", ".csv", ".xls", ".xlsx", ".ods", ".ppt", ".pptx",
    ".odp", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".msg", ".eml",
})
"""Kinds of file handed to the default program: documents and images that do not run code by themselves."""


class OpeningRefused(WeerbaarError):
    """The document was written to ``path`` but not opened: its kind can start a program."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path.name} is niet geopend; opgeslagen als {path}.")
        self.path = path


def write_temporary(name: str, content: bytes) -> Path:
    """Write ``content`` to a new private temporary folder as ``name`` (sanitised); returns the path.

    Raises:
        InvalidInputError: nothing usable is left of the name.
        OSError: the file could not be written.
    """
    folder = Path(tempfile.mkdtemp(prefix="weerbaar-document-"))  # mode 0700 where the system has modes
    path = folder / sanitise_name(name)
    with path.open("xb") as handle:
        handle.write(content)
    return path


def open_document(path: Path) -> None:
    """Open ``path`` with the default program, when it is of a kind that cannot start a program.

    Raises:
        OpeningRefused: its kind is not in ``SAFE_SUFFIXES`` (it stays where it is).
        OSError: no program to open it with, or the system refused.
    """
    if path.suffix.lower() not in SAFE_SUFFIXES:
        raise OpeningRefused(path)
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606  (a document, checked above)
        return
    command = "open" if sys.platform == "darwin" else "xdg-open"
    program = shutil.which(command)
    if program is None:
        raise OSError(f"Geen programma om {path.name} mee te openen ({command} ontbreekt); het staat in {path.parent}.")
    subprocess.Popen([program, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,  # noqa: S603
                     stderr=subprocess.DEVNULL, start_new_session=True)
