"""Escaping user text for the formats that have no autoescape: spreadsheets and Markdown."""

from __future__ import annotations

import re

# A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^([#+\-=>]|\d+(?=[.)]))")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_formula_like(text: str) -> bool:
    return text.lstrip(" ").startswith(FORMULA_TRIGGERS) if text else False


def guard_formula(text: str) -> str:
    """Make text inert in a spreadsheet: a leading apostrophe before anything formula-like."""
    text = _CONTROL.sub("", text)
    return "'" + text if is_formula_like(text) else text


def md_escape(text: object) -> str:
    """Text as literal Markdown: special characters and HTML escaped, kept on one line."""
    value = _CONTROL.sub("", str(text))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = " ".join(value.split())
    value = _MD_INLINE.sub(r"\\\1", value)
    match = _MD_LINE_START.match(value)
    if match:
        mark = match.group(1)
        value = "\\" + value if not mark[0].isdigit() else mark + "\\" + value[len(mark):]
    return value
