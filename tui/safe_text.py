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

from norm.untrusted import REPLACEMENT, visible

__all__ = ["REPLACEMENT", "is_terminal_safe", "terminal_safe"]

_CR = "\u240d"  # SYMBOL FOR CARRIAGE RETURN: a lone CR would let text overwrite its own line
_LF = "\u240a"  # SYMBOL FOR LINE FEED


def terminal_safe(text: object, *, one_line: bool = False) -> str:
    """``text`` (made a string) with every control character visible instead of active.

    Built on :func:`norm.untrusted.visible`, which files use as well; a terminal also gets a lone
    carriage return made visible. ``one_line`` also makes a newline visible (``␊``) and a tab a
    space, for table rows and one-line messages. A CR LF pair in multi-line text stays a line break.
    """
    value = text if isinstance(text, str) else str(text)
    if one_line:
        return visible(value).replace("\r", _CR).replace("\n", _LF).replace("\t", " ")
    return "\r\n".join(visible(part).replace("\r", _CR) for part in value.split("\r\n"))


def is_terminal_safe(text: str) -> bool:
    """Whether ``text`` holds no character that :func:`terminal_safe` would replace (newline, tab allowed)."""
    return terminal_safe(text) == text
