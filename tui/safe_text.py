"""Text that is safe to write to a terminal.

User text (organisation names, comments, evidence, n.v.t. reasons, actions, checklist texts from a
YAML file, file names, error messages that quote input) may hold control characters: an escape
sequence can recolour the terminal, set its title, hide text or draw a link that points elsewhere;
a bidi override reverses what follows. Both the command line and the terminal interface pass such
text through :func:`terminal_safe` before it is shown: every control character becomes a visible
placeholder, so the reader sees that something was there and nothing reaches the terminal raw.

- C0 controls and DEL become their Unicode control pictures (``\\x1b`` → ``␛``, ``\\x07`` → ``␇``,
  ``\\r`` → ``␍``); newline and tab stay (``one_line=True``: newline becomes ``␊``, tab a space);
- C1 controls (U+0080–U+009F, e.g. the one-byte CSI ``\\x9b``) and the bidi embeddings, overrides
  and isolates (U+202A–U+202E, U+2066–U+2069) become ``�`` (U+FFFD).

Nothing else changes: letters, accents and emoji pass as they are, and the result of an already
safe text is the same text.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"
_OTHER = [*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]

_MULTI_LINE = str.maketrans({**{chr(k): v for k, v in _PICTURES.items() if chr(k) not in "\n\t"},
                             **dict.fromkeys(map(chr, _OTHER), REPLACEMENT)})
_ONE_LINE = str.maketrans({**{chr(k): v for k, v in _PICTURES.items() if chr(k) != "\t"},
                           "\t": " ", **dict.fromkeys(map(chr, _OTHER), REPLACEMENT)})
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters :func:`terminal_safe` replaces in multi-line text (newline and tab are not among them)."""


def terminal_safe(text: object, *, one_line: bool = False) -> str:
    """``text`` (made a string) with every control character visible instead of active.

    ``one_line`` also makes a newline visible (``␊``) and a tab a space, for table rows and
    one-line messages. A CR LF pair in multi-line text stays a line break.
    """
    value = text if isinstance(text, str) else str(text)
    if one_line:
        return value.translate(_ONE_LINE)
    if "\r\n" in value:
        return "\r\n".join(part.translate(_MULTI_LINE) for part in value.split("\r\n"))
    return value.translate(_MULTI_LINE)


def is_terminal_safe(text: str) -> bool:
    """Whether ``text`` holds no character that :func:`terminal_safe` would replace (newline, tab allowed)."""
    return UNSAFE.search(text.replace("\r\n", "\n")) is None
