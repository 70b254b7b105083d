"""Escaping user text for the formats that have no autoescape: spreadsheets, CSV and Markdown.

Both guards first make hidden characters visible (``norm.untrusted.visible``): ESC, BEL and the
other C0 controls become their Control Pictures (``␛``, ``␇``), C1 controls such as CSI (U+009B)
and the bidirectional overrides of Trojan Source become U+FFFD. So no terminal escape sequence,
no character that XLSX cannot store and no reordering of text survives into a report, and the
reader still sees that something was there. Tab, line feed and carriage return stay where the
format allows them (CSV quotes them; Markdown folds them into spaces).
"""

from __future__ import annotations

import re

from norm.untrusted import visible

# A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^([#+\-=>]|\d+(?=[.)]))")


def is_formula_like(text: str) -> bool:
    return text.lstrip(" ").startswith(FORMULA_TRIGGERS) if text else False


def guard_formula(text: str) -> str:
    """Make text inert in a spreadsheet: hidden characters made visible, then a leading apostrophe
    before anything formula-like."""
    text = visible(text)
    return "'" + text if is_formula_like(text) else text


def md_escape(text: object) -> str:
    """Text as literal Markdown: special characters and HTML escaped, kept on one line."""
    value = visible(str(text))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = " ".join(value.split())
    value = _MD_INLINE.sub(r"\\\1", value)
    match = _MD_LINE_START.match(value)
    if match:
        mark = match.group(1)
        value = "\\" + value if not mark[0].isdigit() else mark + "\\" + value[len(mark):]
    return value
