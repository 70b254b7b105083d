"""The words of the terminal interface, in Dutch (default) and English.

Every text a user sees comes from here through :func:`t`. The texts themselves live in the catalogue
files ``tui/texts/<language>/*.yaml`` (flat ``key: text`` mappings, read once and checked by
``norm.catalogue``); a new text gets the same key in every language. Checklist texts (titles, statements,
scale labels) come from the checklist itself; :func:`local` picks the English translation that
stands beside a Dutch text when the language is English and one exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args

from norm.catalogue import load_catalogue
from norm.labels import Language, label
from norm.labels import counted as _counted
from tui.safe_text import terminal_safe

LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "nl"

TEXTS = Path(__file__).parent / "texts"
"""The interface's catalogue: ``texts/<language>/*.yaml``, one file per screen or group of keys."""
NL: Mapping[str, str] = load_catalogue(TEXTS, "nl")
EN: Mapping[str, str] = load_catalogue(TEXTS, "en")
STRINGS: dict[str, Mapping[str, str]] = {"nl": NL, "en": EN}

_current: Language = DEFAULT_LANGUAGE


def set_language(lang: str | None) -> str:
    """Make ``lang`` the language of the interface (unknown values fall back to Dutch)."""
    global _current
    _current = next((known for known in LANGUAGES if known == lang), DEFAULT_LANGUAGE)
    return _current


def language() -> Language:
    return _current


def has(key: str) -> bool:
    return key in NL


def t(key: str, **values: Any) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled in.

    The values are user data (names, titles, reasons, file names, typed text): their control
    characters are made visible here, so no caller can put them on the terminal raw.
    """
    text = STRINGS[_current].get(key) or NL.get(key) or key
    if not values:
        return text
    return text.format(**{name: value if isinstance(value, int | float) else terminal_safe(value)
                          for name, value in values.items()})


def local(obj: Any, field: str) -> str:
    """A checklist text: the English translation when the language is English and it exists.

    Checklists come from YAML files anyone can write: control characters are made visible.
    """
    text = getattr(obj, field, None) or ""
    if _current == "en":
        english = getattr(obj, "en", None)
        translated = getattr(english, field, None) if english is not None else None
        if translated:
            text = translated
    return terminal_safe(str(text))


def local_level(item: Any, value: int) -> str:
    """A measure's descriptor of one level: the English one (``en.levels``) when the language is English and
    it exists; empty when the measure has none."""
    text = item.levels.get(value) or ""
    english = getattr(item, "en", None)
    if _current == "en" and english is not None and english.levels and english.levels.get(value):
        text = english.levels[value]
    return terminal_safe(str(text))


def status_label(status: str) -> str:
    return label("status", status, _current)


def kind_label(kind: str) -> str:
    return label("kind", kind, _current)


def item_kind_label(kind: str) -> str:
    return label("item_kind", kind, _current)


def sharing_label(level: str) -> str:
    return label("sharing", level, _current)


def action_status_label(status: str) -> str:
    return label("action_status", status, _current)


def verdict_label(verdict: str) -> str:
    return label("verdict", verdict, _current)


def relation_label(relation: str) -> str:
    """``equal`` / ``partial`` of a mapping file ("gelijk", "deels (controleren)")."""
    return label("relation", relation, _current)


def percentage(value: float | None) -> str:
    """A 0..1 value as a percentage in the style of the language ("72%" in both)."""
    if value is None:
        return "–"
    return f"{value * 100:.0f}%"


def counted(count: int, noun: str) -> str:
    """A number with its noun in the current language: "1 maatregel", "3 maatregelen" (see
    ``norm.labels.counted``)."""
    return _counted(count, noun, _current)
