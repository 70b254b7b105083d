"""Defences shared by every reader and writer of files that may be hostile (docs/hostile-input.md).

- ``read_regular_file`` reads a file only when it is a regular file of a bounded size: a FIFO, a
  device such as ``/dev/zero``, a socket or a folder is refused before it is opened for reading
  (opening a FIFO for reading blocks until a writer appears; ``/dev/zero`` never ends).
- ``visible`` replaces the characters that must not reach a spreadsheet, a CSV file or Markdown
  (terminal escape sequences, other control characters, bidirectional overrides, lone surrogates)
  by a visible placeholder, so nothing is silently dropped and nothing hidden survives.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Final

from norm.errors import WeerbaarError

# -- reading files ------------------------------------------------------------------------------

_CHUNK: Final = 1024 * 1024


class UnreadableFile(WeerbaarError):
    """A file was not read: not a regular file, too large, or the system refused. The message is a
    Dutch phrase without the file name (callers put the name in front of it)."""


def file_kind(mode: int) -> str:
    """What a non-regular file is, in Dutch (``st_mode`` of ``os.stat``)."""
    if stat.S_ISDIR(mode):
        return "een map"
    if stat.S_ISFIFO(mode):
        return "een named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaat (zoals /dev/zero)"
    if stat.S_ISSOCK(mode):
        return "een socket"
    return "geen gewoon bestand"


def _refuse_irregular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise UnreadableFile(f"dit is geen gewoon bestand maar {file_kind(mode)}; dat wordt niet gelezen")


def _too_large(size: int, limit: int) -> UnreadableFile:
    return UnreadableFile(f"het bestand is te groot ({size} bytes; maximaal {limit})")


def open_flags() -> int:
    """Flags for opening a file to read: binary where the platform knows it, and never blocking on
    open where it can block (POSIX). Windows has no FIFOs in the file system and no O_NONBLOCK."""
    return os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def read_regular_file(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The path is checked with ``os.stat`` (following links, so a link to ``/dev/zero`` is seen for
    what it is) before it is opened; the opened file is checked again (``fstat``), so swapping the
    file for a FIFO in between does not block; and at most ``limit`` + 1 bytes are ever read, so a
    file that grows while it is read is refused too.

    Raises UnreadableFile (not a regular file, too large, or an OSError such as a missing file or
    no permission; the message then carries the system's reason).
    """
    try:
        _refuse_irregular(os.stat(path).st_mode)
        descriptor = os.open(path, open_flags())
    except OSError as error:
        raise UnreadableFile(f"kan het bestand niet lezen ({error.strerror or error})") from None
    try:
        status = os.fstat(descriptor)
        _refuse_irregular(status.st_mode)
        if status.st_size > limit:
            raise _too_large(status.st_size, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_large(total, limit)
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFile(f"kan het bestand niet lezen ({error.strerror or error})") from None
    finally:
        os.close(descriptor)


# -- hidden and dangerous characters ------------------------------------------------------------

REPLACEMENT: Final = "\ufffd"
"""The placeholder for a character that has no picture of its own (C1 controls, bidi overrides,
lone surrogates, the non-characters U+FFFE and U+FFFF)."""

BIDI_CONTROLS: Final = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The embeddings, overrides and isolates that reorder text on screen (Trojan Source, CVE-2021-42574)."""


def _placeholders() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if chr(code) not in "\t\n\r":
            table[code] = chr(0x2400 + code)  # Control Pictures: U+241B SYMBOL FOR ESCAPE, ...
    table[0x7F] = "\u2421"  # SYMBOL FOR DELETE
    for code in range(0x80, 0xA0):  # C1 controls, among them U+009B (CSI) and U+0085 (NEL)
        table[code] = REPLACEMENT
    for char in BIDI_CONTROLS:
        table[ord(char)] = REPLACEMENT
    for code in range(0xD800, 0xE000):  # lone surrogates cannot be written as UTF-8 at all
        table[code] = REPLACEMENT
    table[0xFFFE] = table[0xFFFF] = REPLACEMENT  # not allowed in XML
    return table


_PLACEHOLDERS: Final = _placeholders()
_HIDDEN: Final = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_PLACEHOLDERS)) + "]")
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character except tab, line feed and carriage return, every
    bidirectional override and every lone surrogate replaced by a visible placeholder.

    C0 controls and DEL become their Control Pictures (ESC becomes ``␛``, BEL ``␇``, NUL ``␀``);
    C1 controls, bidi embeddings/overrides/isolates, lone surrogates and U+FFFE/U+FFFF become
    U+FFFD (``�``). The result contains no terminal escape sequence, is valid in XML 1.0 and
    encodes as UTF-8.
    """
    if _HIDDEN.search(text) is None:
        return text
    return text.translate(_PLACEHOLDERS)


def first_control(text: str) -> str | None:
    """The first control character of ``text`` other than tab, line feed and carriage return
    (C0, DEL or C1), as ``U+001B``; None when there is none."""
    match = _CONTROL.search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"


def shown(value: object, limit: int = 60) -> str:
    """A value from a file as a message may echo it: made visible (no escape sequence reaches a
    terminal through an error message) and cut to ``limit`` characters with "…"."""
    text = visible(value if isinstance(value, str) else str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"
